#!/bin/bash
# The share of the shorter of two alternating calls of a few µs (alternating_calls.py), without
# pausing and with --blocking in the same round, and the share of the requested samples taken.
# usage: tests/bench/run_alternating_calls_bench.sh [SPYGLASS] [ROUNDS] [PYTHON...]
#   NA (environment): a's steps, several separated by spaces (default "200 40"); b has half
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
spyglass=${1:-$here/../../build/app/spyglass}
rounds=${2:-1}
shift 2 2>/dev/null || shift $#
pythons=("$@")
[ ${#pythons[@]} -eq 0 ] && find_pythons pythons 3.8 3.10 3.12 3.13
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
share() { # collapsed file -> "b/(a+b) S %"
    awk '{ n = $NF; if ($0 ~ /;a \(/) a += n; if ($0 ~ /;b \(/) b += n }
         END { if (a + b) printf "b/(a+b) %5.1f %%", 100*b/(a+b) }' "$1"
}
for py in "${pythons[@]}"; do
    echo "== $py"
    for na in ${NA:-200 40}; do
        for ((i = 1; i <= rounds; i++)); do
            for mode in --nonblocking --blocking; do
                log=$("$spyglass" record $mode -r 2000 -d 6 -f collapsed -o "$out/c.txt" -- \
                    "$py" "$here/alternating_calls.py" 7 "$na" 2>&1)
                taken=$(grep -o 'taken [0-9]* ([0-9.]*%)' <<<"$log")
                printf 'NA=%-4s %d %-13s %-22s %s\n' "$na" "$i" "$mode" "$taken" "$(share "$out/c.txt")"
            done
        done
    done
done
