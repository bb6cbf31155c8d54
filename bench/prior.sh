#!/bin/bash
# bench/prior.sh: chooses poisson_v2's ridge (the prior precision of every
# team's attack and defence) and the use of linked divisions by weekly
# walk-forward on the tuning seasons 2014-15 to 2018-19 only.
#
#   bench/prior.sh [DATA_DIR [LOWER_DIR]] > prior-report.md
#
# One line per variant: pooled RPS and log loss over the 8 target leagues,
# and RPS of the model and the bookmaker on the matches of sides new to
# their league in their first six weeks. VARIANTS overrides the list (each
# a set of backtest options; "@LOWER" stands for the feeder divisions).
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"--ridge=0
--ridge=1 --no-link
--ridge=2 --no-link
--ridge=3 --no-link
--ridge=5 --no-link
--ridge=10 --no-link
--ridge=20 --no-link
--ridge=3 --link-weight=0.25
--ridge=5 --feeder=@LOWER --link-weight=1
--ridge=5 --feeder=@LOWER --link-weight=0.5
--ridge=5 --feeder=@LOWER --link-weight=0.25
--ridge=5 --feeder=@LOWER --link-weight=0.1
--ridge=2 --feeder=@LOWER --link-weight=0.25
--ridge=3 --feeder=@LOWER --link-weight=0.25
--ridge=3 --feeder=@LOWER --link-weight=0.5
--ridge=8 --feeder=@LOWER --link-weight=0.25"}
. bench/tuning-data.sh "$@"
# The time weights of poisson_v2 when this table was made, and no shots
# ratings (docs/quality.md).
FIXED="--decay=0.575 --season-weight=1 --shots-rating=0"

echo "| variant | RPS | log loss | RPS first six weeks | bookmaker there | gap there | n there |"
echo "|---|---:|---:|---:|---:|---:|---:|"
k=0
while IFS= read -r v; do
    [ -n "$v" ] || continue
    poisson_variant_run "$v" $k
    jq -r --arg v "$v" '.all | def f: . * 100000 | round / 100000 | tostring;
        "| \($v | gsub("@LOWER"; "LOWER")) | \(.model.rps | f) | \(.model.log_loss | f) | \(.promoted_early.model.rps | f) | \(.promoted_early.bookmaker.rps | f) | \((.promoted_early.model.rps / .promoted_early.bookmaker.rps - 1) * 1000 | round / 10)% | \(.promoted_early.model.n) |"' "$work/r$k.json"
    k=$((k + 1))
done <<< "$VARIANTS"
