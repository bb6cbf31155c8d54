#!/usr/bin/env bats
# fit-poisson against a reference implementation: without rho, Dixon-Coles is
# a Poisson GLM (goals ~ home + team + opponent), which statsmodels fits; the
# log-likelihood (plain and decay-weighted) and every fitted rate must agree
# (tests/reference/statsmodels_poisson.py); so the fits here are the
# maximum-likelihood ones, --ridge 0, each match weighted by the decay
# alone, --season-weight 1.  Needs /usr/bin/python3 with
# statsmodels and the shared football-data files: without them the tests
# fail, they do not skip (the first test says why; the reference script
# itself exits 1 naming what it cannot import).

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    SHARED="$PROJECT/../shared/data/football-data"
    PY=/usr/bin/python3
    REF="$PROJECT/tests/reference/statsmodels_poisson.py"
    cd "$BATS_TEST_TMPDIR"
}

need_statsmodels() {
    if ! "$PY" -c 'import numpy, pandas, scipy, statsmodels' 2>/dev/null; then
        echo "$PY cannot import numpy, pandas, scipy and statsmodels" \
             "(Debian: apt-get install python3-statsmodels)" >&2
        return 1
    fi
}

# The seasons 2021-22 to 2023-24 of division $1 as league $2, in $2.csv.
shared_league() {
    local f files=()
    for f in 2021-22 2022-23 2023-24; do
        if [ ! -f "$SHARED/$1/$f.csv" ]; then
            echo "missing shared data: $SHARED/$1/$f.csv" >&2
            return 1
        fi
        files+=("$SHARED/$1/$f.csv")
    done
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -o all.csv "${files[@]}"
    "$BIN/split-league" -o "$2.csv" "$2" all.csv
}

# Fits $1.csv without rho, unweighted and with decay 0.5 (and any further
# option sets given as arguments, each one word with commas for spaces), then
# checks every model against statsmodels.
check_league() {
    local csv="$1.csv" models=() i=0 opts
    shift
    for opts in "--decay,1" "--decay,0.5" "$@"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        "$BIN/fit-poisson" --ridge 0 --season-weight 1 --shots-rating 0 --no-rho ${opts//,/ } -o "m$i.json" "$csv"
        models+=("m$i.json")
    done
    run --separate-stderr "$PY" "$REF" "$csv" "${models[@]}"
    if [ "$status" -ne 0 ]; then
        printf '%s\n%s\n' "$output" "$stderr" >&2
        return 1
    fi
    # A line per unweighted model, two (freq and var weights) per weighted.
    local m kinds
    for m in "${models[@]}"; do
        if [ "$(jq .decay "$m")" = 1 ]; then kinds=unweighted; else kinds="freq_weights var_weights"; fi
        for k in $kinds; do
            grep -q "^$m: $k " <<<"$output" || { echo "no '$m: $k' line" >&2; return 1; }
        done
    done
}

@test "/usr/bin/python3 has statsmodels, and the shared data is there" {
    need_statsmodels
    for d in E0 I1; do
        [ -d "$SHARED/$d" ] || { echo "missing shared data: $SHARED/$d" >&2; return 1; }
    done
}

@test "premier_league 2021-22..2023-24: log-likelihood and rates equal statsmodels' GLM" {
    shared_league E0 premier_league
    check_league premier_league
}

@test "serie_a 2021-22..2023-24, and up to 2023-01-01: equal statsmodels' GLM" {
    shared_league I1 serie_a
    check_league serie_a "--decay,0.5,--until,2023-01-01" "--decay,1,--until,2023-01-01"
}

@test "simulated league (seed 3, 3 seasons): equal statsmodels' GLM" {
    "$BIN/simulate-league" --seed 3 --seasons 3 -o sim.csv
    check_league sim "--decay,0.8"
}

@test "the reference check fails on a wrong log-likelihood, a wrong rate or a rho fit" {
    "$BIN/simulate-league" --seed 3 --seasons 3 -o sim.csv
    "$BIN/fit-poisson" --ridge 0 --season-weight 1 --shots-rating 0 --no-rho --decay 0.5 -o good.json sim.csv
    "$BIN/fit-poisson" --ridge 0 --season-weight 1 --shots-rating 0 --decay 0.5 -o rho.json sim.csv
    # good.json itself passes: the check of the simulated league above.
    jq '.diagnostics.log_likelihood *= (1 + 1e-7)' good.json >ll.json
    run "$PY" "$REF" sim.csv ll.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: log-likelihood at the model's parameters"* ]]
    jq '.teams[0].attack += 1e-5' good.json >rate.json
    run "$PY" "$REF" sim.csv rate.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: freq_weights: rate of "* ]]
    run "$PY" "$REF" sim.csv rho.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"needs --no-rho"* ]]
}
