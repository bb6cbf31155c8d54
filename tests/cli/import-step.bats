#!/usr/bin/env bats
# The pipeline's import step (make data): every input imported on its own
# into WORK/import by one run of import-fixtures --into --changed, and
# imported again exactly when make's per-file rule would: the file or the
# league map newer than its import, the import missing; across switches
# of DATA and reruns of a file that still fails.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    IN="$BATS_TEST_DIRNAME/data/import"
    cd "$BATS_TEST_TMPDIR"
    mkdir -p a/E0 b/E0
    cp "$IN/modern.csv" a/E0/2023-24.csv
    cp "$IN/nineties.csv" a/E0/1995-96.csv
    cp "$IN/two-seasons.csv" b/E0/2022-23.csv
    # Inputs dated in the past, so that edits made now are newer.
    touch -d '2024-01-01 00:00' a/E0/*.csv b/E0/*.csv
}

data() { # DIR [make args...]
    local dir=$1
    shift
    make -s -C "$PROJECT" data DATA="$BATS_TEST_TMPDIR/$dir" WORK="$BATS_TEST_TMPDIR/work" \
        MODELS="$BATS_TEST_TMPDIR/models" "$@"
}

# The rows of 2023-24 in WORK/fixtures.csv.
rows_2324() { grep -c ',2023-24,' work/fixtures.csv || true; }

imported() { echo "work/import/$(echo "$BATS_TEST_TMPDIR/$1" | sed 's|/|__|g')"; }

@test "each input's import is its own import-fixtures run's output; a rerun with nothing new imports nothing" {
    data a
    for f in a/E0/2023-24.csv a/E0/1995-96.csv; do
        "$PROJECT/bin/import-fixtures" -L "$PROJECT/data/leagues.csv" "$f" |
            cmp - <("$PROJECT/bin/import-fixtures" -L "$PROJECT/data/leagues.csv" "$(imported "$f")")
    done
    before=$(stat -c %Y.%y "$(imported a/E0/2023-24.csv)" work/fixtures.csv)
    data a
    [ "$(stat -c %Y.%y "$(imported a/E0/2023-24.csv)" work/fixtures.csv)" = "$before" ]
}

@test "a changed input is imported again; the others are not" {
    data a
    old=$(stat -c %y "$(imported a/E0/1995-96.csv)")
    [ "$(rows_2324)" -eq 5 ]
    sleep 1.1 # an edit newer than the import, on file systems of whole seconds too
    head -n 3 a/E0/2023-24.csv > cut && mv cut a/E0/2023-24.csv
    data a
    [ "$(rows_2324)" -eq 2 ]
    [ "$(stat -c %y "$(imported a/E0/1995-96.csv)")" = "$old" ]
}

@test "switching DATA and back: a file changed meanwhile, older than the last run, is imported again" {
    data a
    sleep 1.1
    head -n 3 a/E0/2023-24.csv > cut && mv cut a/E0/2023-24.csv
    sleep 1.1
    data b   # a later run on other data
    data a
    [ "$(rows_2324)" -eq 2 ]
}

@test "DATA given as ./dir: a changed file is imported again" {
    # make -C changes to the project: ./DIR is relative to it there.
    rel=./$(realpath --relative-to="$PROJECT" "$BATS_TEST_TMPDIR/a")
    data_rel() {
        make -s -C "$PROJECT" data DATA="$rel" WORK="$BATS_TEST_TMPDIR/work" \
            MODELS="$BATS_TEST_TMPDIR/models"
    }
    data_rel
    [ "$(rows_2324)" -eq 5 ]
    sleep 1.1
    head -n 3 a/E0/2023-24.csv > cut && mv cut a/E0/2023-24.csv
    run data_rel
    [ "$status" -eq 0 ]
    [ "$(rows_2324)" -eq 2 ]
}

@test "a newer league map imports every file again; a deleted import is made again" {
    data a
    cp "$PROJECT/data/leagues.csv" "$PROJECT/data/teams.csv" "$PROJECT/data/excluded.csv" .
    old=$(stat -c %y "$(imported a/E0/1995-96.csv)")
    sleep 1.1
    data a LEAGUES_CSV="$BATS_TEST_TMPDIR/leagues.csv"
    [ "$(stat -c %y "$(imported a/E0/1995-96.csv)")" != "$old" ]
    rm "$(imported a/E0/1995-96.csv)"
    data a LEAGUES_CSV="$BATS_TEST_TMPDIR/leagues.csv"
    [ -s "$(imported a/E0/1995-96.csv)" ]
}

@test "a file that still fails is imported again and fails alone, every time" {
    cp "$IN/bad-rows.csv" a/E0/2021-22.csv
    for round in 1 2; do
        sleep 1.1
        touch a/E0/2021-22.csv
        run --separate-stderr data a
        [ "$status" -eq 0 ]
        [[ "$stderr" == *"2021-22.csv:3: unknown division 'X9'"* ]]
        [ -s "$(imported a/E0/2021-22.csv).failed" ]
        [ ! -e "$(imported a/E0/2023-24.csv).failed" ]
        grep -q "^premier_league	.*2021-22.csv:3: unknown division 'X9'" work/failed.tsv
    done
    # No temp file is left.
    [ -z "$(find work -name '*.new')" ]
}

@test "a file put in place with an older date, still newer than its import, is imported again" {
    data a
    imp=$(imported a/E0/2023-24.csv)
    sleep 1.1
    touch a/E0/1995-96.csv
    data a   # a run after the import, as the next day's would be
    # 2023-24 cut, and dated between its import and that run (cp -p, rsync -t).
    head -n 3 a/E0/2023-24.csv > cut
    touch -d "@$(( $(stat -c %Y "$imp") + 1 ))" cut
    mv cut a/E0/2023-24.csv
    data a
    [ "$(rows_2324)" -eq 2 ]
}

@test "a file replaced by one dated before its import (a download keeping the server's date, cp -p) is imported again" {
    data a
    [ "$(rows_2324)" -eq 5 ]
    # Another copy of the season (here shorter), dated before the import.
    head -n 3 a/E0/2023-24.csv > cut
    touch -d '2024-01-02 00:00' cut
    cp -p cut a/E0/2023-24.csv
    data a
    [ "$(rows_2324)" -eq 2 ]
    # Nothing changed since: not imported again.
    before=$(stat -c %Y.%y "$(imported a/E0/2023-24.csv)")
    data a
    [ "$(stat -c %Y.%y "$(imported a/E0/2023-24.csv)")" = "$before" ]
}

@test "another league map imports every file with it, and so does going back" {
    data a
    sed 's/^E0,premier_league,/E0,epl,/' "$PROJECT/data/leagues.csv" > map.csv
    cp "$PROJECT/data/teams.csv" "$PROJECT/data/excluded.csv" .
    touch -d '2024-01-01 00:00' map.csv   # older than the imports
    data a LEAGUES_CSV="$BATS_TEST_TMPDIR/map.csv"
    grep -q '^epl,' work/fixtures.csv
    ! grep -q '^premier_league,' work/fixtures.csv || false
    data a
    ! grep -q '^epl,' work/fixtures.csv || false
}

@test "another alias or exclusion table than the last merge's merges again, older than it or not, and so does going back" {
    data a
    { cat "$PROJECT/data/teams.csv"; echo 'premier_league,Burnley,Burnley FC'; } >teams.csv
    { cat "$PROJECT/data/excluded.csv"; echo 'premier_league,2023-08-13,Chelsea,Liverpool,a test'; } >excluded.csv
    touch -d '2024-01-01 00:00' teams.csv excluded.csv   # kept from before the last run
    data a TEAMS_CSV="$BATS_TEST_TMPDIR/teams.csv"
    [ "$(grep -c ',Burnley FC,' work/fixtures.csv)" -eq 1 ]
    data a EXCLUDED_CSV="$BATS_TEST_TMPDIR/excluded.csv"
    [ "$(grep -c ',Burnley FC,' work/fixtures.csv)" -eq 0 ]
    [ "$(grep -c ',Chelsea,Liverpool,' work/fixtures.csv)" -eq 0 ]
    data a
    [ "$(grep -c ',Chelsea,Liverpool,' work/fixtures.csv)" -eq 1 ]
}

@test "an alias table replaced by a copy dated before the last merge (cp -p) merges again" {
    cp "$PROJECT/data/teams.csv" teams.csv
    data a TEAMS_CSV="$BATS_TEST_TMPDIR/teams.csv"
    { cat "$PROJECT/data/teams.csv"; echo 'premier_league,Burnley,Burnley FC'; } >new.csv
    touch -d '2024-01-01 00:00' new.csv
    cp -p new.csv teams.csv
    data a TEAMS_CSV="$BATS_TEST_TMPDIR/teams.csv"
    [ "$(grep -c ',Burnley FC,' work/fixtures.csv)" -eq 1 ]
    # Nothing changed since: not merged again.
    before=$(stat -c %Y.%y work/fixtures.csv)
    data a TEAMS_CSV="$BATS_TEST_TMPDIR/teams.csv"
    [ "$(stat -c %Y.%y work/fixtures.csv)" = "$before" ]
}

@test "a file that cannot be read at all holds every league back; the run goes on" {
    printf 'Div,Date,HomeTeam\nE0,01/01/2024,Arsenal\n' > a/E0/2024-25.csv
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"2024-25.csv:1: missing column"* ]]
    # Its import holds no rows, so the merge reads it; * holds every league.
    [ "$(wc -l < "$(imported a/E0/2024-25.csv)")" -eq 1 ]
    grep -q '^\*	.*2024-25.csv:1: missing column' work/failed.tsv
}

@test "an upcoming-fixtures file kept in DATA once its matches are played: their results are used, no failure" {
    printf '%s\n' 'Div,Date,Time,HomeTeam,AwayTeam,B365H,B365D,B365A' \
        'E0,11/08/2023,20:00,Burnley,Man City,8,5.25,1.36' >a/fixtures.csv
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"fixtures.csv:2: fixture premier_league 2023-08-11 Burnley v Man City played since: its result kept"* ]]
    grep -qx 'premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.2,5.75,1.34,pinnacle_closing' work/fixtures.csv
    [ "$(grep -c ',Burnley,Man City,' work/fixtures.csv)" -eq 1 ]
    [ ! -s work/failed.tsv ]
}

@test "a file holding a fixture and its result: the fixture dropped for it is said when the file is imported, once" {
    { cat a/E0/2023-24.csv; sed -n 2p a/E0/2023-24.csv | awk -F, -v OFS=, '{ $6 = ""; $7 = ""; $8 = "" } 1'; } \
        >a/E0/2023-24-with-fixture.csv
    rm a/E0/2023-24.csv
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    n=$(wc -l < a/E0/2023-24-with-fixture.csv)
    f=$BATS_TEST_TMPDIR/a/E0/2023-24-with-fixture.csv
    [[ "$stderr" == *"import-fixtures: $f:$n: fixture premier_league 2023-08-11 Burnley v Man City played since: its result kept ($f:2)"* ]]
    [ "$(grep -c ',Burnley,Man City,' work/fixtures.csv)" -eq 1 ]
    [ ! -s work/failed.tsv ]
    # not imported again: not said again
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    [[ "$stderr" != *"played since"* ]]
}

@test "a match two files hold fails its league only, named in failed.tsv; the run goes on; gone when the copy is" {
    # (a/E0/1995-96.csv holds bundesliga's rows: the other league)
    # A second download of 2023-24 kept beside the first.
    cp a/E0/2023-24.csv a/E0/2023-24-again.csv
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    # said as the files given and their lines, not as their imports
    [[ "$stderr" == *"import-fixtures: $BATS_TEST_TMPDIR/a/E0/2023-24.csv:2: duplicate match premier_league 2023-08-11 Burnley v Man City (first at $BATS_TEST_TMPDIR/a/E0/2023-24-again.csv:2)"* ]]
    same_leagues=$(cut -f1 work/failed.tsv | sort -u | xargs)
    [ "$same_leagues" = premier_league ]
    grep -q '^bundesliga,' work/fixtures.csv
    [ "$(grep -c ',Burnley,Man City,' work/fixtures.csv)" -eq 1 ]
    rm a/E0/2023-24-again.csv
    data a
    [ ! -s work/failed.tsv ]
}

@test "the merge's messages name the file given and its line, whatever the order of its rows" {
    # 2023-24 saved sorted by something else than the date: Burnley v Man
    # City, its first match, is its last line.
    { head -n 1 a/E0/2023-24.csv; tail -n +2 a/E0/2023-24.csv | tac; } >cut && mv cut a/E0/2023-24.csv
    n=$(wc -l < a/E0/2023-24.csv)
    { cat "$PROJECT/data/excluded.csv"
      echo 'premier_league,2023-08-11,Burnley,Man City,a test of the message'; } >excluded.csv
    run --separate-stderr data a EXCLUDED_CSV="$BATS_TEST_TMPDIR/excluded.csv"
    [ "$status" -eq 0 ]
    [ "$stderr" = "import-fixtures: $BATS_TEST_TMPDIR/a/E0/2023-24.csv:$n: excluded: premier_league 2023-08-11 Burnley v Man City: a test of the message ($BATS_TEST_TMPDIR/excluded.csv:7)" ]
}

@test "imports of a format before source_line are made again once" {
    data a
    imp=$(imported a/E0/2023-24.csv)
    # as an older version left its map
    printf '%s\n' "$PROJECT/data/leagues.csv" > work/import/.league-map
    sed -i 's/,source_line//; s/,[0-9]*$//' "$imp"
    before=$(stat -c %Y.%y "$imp")
    sleep 1.1
    data a
    [ "$(stat -c %Y.%y "$imp")" != "$before" ]
    head -n 1 "$imp" | grep -q ',source_line'
}

@test "probable aliases are looked for at the merge, under the alias table: a pair the table names is not reported; one it does not, once, as the file given and its line" {
    # A file holding both spellings of one club, which never meet.
    { head -n 1 a/E0/2023-24.csv
      echo "E0,19/08/2023,15:00,Nott'm Forest,Everton,1,0,H,S Hooper,,,,,,,,,"
      echo 'E0,26/08/2023,15:00,Nottingham Forest,Chelsea,0,2,A,S Hooper,,,,,,,,,'; } >a/E0/late.csv
    { cat "$PROJECT/data/teams.csv"
      echo "premier_league,Nottingham Forest,Nott'm Forest"; } >teams.csv
    run --separate-stderr data a TEAMS_CSV="$BATS_TEST_TMPDIR/teams.csv"
    [ "$status" -eq 0 ]
    [[ "$stderr" != *"the same club?"* ]]
    [ "$(grep -c ",Nott'm Forest," work/fixtures.csv)" -eq 3 ]
    # Without the alias: the default table again, merged again.
    run --separate-stderr data a
    [ "$status" -eq 0 ]
    got=$(grep "the same club?" <<<"$stderr")
    [ "$got" = "import-fixtures: $BATS_TEST_TMPDIR/a/E0/late.csv:3: team 'Nottingham Forest' and 'Nott'm Forest' of premier_league (first at $BATS_TEST_TMPDIR/a/E0/2023-24.csv:3) never meet, and the words of one abbreviate the other's: the same club? name it once in teams.csv" ] ||
        { echo "$got" >&2; false; }
}

@test "a WORK/fixtures.csv the pipeline did not write (the site's fixtures.csv saved there) is left as it is, and named; the run stops" {
    site='Div,Date,Time,HomeTeam,AwayTeam,B365H,B365D,B365A
E0,17/08/2024,15:00,Arsenal,Wolves,1.2,6,12'
    mkdir -p work
    echo "$site" > work/fixtures.csv
    run --separate-stderr data a
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"leaguefit: $BATS_TEST_TMPDIR/work/fixtures.csv: not the file the pipeline writes there (its first line: Div,Date,Time,HomeTeam,AwayTeam,B365H,B365D,B365A): left as it is"* ]]
    [ "$(cat work/fixtures.csv)" = "$site" ]
    # put there after a merge (newer than its inputs): refused as well, before anything reads it
    rm work/fixtures.csv
    run -0 data a
    echo "$site" > work/fixtures.csv
    run --separate-stderr data a
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"not the file the pipeline writes there"* ]]
    [[ "$stderr" != *"missing column"* ]]
    [ "$(cat work/fixtures.csv)" = "$site" ]
}
