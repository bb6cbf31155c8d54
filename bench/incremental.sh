#!/bin/bash
# bench/incremental.sh: the CPU cost (user+sys, children included) of
# training the 24 models of the shared data (8 leagues, 31 seasons) from
# empty, then of the new versions after one more match week, and the
# reuse it gets (feature tables extended, not recomputed).
#
#   bench/incremental.sh [WEEK_START]     (default 2024-05-13: the last week
#                                          of 2023-24 in most leagues)
#
# LOWER=DIR adds the files of DIR (e.g. ../shared/data/football-data-lower,
# the feeder divisions) to the data: the 8 leagues' models then link them.
# Prints Markdown tables (the three runs; the programs of the new week's
# run, each under GNU time through a BIN= directory of wrappers); the
# machine's load average is given beside them. With KEYS_OUT=FILE, writes
# the key figures there ("f.NAME value" lines) for bench/perf.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/data/football-data}
LOWER=${LOWER:-}
WEEK=${1:-2024-05-13}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
make -s build
mkdir -p "$T/before" "$T/after"
bin/import-fixtures "$SHARED"/*/*.csv ${LOWER:+"$LOWER"/*/*.csv} > "$T/after/all.csv" 2> /dev/null
awk -F, -v w="$WEEK" 'NR == 1 || $3 < w' "$T/after/all.csv" > "$T/before/all.csv"
added=$(($(wc -l < "$T/after/all.csv") - $(wc -l < "$T/before/all.csv")))

cpu() { # label, key, then the make arguments: one table row
    local label=$1 name=$2 t0 t1
    shift 2
    t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    make -s -j2 all MODELS="$T/models" WORK="$T/work" "$@" > "$T/out" 2>&1
    t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    local ticks=$(getconf CLK_TCK) secs
    secs=$(awk -v a="$t0" -v b="$t1" -v k="$ticks" 'BEGIN { printf "%.1f", (b - a) / k }')
    printf '| %s | %s | %s |\n' "$label" "$secs" "$(tail -n 1 "$T/out" | sed 's/^leaguefit: //')"
    [ -z "${KEYS_OUT:-}" ] || echo "f.${name}_cpu_s $secs" >> "$KEYS_OUT"
}

# Every program of a run under GNU time, for the breakdown.
mkdir -p "$T/wrap"
for p in bin/*; do
    printf '#!/bin/sh\nexec /usr/bin/time -a -o %s -f "%%U %%S %s" %s "$@"\n' \
        "$T/progs.log" "${p#bin/}" "$PWD/$p" > "$T/wrap/${p#bin/}"
    chmod +x "$T/wrap/${p#bin/}"
done
[ -z "${KEYS_OUT:-}" ] || : > "$KEYS_OUT"

echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $added matches in the week from $WEEK."
echo
echo '| run | CPU s (user+sys) | result |'
echo '|---|---|---|'
cpu "full build from empty (data to $WEEK)" full DATA="$T/before"
cpu "the same data again" noop DATA="$T/before"
# The state before the week, copied for the breakdown's run (the timed run
# is not slowed by the wrappers).
cp -a "$T/models" "$T/models.b"
cp -a "$T/work" "$T/work.b"
cpu "one more week: new versions of 24 models" week DATA="$T/after"
make -s -j2 all MODELS="$T/models.b" WORK="$T/work.b" DATA="$T/after" BIN="$T/wrap" > /dev/null 2>&1
echo
echo "The programs of the new week's run, in a second run of it with each"
echo "program under GNU time (CPU s, user+sys; a program run by leaguefit-step"
echo "counts in both):"
echo
echo '| program | runs | CPU s |'
echo '|---|---|---|'
awk '{ n[$3]++; c[$3] += $1 + $2 } END { for (p in n) printf "| %s | %d | %.2f |\n", p, n[p], c[p] }' \
    "$T/progs.log" | sort -t'|' -k4,4 -rn
