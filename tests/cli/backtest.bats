#!/usr/bin/env bats
# backtest: weekly walk-forward CSV per league and pooled, on simulated data.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    cd "$BATS_FILE_TMPDIR"
    "$PROJECT/bin/simulate-league" --seed 3 --seasons 3 --teams 10 >demo.csv
    "$PROJECT/bin/simulate-league" --seed 4 --seasons 3 --teams 10 --league other_league >other.csv
    "$PROJECT/bin/backtest" --from 2021-07-01 --until 2022-07-01 demo.csv other.csv >both.out
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/demo.csv" "$BATS_FILE_TMPDIR/other.csv" .
    OUT="$BATS_FILE_TMPDIR/both.out"
    HEADER=scope,source,n,accuracy,log_loss,brier,rps,ece
}

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# Field $3 ($2 a column number) of the row scope $1, source $2.
field() { awk -F, -v s="$1" -v src="$2" -v c="$3" '$1 == s && $2 == src { print $c }' "$OUT"; }

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/backtest" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: backtest [-t poisson_v2|1x2_v2|draw_specialist] --from DATE"* ]]
    [ -z "$stderr" ]
}

@test "header, three rows per league in name order, then three 'all' rows" {
    same "$(head -1 "$OUT")" "$HEADER"
    same "$(tail -n +2 "$OUT" | cut -d, -f1,2)" "demo_league,model
demo_league,bookmaker
demo_league,base_rate
other_league,model
other_league,bookmaker
other_league,base_rate
all,model
all,bookmaker
all,base_rate"
    # a count, then five scores with six decimals
    same "$(tail -n +2 "$OUT" | grep -Evc '^[a-z_]+,[a-z_]+,[0-9]+(,[0-9]+\.[0-9]{6}){5}$')" 0
}

@test "each league's n is its played matches in the window; pooled n is their sum" {
    for league in demo other; do
        n=$(awk -F, 'NR > 1 && $6 != "" && $3 >= "2021-07-01" && $3 < "2022-07-01"' $league.csv | wc -l)
        same "$(field "${league}_league" model 3)" "$n"
        same "$(field "${league}_league" bookmaker 3)" "$n"
        same "$(field "${league}_league" base_rate 3)" "$n"
    done
    for src in model bookmaker base_rate; do
        same "$(field all $src 3)" "$(( $(field demo_league $src 3) + $(field other_league $src 3) ))"
    done
}

@test "pooled scores are the n-weighted means of the leagues'" {
    for src in model bookmaker base_rate; do
        for col in 4 5 6 7; do
            awk -F, -v src=$src -v c=$col '
                $2 == src && $1 != "all" { s += $3 * $c; n += $3 }
                $2 == src && $1 == "all" { got = $c }
                END { d = s / n - got; if (d < -2e-6 || d > 2e-6) { print src, c, s / n, got; exit 1 } }' "$OUT"
        done
    done
}

@test "the model row is emit-metrics' val on the same last season" {
    mkdir model
    "$BIN/fit-poisson" -o model/poisson_model.json demo.csv
    "$BIN/emit-metrics" -t poisson_v2 -m model demo.csv >metrics.json
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 demo.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    for src in model:.val bookmaker:.baselines.bookmaker base_rate:.baselines.base_rate; do
        same "$(echo "$output" | awk -F, -v s=${src%%:*} '$1 == "demo_league" && $2 == s { print $3, $4, $5, $6, $7, $8 }')" \
            "$(jq -r "${src#*:}"' | "\(.n) " + ([.accuracy, .log_loss, .brier, .rps, .ece]
                 | map(. * 1e6 | round | . / 1e6 | tostring
                       | if test("\\.") then . else . + "." end
                       | . + "000000" | sub("(?<k>\\.[0-9]{6}).*"; "\(.k)")) | join(" "))' metrics.json)"
    done
}

@test "deterministic; stdin, and files in any order, give the same output" {
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 demo.csv other.csv | cmp - "$OUT"
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 other.csv demo.csv | cmp - "$OUT"
    { cat demo.csv; tail -n +2 other.csv; } | "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 | cmp - "$OUT"
}

@test "a window without matches: n 0 and empty scores, not zeros" {
    run --separate-stderr "$BIN/backtest" --from 2030-01-01 --until 2031-01-01 demo.csv
    [ "$status" -eq 0 ]
    same "$output" "$HEADER
demo_league,model,0,,,,,
demo_league,bookmaker,0,,,,,
demo_league,base_rate,0,,,,,
all,model,0,,,,,
all,bookmaker,0,,,,,
all,base_rate,0,,,,,"
}

@test "missing --from or --until: usage, exit 2" {
    run --separate-stderr "$BIN/backtest" --until 2022-07-01 demo.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ "$stderr" == "usage: backtest "* ]]
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 demo.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
}

@test "bad dates, a bad --decay, a bad option: exit 2 and a message" {
    run --separate-stderr "$BIN/backtest" --from 2021-02-30 --until 2022-07-01 demo.csv
    [ "$status" -eq 2 ]
    same "$stderr" "backtest: --from: want a date YYYY-MM-DD, got '2021-02-30'"
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 --until x demo.csv
    [ "$status" -eq 2 ]
    same "$stderr" "backtest: --until: want a date YYYY-MM-DD, got 'x'"
    run --separate-stderr "$BIN/backtest" --decay 2 --from 2021-07-01 --until 2022-07-01 demo.csv
    [ "$status" -eq 2 ]
    same "$stderr" "backtest: --decay: want a number in (0, 1], got '2'"
    run --separate-stderr "$BIN/backtest" -x --from 2021-07-01 --until 2022-07-01 demo.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "${stderr%%$'\n'*}" "backtest: invalid option -- 'x'"
}

@test "a bad row: file:line: reason, exit 1, no table" {
    { head -3 demo.csv; echo "demo_league,2019-20,2019-08-17,Oakham City,Oakham City,1,1,,,"
      tail -n +4 demo.csv; } >bad.csv
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "backtest: bad.csv:4: a team cannot play itself
backtest: bad rows in the input, no backtest run"
}

@test "> /dev/full: exit 1 with a write error" {
    run --separate-stderr bash -c '"$0" --from 2021-07-01 --until 2022-07-01 demo.csv >/dev/full' "$BIN/backtest"
    [ "$status" -eq 1 ]
    same "$stderr" "backtest: write error: No space left on device"
}

@test "-j 2 and -j 3: the same bytes as -j 1, CSV and --json" {
    "$BIN/backtest" -j 2 --from 2021-07-01 --until 2022-07-01 demo.csv other.csv | cmp - "$OUT"
    "$BIN/backtest" -j 3 --from 2021-07-01 --until 2022-07-01 other.csv demo.csv | cmp - "$OUT"
    "$BIN/backtest" -j 1 --from 2021-07-01 --until 2022-07-01 --json demo.csv other.csv >j1.json
    "$BIN/backtest" -j 2 --from 2021-07-01 --until 2022-07-01 --json demo.csv other.csv | cmp - j1.json
}

@test "-j 2 on feature tables (1x2_v2, draw_specialist): the same bytes as -j 1" {
    "$BIN/league-features" demo.csv >demo.feat
    "$BIN/league-features" other.csv >other.feat
    for t in 1x2_v2 draw_specialist; do
        "$BIN/backtest" -t $t --json -j 1 --from 2021-07-01 --until 2022-07-01 demo.feat other.feat >j1.out
        "$BIN/backtest" -t $t --json -j 2 --from 2021-07-01 --until 2022-07-01 demo.feat other.feat >j2.out
        cmp j1.out j2.out
        [ "$(jq -r 'keys_unsorted | join(" ")' j2.out)" = "demo_league other_league all" ]
    done
}

@test "-j N with a bad second file: the first league's rows, the message, exit 1, as -j 1" {
    "$BIN/league-features" demo.csv >demo.feat
    printf 'not,a,feature,table\n' >bad.feat
    run --separate-stderr "$BIN/backtest" -t 1x2_v2 -j 1 --from 2021-07-01 --until 2022-07-01 demo.feat bad.feat
    s1=$status o1=$output e1=$stderr
    run --separate-stderr "$BIN/backtest" -t 1x2_v2 -j 2 --from 2021-07-01 --until 2022-07-01 demo.feat bad.feat
    [ "$s1" -eq 1 ]
    [ "$status" -eq "$s1" ]
    same "$output" "$o1"
    same "$stderr" "$e1"
}

@test "bad -j: exit 2 and a message, no output" {
    for j in 0 -1 x 1.5 257 ''; do
        run --separate-stderr "$BIN/backtest" -j "$j" --from 2021-07-01 --until 2022-07-01 demo.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "backtest: -j: want a number of workers from 1 to 256, got '$j'"
    done
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 demo.csv -j
    [ "$status" -eq 2 ]
    [ -z "$output" ]
}

# demo.csv with match statistics on every played row, following the goals
# loosely.
with_stats() {
    awk -F, -v OFS=, '
        NR == 1 { print $0, "home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners"; next }
        $6 == "" { print $0, ",,,,,"; next }
        { hs = $6 + 2 + NR % 3; as = $7 + 1 + NR % 2
          print $0, hs + 5, as + 4, hs, as, 3 + NR % 5, 2 + NR % 4 }' demo.csv
}

@test "--blend: other forecasts where rows have statistics; emit-metrics refits the model's blend" {
    with_stats >stats.csv
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 stats.csv >plain.out
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --blend 0.2,0.1 stats.csv >blended.out
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --blend 0.2,0.1 demo.csv |
        cmp - <("$BIN/backtest" --from 2021-07-01 --until 2022-07-01 demo.csv)
    run cmp plain.out blended.out
    [ "$status" -eq 1 ]
    mkdir model
    "$BIN/fit-poisson" --blend 0.2,0.1 -o model/poisson_model.json stats.csv
    "$BIN/emit-metrics" -t poisson_v2 -m model stats.csv >metrics.json
    same "$(awk -F, '$1 == "demo_league" && $2 == "model" { print $7 }' blended.out)" \
        "$(jq -r '.val.rps * 1e6 | round | . / 1e6 | tostring' metrics.json)"
}

@test "shots ratings by default (--shots-rating): other forecasts where rows have the statistics, the same bytes where none has; 0 is goals alone; bad values exit 2" {
    with_stats >stats.csv
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --shots-rating 0 stats.csv >plain.out
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 stats.csv >rated.out
    run cmp plain.out rated.out
    [ "$status" -eq 1 ]
    same "$(cut -d, -f1-3 rated.out)" "$(cut -d, -f1-3 plain.out)"
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --shots-rating 0.2 stats.csv >d02.out
    run cmp rated.out d02.out
    [ "$status" -eq 1 ]
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --predictions p0.csv --shots-rating 0 \
        demo.csv >p0.out
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --predictions p1.csv \
        --shots-ridge 5 demo.csv >p1.out
    cmp p0.out p1.out
    cmp p0.csv p1.csv
    for bad in "--shots-rating 2|from 0 to 1, got '2'" "--shots-ridge 0|in (0, 1e6], got '0'" \
               "--shots-ridge 2e6|in (0, 1e6], got '2e6'"; do
        set -- ${bad%%|*}
        run --separate-stderr "$BIN/backtest" "$1" "$2" --from 2021-07-01 --until 2022-07-01 stats.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "backtest: $1: want a number ${bad#*|}"
    done
    for list in sot,xg "" sot,; do
        run --separate-stderr "$BIN/backtest" --rating-stats "$list" --shots-rating 0.2 \
            --from 2021-07-01 --until 2022-07-01 stats.csv
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        same "$stderr" "backtest: --rating-stats: want a list of sot, shots, corners, got '$list'"
    done
}

@test "shots ratings: a week's fit started from the week before's (within a month) forecasts as one started afresh, to the convergence tolerance" {
    with_stats >stats.csv
    # 2021-10-30's week: the walk from October's first day starts its fit
    # from 2021-10-16's; the walk from 2021-10-18 fits it first, from nothing.
    "$BIN/backtest" --from 2021-10-01 --until 2021-11-01 --predictions chained.csv stats.csv >/dev/null
    "$BIN/backtest" --from 2021-10-18 --until 2021-11-01 --predictions fresh.csv stats.csv >/dev/null
    [ "$(grep -c ,2021-10-30, fresh.csv)" -eq 5 ]
    key='NR > 1 { print $2 "|" $3 "|" $4 "," $7 "," $8 "," $9 }'
    join -t, <(awk -F, "$key" chained.csv | sort) <(awk -F, "$key" fresh.csv | sort) >both.csv
    [ "$(wc -l <both.csv)" -eq 5 ]
    awk -F, '{ for (i = 2; i <= 4; i++) { d = $i - $(i + 3); if (d > 1e-9 || d < -1e-9) bad = 1 } }
             END { exit bad }' both.csv
}

@test "--rating-stats, --split-beta: other forecasts again; corners beside shots on target where no row has corners: those of shots on target alone" {
    with_stats >stats.csv
    awk -F, -v OFS=, 'NR > 1 { $(NF - 1) = ""; $NF = "" } 1' stats.csv >nocorners.csv
    sot="--shots-rating 0.2 --rating-stats sot"
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 $sot stats.csv >sot.out
    for opt in --rating-stats=shots,corners --split-beta; do
        "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 $sot "$opt" stats.csv >other.out
        run cmp sot.out other.out
        [ "$status" -eq 1 ]
    done
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 $sot nocorners.csv | cmp - sot.out
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --shots-rating 0.2 \
        --rating-stats sot,corners nocorners.csv | cmp - sot.out
}

@test "--predictions: one line a scored match, their RPS the table's; -j 2 writes the same" {
    "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --predictions p1.csv demo.csv other.csv |
        cmp - "$OUT"
    same "$(head -1 p1.csv)" "league,date,home_team,away_team,home_goals,away_goals,p_home,p_draw,p_away"
    same "$(($(wc -l <p1.csv) - 1))" "$(field all model 3)"
    rps=$(awk -F, 'NR > 1 { o1 = $5 > $6; o2 = $5 >= $6
                            s += (($7 - o1)^2 + ($7 + $8 - o2)^2) / 2; n++ }
                   END { printf "%.6f", s / n }' p1.csv)
    same "$rps" "$(field all model 7)"
    "$BIN/backtest" -j 2 --from 2021-07-01 --until 2022-07-01 --predictions p2.csv demo.csv other.csv >/dev/null
    cmp p1.csv p2.csv
    run --separate-stderr "$BIN/backtest" --from 2021-07-01 --until 2022-07-01 --predictions p1.csv demo.csv
    [ "$status" -eq 3 ]
}

@test "--predictions of draw_specialist: P(draw) and the call a scored match, its Brier and calls the JSON's; -j 2 the same" {
    "$BIN/league-features" demo.csv >demo.feat
    "$BIN/league-features" other.csv >other.feat
    "$BIN/backtest" -t draw_specialist --json --from 2021-07-01 --until 2022-07-01 \
        demo.feat other.feat >plain.json
    "$BIN/backtest" -t draw_specialist --json --from 2021-07-01 --until 2022-07-01 \
        --predictions p1.csv demo.feat other.feat | cmp - plain.json
    same "$(head -1 p1.csv)" "league,date,home_team,away_team,home_goals,away_goals,p_draw,call"
    same "$(($(wc -l <p1.csv) - 1))" "$(jq .all.model.n plain.json)"
    same "$(awk -F, 'NR > 1 { s += ($7 - ($5 == $6))^2; n++ } END { printf "%.9f", s / n }' p1.csv)" \
        "$(jq '.all.model.brier * 1e9 | round / 1e9' plain.json)"
    same "$(awk -F, 'NR > 1 { c += $8 } END { print c }' p1.csv)" \
        "$(jq '.all.model.call_rate * .all.model.n | round' plain.json)"
    "$BIN/backtest" -t draw_specialist --json -j 2 --from 2021-07-01 --until 2022-07-01 \
        --predictions p2.csv demo.feat other.feat >/dev/null
    cmp p1.csv p2.csv
}

# The largest change of a forecast probability between two --predictions
# files of the same matches (checked first, apart: a failure inside $(...)
# would not stop the test).
largest_change() {
    paste -d, "$1" "$2" | awk -F, 'NR > 1 {
        for (i = 7; i <= 9; i++) { d = $i - $(i + 9); d = d < 0 ? -d : d; if (d > m) m = d } }
        END { printf "%.3g", m }'
}

@test "rows lighter than 1e-8 of the newest match left out of the shots ratings, the league's lighter than 1e-7 out of the goals likelihood: on the Premier League's 31 seasons, 2023-24's forecasts within 1e-6 of every row's" {
    shared="$PROJECT/../shared/data/football-data/E0"
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" "$shared"/*.csv >pl.csv
    [ "$(awk -F, '$1 == "premier_league" && $12 != ""' pl.csv | wc -l)" -gt 9000 ]
    [ "$(awk -F, '$1 == "premier_league" && $3 < "2000-07-01"' pl.csv | wc -l)" -gt 2500 ]
    "$BIN/backtest" --from 2023-07-01 --until 2024-07-01 --predictions cut.csv pl.csv >/dev/null
    "$BIN/backtest" --from 2023-07-01 --until 2024-07-01 --predictions every.csv \
        --rating-min-weight 0 --goals-min-weight 0 pl.csv >/dev/null
    "$BIN/backtest" --from 2023-07-01 --until 2024-07-01 --predictions ratings.csv \
        --goals-min-weight 0 pl.csv >/dev/null
    [ "$(wc -l <cut.csv)" -eq 381 ]
    for f in every ratings; do
        same "$(cut -d, -f1-6 cut.csv)" "$(cut -d, -f1-6 $f.csv)"
    done
    # Below 1e-6 and not 0 (rows were left out), for both floors and for
    # the ratings' alone.
    for f in cut ratings; do
        largest=$(largest_change $f.csv every.csv)
        awk -v m="$largest" 'BEGIN { exit !(m > 0 && m < 1e-6) }' ||
            { echo "$f: largest change $largest" >&2; false; }
    done
    largest=$(largest_change cut.csv ratings.csv)
    awk -v m="$largest" 'BEGIN { exit !(m > 0 && m < 1e-6) }' ||
        { echo "goals: largest change $largest" >&2; false; }
    # a floor that leaves every week too few matches: no week scored, said
    run --separate-stderr "$BIN/backtest" --from 2023-07-01 --until 2024-07-01 \
        --goals-min-weight 0.999 pl.csv
    [ "$status" -eq 0 ]
    same "$stderr" "backtest: premier_league: 37 of 37 weeks not scored: their refit failed"
    same "$(grep -c ',0,,,,,$' <<<"$output")" 6
    "$BIN/fit-poisson" pl.csv >cut.json
    "$BIN/fit-poisson" --rating-min-weight 0 --goals-min-weight 0 pl.csv >every.json
    same "$(jq -c '[.goals_min_weight, .shots_rating.min_weight, (.shots_rating.matches[0] < 4000)]' cut.json)" \
        "[1e-07,1e-08,true]"
    same "$(jq -c '[.goals_min_weight, .shots_rating.min_weight, (.shots_rating.matches[0] > 9000)]' every.json)" \
        "[null,0,true]"
    # The same teams either way: the floor leaves rows out of the
    # likelihood, not teams out of the fit.
    same "$(jq -c '[.teams[].name]' cut.json)" "$(jq -c '[.teams[].name]' every.json)"
    for opt in rating-min-weight goals-min-weight; do
        for bad in 1 -0.1 x; do
            run --separate-stderr "$BIN/backtest" --$opt "$bad" \
                --from 2021-07-01 --until 2022-07-01 demo.csv
            [ "$status" -eq 2 ]
            [ -z "$output" ]
            same "$stderr" "backtest: --$opt: want a number in [0, 1), got '$bad'"
        done
    done
}
