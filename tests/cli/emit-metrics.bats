#!/usr/bin/env bats
# emit-metrics: metrics.json of a poisson_v2 model trained on simulated data.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    cd "$BATS_FILE_TMPDIR"
    # Three seasons of a ten-team league, strengths sd 0.3, with odds.
    "$PROJECT/bin/simulate-league" --seed 3 --seasons 3 --teams 10 --sd 0.3 >sim.csv
    "$PROJECT/bin/simulate-league" --seed 4 --seasons 3 --teams 10 --league other_league >other.csv
    mkdir -p model
    "$PROJECT/bin/fit-poisson" -o model/poisson_model.json sim.csv
    "$PROJECT/bin/emit-metrics" -t poisson_v2 -m model sim.csv >metrics.json
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp -r "$BATS_FILE_TMPDIR/sim.csv" "$BATS_FILE_TMPDIR/other.csv" "$BATS_FILE_TMPDIR/model" .
    M="$BATS_FILE_TMPDIR/metrics.json"
}

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/emit-metrics" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: emit-metrics -t TYPE -m MODEL_DIR [--cache FILE] [--feeder FILE]... [-o FILE]"$'\n'* ]]
    [ -z "$stderr" ]
}

@test "a good run: exit 0, nothing on stderr, JSON naming the model" {
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model sim.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    echo "$output" | jq -e '.model_type == "poisson_v2" and .league == "demo_league"'
    # The version and data of the model it scores.
    same "$(echo "$output" | jq -c '[.version, .data]')" "$(jq -c '[.version, .data]' model/poisson_model.json)"
}

@test "train, val, baselines.bookmaker and baselines.base_rate each have n, accuracy, log_loss, brier, rps" {
    jq -e '[.train, .val, .baselines.bookmaker, .baselines.base_rate]
           | length == 4 and all(.[]; has("n") and has("accuracy") and has("log_loss")
                                       and has("brier") and has("rps"))' "$M"
    # numbers, never placeholders
    jq -e '[.train, .val, .baselines.bookmaker, .baselines.base_rate]
           | all(.[]; .n > 0 and ([.accuracy, .log_loss, .brier, .rps] | all(type == "number" and . > 0)))' "$M"
}

@test "val and both baselines score every played match of the last season" {
    last=$(awk -F, 'NR > 1 && $6 != "" { s = $2 } END { print s }' sim.csv)
    n=$(awk -F, -v s="$last" 'NR > 1 && $2 == s && $6 != ""' sim.csv | wc -l)
    same "$last" 2021-22
    same "$(jq .val.n "$M")" "$n"
    same "$(jq .baselines.bookmaker.n "$M")" "$n"
    same "$(jq .baselines.base_rate.n "$M")" "$n"
    same "$(jq -r .val.window.season "$M")" "$last"
    jq -e '.val.window.weeks > 0 and .val.window.skipped_weeks == 0' "$M"
    same "$(jq -r .val.window.first_date "$M")" \
        "$(awk -F, -v s="$last" 'NR > 1 && $2 == s { print $3; exit }' sim.csv)"
    # train: every match the model was fitted on
    same "$(jq .train.n "$M")" "$(jq .diagnostics.matches model/poisson_model.json)"
}

# Four seasons, the last one's first $1 matches alone.
four_seasons_but_the_last() {
    "$BIN/simulate-league" --seed 3 --seasons 4 --teams 10 --sd 0.3 |
        awk -F, -v k="$1" 'NR == 1 || $2 != "2022-23" || ++n <= k'
}

# metrics.json of a poisson_v2 model of FILE's rows, in DIR.
metrics_of() {
    mkdir "$2"
    "$BIN/fit-poisson" -o "$2/poisson_model.json" "$1"
    "$BIN/emit-metrics" -t poisson_v2 -m "$2" "$1" >"$2/metrics.json"
}

@test "in a season's first weeks val covers the season before as well, named in from_season" {
    # 10 of the last season's 90 matches: fewer than half the 90 before.
    four_seasons_but_the_last 10 >early.csv
    metrics_of early.csv early
    same "$(jq -c '.val.window | [.season, .from_season, .first_date, .skipped_weeks]' early/metrics.json)" \
        "$(awk -F, '$2 == "2021-22" { print "[\"2022-23\",\"2021-22\",\"" $3 "\",0]"; exit }' early.csv)"
    same "$(jq -c '[.val.n, .baselines.bookmaker.n, .baselines.base_rate.n]' early/metrics.json)" "[100,100,100]"
    # 45 of 90, half: the last season alone, as a whole season has it.
    four_seasons_but_the_last 45 >half.csv
    metrics_of half.csv half
    same "$(jq -c '.val.window | [.season, .from_season]' half/metrics.json)" '["2022-23",null]'
    same "$(jq .val.n half/metrics.json)" 45
}

@test "values in sane ranges; the model beats the base rate out of sample" {
    jq -e '[.train, .val, .baselines.bookmaker, .baselines.base_rate]
           | all(.[]; .accuracy >= 0 and .accuracy <= 1 and .rps > 0 and .rps < 1
                      and .brier > 0 and .brier < 2 and .log_loss > 0 and .log_loss < 3
                      and .ece >= 0 and .ece < 1)' "$M"
    jq -e '.val.rps < .baselines.base_rate.rps' "$M"
    jq -e '.val.log_loss < .baselines.base_rate.log_loss' "$M"
    jq -e '.baselines.bookmaker.rps < .baselines.base_rate.rps' "$M"
    # the reliability bins count three probabilities per match
    jq -e '(.val.reliability | map(.n) | add) == 3 * .val.n' "$M"
}

@test "deterministic: two runs and stdin give identical bytes" {
    "$BIN/emit-metrics" -t poisson_v2 -m model sim.csv >a.json
    "$BIN/emit-metrics" -t poisson_v2 -m model <sim.csv >b.json
    cmp a.json "$M"
    cmp b.json "$M"
}

@test "-o publishes, mode 0644; a second run exits 3 and leaves it alone" {
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model -o model/metrics.json sim.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    cmp model/metrics.json "$M"
    same "$(stat -c %a model/metrics.json)" 644
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model -o model/metrics.json sim.csv
    [ "$status" -eq 3 ]
    same "$stderr" "emit-metrics: model/metrics.json: already exists, not overwritten"
    cmp model/metrics.json "$M"
    same "$(ls -A model | tr '\n' ' ')" "metrics.json poisson_model.json "
}

@test "a missing model dir: exit 1 naming the file, nothing written" {
    mkdir out
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m nodir -o out/metrics.json sim.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "emit-metrics: nodir/poisson_model.json: No such file or directory"
    same "$(ls -A out)" ""
}

@test "-t unknown: exit 2" {
    run --separate-stderr "$BIN/emit-metrics" -t 1x2_v9 -m model sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "$stderr" "emit-metrics: -t: unknown model type '1x2_v9'"
}

@test "no -t or no -m: usage, exit 2" {
    run --separate-stderr "$BIN/emit-metrics" -m model sim.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "usage: emit-metrics "* ]]
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 sim.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "usage: emit-metrics "* ]]
}

@test "a bad option: the program's name, usage on stderr, exit 2" {
    run --separate-stderr "$BIN/emit-metrics" -x -t poisson_v2 -m model sim.csv
    [ "$status" -eq 2 ]
    same "${stderr%%$'\n'*}" "emit-metrics: invalid option -- 'x'"
}

@test "data of another league is refused, not scored under this model's name" {
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model other.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "emit-metrics: other.csv:"*"other_league"*"demo_league"* ]]
}

@test "data of two leagues is refused (a refit would join unrelated teams)" {
    { cat sim.csv; tail -n +2 other.csv; } >two.csv
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model two.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "emit-metrics: two.csv:"*"other_league"* ]]
}

@test "a feature table of another version without a scored match: that version refused" {
    # The first ten matches: no side has the history a match needs to be
    # scored, so there is no last season to walk (no "out of memory").
    "$BIN/league-features" -o sim.f.csv sim.csv
    mkdir -p draw
    "$BIN/fit-draw" -o draw/draw_model.json sim.f.csv
    head -n 11 sim.f.csv >first.f.csv
    run --separate-stderr "$BIN/emit-metrics" -t draw_specialist -m draw first.f.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [[ "$stderr" == "emit-metrics: first.f.csv: the data are version "*", but draw/draw_model.json was fitted on version $(jq -r .version draw/draw_model.json)"*"nothing written" ]]
}

@test "a bad row: file:line: reason, exit 1" {
    { head -3 sim.csv; echo "demo_league,2019-20,2019-08-17,Oakham City,Dunton City,x,1,,,"
      tail -n +4 sim.csv; } >bad.csv
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m model bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "emit-metrics: bad.csv:4: goals must be whole numbers from 0 to 99, or empty
emit-metrics: bad.csv: bad rows in the input, no metrics written"
}

@test "> /dev/full: exit 1 with a write error" {
    run --separate-stderr bash -c '"$0" -t poisson_v2 -m model sim.csv >/dev/full' "$BIN/emit-metrics"
    [ "$status" -eq 1 ]
    same "$stderr" "emit-metrics: write error: No space left on device"
}

@test "promoted sides' first six weeks: model and bookmaker on the same matches, and the gaps" {
    # Newcomers of the last season (absent from the one before), their
    # matches within 42 days of their own first match, priced.
    n=$(awk -F, 'NR > 1 && $2 == "2020-21" { prev[$4] = prev[$5] = 1 }
                 NR > 1 && $2 == "2021-22" { for (s = 4; s <= 5; s++)
                     if (!($s in prev) && !($s in first)) first[$s] = $3; rows[NR] = $0 }
                 END { for (r in rows) { split(rows[r], f, ",")
                     cmd = "date -u -d " f[3] " +%s"; cmd | getline d; close(cmd); hit = 0
                     for (s = 4; s <= 5; s++) if (f[s] in first) {
                         cmd = "date -u -d " first[f[s]] " +%s"; cmd | getline t; close(cmd)
                         if (d < t + 42 * 86400) hit = 1 }
                     if (hit && f[8] != "") k++ } print k + 0 }' sim.csv)
    [ "$n" -gt 0 ]
    jq -e --argjson n "$n" '.promoted_first_six_weeks as $p
        | $p.model.n == $n and $p.bookmaker.n == $n
        and (($p.rps_gap - ($p.model.rps / $p.bookmaker.rps - 1)) | fabs) < 1e-12
        and ((.rps_gap_to_bookmaker - (.val.rps / .baselines.bookmaker.rps - 1)) | fabs) < 1e-12' "$M"
}

@test "--feeder: the linked refits of a model fitted with one" {
    # A division sharing every team (the league's own matches, renamed).
    sed 's/^demo_league,/demo_league_below,/' sim.csv >below.csv
    mkdir linked
    "$BIN/fit-poisson" --feeder below.csv -o linked/poisson_model.json sim.csv
    jq -e '.prior.linked[0].league == "demo_league_below"' linked/poisson_model.json
    "$BIN/emit-metrics" -t poisson_v2 -m linked --feeder below.csv sim.csv >with.json
    # The feeders' rows are part of the data the model was fitted on (its
    # version covers them): without them the metrics are refused.
    jq -e --slurpfile m linked/poisson_model.json '.data == $m[0].data' with.json
    run --separate-stderr "$BIN/emit-metrics" -t poisson_v2 -m linked sim.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"was fitted on version $(jq -r .version linked/poisson_model.json)"* ]]
    # The linked refits differ from the league's alone.
    "$BIN/emit-metrics" -t poisson_v2 -m model sim.csv >alone.json
    jq -e --slurpfile w alone.json '.val.n == $w[0].val.n and .val.rps != $w[0].val.rps' with.json
}

@test "1x2_v2 and draw_specialist: the walk of a version's rows scores the same matches whether its fits were cut by --until or not" {
    # The rows end on a day whose only match is of two sides new to the
    # league (no history to be fitted on): the walk of the fits without
    # --until stopped the day after the last match they could fit, the
    # one of the fits cut the day after the rows' end scored it too: one
    # version, two metrics (make all and make all UNTIL=...).
    { awk -F, 'NR == 1 || $3 < "2021-08-28"' sim.csv
      grep ',2021-08-28,Holham United,Kelwick Town,' sim.csv; } >cut.csv
    "$BIN/league-features" -o cut.f.csv cut.csv
    mkdir -p x12 x12-cut draw draw-cut
    "$BIN/fit-1x2" --all -m x12 cut.f.csv
    "$BIN/fit-1x2" --all --until 2021-08-29 -m x12-cut cut.f.csv
    "$BIN/fit-draw" -o draw/draw_model.json cut.f.csv
    "$BIN/fit-draw" --until 2021-08-29 -o draw-cut/draw_model.json cut.f.csv
    for t in x12:1x2_v2 draw:draw_specialist; do
        "$BIN/emit-metrics" -t ${t#*:} -m ${t%:*} cut.f.csv | jq -S . >all.json
        "$BIN/emit-metrics" -t ${t#*:} -m ${t%:*}-cut cut.f.csv | jq -S 'del(.data.cutoff)' >cut.json
        [ "$(jq -r .val.window.last_date all.json)" = 2021-08-28 ]
        cmp all.json cut.json
    done
}
