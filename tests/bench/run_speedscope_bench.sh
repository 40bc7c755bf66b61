#!/bin/bash
# Speedscope read benchmark, with its baseline in the same run:
#   ours    speedscope_read_bench (our streaming reader, builds the full profile model)
#   python  json_load.py: Python's json.load of the same file (parsing only, no model)
# Rounds interleave the two so machine noise hits each alike; medians of wall time, CPU time
# (user + sys) and peak resident memory are reported, from /usr/bin/time for both.
# usage: tests/bench/run_speedscope_bench.sh [BUILD_DIR] [ROUNDS] [FILE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
build=${1:-$here/../../build}
rounds=${2:-5}
data=${3:-$here/data/speedscope-100mb.json}
bench=$build/tests/bench/speedscope_read_bench
python=/usr/bin/python3
[ -x "$python" ] || python=python3
[ -x "$bench" ] || { echo "build speedscope_read_bench first (ninja -C $build speedscope_read_bench)" >&2; exit 2; }
[ -f "$data" ] || "$python" "$here/gen_speedscope.py" "$data"
bytes=$(stat -c %s "$data")
cat "$data" > /dev/null # warm page cache

ours=() ; py=()
for ((i = 1; i <= rounds; i++)); do
    measure ours "$bench" "$data"
    measure py "$python" "$here/json_load.py" "$data"
    echo "round $i (wall cpu peak_MB): ours ${ours[-1]} | python ${py[-1]}" >&2
done
model=$("$bench" "$data" | sed -E 's/.*model_mb=([0-9.]+).*/\1/')
mb=$(calc "$bytes / 1000000")
printf 'file: %s (%.1f MB), %d rounds, medians; load average now: %s\n' "$data" "$mb" "$rounds" "$(load_average)"
printf '%-8s %9s %9s %9s %9s %9s\n' what wall_s MB/s cpu_s cpu_MB/s peak_MB
for name in ours py; do
    declare -n runs=$name
    w=$(column 1 "${runs[@]}"); c=$(column 2 "${runs[@]}"); m=$(column 3 "${runs[@]}")
    printf '%-8s %9.3f %9.1f %9.3f %9.1f %9.1f\n' "$name" "$w" "$(calc "$mb / $w")" "$c" "$(calc "$mb / $c")" "$m"
done
printf 'model size: %s MB\n' "$model"
printf 'ours is %.2fx faster than json.load by wall time, %.2fx by CPU time\n' \
    "$(calc "$(column 1 "${py[@]}") / $(column 1 "${ours[@]}")")" \
    "$(calc "$(column 2 "${py[@]}") / $(column 2 "${ours[@]}")")"
