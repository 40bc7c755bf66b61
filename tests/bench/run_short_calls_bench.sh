#!/bin/bash
# Sampling a program of short calls (short_calls.py): how many of the requested samples are taken,
# how many reads tore, and the shares the samples give, next to --blocking (which pauses the
# target for each sample, so every read is consistent) in the same round.
#   g:16 leaf   samples whose innermost frame is g, between two calls of f
#   f:9         samples at f's return line, which takes almost none of the time
# usage: tests/bench/run_short_calls_bench.sh [SPYGLASS] [ROUNDS] [PYTHON...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
spyglass=${1:-$here/../../build/app/spyglass}
rounds=${2:-3}
shift 2 2>/dev/null || shift $#
pythons=("$@")
[ ${#pythons[@]} -eq 0 ] && find_pythons pythons 2.7 3.8 3.10 3.11 3.12 3.13 debian
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shares() { # collapsed file -> "g:16 leaf %  f:9 %  samples"
    awk '{ n = $NF; $NF = ""; sub(/ $/, ""); k = split($0, fr, ";"); leaf = fr[k]; total += n
           if (leaf ~ /^g /) g += n; if (leaf ~ /^f .*:9\)$/) r += n }
         END { if (total) printf "g:16 leaf %5.1f %%  f:9 %5.1f %%  samples %d", 100*g/total, 100*r/total, total }' "$1"
}
for py in "${pythons[@]}"; do
    echo "== $py"
    for ((i = 1; i <= rounds; i++)); do
        for mode in --nonblocking --blocking; do
            log=$("$spyglass" record $mode -r 500 -f collapsed -o "$out/c.txt" -- "$py" "$here/short_calls.py" 3 2>&1)
            taken=$(grep -o 'taken [0-9]* ([0-9.]*%)' <<<"$log")
            torn=$(grep -o 'torn [0-9]*, torn reads read again [0-9]*' <<<"$log")
            printf '%d %-13s %-22s %-40s %s\n' "$i" "$mode" "$taken" "$torn" "$(shares "$out/c.txt")"
        done
    done
done
