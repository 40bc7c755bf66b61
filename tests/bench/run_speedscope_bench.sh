#!/bin/bash
# Speedscope read benchmark, with its baseline in the same run:
#   ours    speedscope_read_bench (our streaming reader, builds the full profile model)
#   python  json_load.py: Python's json.load of the same file (parsing only, no model)
# Rounds interleave the two so machine noise hits each alike; medians of wall time, CPU time
# (user + sys) and peak resident memory are reported, from /usr/bin/time for both.
# usage: tests/bench/run_speedscope_bench.sh [BUILD_DIR] [ROUNDS] [FILE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
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

calc() { awk "BEGIN { print $* }"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
# Runs a command under /usr/bin/time; prints "wall cpu peak_mb".
measure() {
    local out
    out=$( { /usr/bin/time -f "TIME %e %U %S %M" "$@" > /dev/null; } 2>&1 | grep '^TIME' )
    awk '{ printf "%s %s %s\n", $2, $3 + $4, $5 / 1024 }' <<< "$out"
}

ow=() ; oc=() ; op=() ; pw=() ; pc=() ; pp=()
for ((i = 1; i <= rounds; i++)); do
    read -r w c p <<< "$(measure "$bench" "$data")"; ow+=("$w"); oc+=("$c"); op+=("$p")
    read -r w c p <<< "$(measure "$python" "$here/json_load.py" "$data")"; pw+=("$w"); pc+=("$c"); pp+=("$p")
    echo "round $i: ours ${ow[-1]}s wall ${oc[-1]}s cpu, python ${pw[-1]}s wall ${pc[-1]}s cpu" >&2
done
model=$("$bench" "$data" | sed -E 's/.*model_mb=([0-9.]+).*/\1/')
mb=$(calc "$bytes / 1000000")
m() { printf '%s\n' "$@" | median; }
mow=$(m "${ow[@]}"); moc=$(m "${oc[@]}"); mop=$(m "${op[@]}")
mpw=$(m "${pw[@]}"); mpc=$(m "${pc[@]}"); mpp=$(m "${pp[@]}")
printf 'file: %s (%.1f MB), %d rounds, medians; load average now: %s\n' "$data" "$mb" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %9s %9s %9s %9s\n' what wall_s MB/s cpu_s cpu_MB/s peak_MB
printf '%-8s %9.3f %9.1f %9.3f %9.1f %9.1f   (model %s MB)\n' ours "$mow" "$(calc "$mb / $mow")" "$moc" "$(calc "$mb / $moc")" "$mop" "$model"
printf '%-8s %9.3f %9.1f %9.3f %9.1f %9.1f\n' python "$mpw" "$(calc "$mb / $mpw")" "$mpc" "$(calc "$mb / $mpc")" "$mpp"
printf 'ours is %.2fx faster than json.load by wall time, %.2fx by CPU time\n' "$(calc "$mpw / $mow")" "$(calc "$mpc / $moc")"
