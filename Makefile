# Two commands for a fresh Debian 12 machine (as root, or a user with sudo):
#   make run    installs what is missing, builds Release, runs the reference-center scenario
#   make test   installs what is missing, builds with warnings as errors, runs a 60-second
#               libFuzzer smoke of each fuzz target, every test (unit, statistical,
#               regression, golden, package), then the suite under ASan+UBSan (all but the
#               package and the slow statistical tests)
# Quick edit-compile loop: make quick  (unit tests of the Release build only)
# Longer fuzzing: make fuzz-smoke FUZZ_SECONDS=600

SCENARIO ?= scenarios/tele2-baseline.yaml
JOBS ?= $(shell nproc)
# ccache, where installed, makes rebuilds in several checkouts cheap; without it nothing changes.
CMAKE_GEN := -G Ninja $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := scenario erlang intervals set

.PHONY: run test quick deps build-release build-test build-asan build-fuzz fuzz-smoke bench reference clean

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
	@cmake -S . -B build/asan $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g" \
	  -DCCSIM_WERROR=ON -DCCSIM_SANITIZE=address,undefined -DCCSIM_BUILD_BENCH=OFF >/dev/null
	@cmake --build build/asan -j $(JOBS)

# libFuzzer needs clang; the ccsim libraries are built with ASan, UBSan and coverage there.
build-fuzz: deps
	@CXX=clang++ cmake -S . -B build/fuzz $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCCSIM_BUILD_FUZZERS=ON -DCCSIM_BUILD_TESTS=OFF -DCCSIM_BUILD_BENCH=OFF -DCCSIM_INSTALL=OFF >/dev/null
	@cmake --build build/fuzz -j $(JOBS) $(addprefix --target ccsim-fuzz-,$(FUZZ_TARGETS))

# Each target runs FUZZ_SECONDS from its seed corpus (fuzz/corpus/<target>, read-only) into a
# scratch corpus; both run at once. A crash, leak, timeout or sanitizer report fails the build
# and leaves the input in build/fuzz/smoke/<target>/ (see fuzz/README.md).
fuzz-smoke: build-fuzz
	@set -e; cd build/fuzz; pids=""; \
	for t in $(FUZZ_TARGETS); do \
	  rm -rf smoke/$$t; mkdir -p smoke/$$t/corpus; \
	  ./fuzz/ccsim-fuzz-$$t smoke/$$t/corpus ../../fuzz/corpus/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=smoke/$$t/ -print_final_stats=1 \
	    >smoke/$$t/log 2>&1 & pids="$$pids $$!"; \
	done; \
	status=0; for p in $$pids; do wait $$p || status=1; done; \
	for t in $(FUZZ_TARGETS); do \
	  echo "fuzz-smoke $$t: $$(grep -E '^stat::number_of_executed_units' smoke/$$t/log | awk '{print $$2}') runs, $$(grep -E '^stat::average_exec_per_sec' smoke/$$t/log | awk '{print $$2}') exec/s"; \
	done; \
	if [ $$status -ne 0 ]; then for t in $(FUZZ_TARGETS); do tail -n 60 smoke/$$t/log; done; \
	  echo "fuzz-smoke: FAILED (inputs in build/fuzz/smoke/)"; exit 1; fi

# Under ASan: everything but the package test (it links an uninstrumented consumer to the
# instrumented libraries, which cannot work) and the [slow] statistical entries (Debug + ASan
# makes them tens of times slower than Release, past CI's budget; they run in build/test), and
# the mpi entries (LeakSanitizer reports the allocations OpenMPI's runtime keeps until exit;
# the MPI byte comparisons run in build/test).
test: build-test build-asan
	@$(MAKE) --no-print-directory fuzz-smoke
	cd build/test && ctest --output-on-failure -j $(JOBS)
	cd build/asan && ctest --output-on-failure -j $(JOBS) -LE "package|slow|mpi"

quick: build-test
	cd build/test && ctest --output-on-failure -j $(JOBS) -L unit

# Builds the benchmark programs and runs the end-to-end comparison (bench/compare.sh: ccsim
# against bench's speed-of-light simulator and the SimPy peer; prints the ratios). The Google
# Benchmark programs (build/release/bench/ccsim-bench-*) are built, not run: see bench/README.md.
bench: deps
	@cmake -S . -B build/release $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build/release -j $(JOBS) --target ccsim ccsim-bench-sol ccsim-bench-calendar \
	  ccsim-bench-erlang ccsim-bench-model
	bench/compare.sh build/release

# Regenerates the shipped reference scenario from its inputs with ccsim commands alone
# (scenarios/README.md, "The reference center"): the roster of every site and group from the
# templates (a node limit, not a time limit, so the roster is the same on every machine), the
# callers' mean patience that makes the simulated voice ASA the source's 25 s with that roster,
# then `ccsim check` of every fact. On a clean checkout it leaves `git status` clean.
REFERENCE_INPUTS := scenarios/reference/tele2-inputs.yaml
REFERENCE := scenarios/tele2-baseline.yaml
reference: build-release
	./build/release/cli/ccsim roster $(REFERENCE_INPUTS) --analytic-only --max-nodes 500 --out build/reference
	./build/release/cli/ccsim calibrate build/reference/roster.yaml \
	  --param channels.voice.patience.mean --metric channels.voice.asa_seconds --target 25 \
	  --range 30,7200 --write-scenario $(REFERENCE)
	./build/release/cli/ccsim check $(REFERENCE)

clean:
	rm -rf build
