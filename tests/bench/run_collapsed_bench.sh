#!/bin/bash
# Collapsed-stack read benchmark, with its baselines in the same run:
#   ours    collapsed_read_bench (our reader, builds the full profile model)
#   python  count_lines.py: the five-line collections.Counter script that counts identical lines
#   wc      wc -l, the practical ceiling for touching every byte
# Rounds interleave the three so machine noise hits each alike; medians are reported.
# usage: tests/bench/run_collapsed_bench.sh [BUILD_DIR] [ROUNDS] [FILE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
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

calc() { awk "BEGIN { print $* }"; }
seconds() { local s=$(date +%s.%N); "$@" > /dev/null; local e=$(date +%s.%N); calc "$e - $s"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

ours=() ; python_s=() ; wc_s=() ; ours_peak=() ; python_peak=()
for ((i = 1; i <= rounds; i++)); do
    line=$("$bench" "$data")
    ours+=("$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<< "$line")")
    ours_peak+=("$(sed -E 's/.*peak_mb=([0-9.]+).*/\1/' <<< "$line")")
    model=$(sed -E 's/.*model_mb=([0-9.]+).*/\1/' <<< "$line")
    start=$(date +%s.%N)
    peak_kb=$( { /usr/bin/time -f "%M" "$python" "$here/count_lines.py" "$data" > /dev/null; } 2>&1 | tail -1)
    end=$(date +%s.%N)
    python_s+=("$(calc "$end - $start")")
    python_peak+=("$(calc "$peak_kb / 1024")")
    wc_s+=("$(seconds wc -l "$data")")
    echo "round $i: ours ${ours[-1]}s  python ${python_s[-1]}s  wc ${wc_s[-1]}s" >&2
done
mo=$(printf '%s\n' "${ours[@]}" | median)
mp=$(printf '%s\n' "${python_s[@]}" | median)
mw=$(printf '%s\n' "${wc_s[@]}" | median)
po=$(printf '%s\n' "${ours_peak[@]}" | median)
pp=$(printf '%s\n' "${python_peak[@]}" | median)
gb=$(calc "$bytes / 1000000000")
printf 'file: %s (%.2f GB), %d rounds, medians\n' "$data" "$gb" "$rounds"
printf '%-8s %8s %8s %10s\n' what seconds GB/s peak_MB
printf '%-8s %8.3f %8.2f %10.1f   (model %s MB)\n' ours "$mo" "$(calc "$gb / $mo")" "$po" "$model"
printf '%-8s %8.3f %8.2f %10.1f\n' python "$mp" "$(calc "$gb / $mp")" "$pp"
printf '%-8s %8.3f %8.2f %10s\n' wc "$mw" "$(calc "$gb / $mw")" -
printf 'ours is %.2fx the Python script, %.2fx the time of wc -l\n' "$(calc "$mp / $mo")" "$(calc "$mo / $mw")"
