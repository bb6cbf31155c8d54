#!/bin/bash
# bench/feature-candidates.sh: tries candidate features (and options) of
# 1x2_v2 by weekly walk-forward on the tuning seasons 2014-15 to 2018-19
# only, each paired match by match against the current model.
#
#   bench/feature-candidates.sh [DATA_DIR [LOWER_DIR]] > report.md
#
# The feature tables (league-features --feeder, the 8 leagues with the
# lower divisions, as bench/quality.sh computes them) hold every candidate
# column (prematch.h); a variant is the current 14 features of 1x2_v2 plus
# some of them (backtest built with X12_EXTRA, onextwo.h) or other fit
# options. Each is scored by backtest -t 1x2_v2 (pooled RPS, log loss, the
# mean RPS difference to the first variant match by match and its paired
# z); draw_specialist, whose inputs the candidates do not enter, once.
# VARIANTS overrides the list: "name|features|backtest options;...";
# FEATURE_DEFINES (e.g. -DCAND_FAST_DECAY=0.25) builds league-features
# with other parameters of the candidates (prematch.c).
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"current 14 features||;\
+ goals model on shots on target alone|F_SOT_LOGIT_HOME, F_SOT_LOGIT_AWAY|;\
+ goals model with a short half-life|F_FAST_LOGIT_HOME, F_FAST_LOGIT_AWAY|;\
+ both other goals-model views|F_SOT_LOGIT_HOME, F_SOT_LOGIT_AWAY, F_FAST_LOGIT_HOME, F_FAST_LOGIT_AWAY|;\
+ league home goal difference|F_LEAGUE_HOME_GD|;\
+ league home-win share|F_LEAGUE_HOME_WIN|;\
+ both league home advantages|F_LEAGUE_HOME_GD, F_LEAGUE_HOME_WIN|;\
+ shot ratios|F_SHOT_RATIO_HOME, F_SHOT_RATIO_AWAY|;\
+ shot-on-target ratios|F_SOT_RATIO_HOME, F_SOT_RATIO_AWAY|;\
+ both ratios|F_SHOT_RATIO_HOME, F_SHOT_RATIO_AWAY, F_SOT_RATIO_HOME, F_SOT_RATIO_AWAY|;\
+ rest days|F_REST_HOME, F_REST_AWAY|;\
current, lambda 30||--lambda 30;\
current, lambda 300||--lambda 300"}
. bench/tuning-data.sh "$@"
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
lib=$(ls src/lib/*/*.c)
includes=$(for d in src/lib/*/; do printf -- "-I%s " "$d"; done)

cc -std=c11 -O2 $includes ${FEATURE_DEFINES:-} -o "$work/league-features" \
    src/league-features.c $lib -lcsv -lcjson -llapacke -lmd -lm
printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
    '"$1/league-features" --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"
tables=$(for l in $LEAGUES; do echo "$work/$l.features.csv"; done)
echo "| variant | RPS 1x2_v2 | log loss | ΔRPS | paired z |"
echo "|---|---:|---:|---:|---:|"
k=0
IFS=';' read -ra list <<< "$VARIANTS"
for v in "${list[@]}"; do
    IFS='|' read -r name extra options <<< "$v"
    echo "variant: $name" >&2
    n=0
    [ -n "$extra" ] && n=$(echo "$extra" | tr ',' '\n' | wc -l)
    cc -std=c11 -O2 $includes -DX12_EXTRA="$extra" -DX12_NEXTRA=$n -o "$work/backtest" \
        src/backtest.c $lib -lcsv -lcjson -llapacke -lmd -lm
    "$work/backtest" -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json $options \
        --predictions "$work/p$k.csv" $tables > "$work/x$k.json"
    jq -r --arg n "$name" '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "| \($n) | \(.rps | f) | \(.log_loss | f) | "' "$work/x$k.json" | tr -d '\n'
    paired_rps "$work/p0.csv" "$work/p$k.csv"
    k=$((k + 1))
done
bin/backtest -j 2 -t draw_specialist --from $FROM --until $UNTIL --json $tables |
    jq -r '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "\ndraw_specialist on these tables: Brier \(.brier | f), AUC \(.auc | f)"'
