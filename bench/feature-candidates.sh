#!/bin/bash
# bench/feature-candidates.sh: chooses the features of 1x2_v2 by weekly
# walk-forward on the tuning seasons 2014-15 to 2018-19 only, each variant
# paired match by match against the first.
#
#   bench/feature-candidates.sh [DATA_DIR [LOWER_DIR]] > report.md
#
# The feature tables are computed once (league-features --feeder, the 8
# leagues with the lower divisions, as bench/quality.sh does); a variant
# is a list of the table's features for the model (backtest built with
# X12_FEATURE_LIST, onextwo.h) and backtest options. Each is scored by
# backtest -t 1x2_v2: pooled RPS, log loss, the mean RPS difference to the
# first variant match by match (ΔRPS) and its paired z; draw_specialist,
# whose inputs the variants do not change, once (Brier, AUC).
# VARIANTS overrides the list: "name|features (empty: the default)|options;...";
# PREVIOUS names the 14 features before this choice (for VARIANTS).
# The candidates that were not chosen were tried with this bench as it
# was when they were computed (docs/quality.md names the commit).
set -euo pipefail
cd "$(dirname "$0")/.."
# (One line each: read takes a variant's first line only.)
BASE="F_ELO_DIFF, F_PI_HOME, F_PI_AWAY, F_PI_GD, F_FORM_HOME, F_FORM_AWAY, \
F_FORM_HOME_AT_HOME, F_FORM_AWAY_AWAY, F_GF_HOME, F_GA_HOME, F_GF_AWAY, F_GA_AWAY, \
F_DC_LOGIT_HOME, F_DC_LOGIT_AWAY"
FAST="F_DC_FAST_LOGIT_HOME, F_DC_FAST_LOGIT_AWAY"
SHARES="F_SHOT_SHARE_HOME, F_SHOT_SHARE_AWAY, F_SOT_SHARE_HOME, F_SOT_SHARE_AWAY"
REST="F_REST_HOME, F_REST_AWAY"
VARIANTS=${VARIANTS:-"the previous 14 features|PREVIOUS|;\
+ the goals model of short memory|$BASE, $FAST|;\
+ the shot shares|$BASE, $SHARES|;\
+ the days of rest|$BASE, $REST|;\
+ shot shares and rest (no second goals model)|$BASE, $SHARES, $REST|;\
+ short memory and rest (no shot shares)|$BASE, $FAST, $REST|;\
+ short memory and shot shares (no rest)|$BASE, $FAST, $SHARES|;\
+ all three: the default||;\
the default, lambda 30||--lambda 30;\
the default, lambda 300||--lambda 300"}
. bench/tuning-data.sh "$@"
# PERIOD="FROM UNTIL": other seasons, for the report seasons' paired
# figure once the choice is made (docs/quality.md), never to choose.
if [ -n "${PERIOD:-}" ]; then read -r FROM UNTIL <<< "$PERIOD"; fi
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
includes=$(for d in src/lib/*/; do printf -- "-I%s " "$d"; done)

printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
    'bin/league-features --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"
tables=$(for l in $LEAGUES; do echo "$work/$l.features.csv"; done)
k=0 chosen=
IFS=';' read -ra list <<< "$VARIANTS"
for v in "${list[@]}"; do
    IFS='|' read -r name features options <<< "$v"
    features=${features//PREVIOUS/$BASE}
    echo "variant: $name" >&2
    defines=
    if [ -n "$features" ]; then
        defines="-DX12_FEATURE_LIST=$(echo $features | tr -d ' ')
                 -DX12_NFEATURES=$(echo $features | tr ',' '\n' | wc -l)"
    elif [ -z "$options" ]; then
        chosen=$k
    fi
    # The model's code built with the list, the rest from the library.
    cc -std=c11 -O2 $includes $defines -o "$work/backtest" src/backtest.c \
        src/lib/models/onextwo.c build/libleaguefit.a -lcsv -lcjson -lnettle -lm
    "$work/backtest" -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json $options \
        --predictions "$work/p$k.csv" $tables > "$work/x$k.json"
    k=$((k + 1))
done
# ΔRPS and z against the first variant, and against the default (the
# variant of the default features and options).
echo "| variant | RPS 1x2_v2 | log loss | ΔRPS | paired z | ΔRPS to the default | paired z |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for ((i = 0; i < k; i++)); do
    IFS='|' read -r name features options <<< "${list[i]}"
    jq -r --arg n "$name" '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "| \($n) | \(.rps | f) | \(.log_loss | f) | "' "$work/x$i.json" | tr -d '\n'
    paired_rps "$work/p0.csv" "$work/p$i.csv" | tr -d '\n'
    if [ -n "$chosen" ]; then
        paired_rps "$work/p$chosen.csv" "$work/p$i.csv" | sed 's/^/ /'
    else
        echo " | |"
    fi
done
bin/backtest -j 2 -t draw_specialist --from $FROM --until $UNTIL --json $tables |
    jq -r '.all.model | def f: . * 100000 | round / 100000 | tostring;
        "\ndraw_specialist on these tables: Brier \(.brier | f), AUC \(.auc | f)"'
