#!/bin/bash
# bench/peers.sh [DATA]: leaguefit's weekly walk-forward of one held season
# beside two peers, on the same matches, in one run (docs/benchmarks.md,
# section "Peers"):
#
#   leaguefit    bin/backtest -t poisson_v2 (its defaults: decay 0.75 a
#                year, season weight 0.7, ridge 3, rho), and the same walk as emit-metrics'
#                val without and with its walk cache (cold, warm, and one
#                new week on a cache of the weeks before): every RPS must
#                equal backtest's to 1e-12, else the script fails
#   penaltyblog  DixonColesGoalModel with dixon_coles_weights, xi the same
#                decay a day (bench/peer_walk.py); optional: PENALTYBLOG=DIR
#                names a directory from which `import penaltyblog` works
#                (a build of its source), and without it the peer is skipped
#   statsmodels  Poisson GLM goals ~ home + C(team) + C(opponent), the same
#                decay weights (bench/peer_walk.py)
#
# Before each match week (Monday to Sunday) of [FROM, UNTIL) every model is
# refitted on all the league's played matches before that Monday, then
# predicts the week. CPU time is user+sys: whole processes by GNU time
# (leaguefit: the mean of REPS runs), and for the peers also the walk alone
# (time.process_time, without Python's start and imports). RPS on the
# matches all models predicted (the peers cannot predict a side absent
# from the history: such a match is left out for every model) and, for
# each, on all it predicted.
#
# With penaltyblog, the same held season of the 8 target leagues too,
# leaguefit's walk and penaltyblog's on each, pooled: one league's season
# is a few hundred matches, whose paired difference's standard error is in
# most leagues as large as the difference or larger; the RPS target is
# judged on the pooled matches.
#
# Variables: DIV (football-data division directory, E0), LEAGUE
# (premier_league), FROM, UNTIL (2023-07-01, 2024-07-01: the season held
# out; it must be the league's last before UNTIL, played to at least half of
# the season before's matches: emit-metrics' walk, compared, covers it alone), REPS (5), PENALTYBLOG,
# LEAGUES8 (the pooled leagues, DIV:LEAGUE pairs; empty: none).
# Prints the section on stdout; with OUT=FILE (`make peers`: docs/
# benchmarks.md) it replaces the section's block in FILE instead (or
# appends it), which bench/perf.sh keeps when it rewrites that file.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/football-data}
DIV=${DIV:-E0} LEAGUE=${LEAGUE:-premier_league}
FROM=${FROM:-2023-07-01} UNTIL=${UNTIL:-2024-07-01}
REPS=${REPS:-5}
LEAGUES8=${LEAGUES8-E0:premier_league E1:championship SP1:la_liga I1:serie_a D1:bundesliga \
F1:ligue_1 N1:eredivisie P1:primeira_liga}
N8=$(wc -w <<<"$LEAGUES8")   # the section names as many leagues as it walked
PY=/usr/bin/python3
T=$(mktemp -d /tmp/lfpeers.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT   # KEEP=1: leave the temp dir
log() { printf 'peers.sh: %s\n' "$*" >&2; }
for tool in jq /usr/bin/time $PY; do
    command -v $tool >/dev/null || { log "needs $tool"; exit 1; }
done
$PY -c 'import statsmodels, pandas, scipy, numpy' 2>/dev/null ||
    { log "needs Debian's python3-statsmodels (make deps-bench)"; exit 1; }
make -s build bench-progs >/dev/null
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------ data
bin/import-fixtures -L data/leagues.csv "$DATA/$DIV"/*.csv >"$T/all.csv"
bin/split-league --played --until "$UNTIL" "$LEAGUE" "$T/all.csv" >"$T/league.csv"
NROWS=$(($(wc -l <"$T/league.csv") - 1))
WALK="--from $FROM --until $UNTIL"

# tm NAME CMD...: GNU time of CMD appended to $T/tm.NAME ("user sys"), its
# stdout to $T/out.NAME
tm() { local n=$1; shift; /usr/bin/time -a -f "%U %S" -o "$T/tm.$n" "$@" >"$T/out.$n"; }
cpu() { awk '{ s += $1 + $2; n++ } END { printf "%.3f", s / n }' "$T/tm.$1"; } # mean s
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.1f", a / b }'; }
kv() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$T/$1"; }  # key=value of a peer_walk line
absdiff() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; printf "%.1e", d < 0 ? -d : d }'; }
within() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 1e-12 && d >= -1e-12) }'; }
rps_in() { awk -v n="$2" -v k="$3" '$1 == "name=" n { for (i = 2; i <= NF; i++) {
    split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"; } # rps_in FILE NAME KEY

# ------------------------------------------------------------- leaguefit
log "leaguefit: backtest and emit-metrics, $REPS runs each"
for ((i = 0; i < REPS; i++)); do
    tm backtest bin/backtest --json -t poisson_v2 $WALK "$T/league.csv"
    build/bench/walk_probs $WALK "$T/league.csv" >"$T/lf.csv" 2>>"$T/walk_probs.err"
done
LF_RPS=$(jq -r ".\"$LEAGUE\".model.rps" "$T/out.backtest")
LF_WALK=$(sed -n 's/.*walk_cpu_s=//p' "$T/walk_probs.err" | awk '{ s += $1 } END { printf "%.3f", s / NR }')
WEEKS=$(tail -n +2 "$T/lf.csv" | cut -d, -f4 | sort -u | wc -l)
LAST_WEEK=$(tail -n 1 "$T/lf.csv" | cut -d, -f4)

# The same walk as emit-metrics' val. A model directory for the data, and
# one for the data before the last week (whose walk fills the cache that
# the new week then finds).
mkdir -p "$T/model" "$T/model_prev"
awk -F, -v w="$LAST_WEEK" 'NR == 1 || $3 < w' "$T/league.csv" >"$T/prev.csv"
bin/fit-poisson -o "$T/model/poisson_model.json" "$T/league.csv"
bin/fit-poisson -o "$T/model_prev/poisson_model.json" "$T/prev.csv"
bin/emit-metrics -t poisson_v2 -m "$T/model_prev" --cache "$T/cache.prev" "$T/prev.csv" >/dev/null
EM=(bin/emit-metrics -t poisson_v2 -m "$T/model")
for ((i = 0; i < REPS; i++)); do
    tm em_nocache "${EM[@]}" "$T/league.csv"
    rm -f "$T/cache.cold"
    tm em_cold "${EM[@]}" --cache "$T/cache.cold" "$T/league.csv"
    cp "$T/cache.cold" "$T/cache.warm"
    tm em_warm "${EM[@]}" --cache "$T/cache.warm" "$T/league.csv"
    cp "$T/cache.prev" "$T/cache.new"
    tm em_new "${EM[@]}" --cache "$T/cache.new" "$T/league.csv"
done
refits() { echo $(($(wc -l <"$T/cache.$1") - $2)); } # lines the last run added
W_COLD=$(refits cold 0)
W_WARM=$(refits warm "$W_COLD")
W_NEW=$(refits new "$(wc -l <"$T/cache.prev")")

# ----------------------------------------------------------------- peers
PEERS="leaguefit=$T/lf.csv"
if [ -n "${PENALTYBLOG:-}" ]; then
    PYTHONPATH="$PENALTYBLOG" $PY -c 'import penaltyblog' 2>"$T/pb.err" ||
        { log "PENALTYBLOG=$PENALTYBLOG: cannot import penaltyblog:"; cat "$T/pb.err" >&2; exit 1; }
    log "penaltyblog: walk"
    PYTHONPATH="$PENALTYBLOG" tm pb $PY bench/peer_walk.py walk -m penaltyblog $WALK \
        -o "$T/pb.csv" "$T/league.csv"
    PEERS="$PEERS penaltyblog=$T/pb.csv"
else
    log "penaltyblog: not found (set PENALTYBLOG=...): skipped"
fi
log "statsmodels: walk"
tm sm $PY bench/peer_walk.py walk -m statsmodels $WALK -o "$T/sm.csv" "$T/league.csv"
PEERS="$PEERS statsmodels=$T/sm.csv"
$PY bench/peer_walk.py compare $PEERS >"$T/rps"

# The held season of each of LEAGUES8, leaguefit's walk and penaltyblog's
# (one run each: penaltyblog's walk of a league is 6 to 40 s; DIV's
# LEAGUE's, walked above on the same rows, is taken from there), compared
# league by league and pooled (their forecasts one after the other).
# leaguefit's forecasts are backtest's walk: their RPS must equal
# backtest's to 1e-12, else the script fails.
walk_league() { # walk_league DIV LEAGUE: $T/8.LEAGUE.{lf,pb}.csv, .lf.err, out.pb8_LEAGUE
    local csv=$T/8.$2 rps
    bin/import-fixtures -L data/leagues.csv "$DATA/$1"/*.csv >"$csv.all.csv"
    bin/split-league --played --until "$UNTIL" "$2" "$csv.all.csv" >"$csv.csv"
    build/bench/walk_probs $WALK "$csv.csv" >"$csv.lf.csv" 2>"$csv.lf.err"
    if [ "$1:$2" = "$DIV:$LEAGUE" ]; then
        cp "$T/pb.csv" "$csv.pb.csv"
        cp "$T/out.pb" "$T/out.pb8_$2"
    else
        PYTHONPATH="$PENALTYBLOG" tm "pb8_$2" $PY bench/peer_walk.py walk -m penaltyblog $WALK \
            -o "$csv.pb.csv" "$csv.csv"
    fi
    $PY bench/peer_walk.py compare leaguefit="$csv.lf.csv" penaltyblog="$csv.pb.csv" >"$csv.rps"
    rps=$(bin/backtest --json -t poisson_v2 $WALK "$csv.csv" | jq -r ".\"$2\".model.rps")
    within "$(rps_in "$csv.rps" leaguefit rps_all)" "$rps" ||
        { log "$2: walk_probs' RPS $(rps_in "$csv.rps" leaguefit rps_all), backtest's $rps: they differ by more than 1e-12"; exit 1; }
}
pooled() { # pooled MODEL: the leagues' forecast files of MODEL as one
    local first=1 pair
    for pair in $LEAGUES8; do
        tail -n +$((first ? 1 : 2)) "$T/8.${pair#*:}.$1.csv"
        first=0
    done
}
if [ -f "$T/out.pb" ] && [ -n "$LEAGUES8" ]; then
    for pair in $LEAGUES8; do
        log "the $N8 leagues: ${pair#*:}"
        walk_league "${pair%%:*}" "${pair#*:}"
    done
    pooled lf >"$T/8.lf.csv"
    pooled pb >"$T/8.pb.csv"
    $PY bench/peer_walk.py compare leaguefit="$T/8.lf.csv" penaltyblog="$T/8.pb.csv" >"$T/8.rps"
fi
rps_of() { rps_in "$T/rps" "$@"; }

# leaguefit's forecasts match by match, and every run of its walk: the
# non-incremental result, to 1e-12.
check() { # check LABEL RPS: |RPS - backtest's| to $T/diff.LABEL, fails above 1e-12
    absdiff "$2" "$LF_RPS" >"$T/diff.$1"
    within "$2" "$LF_RPS" ||
        { log "$1: RPS $2, backtest's $LF_RPS: they differ by more than 1e-12"; exit 1; }
}
check walk_probs "$(rps_of leaguefit rps_all)"
for r in nocache cold warm new; do
    jq -r .val.rps "$T/out.em_$r" >"$T/rps.$r"
    check "em_$r" "$(cat "$T/rps.$r")"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(($(date +%s) - START))

# ---------------------------------------------------------------- report
LF_CPU=$(cpu backtest)
peer_row() { # peer_row NAME TM_NAME: one row of the main table
    local walk
    walk=$(kv "$2.line" walk_cpu_s)
    printf '| %s | %s | %s | %s | %s | %s× / %s× | %s | %s | %s |\n' "$1" \
        "$(kv "$2.line" fits)" "$(kv "$2.line" fit_ms)" "$walk" \
        "$(cpu "$2")" "$(div "$walk" "$LF_CPU")" "$(div "$walk" "$LF_WALK")" \
        "$(rps_of "$1" rps | awk '{printf "%.6f", $1}')" \
        "$(rps_of "$1" n_all) / $(rps_of "$1" rps_all | awk '{printf "%.6f", $1}')" \
        "$(rps_of "$1" diff_vs_leaguefit) ± $(rps_of "$1" diff_se)"
}
cp "$T/out.sm" "$T/sm.line"
[ ! -f "$T/out.pb" ] || cp "$T/out.pb" "$T/pb.line"
N_COMMON=$(rps_of leaguefit n)
N_LEFT=$(($(rps_of leaguefit n_all) - N_COMMON))
PB_CPU=$([ -f "$T/pb.line" ] && kv pb.line walk_cpu_s || echo 0)
left_out() { awk -F, 'NR > 1 && $6 == "" { printf "%s%s %s–%s", n++ ? ", " : "", $1, $2, $3 }' "$T/sm.csv"; }
verdict() { # verdict FILE: leaguefit against penaltyblog on the matches of FILE's compare
    awk -v l="$(rps_in "$1" leaguefit rps)" -v p="$(rps_in "$1" penaltyblog rps)" \
        -v se="$(rps_in "$1" penaltyblog diff_se)" 'BEGIN { d = l > p ? l - p : p - l
        printf "%s (on the same matches leaguefit %.6f, penaltyblog %.6f: leaguefit %s by %.2g, %.2f standard errors of the paired difference)",
            l <= p ? "**met**" : "**missed**", l, p, l <= p ? "better" : "worse", d, d / se }'
}
rps_target() {
    [ -f "$T/pb.line" ] || { echo "not measured (penaltyblog skipped)"; return; }
    if [ -f "$T/8.rps" ]; then
        printf 'over the season of the %s leagues (below), %s; %s alone, %s' \
            "$N8" "$(verdict "$T/8.rps")" "$LEAGUE" "$(verdict "$T/rps" | sed 's/\*\*//g')"
    else
        verdict "$T/rps"
    fi
}
# The table of the 8 leagues' season, a row a league and the pooled row.
league8_row() { # league8_row NAME RPS_FILE LF_CPU PB_CPU
    printf '| %s | %s | %.6f | %.6f | %s ± %s | %s | %s |\n' "$1" "$(rps_in "$2" leaguefit n)" \
        "$(rps_in "$2" leaguefit rps)" "$(rps_in "$2" penaltyblog rps)" \
        "$(rps_in "$2" penaltyblog diff_vs_leaguefit)" "$(rps_in "$2" penaltyblog diff_se)" "$3" "$4"
}
leagues8_table() {
    local pair l lf pb lf_sum=0 pb_sum=0
    echo "| league | matches | RPS leaguefit | RPS penaltyblog | penaltyblog − leaguefit ± s.e. | leaguefit walk CPU s | penaltyblog walk CPU s |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for pair in $LEAGUES8; do
        l=${pair#*:}
        lf=$(sed -n 's/.*walk_cpu_s=//p' "$T/8.$l.lf.err")
        pb=$(kv "out.pb8_$l" walk_cpu_s)
        league8_row "$l" "$T/8.$l.rps" "$lf" "$pb"
        lf_sum=$(awk -v a="$lf_sum" -v b="$lf" 'BEGIN { printf "%.3f", a + b }')
        pb_sum=$(awk -v a="$pb_sum" -v b="$pb" 'BEGIN { printf "%.3f", a + b }')
    done
    league8_row all "$T/8.rps" "$lf_sum" "$pb_sum"
}
{
cat <<EOF
<!-- begin peers: written by bench/peers.sh (make peers); bench/perf.sh keeps this block -->
## (g) Peers: the walk-forward of one season beside penaltyblog and statsmodels

\`bench/peers.sh\` (\`make peers\`), $(date -u '+%Y-%m-%d %H:%M UTC'), commit
$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes'), $(nproc) cores, script run time ${ELAPSED} s.
Load average before / after: $LOAD0 / $LOAD1 (CPU times, user+sys, are
not inflated by the load; wall times would be).

$LEAGUE $FROM to $UNTIL: $WEEKS match weeks, each refitted before its
Monday on all the league's played matches before it ($NROWS rows of
\`DATA/$DIV\`, 1993-94 on), then predicting the week. Time decay
$(kv sm.line xi) a day for the peers (\`exp(-xi × days)\`, xi = −ln(0.575) / 365.25):
leaguefit's decay chosen without a season weight, 0.575 a year (docs/decay.md).
leaguefit runs its defaults (rho, ridge 3, decay 0.75 a year with each
earlier season weighed 0.7 times the next, linked fits: here the league's
rows alone, no other division being in the data; a fallback for a side
with fewer than 8 matches).

| model | fits | CPU a fit, ms | walk CPU s | process CPU s | walk CPU ÷ leaguefit's process / walk CPU | RPS, $N_COMMON matches | all predicted: n / RPS | RPS − leaguefit's ± s.e. |
|---|---|---|---|---|---|---|---|---|
| leaguefit (backtest) | $WEEKS | $(awk -v c="$LF_WALK" -v w="$WEEKS" 'BEGIN { printf "%.2f", 1e3 * c / w }') | $LF_WALK | $LF_CPU | | $(rps_of leaguefit rps | awk '{printf "%.6f", $1}') | $(rps_of leaguefit n_all) / $(awk -v r="$LF_RPS" 'BEGIN{printf "%.6f", r}') | |
EOF
if [ -f "$T/pb.line" ]; then
    peer_row penaltyblog pb
else
    echo "| penaltyblog | not found (set PENALTYBLOG=...): skipped | | | | | | | |"
fi
peer_row statsmodels sm
cat <<EOF

- Walk CPU: the walk alone, fits and forecasts, without reading the data
  (leaguefit: \`build/bench/walk_probs\`, clock(3), the mean of $REPS runs;
  the peers: \`time.process_time\`); CPU a fit is that divided by the
  fits. Process CPU: the whole process, by GNU time (leaguefit: \`bin/backtest\`,
  reading the CSV, the walk and scoring, the mean of $REPS runs; the peers
  add Python's start, imports and reading). The ratios: a peer's walk CPU
  over leaguefit's whole process (the target's measure, which counts
  leaguefit's reading against it), and over leaguefit's walk alone.
  Target ≥ 50× penaltyblog: $([ -f "$T/pb.line" ] && awk -v r="$(div "$PB_CPU" "$LF_CPU")" 'BEGIN { print (r >= 50) ? "**met** (" r "×)" : "**missed** (" r "×)" }' || echo "not measured (penaltyblog skipped)").
  Target RPS equal to or better than penaltyblog's: $(rps_target).
- RPS (outcomes ordered H, D, A) on the $N_COMMON matches every model
  predicted: the peers cannot predict a side absent from the history, so
  the $N_LEFT match(es) with one (a side new to the league, in its first
  week: $(left_out)) are left out for every model; leaguefit predicts them with its
  fallback, and its RPS over all its matches is backtest's own. The last
  column: the mean per-match RPS difference to leaguefit's and its
  standard error (paired).
- Every model's forecasts are of the same matches in the same order
  (checked by \`peer_walk.py compare\`); leaguefit's, match by match, from
  \`build/bench/walk_probs\` (backtest's walk, printing each forecast), whose
  RPS equals backtest's: difference $(cat "$T/diff.walk_probs").

EOF
if [ -f "$T/8.rps" ]; then
cat <<EOF
The same season, $FROM to $UNTIL, in each of $([ "$N8" = 8 ] && echo the 8 target leagues || echo "$N8 leagues") (one
run of each walk; options as above, each league fitted on its own rows
alone), and pooled, on which the RPS target is judged: one league's
season is a few hundred matches, and in most leagues the standard error
of the paired difference (±) is as large as the difference or larger.

$(leagues8_table)

EOF
fi
cat <<EOF
leaguefit's walk, recomputed and from its walk cache (\`emit-metrics
--cache\`), each the mean of $REPS runs; the val RPS of each must equal
backtest's to 1e-12:

| run | weeks refitted | CPU s | val RPS | \|RPS − backtest's\| |
|---|---|---|---|---|
| backtest | $WEEKS | $LF_CPU | $LF_RPS | 0 |
| emit-metrics, no cache | $WEEKS | $(cpu em_nocache) | $(cat "$T/rps.nocache") | $(cat "$T/diff.em_nocache") |
| emit-metrics --cache, empty cache | $W_COLD | $(cpu em_cold) | $(cat "$T/rps.cold") | $(cat "$T/diff.em_cold") |
| emit-metrics --cache, every week cached | $W_WARM | $(cpu em_warm) | $(cat "$T/rps.warm") | $(cat "$T/diff.em_warm") |
| emit-metrics --cache, a new week (weeks before it cached) | $W_NEW | $(cpu em_new) | $(cat "$T/rps.new") | $(cat "$T/diff.em_new") |

emit-metrics also scores the model in-sample and the baselines, so its
process costs more than backtest's walk; "a new week" is the run of a new
version of the data whose previous version's walk filled the cache (the
data before $LAST_WEEK).

    bin/import-fixtures -L data/leagues.csv DATA/$DIV/*.csv > all.csv
    bin/split-league --played --until $UNTIL $LEAGUE all.csv > league.csv
    bin/backtest --json -t poisson_v2 $WALK league.csv
    build/bench/walk_probs $WALK league.csv > leaguefit.csv
    PYTHONPATH=\$PENALTYBLOG /usr/bin/python3 bench/peer_walk.py walk -m penaltyblog $WALK -o penaltyblog.csv league.csv
    /usr/bin/python3 bench/peer_walk.py walk -m statsmodels $WALK -o statsmodels.csv league.csv
    /usr/bin/python3 bench/peer_walk.py compare leaguefit=leaguefit.csv penaltyblog=penaltyblog.csv statsmodels=statsmodels.csv
    bin/emit-metrics -t poisson_v2 -m MODEL_DIR [--cache FILE] league.csv
    # the 8 leagues: walk_probs and peer_walk.py walk -m penaltyblog on each
    # league's file as above, then their forecasts one after the other:
    /usr/bin/python3 bench/peer_walk.py compare leaguefit=all8-leaguefit.csv penaltyblog=all8-penaltyblog.csv
<!-- end peers -->
EOF
} >"$T/section.md"

if [ -z "${OUT:-}" ]; then
    cat "$T/section.md"
else
    bench/section.sh peers "$T/section.md" "$OUT"
    log "wrote its section of $OUT"
fi
log "done in ${ELAPSED} s"
