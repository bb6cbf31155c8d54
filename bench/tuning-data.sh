# bench/tuning-data.sh [DATA_DIR [LOWER_DIR]]: sourced by the walk-forward
# tuning benches (prior.sh, blend.sh). Sets the tuning seasons (FROM,
# UNTIL: 2014-15 to 2018-19) and the 8 target LEAGUES, builds the programs
# and puts copies of backtest, import-fixtures and split-league in a
# temporary $work (removed on exit) beside the canonical rows: all.csv
# (DATA_DIR), lower.csv (LOWER_DIR, the feeder divisions) and one file a
# league.
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
