#!/usr/bin/env bats
# fit-1x2: the files of a 1x2_v2 model from a simulated league's feature
# table (simulate-league | league-features): their JSON members, the
# chronological split, determinism, the calibrator from saved binary
# models (partial repair), options, errors and exit status. The numbers
# of the fits are checked against scikit-learn in fit-1x2-reference.bats.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_FILE_TMPDIR"
    # Four seasons of twelve teams: 528 matches, 3 promoted sides a season.
    "$BIN/simulate-league" --seed 21 --seasons 4 --teams 12 >sim.csv
    "$BIN/league-features" sim.csv >features.csv
    mkdir model
    for o in home draw away; do
        "$BIN/fit-1x2" --outcome $o -o model/${o}_model.json features.csv
    done
    "$BIN/fit-1x2" --calibrate -m model -o model/calibrator.json features.csv
    "$BIN/fit-1x2" --features -o model/feature_list.json
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/features.csv" .
    cp -r "$BATS_FILE_TMPDIR/model" .
    X12='["elo_diff","pi_home","pi_away","pi_gd","form_home","form_away","form_home_at_home","form_away_away","goals_for_home","goals_against_home","goals_for_away","goals_against_away","dc_logit_home","dc_logit_away","dc_fast_logit_home","dc_fast_logit_away","shot_share_home","shot_share_away","sot_share_home","sot_share_away","rest_home","rest_away"]'
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# The documented split of a feature table, worked out here: eligible rows
# (played, history >= $2, dated before $3), n of them; the split date is
# the date of eligible row number n - floor(n * $4) (from 0), the fit part
# the eligible rows before it. Prints the diagnostics as fit-1x2 writes
# them (compact jq JSON).
split_of() {
    awk -F, -v minh="${2:-5}" -v until="${3:-9999-99-99}" -v share="${4:-0.3}" '
        NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $(col["home_goals"]) != "" && $(col["history"]) >= minh && $(col["date"]) < until {
            d[n++] = $(col["date"]) }
        END {
            want = n - int(n * share); at = want < n ? d[want] : "none"
            for (i = 0; i < n; i++) fit += d[i] < at
            printf "{\"first_date\":\"%s\",\"last_date\":\"%s\",\"split_date\":\"%s\",\"matches\":%d,\"fit_matches\":%d,\"calibration_matches\":%d}\n",
                d[0], d[n - 1], at, n, fit, n - fit }' "$1"
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/fit-1x2" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: fit-1x2 --outcome home|draw|away [options] [-o FILE] [FEATURES]"$'\n'* ]]
    [ -z "$stderr" ]
}

@test "bad options: exit 2 with a message, nothing on stdout" {
    while IFS='|' read -r args message; do
        # shellcheck disable=SC2086
        run --separate-stderr "$BIN/fit-1x2" $args features.csv
        [ "$status" -eq 2 ] || { echo "status $status for: $args" >&2; return 1; }
        [ -z "$output" ]
        same "$stderr" "fit-1x2: $message"
    done <<'EOF'
--outcome win|--outcome: want home, draw or away, got 'win'
--outcome home --split 1|--split: want a share below 1, got '1'
--outcome home --split 0|--split: want a positive number, got '0'
--outcome home --split -0.3|--split: want a positive number, got '-0.3'
--outcome home --lambda -1|--lambda: want a non-negative number, got '-1'
--outcome home --lambda nan|--lambda: want a non-negative number, got 'nan'
--outcome home --cal-lambda x|--cal-lambda: want a non-negative number, got 'x'
--outcome home --until 2021-02-29|--until: want a date YYYY-MM-DD, got '2021-02-29'
EOF
    # no mode, --calibrate without -m, -m without --calibrate, --features
    # with a table, two tables: usage
    for args in "" "--calibrate" "--outcome home -m model" "--features features.csv" \
                "--outcome home features.csv"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$BIN/fit-1x2" $args features.csv
        [ "$status" -eq 2 ] || { echo "status $status for: $args" >&2; return 1; }
        [ -z "$output" ]
        [[ "$stderr" == "usage: fit-1x2 "* ]]
    done
    run --separate-stderr "$BIN/fit-1x2" -x
    [ "$status" -eq 2 ]
    same "${stderr%%$'\n'*}" "fit-1x2: invalid option -- 'x'"
}

@test "--min-history wants a whole count: 2.5, 1e10, -1, x are usage errors" {
    # (1e10 used to be cast to int: min_history -2147483648, every match fitted)
    for v in 2.5 1e10 -1 x ""; do
        run --separate-stderr "$BIN/fit-1x2" --outcome home --min-history "$v" features.csv
        [ "$status" -eq 2 ] || { echo "--min-history '$v': status $status, options $(jq -c .options <<<"$output" 2>/dev/null)" >&2; return 1; }
        [ -z "$output" ]
        [[ "$stderr" == "fit-1x2: --min-history: want a "*", got '$v'" ]]
    done
    run --separate-stderr "$BIN/fit-1x2" --outcome home --min-history 0 features.csv
    [ "$status" -eq 0 ]
}

@test "--outcome home|draw|away: the JSON's members, options and diagnostics" {
    for o in home draw away; do
        run --separate-stderr "$BIN/fit-1x2" --outcome $o features.csv
        [ "$status" -eq 0 ]
        [ -z "$stderr" ]
        printf '%s\n' "$output" >$o.json
        same "$(jq -c '[keys_unsorted, .model_type, .version, .league, .part]' $o.json)" \
            '[["model_type","version","league","part","options","diagnostics","logreg","data"],"1x2_v2","'"$(jq -r .data.version $o.json)"'","demo_league","'$o'"]'
        same "$(jq -c .options $o.json)" '{"split":0.3,"lambda":100,"cal_lambda":1,"min_history":5}'
        same "$(jq -c '.logreg | keys_unsorted' $o.json)" \
            '["features","mean","sd","intercept","coef","lambda","diagnostics"]'
        same "$(jq -c .logreg.features $o.json)" "$X12"
        jq -e '.logreg.lambda == 100 and (.logreg.coef | length) == 22 and
               (.logreg.mean | length) == 22 and all(.logreg.sd[]; . > 0) and
               .logreg.diagnostics.n == .diagnostics.fit_matches and
               .logreg.diagnostics.gradient_norm < 1e-9 * .logreg.diagnostics.n' $o.json
    done
    # the same split for all three, as worked out here from the table
    same "$(jq -c .diagnostics home.json)" "$(split_of features.csv)"
    same "$(jq -c .diagnostics draw.json)" "$(jq -c .diagnostics home.json)"
    same "$(jq -c .diagnostics away.json)" "$(jq -c .diagnostics home.json)"
    jq -e '.diagnostics | .fit_matches + .calibration_matches == .matches and
           (.calibration_matches / .matches - 0.3 | fabs) < 0.03 and
           .first_date < .split_date and .split_date <= .last_date' home.json
    # what each model predicts: the elo gap raises home wins and lowers away wins
    jq -e '.logreg.coef[0] > 0' home.json
    jq -e '.logreg.coef[0] < 0' away.json
    # the files in the model dir are these
    cmp home.json model/home_model.json
    cmp draw.json model/draw_model.json
    cmp away.json model/away_model.json
}

@test "--calibrate: the calibrator's members, on the calibration part" {
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model features.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >cal.json
    same "$(jq -c '[keys_unsorted, .model_type, .version, .league, .part]' cal.json)" \
        '[["model_type","version","league","part","options","diagnostics","mlogit","data"],"1x2_v2","'"$(jq -r .version model/home_model.json)"'","demo_league","calibrator"]'
    same "$(jq -c .data cal.json)" "$(jq -c .data model/home_model.json)"
    same "$(jq -c .options cal.json)" "$(jq -c .options model/home_model.json)"
    same "$(jq -c .diagnostics cal.json)" "$(jq -c .diagnostics model/home_model.json)"
    same "$(jq -c '[.mlogit.features, .mlogit.classes, (.mlogit.coef | map(length))]' cal.json)" \
        '[["score_home","score_draw","score_away"],["home","draw","away"],[3,3,3]]'
    jq -e '.mlogit.lambda == 1 and .mlogit.diagnostics.n == .diagnostics.calibration_matches and
           (.mlogit.intercept | add | fabs) < 1e-12' cal.json
    cmp cal.json model/calibrator.json
}

@test "deterministic: reruns, stdin and -o are byte-identical" {
    "$BIN/fit-1x2" --outcome draw features.csv >a.json
    "$BIN/fit-1x2" --outcome draw <features.csv >b.json
    cmp a.json b.json
    cmp a.json model/draw_model.json
    "$BIN/fit-1x2" --calibrate -m model <features.csv >c.json
    cmp c.json model/calibrator.json
    "$BIN/fit-1x2" --features >f.json
    cmp f.json model/feature_list.json
    # a fresh model dir, from scratch: the same four files
    mkdir fresh
    for o in home draw away; do
        run --separate-stderr "$BIN/fit-1x2" --outcome $o -o fresh/${o}_model.json features.csv
        [ "$status" -eq 0 ]
        [ -z "$output$stderr" ]
    done
    "$BIN/fit-1x2" --calibrate -m fresh -o fresh/calibrator.json features.csv
    for f in home_model.json draw_model.json away_model.json calibrator.json; do
        cmp fresh/$f model/$f
    done
    same "$(stat -c %a fresh/calibrator.json)" 644
}

@test "partial repair: the calibrator refitted from the saved binaries equals a fresh run's" {
    # a model dir that lost its calibrator, and one that never had one
    mkdir partial
    cp model/home_model.json model/draw_model.json model/away_model.json partial/
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m partial -o partial/calibrator.json features.csv
    [ "$status" -eq 0 ]
    [ -z "$output$stderr" ]
    cmp partial/calibrator.json model/calibrator.json
    # the saved binaries read back to the very same scores: a calibrator
    # from binaries re-serialised by jq (same numbers) is the same too
    mkdir rewritten
    for o in home draw away; do jq . model/${o}_model.json >rewritten/${o}_model.json; done
    "$BIN/fit-1x2" --calibrate -m rewritten features.csv | cmp - model/calibrator.json
}

@test "--until: only the matches before it, recorded in options, used by the calibrator" {
    until=2022-01-01
    run --separate-stderr "$BIN/fit-1x2" --outcome home --until $until features.csv
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >home.json
    same "$(jq -r .options.until home.json)" $until
    same "$(jq -c .diagnostics home.json)" "$(split_of features.csv 5 $until)"
    jq -e --argjson all "$(jq .diagnostics.matches model/home_model.json)" \
        '.diagnostics.last_date < "2022-01-01" and .diagnostics.matches < $all' home.json
    # the same fit as on the table cut before the date, but for options.until
    awk -F, -v until=$until 'NR == 1 || $3 < until' features.csv >early.csv
    [ "$(wc -l <early.csv)" -lt "$(wc -l <features.csv)" ]
    "$BIN/fit-1x2" --outcome home early.csv >early.json
    same "$(jq -c 'del(.options.until, .data.cutoff)' home.json)" "$(jq -c . early.json)"
    # a calibrator over binaries fitted with --until takes it
    mkdir m
    for o in home draw away; do "$BIN/fit-1x2" --outcome $o --until $until -o m/${o}_model.json features.csv; done
    "$BIN/fit-1x2" --calibrate -m m features.csv >cal.json
    same "$(jq -r .options.until cal.json)" $until
    same "$(jq -c .diagnostics cal.json)" "$(jq -c .diagnostics home.json)"
    mkdir m2
    for o in home draw away; do "$BIN/fit-1x2" --outcome $o -o m2/${o}_model.json early.csv; done
    same "$(jq -c '.mlogit' cal.json)" "$("$BIN/fit-1x2" --calibrate -m m2 early.csv | jq -c .mlogit)"
}

@test "--split, --lambda, --cal-lambda, --min-history: recorded and applied" {
    run --separate-stderr "$BIN/fit-1x2" --outcome away --split 0.5 --lambda 2.5 --cal-lambda 0.25 \
        --min-history 0 features.csv
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >away.json
    same "$(jq -c .options away.json)" '{"split":0.5,"lambda":2.5,"cal_lambda":0.25,"min_history":0}'
    same "$(jq -c .diagnostics away.json)" "$(split_of features.csv 0 9999 0.5)"
    jq -e '.logreg.lambda == 2.5 and .diagnostics.matches == 528' away.json
    mkdir m
    for o in home draw away; do
        "$BIN/fit-1x2" --outcome $o --split 0.5 --lambda 2.5 --cal-lambda 0.25 --min-history 0 \
            -o m/${o}_model.json features.csv
    done
    "$BIN/fit-1x2" --calibrate -m m features.csv >cal.json
    jq -e '.mlogit.lambda == 0.25 and .options.split == 0.5 and
           .mlogit.diagnostics.n == .diagnostics.calibration_matches' cal.json
}

@test "--calibrate without the binary models: an error naming the missing file" {
    mkdir empty
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m empty -o empty/calibrator.json features.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-1x2: empty/home_model.json: No such file or directory"
    same "$(ls -A empty)" ""
    rm model/draw_model.json model/calibrator.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model -o model/calibrator.json features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: model/draw_model.json: No such file or directory"
    [ ! -e model/calibrator.json ]
}

@test "--calibrate over binaries fitted with different options, or other features: an error" {
    "$BIN/fit-1x2" --outcome draw --lambda 10 features.csv >model/draw_model.json
    rm model/calibrator.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model -o model/calibrator.json features.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-1x2: model: the binary models were fitted with different options"
    [ ! -e model/calibrator.json ]
    cp "$BATS_FILE_TMPDIR/model/draw_model.json" model/
    jq '.options.until = "2022-01-01"' "$BATS_FILE_TMPDIR/model/away_model.json" >model/away_model.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: model: the binary models were fitted with different options"
    # a model fitted on a feature this version does not compute
    jq '.logreg.features[0] = "elo_ratio"' "$BATS_FILE_TMPDIR/model/away_model.json" >model/away_model.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: model/away_model.json: fitted on other features than this version computes (refit it)"
    # on computed ones, but not those of the other two
    jq '.logreg.features[0] = "elo_home"' "$BATS_FILE_TMPDIR/model/away_model.json" >model/away_model.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: model: the binary models were fitted on different features"
}

@test "too few matches: an error naming the league and the parts, exit 1, no file" {
    head -81 features.csv >few.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home -o m.json few.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" =~ ^"fit-1x2: league 'demo_league': home model: "[0-9]+" matches to fit and "[0-9]+" to calibrate on, fewer than 30 in a part"$ ]]
    [ ! -e m.json ]
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model few.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" =~ ^"fit-1x2: league 'demo_league': calibrator: "[0-9]+" matches to fit and "[0-9]+" to calibrate on, fewer than 30 in a part"$ ]]
    # --until before enough history
    run --separate-stderr "$BIN/fit-1x2" --outcome draw --until 2019-10-01 features.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == "fit-1x2: league 'demo_league': draw model: "* ]]
}

@test "bad tables: no rows, a missing column, a bad row, two leagues, out of date order" {
    head -1 features.csv >header.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home header.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: header.csv: no fixtures"
    cut -d, -f1-12 features.csv >cut.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home cut.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: cut.csv:1: missing column 'elo_away' in header"
    awk -F, -v OFS=, 'NR == 40 { $14 = "x" } 1' features.csv >bad.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-1x2: bad.csv:40: a feature is not a finite number
fit-1x2: bad.csv: bad rows in the input, nothing fitted"
    awk -F, -v OFS=, 'NR == 300 { $1 = "serie_a" } 1' features.csv >two.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home two.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: two.csv:300: league 'serie_a' after 'demo_league': give one league (see split-league)"
    { head -1 features.csv; tail -n +3 features.csv; sed -n 2p features.csv; } >order.csv
    run --separate-stderr "$BIN/fit-1x2" --outcome home order.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: order.csv:529: not in date order"
    run --separate-stderr "$BIN/fit-1x2" --outcome home nope.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: nope.csv: No such file or directory"
}

@test "-o never overwrites: exit 3, the file untouched" {
    cp model/home_model.json before.json
    run --separate-stderr "$BIN/fit-1x2" --outcome home --lambda 1 -o model/home_model.json features.csv
    [ "$status" -eq 3 ]
    [ -z "$output" ]
    same "$stderr" "fit-1x2: model/home_model.json: already exists, not overwritten"
    cmp before.json model/home_model.json
    run --separate-stderr "$BIN/fit-1x2" --calibrate -m model -o model/calibrator.json features.csv
    [ "$status" -eq 3 ]
    run --separate-stderr "$BIN/fit-1x2" --features -o model/feature_list.json
    [ "$status" -eq 3 ]
    same "$(ls -A model | tr '\n' ' ')" \
        "away_model.json calibrator.json draw_model.json feature_list.json home_model.json "
}

@test "--features: the model's 22 features in order, with the parameters" {
    run --separate-stderr "$BIN/fit-1x2" --features
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >f.json
    same "$(jq -c '[keys_unsorted, .model_type]' f.json)" '[["features","parameters","model_type"],"1x2_v2"]'
    same "$(jq -c .features f.json)" "$X12"
    same "$(jq -c .parameters f.json)" \
        '{"elo_k":20,"elo_home_advantage":60,"elo_regress_between_seasons":0.2,"elo_start":1500,"elo_new_team":1400,"pi_lambda":0.035,"pi_gamma":0.7,"form_matches":6,"goals_matches":10,"shots_matches":10,"rest_cap_days":14,"dc_decay":0.575,"dc_fast_decay":0.0625,"dc_window_days":1460,"dc_ridge":3,"dc_link_weight":0.25,"dc_blend_shots_on_target":0.5,"dc_blend_corners":0.25}'
    # the binary models name the same features
    same "$(jq -c .logreg.features model/home_model.json)" "$X12"
}

@test "> /dev/full: exit 1 with a write error" {
    run --separate-stderr bash -c '"$0" --outcome home features.csv >/dev/full' "$BIN/fit-1x2"
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: write error: No space left on device"
    run --separate-stderr bash -c '"$0" --features >/dev/full' "$BIN/fit-1x2"
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: write error: No space left on device"
}

# The five files as the separate runs make them into $1, options $2...
separate_runs() {
    local dir=$1 table=$2
    shift 2
    mkdir "$dir"
    for o in home draw away; do
        "$BIN/fit-1x2" --outcome $o "$@" -o "$dir/${o}_model.json" "$table"
    done
    local feeder=() v
    [ "$1" != --feeder ] || feeder=(--feeder "$2")
    v=$(jq -r .version "$dir/home_model.json")
    "$BIN/fit-1x2" --calibrate "${feeder[@]}" --version "$v" -m "$dir" -o "$dir/calibrator.json" "$table"
    "$BIN/fit-1x2" --features --version "$v" -m "$dir" -o "$dir/feature_list.json"
}

@test "--all: the five files of one run are byte-identical to the separate runs'" {
    # linked rows: a lower division sharing the league's clubs
    { cat "$BATS_FILE_TMPDIR/sim.csv"
      "$BIN/simulate-league" --seed 5 --seasons 2 --teams 12 | tail -n +2 | sed 's/^demo_league,/lower_league,/'
    } >both.csv
    "$BIN/split-league" --played --linked feeder.csv demo_league both.csv >rows.csv
    "$BIN/league-features" --feeder feeder.csv rows.csv >linked.csv
    v=$("$BIN/data-version" --feeder feeder.csv rows.csv | cut -f1)
    separate_runs sep linked.csv --feeder feeder.csv --version "$v"
    mkdir one
    run --separate-stderr "$BIN/fit-1x2" --all --feeder feeder.csv --version "$v" -m one linked.csv
    [ "$status" -eq 0 ]
    [ -z "$output$stderr" ]
    same "$(ls one)" "$(ls sep)"
    for f in sep/*; do cmp "$f" "one/${f#sep/}"; done
    same "$(jq -r .version one/calibrator.json)" "$v"
    # options of the binary models, from stdin, without linked rows
    separate_runs sep2 features.csv --until 2022-01-01 --lambda 30 --min-history 3
    mkdir one2
    "$BIN/fit-1x2" --all --until 2022-01-01 --lambda 30 --min-history 3 -m one2 <features.csv
    for f in sep2/*; do cmp "$f" "one2/${f#sep2/}"; done
    # data of another version: nothing written
    mkdir bad
    run --separate-stderr "$BIN/fit-1x2" --all --version "$v" -m bad features.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == "fit-1x2: features.csv: the data are version "*"nothing written" ]]
    same "$(ls -A bad)" ""
}

@test "--all keeps the files there, makes the missing ones, exit 3 when none is" {
    chmod a-w model/home_model.json model/away_model.json
    kept=$(stat -c '%i %Y' model/home_model.json model/away_model.json)
    mkdir saved
    mv model/draw_model.json model/calibrator.json model/feature_list.json saved/
    run --separate-stderr "$BIN/fit-1x2" --all -m model features.csv
    [ "$status" -eq 0 ]
    [ -z "$output$stderr" ]
    same "$(stat -c '%i %Y' model/home_model.json model/away_model.json)" "$kept"
    cmp model/draw_model.json saved/draw_model.json
    cmp model/calibrator.json saved/calibrator.json
    # (the fixture's feature list names no version: made without -m)
    "$BIN/fit-1x2" --features -m model | cmp - model/feature_list.json
    # only the feature list missing: the table is not needed
    mv model/feature_list.json saved/
    run --separate-stderr "$BIN/fit-1x2" --all -m model </dev/null
    [ "$status" -eq 0 ]
    cmp model/feature_list.json saved/feature_list.json
    run --separate-stderr "$BIN/fit-1x2" --all -m model features.csv
    [ "$status" -eq 3 ]
    same "$stderr" "fit-1x2: model: every file of the model exists already, none rewritten"
    same "$(ls -A model)" "$(printf '%s\n' away_model.json calibrator.json draw_model.json feature_list.json home_model.json)"
}

@test "--all: the calibrator of kept binary models is made from their files, with their options" {
    separate_runs l5 features.csv --lambda 5
    mkdir kept
    cp l5/*_model.json kept/
    run --separate-stderr "$BIN/fit-1x2" --all -m kept features.csv
    [ "$status" -eq 0 ]
    same "$stderr" "fit-1x2: kept: the binary models there were fitted with other options than given: the missing files take theirs"
    cmp kept/calibrator.json l5/calibrator.json
    # a lost binary model is refitted with the kept ones' options
    rm kept/draw_model.json kept/calibrator.json
    "$BIN/fit-1x2" --all -m kept features.csv 2>/dev/null
    for f in l5/*; do cmp "$f" "kept/${f#l5/}"; done
    # kept binary models of differing options: nothing written
    mkdir mixed
    cp l5/home_model.json model/draw_model.json mixed/
    run --separate-stderr "$BIN/fit-1x2" --all -m mixed features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: mixed: the binary models were fitted with different options; nothing written"
    same "$(ls mixed)" "$(printf '%s\n' draw_model.json home_model.json)"
}

@test "--all: usage errors" {
    for args in "--all features.csv" "--all -m model -o x.json features.csv" "--all --outcome home -m model"; do
        run --separate-stderr "$BIN/fit-1x2" $args
        [ "$status" -eq 2 ]
        [[ "$stderr" == "usage: fit-1x2 "* ]]
    done
}
