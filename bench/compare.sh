#!/usr/bin/env bash
# Issue 10: end-to-end month, measured side by side in ONE run (the machine is shared and noisy,
# so only ratios from the same run mean anything). Usage: bench/compare.sh [BUILD_DIR]
# BUILD_DIR must hold cli/ccsim (Release). Prints wall s, peak RSS (/usr/bin/time -v) and ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/rel}
ccsim=$build/cli/ccsim
sol=$build/sol_mmcm
g++ -std=c++20 -O2 -o "$sol" /work/shared/perf/sol_mmcm.cpp
month=(--lam 1.3503086 --aht 120 --patience 180 --agents 180 --horizon 2592000)

# run LABEL CMD... -> prints "LABEL wall_s rss_mb", stores wall in W[LABEL]
declare -A W
run() {
  local label=$1
  shift
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.1f", $2/1024}' "$log")
  rm -f "$log"
  W[$label]=$wall
  printf '%-34s %8.2f s %8.1f MB\n' "$label" "$wall" "$rss"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
run sol_mmcm "$sol" "${month[@]}"
run ccsim-single-pool-month "$ccsim" run "$root/bench/single-pool-month.yaml" -j1 --format json
run ccsim-tele2-baseline-1rep "$ccsim" run "$root/scenarios/tele2-baseline.yaml" -r1 -j1 --format json
run ccsim-single-pool-8rep-j1 "$ccsim" run "$root/bench/single-pool-month.yaml" -r8 -j1 --format json
run ccsim-single-pool-8rep-j2 "$ccsim" run "$root/bench/single-pool-month.yaml" -r8 -j2 --format json
# Debian's python3-simpy3 installs for /usr/bin/python3, which may not be the python3 on PATH.
py=""
for cand in python3 /usr/bin/python3; do
  if "$cand" -c 'import simpy' 2>/dev/null; then py="$cand"; break; fi
done
if [ -n "$py" ]; then
  # SimPy is ~100x slower: one simulated day, compared per simulated second.
  run simpy-1day "$py" /work/shared/perf/simpy_mmcm.py --lam 1.3503086 --aht 120 \
    --patience 180 --agents 180 --horizon 86400
fi
awk -v s="${W[sol_mmcm]}" -v a="${W[ccsim-single-pool-month]}" -v t="${W[ccsim-tele2-baseline-1rep]}" \
  -v j1="${W[ccsim-single-pool-8rep-j1]}" -v j2="${W[ccsim-single-pool-8rep-j2]}" -v p="${W[simpy-1day]:-}" 'BEGIN {
  printf "single-pool month / sol_mmcm   %.2fx (target <= 3, aim 1.5)\n", a / s
  printf "tele2 month / sol_mmcm         %.2fx (target <= 5)\n", t / s
  printf "8 reps: -j1 / -j2              %.2fx (target >= 1.8 on an idle 2-core machine)\n", j1 / j2
  if (p != "") printf "simpy month (30 x 1 day) / ccsim %.1fx\n", 30 * p / a
}'
