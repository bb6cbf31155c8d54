# bench/tuning-data.sh [DATA_DIR [LOWER_DIR]]: sourced by the walk-forward
# tuning benches (prior.sh, blend.sh, blend-features.sh). Sets the tuning
# seasons (FROM, UNTIL: 2014-15 to 2018-19) and the 8 target LEAGUES,
# builds the programs and puts copies of backtest, import-fixtures and
# split-league in a temporary $work (removed on exit) beside the canonical
# rows: all.csv (DATA_DIR), lower.csv (LOWER_DIR, the feeder divisions)
# and one file a league; defines paired_rps and poisson_variant_table.
DATA=${1:-../shared/data/football-data}
LOWER=${2:-../shared/data/football-data-lower}
FROM=2014-07-01 UNTIL=2019-07-01
LEAGUES="premier_league championship la_liga serie_a bundesliga ligue_1 eredivisie primeira_liga"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make -s build >&2
cp bin/backtest bin/import-fixtures bin/split-league "$work/"
"$work/import-fixtures" $(find "$DATA" -name '*.csv' | LC_ALL=C sort) > "$work/all.csv"
"$work/import-fixtures" $(find "$LOWER" -name '*.csv' | LC_ALL=C sort) > "$work/lower.csv"
for l in $LEAGUES; do
    "$work/split-league" "$l" "$work/all.csv" > "$work/$l.csv"
done

# paired_rps A B: the mean RPS difference (B minus A) over the same
# matches in the same order (backtest --predictions files), and its paired
# z, as "| diff | z |".
paired_rps() {
    awk -F, '
    function rps(ph, pd, hg, ag) { return ((ph - (hg > ag))^2 + (ph + pd - (hg >= ag))^2) / 2 }
    FNR == 1 { next }
    NR == FNR { key[FNR] = $1 FS $2 FS $3 FS $4; base[FNR] = rps($7, $8, $5, $6); next }
    key[FNR] != $1 FS $2 FS $3 FS $4 { print "paired_rps: the two files scored other matches" > "/dev/stderr"; exit 1 }
    { d = rps($7, $8, $5, $6) - base[FNR]; n++; s += d; ss += d * d }
    END { m = s / n; se = sqrt((ss - n * m * m) / (n - 1) / n)
          z = se > 0 ? sprintf("%.1f", m / se) : "–"
          printf "%+.5f | %s |\n", m, z }' "$1" "$2"
}

# poisson_variant_run VARIANT K: poisson_v2's walk-forward with the
# options of VARIANT (after FIXED's; @LOWER the feeder divisions' rows):
# its --json report in $work/rK.json, its forecasts in $work/pK.csv.
poisson_variant_run() {
    echo "variant: $1" >&2
    "$work/backtest" -j 2 -t poisson_v2 --from $FROM --until $UNTIL --json \
        --predictions "$work/p$2.csv" ${FIXED:-} ${1//@LOWER/$work/lower.csv} \
        $(for l in $LEAGUES; do echo "$work/$l.csv"; done) > "$work/r$2.json"
}

# poisson_variant_table: one line per variant of $VARIANTS (each a set of
# backtest options, "@LOWER" standing for the feeder divisions; the first
# is the reference): pooled RPS and log loss over the 8 leagues, the RPS on
# the matches of sides new to their league in their first six weeks, and
# the RPS difference to the first variant match by match with its paired z.
# COMMON: options every variant begins with, left out of the labels;
# FIXED: options put before every variant's (which may override them).
poisson_variant_table() {
    local v k=0
    echo "| variant | RPS | log loss | RPS first six weeks | ΔRPS | paired z |"
    echo "|---|---:|---:|---:|---:|---:|"
    while IFS= read -r v; do
        [ -n "$v" ] || continue
        poisson_variant_run "$v" $k
        jq -r --arg v "$v" --arg c "${COMMON:-}" '.all | def f: . * 100000 | round / 100000 | tostring;
            "| \($v | ltrimstr($c) | ltrimstr(" ") | gsub("@LOWER"; "LOWER")) | \(.model.rps | f) | \(.model.log_loss | f) | \(.promoted_early.model.rps | f) | "' \
            "$work/r$k.json" | tr -d '\n'
        paired_rps "$work/p0.csv" "$work/p$k.csv"
        k=$((k + 1))
    done <<< "$VARIANTS"
}
