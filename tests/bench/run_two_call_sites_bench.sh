#!/bin/bash
# Stacks that never existed, from a loop of two call sites (two_call_sites.py): the share of the
# samples that put q under x's line or x under q's, for q of N steps, without pausing and with
# --blocking (every read consistent) in the same round; beside it, the share of x's samples.
# usage: tests/bench/run_two_call_sites_bench.sh [SPYGLASS] [ROUNDS] [PYTHON...]
#   N (environment): q's steps, several separated by spaces (default "5 30")
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
spyglass=${1:-$here/../../build/app/spyglass}
rounds=${2:-2}
shift 2 2>/dev/null || shift $#
pythons=("$@")
[ ${#pythons[@]} -eq 0 ] && find_pythons pythons 3.8 3.10 3.12
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # collapsed file -> "wrong W (P %)  x X %  samples T"
    awk '{ n = $NF; total += n
           if ($0 ~ /two_call_sites.py:19\);q / || $0 ~ /two_call_sites.py:20\);x /) wrong += n
           if ($0 ~ /;x \(/) x += n }
         END { if (total) printf "wrong %5d (%.3f %%)  x %.2f %%  samples %d", wrong, 100*wrong/total, 100*x/total, total }' "$1"
}
for py in "${pythons[@]}"; do
    echo "== $py"
    for n in ${N:-5 30}; do
        for ((i = 1; i <= rounds; i++)); do
            for mode in --nonblocking --blocking; do
                "$spyglass" record $mode -r 4000 -d 10 -f collapsed -o "$out/c.txt" -- \
                    "$py" "$here/two_call_sites.py" 11 "$n" >/dev/null 2>&1
                printf 'N=%-3s %d %-13s %s\n' "$n" "$i" "$mode" "$(count "$out/c.txt")"
            done
        done
    done
done
