#!/bin/bash
# bench/train-window.sh: whether 1x2_v2 and draw_specialist could fit on
# the latest seasons only, by weekly walk-forward on the tuning seasons
# 2014-15 to 2018-19, each window paired match by match against every
# earlier match (the default).
#
#   bench/train-window.sh [DATA_DIR [LOWER_DIR]] > report.md
#
# A window would cut the cost of the full build: both models' validation
# walks refit on every eligible match before each week, and the feature
# tables' weekly goals-model fits run over every season the models fit on.
# The feature tables are computed once (league-features --feeder, the 8
# leagues with the lower divisions, as bench/quality.sh does); a window of
# N years is backtest built with X12_TRAIN_DAYS (onextwo.c), each week's
# fits taking the matches of the N × 365.25 days before its Monday.
# Each variant: pooled RPS and log loss of 1x2_v2, ΔRPS to every earlier
# match and its paired z, draw_specialist's Brier and AUC, and the CPU
# seconds (user + sys) of the two walks. YEARS overrides the windows
# (0: every earlier match, first).
set -euo pipefail
cd "$(dirname "$0")/.."
YEARS=${YEARS:-"0 20 15 10"}
. bench/tuning-data.sh "$@"
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
includes=$(for d in src/lib/*/; do printf -- "-I%s " "$d"; done)
printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
    'bin/league-features --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"
tables=$(for l in $LEAGUES; do echo "$work/$l.features.csv"; done)

# cpu CMD...: runs CMD, adding its CPU seconds (user + sys) to $cpu.
cpu() {
    /usr/bin/time -f '%U %S' -o "$work/time" "$@"
    cpu=$(awk -v c="$cpu" '{ printf "%.2f", c + $1 + $2 }' "$work/time")
}

echo "| training window | RPS 1x2_v2 | log loss | ΔRPS | paired z | Brier draw_specialist | AUC | CPU s of the two walks |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
k=0
for years in $YEARS; do
    echo "window: $years years" >&2
    days=$(awk -v y="$years" 'BEGIN { printf "%d", y * 365.25 }')
    # The models' code built with the window, the rest from the library.
    cc -std=c11 -O2 $includes -DX12_TRAIN_DAYS="$days" -o "$work/backtest" src/backtest.c \
        src/lib/models/onextwo.c build/libleaguefit.a -lcsv -lcjson -lnettle -lm
    cpu=0
    cpu "$work/backtest" -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json \
        --predictions "$work/p$k.csv" $tables > "$work/x$k.json"
    cpu "$work/backtest" -j 2 -t draw_specialist --from $FROM --until $UNTIL --json \
        $tables > "$work/d$k.json"
    label=$([ "$years" = 0 ] && echo "every earlier match (the default)" || echo "the last $years years")
    jq -r --arg n "$label" '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "| \($n) | \(.rps | f) | \(.log_loss | f) | "' "$work/x$k.json" | tr -d '\n'
    paired_rps "$work/p0.csv" "$work/p$k.csv" | tr -d '\n'
    jq -r --arg cpu "$cpu" '.all.model | def f: . * 100000 | round / 100000 | tostring;
        " \(.brier | f) | \(.auc | f) | \($cpu) |"' "$work/d$k.json"
    k=$((k + 1))
done
