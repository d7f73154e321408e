#!/usr/bin/env bash
# Replications over MPI ranks and over threads, measured back to back (issue 20 item 4,
# issue 21's threads row). For each of ROUNDS rounds, in alternation:
#   ranks:   mpirun -n 1  vs  mpirun -n 2   ccsim run SCENARIO -r R --threads 1
#   threads: ccsim run SCENARIO -r R --threads 1  vs  --threads 2   (no mpirun)
# and prints the wall time of each, the median of the per-round ratios, and checks that every
# variant printed the same bytes. With CCSIM_MPI_STATS=1 the 2-rank run also reports the bytes
# and the time of its gather (docs/cluster.md uses them).
# Usage: bench/mpi_scaling.sh [BUILD_DIR]   (env: SCENARIO, R=16, ROUNDS=3)
# (16 replications: the fixed cost of mpirun and MPI_Init, ~0.35 s, is then ~3 % of a rank's work.)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
ccsim=$build/cli/ccsim
scenario=${SCENARIO:-bench/single-pool-month.yaml}
reps=${R:-16}
rounds=${ROUNDS:-3}
mpirun=(mpirun --allow-run-as-root --oversubscribe --bind-to none)
[ -x "$ccsim" ] || { echo "mpi_scaling: build $ccsim first (cmake --build $build --target ccsim)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs "$@" with stdout to $tmp/$name.out and stderr to $tmp/$name.err; prints wall seconds.
# Each process of it (each MPI rank, through rank_cpu) records its CPU seconds (user + system)
# in $tmp/$name.cpu.*.
timed() {
  local name=$1
  shift
  rm -f "$tmp/$name".cpu.*
  local t0=$EPOCHREALTIME
  CPU_FILE="$tmp/$name.cpu" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  local t1=$EPOCHREALTIME
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
# As one process of a timed command: records its own CPU time in $CPU_FILE.<rank>.
rank_cpu() {
  /usr/bin/time -f "%U %S" -o "$CPU_FILE.${OMPI_COMM_WORLD_RANK:-0}" "$@"
}
export -f rank_cpu
# Largest CPU seconds over the processes of a timed command (the critical path on an idle
# machine), and their sum.
cpu_max() { cat "$tmp/$1".cpu.* | awk '{t = $1 + $2; if (t > m) m = t} END {printf "%.3f", m}'; }
cpu_sum() { cat "$tmp/$1".cpu.* | awk '{s += $1 + $2} END {printf "%.3f", s}'; }

median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }

run=(run "$scenario" --replications "$reps" --threads 1 --format json)
echo "mpi_scaling: $scenario, $reps replications, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
rank_ratios=() thread_ratios=() rank_cpu_ratios=() thread_cpu_ratios=() n1s=() n2s=() j1s=() j2s=()
for ((i = 1; i <= rounds; ++i)); do
  n1=$(timed n1 "${mpirun[@]}" -n 1 bash -c 'rank_cpu "$@"' rank "$ccsim" "${run[@]}")
  n2=$(timed n2 env CCSIM_MPI_STATS=1 "${mpirun[@]}" -n 2 bash -c 'rank_cpu "$@"' rank "$ccsim" "${run[@]}")
  j1=$(timed j1 rank_cpu "$ccsim" "${run[@]}")
  j2=$(timed j2 rank_cpu "$ccsim" run "$scenario" --replications "$reps" --threads 2 --format json)
  for v in n1 n2 j2; do
    cmp -s "$tmp/j1.out" "$tmp/$v.out" || { echo "mpi_scaling: $v output differs from one process" >&2; exit 1; }
  done
  n1s+=("$n1") n2s+=("$n2") j1s+=("$j1") j2s+=("$j2")
  rank_ratios+=("$(ratio "$n1" "$n2")") thread_ratios+=("$(ratio "$j1" "$j2")")
  # CPU view: 1 rank's CPU over the busiest of 2 ranks; 1 thread's CPU over half of 2 threads'.
  rank_cpu_ratios+=("$(ratio "$(cpu_max n1)" "$(cpu_max n2)")")
  thread_cpu_ratios+=("$(ratio "$(cpu_sum j1)" "$(python3 -c "print($(cpu_sum j2) / 2)")")")
  echo "round $i: wall: 1 rank ${n1}s, 2 ranks ${n2}s (x${rank_ratios[-1]}); 1 thread ${j1}s, 2 threads ${j2}s (x${thread_ratios[-1]})"
  echo "round $i: cpu:  1 rank $(cpu_max n1)s, busiest of 2 ranks $(cpu_max n2)s (x${rank_cpu_ratios[-1]}); 1 thread $(cpu_sum j1)s, 2 threads $(cpu_sum j2)s in all (x${thread_cpu_ratios[-1]})"
  grep "ccsim: mpi:" "$tmp/n2.err" || true
done
echo "median: 1 rank $(median "${n1s[@]}")s, 2 ranks $(median "${n2s[@]}")s, ratio x$(median "${rank_ratios[@]}") (target >= 1.8)"
echo "median: 1 thread $(median "${j1s[@]}")s, 2 threads $(median "${j2s[@]}")s, ratio x$(median "${thread_ratios[@]}") (target >= 1.9)"
echo "median cpu ratios: ranks x$(median "${rank_cpu_ratios[@]}"), threads x$(median "${thread_cpu_ratios[@]}") (what an idle machine's wall ratio would be, less the communication and thread imbalance)"
echo "outputs: identical for 1 and 2 ranks and 1 and 2 threads"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
