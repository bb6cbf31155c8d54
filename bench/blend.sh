#!/bin/bash
# bench/blend.sh: chooses the weights of shots on target and corners in
# poisson_v2's goals response (--blend, blend.h) by weekly walk-forward on
# the tuning seasons 2014-15 to 2018-19 only.
#
#   bench/blend.sh [DATA_DIR [LOWER_DIR]] > blend-report.md
#
# One line per variant: pooled RPS and log loss over the 8 target leagues,
# the RPS on the matches of sides new to their league in their first six
# weeks, and the mean RPS difference to the first variant match by match
# with its paired z (the difference over its standard error). VARIANTS
# overrides the list (each a set of backtest options; the first is the
# reference; "@LOWER" stands for the feeder divisions).
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANTS=${VARIANTS:-"--feeder=@LOWER --blend=0,0
--feeder=@LOWER --blend=0.1,0
--feeder=@LOWER --blend=0.2,0
--feeder=@LOWER --blend=0.3,0
--feeder=@LOWER --blend=0,0.1
--feeder=@LOWER --blend=0.1,0.05
--feeder=@LOWER --blend=0.2,0.1
--feeder=@LOWER --blend=0.3,0.1
--feeder=@LOWER --blend=0.2,0.1 --ridge=1
--feeder=@LOWER --blend=0.2,0.1 --ridge=2
--feeder=@LOWER --blend=0.2,0.1 --ridge=5
--ridge=0 --blend=0,0
--ridge=0 --blend=0.2,0.1"}
. bench/tuning-data.sh "$@"

# Mean RPS difference (second file minus first) over the same matches in
# the same order, and its paired z.
paired() {
    awk -F, '
    function rps(ph, pd, hg, ag) { return ((ph - (hg > ag))^2 + (ph + pd - (hg >= ag))^2) / 2 }
    FNR == 1 { next }
    NR == FNR { key[FNR] = $1 FS $2 FS $3 FS $4; base[FNR] = rps($7, $8, $5, $6); next }
    key[FNR] != $1 FS $2 FS $3 FS $4 { print "blend.sh: the variants scored other matches" > "/dev/stderr"; exit 1 }
    { d = rps($7, $8, $5, $6) - base[FNR]; n++; s += d; ss += d * d }
    END { m = s / n; se = sqrt((ss - n * m * m) / (n - 1) / n)
          z = se > 0 ? sprintf("%.1f", m / se) : "–"
          printf "%+.5f | %s |\n", m, z }' "$1" "$2"
}

echo "| variant | RPS | log loss | RPS first six weeks | ΔRPS | paired z |"
echo "|---|---:|---:|---:|---:|---:|"
k=0
while IFS= read -r v; do
    [ -n "$v" ] || continue
    echo "variant: $v" >&2
    "$work/backtest" -j 2 -t poisson_v2 --from $FROM --until $UNTIL --json \
        --predictions "$work/p$k.csv" ${v//@LOWER/$work/lower.csv} \
        $(for l in $LEAGUES; do echo "$work/$l.csv"; done) > "$work/r$k.json"
    jq -r --arg v "$v" '.all | def f: . * 100000 | round / 100000 | tostring;
        "| \($v | gsub("@LOWER"; "LOWER")) | \(.model.rps | f) | \(.model.log_loss | f) | \(.promoted_early.model.rps | f) | "' \
        "$work/r$k.json" | tr -d '\n'
    paired "$work/p0.csv" "$work/p$k.csv"
    k=$((k + 1))
done <<< "$VARIANTS"
