#!/usr/bin/env bash
# bench/decay.sh: chooses poisson_v2's default time decay and
# min-team-matches by a weekly walk-forward backtest (docs/decay.md).
#
# usage: bench/decay.sh [-k DIR] [> report.md]
#
# Tunes on the seasons 2014-15 to 2018-19 only (backtest --from 2014-07-01
# --until 2019-07-01), the 8 target leagues pooled, by pooled RPS over the
# grid decay x min-team-matches, then refines around the best.  The chosen
# setting, the first default decay 0.8, the published 0.5178 and no decay (1.0) are
# then run once on the held-out seasons 2019-20 to 2023-24, beside the
# bookmaker and the base rate.  Prints the markdown tables on stdout and
# progress on stderr.  -k DIR keeps every backtest's CSV in DIR and reuses
# those already there (only with the same binaries and data!), so that the
# report can be rewritten without rerunning the backtests.  BENCH_DECAYS and
# BENCH_MINS (space-separated) replace the grid, for a quick trial.
#
# Runs from the project root (it changes there itself); reads the shared
# football-data files at ../shared/data/football-data (never copied into the
# project); uses the built programs (make build), copied first so that a
# rebuild during the run cannot mix two versions.  JOBS (default 2) backtests
# run in parallel.
set -euo pipefail

cd "$(dirname "$0")/.."
DATA=../shared/data/football-data
JOBS=${JOBS:-2}
KEEP=
while getopts k:h opt; do
    case $opt in
    k) KEEP=$OPTARG ;;
    h) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "usage: bench/decay.sh [-k DIR]" >&2; exit 2 ;;
    esac
done

DIVISIONS=(E0 E1 SP1 I1 D1 F1 N1 P1)
LEAGUES=(premier_league championship la_liga serie_a bundesliga ligue_1 eredivisie primeira_liga)
TUNE_FROM=2014-07-01 TUNE_UNTIL=2019-07-01
TEST_FROM=2019-07-01 TEST_UNTIL=2024-07-01
read -r -a DECAYS <<<"${BENCH_DECAYS:-0.3 0.4 0.45 0.5 0.5178 0.55 0.6 0.7 0.8 0.9 1.0}"
read -r -a MINS <<<"${BENCH_MINS:-1 3 6 10}"
SEED_DECAY=0.8 PUBLISHED_DECAY=0.5178 NO_DECAY=1.0

for p in import-fixtures split-league backtest; do
    [ -x "bin/$p" ] || { echo "decay.sh: bin/$p missing: run make build" >&2; exit 1; }
done
for d in "${DIVISIONS[@]}"; do
    [ -d "$DATA/$d" ] || { echo "decay.sh: $DATA/$d missing" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/bin"
OUT=$WORK/out
if [ -n "$KEEP" ]; then
    mkdir -p "$KEEP"
    OUT=$(cd "$KEEP" && pwd)
else
    mkdir "$OUT"
fi
cp bin/import-fixtures bin/split-league bin/backtest "$WORK/bin/"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# Every season of the 8 divisions (the walk-forward fits only matches before
# each week, and never after --until: nothing after the window is seen).
log "importing ${DIVISIONS[*]} from $DATA"
files=()
for d in "${DIVISIONS[@]}"; do
    files+=("$DATA/$d"/*.csv)
done
"$WORK/bin/import-fixtures" -L data/leagues.csv -o "$WORK/all.csv" "${files[@]}"
LEAGUE_FILES=
for l in "${LEAGUES[@]}"; do
    "$WORK/bin/split-league" -o "$WORK/$l.csv" "$l" "$WORK/all.csv"
    LEAGUE_FILES+=" $WORK/$l.csv"
done

# run_one WINDOW DECAY MIN: one backtest into $OUT/WINDOW_DECAY_MIN.csv.
run_one() {
    local from until out="$OUT/$1_$2_$3.csv"
    case $1 in
    tune) from=$TUNE_FROM until=$TUNE_UNTIL ;;
    test) from=$TEST_FROM until=$TEST_UNTIL ;;
    esac
    [ -s "$out" ] && return 0
    # shellcheck disable=SC2086
    "$WORK/bin/backtest" --from "$from" --until "$until" --decay "$2" \
        --min-team-matches "$3" $LEAGUE_FILES >"$out.tmp"
    grep -q '^all,model,[1-9]' "$out.tmp" || { echo "decay.sh: $out: no pooled model row" >&2; return 1; }
    mv "$out.tmp" "$out"
    printf '[%s]   %s decay %s min-team-matches %s: pooled rps %s\n' "$(date +%T)" "$1" "$2" "$3" \
        "$(awk -F, '$1 == "all" && $2 == "model" { print $7 }' "$out")" >&2
}
export -f run_one
export WORK OUT LEAGUE_FILES TUNE_FROM TUNE_UNTIL TEST_FROM TEST_UNTIL

# Runs "WINDOW DECAY MIN" lines from stdin, JOBS at a time.
run_all() { xargs -P "$JOBS" -n 3 bash -c 'run_one "$@"' run_one; }

# field WINDOW DECAY MIN SCOPE SOURCE COLUMN: one number of a backtest.
field() {
    awk -F, -v s="$4" -v src="$5" -v c="$6" '$1 == s && $2 == src { print $c }' \
        "$OUT/$1_$2_$3.csv"
}

# Prints "DECAY MIN RPS LOGLOSS" of the best tuning run so far: lowest pooled
# RPS, then lowest log loss; on a tie (equal to the printed 6 decimals) a
# grid point before a refined one, then the smaller decay and min-team-matches.
best_tuning() {
    local f b d m refined
    for f in "$OUT"/tune_*.csv; do
        b=${f##*/tune_}
        b=${b%.csv}
        d=${b%_*} m=${b##*_} refined=1
        if [[ " ${DECAYS[*]} " == *" $d "* && " ${MINS[*]} " == *" $m "* ]]; then
            refined=0
        fi
        awk -F, -v d="$d" -v m="$m" -v r="$refined" \
            '$1 == "all" && $2 == "model" { print d, m, $7, $5, r }' "$f"
    done | sort -k3,3g -k4,4g -k5,5n -k1,1g -k2,2n | head -n 1
}

ngrid=$((${#DECAYS[@]} * ${#MINS[@]}))
log "tuning grid: $ngrid backtests of $TUNE_FROM..$TUNE_UNTIL, $JOBS at a time"
for d in "${DECAYS[@]}"; do
    for m in "${MINS[@]}"; do
        echo tune "$d" "$m"
    done
done | run_all

# Refinement: the best decay and the decays halfway to its grid neighbours,
# crossed with the best min-team-matches and those halfway to its neighbours.
read -r BEST_D BEST_M _ <<<"$(best_tuning)"
log "best of the grid: decay $BEST_D, min-team-matches $BEST_M; refining around it"
ref_d=("$BEST_D") ref_m=("$BEST_M")
for i in "${!DECAYS[@]}"; do
    [ "${DECAYS[$i]}" = "$BEST_D" ] || continue
    for j in $((i - 1)) $((i + 1)); do
        if [ "$j" -ge 0 ] && [ "$j" -lt "${#DECAYS[@]}" ]; then
            ref_d+=("$(awk -v a="$BEST_D" -v b="${DECAYS[$j]}" \
                'BEGIN { s = sprintf("%.4f", (a + b) / 2); sub(/0+$/, "", s); print s }')")
        fi
    done
done
for i in "${!MINS[@]}"; do
    [ "${MINS[$i]}" = "$BEST_M" ] || continue
    for j in $((i - 1)) $((i + 1)); do
        if [ "$j" -ge 0 ] && [ "$j" -lt "${#MINS[@]}" ]; then
            m=$(((BEST_M + MINS[j]) / 2))
            if [ "$m" != "$BEST_M" ] && [ "$m" != "${MINS[$j]}" ]; then
                ref_m+=("$m")
            fi
        fi
    done
done
for d in "${ref_d[@]}"; do
    for m in "${ref_m[@]}"; do
        echo tune "$d" "$m"
    done
done | run_all
read -r CHOSEN_D CHOSEN_M CHOSEN_RPS CHOSEN_LL _ <<<"$(best_tuning)"
log "chosen: decay $CHOSEN_D, min-team-matches $CHOSEN_M (pooled rps $CHOSEN_RPS, log loss $CHOSEN_LL)"

# Held out: the chosen setting, the published and the first default decay and no
# decay, all at the chosen min-team-matches.
TESTED=("$CHOSEN_D")
for d in "$PUBLISHED_DECAY" "$SEED_DECAY" "$NO_DECAY"; do
    [[ " ${TESTED[*]} " == *" $d "* ]] || TESTED+=("$d")
done
log "held out: ${#TESTED[@]} backtests of $TEST_FROM..$TEST_UNTIL"
for d in "${TESTED[@]}"; do
    echo test "$d" "$CHOSEN_M"
done | run_all


# ---- the report ----
# The pooled n must be the same in every run, else weeks were skipped (a fit
# failed) and the runs are not comparable.
check_n() {
    local w=$1 n0='' f n
    for f in "$OUT"/"$w"_*.csv; do
        n=$(awk -F, '$1 == "all" && $2 == "model" { print $3 }' "$f")
        if [ -z "$n0" ]; then n0=$n; elif [ "$n" != "$n0" ]; then
            echo "**Warning:** ${f##*/} scored $n matches, another run $n0 (skipped weeks)."
            echo
        fi
    done
}

# fmt X [DECIMALS]: a number to 4 (or DECIMALS) decimals, '-' for none.
fmt() { awk -v x="$1" -v k="${2:-4}" 'BEGIN { if (x == "") print "-"; else printf "%.*f", k, x }'; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src 2>/dev/null || true)
echo "## Tuning: $TUNE_FROM to $TUNE_UNTIL (seasons 2014-15 to 2018-19), 8 leagues pooled"
echo
echo "Generated by \`bench/decay.sh\` ($(date -u +%Y-%m-%d), commit $commit${dirty:+ with uncommitted changes to src}). Pooled"
echo "walk-forward RPS, log loss in brackets, $(field tune "$CHOSEN_D" "$CHOSEN_M" all model 3) matches;"
echo "bold: the chosen setting."
echo
check_n tune
all_decays=$(for f in "$OUT"/tune_*.csv; do b=${f##*/tune_}; echo "${b%_*}"; done | sort -g -u)
all_mins=$(for f in "$OUT"/tune_*.csv; do b=${f%.csv}; echo "${b##*_}"; done | sort -n -u)
printf '| decay / year |'
for m in $all_mins; do printf ' min-team-matches %s |' "$m"; done
printf '\n|---:|'
for _ in $all_mins; do printf -- '---:|'; done
echo
cell() {
    local f="$OUT/tune_$1_$2.csv" s
    if [ ! -s "$f" ]; then printf ' |'; return; fi
    s="$(fmt "$(field tune "$1" "$2" all model 7)" 5) ($(fmt "$(field tune "$1" "$2" all model 5)" 5))"
    if [ "$1" = "$CHOSEN_D" ] && [ "$2" = "$CHOSEN_M" ]; then s="**$s**"; fi
    printf ' %s |' "$s"
}
for d in $all_decays; do
    printf '| %s |' "$d"
    for m in $all_mins; do cell "$d" "$m"; done
    echo
done
echo
echo "Chosen: decay $CHOSEN_D per year, min-team-matches $CHOSEN_M (pooled RPS $(fmt "$CHOSEN_RPS" 5), log loss $(fmt "$CHOSEN_LL" 5))."
echo "On the same matches the bookmaker scores RPS $(fmt "$(field tune "$CHOSEN_D" "$CHOSEN_M" all bookmaker 7)"), log loss $(fmt "$(field tune "$CHOSEN_D" "$CHOSEN_M" all bookmaker 5)");"
echo "the base rate RPS $(fmt "$(field tune "$CHOSEN_D" "$CHOSEN_M" all base_rate 7)"), log loss $(fmt "$(field tune "$CHOSEN_D" "$CHOSEN_M" all base_rate 5)")."
echo

echo "## Held out: $TEST_FROM to $TEST_UNTIL (seasons 2019-20 to 2023-24)"
echo
echo "Every model at min-team-matches $CHOSEN_M; the bookmaker (normalised implied"
echo "probabilities) and the base rate on the same matches. n: matches scored"
echo "(bookmaker: those with odds)."
echo
check_n test
for metric in "RPS:7" "log loss:5"; do
    name=${metric%:*} col=${metric#*:}
    echo "### $name"
    echo
    printf '| league | n |'
    for d in "${TESTED[@]}"; do
        label="decay $d"
        [ "$d" = "$CHOSEN_D" ] && label="**decay $d (chosen)**"
        printf ' %s |' "$label"
    done
    printf ' bookmaker | base rate |\n|---|---:|'
    for _ in "${TESTED[@]}" 1 2; do printf -- '---:|'; done
    echo
    for l in "${LEAGUES[@]}" all; do
        scope=$l
        [ "$l" = all ] && l="**pooled**"
        n=$(field test "$CHOSEN_D" "$CHOSEN_M" "$scope" model 3)
        nb=$(field test "$CHOSEN_D" "$CHOSEN_M" "$scope" bookmaker 3)
        [ "$nb" = "$n" ] || n="$n ($nb)"
        printf '| %s | %s |' "$l" "$n"
        for d in "${TESTED[@]}"; do
            printf ' %s |' "$(fmt "$(field test "$d" "$CHOSEN_M" "$scope" model "$col")")"
        done
        printf ' %s | %s |\n' "$(fmt "$(field test "$CHOSEN_D" "$CHOSEN_M" "$scope" bookmaker "$col")")" \
            "$(fmt "$(field test "$CHOSEN_D" "$CHOSEN_M" "$scope" base_rate "$col")")"
    done
    echo
done

# The chosen decay against each other one, league by league.
echo "### The chosen decay $CHOSEN_D against the others, held out"
echo
echo "| against | pooled RPS difference (SE) | leagues with a lower RPS | pooled log loss difference (SE) | leagues with a lower log loss |"
echo "|---|---:|---:|---:|---:|"
for d in "${TESTED[@]}"; do
    [ "$d" != "$CHOSEN_D" ] || continue
    printf '| decay %s |' "$d"
    for col in 7 5; do
        paste -d, "$OUT/test_${CHOSEN_D}_$CHOSEN_M.csv" "$OUT/test_${d}_$CHOSEN_M.csv" |
            awk -F, -v c="$col" '
                $2 != "model" { next }
                $1 == "all" { diff = $c - $(c + 8); total = $3; next }
                { k++; n[k] = $3; d[k] = $c - $(c + 8); wins += d[k] < 0 }
                END {
                    for (i = 1; i <= k; i++)
                        v += (n[i] / total) ^ 2 * (d[i] - diff) ^ 2
                    printf " %+.5f (%.5f) | %d of %d |", diff, sqrt(v * k / (k - 1)), wins, k
                }'
    done
    echo
done
echo
echo "A negative difference: the chosen decay scores better (lower). SE: a rough"
echo "standard error of the pooled difference from its spread over the ${#LEAGUES[@]} leagues"
echo "(leagues as independent blocks)."
log "report written"
