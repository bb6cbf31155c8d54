#!/usr/bin/env bats
# fit-poisson: stdout, stderr and exit status on simulated and hand-made data.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    # Three seasons of a ten-team league (270 played matches), and the same
    # with the last 10 fixtures unplayed.
    "$PROJECT/bin/simulate-league" --seed 3 --seasons 3 --teams 10 >"$BATS_FILE_TMPDIR/sim.csv"
    "$PROJECT/bin/simulate-league" --seed 3 --seasons 3 --teams 10 --unplayed 10 \
        >"$BATS_FILE_TMPDIR/unplayed.csv"
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/sim.csv" "$BATS_FILE_TMPDIR/unplayed.csv" .
    HEADER=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# Played matches (goals given) in a canonical CSV, dated before $2 if given.
played() {
    awk -F, -v until="${2:-9999-99-99}" 'NR > 1 && $6 != "" && $3 < until' "$1" | wc -l
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/fit-poisson" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: fit-poisson [--until DATE] [--decay F] [--no-rho]"* ]]
    [ -z "$stderr" ]
}

@test "a bad option: the program's name, usage on stderr, exit 2" {
    run --separate-stderr "$BIN/fit-poisson" -x sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "${stderr%%$'\n'*}" "fit-poisson: invalid option -- 'x'"
    [[ "$stderr" == *$'\n'"usage: fit-poisson "* ]]
}

@test "two operands: usage, exit 2" {
    run --separate-stderr "$BIN/fit-poisson" sim.csv sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ "$stderr" == "usage: fit-poisson "* ]]
}

@test "a good fit: parseable JSON, teams sorted, tiny gradient, every played match" {
    run --separate-stderr "$BIN/fit-poisson" sim.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    echo "$output" >model.json
    # The version names the data: the last date and the digest of the played rows.
    jq -e '.model_type == "poisson_v2" and .league == "demo_league" and .version == .data.version' model.json
    same "$(jq -r .version model.json)" \
        "$(awk -F, 'NR > 1 && $6 != "" { l = $3 } END { print l }' sim.csv)-$("$BIN/split-league" --played demo_league sim.csv | sha256sum | cut -c1-8)"
    same "$(jq .data.matches model.json)" "$(played sim.csv)"
    jq -e '[.teams[].name] as $n | $n == ($n | sort) and ($n | length) == ($n | unique | length)' model.json
    jq -e '.diagnostics.gradient_norm < 1e-6 and .diagnostics.rho_at_bound == false' model.json
    same "$(jq .diagnostics.matches model.json)" "$(played sim.csv)"
    same "$(jq -r '.diagnostics.first_date + " " + .diagnostics.last_date' model.json)" \
        "$(awk -F, 'NR == 2 { f = $3 } NR > 1 { l = $3 } END { print f, l }' sim.csv)"
    jq -e '.rho_fitted == true and .decay == 0.75 and .rho < 0 and .rho > -1' model.json
    jq -e '.season_weight == 0.6 and (has("level_decay") | not)' model.json
    # sum-to-zero attack and defence
    jq -e '([.teams[].attack] | add | fabs) < 1e-12 and ([.teams[].defence] | add | fabs) < 1e-12' model.json
    jq -e 'all(.teams[]; .matches >= 6 and .weight > 0)' model.json
    jq -e '.diagnostics | has("until") | not' model.json
}

@test "two runs, and stdin against a file, are byte-identical" {
    "$BIN/fit-poisson" sim.csv >one.json
    "$BIN/fit-poisson" sim.csv >two.json
    "$BIN/fit-poisson" <sim.csv >three.json
    cmp one.json two.json
    cmp one.json three.json
}

@test "-o publishes the same JSON, mode 0644, and nothing else" {
    mkdir out
    "$BIN/fit-poisson" sim.csv >expected.json
    run --separate-stderr "$BIN/fit-poisson" -o out/poisson_model.json sim.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
    cmp expected.json out/poisson_model.json
    same "$(stat -c %a out/poisson_model.json)" 644
    same "$(ls -A out)" poisson_model.json
}

@test "-o never overwrites: exit 3, the file untouched, no temp file left" {
    mkdir out
    printf 'not a model, and precious\n' >out/poisson_model.json
    cp out/poisson_model.json before
    run --separate-stderr "$BIN/fit-poisson" -o out/poisson_model.json sim.csv
    [ "$status" -eq 3 ]
    [ -z "$output" ]
    same "$stderr" "fit-poisson: out/poisson_model.json: already exists, not overwritten"
    cmp before out/poisson_model.json
    same "$(ls -A out)" poisson_model.json
    # a model published by an earlier run is not replaced either
    "$BIN/fit-poisson" -o out/m.json sim.csv
    cp out/m.json first
    run --separate-stderr "$BIN/fit-poisson" --decay 1 -o out/m.json sim.csv
    [ "$status" -eq 3 ]
    cmp first out/m.json
    same "$(ls -A out | tr '\n' ' ')" "m.json poisson_model.json "
}

@test "--until fits only the matches before the day, and records it" {
    run --separate-stderr "$BIN/fit-poisson" --until 2021-07-01 sim.csv
    [ "$status" -eq 0 ]
    echo "$output" >model.json
    same "$(jq .diagnostics.matches model.json)" "$(played sim.csv 2021-07-01)"
    same "$(jq -r .diagnostics.until model.json)" 2021-07-01
    jq -e '.diagnostics.last_date < "2021-07-01"' model.json
    # the same as fitting the earlier rows alone, but for the until stamp
    awk -F, 'NR == 1 || $3 < "2021-07-01"' sim.csv >early.csv
    "$BIN/fit-poisson" early.csv | jq 'del(.diagnostics.until)' >early.json
    same "$(jq -r .data.cutoff model.json)" 2021-07-01
    jq 'del(.diagnostics.until, .data.cutoff)' model.json | cmp - early.json
}

@test "unplayed fixtures are not fitted" {
    run --separate-stderr "$BIN/fit-poisson" unplayed.csv
    [ "$status" -eq 0 ]
    same "$(echo "$output" | jq .diagnostics.matches)" 260
}

@test "--no-rho gives rho 0" {
    run --separate-stderr "$BIN/fit-poisson" --no-rho sim.csv
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.rho == 0 and .rho_fitted == false and .diagnostics.gradient_norm < 1e-6'
}

@test "--decay 1 and 0.8 are accepted, recorded, and give different fits" {
    run --separate-stderr "$BIN/fit-poisson" --decay 1 --season-weight 1 sim.csv
    [ "$status" -eq 0 ]
    echo "$output" >d1.json
    run --separate-stderr "$BIN/fit-poisson" --decay 0.8 sim.csv
    [ "$status" -eq 0 ]
    echo "$output" >d08.json
    jq -e '.decay == 1 and .diagnostics.gradient_norm < 1e-6' d1.json
    jq -e '.decay == 0.8 and .diagnostics.gradient_norm < 1e-6' d08.json
    # with no decay and no season weight every match weighs 1
    jq -e 'all(.teams[]; .weight == .matches)' d1.json
    run -1 cmp -s d1.json d08.json
}

@test "a bad --decay (0, 1.5, x, -0.5, nan, empty): exit 2 and a message" {
    for d in 0 1.5 x -0.5 nan ''; do
        run --separate-stderr "$BIN/fit-poisson" --decay "$d" sim.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "fit-poisson: --decay: want a number in (0, 1], got '$d'"
    done
}

@test "a bad --until, --min-matches or --min-team-matches: exit 2" {
    run --separate-stderr "$BIN/fit-poisson" --until 2021-13-01 sim.csv
    [ "$status" -eq 2 ]
    same "$stderr" "fit-poisson: --until: want a date YYYY-MM-DD, got '2021-13-01'"
    run --separate-stderr "$BIN/fit-poisson" --min-matches 0 sim.csv
    [ "$status" -eq 2 ]
    run --separate-stderr "$BIN/fit-poisson" --min-team-matches x sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
}

@test "empty input: exit 1, a message, no output file" {
    : >empty.csv
    mkdir out
    run --separate-stderr "$BIN/fit-poisson" -o out/m.json empty.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-poisson: empty.csv: empty input: no header line"
    same "$(ls -A out)" ""
}

@test "a header only: exit 1, no fixtures, no output file" {
    echo "$HEADER" >header.csv
    run --separate-stderr "$BIN/fit-poisson" -o m.json header.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-poisson: header.csv: no fixtures"
    [ ! -e m.json ]
    run --separate-stderr "$BIN/fit-poisson" <header.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-poisson: -: no fixtures"
}

@test "a bad row: file:line: reason, exit 1, nothing fitted or written" {
    { head -5 sim.csv; echo "demo_league,2019-20,2019-13-01,Oakham City,Dunton City,1,1,,,"
      tail -n +6 sim.csv; } >bad.csv
    mkdir out
    run --separate-stderr "$BIN/fit-poisson" -o out/m.json bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-poisson: bad.csv:6: bad date (want YYYY-MM-DD)
fit-poisson: bad.csv: bad rows in the input, nothing fitted"
    same "$(ls -A out)" ""
}

@test "two leagues in the input: an error naming both, exit 1" {
    { cat sim.csv; echo "serie_a,2021-22,2022-05-15,Empoli,Verona,0,1,,,"; } >two.csv
    run --separate-stderr "$BIN/fit-poisson" two.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-poisson: two.csv:272: league 'serie_a' after 'demo_league': give one league (see split-league)"
}

@test "too few matches: an error naming the league, exit 1" {
    head -50 sim.csv >few.csv
    run --separate-stderr "$BIN/fit-poisson" -o m.json few.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "fit-poisson: few.csv: league 'demo_league': 49 played matches to fit, fewer than the minimum 100"
    [ ! -e m.json ]
    # --min-matches lowers the bar
    run --separate-stderr "$BIN/fit-poisson" --min-matches 40 few.csv
    [ "$status" -eq 0 ]
}

@test "a missing input file: exit 1 naming it" {
    run --separate-stderr "$BIN/fit-poisson" nope.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-poisson: nope.csv: No such file or directory"
}

@test "> /dev/full: exit 1 with a write error" {
    run --separate-stderr bash -c '"$0" sim.csv >/dev/full' "$BIN/fit-poisson"
    [ "$status" -eq 1 ]
    same "$stderr" "fit-poisson: write error: No space left on device"
}

@test "the prior: ridge and linked divisions recorded; --ridge 0 writes a model without it" {
    sed 's/^demo_league,/lower_league,/' sim.csv >lower.csv
    "$BIN/fit-poisson" sim.csv >alone.json
    "$BIN/fit-poisson" --feeder lower.csv sim.csv >linked.json
    "$BIN/fit-poisson" --ridge 0 --feeder lower.csv sim.csv >old.json
    jq -e '.prior.ridge == 10 and .prior.link_weight == 0.25 and .prior.linked == []' alone.json
    # The feeder's rows of the last 730 days before the league's last match.
    last=$(awk -F, 'NR > 1 { d = $3 } END { print d }' sim.csv)
    since=$(date -u -d "$last + 1 day - 730 days" +%F)
    n=$(awk -F, -v s="$since" 'NR > 1 && $3 >= s' lower.csv | wc -l)
    jq -e --argjson n "$n" '.prior.linked == [{league: "lower_league", matches: $n}]' linked.json
    jq -e '.league == "demo_league" and (has("prior") | not)' old.json
    # Ridge 0 ignores a feeder: the maximum-likelihood fit of older versions.
    "$BIN/fit-poisson" --ridge 0 sim.csv | cmp - old.json
}

@test "--season-weight and --level-decay: recorded; 1 and the decay's: the models without them" {
    "$BIN/fit-poisson" sim.csv >default.json
    "$BIN/fit-poisson" --season-weight 1 sim.csv >flat.json
    jq -e 'has("season_weight") | not' flat.json
    run cmp -s <(jq .teams flat.json) <(jq .teams default.json)
    [ "$status" -eq 1 ]
    "$BIN/fit-poisson" --season-weight 0.6 --level-decay 0.75 sim.csv | cmp - default.json
    # The levels refitted with their own decay: the teams and rho stay.
    "$BIN/fit-poisson" --level-decay 0.3 sim.csv >levels.json
    jq -e '.level_decay == 0.3 and .season_weight == 0.6' levels.json
    same "$(jq -c '[.teams, .rho]' levels.json)" "$(jq -c '[.teams, .rho]' default.json)"
    same "$(jq '.home != $d[0].home and .mu != $d[0].mu' --slurpfile d default.json levels.json)" true
}

@test "shots ratings (the default): recorded with each team's and the fallback's; --shots-rating 0 is goals alone; --rating-stats; bad values exit 2" {
    with_stats >stats.csv
    "$BIN/fit-poisson" stats.csv >rated.json
    jq -e '.shots_rating | .statistics == ["shots", "corners"] and .decay == 0.2231 and
        .ridge == 3 and .split_beta == false and (.beta | length) == 2 and
        (.beta | all(. != 0))' rated.json
    same "$(jq -c .shots_rating.matches rated.json)" "[$(played sim.csv),$(played sim.csv)]"
    jq -e 'all(.teams[], .fallback; (.shot_attack | length) == 2 and (.shot_defence | length) == 2)' rated.json
    "$BIN/fit-poisson" --shots-rating 0 stats.csv >plain.json
    jq -e 'has("shots_rating") | not' plain.json
    jq -e 'all(.teams[], .fallback; has("shot_attack") | not)' plain.json
    # (the same fit as on the rows without statistics, whose version differs)
    same "$("$BIN/fit-poisson" --shots-rating 0 sim.csv | jq -c '[.mu, .home, .rho, .teams]')" \
        "$(jq -c '[.mu, .home, .rho, .teams]' plain.json)"
    # Without statistics in the rows the ratings have nothing to fit: 0.
    "$BIN/fit-poisson" sim.csv >none.json
    jq -e '.shots_rating | .beta == [0, 0] and .matches == [0, 0]' none.json
    "$BIN/fit-poisson" --rating-stats corners,sot --shots-rating 0.5 --shots-ridge 7 stats.csv >sot.json
    jq -e '.shots_rating | .statistics == ["sot", "corners"] and .decay == 0.5 and .ridge == 7' sot.json
    for bad in "--shots-rating 1.5|--shots-rating: want a number in [0, 1], got '1.5'" \
               "--shots-ridge 0|--shots-ridge: want a number in (0, 1e6], got '0'" \
               "--rating-stats xg|--rating-stats: want a list of sot, shots, corners, got 'xg'"; do
        set -- ${bad%%|*}
        run --separate-stderr "$BIN/fit-poisson" "$1" "$2" stats.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "fit-poisson: ${bad#*|}"
    done
}

@test "--ridge 0 with shots ratings: their betas held at 0 (each team's free attack and defence take any beta up), the fit goals alone's" {
    with_stats >stats.csv
    "$BIN/fit-poisson" --ridge 0 stats.csv >rated.json
    jq -e '.shots_rating | .beta == [0, 0] and (.matches | all(. > 0))' rated.json
    same "$(jq -c '[.mu, .home, .rho, .diagnostics, (.teams | map(del(.shot_attack, .shot_defence)))]' rated.json)" \
        "$("$BIN/fit-poisson" --ridge 0 --shots-rating 0 stats.csv | jq -c '[.mu, .home, .rho, .diagnostics, .teams]')"
}

@test "shots ratings, no promoted side to learn from: the fallback is the three weakest sides by their strength in the rates, the shots ratings' terms counted" {
    # One season: every side there from the start, none promoted.
    "$BIN/simulate-league" --seed 3 --seasons 1 --teams 12 >sim.csv
    with_stats >stats.csv
    "$BIN/fit-poisson" stats.csv >one.json
    jq -e '.fallback.rule == "mean of the 3 weakest teams of the last season"' one.json
    weakest='.shots_rating.beta as $b
        | [.teams[] | . as $t | $t + { strength: ($t.attack + $t.defence
            + ([range($b | length)] | map($b[.] * ($t.shot_attack[.] + $t.shot_defence[.])) | add)) }]
        | sort_by(.strength)[:3]'
    jq -e "($weakest) as \$w | [.fallback.attack, .fallback.defence, .fallback.shot_attack[1]]
        | . as \$f | [(\$w | map(.attack) | add / 3), (\$w | map(.defence) | add / 3),
                      (\$w | map(.shot_attack[1]) | add / 3)]
        | [range(3) as \$i | (.[\$i] - \$f[\$i]) | fabs] | max < 1e-12" one.json
    # (not the three weakest by the goals ratings alone, here)
    jq -e "($weakest | map(.name)) != (.teams | sort_by(.attack + .defence)[:3] | map(.name))" one.json
}

@test "shots ratings with --level-decay (the levels refitted, the betas and the teams held) and with --no-rho" {
    with_stats >stats.csv
    "$BIN/fit-poisson" stats.csv >default.json
    "$BIN/fit-poisson" --level-decay 0.3 stats.csv >levels.json
    same "$(jq -c '[.teams, .rho, .shots_rating, .fallback]' levels.json)" \
        "$(jq -c '[.teams, .rho, .shots_rating, .fallback]' default.json)"
    same "$(jq '.home != $d[0].home and .mu != $d[0].mu' --slurpfile d default.json levels.json)" true
    # A level decay next to the decay: next to the levels of the fit (the
    # refit's rates take the betas' terms as the fit's do).
    "$BIN/fit-poisson" --level-decay 0.7500001 stats.csv >near.json
    jq -e --slurpfile d default.json '(.mu - $d[0].mu | fabs) < 1e-6 and
        (.home - $d[0].home | fabs) < 1e-6' near.json
    "$BIN/fit-poisson" --no-rho stats.csv >norho.json
    jq -e '.rho == 0 and .rho_fitted == false and (.shots_rating.beta | all(. != 0)) and
        .diagnostics.gradient_norm < 1e-6' norho.json
}

@test "a model's shots ratings are read back: emit-metrics's walk refits them as backtest does; a tampered shots_rating is refused" {
    with_stats >stats.csv
    mkdir m
    "$BIN/fit-poisson" -o m/poisson_model.json stats.csv
    "$BIN/emit-metrics" -t poisson_v2 -m m -o m/metrics.json stats.csv
    # The validation walk refits with the model's ratings: backtest's forecasts.
    from=$(jq -r .val.window.first_date m/metrics.json)
    until=$(date -u -d "$(jq -r .val.window.last_date m/metrics.json) + 1 day" +%F)
    rps6='$1 == "demo_league" && $2 == "model" { print $7 }'
    rated=$("$BIN/backtest" --from "$from" --until "$until" stats.csv | awk -F, "$rps6")
    same "$rated" "$(jq -r '.val.rps * 1e6 | round | . / 1e6 | tostring' m/metrics.json)"
    plain=$("$BIN/backtest" --from "$from" --until "$until" --shots-rating 0 stats.csv |
        awk -F, "$rps6")
    [ "$plain" != "$rated" ]
    for edit in '.shots_rating.statistics = ["corners", "shots"]' '.shots_rating.beta = [1]' \
                '.teams[0].shot_attack = [0.1]' '.shots_rating.beta[0] = 200' \
                '.shots_rating.matches[0] = 1.5' '.shots_rating.split_beta = 1' \
                '.shots_rating.ridge = 1e300' '.fallback.shot_defence[1] = -1e10' \
                'del(.shots_rating)' '.rho_fitted = 1' '.diagnostics.rho_at_bound = "false"' \
                '.shots_rating.min_weight = 1' '.shots_rating.min_weight = -1e-9' \
                '.shots_rating.min_weight = "0"'; do
        mkdir -p bad
        jq "$edit" m/poisson_model.json >bad/poisson_model.json
        run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m bad -o bad/metrics.json stats.csv
        [ "$status" -eq 1 ]
        [[ "$stderr" == "emit-metrics: bad/poisson_model.json: "* ]]
        [ ! -e bad/metrics.json ]
        rm -r bad
    done
    # The fallback's is named so, as its attack and defence are.
    mkdir bad
    jq '.fallback.shot_defence[0] = 1e6' m/poisson_model.json >bad/poisson_model.json
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m bad stats.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == "emit-metrics: bad/poisson_model.json: fallback shots ratings' part of defence "*" is outside [-10, 10]" ]]
}

# floor_walks OPTION MEMBER VALUE: fit-poisson --OPTION VALUE records it as
# MEMBER (a jq path); emit-metrics walks with the model's, and with every
# row for the model without the member (an older file's), each as backtest
# does with the option; the two walks differ.
floor_walks() {
    local opt=$1 member=$2 value=$3
    with_stats >stats.csv
    mkdir cut every
    "$BIN/fit-poisson" --$opt $value -o cut/poisson_model.json stats.csv
    same "$(jq "$member" cut/poisson_model.json)" $value
    jq "del($member)" cut/poisson_model.json >every/poisson_model.json
    for m in cut every; do
        "$BIN/emit-metrics" -t poisson_v2 -m $m -o $m/metrics.json stats.csv
        run -0 --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m $m --cache c stats.csv
        same "$output" "$(cat $m/metrics.json)"
    done
    from=$(jq -r .val.window.first_date cut/metrics.json)
    until=$(date -u -d "$(jq -r .val.window.last_date cut/metrics.json) + 1 day" +%F)
    rps6='$1 == "demo_league" && $2 == "model" { print $7 }'
    for w in cut:$value every:0; do
        same "$("$BIN/backtest" --from "$from" --until "$until" --$opt ${w#*:} \
            stats.csv | awk -F, "$rps6")" \
            "$(jq -r '.val.rps * 1e6 | round | . / 1e6 | tostring' ${w%:*}/metrics.json)"
    done
    same "$(jq '.val.rps != $o[0].val.rps' --slurpfile o cut/metrics.json every/metrics.json)" true
    run --separate-stderr "$BIN/fit-poisson" --$opt 1 stats.csv
    [ "$status" -eq 2 ]
    same "$stderr" "fit-poisson: --$opt: want a number in [0, 1), got '1'"
}

@test "--rating-min-weight: recorded (shots_rating.min_weight); emit-metrics walks with the model's, and a model without it (older files) with every row, each as backtest does" {
    floor_walks rating-min-weight .shots_rating.min_weight 0.05
    jq -e '.shots_rating.matches[0] < '"$(played sim.csv)" cut/poisson_model.json
}

@test "--goals-min-weight: recorded (goals_min_weight); emit-metrics walks with the model's, and a model without it (older files) with every row, each as backtest does" {
    floor_walks goals-min-weight .goals_min_weight 0.3
    # a floor that leaves too few matches fails the fit, as too few matches do
    run --separate-stderr "$BIN/fit-poisson" --goals-min-weight 0.999 stats.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == *"played matches weigh at least 0.999 of the newest (the goals likelihood's floor), fewer than the minimum 100" ]]
    # a model with a floor and no prior is no model a fit makes
    mkdir bad
    jq 'del(.prior)' cut/poisson_model.json >bad/poisson_model.json
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m bad stats.csv
    [ "$status" -eq 1 ]
    same "$stderr" "emit-metrics: bad/poisson_model.json: goals_min_weight 0.3 without a prior (ridge)"
}

@test "emit-metrics --cache keys a walk by all its options, however long: models apart by --rating-stats alone share no week" {
    with_stats >stats.csv
    # Options whose doubles take all their digits (%a), the key at its longest.
    long="--decay 0.575 --ridge 9.6 --level-decay 0.3 --blend 0.1,0.05"
    for s in shots,corners sot; do
        mkdir $s
        "$BIN/fit-poisson" $long --rating-stats $s -o $s/poisson_model.json stats.csv
        "$BIN/emit-metrics" -t poisson_v2 -m $s -o $s/uncached.json stats.csv
        run -0 --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m $s --cache c stats.csv
        same "$output" "$(cat $s/uncached.json)"
    done
    same "$(jq '.val.rps != $o[0].val.rps' --slurpfile o shots,corners/uncached.json \
        sot/uncached.json)" true
}

@test "a bad --season-weight or --level-decay (0, 1.5, x): exit 2 and a message" {
    for o in season-weight level-decay; do
        for v in 0 1.5 x; do
            run --separate-stderr "$BIN/fit-poisson" --$o "$v" sim.csv
            [ "$status" -eq 2 ]
            [ -z "$output" ]
            same "$stderr" "fit-poisson: --$o: want a number in (0, 1], got '$v'"
        done
    done
}

@test "a feeder's rows of the league itself are its own file's: ignored" {
    "$BIN/fit-poisson" --feeder sim.csv sim.csv | cmp - <("$BIN/fit-poisson" sim.csv)
}

@test "a bad feeder row: file:line, nothing written, exit 1" {
    { cat sim.csv; echo 'lower_league,2019-20,2019-13-01,A,B,1,0,,,'; } >bad.csv
    run --separate-stderr "$BIN/fit-poisson" --feeder bad.csv -o model.json sim.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"bad.csv:272:"* ]]
    [ ! -e model.json ]
}

@test "--ridge and --link-weight out of range: usage errors, exit 2" {
    run --separate-stderr "$BIN/fit-poisson" --ridge -1 sim.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"--ridge: want a number from 0 to 1e6, got '-1'"* ]]
    run --separate-stderr "$BIN/fit-poisson" --link-weight x sim.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"--link-weight: want a number from 0 to 10, got 'x'"* ]]
}

# sim.csv with match statistics on the rows from $1 on (by date; none
# given: every played row), following the goals loosely; the rows before
# keep none.
with_stats() {
    awk -F, -v OFS=, -v from="$1" '
        NR == 1 { print $0, "home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners"; next }
        $6 == "" || $3 < from { print $0, ",,,,,"; next }
        { hs = $6 + 2 + NR % 3; as = $7 + 1 + NR % 2
          print $0, hs + 5, as + 4, hs, as, 3 + NR % 5, 2 + NR % 4 }' sim.csv
}

@test "--blend: recorded with the window's rates; rows without statistics fit as goals" {
    with_stats 2021-01-01 >stats.csv
    n=$(awk -F, 'NR > 1 && $6 != "" && $3 >= "2021-01-01"' stats.csv | wc -l)
    "$BIN/fit-poisson" --blend 0.2,0.1 stats.csv >blended.json
    jq -e --argjson n "$n" '.response | .shots_on_target == 0.2 and .corners == 0.1
        and .blended_matches == $n and .goals_per_shot_on_target > 0.1
        and .goals_per_shot_on_target < 1 and .goals_per_corner > 0.1' blended.json
    "$BIN/fit-poisson" stats.csv >plain.json
    jq -e 'has("response") | not' plain.json
    # The statistics move the teams' parameters.
    run cmp <(jq .teams plain.json) <(jq .teams blended.json)
    [ "$status" -eq 1 ]
    # Without the statistics columns, or with weights 0,0: the goals-only
    # fit, bit for bit.
    "$BIN/fit-poisson" --blend 0,0 stats.csv | cmp - plain.json
    "$BIN/fit-poisson" --blend 0.2,0.1 sim.csv >nostats.json
    jq -e '.response.blended_matches == 0' nostats.json
    same "$(jq -c 'del(.response)' nostats.json)" "$(jq -c . <("$BIN/fit-poisson" sim.csv))"
}

@test "a bad --blend (one weight, a sum above 1, negative, not a number): exit 2" {
    for b in 0.2 0.6,0.5 -0.1,0 x,0 0.1,0.1,0 ''; do
        run --separate-stderr "$BIN/fit-poisson" --blend "$b" sim.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "fit-poisson: --blend: want two weights S,C from 0 to 1 with a sum at most 1, got '$b'"
    done
}
