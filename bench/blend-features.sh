#!/bin/bash
# bench/blend-features.sh: chooses the goals response (blend.h) of the goals
# model inside the 1x2_v2 and draw_specialist features by weekly
# walk-forward on the tuning seasons 2014-15 to 2018-19 only.
#
#   bench/blend-features.sh [DATA_DIR [LOWER_DIR]] > report.md
#
# For each variant "S,C" (BLENDS overrides the list; the first is the
# reference) league-features is built with that response (the macros
# FEATURE_BLEND_SHOTS_ON_TARGET and FEATURE_BLEND_CORNERS of prematch.c),
# the 8 leagues' feature tables are computed with the feeders, as
# bench/quality.sh does, and backtest scores 1x2_v2 (pooled RPS, log loss,
# the mean RPS difference to the reference match by match and its paired
# z) and draw_specialist (Brier, AUC of P(draw)). About 6 minutes a
# variant on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
BLENDS=${BLENDS:-"0,0 0.1,0.05 0.2,0 0,0.1 0.2,0.1 0.3,0.15 0.4,0.2"}
. bench/tuning-data.sh "$@"
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
lib=$(ls src/lib/*/*.c)
includes=$(for d in src/lib/*/; do printf -- "-I%s " "$d"; done)

echo "| features' response (S,C) | RPS 1x2_v2 | log loss | ΔRPS | paired z | Brier draw_specialist | AUC |"
echo "|---|---:|---:|---:|---:|---:|---:|"
k=0
for b in $BLENDS; do
    echo "response: $b" >&2
    cc -std=c11 -O2 $includes -DFEATURE_BLEND_SHOTS_ON_TARGET="${b%,*}" \
        -DFEATURE_BLEND_CORNERS="${b#*,}" -o "$work/league-features" src/league-features.c \
        $lib -lcsv -lcjson -lnettle -lm
    printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
        '"$1/league-features" --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"
    tables=$(for l in $LEAGUES; do echo "$work/$l.features.csv"; done)
    "$work/backtest" -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json \
        --predictions "$work/p$k.csv" $tables > "$work/x$k.json"
    "$work/backtest" -j 2 -t draw_specialist --from $FROM --until $UNTIL --json \
        $tables > "$work/d$k.json"
    jq -r --arg b "$b" '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "| \($b) | \(.rps | f) | \(.log_loss | f) | "' "$work/x$k.json" | tr -d '\n'
    paired_rps "$work/p0.csv" "$work/p$k.csv" | tr -d '\n'
    jq -r '.all.model | def f: . * 100000 | round / 100000 | tostring;
        " \(.brier | f) | \(.auc | f) |"' "$work/d$k.json"
    k=$((k + 1))
done
