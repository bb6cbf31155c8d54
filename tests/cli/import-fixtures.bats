#!/usr/bin/env bats
# import-fixtures: golden stdout, stderr and exit status on hand-made inputs,
# and the whole shared football-data.co.uk collection.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    IN="$BATS_TEST_DIRNAME/data/import"
    SHARED="$PROJECT/../shared/data/football-data"
    HEADER=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away
    # Inputs named relative to $IN, so that messages are the same everywhere.
    cd "$IN"
    unset LEAGUEFIT_LEAGUES
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

import() {
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" "$@"
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/import-fixtures" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: import-fixtures "* ]]
    [ -z "$stderr" ]
}

@test "a bad option prints usage on stderr and exits 2" {
    run --separate-stderr "$BIN/import-fixtures" -x
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ "$stderr" == "import-fixtures: invalid option -- 'x'"$'\n'"usage: "* ]]
}

@test "a malformed --season is a usage error" {
    run --separate-stderr import --season 2023-25 modern.csv
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: bad season '2023-25' (want YYYY-YY, e.g. 2023-24, or YYYY)"
}

@test "modern file: BOM, CRLF, dd/mm/yyyy, quoted comma, apostrophe, odds preference, unplayed" {
    run --separate-stderr import modern.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source
premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34,pinnacle_closing
premier_league,2023-24,2023-08-12,\"Brighton, Hove\",Luton,4,1,1.42,4.9,7.2,avg
premier_league,2023-24,2023-08-12,Nott'm Forest,Arsenal,1,2,5.9,4.4,1.52,avg
premier_league,2023-24,2023-08-13,Chelsea,Liverpool,1,1,,,,
premier_league,2023-24,2024-05-19,Liverpool,Wolves,,,2.5,3.2,2.9,b365"
}

@test "1990s file: dd/mm/yy, cp1252, NBSP, ragged rows, trailing empty columns, padding rows" {
    run --separate-stderr import nineties.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER
bundesliga,1994-95,1994-08-06,Bayern München,Werder Bremen,2,1,,,
bundesliga,1994-95,1994-08-06,Hamburg,Köln,0,0,,,
bundesliga,1994-95,1994-08-13,Werder Bremen,Bayern München,1,3,,,"
}

@test "alternative headers HT/AT/HG/AG; a season running into July stays one season" {
    run --separate-stderr import alt-headers.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER
la_liga,2019-20,2019-08-16,Ath Bilbao,Barcelona,1,0,,,
la_liga,2019-20,2019-08-17,Celta,Real Madrid,1,3,,,
la_liga,2019-20,2020-06-30,Sevilla,Valencia,1,0,,,
la_liga,2019-20,2020-07-19,Real Madrid,Leganes,2,2,,,"
}

@test "--season overrides the season of every football-data row; one that cannot hold a row's date is a row error" {
    # the rows of alt-headers.csv run from August 2019 to July 2020
    run --separate-stderr import --season 2019 alt-headers.csv
    [ "$status" -eq 0 ]
    [ "$(cut -d, -f2 <<<"$output" | sort | uniq -c | xargs)" = "4 2019 1 season" ]
    run --separate-stderr import --season 2020-21 alt-headers.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: alt-headers.csv:4: season 2020-21 (--season) does not hold the date 16/08/2019
import-fixtures: alt-headers.csv:5: season 2020-21 (--season) does not hold the date 17/08/2019"
    [ "$(cut -d, -f2 <<<"$output" | sort | uniq -c | xargs)" = "2 2020-21 1 season" ]
}

@test "stdin, alone or as -, and several files merged and sorted by date" {
    run --separate-stderr import <nineties.csv
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 4 ]
    run --separate-stderr import modern.csv - nineties.csv <alt-headers.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ "${#lines[@]}" -eq 13 ]
    same "$(cut -d, -f3 <<<"$output" | tail -n +2)" "$(cut -d, -f3 <<<"$output" | tail -n +2 | sort)"
}

@test "bad rows are reported with file and line; the good rows are still written; exit 1" {
    run --separate-stderr import bad-rows.csv
    [ "$status" -eq 1 ]
    same "$output" "$HEADER
premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,
premier_league,2019-20,2019-08-11,Leicester,Wolves,0,0,,,"
    same "$stderr" "import-fixtures: bad-rows.csv:3: unknown division 'X9' (not in $PROJECT/data/leagues.csv)
import-fixtures: bad-rows.csv:4: bad date '32/08/2019' (want dd/mm/yy, dd/mm/yyyy or yyyy-mm-dd)
import-fixtures: bad-rows.csv:5: bad date '10 Aug 2019' (want dd/mm/yy, dd/mm/yyyy or yyyy-mm-dd)
import-fixtures: bad-rows.csv:6: bad FTHG 'three' (want a whole number from 0 to 99, or empty)
import-fixtures: bad-rows.csv:7: bad FTHG '-1' (want a whole number from 0 to 99, or empty)
import-fixtures: bad-rows.csv:8: 'Watford' cannot play itself
import-fixtures: bad-rows.csv:9: empty HomeTeam
import-fixtures: bad-rows.csv:10: one side's goals given without the other's
import-fixtures: bad-rows.csv:11: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at bad-rows.csv:2)"
}

@test "a result column (FTR, Res) that contradicts the goals, or is not H, D or A: a bad row, file:line; empty, or with no goals: nothing said" {
    printf '%s\n' 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR' 'E0,10/08/2019,Arsenal,Norwich,1,0,H' \
        'E0,17/08/2019,Norwich,Chelsea,9,1,D' 'E0,24/08/2019,Leeds,Chelsea,0,0,' \
        'E0,31/08/2019,Leeds,Arsenal,0,2,AA' 'E0,07/09/2019,Leeds,Norwich,,,H' >ftr.csv
    run --separate-stderr import ftr.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: ftr.csv:3: FTR 'D' contradicts the score 9-1 (want H)
import-fixtures: ftr.csv:5: FTR 'AA' contradicts the score 0-2 (want A)"
    same "$(cut -d, -f4-7 <<<"$output" | tail -n +2)" "Arsenal,Norwich,1,0
Leeds,Chelsea,0,0
Leeds,Norwich,,"
    # The extra leagues' files name it Res.
    printf '%s\n' 'Country,League,Season,Date,Time,Home,Away,HG,AG,Res' \
        'USA,MLS,2023,25/02/2023,01:30,Atlanta Utd,San Jose,2,1,A' >res.csv
    run --separate-stderr import res.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: res.csv:2: Res 'A' contradicts the score 2-1 (want H)"
}

@test "every data row is either written or reported" {
    run --separate-stderr import bad-rows.csv modern.csv nineties.csv
    [ "$status" -eq 1 ]
    written=$((${#lines[@]} - 1))
    reported=$(grep -c . <<<"$stderr")
    [ "$written" -eq 10 ]
    [ "$reported" -eq 9 ]
    [ $((written + reported)) -eq 19 ] # 11 + 5 + 3 data rows
}

@test "a repeated match is reported at its second occurrence, naming the first" {
    run --separate-stderr "$BIN/import-fixtures" -L leagues-small.csv repeats.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: repeats.csv:3: duplicate match bundesliga 2019-08-09 Bayern Munich v Hertha (first at repeats.csv:2)
import-fixtures: repeats.csv:6: duplicate match bundesliga 2019-08-17 Dortmund v Augsburg (first at repeats.csv:4)"
    [ "${#lines[@]}" -eq 6 ]
}

@test "a match repeated in another file is reported on the later file" {
    run --separate-stderr import canonical.csv modern.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: modern.csv:2: duplicate match premier_league 2023-08-11 Burnley v Man City (first at canonical.csv:4)"
    [ "${#lines[@]}" -eq 8 ]
}

@test "a file given twice: its first 10 repeats said, then their count, as of bad rows; with --failed too" {
    T=$BATS_TEST_TMPDIR
    { echo 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG'
      for d in $(seq 10 21); do echo "E0,$d/08/2019,Liverpool,Norwich,4,1"; done; } >"$T/E0.csv"
    cp "$T/E0.csv" "$T/E0 (copy).csv"
    for failed in "" "--failed $T/failed"; do
        run --separate-stderr import $failed "$T/E0.csv" "$T/E0 (copy).csv"
        [ "$status" -eq $([ -n "$failed" ] && echo 0 || echo 1) ]
        same "$(grep -c ': duplicate match ' <<<"$stderr")" 10
        same "$(tail -n 1 <<<"$stderr")" "import-fixtures: $T/E0 (copy).csv: 12 bad rows in all, the first 10 shown"
        same "$(head -n 1 <<<"$stderr")" "import-fixtures: $T/E0 (copy).csv:2: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at $T/E0.csv:2)"
        same "${#lines[@]}" 13
    done
    same "$(cat "$T/failed")" "premier_league	import-fixtures: $T/E0 (copy).csv:2: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at $T/E0.csv:2)"
}

@test "a line of the alias or exclusion table whose league is misspelt is said, file and line, with the league meant" {
    T=$BATS_TEST_TMPDIR
    { cat "$PROJECT/data/teams.csv"; echo 'premier_leage,Nottm Forest,Nott'"'"'m Forest'; } >"$T/teams.csv"
    { cat "$PROJECT/data/excluded.csv"; echo 'premier_league,2023-08-11,Burnley,Man City,a test'
      echo 'premeir_league,2023-08-11,Burnley,Man City,a test'; } >"$T/excluded.csv"
    run --separate-stderr import -T "$T/teams.csv" -X "$T/excluded.csv" modern.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: modern.csv:2: excluded: premier_league 2023-08-11 Burnley v Man City: a test ($T/excluded.csv:7)
import-fixtures: $T/teams.csv:13: league 'premier_leage' is neither in $PROJECT/data/leagues.csv nor in the data: this line is never used ('premier_league' meant?)
import-fixtures: $T/excluded.csv:8: league 'premeir_league' is neither in $PROJECT/data/leagues.csv nor in the data: this line is never used ('premier_league' meant?)"
    # a league of the data that the map does not name (canonical files) is no mistake
    printf 'league,alias,name\nmy_league,Calham Utd,Calham United\n' >"$T/mine.csv"
    printf '%s\n' 'league,season,date,home_team,away_team,home_goals,away_goals' \
        'my_league,2023-24,2023-08-12,Calham Utd,Fenbury Town,1,0' >"$T/mine-rows.csv"
    run --separate-stderr import -T "$T/mine.csv" "$T/mine-rows.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [[ "$output" == *",Calham United,Fenbury Town,"* ]]
}

@test "a match of the exclusion table is left out though the alias table renames a side of it" {
    T=$BATS_TEST_TMPDIR
    # the shipped list names Zenit as the site does; a user names the club in full
    { cat "$PROJECT/data/teams.csv"; echo 'russia_premier_league,Zenit,Zenit St Petersburg'; } >"$T/teams.csv"
    printf '%s\n' 'Country,League,Season,Date,Time,Home,Away,HG,AG,Res' \
        'Russia,Premier League,2012/2013,17/11/2012,13:00,Dynamo Moscow,Zenit,3,0,H' \
        'Russia,Premier League,2012/2013,17/11/2012,15:30,Vladikavkaz,Rubin Kazan,0,2,A' >"$T/RUS.csv"
    run --separate-stderr import -T "$T/teams.csv" -X "$PROJECT/data/excluded.csv" "$T/RUS.csv"
    [ "$status" -eq 0 ]
    same "$output" "$HEADER
russia_premier_league,2012-13,2012-11-17,Vladikavkaz,Rubin Kazan,0,2,,,"
    same "$stderr" "import-fixtures: $T/RUS.csv:2: excluded: russia_premier_league 2012-11-17 Dynamo Moscow v Zenit St Petersburg: abandoned at 0-0 after a firecracker from the Zenit end hurt Dynamo's goalkeeper: 3-0 awarded ($PROJECT/data/excluded.csv:4)"
}

@test "canonical input is recognised and merged" {
    run --separate-stderr import canonical.csv nineties.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER
bundesliga,1994-95,1994-08-06,Bayern München,Werder Bremen,2,1,,,
bundesliga,1994-95,1994-08-06,Hamburg,Köln,0,0,,,
bundesliga,1994-95,1994-08-13,Werder Bremen,Bayern München,1,3,,,
premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34
premier_league,2023-24,2023-08-12,Everton,Fulham,0,1,2.1,3.4,3.6
premier_league,2023-24,2023-08-12,Sheffield United,Crystal Palace,0,1,,,"
}

@test "canonical input through a pipe's path (<(...), /dev/stdin) is read from its text, as from a file" {
    want=$(import canonical.csv)
    run --separate-stderr import <(cat canonical.csv)
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$want"
    run --separate-stderr import /dev/stdin <canonical.csv
    [ "$status" -eq 0 ]
    same "$output" "$want"
    # (a file given by a pipe's path holds nothing once read: from a pipe
    # under /dev/stdin too)
    run --separate-stderr bash -c 'cat canonical.csv | "$1/import-fixtures" /dev/stdin' _ "$BIN"
    [ "$status" -eq 0 ]
    same "$output" "$want"
}

@test "canonical input with a bad row: reported by the canonical reader" {
    run --separate-stderr import canonical-bad.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: canonical-bad.csv:3: bad date (want YYYY-MM-DD)"
    [ "${#lines[@]}" -eq 2 ]
}

@test "a match twice in canonical input: one bad row, said once; a repeat only the aliases make, said too, in the same words" {
    T=$BATS_TEST_TMPDIR
    { printf '%s\n' "$HEADER"
      printf '%s\n' 'premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,' \
          'premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,' \
          'premier_league,2019-20,2019-08-11,Man United,Chelsea,4,0,,,' \
          'premier_league,2019-20,2019-08-11,Manchester United,Chelsea,4,0,,,'
    } >"$T/twice.csv"
    printf 'league,alias,name\npremier_league,Manchester United,Man United\n' >"$T/teams.csv"
    run --separate-stderr "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -T "$T/teams.csv" \
        -X "$PROJECT/data/excluded.csv" -o "$T/out.csv" "$T/twice.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/twice.csv:3: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at $T/twice.csv:2)
import-fixtures: $T/twice.csv:5: duplicate match premier_league 2019-08-11 Man United v Chelsea (first at $T/twice.csv:4)
import-fixtures: 2 bad rows; $T/out.csv not written"
    run --separate-stderr "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -T "$T/teams.csv" \
        -X "$PROJECT/data/excluded.csv" "$T/twice.csv"
    [ "$status" -eq 1 ]
    same "$output" "$HEADER
premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,
premier_league,2019-20,2019-08-11,Man United,Chelsea,4,0,,,"
}

@test "a match three times in canonical input: each repeat names the row kept as the first" {
    T=$BATS_TEST_TMPDIR
    { printf '%s\n' "$HEADER"
      printf '%s\n' 'premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,' \
          'premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,' \
          'premier_league,2019-20,2019-08-11,Man United,Chelsea,4,0,,,' \
          'premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,'
    } >"$T/thrice.csv"
    run --separate-stderr import -X "$PROJECT/data/excluded.csv" "$T/thrice.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/thrice.csv:3: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at $T/thrice.csv:2)
import-fixtures: $T/thrice.csv:5: duplicate match premier_league 2019-08-10 Liverpool v Norwich (first at $T/thrice.csv:2)"
    same "$output" "$HEADER
premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,
premier_league,2019-20,2019-08-11,Man United,Chelsea,4,0,,,"
}

@test "unterminated quote: a CSV error, nothing written, exit 1" {
    run --separate-stderr import unterminated.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: unterminated.csv:3: CSV error: error parsing data while strict checking enabled"
}

@test "missing column: named with file and line 1, exit 1" {
    run --separate-stderr import missing-column.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: missing-column.csv:1: missing column 'FTAG' (or AG) in header"
}

@test "empty file: no header, exit 1" {
    run --separate-stderr import empty.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: empty.csv: empty input: no header line"
}

@test "a missing input file is named" {
    run --separate-stderr import no-such.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: no-such.csv: No such file or directory"
}

@test "a NUL byte in a row is reported" {
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nE0,17/08/2019,Liv\0erpool,Norwich,4,1\n' >"$BATS_TEST_TMPDIR/nul.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/nul.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/nul.csv:2: NUL byte in a field"
}

@test "leagues map: -L, then \$LEAGUEFIT_LEAGUES, then data/leagues.csv under the cwd, then beside the program" {
    cd "$PROJECT"
    run --separate-stderr "$BIN/import-fixtures" "$IN/modern.csv"
    [ "$status" -eq 0 ]
    cp "$IN/nineties.csv" "$BATS_TEST_TMPDIR/e1.csv"
    sed -i 's/^D1,/E1,/' "$BATS_TEST_TMPDIR/e1.csv"
    export LEAGUEFIT_LEAGUES="$IN/leagues-small.csv"
    run --separate-stderr "$BIN/import-fixtures" "$BATS_TEST_TMPDIR/e1.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *":2: unknown division 'E1' (not in $IN/leagues-small.csv)"* ]]
    run --separate-stderr "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" "$BATS_TEST_TMPDIR/e1.csv"
    [ "$status" -eq 0 ]
    [[ "${lines[1]}" == championship,1994-95,* ]]
    cd "$BATS_TEST_TMPDIR"
    unset LEAGUEFIT_LEAGUES
    run --separate-stderr "$BIN/import-fixtures" "$IN/modern.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    mkdir data && printf 'code,league\nE0,my_league\n' >data/leagues.csv
    run --separate-stderr "$BIN/import-fixtures" "$IN/modern.csv"
    [ "$status" -eq 0 ]
    [[ "${lines[1]}" == my_league,* ]]
}

@test "canonical input needs no leagues map" {
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr "$BIN/import-fixtures" "$IN/canonical.csv"
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 4 ]
}

@test "-o publishes the file and writes nothing on stdout" {
    mkdir "$BATS_TEST_TMPDIR/out"
    run --separate-stderr import -o "$BATS_TEST_TMPDIR/out/fixtures.csv" modern.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
    same "$(cat "$BATS_TEST_TMPDIR/out/fixtures.csv")" "$(import modern.csv)"
    [ "$(ls -A "$BATS_TEST_TMPDIR/out")" = fixtures.csv ] # no temp file left behind
}

@test "-o refuses to overwrite an existing file: exit 3, file untouched" {
    mkdir "$BATS_TEST_TMPDIR/out"
    echo precious >"$BATS_TEST_TMPDIR/out/fixtures.csv"
    run --separate-stderr import -o "$BATS_TEST_TMPDIR/out/fixtures.csv" modern.csv
    [ "$status" -eq 3 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/out/fixtures.csv: already exists, not overwritten"
    [ "$(cat "$BATS_TEST_TMPDIR/out/fixtures.csv")" = precious ]
    [ "$(ls -A "$BATS_TEST_TMPDIR/out")" = fixtures.csv ]
}

@test "> /dev/full fails with a message and exit 1" {
    run --separate-stderr bash -c '"$0" -L "$1" modern.csv >/dev/full' \
        "$BIN/import-fixtures" "$PROJECT/data/leagues.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: write error: No space left on device"
}

@test "all shared football-data files: every match written but the two excluded, each said" {
    [ -d "$SHARED" ] || { echo "no shared data at $SHARED" >&2; false; }
    files=("$SHARED"/*/*.csv)
    [ "${#files[@]}" -eq 247 ]
    # Independent count: lines that are neither a header nor blank/all commas.
    expected=$(awk 'FNR > 1 { sub(/\r$/, ""); if ($0 !~ /^,*$/) n++ } END { print n }' "${files[@]}")
    [ "$expected" -eq 90751 ]
    run --separate-stderr import -o "$BATS_TEST_TMPDIR/all.csv" "${files[@]}"
    [ "$status" -eq 0 ]
    # the awarded results of data/excluded.csv in these leagues
    same "$(sed "s|$SHARED/||; s/\( v [^:]*\): .*/\1/" <<<"$stderr")" \
"import-fixtures: F1/2016-17.csv:327: excluded: ligue_1 2017-04-16 Bastia v Lyon
import-fixtures: I1/2012-13.csv:36: excluded: serie_a 2012-09-23 Cagliari v Roma"
    [ $(($(wc -l <"$BATS_TEST_TMPDIR/all.csv") - 1)) -eq $((expected - 2)) ]
}

@test "all shared files: each file gets the season its name says" {
    [ -d "$SHARED" ] || { echo "no shared data at $SHARED" >&2; false; }
    import "$SHARED"/*/*.csv >"$BATS_TEST_TMPDIR/all.csv"
    got=$(tail -n +2 "$BATS_TEST_TMPDIR/all.csv" | cut -d, -f1,2 | sort -u)
    # <DIV>/<season>.csv, DIV mapped to its league by data/leagues.csv.
    expected=$(cd "$SHARED" && printf '%s\n' */*.csv | sed 's|/|,|; s|\.csv$||' |
        awk -F, 'NR == FNR { slug[$1] = $2; next } { print slug[$1] "," $2 }' \
            "$PROJECT/data/leagues.csv" - | sort -u)
    [ "$(wc -l <<<"$expected")" -eq 247 ]
    same "$got" "$expected"
}

# --into: what the pipeline runs, each file on its own into a directory.
@test "--into: each file imported on its own to DIR, as its own run writes it, each row with its line" {
    out="$BATS_TEST_TMPDIR/into"
    mkdir "$out"
    run --separate-stderr import --into "$out" modern.csv nineties.csv
    [ "$status" -eq 0 ]
    same "$output" "modern.csv
nineties.csv"   # the files imported
    for f in modern.csv nineties.csv; do
        # its rows, read back (a reader ignores source_line), are its own run's
        import "$f" | cmp - <(import "$out/$f")
        [ ! -e "$out/$f.failed" ]
    done
    same "$(cat "$out/nineties.csv")" "$HEADER,source_line
bundesliga,1994-95,1994-08-06,Bayern München,Werder Bremen,2,1,,,,2
bundesliga,1994-95,1994-08-06,Hamburg,Köln,0,0,,,,3
bundesliga,1994-95,1994-08-13,Werder Bremen,Bayern München,1,3,,,,4"
    # A path's slashes are written __.
    import --into "$out" ../import/modern.csv
    cmp "$out/modern.csv" "$out/..__import__modern.csv"
}

@test "--into: a failing file keeps its good rows and names its leagues and first error; the others are not stopped" {
    out="$BATS_TEST_TMPDIR/into"
    mkdir "$out"
    run --separate-stderr import --into "$out" bad-rows.csv missing-column.csv modern.csv
    [ "$status" -eq 0 ]
    # Its errors, as its own run gives them, then the next file's.
    own=$(import bad-rows.csv 2>&1 >/dev/null; import missing-column.csv 2>&1 >/dev/null) || true
    same "$stderr" "$own"
    import bad-rows.csv 2>/dev/null | cmp - <(import "$out/bad-rows.csv")
    first=$(import bad-rows.csv 2>&1 >/dev/null | head -n 1) || true
    leagues=$(import bad-rows.csv 2>/dev/null | tail -n +2 | cut -d, -f1 | sort -u) || true
    same "$(sort "$out/bad-rows.csv.failed")" "$(sed "s|\$|	$first|" <<<"$leagues")"
    # A file that cannot be read at all: no rows, so every league ('*').
    first=$(import missing-column.csv 2>&1 >/dev/null | head -n 1) || true
    same "$(cat "$out/missing-column.csv.failed")" "*	$first"
    [ ! -e "$out/modern.csv.failed" ]
    import modern.csv | cmp - <(import "$out/modern.csv")
    # Mended, the file imports and its .failed goes.
    cp modern.csv "$BATS_TEST_TMPDIR/bad-rows.csv"
    (cd "$BATS_TEST_TMPDIR" && import --into into bad-rows.csv)
    [ ! -e "$out/bad-rows.csv.failed" ]
}

@test "--into: each file sees the list of excluded matches as its own run does" {
    # A bad row (so that the errors are said) and a listed match, with
    # another match of its league that day, in two files of one run.
    for f in a b; do
        printf '%s\n' Div,Date,HomeTeam,AwayTeam,FTHG,FTAG I1,23/09/2012,Cagliari,Roma,0,3 \
            I1,23/09/2012,Lazio,Genoa,1,0 I1,23/09/2012,Napoli,Sampdoria,x,0 \
            >"$BATS_TEST_TMPDIR/$f.csv"
    done
    cd "$BATS_TEST_TMPDIR"
    mkdir into
    x=(-X "$PROJECT/data/excluded.csv")
    run --separate-stderr import "${x[@]}" --into into a.csv b.csv
    [ "$status" -eq 0 ]
    own=$(import "${x[@]}" a.csv 2>&1 >/dev/null; import "${x[@]}" b.csv 2>&1 >/dev/null) || true
    [[ "$own" == *"excluded: serie_a 2012-09-23 Cagliari v Roma"* ]]
    same "$stderr" "$own"
}

@test "--into: a file given twice is imported twice, as in turn; with --changed, once" {
    out="$BATS_TEST_TMPDIR/into"
    mkdir "$out"
    run --separate-stderr import --into "$out" bad-rows.csv modern.csv bad-rows.csv
    [ "$status" -eq 0 ]
    same "$output" "bad-rows.csv
modern.csv
bad-rows.csv"
    own=$(import bad-rows.csv 2>&1 >/dev/null) || true
    same "$stderr" "$own
$own"
    import bad-rows.csv 2>/dev/null | cmp - <(import "$out/bad-rows.csv")
    same "$(cut -f1 "$out/bad-rows.csv.failed")" premier_league
    rm "$out"/*
    run --separate-stderr import --into "$out" --changed modern.csv modern.csv
    [ "$status" -eq 0 ]
    same "$output" modern.csv
    [ -z "$stderr" ]
    same "$(ls -A "$out")" modern.csv
}

@test "--into the files' own directory: a file whose import would replace it is refused and left as it is; the others are imported" {
    T=$BATS_TEST_TMPDIR
    mkdir "$T/raw"
    cp modern.csv "$T/raw/E0.csv"
    cp modern.csv "$T/raw/E1.csv"
    cd "$T/raw"
    run --separate-stderr import --into . E0.csv "$IN/modern.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: E0.csv: its import ./E0.csv would replace it: import into another directory"
    same "$output" "$IN/modern.csv"
    cmp E0.csv "$IN/modern.csv" # the user's file, untouched
    [ ! -e E0.csv.failed ]
    # the same directory named by its absolute path
    run --separate-stderr import --into "$T/raw" E1.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: E1.csv: its import $T/raw/E1.csv would replace it: import into another directory"
    cmp E1.csv "$IN/modern.csv"
}

@test "--into: each file said as it is kept, after its errors and before the next file's" {
    out="$BATS_TEST_TMPDIR/into"
    mkdir "$out"
    import --into "$out" bad-rows.csv modern.csv missing-column.csv >"$BATS_TEST_TMPDIR/log" 2>&1
    want=$(import bad-rows.csv 2>&1 >/dev/null; echo bad-rows.csv; echo modern.csv
           import missing-column.csv 2>&1 >/dev/null; echo missing-column.csv) || true
    same "$(cat "$BATS_TEST_TMPDIR/log")" "$want"
}

@test "--into with -o, or without files: a usage error, exit 2" {
    run --separate-stderr import --into "$BATS_TEST_TMPDIR" -o x.csv modern.csv
    [ "$status" -eq 2 ]
    same "$stderr" "import-fixtures: --into takes input files, and no -o"
    run --separate-stderr import --into "$BATS_TEST_TMPDIR"
    [ "$status" -eq 2 ]
}

@test "an upcoming fixture whose result another file gives: the result kept, in either order, said, no bad row" {
    T=$BATS_TEST_TMPDIR
    # football-data's fixtures.csv, fetched before Burnley v Man City was played
    printf '%s\n' 'Div,Date,Time,HomeTeam,AwayTeam,B365H,B365D,B365A' \
        'E0,11/08/2023,20:00,Burnley,Man City,8,5.25,1.36' \
        'E0,26/08/2023,15:00,Burnley,Aston Villa,3.2,3.6,2.2' >"$T/fixtures.csv"
    for order in "$T/fixtures.csv modern.csv" "modern.csv $T/fixtures.csv"; do
        run --separate-stderr import $order
        [ "$status" -eq 0 ]
        same "$stderr" "import-fixtures: $T/fixtures.csv:2: fixture premier_league 2023-08-11 Burnley v Man City played since: its result kept (modern.csv:2)"
        [ "$(grep -c ',Burnley,Man City,' <<<"$output")" -eq 1 ]
        grep -qx 'premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34,pinnacle_closing' <<<"$output"
        grep -qx 'premier_league,2023-24,2023-08-26,Burnley,Aston Villa,,,3.2,3.6,2.2,b365' <<<"$output"
        [ "${#lines[@]}" -eq 7 ] # the header, modern.csv's 5 rows, the fixture not yet played
    done
}

@test "a canonical file holding a fixture and its result: the result kept, in either order, said; two of either a repeat" {
    T=$BATS_TEST_TMPDIR
    h=league,season,date,home_team,away_team,home_goals,away_goals
    fixture=serie_a,2023-24,2024-05-19,Roma,Lazio,,
    result=serie_a,2023-24,2024-05-19,Roma,Lazio,2,1
    printf '%s\n' "$h" "$fixture" "$result" > "$T/a.csv"
    printf '%s\n' "$h" "$result" "$fixture" > "$T/b.csv"
    for f in a b; do
        run --separate-stderr import "$T/$f.csv"
        [ "$status" -eq 0 ]
        [ "${#lines[@]}" -eq 2 ]
        [[ "${lines[1]}" == serie_a,2023-24,2024-05-19,Roma,Lazio,2,1,* ]]
    done
    same "$(import "$T/a.csv" 2>&1 >/dev/null)" \
        "import-fixtures: $T/a.csv:2: fixture serie_a 2024-05-19 Roma v Lazio played since: its result kept ($T/a.csv:3)"
    # a fixture given twice with its result: each dropped for it, as from
    # two files; twice without one: a repeat
    printf '%s\n' "$h" "$fixture" "$result" "$fixture" > "$T/c.csv"
    run --separate-stderr import "$T/c.csv"
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 2 ]
    [[ "${lines[1]}" == serie_a,2023-24,2024-05-19,Roma,Lazio,2,1,* ]]
    [[ "$stderr" == *"import-fixtures: $T/c.csv:4: fixture serie_a 2024-05-19 Roma v Lazio played since: its result kept ($T/c.csv:3)"* ]]
    printf '%s\n' "$h" "$fixture" "$fixture" > "$T/e.csv"
    run --separate-stderr import "$T/e.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"import-fixtures: $T/e.csv:3: duplicate match serie_a 2024-05-19 Roma v Lazio (first at $T/e.csv:2)"* ]]
    # two results of one match: a repeat, as before
    printf '%s\n' "$h" "$result" "$fixture" serie_a,2023-24,2024-05-19,Roma,Lazio,3,1 > "$T/d.csv"
    run --separate-stderr import "$T/d.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"import-fixtures: $T/d.csv:4: duplicate match serie_a 2024-05-19 Roma v Lazio (first at $T/d.csv:2)"* ]]
    # two fixtures in two files: a repeat, unless a row gives the match played
    printf '%s\n' "$h" "$fixture" > "$T/f1.csv"
    cp "$T/f1.csv" "$T/f2.csv"
    run --separate-stderr import "$T/f1.csv" "$T/f2.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"import-fixtures: $T/f2.csv:2: duplicate match serie_a 2024-05-19 Roma v Lazio (first at $T/f1.csv:2)"* ]]
    run --separate-stderr import "$T/f1.csv" "$T/f2.csv" "$T/a.csv"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"import-fixtures: $T/f2.csv:2: fixture serie_a 2024-05-19 Roma v Lazio played since: its result kept ($T/a.csv:3)"* ]]
    # the programs that read the pipeline's own files still refuse the pair
    run --separate-stderr "$PROJECT/bin/split-league" --played serie_a "$T/a.csv"
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"$T/a.csv:3: duplicate match serie_a 2024-05-19 Roma v Lazio (first at $T/a.csv:2)"* ]]
}

@test "--failed: a match two files hold fails its league in FILE, not the run; its first row is written" {
    T=$BATS_TEST_TMPDIR
    run --separate-stderr import --failed "$T/failed" canonical.csv modern.csv nineties.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: modern.csv:2: duplicate match premier_league 2023-08-11 Burnley v Man City (first at canonical.csv:4)"
    same "$(cat "$T/failed")" "premier_league	import-fixtures: modern.csv:2: duplicate match premier_league 2023-08-11 Burnley v Man City (first at canonical.csv:4)"
    # (canonical.csv's row, the first: no odds source)
    grep -qx 'premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34,' <<<"$output"
    [ "$(grep -c ',Burnley,Man City,' <<<"$output")" -eq 1 ]
    [ "$(grep -c '^bundesliga,' <<<"$output")" -eq 3 ]
    # No repeat: the file is made empty (a failure of an earlier merge gone).
    run --separate-stderr import --failed "$T/failed" canonical.csv nineties.csv
    [ "$status" -eq 0 ]
    [ -e "$T/failed" ]
    [ ! -s "$T/failed" ]
    run --separate-stderr "$BIN/import-fixtures" --failed "$T/failed" --into "$T/d" canonical.csv
    [ "$status" -eq 2 ]
    same "$stderr" "import-fixtures: --failed and --named go with one merge of the inputs, not --into"
}

@test "--named: the imports --into made are said as the files they came from, by those files' lines" {
    T=$BATS_TEST_TMPDIR
    # modern.csv's rows in reverse: the imported file sorts them by date.
    { head -n 1 modern.csv; tail -n +2 modern.csv | tac; } >"$T/reversed.csv"
    mkdir "$T/into"
    import --into "$T/into" "$T/reversed.csv" canonical.csv >/dev/null
    r=$T/into/$(sed 's|/|__|g' <<<"$T/reversed.csv")
    printf '%s\n' "$T/reversed.csv" canonical.csv >"$T/names"
    run --separate-stderr import --named "$T/names" "$r" "$T/into/canonical.csv"
    [ "$status" -eq 1 ]
    # Burnley v Man City: line 6 of reversed.csv, line 4 of canonical.csv
    same "$stderr" "import-fixtures: canonical.csv:4: duplicate match premier_league 2023-08-11 Burnley v Man City (first at $T/reversed.csv:6)"
    # An import without source_line (made before it, or by hand) keeps its name.
    import canonical.csv >"$T/old.csv"
    printf '%s\n' "$T/reversed.csv" elsewhere.csv >"$T/names"
    run --separate-stderr import --named "$T/names" "$r" "$T/old.csv"
    same "$stderr" "import-fixtures: $T/old.csv:2: duplicate match premier_league 2023-08-11 Burnley v Man City (first at $T/reversed.csv:6)"
    run --separate-stderr import --named "$T/names" "$r"
    [ "$status" -eq 2 ]
    same "$stderr" "import-fixtures: --named $T/names: more names than the 1 files"
}

@test "a source_line that is no line number is a bad row" {
    printf '%s\n' "$HEADER,source_line" 'premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,,,,x' \
        >"$BATS_TEST_TMPDIR/lines.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/lines.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/lines.csv:2: source_line must be a line number"
}
