#!/bin/bash
# bench/draw-ensemble.sh: whether draw_specialist's P(draw) gains from
# 1x2_v2's own P(draw), by weekly walk-forward on the tuning seasons
# 2014-15 to 2018-19 only.
#
#   bench/draw-ensemble.sh [DATA_DIR [LOWER_DIR]] > report.md
#
# The 8 leagues' feature tables are computed with the feeders, as
# bench/quality.sh does; backtest walks 1x2_v2 and draw_specialist over them
# (same options, same eligible matches, refitted before every week) and
# writes each match's P(draw) (--predictions). The two are then combined
# match by match: P = w·p_reg + (1−w)·p_1x2 ("linear") or the same in logit
# space ("logit"), for a grid of w (WEIGHTS overrides it; w = 1 is the
# draw model as it is, w = 0 1x2_v2's p_draw); and stacked: a logistic
# regression of the draw on both logits, fitted on the walk's own forecasts
# of the seasons before STACK_FROM (out of sample, so not leaky) and scored
# on the later ones beside the draw model on the same matches. Each row:
# Brier, AUC, log loss, and the mean Brier difference to the draw model and
# to 1x2_v2's p_draw with its paired z. Last, another form: the draw model
# fitted on the 8 leagues' matches together (their feature tables as one,
# rows by date), scored on the same matches, alone and averaged with the
# draw model fitted league by league; and the linear blend with
# poisson_v2's P(draw) in place of 1x2_v2's (the ΔBrier to "1x2_v2" is then
# still to 1x2_v2's); and each league's regression fitted with the other
# leagues' matches at a weight V (OTHER_WEIGHTS, bench/draw_linked.c).
# About 8 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
WEIGHTS=${WEIGHTS:-"0 0.3 0.5 0.7 0.8 0.9 1"}
STACK_FROM=${STACK_FROM:-"2016-07-01 2017-07-01"}
. bench/tuning-data.sh "$@"
cp bin/league-features bin/logreg-fit "$work/"
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
    '"$1/league-features" --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"
tables=$(for l in $LEAGUES; do echo "$work/$l.features.csv"; done)
"$work/backtest" -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json \
    --predictions "$work/x12.csv" $tables > /dev/null
"$work/backtest" -j 2 -t draw_specialist --from $FROM --until $UNTIL --json \
    --predictions "$work/draw.csv" $tables > /dev/null

# One line a match: date, the draw model's P(draw), 1x2_v2's, the outcome
# (1: a draw); the two files matched by their keys.
awk -F, 'FNR == 1 { next }
    NR == FNR { x12[$1 FS $2 FS $3 FS $4] = $8; next }
    { k = $1 FS $2 FS $3 FS $4
      if (!(k in x12)) { print "draw-ensemble: no 1x2_v2 forecast of " k > "/dev/stderr"; exit 1 }
      print $2, $7, x12[k], ($5 == $6) }' \
    "$work/x12.csv" "$work/draw.csv" > "$work/pairs.txt"

# score LABEL: reads "date p p_reg p_1x2 y" lines (p the variant's
# P(draw)) and prints the table row.
score() {
    awk -v label="$1" -v out="$work/py.txt" '
    { p = $2; preg = $3; p1 = $4; y = $5
      b = (p - y)^2; n++; sb += b; ll -= y ? log(p) : log(1 - p)
      d = b - (preg - y)^2; s1 += d; q1 += d * d
      e = b - (p1 - y)^2; s2 += e; q2 += e * e
      printf "%.17g %d\n", p, y > out }
    function z(s, q) { m = s / n; se = sqrt((q - n * m * m) / (n - 1) / n)
                       return se > 0 ? sprintf("%.1f", m / se) : "–" }
    END { printf "| %s | %d | %.5f | AUC | %.5f | %+.5f | %s | %+.5f | %s |\n", label, n,
                 sb / n, ll / n, s1 / n, z(s1, q1), s2 / n, z(s2, q2) }' > "$work/row.txt"
    sed "s/| AUC |/| $(auc "$work/py.txt") |/" "$work/row.txt"
}

# auc FILE: the area under the ROC curve of "p y" lines (ties share ranks).
auc() {
    sort -g -k1,1 "$1" | awk '
    { p[NR] = $1; y[NR] = $2; pos += $2 }
    END { for (i = 1; i <= NR; i = j + 1) {
              for (j = i; j < NR && p[j + 1] == p[i]; j++)
                  ;
              for (k = i; k <= j; k++)
                  if (y[k]) ranks += (i + j) / 2
          }
          printf "%.4f", (ranks - pos * (pos + 1) / 2) / (pos * (NR - pos)) }'
}

echo "| variant | n | Brier | AUC | log loss | ΔBrier to the draw model | paired z | ΔBrier to 1x2_v2 p_draw | paired z |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for form in linear logit; do
    for w in $WEIGHTS; do
        awk -v w=$w -v form=$form 'function logit(p) { return log(p / (1 - p)) }
            { if (w == 1 || w == 0) p = w == 1 ? $2 : $3 # each part as it is
              else if (form == "linear") p = w * $2 + (1 - w) * $3
              else p = 1 / (1 + exp(-(w * logit($2) + (1 - w) * logit($3))))
              printf "%s %.17g %s %s %s\n", $1, p, $2, $3, $4 }' "$work/pairs.txt" | score "$form, w = $w"
    done
done
for from in $STACK_FROM; do
    { echo "l_reg,l_1x2,y"
      awk -v s=$from '$1 < s { printf "%.17g,%.17g,%s\n", log($2 / (1 - $2)), log($3 / (1 - $3)), $4 }' \
          "$work/pairs.txt"; } \
        > "$work/stack.csv"
    "$work/logreg-fit" --lambda 0 "$work/stack.csv" > "$work/stack.json"
    coef=$(jq -r '[.intercept, .coef[0] / .sd[0], .coef[1] / .sd[1], .mean[0], .mean[1]] | @tsv' \
        "$work/stack.json")
    read -r b0 c1 c2 m1 m2 <<< "$coef"
    awk -v s=$from -v b0=$b0 -v c1=$c1 -v c2=$c2 -v m1=$m1 -v m2=$m2 '
        function logit(p) { return log(p / (1 - p)) }
        $1 >= s { z = b0 + c1 * (logit($2) - m1) + c2 * (logit($3) - m2)
                  printf "%s %.17g %s %s %s\n", $1, 1 / (1 + exp(-z)), $2, $3, $4 }' \
        "$work/pairs.txt" |
        score "$(printf 'stacked, fitted on the forecasts before %s (%.3f·logit p_reg + %.3f·logit p_1x2), scored from it' \
            "$from" "$c1" "$c2")"
    awk -v s=$from '$1 >= s { print $1, $2, $2, $3, $4 }' "$work/pairs.txt" |
        score "the draw model on the same matches"
done

{ head -1 "$work/premier_league.features.csv"
  for l in $LEAGUES; do tail -n +2 "$work/$l.features.csv"; done | sort -t, -s -k3,3; } \
    > "$work/pooled.features.csv"
"$work/backtest" -t draw_specialist --from $FROM --until $UNTIL --json \
    --predictions "$work/pooled.csv" "$work/pooled.features.csv" > /dev/null
# in_pairs_order FILE COLUMN: column COLUMN of a --predictions FILE for
# each match of pairs.txt, in its order.
in_pairs_order() {
    awk -F, -v c=$2 'FNR == 1 { next }
        NR == FNR { v[$1 FS $2 FS $3 FS $4] = $c; next }
        { k = $1 FS $2 FS $3 FS $4
          if (!(k in v)) { print "draw-ensemble: no forecast of " k > "/dev/stderr"; exit 1 }
          print v[k] }' "$1" "$work/draw.csv"
}
in_pairs_order "$work/pooled.csv" 7 | paste -d ' ' - "$work/pairs.txt" > "$work/pooled.txt"
awk '{ print $2, $1, $3, $4, $5 }' "$work/pooled.txt" |
    score "the draw model fitted on the 8 leagues together"
awk '{ printf "%s %.17g %s %s %s\n", $2, ($1 + $3) / 2, $3, $4, $5 }' "$work/pooled.txt" |
    score "the mean of that and the draw model (each league's own fit)"

# poisson_v2's own P(draw) (linked divisions and feeders as in
# bench/quality.sh) in place of 1x2_v2's.
"$work/backtest" -j 2 -t poisson_v2 --from $FROM --until $UNTIL --json --feeder "$work/lower.csv" \
    $(for l in $LEAGUES; do echo "$work/$l.csv"; done) --predictions "$work/poisson.csv" > /dev/null
in_pairs_order "$work/poisson.csv" 8 | paste -d ' ' - "$work/pairs.txt" > "$work/poisson.txt"
for w in 0.5 0.8 0.9; do
    awk -v w=$w '{ printf "%s %.17g %s %s %s\n", $2, w * $3 + (1 - w) * $1, $3, $4, $5 }' \
        "$work/poisson.txt" | score "w·p_reg + (1−w)·p_poisson, w = $w"
done

# Each league's regression with the other leagues' matches at weight V
# (bench/draw_linked.c): between its own fit (V = 0) and the pooled one (V = 1).
includes=$(for d in src/lib/*/; do printf -- "-I%s " "$d"; done)
cc -std=c11 -O2 $includes -o "$work/draw_linked" bench/draw_linked.c $(ls src/lib/*/*.c) \
    -lcsv -lcjson -lnettle -lm
for v in ${OTHER_WEIGHTS:-0.1 0.3}; do
    "$work/draw_linked" --from $FROM --until $UNTIL --other-weight $v \
        "$work/pooled.features.csv" > "$work/linked.csv"
    in_pairs_order "$work/linked.csv" 7 | paste -d ' ' - "$work/pairs.txt" |
        awk '{ print $2, $1, $3, $4, $5 }' |
        score "the draw model with the other 7 leagues' matches weighted $v"
done
