#!/usr/bin/env bash
# End-to-end month, measured side by side: bench's own speed-of-light single-pool simulator
# (ccsim-bench-sol, bench/speed_of_light.cpp) against ccsim on the same month, the reference
# month, 8 replications at -j1 and -j2, and the SimPy peer (bench/simpy_mmcm.py).
#
# Usage: bench/compare.sh [BUILD_DIR]   (default build/release; `make bench` builds it and runs
# this). BUILD_DIR must hold cli/ccsim and bench/ccsim-bench-sol of a Release build.
# ROUNDS=n (default 3) repeats the timed runs; each ratio is the median of the per-round ratios,
# every round running the yardstick and ccsim back to back, so that the load of a shared machine
# hits both sides of a ratio alike. Wall time and peak RSS come from GNU time -v.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
rounds=${ROUNDS:-3}
ccsim=$build/cli/ccsim
sol=$build/bench/ccsim-bench-sol
for exe in "$ccsim" "$sol"; do
  [ -x "$exe" ] || { echo "compare.sh: $exe not found (build it: make bench)" >&2; exit 2; }
done
# The month of bench/single-pool-month.yaml: 3.5 M calls in 30 days, AHT 120 s, patience 180 s.
month=(--lam 1.3503086 --aht 120 --patience 180 --agents 180 --horizon 2592000)
single=$root/bench/single-pool-month.yaml
tele2=$root/scenarios/tele2-baseline.yaml

# timed LABEL CMD... -> appends "wall rss_mb" to the file $tmp/LABEL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timed() {
  local label=$1
  shift
  env time -v "$@" >/dev/null 2>"$tmp/log"
  awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
              /Maximum resident set size/{r=$2/1024} END {printf "%.3f %.1f\n", w, r}' \
    "$tmp/log" >>"$tmp/$label"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc), rounds: $rounds"
echo "== yardstick against Erlang A (same model, exact birth-death chain)"
"$sol" "${month[@]}" --theory | grep '^erlang_a'

# Debian's python3-simpy3 installs for the system python3, which may not be the first on PATH.
py=""
for cand in $(type -ap python3); do
  if "$cand" -c 'import simpy' 2>/dev/null; then py=$cand; break; fi
done

for ((r = 1; r <= rounds; ++r)); do
  timed sol "$sol" "${month[@]}"
  timed single "$ccsim" run "$single" -j1 --format json
  timed sol2 "$sol" "${month[@]}"
  timed tele2 "$ccsim" run "$tele2" -r1 -j1 --format json
  timed j1 "$ccsim" run "$single" -r8 -j1 --format json
  timed j2 "$ccsim" run "$single" -r8 -j2 --format json
  # SimPy is ~100x slower: one simulated day, compared per simulated second.
  [ -n "$py" ] && timed simpy "$py" "$root/bench/simpy_mmcm.py" "${month[@]:0:8}" --horizon 86400
done
[ -n "$py" ] || echo "SimPy not found (Debian python3-simpy3; scripts/install-deps installs it): peer skipped"

echo "== median wall s and peak RSS of $rounds rounds"
for label in sol single sol2 tele2 j1 j2 simpy; do
  [ -f "$tmp/$label" ] || continue
  sort -n "$tmp/$label" | awk -v l="$label" '{w[NR]=$1; if ($2>m) m=$2}
    END {printf "%-8s %8.3f s %8.1f MB (max)\n", l, w[int((NR+1)/2)], m}'
done
echo "== ratios (median of per-round ratios; each ratio's two runs are back to back)"
paste "$tmp/sol" "$tmp/single" "$tmp/sol2" "$tmp/tele2" "$tmp/j1" "$tmp/j2" \
  ${py:+"$tmp/simpy"} | awk '
  function median(v, n,   i, j, t) {
    for (i = 2; i <= n; ++i) for (j = i; j > 1 && v[j-1] > v[j]; --j) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
    return n % 2 ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2
  }
  { a[NR] = $3 / $1; t[NR] = $7 / $5; s[NR] = $9 / $11; if (NF >= 14) p[NR] = 30 * $13 / $3 }
  END {
    printf "single-pool month / sol      %.2fx (target <= 1.5, stretch 1.2)\n", median(a, NR)
    printf "reference month / sol        %.2fx (target <= 3)\n", median(t, NR)
    printf "8 reps: -j1 / -j2            %.2fx (target >= 1.9 on an idle 2-core machine)\n", median(s, NR)
    if (length(p)) printf "SimPy month (30 x 1 day) / ccsim single-pool month  %.0fx\n", median(p, NR)
  }'
