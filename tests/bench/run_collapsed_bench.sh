#!/bin/bash
# Collapsed-stack read benchmark, with its baselines in the same run:
#   ours    collapsed_read_bench (our reader, building the full profile model)
#   python  count_lines.py: the five-line collections.Counter script that counts identical lines
#   wc      wc -l, the practical ceiling for touching every byte
# Rounds interleave the three so machine noise hits each alike. Reported: medians of wall time
# and of CPU time (user + system; on a shared, busy machine the CPU time is the steadier
# number), throughput from each, peak resident memory (max RSS), and the ratios.
# usage: tests/bench/run_collapsed_bench.sh [BUILD_DIR] [ROUNDS] [FILE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
build=${1:-$here/../../build}
rounds=${2:-5}
data=${3:-$here/data/collapsed-1m.txt}
bench=$build/tests/bench/collapsed_read_bench
python=/usr/bin/python3
[ -x "$python" ] || python=python3
[ -x "$bench" ] || { echo "build collapsed_read_bench first (ninja -C $build collapsed_read_bench)" >&2; exit 2; }
[ -f "$data" ] || "$python" "$here/gen_collapsed.py" "$data"
bytes=$(stat -c %s "$data")
cat "$data" > /dev/null # warm page cache

ours=() ; py=() ; wcl=()
for ((i = 1; i <= rounds; i++)); do
    measure ours "$bench" "$data"
    measure py "$python" "$here/count_lines.py" "$data"
    measure wcl wc -l "$data"
    echo "round $i (wall cpu peak_MB): ours ${ours[-1]} | python ${py[-1]} | wc ${wcl[-1]}" >&2
done
model=$("$bench" "$data" | sed -E 's/.*model_mb=([0-9.]+).*/\1/')
gb=$(calc "$bytes / 1000000000")
printf 'file: %s (%.2f GB), %d rounds, medians; load average now: %s\n' "$data" "$gb" "$rounds" "$(load_average)"
printf '%-7s %8s %8s %8s %8s %9s\n' what wall_s GB/s cpu_s GB/s_cpu peak_MB
for name in ours py wcl; do
    declare -n runs=$name
    w=$(column 1 "${runs[@]}"); c=$(column 2 "${runs[@]}"); m=$(column 3 "${runs[@]}")
    printf '%-7s %8.3f %8.2f %8.3f %8.2f %9.1f\n' "$name" "$w" "$(calc "$gb / $w")" "$c" "$(calc "$gb / $c")" "$m"
done
printf 'model size: %s MB\n' "$model"
ow=$(column 1 "${ours[@]}"); oc=$(column 2 "${ours[@]}")
printf 'ours vs python: %.2fx (wall), %.2fx (cpu);  ours vs wc -l: %.2fx the wall time\n' \
    "$(calc "$(column 1 "${py[@]}") / $ow")" "$(calc "$(column 2 "${py[@]}") / $oc")" \
    "$(calc "$ow / $(column 1 "${wcl[@]}")")"
