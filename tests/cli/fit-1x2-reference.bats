#!/usr/bin/env bats
# fit-1x2 against scikit-learn (tests/reference/sklearn_fit1x2.py): the
# three binary models and the calibrator of a 1x2_v2 model, refitted from
# the feature table as documented, on a real league (the Premier League,
# every season in ../shared/data/football-data/E0) and on a simulated one
# with other options. Needs /usr/bin/python3 with numpy and scikit-learn
# and the shared data: without them the tests fail, they do not skip.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    DATA="$PROJECT/../shared/data/football-data"
    cd "$BATS_FILE_TMPDIR"
    # The real league's feature table, if the data is there (the test
    # below says so when it is not).
    if compgen -G "$DATA/E0/*.csv" >/dev/null; then
        "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" "$DATA"/E0/*.csv >fixtures.csv &&
            "$BIN/split-league" premier_league fixtures.csv >e0.csv &&
            "$BIN/league-features" -o e0-features.csv e0.csv
    fi
    "$BIN/simulate-league" --seed 4 --seasons 5 --teams 14 >sim.csv
    "$BIN/league-features" sim.csv >sim-features.csv
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    PY=/usr/bin/python3
    REF="$PROJECT/tests/reference/sklearn_fit1x2.py"
    DATA="$PROJECT/../shared/data/football-data"
    cd "$BATS_TEST_TMPDIR"
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# fit_model DIR TABLE [OPTIONS...]: the four model files of fit-1x2.
fit_model() {
    local dir=$1 table=$2 o
    shift 2
    mkdir -p "$dir"
    for o in home draw away; do
        "$BIN/fit-1x2" --outcome $o "$@" -o "$dir/${o}_model.json" "$table" || return 1
    done
    "$BIN/fit-1x2" --calibrate -m "$dir" -o "$dir/calibrator.json" "$table"
}

# check TABLE DIR NAME: the reference check, its report on fd 3.
check() {
    run --separate-stderr "$PY" "$REF" "$@"
    if [ "$status" -ne 0 ]; then
        printf '%s\n%s\n' "$output" "$stderr" >&2
        return 1
    fi
    sed 's/^/# /' <<<"$output" >&3
    for part in home draw away calibrator; do
        grep -q "^$3 $part: .*: ok; " <<<"$output" || { echo "no ok line for $3 $part" >&2; return 1; }
    done
}

@test "/usr/bin/python3 has numpy and scikit-learn >= 1.2" {
    run --separate-stderr "$PY" -c 'import numpy, sklearn; print(sklearn.__version__)'
    if [ "$status" -ne 0 ]; then
        echo "$PY cannot import numpy and sklearn (Debian: apt-get install python3-sklearn)" >&2
        return 1
    fi
    [[ "$output" =~ ^(1\.([2-9]|[1-9][0-9])|[2-9])\. ]]
}

@test "the shared football-data files of the Premier League are there" {
    if ! compgen -G "$DATA/E0/*.csv" >/dev/null; then
        echo "no $DATA/E0/*.csv: the real-data reference test cannot run" >&2
        return 1
    fi
    [ "$(ls "$DATA"/E0/*.csv | wc -l)" -ge 20 ]
}

@test "premier_league (real data, all seasons): the binary models and calibrator equal scikit-learn's" {
    table="$BATS_FILE_TMPDIR/e0-features.csv"
    [ -s "$table" ] || { echo "no feature table of E0 (see the tests above)" >&2; return 1; }
    [ "$(wc -l <"$table")" -gt 10000 ]
    fit_model e0 "$table"
    jq -e '.diagnostics.fit_matches > 7000 and .diagnostics.calibration_matches > 3000' e0/home_model.json
    check "$table" e0 premier_league
}

@test "a simulated league with other options (until, split, lambdas, min-history): equal to scikit-learn's" {
    table="$BATS_FILE_TMPDIR/sim-features.csv"
    fit_model sim "$table" --until 2023-03-01 --split 0.4 --lambda 3 --cal-lambda 0.5 --min-history 3
    same "$(jq -c .options sim/calibrator.json)" \
        '{"until":"2023-03-01","split":0.4,"lambda":3,"cal_lambda":0.5,"min_history":3}'
    check "$table" sim simulated
}

@test "the reference check fails on a coefficient 1e-5 off, a wrong mean, split or feature list" {
    table="$BATS_FILE_TMPDIR/sim-features.csv"
    fit_model good "$table"
    # in one process (importing sklearn is the slow part): the good model
    # passes, each changed copy fails for its reason
    run --separate-stderr "$PY" "$REF" --selftest "$table" good
    if [ "$status" -ne 0 ]; then
        printf '%s\n%s\n' "$output" "$stderr" >&2
        return 1
    fi
    [[ "$output" == *$'\n'"selftest: the good model passes"$'\n'* ]]
    same "$(grep -c '^selftest: .*: fails: ' <<<"$output")" 9
    # a missing file, a table the model was not fitted on: FAIL, exit 1
    rm good/calibrator.json
    run --separate-stderr "$PY" "$REF" "$table" good
    [ "$status" -eq 1 ]
    [[ "$stderr" == "sklearn_fit1x2: FAIL: good/calibrator.json: "* ]]
    fit_model other "$table" --min-history 4
    head -400 "$table" >short.csv
    run --separate-stderr "$PY" "$REF" short.csv other
    [ "$status" -eq 1 ]
    [[ "$stderr" == "sklearn_fit1x2: FAIL: other home: diagnostics."* ]]
    run --separate-stderr "$PY" "$REF" "$table"
    [ "$status" -eq 2 ]
}
