#!/usr/bin/env bats
# predict: golden output from hand-made models (tests/cli/data/models), and
# checks on a model trained on simulated data.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    cd "$BATS_FILE_TMPDIR"
    # Two seasons played and a third season's first 45 fixtures to predict.
    "$PROJECT/bin/simulate-league" --seed 3 --seasons 3 --teams 10 --relegated 0 --unplayed 45 >sim.csv
    mkdir -p models/demo_league/poisson_v2
    "$PROJECT/bin/fit-poisson" --min-matches 50 -o models/demo_league/poisson_v2/poisson_model.json sim.csv
    { head -1 sim.csv; awk -F, 'NR > 1 && $6 == ""' sim.csv; } >upcoming.csv
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    DATA="$BATS_TEST_DIRNAME/data/models"
    # The league map predict reads, named in its messages.
    export LEAGUEFIT_LEAGUES="$PROJECT/data/leagues.csv"
    LEAGUES=$LEAGUEFIT_LEAGUES
    cd "$BATS_TEST_TMPDIR"
    cp "$DATA/fixtures.csv" "$BATS_FILE_TMPDIR/upcoming.csv" .
    ln -s "$DATA" models
    ln -s "$BATS_FILE_TMPDIR/models" sim-models
    HEADER=league,date,home_team,away_team,model_type,p_home,p_draw,p_away,xg_home,xg_away,p_over_2_5,p_btts,likely_score,p_draw_specialist,draw_call,unknown_team,model_version
}

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# The golden rows of data/models/fixtures.csv under the hand-made tiny_league
# model. Worked out apart from the program (Python, the Dixon-Coles score
# matrix over 0..59 goals a side): the rates are low enough that no cut-off
# of the goals grid shows in six decimals.
GOLDEN='tiny_league,2023-08-12,Alpha,Beta,poisson_v2,0.481559,0.315920,0.202521,1.2840,0.7408,0.330048,0.390928,1-0,,,,v2
tiny_league,2023-08-12,"Gamma, the ""Greens""",Alpha,poisson_v2,0.242913,0.339953,0.417133,0.7788,1.1052,0.291954,0.374956,0-0,,,,v2
tiny_league,2023-08-19,Beta,Promoted FC,poisson_v2,0.491183,0.327225,0.181591,1.2214,0.6376,0.285233,0.344598,1-0,,,away,v2
tiny_league,2023-08-19,Promoted FC,Alpha,poisson_v2,0.221639,0.333662,0.444699,0.7408,1.1618,0.296996,0.372376,0-0,,,home,v2
tiny_league,2023-08-26,Newcomers,Promoted FC,poisson_v2,0.376492,0.364589,0.258919,0.9512,0.7408,0.240679,0.334129,0-0,,,both,v2'

# The unknown teams of data/models/fixtures.csv, named on stderr with the
# closest known names (file, lines of their first fixtures).
unknown_teams() {
    local near='Beta, Alpha, Gamma, the "Greens"'
    printf "predict: %s:%s: unknown team 'Promoted FC' in tiny_league (closest known: %s); predicted as a new team\n" "$1" "$2" "$near"
    printf "predict: %s:%s: unknown team 'Newcomers' in tiny_league (closest known: %s); predicted as a new team" "$1" "$3" "$near"
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/predict" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: predict -m MODELS_DIR [-t TYPE]... [--history FILE]"* ]]
    [ -z "$stderr" ]
}

@test "golden CSV: known and unknown teams; an unknown league is an error, the other rows still come out" {
    run --separate-stderr "$BIN/predict" -m models fixtures.csv
    [ "$status" -eq 1 ]
    same "$output" "$HEADER
$GOLDEN"
    same "$stderr" "predict: fixtures.csv:4: league 'no_such_league' is not in $LEAGUES, and models holds no models of it: not predicted
$(unknown_teams fixtures.csv 5 7)"
}

@test "every fixture of known leagues: exit 0, only the unknown teams on stderr; stdin works" {
    grep -v no_such_league fixtures.csv >known.csv
    run --separate-stderr "$BIN/predict" -m models known.csv
    [ "$status" -eq 0 ]
    same "$stderr" "$(unknown_teams known.csv 4 6)"
    same "$output" "$HEADER
$GOLDEN"
    run --separate-stderr "$BIN/predict" -m models <known.csv
    [ "$status" -eq 0 ]
    same "$output" "$HEADER
$GOLDEN"
}

@test "simulated model: header, one row per fixture, probabilities sum to 1" {
    run --separate-stderr "$BIN/predict" -m sim-models upcoming.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    echo "$output" >out.csv
    same "$(head -1 out.csv)" "$HEADER"
    same "$(tail -n +2 out.csv | wc -l)" 45
    # the fixtures in order, each once
    same "$(tail -n +2 out.csv | cut -d, -f1-4)" \
        "$(tail -n +2 upcoming.csv | awk -F, -v OFS=, '{ print $1, $3, $4, $5 }')"
    awk -F, 'NR > 1 { s = $6 + $7 + $8; if (s < 1 - 1e-5 || s > 1 + 1e-5) { print "row " NR ": " s; bad = 1 } }
             END { exit bad }' out.csv
    awk -F, 'NR > 1 { for (i = 6; i <= 12; i++) if (i != 9 && i != 10 && ($i < 0 || $i > 1)) { print "row " NR; bad = 1 } }
             END { exit bad }' out.csv
    # a closed league: every team is known
    same "$(awk -F, 'NR > 1 && $14 != ""' out.csv | wc -l)" 0
}

@test "--format jsonl: one parseable object per fixture, the same numbers as the CSV" {
    grep -v no_such_league fixtures.csv >known.csv
    run --separate-stderr "$BIN/predict" -m models --format jsonl known.csv
    [ "$status" -eq 0 ]
    same "$stderr" "$(unknown_teams known.csv 4 6)"
    echo "$output" >out.jsonl
    same "$(wc -l <out.jsonl)" 5
    jq -e . out.jsonl >/dev/null
    same "$(jq -r '[.league, .date, .home_team, .away_team, .model_type,
                   (.p_home, .p_draw, .p_away | . * 1e6 | round / 1e6 | tostring),
                   .likely_score, .unknown_team // ""] | join("|")' out.jsonl)" \
        "$(echo "$GOLDEN" | sed 's/"Gamma, the ""Greens"""/Gamma, the "Greens"/' |
           awk -F, -v OFS='|' '{ n = NF; if (NF == 18) { $3 = $3 "," $4; for (i = 4; i < NF; i++) $i = $(i + 1); NF-- }
                                  print $1, $2, $3, $4, $5, $6 + 0, $7 + 0, $8 + 0, $13, $16 }')"
    jq -e -s 'all(.[]; (.p_home + .p_draw + .p_away - 1 | fabs) < 1e-12)' out.jsonl
    # (a member with a value only: none where no side is unknown)
    same "$(jq -r 'has("unknown_team")' out.jsonl | tr '\n' ' ')" "false false true true true "
    same "$(jq -r 'select(has("unknown_team")) | .unknown_team' out.jsonl | tr '\n' ' ')" "away home both "
    same "$(jq -r .model_version out.jsonl | sort -u)" v2
}

@test "a bad --format: exit 2, no output" {
    run --separate-stderr "$BIN/predict" -m models --format xml fixtures.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "$stderr" "predict: --format: want csv or jsonl, got 'xml'"
}

@test "no -m, an unknown -t, two operands, a bad option: exit 2" {
    run --separate-stderr "$BIN/predict" fixtures.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "usage: predict "* ]]
    run --separate-stderr "$BIN/predict" -m models -t 1x2_v9 fixtures.csv
    [ "$status" -eq 2 ]
    same "$stderr" "predict: -t: unknown model type '1x2_v9'"
    run --separate-stderr "$BIN/predict" -m models fixtures.csv fixtures.csv
    [ "$status" -eq 2 ]
    run --separate-stderr "$BIN/predict" -x -m models fixtures.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "${stderr%%$'\n'*}" "predict: invalid option -- 'x'"
}

@test "-o publishes; with an unknown league the others, and exit 1; none predicted, nothing; never overwrites" {
    grep -v no_such_league fixtures.csv >known.csv
    mkdir out
    run --separate-stderr "$BIN/predict" -m models -o out/p.csv known.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    same "$(cat out/p.csv)" "$HEADER
$GOLDEN"
    same "$(stat -c %a out/p.csv)" 644
    run --separate-stderr "$BIN/predict" -m models -o out/q.csv fixtures.csv
    [ "$status" -eq 1 ]
    same "$stderr" "predict: fixtures.csv:4: league 'no_such_league' is not in $LEAGUES, and models holds no models of it: not predicted
$(unknown_teams fixtures.csv 5 7)
predict: not every fixture predicted (above): out/q.csv holds those that were"
    cmp out/p.csv out/q.csv
    { head -n 1 fixtures.csv; grep no_such_league fixtures.csv; } >unknown-only.csv
    run --separate-stderr "$BIN/predict" -m models -o out/r.csv unknown-only.csv
    [ "$status" -eq 1 ]
    same "$stderr" "predict: unknown-only.csv:2: league 'no_such_league' is not in $LEAGUES, and models holds no models of it: not predicted
predict: no fixture predicted (above); out/r.csv not written"
    same "$(ls -A out | xargs)" "p.csv q.csv"
    cp out/p.csv before
    run --separate-stderr "$BIN/predict" -m models -o out/p.csv known.csv
    [ "$status" -eq 3 ]
    same "$stderr" "$(unknown_teams known.csv 4 6)
predict: out/p.csv: already exists, not overwritten"
    cmp before out/p.csv
    same "$(ls -A out | xargs)" "p.csv q.csv"
}

@test "-m that is no directory: said once, exit 1, nothing out" {
    run --separate-stderr "$BIN/predict" -m nosuch fixtures.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "predict: -m nosuch: No such file or directory"
    run --separate-stderr "$BIN/predict" -m fixtures.csv fixtures.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "predict: -m fixtures.csv: not a directory"
}

@test "no league map to read: a league without models fails at each fixture, the map said missing, not the league" {
    LEAGUEFIT_LEAGUES="$BATS_TEST_TMPDIR/none.csv" run --separate-stderr "$BIN/predict" -m models fixtures.csv
    [ "$status" -eq 1 ]
    same "$output" "$HEADER
$GOLDEN"
    same "$stderr" "predict: fixtures.csv:4: league 'no_such_league' is in no league map: none at $BATS_TEST_TMPDIR/none.csv, and models holds no models of it: not predicted
$(unknown_teams fixtures.csv 5 7)"
}

@test "a bad model file: exit 1 naming it" {
    mkdir -p broken/tiny_league/poisson_v2
    echo '{"model_type": "poisson_v2"} trailing' >broken/tiny_league/poisson_v2/poisson_model.json
    run --separate-stderr "$BIN/predict" -m broken fixtures.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"predict: broken/tiny_league/poisson_v2/poisson_model.json:"* ]]
}

@test "> /dev/full: exit 1 with a write error" {
    grep -v no_such_league fixtures.csv >known.csv
    run --separate-stderr bash -c '"$0" -m models known.csv >/dev/full' "$BIN/predict"
    [ "$status" -eq 1 ]
    same "$stderr" "$(unknown_teams known.csv 4 6)
predict: write error: No space left on device"
}

# goals_league (no rho): Rovers at home to Strollers score at
# lambda = exp(0 + 0.2 + 0.5 + 0.5) = e^1.2 = 3.320117, nu = e^-1 = 0.367879.
# With independent Poisson goals xg is lambda, and P(over 2.5) is
# 1 - P(Poisson(lambda + nu) <= 2): a cut-off goals grid must not show.
@test "a high-scoring pair: xg and over 2.5 are those of the untruncated Poisson" {
    printf '%s\n' league,season,date,home_team,away_team,home_goals,away_goals \
        goals_league,2023-24,2023-08-12,Rovers,Strollers,, >goals.csv
    run --separate-stderr "$BIN/predict" -m models goals.csv
    [ "$status" -eq 0 ]
    row=$(echo "$output" | tail -1)
    same "$(echo "$row" | cut -d, -f9,10)" "3.3201,0.3679"
    want=$(awk 'BEGIN { t = exp(1.2) + exp(-1); printf "%.6f", 1 - exp(-t) * (1 + t + t * t / 2) }')
    same "$(echo "$row" | cut -d, -f11)" "$want"
    want=$(awk 'BEGIN { printf "%.6f", (1 - exp(-exp(1.2))) * (1 - exp(-exp(-1))) }')
    same "$(echo "$row" | cut -d, -f12)" "$want"
}

# edge_league: a model whose rho (-0.25) was held at its edge by the pairs
# that met; Giants at home to Minnows (who never met) score at e^1.9 = 6.69
# and e^-2 = 0.135, where 1 + lambda rho < 0: the raw Dixon-Coles factor of
# a 0-1 score is negative. No probability may be.
@test "a pair beyond rho's range: every probability stays in [0, 1]" {
    printf '%s\n' league,season,date,home_team,away_team,home_goals,away_goals \
        edge_league,2023-24,2023-08-12,Giants,Minnows,, \
        edge_league,2023-24,2023-08-12,Minnows,Giants,, >edge.csv
    run --separate-stderr "$BIN/predict" -m models edge.csv
    [ "$status" -eq 0 ]
    echo "$output" >out.csv
    awk -F, 'NR > 1 { for (i = 6; i <= 12; i++) if (i != 9 && i != 10 && ($i < 0 || $i > 1)) { print "row " NR " column " i ": " $i; bad = 1 } }
             END { exit bad }' out.csv
}

@test "a promoted side the goals model rated on its linked division: said new to the league, not offered its own name as the closest" {
    SHARED="$PROJECT/../shared/data/football-data"
    # (the championship's 2022-23 holds the premier league's promoted sides: the link)
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" "$SHARED/E0/2023-24.csv" \
        "$SHARED/E1/2022-23.csv" "$SHARED/E1/2023-24.csv" >all.csv
    "$BIN/split-league" premier_league all.csv >pl.csv
    mkdir -p m/premier_league/poisson_v2 m/premier_league/draw_specialist
    "$BIN/fit-poisson" --feeder all.csv -o m/premier_league/poisson_v2/poisson_model.json pl.csv
    "$BIN/league-features" --feeder all.csv pl.csv >features.csv
    "$BIN/fit-draw" -o m/premier_league/draw_specialist/draw_model.json features.csv
    # Ipswich came up from the championship; Wolverhampton is no club's name here.
    printf '%s\n' league,season,date,home_team,away_team \
        premier_league,2024-25,2024-08-17,Ipswich,Liverpool \
        premier_league,2024-25,2024-08-17,Arsenal,Wolverhampton >upcoming.csv
    run --separate-stderr "$BIN/predict" -m m -t poisson_v2 -t draw_specialist \
        --history all.csv --linked upcoming.csv
    [ "$status" -eq 0 ]
    [[ "$stderr" == "predict: upcoming.csv:2: team 'Ipswich' new to premier_league (no earlier match in the league, known from its linked divisions' or later matches): predicted as a new team where unknown_team names it
predict: upcoming.csv:3: unknown team 'Wolverhampton' in premier_league (closest known: Wolves, "* ]]
    [ "$(grep -c . <<<"$stderr")" -eq 2 ]
    # The goals model rates Ipswich; the draw model's features start it new.
    same "$(awk -F, '$3 == "Ipswich" {print $5 ":" $(NF - 1)}' <<<"$output" | xargs)" \
        "poisson_v2: draw_specialist:home"
}
