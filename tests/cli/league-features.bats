#!/usr/bin/env bats
# league-features: stdout, stderr and exit status on simulated leagues
# (bin/simulate-league). The features' values are checked in
# tests/unit/test_prematch.c; here the program around them.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    # Three seasons of ten teams (270 matches, 3 promoted sides a season),
    # the last 7 fixtures unplayed.
    "$PROJECT/bin/simulate-league" --seed 8 --seasons 3 --teams 10 --unplayed 7 \
        >"$BATS_FILE_TMPDIR/sim.csv"
    "$PROJECT/bin/league-features" "$BATS_FILE_TMPDIR/sim.csv" >"$BATS_FILE_TMPDIR/features.csv"
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/sim.csv" "$BATS_FILE_TMPDIR/features.csv" .
    CANONICAL=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away
    # The enum feature of src/lib/models/prematch.h, in order.
    FEATURES=elo_home,elo_away,elo_diff,pi_home,pi_away,pi_gd,form_home,form_away,form_home_at_home,form_away_away,goals_for_home,goals_against_home,goals_for_away,goals_against_away,draw_rate_home,draw_rate_away,dc_p_home,dc_p_draw,dc_p_away,dc_total_goals,abs_elo_diff,dc_logit_home,dc_logit_away,abs_pi_gd,dc_balance,dc_fast_logit_home,dc_fast_logit_away,shot_share_home,shot_share_away,sot_share_home,sot_share_away,rest_home,rest_away
    GOALS_MODEL=dc_p_home,dc_p_draw,dc_p_away,dc_total_goals,dc_logit_home,dc_logit_away,dc_balance,dc_fast_logit_home,dc_fast_logit_away
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# The columns named in $1 (comma-separated) of CSV $2 (no quoted commas),
# with the header.
columns() {
    awk -F, -v want="$1" '
        NR == 1 { n = split(want, w, ","); for (i = 1; i <= NF; i++) col[$i] = i
                  for (j = 1; j <= n; j++) if (!(w[j] in col)) { print "no column " w[j] > "/dev/stderr"; exit 1 } }
        { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "," : "") $(col[w[j]]); print line }' "$2"
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/league-features" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: league-features [--from DATE | --base TABLE [--base-feeder FILE]...]"$'\n'* ]]
    [ -z "$stderr" ]
}

@test "a bad option, a bad --from or two operands: usage on stderr, exit 2" {
    run --separate-stderr "$BIN/league-features" -x sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "${stderr%%$'\n'*}" "league-features: invalid option -- 'x'"
    [[ "$stderr" == *$'\n'"usage: league-features "* ]]
    run --separate-stderr "$BIN/league-features" --from 2020-02-30 sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "$stderr" "league-features: --from: want a date YYYY-MM-DD, got '2020-02-30'"
    run --separate-stderr "$BIN/league-features" sim.csv sim.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ "$stderr" == "usage: league-features "* ]]
}

@test "the header: the canonical columns, history, then the features in enum order" {
    same "$(head -1 features.csv)" "$CANONICAL,history,$FEATURES"
}

@test "one row per input fixture, unplayed ones too, canonical columns as given, in date order" {
    same "$(($(wc -l <features.csv) - 1))" 270
    # the canonical part of each row is the input row (already in date order)
    same "$(tail -n +2 features.csv | cut -d, -f1-10)" "$(tail -n +2 sim.csv)"
    same "$(awk -F, 'NR > 1 && $6 == ""' features.csv | wc -l)" 7
    # every row has every column, and every feature is a number
    awk -F, 'NR > 1 && NF != 44 { exit 1 }' features.csv
    awk -F, 'NR > 1 { for (i = 11; i <= NF; i++) if ($i !~ /^-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?$/) exit 1 }' features.csv
    # shuffled input: the same output, sorted by date
    { head -1 sim.csv; tail -n +2 sim.csv | sort -t, -k4,4 -k5,5r; } >shuffled.csv
    run -1 cmp -s shuffled.csv sim.csv
    "$BIN/league-features" shuffled.csv | cmp - features.csv
}

@test "the first date's rows take the start values; relations between columns" {
    # 2019-08-10: the first date of the simulated league, 5 matches
    same "$(columns date,history,elo_home,elo_away,elo_diff,form_home,goals_for_away,draw_rate_home,dc_p_home,dc_total_goals features.csv | grep -c '^2019-08-10,0,1500,1500,60,1.37,1.35,0.26,0.45,2.7$')" 5
    columns elo_home,elo_away,elo_diff,abs_elo_diff,pi_gd,abs_pi_gd features.csv | awk -F, '
        NR > 1 { d = $1 - $2 + 60 - $3; a = ($3 < 0 ? -$3 : $3) - $4; p = ($5 < 0 ? -$5 : $5) - $6
                 if (d > 1e-9 || d < -1e-9 || a != 0 || p != 0) { print "row " NR ": " $0; bad = 1 } }
        END { exit bad }'
    columns dc_p_home,dc_p_draw,dc_p_away,dc_logit_home,dc_logit_away,dc_balance features.csv | awk -F, '
        function abs(x) { return x < 0 ? -x : x }
        NR > 1 { s = $1 + $2 + $3 - 1; h = log($1 / $2) - $4; a = log($3 / $2) - $5; b = abs(log($1 / $3)) - $6
                 if (abs(s) > 1e-12 || abs(h) > 1e-12 || abs(a) > 1e-12 || abs(b) > 1e-12) { print "row " NR ": " $0; bad = 1 } }
        END { exit bad }'
    # history: 0 on the first date, up to about two seasons' matches later
    same "$(columns history features.csv | sed -n 2p)" 0
    [ "$(columns history features.csv | tail -n +2 | sort -n | tail -1)" -ge 30 ]
}

@test "deterministic: two runs, stdin and a file, -o all byte-identical" {
    "$BIN/league-features" sim.csv >two.csv
    "$BIN/league-features" <sim.csv >three.csv
    run --separate-stderr "$BIN/league-features" -o four.csv sim.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
    cmp features.csv two.csv
    cmp features.csv three.csv
    cmp features.csv four.csv
    same "$(stat -c %a four.csv)" 644
}

@test "--from zeroes the goals-model features before the date, nothing else" {
    run --separate-stderr "$BIN/league-features" --from 2021-01-01 sim.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >from.csv
    same "$(head -1 from.csv)" "$(head -1 features.csv)"
    others=$CANONICAL,history,elo_home,elo_away,elo_diff,pi_home,pi_away,pi_gd,form_home,form_away,form_home_at_home,form_away_away,goals_for_home,goals_against_home,goals_for_away,goals_against_away,draw_rate_home,draw_rate_away,abs_elo_diff,abs_pi_gd
    same "$(columns "$others" from.csv)" "$(columns "$others" features.csv)"
    # before the date: all nine 0; from it on: as without --from
    same "$(columns "date,$GOALS_MODEL" from.csv | awk -F, '$1 < "2021-01-01"' | sort -u | cut -d, -f2- | sort -u)" \
        "0,0,0,0,0,0,0,0,0"
    [ "$(columns date features.csv | awk '$1 < "2021-01-01"' | wc -l)" -gt 100 ]
    # (bit for bit: the refits of the month before the date are redone)
    same "$(columns "date,$GOALS_MODEL" from.csv | awk -F, '$1 >= "2021-01-01"')" \
        "$(columns "date,$GOALS_MODEL" features.csv | awk -F, '$1 >= "2021-01-01"')"
    [ "$(columns date features.csv | awk '$1 >= "2021-01-01"' | wc -l)" -gt 100 ]
    # ... and those rows do have fitted values (not the fixed ones)
    columns "date,dc_p_home" features.csv | awk -F, '$1 >= "2021-01-01" && $2 != 0.45 { n++ } END { exit !(n > 50) }'
}

@test "a header only: the header only, exit 0" {
    head -1 sim.csv >header.csv
    run --separate-stderr "$BIN/league-features" header.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$CANONICAL,history,$FEATURES"
    # with a feeder too: no league's rows to link it to
    run --separate-stderr "$BIN/league-features" --feeder sim.csv header.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$CANONICAL,history,$FEATURES"
}

@test "two leagues in the input: an error naming the line and both, exit 1" {
    { cat sim.csv; echo "serie_a,2021-22,2022-05-15,Empoli,Verona,0,1,,,"; } >two.csv
    mkdir out
    run --separate-stderr "$BIN/league-features" -o out/f.csv two.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "league-features: two.csv:272: league 'serie_a' after 'demo_league': give one league (see split-league)"
    same "$(ls -A out)" ""
}

@test "a bad row: FILE:LINE: reason, exit 1, nothing written" {
    { head -5 sim.csv; echo "demo_league,2019-20,2019-13-01,Oakham City,Dunton City,1,1,,,"
      tail -n +6 sim.csv; echo "demo_league,2021-22,2022-05-30,Oakham City,Dunton City,x,1,,,"; } >bad.csv
    mkdir out
    run --separate-stderr "$BIN/league-features" -o out/f.csv bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "league-features: bad.csv:6: bad date (want YYYY-MM-DD)
league-features: bad.csv:273: goals must be whole numbers from 0 to 99, or empty
league-features: bad.csv: bad rows in the input, no features computed"
    same "$(ls -A out)" ""
}

@test "empty input, a missing file: exit 1 naming it" {
    : >empty.csv
    run --separate-stderr "$BIN/league-features" empty.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "league-features: empty.csv: empty input: no header line"
    run --separate-stderr "$BIN/league-features" nope.csv
    [ "$status" -eq 1 ]
    same "$stderr" "league-features: nope.csv: No such file or directory"
}

@test "-o never overwrites: exit 3, the file untouched, no temp file left" {
    mkdir out
    printf 'precious\n' >out/f.csv
    run --separate-stderr "$BIN/league-features" -o out/f.csv sim.csv
    [ "$status" -eq 3 ]
    [ -z "$output" ]
    same "$stderr" "league-features: out/f.csv: already exists, not overwritten"
    same "$(cat out/f.csv)" precious
    same "$(ls -A out)" f.csv
}

@test "> /dev/full: exit 1 with a write error" {
    run --separate-stderr bash -c '"$0" sim.csv >/dev/full' "$BIN/league-features"
    [ "$status" -eq 1 ]
    same "$stderr" "league-features: write error: No space left on device"
}

@test "rows with statistics: the table keeps them, its version is the rows', and the goals model reads them" {
    awk -F, -v OFS=, '
        NR == 1 { print $0, "home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners"; next }
        $6 == "" { print $0, ",,,,,"; next }
        { hs = $6 + 2 + NR % 3; as = $7 + 1 + NR % 2
          print $0, hs + 5, as + 4, hs, as, 3 + NR % 5, 2 + NR % 4 }' sim.csv >stats.csv
    "$BIN/league-features" stats.csv >table.csv
    same "$(head -1 table.csv | cut -d, -f1-16)" "$CANONICAL,home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners"
    same "$(cut -d, -f1-16 table.csv)" "$(cat stats.csv)"
    same "$("$BIN/data-version" table.csv)" "$("$BIN/data-version" stats.csv)"
    # The features other than the goals model's and the shot shares are
    # the statistics-free ones.
    shares=shot_share_home,shot_share_away,sot_share_home,sot_share_away
    others=$(echo "$FEATURES" | tr , '\n' | grep -vxF -f <(echo "$GOALS_MODEL,$shares" | tr , '\n') | paste -sd,)
    same "$(columns "$others" table.csv)" "$(columns "$others" features.csv)"
    # The shot shares: 0.5 without statistics, varied with them (their
    # values: test_prematch).
    same "$(columns "$shares" features.csv | tail -n +2 | sort -u)" "0.5,0.5,0.5,0.5"
    [ "$(columns "$shares" table.csv | tail -n +2 | sort -u | wc -l)" -gt 100 ]
    # The goals model blends the statistics into its response.
    run cmp <(columns "$GOALS_MODEL" table.csv) <(columns "$GOALS_MODEL" features.csv)
    [ "$status" -eq 1 ]
}
