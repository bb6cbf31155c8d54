#!/bin/bash
# bench/incremental.sh: the CPU cost (user+sys, children included) of
# training the 24 models of the shared data (8 leagues, 31 seasons) from
# empty, then of the new versions after one more match week, and the
# reuse it gets (feature tables extended, not recomputed).
#
#   bench/incremental.sh [WEEK_START]     (default 2024-05-13: the last week
#                                          of 2023-24 in most leagues)
# Prints a Markdown table; the machine's load average is given beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/data/football-data}
WEEK=${1:-2024-05-13}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
make -s build
mkdir -p "$T/before" "$T/after"
bin/import-fixtures "$SHARED"/*/*.csv > "$T/after/all.csv" 2> /dev/null
awk -F, -v w="$WEEK" 'NR == 1 || $3 < w' "$T/after/all.csv" > "$T/before/all.csv"
added=$(($(wc -l < "$T/after/all.csv") - $(wc -l < "$T/before/all.csv")))

cpu() { # label, then the make arguments: one table row
    local label=$1 t0 t1
    shift
    t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    make -s -j2 all MODELS="$T/models" WORK="$T/work" "$@" > "$T/out" 2>&1
    t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    local ticks=$(getconf CLK_TCK)
    printf '| %s | %s | %s |\n' "$label" \
        "$(awk -v a="$t0" -v b="$t1" -v k="$ticks" 'BEGIN { printf "%.1f", (b - a) / k }')" \
        "$(tail -n 1 "$T/out" | sed 's/^leaguefit: //')"
}

echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $added matches in the week from $WEEK."
echo
echo '| run | CPU s (user+sys) | result |'
echo '|---|---|---|'
cpu "full build from empty (data to $WEEK)" DATA="$T/before"
cpu "the same data again" DATA="$T/before"
cpu "one more week: new versions of 24 models" DATA="$T/after"
