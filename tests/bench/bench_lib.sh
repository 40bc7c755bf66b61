# Shell helpers shared by the run_*_bench.sh scripts (sourced, not run): timing a command with
# /usr/bin/time, medians, arithmetic. Bash 4.3+ (name references).

# Arithmetic on decimals: calc "1.5 / 3".
calc() { awk "BEGIN { print $* }"; }

# Median of the numbers on stdin, one a line.
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# measure ARRAY COMMAND...: runs COMMAND (stdout discarded) and appends "wall_s cpu_s peak_MB"
# to the array named ARRAY; cpu is user + system time, peak is the maximum resident set.
measure() {
    local -n into=$1
    shift
    local t
    t=$( { /usr/bin/time -f "TIME %e %U %S %M" "$@" > /dev/null; } 2>&1 | grep '^TIME' | tail -1)
    into+=("$(awk '{ printf "%s %s %s", $2, $3 + $4, $5 / 1024 }' <<< "$t")")
}

# column N ENTRY...: the median of field N (1 wall, 2 cpu, 3 peak) over measure's entries.
column() {
    local n=$1
    shift
    printf '%s\n' "$@" | awk -v n="$n" '{print $n}' | median
}

# The 1, 5 and 15 minute load averages, to report beside the numbers.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# find_pythons ARRAY VERSION...: appends pyenv's interpreter of each VERSION (major.minor; "debian"
# for /usr/bin/python3.11) to the array named ARRAY, and says which were not found.
find_pythons() {
    local -n into=$1
    shift
    local root=${PYENV_ROOT:-$HOME/.pyenv} v p
    for v in "$@"; do
        if [ "$v" = debian ]; then
            [ -x /usr/bin/python3.11 ] && into+=(/usr/bin/python3.11)
            continue
        fi
        p=$(ls -d "$root"/versions/$v.*/bin/python 2>/dev/null | head -1)
        [ -n "$p" ] && into+=("$p") || echo "skipped: Python $v (not found)" >&2
    done
}
