#!/usr/bin/env bats
# split-league: golden stdout, stderr and exit status.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    IN="$BATS_TEST_DIRNAME/data/import"
    SHARED="$PROJECT/../shared/data/football-data"
    HEADER=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away
    cd "$IN"
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/split-league" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: split-league [--played [--until DATE] [--linked FILE]] [-o FILE] LEAGUE [FILE]"* ]]
    [ -z "$stderr" ]
}

@test "a bad option, no LEAGUE or too many operands: usage on stderr, exit 2" {
    run --separate-stderr "$BIN/split-league" -x serie_a mixed.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "split-league: invalid option -- 'x'"$'\n'"usage: "* ]]
    run --separate-stderr "$BIN/split-league"
    [ "$status" -eq 2 ]
    [[ "$stderr" == "usage: "* ]]
    run --separate-stderr "$BIN/split-league" serie_a mixed.csv extra.csv
    [ "$status" -eq 2 ]
    run --separate-stderr "$BIN/split-league" --list mixed.csv extra.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
}

@test "one league's rows, in input order, header first" {
    run --separate-stderr "$BIN/split-league" premier_league mixed.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER
premier_league,2023-24,2023-08-12,\"Brighton, Hove\",Luton,4,1,1.42,4.9,7.2
premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34
premier_league,2023-24,2024-05-19,Liverpool,Wolves,,,2.5,3.2,2.9"
}

@test "stdin by default; extra columns dropped, numbers re-emitted canonically" {
    run --separate-stderr "$BIN/split-league" serie_a <mixed.csv
    [ "$status" -eq 0 ]
    same "$output" "$HEADER
serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,2.3,3.1,3.4
serie_a,2023-24,2023-08-19,Frosinone,Napoli,1,3,,,"
}

@test "a league with no rows: message, exit 1, nothing written" {
    run --separate-stderr "$BIN/split-league" -o "$BATS_TEST_TMPDIR/x.csv" bundesliga mixed.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "split-league: no matches for league 'bundesliga'"
    [ ! -e "$BATS_TEST_TMPDIR/x.csv" ]
}

@test "--list: league<TAB>matches sorted by league" {
    run --separate-stderr "$BIN/split-league" --list mixed.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$(printf 'la_liga\t1\npremier_league\t3\nserie_a\t2')"
}

@test "--list of a header-only file prints nothing" {
    run --separate-stderr "$BIN/split-league" --list <<<"$HEADER"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
}

@test "bad rows are reported by the reader; good rows written; exit 1" {
    run --separate-stderr "$BIN/split-league" serie_a mixed-bad.csv
    [ "$status" -eq 1 ]
    same "$stderr" "split-league: mixed-bad.csv:3: goals must be whole numbers from 0 to 99, or empty"
    same "$output" "$HEADER
serie_a,2023-24,2023-08-19,Empoli,Verona,0,1,,,
serie_a,2023-24,2023-08-20,Inter,Monza,2,0,,,"
}

@test "a missing column or an empty input is fatal" {
    run --separate-stderr "$BIN/split-league" serie_a modern.csv
    [ "$status" -eq 1 ]
    same "$stderr" "split-league: modern.csv:1: missing column 'league' in header"
    run --separate-stderr "$BIN/split-league" serie_a empty.csv
    [ "$status" -eq 1 ]
    same "$stderr" "split-league: empty.csv: empty input: no header line"
}

@test "-o publishes; refuses to overwrite an existing file (exit 3, untouched)" {
    mkdir "$BATS_TEST_TMPDIR/out"
    run --separate-stderr "$BIN/split-league" -o "$BATS_TEST_TMPDIR/out/serie_a.csv" serie_a mixed.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    same "$(cat "$BATS_TEST_TMPDIR/out/serie_a.csv")" "$("$BIN/split-league" serie_a mixed.csv)"
    run --separate-stderr "$BIN/split-league" -o "$BATS_TEST_TMPDIR/out/serie_a.csv" premier_league mixed.csv
    [ "$status" -eq 3 ]
    same "$stderr" "split-league: $BATS_TEST_TMPDIR/out/serie_a.csv: already exists, not overwritten"
    [[ "$(cat "$BATS_TEST_TMPDIR/out/serie_a.csv")" == *Empoli* ]]
    [ "$(ls -A "$BATS_TEST_TMPDIR/out")" = serie_a.csv ]
}

@test "--into: every league's played rows in a file of its own, as one run per league writes them" {
    out="$BATS_TEST_TMPDIR/into"
    run --separate-stderr "$BIN/split-league" --played --until 2023-08-19 --into "$out" mixed.csv
    [ "$status" -eq 0 ]
    [ -z "$output$stderr" ]
    same "$(ls "$out")" "la_liga.csv
la_liga.version
leagues.txt
premier_league.csv
premier_league.version
serie_a.csv"
    # and the list of the leagues present, every row counted, as --list writes it
    same "$(cat "$out/leagues.txt")" "$("$BIN/split-league" --list mixed.csv)"
    for l in la_liga premier_league serie_a; do
        same "$(cat "$out/$l.csv")" "$("$BIN/split-league" --played --until 2023-08-19 "$l" mixed.csv)"
    done
    # with the version of each league's rows, as data-version names it,
    # when they hold a played match
    for l in la_liga premier_league; do
        same "$(cat "$out/$l.version")" "$("$BIN/data-version" "$out/$l.csv")"
    done
    [ ! -e "$out/serie_a.version" ]
    # A file already there is an error; the others are not replaced either.
    run --separate-stderr "$BIN/split-league" --played --into "$out" mixed.csv
    [ "$status" -eq 1 ]
    same "$stderr" "split-league: $out/la_liga.csv: File exists"
    same "$(cat "$out/serie_a.csv")" "$("$BIN/split-league" --played --until 2023-08-19 serie_a mixed.csv)"
}

@test "--into: '%' and '/' in a league's name are written %25 and %2F in its file's name" {
    printf '%s\n' "$HEADER" 'a/b%,2023-24,2023-08-19,Empoli,Verona,0,1,,,' \
        '../x,2023-24,2023-08-19,Empoli,Verona,0,1,,,' > "$BATS_TEST_TMPDIR/odd.csv"
    run --separate-stderr "$BIN/split-league" --played --into "$BATS_TEST_TMPDIR/into" \
        "$BATS_TEST_TMPDIR/odd.csv"
    [ "$status" -eq 0 ]
    same "$(ls -A "$BATS_TEST_TMPDIR/into")" "..%2Fx.csv
..%2Fx.version
a%2Fb%25.csv
a%2Fb%25.version
leagues.txt"
    [ "$(cut -d, -f1 "$BATS_TEST_TMPDIR/into/a%2Fb%25.csv")" = "league
a/b%" ]
}

@test "--into needs --played and no LEAGUE, -o or --linked; --with-linked needs --into" {
    run -2 "$BIN/split-league" --into "$BATS_TEST_TMPDIR/d" mixed.csv
    run -2 "$BIN/split-league" --played --into "$BATS_TEST_TMPDIR/d" serie_a mixed.csv
    run -2 "$BIN/split-league" --played --into "$BATS_TEST_TMPDIR/d" -o x.csv mixed.csv
    run -2 "$BIN/split-league" --played --into "$BATS_TEST_TMPDIR/d" --linked x.csv mixed.csv
    run -2 "$BIN/split-league" --played --with-linked serie_a mixed.csv
    [ ! -e "$BATS_TEST_TMPDIR/d" ]
}

@test "> /dev/full fails with a message and exit 1" {
    run --separate-stderr bash -c '"$0" --list mixed.csv >/dev/full' "$BIN/split-league"
    [ "$status" -eq 1 ]
    same "$stderr" "split-league: write error: No space left on device"
}

@test "shared data: --list counts per league, and a split is exactly its league" {
    [ -d "$SHARED" ] || { echo "no shared data at $SHARED" >&2; false; }
    all="$BATS_TEST_TMPDIR/fixtures.csv"
    # every match, the awarded ones of data/excluded.csv too, as the table counts them
    printf 'league,date,home,away,reason\n' >"$BATS_TEST_TMPDIR/none.csv"
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -X "$BATS_TEST_TMPDIR/none.csv" -o "$all" "$SHARED"/*/*.csv
    run --separate-stderr "$BIN/split-league" --list "$all"
    [ "$status" -eq 0 ]
    # The table in shared/data/README.md.
    same "$output" "$(printf '%s\t%s\n' bundesliga 9486 championship 17112 eredivisie 9412 \
        la_liga 11944 ligue_1 11235 premier_league 11944 primeira_liga 8652 serie_a 10966)"
    run --separate-stderr "$BIN/split-league" premier_league "$all"
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 11945 ]
    same "$(tail -n +2 <<<"$output")" "$(grep '^premier_league,' "$all")"
}
