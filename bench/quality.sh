#!/bin/bash
# bench/quality.sh: out-of-sample quality of poisson_v2, 1x2_v2 and
# draw_specialist on the
# shared football-data files, beside the bookmaker and the base rate.
#
# Weekly walk-forward over 2019-07-01 .. 2024-07-01 (seasons 2019-20 to
# 2023-24) for the 8 target leagues: before every match week each model is
# refitted on the league's matches before that week, then predicts the week.
# The defaults it runs with were tuned on 2014-15 to 2018-19 only
# (docs/decay.md, docs/quality.md). Prints the report that opens
# docs/quality.md (Markdown, between "<!-- begin quality" and "<!-- end
# quality -->"); with OUT=FILE (`make quality`: docs/quality.md) puts it
# there instead, in place of the earlier block (bench/section.sh), keeping
# the sections written by hand after it.
#
# The goals model links each league with the divisions that share teams
# with it (the one above, the one below): the other target leagues' rows
# and, where LOWER_DIR holds them, the feeder divisions' (promoted.h).
#
#   bench/quality.sh [DATA_DIR [LOWER_DIR]]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/football-data}
LOWER=${2:-../shared/data/football-data-lower}
FROM=2019-07-01 UNTIL=2024-07-01
LEAGUES="premier_league championship la_liga serie_a bundesliga ligue_1 eredivisie primeira_liga"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make -s build >&2
bin/import-fixtures $(find "$DATA" -name '*.csv' | LC_ALL=C sort) > "$work/all.csv"
# The feeder divisions, if any: linked rows only, never scored.
lower_files=$(find "$LOWER" -name '*.csv' 2>/dev/null | LC_ALL=C sort)
if [ -n "$lower_files" ]; then
    bin/import-fixtures $lower_files > "$work/lower.csv"
else
    head -1 "$work/all.csv" > "$work/lower.csv"
fi
{ cat "$work/all.csv"; tail -n +2 "$work/lower.csv"; } > "$work/every.csv"
for l in $LEAGUES; do
    bin/split-league "$l" "$work/all.csv" > "$work/$l.csv"
done
# Features of every league (each from earlier matches only), two at a time.
printf '%s\n' $LEAGUES | xargs -P 2 -I{} sh -c \
    'bin/league-features --feeder "$1/every.csv" "$1/{}.csv" > "$1/{}.features.csv"' _ "$work"

start=$(date +%s)
bin/backtest -j 2 -t poisson_v2 --from $FROM --until $UNTIL --json --feeder "$work/lower.csv" \
    $(for l in $LEAGUES; do echo "$work/$l.csv"; done) > "$work/poisson.json"
bin/backtest -j 2 -t 1x2_v2 --from $FROM --until $UNTIL --json \
    $(for l in $LEAGUES; do echo "$work/$l.features.csv"; done) > "$work/1x2.json"
bin/backtest -j 2 -t draw_specialist --from $FROM --until $UNTIL --json \
    $(for l in $LEAGUES; do echo "$work/$l.features.csv"; done) > "$work/draw.json"
seconds=$(($(date +%s) - start))

# The draw specialist beside the market's and the base rate's P(draw).
jq -r --slurpfile x "$work/1x2.json" '. as $root |
  def f: . * 10000 | round / 10000 | tostring;
  def pp: . * 1000 | round / 10 | tostring;
  def row($scope): $root[$scope] as $s | [$scope, ($s.model.n | tostring),
      ($s.model.brier | f), ($x[0][$scope].model.outcomes.draw.brier | f),
      ($s.bookmaker.brier | f), ($s.base_rate.brier | f),
      ($s.model.auc | f), ($s.bookmaker.auc | f), ($s.model.log_loss | f),
      ($s.model.mean_predicted | pp), ($s.model.actual_rate | pp),
      (($s.model.mean_predicted - $s.model.actual_rate) | pp)]
      | "| " + join(" | ") + " |";
  def calls($scope): $root[$scope].model as $m | [$scope, ($m.n | tostring),
      ($m.call_rate | pp), (if $m.call_rate > 0 then ($m.precision | f) else "–" end),
      ($m.recall | f), ($m.actual_rate | pp),
      (if $m.lift then ($m.lift | . * 100 | round / 100 | tostring) else "–" end)]
      | "| " + join(" | ") + " |";
  "| league | n | Brier | Brier 1x2_v2 p_draw | Brier bookmaker | Brier base rate | AUC | AUC bookmaker | log loss | mean P(draw) % | draw rate % | gap (pp) |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  (keys_unsorted | map(select(. != "all")) | sort[] as $l | row($l)), row("all"),
  "",
  "Its draw calls (P(draw) at or above the week'"'"'s threshold):",
  "",
  "| league | n | calls % | precision | recall | draw rate % | lift (precision / draw rate) |",
  "|---|---:|---:|---:|---:|---:|---:|",
  (keys_unsorted | map(select(. != "all")) | sort[] as $l | calls($l)), calls("all")' \
  "$work/draw.json" > "$work/draw.md"

# Sides new to their league, first six weeks: both models and the market.
jq -r -n --slurpfile p "$work/poisson.json" --slurpfile x "$work/1x2.json" '
  def f: . * 10000 | round / 10000 | tostring;
  def gap($a; $b): (($a / $b - 1) * 1000 | round / 10 | tostring) + "%";
  def row($scope): $x[0][$scope].promoted_early as $e | $p[0][$scope].promoted_early as $q |
      [$scope, ($e.model.n | tostring), ($e.model.rps | f), ($q.model.rps | f),
       ($e.bookmaker.rps | f), gap($e.model.rps; $e.bookmaker.rps),
       gap($q.model.rps; $q.bookmaker.rps),
       gap($x[0][$scope].model.rps; $x[0][$scope].bookmaker.rps),
       gap($p[0][$scope].model.rps; $p[0][$scope].bookmaker.rps)] | "| " + join(" | ") + " |";
  "| league | n | RPS 1x2_v2 | RPS poisson_v2 | RPS bookmaker | 1x2_v2 gap | poisson_v2 gap | 1x2_v2 gap, all matches | poisson_v2 gap, all matches |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ($x[0] | keys_unsorted | map(select(. != "all")) | sort[] | row(.)),
  row("all")' > "$work/promoted.md"

# Where the odds come from, when the import says (an odds_source column).
if head -1 "$work/all.csv" | tr ',' '\n' | grep -qx odds_source; then
    awk -F, -v from=$FROM -v until=$UNTIL '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $(c["date"]) >= from && $(c["date"]) < until && $(c["home_goals"]) != "" {
            s = $(c["odds_source"]); n[s == "" ? "none" : s]++ }
        END { print "| odds source | matches |"; print "|---|---:|"
              for (s in n) print "| " s " | " n[s] " |" }' "$work/all.csv" > "$work/odds.md"
else
    echo "The import of these files records no odds source (no odds_source column)." > "$work/odds.md"
fi

# One table: per league and pooled, each source's n, RPS, log loss, ECE.
jq -r -n --slurpfile p "$work/poisson.json" --slurpfile x "$work/1x2.json" '
  def f: . * 10000 | round / 10000 | tostring;
  def row($scope): [$scope,
      ($x[0][$scope].model.n | tostring),
      ($x[0][$scope].model.rps | f), ($p[0][$scope].model.rps | f),
      ($x[0][$scope].bookmaker.rps | f), ($x[0][$scope].base_rate.rps | f),
      ((($x[0][$scope].model.rps / $x[0][$scope].bookmaker.rps - 1) * 1000 | round / 10 | tostring) + "%"),
      ((($p[0][$scope].model.rps / $p[0][$scope].bookmaker.rps - 1) * 1000 | round / 10 | tostring) + "%"),
      ($x[0][$scope].model.log_loss | f), ($p[0][$scope].model.log_loss | f),
      ($x[0][$scope].bookmaker.log_loss | f),
      ($x[0][$scope].model.ece | f), ($p[0][$scope].model.ece | f),
      ($x[0][$scope].bookmaker.ece | f)] | "| " + join(" | ") + " |";
  "| league | n | RPS 1x2_v2 | RPS poisson_v2 | RPS bookmaker | RPS base rate | 1x2_v2 vs bookmaker | poisson_v2 vs bookmaker | log loss 1x2_v2 | log loss poisson_v2 | log loss bookmaker | ECE 1x2_v2 | ECE poisson_v2 | ECE bookmaker |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ($x[0] | keys_unsorted | map(select(. != "all")) | sort[] | row(.)),
  row("all")' > "$work/table.md"

# Reliability of the pooled 1x2_v2 forecasts (all three outcomes together).
jq -r '
  "| predicted | n | mean predicted | observed |", "|---|---:|---:|---:|",
  (.all.model.reliability[] |
   "| \(.lo)–\(.hi) | \(.n) | \(.mean_predicted * 1000 | round / 1000) | \(.observed_rate * 1000 | round / 1000) |")' \
  "$work/1x2.json" > "$work/reliability.md"

cat > "$work/section.md" <<REPORT
<!-- begin quality: written by bench/quality.sh (make quality); the sections after this block are written by hand -->
# Quality: 1x2_v2 and poisson_v2 against the bookmaker

Made by \`bench/quality.sh\` on $(date -u +%Y-%m-%d) ($seconds s for the three
walk-forwards on this machine, $(nproc) cores).

Weekly walk-forward, $FROM to $UNTIL (seasons 2019-20 to 2023-24), the 8
target leagues of the shared football-data files. Before each match week
every model is refitted on the league's matches before that week and
predicts the week; the bookmaker (closing Pinnacle odds where present, else
the market average, margin removed proportionally) and the base rate
(earlier outcome frequencies) are scored on the same matches. RPS: ranked
probability score, outcomes ordered H, D, A. ECE: expected calibration
error over 10 bins of all three predicted probabilities. Defaults were
chosen on 2014-15 to 2018-19 (docs/decay.md and below), never on these
seasons.

$(cat "$work/table.md")

### Sides new to their league, first six weeks

The matches of a side that did not play in the league the season before
(promoted; in the championship also relegated into it), within 42 days of
its first match of the season, that have odds; "gap": RPS above the
bookmaker's on the same matches, beside the gap over all matches.

$(cat "$work/promoted.md")

Pooled reliability of 1x2_v2 (every predicted probability of H, D and A):

$(cat "$work/reliability.md")

## draw_specialist

Same protocol; before each week the draw model and its
threshold are refitted. Brier 1x2_v2 p_draw: the Brier score of 1x2_v2's
own P(draw) on the same matches.

$(cat "$work/draw.md")

## Odds sources (2019-20 to 2023-24, played matches)

$(cat "$work/odds.md")
<!-- end quality -->
REPORT
if [ -n "${OUT:-}" ]; then
    bench/section.sh quality "$work/section.md" "$OUT"
else
    cat "$work/section.md"
fi
