#!/usr/bin/env bats
# fit-draw: the draw_specialist model of a league's feature table, and its
# metrics through emit-metrics.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export BIN="$PROJECT/bin"
    export DATA="$BATS_FILE_TMPDIR"
    "$BIN/simulate-league" --league serie_a --seed 5 --seasons 5 --teams 12 > "$DATA/league.csv"
    "$BIN/league-features" "$DATA/league.csv" > "$DATA/features.csv"
}

setup() {
    cd "$BATS_TEST_TMPDIR"
}

@test "-h prints usage and exits 0; a bad option or value exits 2" {
    run "$BIN/fit-draw" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: fit-draw "* ]]
    run "$BIN/fit-draw" --bogus "$DATA/features.csv"
    [ "$status" -eq 2 ]
    run --separate-stderr "$BIN/fit-draw" --split 1 "$DATA/features.csv"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"--split: want a number from 0.01 to 0.99, got '1'"* ]]
    run "$BIN/fit-draw" --lambda -1 "$DATA/features.csv"
    [ "$status" -eq 2 ]
}

@test "draw_model.json: header, regression on its named inputs, no calibration, a threshold" {
    run --separate-stderr "$BIN/fit-draw" "$DATA/features.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    echo "$output" > model.json
    jq -e '.model_type == "draw_specialist" and .league == "serie_a" and .part == "draw"
           and .diagnostics.fit_matches + .diagnostics.calibration_matches == .diagnostics.matches
           and .logreg.features == ["abs_elo_diff", "abs_pi_gd", "dc_balance", "dc_total_goals",
               "dc_logit_draw", "draw_rate_home", "draw_rate_away", "elo_diff", "elo_diff_sq",
               "pi_gd_sq", "dc_balance_sq", "goals_in_games_home", "goals_in_games_away",
               "season_time", "season_time_sq", "sot_share_gap_sq"]
           and (.logreg.coef | length) == 16 and .calibration == null
           and .threshold.value > 0 and .threshold.value < 1
           and .threshold.f1 > 0 and .threshold.recall <= 1 and .threshold.precision <= 1' model.json
    # The calibration part is the latest 30% of the eligible matches.
    jq -e '(.diagnostics.calibration_matches / .diagnostics.matches - 0.3 | fabs) < 0.02' model.json
    # Its calls there reach the lift target, and are not too few.
    jq -e '.threshold.lift_target == 1.3 and .threshold.min_call_rate == 0.05
           and .threshold.precision >= .threshold.lift_target * .threshold.draw_rate
           and .threshold.call_rate >= .threshold.min_call_rate' model.json
}

@test "no threshold reaching the lift target: no draw called, and the metrics say why" {
    mkdir d
    "$BIN/fit-draw" "$DATA/features.csv" |
        jq '.threshold.value = null | .threshold.reason = "none"' > d/draw_model.json
    "$BIN/emit-metrics" -t draw_specialist -m d "$DATA/features.csv" > m.json
    jq -e '.threshold == null and (.threshold_reason | test("no draw is called"))
           and .train.call_rate == 0' m.json
}

@test "deterministic: two runs are byte-identical; -o never overwrites" {
    "$BIN/fit-draw" -o a.json "$DATA/features.csv"
    "$BIN/fit-draw" "$DATA/features.csv" > b.json
    cmp a.json b.json
    cp a.json before.json
    run --separate-stderr "$BIN/fit-draw" -o a.json "$DATA/features.csv"
    [ "$status" -eq 3 ]
    [[ "$stderr" == *"a.json: already exists, not overwritten"* ]]
    cmp a.json before.json
    [ -z "$(ls -A | grep '^\.')" ]
}

@test "--until fits only earlier matches" {
    "$BIN/fit-draw" --until 2021-07-01 "$DATA/features.csv" > m.json
    jq -e '.options.until == "2021-07-01" and .diagnostics.last_date < "2021-07-01"' m.json
}

@test "too few matches, a canonical file instead of features, two leagues: errors" {
    head -40 "$DATA/features.csv" > few.csv
    run --separate-stderr "$BIN/fit-draw" few.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"league 'serie_a'"*"fewer than 30 in a part"* ]]
    run --separate-stderr "$BIN/fit-draw" "$DATA/league.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"missing column 'history'"* ]]
    { cat "$DATA/features.csv"; tail -n +2 "$DATA/features.csv" | sed 's/^serie_a/la_liga/'; } > two.csv
    run --separate-stderr "$BIN/fit-draw" two.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"league 'la_liga' after 'serie_a': give one league (see split-league)"* ]]
}

@test "emit-metrics -t draw_specialist: binary scores beside the market's" {
    mkdir d
    "$BIN/fit-draw" -o d/draw_model.json "$DATA/features.csv"
    run --separate-stderr "$BIN/emit-metrics" -t draw_specialist -m d "$DATA/features.csv"
    [ "$status" -eq 0 ]
    echo "$output" > metrics.json
    # The last season of 12 teams: 132 matches, every one scored by all three.
    jq -e '.val.n == 132 and .baselines.bookmaker.n == 132 and .baselines.base_rate.n == 132
           and .val.auc > 0 and .val.auc < 1 and .val.brier > 0 and .val.brier < 0.5
           and (.val.f1 | type) == "number" and .val.window.season == "2023-24"
           and .threshold > 0 and .train.n > 0' metrics.json
    played=$(awk -F, '$2 == "2023-24" && $6 != ""' "$DATA/league.csv" | wc -l)
    [ "$(jq .val.n metrics.json)" -eq "$played" ]
    draws=$(awk -F, '$2 == "2023-24" && $6 != "" && $6 == $7' "$DATA/league.csv" | wc -l)
    jq -e --argjson d "$draws" --argjson n "$played" '(.val.actual_rate - $d / $n | fabs) < 1e-12' metrics.json
}

@test "a model fitted on other features is refused by name" {
    mkdir d
    "$BIN/fit-draw" "$DATA/features.csv" | jq '.logreg.features[0] = "something_else"' > d/draw_model.json
    run --separate-stderr "$BIN/emit-metrics" -t draw_specialist -m d "$DATA/features.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"d/draw_model.json: fitted on other features than this version computes"* ]]
}

@test "a model of the older form (eight features, calibrated) predicts as it was fitted" {
    old="$BATS_TEST_DIRNAME/data/draw-v1"
    tail -3 "$DATA/league.csv" |
        awk -F, 'BEGIN { OFS = "," } { $2 = "2024-25"; $3 = "2024-08-17"; $6 = $7 = ""; print }' |
        { head -1 "$DATA/league.csv"; cat; } > upcoming.csv
    run --separate-stderr "$BIN/predict" -m "$old" -t draw_specialist --history "$DATA/league.csv" upcoming.csv
    [ "$status" -eq 0 ]
    [ "$(cut -d, -f2-4,14,15 <<<"$output" | tail -n +2)" = "2024-08-17,Fenbury City,Marbury Town,0.278791,0
2024-08-17,Penwick Rovers,Garstead Rovers,0.292534,0
2024-08-17,Rosmouth United,Fenwick United,0.247014,0" ]
    run --separate-stderr "$BIN/emit-metrics" -t draw_specialist -m "$old/serie_a/draw_specialist" \
        "$DATA/features.csv"
    [ "$status" -eq 0 ]
    jq -e --slurpfile m "$old/serie_a/draw_specialist/draw_model.json" \
        '.threshold == $m[0].threshold.value and .train.n > 0 and .val.n == 132' <<<"$output"
}
