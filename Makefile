# Two commands for a fresh Debian 12 machine (as root, or a user with sudo):
#   make run    installs what is missing, builds Release, runs the reference-center scenario
#   make test   installs what is missing, builds with warnings as errors, runs every test
#               (unit, statistical, regression, package), then the unit tests under ASan+UBSan
# Quick edit-compile loop: make quick  (unit tests of the Release build only)

SCENARIO ?= scenarios/tele2-baseline.yaml
JOBS ?= $(shell nproc)
CMAKE_GEN := -G Ninja

.PHONY: run test quick deps build-release build-test build-asan bench clean

deps:
	@bash scripts/install-deps

build-release: deps
	@cmake -S . -B build/release $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build/release --target ccsim -j $(JOBS)

run: build-release
	./build/release/cli/ccsim run $(SCENARIO)

build-test: deps
	@cmake -S . -B build/test $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DCCSIM_WERROR=ON >/dev/null
	@cmake --build build/test -j $(JOBS)

build-asan: deps
	@cmake -S . -B build/asan $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCCSIM_WERROR=ON \
	  -DCCSIM_SANITIZE=address,undefined -DCCSIM_BUILD_BENCH=OFF >/dev/null
	@cmake --build build/asan -j $(JOBS)

test: build-test build-asan
	cd build/test && ctest --output-on-failure -j $(JOBS)
	cd build/asan && ctest --output-on-failure -j $(JOBS) -L unit

quick: build-test
	cd build/test && ctest --output-on-failure -j $(JOBS) -L unit

bench: deps
	@cmake -S . -B build/release $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build/release -j $(JOBS)

clean:
	rm -rf build
