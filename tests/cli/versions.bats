#!/usr/bin/env bats
# Models bound to their data: a version per data, demo data kept apart,
# nothing mixed, failures kept local. Small simulated leagues as the data
# (two leagues, three seasons), so that each run takes seconds.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export SRC="$BATS_FILE_TMPDIR/src"
    mkdir -p "$SRC/a" "$SRC/b"
    # Data set a: serie_a and ligue_1, seasons 2021-22 to 2023-24. Data set
    # b: the same leagues from other seeds (other data, other versions).
    "$PROJECT/bin/simulate-league" --league serie_a --seed 11 --seasons 3 --first-season 2021 \
        -o "$SRC/a/serie_a.csv"
    "$PROJECT/bin/simulate-league" --league ligue_1 --seed 12 --seasons 3 --first-season 2021 \
        -o "$SRC/a/ligue_1.csv"
    "$PROJECT/bin/simulate-league" --league serie_a --seed 21 --seasons 3 --first-season 2021 \
        -o "$SRC/b/serie_a.csv"
    "$PROJECT/bin/simulate-league" --league ligue_1 --seed 22 --seasons 3 --first-season 2021 \
        -o "$SRC/b/ligue_1.csv"
}

setup() {
    cd "$BATS_TEST_TMPDIR"
    mkdir -p data
}

LEAGUES2="serie_a ligue_1"

# make in this test's directory: its own models/ and data work directory.
pmake() {
    make -C "$PROJECT" MODELS="$BATS_TEST_TMPDIR/models" WORK="$BATS_TEST_TMPDIR/work" \
        LEAGUES="$LEAGUES2" "$@"
}

# wrap/ (for BIN=): the programs, program $1 a script that runs the sh
# commands $2 first.
wrap_program() {
    mkdir -p wrap
    for p in "$PROJECT"/bin/*; do ln -sf "$p" wrap/; done
    rm wrap/"$1"
    printf '#!/bin/sh\n%s\nexec %s "$@"\n' "$2" "$PROJECT/bin/$1" > wrap/"$1"
    chmod +x wrap/"$1"
}

# Every file under a directory with its sha256: unchanged means untouched.
sums() { (cd "$1" && find . -type f ! -path './index.*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

versions_of() { (cd "models/$1/$2" && ls -d ????-??-??-????????); }

# The data files of the first seasons only: rows before date $2 of file $1.
before() { awk -F, -v d="$2" 'NR == 1 || $3 < d' "$1"; }

# in/: data set a's leagues up to 2023-01-01 (the rest of the season comes
# later in the test).
half_season_in() {
    mkdir in
    for l in $LEAGUES2; do before "$SRC/a/$l.csv" 2023-01-01 > "in/$l.csv"; done
}

# Two versions of serie_a: TARGET trained on the half season, then on the
# whole; $old names the first.
old_and_new() {
    half_season_in
    pmake -j2 "$1" DATA="$PWD/in" > /dev/null
    old=$(versions_of serie_a poisson_v2)
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 "$1" DATA="$PWD/in" > /dev/null
}

# A fixtures file of the last match of data set a's serie_a.
last_fixture() { printf '%s\n%s\n' "$(head -n 1 "$SRC/a/serie_a.csv")" "$(tail -n 1 "$SRC/a/serie_a.csv")" > "$1"; }

@test "a version directory per league and type, named for its data, recorded in every file" {
    run pmake -j2 all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: 6 trained, 0 skipped (already there), 0 failed, 0 not attempted, 0 not in the data"* ]]
    for l in $LEAGUES2; do
        v=$("$PROJECT/bin/split-league" --played "$l" "work/fixtures.csv" | sha256sum | cut -c1-8)
        last=$(tail -n 1 "$SRC/a/$l.csv" | cut -d, -f3)
        for t in poisson_v2 1x2_v2 draw_specialist; do
            [ "$(versions_of "$l" "$t")" = "$last-$v" ]
            for f in models/$l/$t/$last-$v/*.json; do
                [ "$(jq -r .version "$f")" = "$last-$v" ] || { echo "$f"; false; }
                [ "$(jq -r .data.version "$f")" = "$last-$v" ]
                [ "$(jq -r .data.digest "$f" | cut -c1-8)" = "$v" ]
            done
            grep -q "\"key\":\"${t}_${l}_$last-$v\"" models/registry.jsonl
        done
    done
    # One progress line per model.
    [ "$(grep -c '^\[[1-6]/6\] .*: trained in [0-9.]* s$' <<< "$output")" -eq 6 ]
}

@test "unchanged data train nothing; new matches give new versions beside the old, untouched" {
    half_season_in
    pmake -j2 all DATA="$PWD/in" > /dev/null
    sums models | grep -v registry.jsonl > old.sums
    run pmake -j2 all DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 6 skipped (already there), 0 failed"* ]]
    cp "$SRC/a/serie_a.csv" in/serie_a.csv # the rest of the season arrives
    run pmake -j2 all DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 3 skipped (already there), 0 failed"* ]]
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ "$(versions_of serie_a $t | wc -l)" -eq 2 ]
        [ "$(versions_of ligue_1 $t | wc -l)" -eq 1 ]
    done
    sums models | grep -v registry.jsonl > now.sums
    # Every old file is there, byte for byte.
    [ -z "$(comm -23 <(sort old.sums) <(sort now.sums))" ]
    [ "$(wc -l < models/registry.jsonl)" -eq 9 ]
}

@test "a model whose registry line was damaged by hand is registered again by the next run" {
    # (its stamp, .registered/KEY, stood for the line: make ran no
    # registry-append, and every run said it FAILED, not complete after
    # the run, though its files were all there.)
    pmake -j2 all DATA="$SRC/a" > /dev/null
    v=$(versions_of serie_a poisson_v2) k=poisson_v2_serie_a_$(versions_of serie_a poisson_v2)
    sed -i "/\"key\":\"$k\"/s/\"trained_date\"/\"trained_date/" models/registry.jsonl
    [ "$(jq -R 'fromjson? | select(.key == "'"$k"'")' models/registry.jsonl)" = "" ]
    run pmake -j2 all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: 1 trained, 5 skipped (already there), 0 failed"* ]]
    [ "$(jq -R -r 'fromjson? | select(.key == "'"$k"'") | .version' models/registry.jsonl)" = "$v" ]
    run pmake -j2 all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: 0 trained, 6 skipped (already there), 0 failed"* ]]
}

@test "make status STATUS_FORMAT=json: stdout is the JSON alone, also when the build has work to do" {
    # (the build was a prerequisite: its compiler lines, in a fresh clone or
    # after the sources changed, went to stdout before the JSON.) A makefile
    # whose build prints a line, as a compile does, and includes the pipeline.
    mkdir top
    printf '%s\n' "BIN := $PROJECT/bin" "LEAGUES_CSV := $PROJECT/data/leagues.csv" \
        'export BIN LEAGUES_CSV' 'build:' '	true compiling' "include $PROJECT/pipeline.mk" > top/Makefile
    run --separate-stderr make -C top --no-print-directory status STATUS_FORMAT=json \
        DATA="$SRC/a" MODELS="$PWD/models" WORK="$PWD/work" LEAGUES="$LEAGUES2"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"true compiling"* ]]
    [ "$(jq -r '.poisson_v2.missing | join(" ")' <<< "$output")" = "$LEAGUES2" ]
}

@test "status names the newest version, its data and whether the data have moved on" {
    half_season_in
    pmake -j2 all DATA="$PWD/in" > /dev/null
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake data versions DATA="$PWD/in" > /dev/null
    run pmake -s status DATA="$PWD/in"
    [ "$status" -eq 0 ]
    last=$(tail -n 1 "$SRC/a/serie_a.csv" | cut -d, -f3)
    grep -E "^poisson_v2 +serie_a +2022-12-[0-9]{2}-[0-9a-f]{8} +20[0-9-]{8}\.\.2022-12-[0-9]{2} +stale \(data to $last\) +yes" <<< "$output"
    grep -E "^poisson_v2 +ligue_1 +2022-12-[0-9]{2}-[0-9a-f]{8} .* current +yes" <<< "$output"
    run pmake -s status DATA="$PWD/in" STATUS_FORMAT=json
    [ "$(jq -r '.poisson_v2.leagues.serie_a.state' <<< "$output")" = stale ]
    [ "$(jq -r '.poisson_v2.leagues.serie_a.data_last_date' <<< "$output")" = "$last" ]
    [ "$(jq -r '.poisson_v2.leagues.ligue_1.state' <<< "$output")" = current ]
}

@test "make status alone, right after new data are put in DATA, judges the models against them; its JSON stays JSON" {
    half_season_in
    pmake -j2 all DATA="$PWD/in" > /dev/null
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    before=$(sums models)
    run --separate-stderr pmake -s status DATA="$PWD/in"
    [ "$status" -eq 0 ]
    last=$(tail -n 1 "$SRC/a/serie_a.csv" | cut -d, -f3)
    grep -E "^poisson_v2 +serie_a +2022-12-[0-9]{2}-[0-9a-f]{8} .* stale \(data to $last\) +yes" <<< "$output"
    grep -E "^poisson_v2 +ligue_1 .* current +yes" <<< "$output"
    # nothing trained, no model touched
    [ "$(sums models)" = "$before" ]
    cp "$SRC/a/ligue_1.csv" in/ligue_1.csv
    run --separate-stderr pmake -s status DATA="$PWD/in" STATUS_FORMAT=json
    [ "$status" -eq 0 ]
    [ "$(jq -r '.poisson_v2.leagues.ligue_1.state' <<< "$output")" = stale ]
    [ "$(sums models)" = "$before" ]
    # the demo's data never change: its status makes none
    run pmake -s status DEMO=1 WORK="$PWD/demo-work" MODELS="$PWD/demo-models"
    [ "$status" -eq 0 ]
    [ ! -e demo-work ]
}

@test "make status with a bad input file: each status names the leagues it could not judge against the data given, and fails; stdout the table alone" {
    half_season_in
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    # serie_a's rest of the season, with a bad row: its state is the half season's
    { cat "$SRC/a/serie_a.csv"; echo "serie_a,2023-24,2024-05-30,Bramley Town,Ashton Wanderers,x,1,2,3,4"; } \
        > in/serie_a.csv
    before=$(sums models)
    # the second status imports nothing: it says it all the same
    for i in 1 2; do
        run --separate-stderr pmake -s status DATA="$PWD/in" TYPES=poisson_v2
        [ "$status" -ne 0 ]
        grep -E "^poisson_v2 +serie_a +2022-12-[0-9]{2}-[0-9a-f]{8} .* current +yes" <<< "$output"
        ! grep -v -E "^(TYPE|poisson_v2:? )" <<< "$output" || false
        [[ "$stderr" == *"leaguefit: status: serie_a: not judged against the data given (a bad input file holds its rows: import-fixtures: $PWD/in/serie_a.csv:"*"): its state is the last data's"* ]]
        [[ "$stderr" != *"ligue_1"* ]]
    done
    run --separate-stderr pmake -s status DATA="$PWD/in" TYPES=poisson_v2 STATUS_FORMAT=json
    [ "$status" -ne 0 ]
    [ "$(jq -r '.poisson_v2.leagues.serie_a.state' <<< "$output")" = current ]
    # a file none of whose rows could be read may hold any league
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    printf '%s' 'Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FT' > in/I1.csv
    run --separate-stderr pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"leaguefit: status: no league judged against the data given (a file none of whose rows could be read may hold any: import-fixtures: $PWD/in/I1.csv:1: "*"): their states are the last data's"* ]]
    [ "$(sums models)" = "$before" ]
    # the file removed, the data given are judged, and all is well
    rm in/I1.csv
    run --separate-stderr pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    [ "$status" -eq 0 ]
    grep -E "^poisson_v2 +serie_a .* stale" <<< "$output"
    # a data step that fails (here the league map missing; a WORK not
    # writable alike): none judged, no failed.tsv of earlier data said
    echo "serie_a,2023-24,2024-05-30,Bramley Town,Ashton Wanderers,x,1,2,3,4" >> in/serie_a.csv
    run --separate-stderr pmake -s status DATA="$PWD/in" TYPES=poisson_v2 LEAGUES_CSV="$PWD/no-map.csv"
    [ "$status" -ne 0 ]
    grep -E "^poisson_v2 +serie_a .* stale" <<< "$output"
    [[ "$stderr" == *"leaguefit: status: the data given could not be read into $PWD/work (see above): no league judged against them, their states the last data's"* ]]
    [[ "$stderr" != *"bad input file"* ]]
    [ "$(sums models)" = "$before" ]
}

@test "UNTIL trains the version of the data before a date (backfill)" {
    pmake -j2 all DATA="$SRC/a" > /dev/null
    run pmake -j2 poisson_v2 DATA="$SRC/a" UNTIL=2022-07-01
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 trained, 0 skipped"* ]]
    v=$(versions_of serie_a poisson_v2 | head -n 1)
    [[ "$v" == 2022-0[1-6]-* ]]
    [ "$(jq -r .data.cutoff "models/serie_a/poisson_v2/$v/poisson_model.json")" = 2022-07-01 ]
    [ "$(jq -r .data.cutoff "models/serie_a/poisson_v2/$v/metrics.json")" = 2022-07-01 ]
    # The newest version is still the one of all the data.
    [ "$(versions_of serie_a poisson_v2 | wc -l)" -eq 2 ]
}

@test "a partial version is repaired from its own data only, byte-identical" {
    pmake -j2 all DATA="$SRC/a" > /dev/null
    v=$(versions_of serie_a 1x2_v2)
    cp "models/serie_a/1x2_v2/$v/metrics.json" ref.json
    rm "models/serie_a/1x2_v2/$v/metrics.json"
    run pmake -j2 all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    cmp ref.json "models/serie_a/1x2_v2/$v/metrics.json"
    # With other data, a metrics file of that version is refused, not
    # written from the other matches.
    rm "models/serie_a/1x2_v2/$v/metrics.json"
    pmake data versions DATA="$SRC/b" > /dev/null
    w=$(cat work/versions/serie_a/current)
    "$PROJECT/bin/league-features" "work/versions/serie_a/$w.csv" > other-features.csv
    run --separate-stderr "$PROJECT/bin/emit-metrics" -t 1x2_v2 -m "models/serie_a/1x2_v2/$v" \
        -o x.json other-features.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"the data are version $w, but "*"was fitted on version $v"* ]]
    [ ! -e x.json ]
}

# A run (pmake "$@") while another at the same time repairs serie_a's
# poisson_v2 version $1 (its metrics.json removed first, saved in
# ref.json): the other publishes the missing file just before this run's
# emit-metrics, which then finds it there (exit 3, made by none of this
# run's steps). m: the file.
other_run_repairs() {
    m="$BATS_TEST_TMPDIR/models/serie_a/poisson_v2/$1/metrics.json"
    shift
    cp "$m" ref.json
    rm "$m"
    wrap_program emit-metrics "[ -e $m ] || cp $BATS_TEST_TMPDIR/ref.json $m"
    run pmake -j2 "$@" BIN="$PWD/wrap"
}

@test "a partial version another run repairs at the same time is that run's to count, not this one's" {
    pmake -j2 all DATA="$SRC/a" > /dev/null
    v=$(versions_of serie_a poisson_v2)
    other_run_repairs "$v" all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $v: repaired by another run at the same time"* ]]
    [[ "$output" != *"repaired (rebuilt its missing files)"* ]]
    [[ "$output" == *"leaguefit: 0 trained, 6 skipped (already there), 0 failed"* ]]
    cmp ref.json "$m"
    # Repaired by this run: its own to count.
    rm "$m"
    run pmake -j2 all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $v: repaired (rebuilt its missing files)"* ]]
    [[ "$output" == *"leaguefit: 1 trained, 5 skipped (already there), 0 failed"* ]]
    cmp ref.json "$m"
}

@test "a reinstated version's repair by another run at the same time is not counted here either" {
    # (Each run reinstates the data's version, registry-append --reinstate:
    # no file of the version, and no repair.)
    old_and_corrected
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    other_run_repairs "$old" poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: repaired by another run at the same time"* ]]
    [[ "$output" == *"leaguefit: 0 trained, 2 skipped (already there), 0 failed"* ]]
    cmp ref.json "$m"
}

@test "a partial version not registered before: the run that registers it counts it, whoever made its files" {
    pmake -j2 all DATA="$SRC/a" > /dev/null
    v=$(versions_of serie_a poisson_v2)
    # Its registration gone too (a registry put back from before it).
    grep -v "\"poisson_v2_serie_a_$v\"" models/registry.jsonl > reg.jsonl
    cat reg.jsonl > models/registry.jsonl
    rm "models/.registered/poisson_v2_serie_a_$v"
    other_run_repairs "$v" all DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $v: repaired (rebuilt its missing files)"* ]]
    [[ "$output" == *"leaguefit: 1 trained, 5 skipped (already there), 0 failed"* ]]
    [ "$(jq -r .key models/registry.jsonl | grep -c "^poisson_v2_serie_a_$v$")" -eq 1 ]
}

@test "an older partial version is repaired from its kept rows, or named when they are gone" {
    old_and_new all
    # The data moved on; a file of the old version goes missing.
    cp "models/serie_a/1x2_v2/$old/calibrator.json" ref.json
    rm "models/serie_a/1x2_v2/$old/calibrator.json" "models/serie_a/1x2_v2/$old/metrics.json"
    run pmake -j2 all DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: 1x2_v2 serie_a $old: repaired (another version than the data's: rebuilt its missing files)"* ]]
    [[ "$output" == *"leaguefit: 1 trained, 6 skipped (already there), 0 failed, 0 not attempted, 0 not in the data"* ]]
    cmp ref.json "models/serie_a/1x2_v2/$old/calibrator.json"
    [ "$(jq -r .version "models/serie_a/1x2_v2/$old/metrics.json")" = "$old" ]
    # Without its rows, it is named and left alone.
    rm -f "work/versions/serie_a/$old.csv"
    rm "models/serie_a/poisson_v2/$old/metrics.json"
    run pmake -j2 all DATA="$PWD/in"
    [[ "$output" == *"poisson_v2 serie_a $old: partial, and its rows are no longer in"*"not repaired"* ]]
    [ ! -e "models/serie_a/poisson_v2/$old/metrics.json" ]
}

@test "a partial version other than the data's whose repair fails: said, counted as failed, the run fails" {
    old_and_new all
    rm "models/serie_a/1x2_v2/$old/metrics.json"
    # emit-metrics fails for the old version alone
    wrap_program emit-metrics "case \"\$*\" in *$old*) echo 'emit-metrics: made to fail' >&2; exit 1;; esac"
    run pmake -j2 all DATA="$PWD/in" BIN="$PWD/wrap"
    [ "$status" -ne 0 ]
    [[ "$output" == *"leaguefit: 1x2_v2 serie_a $old: FAILED (another version than the data's, repairing it: emit-metrics: made to fail)"* ]]
    [[ "$output" == *"leaguefit: 0 trained, 6 skipped (already there), 1 failed, 0 not attempted, 0 not in the data"* ]]
    [ ! -e "models/serie_a/1x2_v2/$old/metrics.json" ]
    # repaired by the next run that can
    run -0 pmake -j2 all DATA="$PWD/in"
    [[ "$output" == *"leaguefit: 1 trained, 6 skipped (already there), 0 failed, 0 not attempted, 0 not in the data"* ]]
    [ -f "models/serie_a/1x2_v2/$old/metrics.json" ]
    # the data given back to the half season: the newer version is the one
    # repaired, and not said to be an older one
    new=$(versions_of serie_a poisson_v2 | tail -n 1)
    [ "$new" != "$old" ]
    rm "models/serie_a/poisson_v2/$new/metrics.json"
    for l in $LEAGUES2; do before "$SRC/a/$l.csv" 2023-01-01 > "in/$l.csv"; done
    sed -i "s/$old/$new/" wrap/emit-metrics
    run pmake -j2 all DATA="$PWD/in" BIN="$PWD/wrap"
    [ "$status" -ne 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $new: FAILED (another version than the data's, repairing it: emit-metrics: made to fail)"* ]]
    [[ "$output" == *", 1 failed, 0 not attempted, 0 not in the data"* ]]
}

@test "two runs at once on the same data: each model counted trained by the run that registered it, by the other as another run's" {
    pmake -j2 all DATA="$SRC/a" > a.out 2>&1 &
    pmake -j2 all DATA="$SRC/a" > b.out 2>&1 &
    wait %1 && wait %2 || { cat a.out b.out; false; }
    [ "$(jq -r .key models/registry.jsonl | sort -u | wc -l)" -eq 6 ]
    [ "$(wc -l < models/registry.jsonl)" -eq 6 ]
    trained() { sed -n 's/^leaguefit: \([0-9]*\) trained, \([0-9]*\) skipped.*/\1 \2/p' "$1"; }
    read -r ta sa <<< "$(trained a.out)"
    read -r tb sb <<< "$(trained b.out)"
    [ $((ta + tb)) -eq 6 ] || { cat a.out b.out; false; }
    [ $((ta + sa)) -eq 6 ]
    [ $((tb + sb)) -eq 6 ]
    # the other run's, named as such, unless the run found them already there
    others=$(cat a.out b.out | grep -c ': trained by another run at the same time$' || true)
    [ "$others" -le 6 ]
}

@test "two concurrent runs with different DATA: every file of a version from one data" {
    pmake -j2 all DATA="$SRC/a" > a.out 2>&1 &
    pmake -j2 all DATA="$SRC/b" > b.out 2>&1 &
    wait %1 && wait %2 || { cat a.out b.out; false; }
    for m in models/*/*/????-??-??-????????; do
        v=${m##*/}
        for f in "$m"/*.json; do
            [ "$(jq -r .version "$f")" = "$v" ] || { echo "$f: $(jq -r .version "$f")"; false; }
        done
        [ -n "$(find "$m" -name metrics.json)" ]
        # The registry entry's checksums are those of the files.
        key="$(basename "$(dirname "$m")")_$(basename "$(dirname "$(dirname "$m")")")_$v"
        jq -r --arg k "$key" 'select(.key == $k) | .files | to_entries[] | "\(.value)  \(.key)"' \
            models/registry.jsonl | (cd "$m" && sha256sum -c --quiet -)
    done
}

@test "the merge names its inputs from the run's own list: another run rewriting WORK/sources.txt meanwhile (other DATA) changes nothing" {
    # the merge (the run's one import-fixtures --named), as a run with other
    # DATA rewrites the list of inputs just before it reads it
    wrap_program import-fixtures "case \"\$*\" in *--named*) printf '%s\\n' other/1.csv other/2.csv other/3.csv > $BATS_TEST_TMPDIR/work/sources.txt;; esac"
    run pmake -j2 all DATA="$SRC/a" BIN="$PWD/wrap"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [[ "$output" == *"leaguefit: 6 trained, 0 skipped (already there), 0 failed, 0 not attempted, 0 not in the data"* ]]
    [ -z "$(ls work/*.new 2>/dev/null)" ]
}

@test "a make status during a run, new data in DATA, changes nothing the run trains or says" {
    mkdir in bin
    cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    # The run's programs, whose first look at the state (after the versions
    # step) is preceded by a user's status, a file put in DATA first (a
    # download cut in its header).
    ln -s "$PROJECT"/bin/* bin/
    rm bin/leaguefit-status
    cat > bin/leaguefit-status <<STEP
#!/bin/bash
if mkdir "$PWD/status-asked" 2> /dev/null; then
    printf '%s' 'Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FT' > "$PWD/in/I1.csv"
    env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u LEAGUEFIT_DATA_FILES make -C "$PROJECT" -s status \
        MODELS="$PWD/models" WORK="$PWD/work" LEAGUES="$LEAGUES2" DATA="$PWD/in" \
        > "$PWD/status.out" 2> "$PWD/status.err" || :
fi
exec "$PROJECT/bin/leaguefit-status" "\$@"
STEP
    chmod +x bin/leaguefit-status
    run pmake poisson_v2 DATA="$PWD/in" BIN="$PWD/bin"
    [ -d status-asked ]
    [[ "$(cat status.err)" == *"I1.csv:1: the file ends in its header"* ]]
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [[ "$output" == *"2 trained, 0 skipped (already there), 0 failed, 0 not attempted, 0 not in the data"* ]]
    [[ "$output" != *"NOT ATTEMPTED"* ]]
}

@test "the demo trains into demo/, never into models/; real data then train apart" {
    mkdir proj
    cp -a "$PROJECT/Makefile" "$PROJECT/pipeline.mk" "$PROJECT/mk" "$PROJECT/data" proj/
    ln -s "$PROJECT/bin" proj/bin
    ln -s "$PROJECT/build" proj/build
    run make -C proj -j2 all LEAGUES=serie_a
    [ "$status" -eq 0 ]
    [[ "$output" == *"from the simulated demo data"*"models go to demo/models"* ]]
    [ -d proj/demo/models/serie_a/poisson_v2 ]
    [ ! -e proj/models ]
    sums proj/demo > demo.sums
    mkdir -p proj/data/raw && cp "$SRC/a/serie_a.csv" proj/data/raw/
    run make -C proj -j2 all LEAGUES=serie_a
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 0 skipped"* ]]
    [ -d proj/models/serie_a/poisson_v2 ]
    sums proj/demo | cmp - demo.sums
}

@test "DATA that does not exist or holds no CSV is an error; symlinks are followed" {
    run pmake all DATA="$PWD/no-such-dir"
    [ "$status" -eq 2 ]
    [[ "$output" == *"DATA=$PWD/no-such-dir: no such file or directory"* ]]
    mkdir empty
    run pmake all DATA="$PWD/empty"
    [ "$status" -eq 2 ]
    [[ "$output" == *"no .csv files in it"* ]]
    [ ! -e models ]
    mkdir links && ln -s "$SRC/a/serie_a.csv" links/serie_a.csv && ln -s "$SRC/a" linked-dir
    ln -s "$PWD/links" links/loop
    run pmake -j2 poisson_v2 DATA="$PWD/links"
    [ "$status" -eq 0 ]
    [[ "$output" == *"loop"* ]]
    [ -d models/serie_a/poisson_v2 ]
    run pmake -j2 poisson_v2 DATA="$PWD/linked-dir"
    [ "$status" -eq 0 ]
    [ -d models/ligue_1/poisson_v2 ]
}

@test "a path with a space, a glob or a shell character is refused before anything runs" {
    mkdir in && cp "$SRC/a/serie_a.csv" in/
    for bad in "MODELS=$PWD/my models" "WORK=$PWD/w[1]" "DATA=$PWD/in*" "WORK=$PWD/x;y" \
        "MODELS=$PWD/c:d" "BIN=$PWD/b&" "MODELS=$PWD/m"$'\n'"x" "LEAGUEFIT_ROW_IMAGES=$PWD/i j"; do
        run pmake -j2 all DATA="$PWD/in" "$bad"
        [ "$status" -eq 2 ]
        [[ "$output" == *"$bad: a path with a space or one of "*" cannot be used"* ]]
        # nothing made, here or anywhere the path's parts name
        [ "$(ls -A | tr '\n' ' ')" = "data in " ]
    done
}

@test "WORK inside DATA is refused before anything runs: the next run would read the pipeline's own files" {
    mkdir in && cp "$SRC/a/serie_a.csv" in/
    for w in "$PWD/in" "$PWD/in/work"; do
        run make -C "$PROJECT" -j2 all DATA="$PWD/in" WORK="$w" MODELS="$PWD/models" LEAGUES=serie_a
        [ "$status" -eq 2 ]
        [[ "$output" == *"WORK=$w is inside DATA=$PWD/in: the pipeline's own CSV files there would be read as input files"* ]]
        [ "$(ls -A in)" = serie_a.csv ]
        [ ! -e models ]
    done
}

@test "a file saved as .CSV is read as a .csv one" {
    mkdir in && cp "$SRC/a/ligue_1.csv" in/ && cp "$SRC/a/serie_a.csv" in/SERIE_A.CSV
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"from $PWD/in (2 files)"* ]]
    [[ "$output" == *"2 trained, 0 skipped"* ]]
    [ -d models/serie_a/poisson_v2 ]
}

@test "hidden files and directories under DATA and office lock files are not read (macOS's ._ files, ~\$ files)" {
    mkdir -p in/.old && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    printf '\0\5\26\7\0\2\0\0Mac OS X' > in/._serie_a.csv # a resource fork, binary
    printf 'x' > 'in/~$serie_a.csv'
    cp "$SRC/b/serie_a.csv" in/.old/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"from $PWD/in (2 files)"* ]]
    [[ "$output" == *"2 trained, 0 skipped"* ]]
}

@test "a file under DATA whose name has a space or a shell character is refused by name before anything runs" {
    for name in "serie_a (1).csv" "Serie A/2023-24.csv" "it's.csv" 'serie_a[2].csv'; do
        rm -rf in && mkdir -p "in/$(dirname "$name")"
        cp "$SRC/a/ligue_1.csv" in/
        cp "$SRC/a/serie_a.csv" "in/$name"
        run pmake -j2 all DATA="$PWD/in"
        [ "$status" -eq 2 ]
        [[ "$output" == *"DATA=$PWD/in: \"$PWD/in/$name\": a file name with a space or one of "*" cannot be used"*"rename it"* ]]
        [ "$(ls -A | tr '\n' ' ')" = "data in " ]
    done
}

@test "two files under DATA whose paths differ only in / and __ (one import name) are refused by name before anything runs" {
    mkdir -p in/serie_a
    cp "$SRC/a/ligue_1.csv" in/
    cp "$SRC/a/serie_a.csv" in/serie_a/2023-24.csv
    cp "$SRC/b/serie_a.csv" in/serie_a__2023-24.csv
    run pmake -j2 all DATA="$PWD/in"
    [ "$status" -eq 2 ]
    [[ "$output" == *"DATA=$PWD/in: \"$PWD/in/serie_a/2023-24.csv\" and \"$PWD/in/serie_a__2023-24.csv\": two files whose paths differ only in / and __ cannot be used"*"rename one"* ]]
    [ "$(ls -A | tr '\n' ' ')" = "data in " ]
}

@test "a bad file fails only its league; the summary names it; non-zero exit" {
    mkdir in && cp "$SRC/a/ligue_1.csv" in/
    { cat "$SRC/a/serie_a.csv"; echo "serie_a,2023-24,2024-06-01,Roma,Lazio,x,1,,,"; } > in/serie_a.csv
    for k in "" -k; do
        run pmake -j2 $k all DATA="$PWD/in"
        [ "$status" -ne 0 ]
        [[ "$output" == *"serie_a: NOT ATTEMPTED (a bad input file holds its rows: "*"in/serie_a.csv:"*"goals"* ]]
        [ -d models/ligue_1/draw_specialist ]
        [ ! -e models/serie_a ]
    done
    [[ "$output" == *"0 trained, 3 skipped (already there), 0 failed, 3 not attempted"* ]]
}

@test "a league whose only file cannot be read at all is not attempted, with the file's error, not 'not in the data'; non-zero exit" {
    mkdir in && cp "$SRC/a/ligue_1.csv" in/
    # serie_a's file, its download cut in its header
    printf '%s' 'Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FT' > in/I1.csv
    run pmake -j2 all DATA="$PWD/in"
    [ "$status" -ne 0 ]
    [[ "$output" == *"poisson_v2 serie_a: NOT ATTEMPTED (a bad input file holds its rows: import-fixtures: $PWD/in/I1.csv:1: the file ends in its header"* ]]
    [[ "$output" == *"0 trained, 0 skipped (already there), 0 failed, 6 not attempted, 0 not in the data"* ]]
    [ ! -e models/serie_a ]
}

@test "a match two files hold fails only its league; the summary names it; the copy removed, it trains" {
    mkdir in && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    head -n 3 "$SRC/a/serie_a.csv" > in/serie_a-again.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -ne 0 ]
    [[ "$output" == *"poisson_v2 serie_a: NOT ATTEMPTED (a bad input file holds its rows: "*"duplicate match serie_a "* ]]
    [[ "$output" == *"1 trained, 0 skipped (already there), 0 failed, 1 not attempted"* ]]
    [ -d models/ligue_1/poisson_v2 ]
    [ ! -e models/serie_a ]
    rm in/serie_a-again.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 trained, 1 skipped (already there), 0 failed, 0 not attempted"* ]]
}

@test "a league asked for that is no league (a typo, a division code) fails, named; one absent from the data does not" {
    run pmake -j2 poisson_v2 DATA="$SRC/a" LEAGUES="serie_a I1 seria_a bundesliga"
    [ "$status" -ne 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 I1: FAILED (no league I1 in data/leagues.csv or the data: I1 is the code of serie_a)"* ]]
    [[ "$output" == *"leaguefit: poisson_v2 seria_a: FAILED (no league seria_a in data/leagues.csv or the data)"* ]]
    [[ "$output" == *"leaguefit: poisson_v2 bundesliga: not in the data"* ]]
    [[ "$output" == *"1 trained, 0 skipped (already there), 2 failed, 0 not attempted, 1 not in the data"* ]]
    [ -d models/serie_a/poisson_v2 ]
}

@test "the league map is read as the programs read it: a league it names, absent from the data, is no failure" {
    # data/leagues.csv as a spreadsheet may save it: columns in another
    # order, quoted, CRLF line ends; import-fixtures reads it so.
    awk -F, '{ printf "\"%s\",\"%s\",%s,%s,%s\r\n", $2, $1, $3, $4, $5 }' \
        "$PROJECT/data/leagues.csv" > map.csv
    mkdir -p models work
    printf 'serie_a\t10\n' > present
    printf 'poisson_v2\t%s\t-\tnone\tno\n' bundesliga seria_a D1 > before
    run "$PROJECT/bin/leaguefit-status" -m models -w work -t poisson_v2 -l "bundesliga seria_a D1" \
        -f poisson_v2="poisson_model.json metrics.json" --summary before --present present \
        --map map.csv
    [ "$status" -eq 1 ]
    [ "$output" = "leaguefit: poisson_v2 bundesliga: not in the data
leaguefit: poisson_v2 seria_a: FAILED (no league seria_a in map.csv or the data)
leaguefit: poisson_v2 D1: FAILED (no league D1 in map.csv or the data: D1 is the code of bundesliga)
leaguefit: 0 trained, 0 skipped (already there), 2 failed, 0 not attempted, 1 not in the data" ]
}

@test "a failed step's first error line is said whole, a tab in it too, of the data's version as of another" {
    mkdir -p models work/versions/serie_a run
    v=2024-05-18-0123abcd w=2023-05-20-4567cdef
    echo "$v" > work/versions/serie_a/current
    printf 'serie_a\t10\n' > present
    printf 'poisson_v2\tserie_a\t%s\tmissing\tno\tno\n' "$v" > before
    printf 'poisson_v2\tserie_a\t%s\tfit-poisson: x.csv:3: bad team \x27a\tb\x27\n' "$v" "$w" > run/failures
    run "$PROJECT/bin/leaguefit-status" -m models -w work -t poisson_v2 -l serie_a \
        -f poisson_v2="poisson_model.json metrics.json" --summary before --run run --present present
    [ "$status" -eq 1 ]
    [ "$output" = "leaguefit: poisson_v2 serie_a $v: FAILED (fit-poisson: x.csv:3: bad team 'a"$'\t'"b')
leaguefit: poisson_v2 serie_a $w: FAILED (another version than the data's, repairing it: fit-poisson: x.csv:3: bad team 'a"$'\t'"b')
leaguefit: 0 trained, 0 skipped (already there), 2 failed, 0 not attempted, 0 not in the data" ]
}

@test "status --to-train counts the snapshot's models whose data's version is not complete and registered" {
    mkdir -p models work
    {
        printf 'poisson_v2\tserie_a\t2024-05-18-0123abcd\tstale\tno\tno\n'
        printf 'poisson_v2\tla_liga\t-\tnone\tno\tno\n'
        printf '1x2_v2\tserie_a\t2024-05-18-0123abcd\tcurrent\tyes\tyes\n'
        printf '1x2_v2\tla_liga\t2024-05-18-4567cdef\tcurrent\tno\tyes\n'
        printf 'draw_specialist\tserie_a\t2024-05-18-0123abcd\tmissing\tyes\tno\n'
    } > before
    run -0 "$PROJECT/bin/leaguefit-status" -m models -w work -t "poisson_v2 1x2_v2 draw_specialist" \
        -l "serie_a la_liga" --to-train before
    [ "$output" = 3 ]
    : > empty
    run -0 "$PROJECT/bin/leaguefit-status" -m models -w work -t poisson_v2 -l serie_a --to-train empty
    [ "$output" = 0 ]
    # No snapshot (a dry run takes none): the count is unknown.
    run -0 "$PROJECT/bin/leaguefit-status" -m models -w work -t poisson_v2 -l serie_a --to-train none
    [ "$output" = "?" ]
}

@test "LEAGUES given empty: an error, exit 2, before anything is made" {
    run pmake -j2 poisson_v2 DATA="$SRC/a" LEAGUES=" "
    [ "$status" -eq 2 ]
    [[ "$output" == *"leaguefit: LEAGUES is empty: no league to train (leave it unset for the 8 target leagues, or name some)"* ]]
    [ ! -e models ]
    [ ! -e work ]
}

@test "two types in one command, with -j" {
    run pmake -j2 poisson_v2 draw_specialist DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"4 trained, 0 skipped"* ]]
    [ -d models/serie_a/draw_specialist ]
    [ ! -e models/serie_a/1x2_v2 ]
}

@test "predict uses the newest version, or the one named; a model of another league is refused" {
    old_and_new poisson_v2
    new=$(versions_of serie_a poisson_v2 | tail -n 1)
    last_fixture fx.csv
    p_new=$("$PROJECT/bin/predict" -m models fx.csv | tail -n 1 | cut -d, -f6)
    p_old=$("$PROJECT/bin/predict" -m models --version "$old" fx.csv | tail -n 1 | cut -d, -f6)
    # The newest is the one of all the data: its forecast is the one of that model.
    want=$(jq -r '.version' "models/serie_a/poisson_v2/$new/poisson_model.json")
    [ "$want" = "$new" ]
    [ "$p_new" != "$p_old" ]
    # Each prediction names the version of the model that made it.
    [ "$("$PROJECT/bin/predict" -m models fx.csv | tail -n 1 | awk -F, '{ print $NF }')" = "$new" ]
    [ "$("$PROJECT/bin/predict" -m models --version "$old" --format jsonl fx.csv | jq -r .model_version)" = "$old" ]
    # A fixture of a date the model's data reach: said, once; a later one not.
    run --separate-stderr "$PROJECT/bin/predict" -m models -t poisson_v2 fx.csv
    [ "$status" -eq 0 ]
    [ "$stderr" = "predict: fx.csv:2: 1 fixture of league 'serie_a' dated on or before ${new:0:10}, the last match of the data its poisson_v2 model $new was fitted on: forecasts of matches the model may have seen" ]
    later=$(date -u -d "${new:0:10} + 1 day" +%F)
    awk -F, -v OFS=, -v d="$later" 'NR > 1 { $3 = d } 1' fx.csv > later.csv
    run --separate-stderr "$PROJECT/bin/predict" -m models -t poisson_v2 later.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    run --separate-stderr "$PROJECT/bin/predict" -m models --version 2001-01-01-00000000 fx.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"no complete poisson_v2 model of league 'serie_a' version 2001-01-01-00000000"* ]]
    # A directory that is a symlink to another league's model.
    mkdir -p models/juventus_league/poisson_v2
    ln -s "$PWD/models/ligue_1/poisson_v2/$(versions_of ligue_1 poisson_v2)" \
        "models/juventus_league/poisson_v2/$new"
    sed 's/^serie_a,/juventus_league,/' fx.csv > fx2.csv
    run --separate-stderr "$PROJECT/bin/predict" -m models fx2.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"a model of league 'ligue_1' where league 'juventus_league' belongs"* ]]
}

@test "a corrected result (new rows, the same last match): its version is the newest for predict, status and the report" {
    mkdir in && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    old=$(versions_of serie_a poisson_v2)
    # The first season's second result corrected, months before the last match.
    awk -F, -v OFS=, 'NR == 3 { $6 = $6 + 1 } 1' "$SRC/a/serie_a.csv" > in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [[ "$output" == *"1 trained, 1 skipped"* ]]
    new=$(cat work/versions/serie_a/current)
    [ "$new" != "$old" ]
    [ "${new:0:10}" = "${old:0:10}" ]
    # The digests put the new one first: by its name alone the old is newest.
    [[ "$new" < "$old" ]]
    last_fixture fx.csv
    same_p() { [ "$("$PROJECT/bin/predict" -m models -t poisson_v2 "$@" fx.csv | tail -n 1)" = "$want" ]; }
    want=$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$new" fx.csv | tail -n 1)
    [ "$want" != "$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$old" fx.csv | tail -n 1)" ]
    same_p
    run pmake status DATA="$PWD/in" TYPES=poisson_v2
    [[ "$output" == *"poisson_v2       serie_a              $new  "*"current"* ]]
    pmake report DATA="$PWD/in" > /dev/null
    [ "$(jq -r '.models[] | select(.league == "serie_a" and .newest) | .version' models/index.json)" = "$new" ]
    # Without the registry (models copied by hand), the name decides, as before.
    mv models/registry.jsonl registry.jsonl
    want=$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$old" fx.csv | tail -n 1)
    same_p
}

# That predict (by default and given the pipeline's history), status and
# the report take version $1 for serie_a's poisson_v2 (fx.csv: a fixture).
newest_everywhere() {
    local want
    want=$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$1" fx.csv | tail -n 1)
    [ "$("$PROJECT/bin/predict" -m models -t poisson_v2 fx.csv | tail -n 1)" = "$want" ]
    [ "$("$PROJECT/bin/predict" -m models --history work/fixtures.csv -t poisson_v2 fx.csv |
        tail -n 1)" = "$want" ]
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$1 .* current +yes" <<< "$output"
    pmake -s report DATA="$PWD/in" > /dev/null
    [ "$(jq -r '.models[] | select(.league == "serie_a" and .model_type == "poisson_v2"
                                   and .newest) | .version' models/index.json)" = "$1" ]
}

# in/serie_a.csv: data set a's, with one result corrected.
corrected_in() { awk -F, -v OFS=, 'NR == 3 { $6 = $6 + 1 } 1' "$SRC/a/serie_a.csv" > in/serie_a.csv; }

# Two versions of serie_a's poisson_v2 of one date: $old trained on data
# set a, then $new on the data with a result corrected (that run given
# make's arguments $@; its status not asked), in/ holding them; fx.csv a
# fixture.
old_and_corrected() {
    mkdir in && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    old=$(cat work/versions/serie_a/current)
    last_fixture fx.csv
    corrected_in
    pmake -j2 poisson_v2 DATA="$PWD/in" "$@" > /dev/null 2>&1 || :
    new=$(cat work/versions/serie_a/current)
    [ "${new:0:10}" = "${old:0:10}" ]
    [ "$new" != "$old" ]
}

# bin/: the programs, but $1, a script printing $2 to stderr and failing
# (when its arguments hold $3, if given; otherwise the program itself).
failing_program() {
    mkdir -p bin && ln -sf "$PROJECT"/bin/* bin/ && rm bin/"$1"
    printf '#!/bin/sh
case " $* " in *"%s"*)
  echo "%s" >&2
  exit 1;;
esac
exec "%s" "$@"
' \
        "${3:-}" "$2" "$PROJECT/bin/$1" > bin/"$1"
    chmod +x bin/"$1"
}

@test "a correction reverted: the version of the data given again is the newest for predict, status and the report" {
    # A result corrected, then the correction taken back.
    old_and_corrected
    newest_everywhere "$new"
    sums models | grep -v -e registry.jsonl -e /index. > before.sums
    cp models/registry.jsonl before.jsonl
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: the newest again (its data given again)"* ]]
    [[ "$output" == *"0 trained, 2 skipped (already there), 0 failed"* ]]
    [ "$(cat work/versions/serie_a/current)" = "$old" ]
    newest_everywhere "$old"
    # SAFE MODE: no model file touched; the registry one line longer, its
    # key a kind of its own.
    sums models | grep -v -e registry.jsonl -e /index. | cmp - before.sums
    cmp -n "$(stat -c %s before.jsonl)" before.jsonl models/registry.jsonl
    [ "$(($(wc -l < models/registry.jsonl) - $(wc -l < before.jsonl)))" -eq 1 ]
    [ "$(tail -n 1 models/registry.jsonl | jq -r '"\(.key) \(.event) \(.version)"')" = \
      "poisson_v2_serie_a_$old@reinstated-1 reinstated $old" ]
    # The same data again: nothing appended, nothing said.
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [[ "$output" != *"again"* ]]
    [ "$(($(wc -l < models/registry.jsonl) - $(wc -l < before.jsonl)))" -eq 1 ]
    # Corrected and reverted once more: each its own event, counted.
    corrected_in
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    newest_everywhere "$new"
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    newest_everywhere "$old"
    [ "$(jq -r 'select(.event) | .key' models/registry.jsonl)" = \
      "$(printf '%s\n' "poisson_v2_serie_a_$old@reinstated-1" "poisson_v2_serie_a_$new@reinstated-1" \
          "poisson_v2_serie_a_$old@reinstated-2")" ]
    # The report lists models, not events.
    [ "$(jq '.count' models/index.json)" -eq 3 ]
}

@test "status before a run: a correction is stale as data changed, not newer; taken back, the data's version named, not yet the newest" {
    old_and_corrected
    last=${old:0:10}
    # The correction taken back, no run since: the newest (which predict
    # takes) is still the correction's; the data's own version is named.
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    [ "$status" -eq 0 ]
    grep -E "^poisson_v2 +serie_a +$new .* current \($old: make all makes it the newest\) +yes" <<< "$output"
    grep -E "^poisson_v2 +ligue_1 +[0-9-]{10}-[0-9a-f]{8} .* current +yes" <<< "$output"
    # Another result corrected, no run since: no newer match in the data.
    awk -F, -v OFS=, 'NR == 4 { $6 = $6 + 1 } 1' "$SRC/a/serie_a.csv" > in/serie_a.csv
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$new .* stale \(data changed, to $last\) +yes" <<< "$output"
    # Newer matches taken out of the data: an older version's, made the
    # newest by the next run; with UNTIL, not the newest.
    before "$SRC/a/serie_a.csv" 2023-01-01 > in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    half=$(cat work/versions/serie_a/current)
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    before "$SRC/a/serie_a.csv" 2023-01-01 > in/serie_a.csv
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$old .* current \($half: make all makes it the newest\) +yes" <<< "$output"
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2 UNTIL=2023-01-01
    grep -E "^poisson_v2 +serie_a +$old .* current \($half, not the newest\) +yes" <<< "$output"
}

@test "newer matches taken out of the data: the data's version is the newest for predict, status and the report; a backfill (UNTIL) never passes it" {
    old_and_corrected
    # The last weeks taken out: a version of an earlier date, trained
    # now, is the newest, though another has a later date.
    before "$SRC/a/serie_a.csv" 2024-04-01 > in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 trained, 1 skipped (already there), 0 failed"* ]]
    cut=$(cat work/versions/serie_a/current)
    [[ "$cut" < "$old" ]]
    newest_everywhere "$cut"
    # The data of a later version given again: made the newest, said,
    # no file touched, one line more.
    sums models | grep -v -e registry.jsonl -e /index. > before.sums
    cp models/registry.jsonl before.jsonl
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: the newest again (its data given again)"* ]]
    newest_everywhere "$old"
    sums models | grep -v -e registry.jsonl -e /index. | cmp - before.sums
    [ "$(($(wc -l < models/registry.jsonl) - $(wc -l < before.jsonl)))" -eq 1 ]
    # Taken out again: the earlier one given again, the newest again.
    before "$SRC/a/serie_a.csv" 2024-04-01 > in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $cut: the newest again (its data given again)"* ]]
    newest_everywhere "$cut"
    # The same data again: nothing appended, nothing said.
    cp models/registry.jsonl before.jsonl
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [[ "$output" != *"again"* ]]
    cmp before.jsonl models/registry.jsonl
    # A backfill (UNTIL) of a later date than the reinstated version's is
    # registered as one (its cutoff), and does not pass it.
    run pmake -j2 poisson_v2 DATA="$SRC/a" UNTIL=2024-05-01
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 trained"* ]]
    [ "$(jq -r 'select(.league == "serie_a" and .data.cutoff) | .data.cutoff' models/registry.jsonl)" = 2024-05-01 ]
    newest_everywhere "$cut"
    # A backfill trains and registers an older cut, which does not become
    # the newest, and reinstates nothing.
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    newest_everywhere "$old"
    cp models/registry.jsonl before.jsonl
    run pmake -j2 poisson_v2 DATA="$PWD/in" UNTIL=2024-04-01
    [ "$status" -eq 0 ]
    [[ "$output" != *"again"* ]]
    [ -z "$(tail -n +$(($(wc -l < before.jsonl) + 1)) models/registry.jsonl | jq -r 'select(.event)')" ]
    newest_everywhere "$old"
    # A reinstatement as written before the rank across dates (no
    # "newest" member) made its version the newest of its date alone, and
    # still does, for every reader: the later date stays the newest.
    jq -c -n --arg v "$cut" '{key: "poisson_v2_serie_a_\($v)@reinstated-9", event: "reinstated",
        model_type: "poisson_v2", league: "serie_a", version: $v, date: "2024-06-01T00:00:00Z"}' \
        >> models/registry.jsonl
    newest_everywhere "$old"
}

# serie_a's poisson_v2 trained on data set a ($full), then on its matches
# before 2024-04-01 ($cut: reinstated, the newest above a later date), in/
# holding them; fx.csv a fixture.
full_then_cut() {
    mkdir in && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    full=$(cat work/versions/serie_a/current)
    last_fixture fx.csv
    before "$SRC/a/serie_a.csv" 2024-04-01 > in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    cut=$(cat work/versions/serie_a/current)
}

@test "a backfill (UNTIL) leaves a partial version of whole data (a run stopped before its registration) to the next run without UNTIL, which repairs it: the data's version stays the newest" {
    full_then_cut
    # The whole data's run stopped after the model file, before its
    # metrics and its registration; the data are the cut ones (in/).
    rm "models/serie_a/poisson_v2/$full/metrics.json" "models/.registered/poisson_v2_serie_a_$full"
    grep -v "\"poisson_v2_serie_a_$full\"" models/registry.jsonl > reg && cat reg > models/registry.jsonl
    run pmake -j2 poisson_v2 DATA="$PWD/in" UNTIL=2023-01-01
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $full: partial, a version of data given without UNTIL: not repaired by a backfill (UNTIL=2023-01-01), but by the next run without UNTIL"* ]]
    [ ! -e "models/serie_a/poisson_v2/$full/metrics.json" ]
    newest_everywhere "$cut"
    # The next run without UNTIL repairs it, and the data's version stays
    # the newest (reinstated after the repair's registration).
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [ -f "models/serie_a/poisson_v2/$full/metrics.json" ]
    grep -q "\"poisson_v2_serie_a_$full\"" models/registry.jsonl
    # counted: its registration among the run's [k/N], the run's trained
    [[ "$output" == *"[1/1] poisson_v2 serie_a $full: trained in "* ]]
    [[ "$output" == *"leaguefit: 1 trained, 2 skipped (already there), 0 failed"* ]]
    newest_everywhere "$cut"
}

@test "a complete version the registry does not hold (a run stopped before its registration), then the data cut back: the registered one is the newest for predict, status and the report" {
    mkdir in && cp "$SRC/a/ligue_1.csv" "$SRC/a/serie_a.csv" in/
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    full=$(cat work/versions/serie_a/current)
    last_fixture fx.csv
    # The run stopped between the version's last file and its registration.
    grep -v "\"poisson_v2_serie_a_$full\"" models/registry.jsonl > reg && cat reg > models/registry.jsonl
    rm "models/.registered/poisson_v2_serie_a_$full"
    # The data cut back: the version of the rest, registered, is the newest
    # (predict took the later date's, which the registry does not hold).
    before "$SRC/a/serie_a.csv" 2024-04-01 > in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    cut=$(cat work/versions/serie_a/current)
    [[ "$cut" < "$full" ]]
    newest_everywhere "$cut"
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$cut .* current +yes" <<< "$output"
    # The whole data given again: the complete version is registered, and
    # the newest.
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [ "$(grep -c "\"poisson_v2_serie_a_$full\"" models/registry.jsonl)" -eq 1 ]
    newest_everywhere "$full"
}

# serie_a's poisson_v2 trained on data set a's matches before 2024-04-01
# ($cut), then on them all ($full: the newest), in/ holding them; the
# registration line of $full then changed by the jq filter $1; fx.csv a
# fixture.
cut_then_full_line_changed() {
    mkdir in && cp "$SRC/a/ligue_1.csv" in/
    before "$SRC/a/serie_a.csv" 2024-04-01 > in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    cut=$(cat work/versions/serie_a/current)
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    pmake -j2 poisson_v2 DATA="$PWD/in" > /dev/null
    full=$(cat work/versions/serie_a/current)
    [[ "$cut" < "$full" ]]
    last_fixture fx.csv
    jq -c --arg k "poisson_v2_serie_a_$full" "if .key == \$k then $1 else . end" \
        models/registry.jsonl > reg && cat reg > models/registry.jsonl
}

@test "a registration line damaged but for its key still registers its version: the newest is the same for predict, status and the report" {
    # Its key read (predict, status), its files no object (the report's
    # index skips the line).
    cut_then_full_line_changed '.files = "damaged"'
    newest_everywhere "$full"
}

@test "a registration line without its key registers no version, though the index lists it: the newest is the same for predict, status and the report" {
    # A model the index lists, a version no reader of keys finds registered.
    cut_then_full_line_changed 'del(.key)'
    want=$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$cut" fx.csv | tail -n 1)
    [ "$("$PROJECT/bin/predict" -m models -t poisson_v2 fx.csv | tail -n 1)" = "$want" ]
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$cut " <<< "$output"
    pmake -s report DATA="$PWD/in" > /dev/null 2>&1
    [ "$(jq -r '.models[] | select(.league == "serie_a" and .model_type == "poisson_v2"
                                   and .newest) | .version' models/index.json)" = "$cut" ]
}

@test "a reinstatement spaced as a hand writes it still brings the next run's data back to the newest" {
    full_then_cut
    newest_everywhere "$cut"
    grep -q '@reinstated-1"' models/registry.jsonl
    # The registry's lines spaced, as a hand writes them ("key": "..."),
    # which every reader reads; then the whole data given again.
    sed -i 's/":/": /g' models/registry.jsonl
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $full: the newest again (its data given again)"* ]]
    newest_everywhere "$full"
}

@test "a reinstatement edited by hand ranks its version by its key alike for predict, status and the report" {
    full_then_cut
    # Its event member gone: the key still makes it a reinstatement, and
    # no model of the report.
    sed -i "/@reinstated-1\"/ s/\"event\":\"reinstated\",//" models/registry.jsonl
    [ "$(grep -c '"event"' models/registry.jsonl)" -eq 0 ]
    newest_everywhere "$cut"
    [ "$(jq .count models/index.json)" -eq 3 ]
    # Its number past the 18 digits a number may have: no reinstatement
    # (the whole data in DATA, which status judges against).
    sed -i "s/@reinstated-1\"/@reinstated-1000000000000000000\"/" models/registry.jsonl
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    newest_everywhere "$full"
}

@test "a reinstatement of before (no newest member), after one of all dates, of a version alone on its date passes nothing, for predict, status and the report" {
    full_then_cut
    newest_everywhere "$cut"
    # Written by hand as the older lines were: of its date alone, where
    # $full has no other version; the reinstated $cut stays the newest.
    jq -c -n --arg v "$full" '{key: "poisson_v2_serie_a_\($v)@reinstated-1", event: "reinstated",
        model_type: "poisson_v2", league: "serie_a", version: $v, date: "2024-06-01T00:00:00Z"}' \
        >> models/registry.jsonl
    newest_everywhere "$cut"
}

@test "a reinstatement whose member a hand repeated ranks its version alike for predict, status and the report: the last is read" {
    full_then_cut
    # "newest" twice, the last of all dates: the reinstatement it was.
    sed -i '/@reinstated-1"/ s/"newest":"of all dates"/"newest":"by hand","newest":"of all dates"/' \
        models/registry.jsonl
    grep -q '"newest":"by hand","newest":"of all dates"' models/registry.jsonl
    newest_everywhere "$cut"
    # The last not of all dates: a reinstatement of its date alone, the
    # later date the newest (the whole data in DATA, which status judges
    # against).
    sed -i '/@reinstated-1"/ s/"newest":"by hand","newest":"of all dates"/"newest":"of all dates","newest":"by hand"/' \
        models/registry.jsonl
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    newest_everywhere "$full"
}

@test "a reinstatement that fails fails the run, named; the next run makes it" {
    old_and_corrected
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    # The programs, but a registry-append whose reinstatements fail as on a
    # full disk.
    failing_program registry-append \
        "registry-append: registry.jsonl: write error: No space left on device" " --reinstate "
    run pmake -j2 poisson_v2 DATA="$PWD/in" BIN="$PWD/bin"
    [ "$status" -ne 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: FAILED (registry-append: registry.jsonl: write error: No space left on device)"* ]]
    [[ "$output" == *"0 trained, 1 skipped (already there), 1 failed"* ]]
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: the newest again"* ]]
    [[ "$output" == *"0 trained, 2 skipped (already there), 0 failed"* ]]
}

@test "a reinstatement that fails after its version's files were rebuilt fails the run, named" {
    old_and_corrected
    # A file of the old version deleted since: the run given its data
    # again rebuilds it, then its reinstatement fails.
    rm "models/serie_a/poisson_v2/$old/metrics.json"
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    failing_program registry-append \
        "registry-append: registry.jsonl: write error: No space left on device" " --reinstate "
    run pmake -j2 poisson_v2 DATA="$PWD/in" BIN="$PWD/bin"
    [ "$status" -ne 0 ]
    [ -e "models/serie_a/poisson_v2/$old/metrics.json" ]
    [[ "$output" == *"leaguefit: poisson_v2 serie_a $old: FAILED (registry-append: registry.jsonl: write error: No space left on device)"* ]]
    [[ "$output" == *"0 trained, 1 skipped (already there), 1 failed"* ]]
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    newest_everywhere "$old"
}

@test "a correction reverted while its version is partial: the repair registered before the reinstatement" {
    # The correction's run fails before its metrics (as if killed): its
    # version is partial, not registered.
    failing_program emit-metrics "emit-metrics: killed"
    old_and_corrected BIN="$PWD/bin"
    [ ! -e "models/serie_a/poisson_v2/$new/metrics.json" ]
    run grep -q "\"key\":\"poisson_v2_serie_a_$new\"" models/registry.jsonl
    [ "$status" -eq 1 ]
    # The correction taken back: the run repairs the partial version (and
    # registers it) and the data's version stays the newest.
    cp "$SRC/a/serie_a.csv" in/serie_a.csv
    run pmake -j2 poisson_v2 DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [ -e "models/serie_a/poisson_v2/$new/metrics.json" ]
    grep -q "\"key\":\"poisson_v2_serie_a_$new\"" models/registry.jsonl
    [ "$(tail -n 1 models/registry.jsonl | jq -r .key)" = "poisson_v2_serie_a_$old@reinstated-1" ]
    newest_everywhere "$old"
}

@test "the version of one date last given, with a file gone since: predict, status and the report all take the complete one" {
    old_and_corrected
    rm "models/serie_a/poisson_v2/$new/metrics.json"
    want=$("$PROJECT/bin/predict" -m models -t poisson_v2 --version "$old" fx.csv | tail -n 1)
    [ "$("$PROJECT/bin/predict" -m models -t poisson_v2 fx.csv | tail -n 1)" = "$want" ]
    run pmake -s status DATA="$PWD/in" TYPES=poisson_v2
    grep -E "^poisson_v2 +serie_a +$old .* partial \($new\)" <<< "$output"
    pmake -s report DATA="$PWD/in" > /dev/null
    [ "$(jq -r '.models[] | select(.league == "serie_a" and .model_type == "poisson_v2"
                                   and .newest) | .version' models/index.json)" = "$old" ]
}

@test "a reinstatement torn (its append cut short) ranks its version for none of predict, status and the report" {
    old_and_corrected
    # The last line: the start of the old version's reinstatement, its key
    # whole, the rest lost (a full disk).
    printf '{"key":"poisson_v2_serie_a_%s@reinstated-1","event":"reinst' "$old" >> models/registry.jsonl
    newest_everywhere "$new"
}

@test "a model with parameters out of range is refused on load; predict prints no nan" {
    pmake -j2 poisson_v2 DATA="$SRC/a" > /dev/null
    v=$(versions_of serie_a poisson_v2)
    mkdir -p edited/serie_a/poisson_v2/$v
    cp models/serie_a/poisson_v2/$v/* edited/serie_a/poisson_v2/$v/
    last_fixture fx.csv
    for mu in 10 30 50; do
        jq --argjson mu "$mu" '.mu = $mu' models/serie_a/poisson_v2/$v/poisson_model.json \
            > edited/serie_a/poisson_v2/$v/poisson_model.json
        run --separate-stderr "$PROJECT/bin/predict" -m edited fx.csv
        [ "$status" -eq 1 ]
        [[ "$output" != *nan* ]]
        [[ "$stderr" == *"serie_a/poisson_v2/$v"* ]]
    done
    [[ "$stderr" == *"mu 50 is outside [-10, 10]"* ]]
}

@test "a torn last registry line is never glued to a new entry, and readers say so" {
    pmake -j2 poisson_v2 DATA="$SRC/a" > /dev/null
    printf '{"key":"torn' >> models/registry.jsonl
    run pmake -j2 draw_specialist DATA="$SRC/a"
    [ "$status" -eq 0 ]
    # The torn fragment is a line of its own; every other line parses.
    [ "$(grep -c '^{"key":"torn$' models/registry.jsonl)" -eq 1 ]
    [ "$(jq -R 'fromjson? // empty' models/registry.jsonl | jq -s length)" -eq 4 ]
    run pmake -s status DATA="$SRC/a"
    [[ "$output" == *"1 torn line(s) skipped"* ]]
}

# The pipeline's snapshot of this test's poisson_v2 models, and the
# registered column of league $1 in snapshot $2.
snapshot() {
    "$PROJECT/bin/leaguefit-status" -m models -w work -t poisson_v2 -l "$LEAGUES2" \
        -f "poisson_v2=poisson_model.json metrics.json" --snapshot
}
reg_of() { awk -F'\t' -v l="$1" '$2 == l { print $5 }' <<< "$2"; }

@test "registered: a line holding the key counts where it parses, spaced or not; a torn one does not" {
    pmake -j2 poisson_v2 DATA="$SRC/a" > /dev/null
    run -0 snapshot
    [ "$(reg_of serie_a "$output")" = yes ]
    [ "$(reg_of ligue_1 "$output")" = yes ]
    # serie_a's line as a hand would write it: spaced.
    sed -i '/"league":"serie_a"/ s/":/": /g' models/registry.jsonl
    grep -q '"key": "poisson_v2_serie_a_' models/registry.jsonl
    run -0 snapshot
    [ "$(reg_of serie_a "$output")" = yes ]
    # Then torn after its key: the key is there, the line does not parse.
    sed -i '/"league": "serie_a"/ s/^\(.\{80\}\).*/\1/' models/registry.jsonl
    run -0 snapshot
    [ "$(reg_of serie_a "$output")" = no ]
    [ "$(reg_of ligue_1 "$output")" = yes ]
    # The table, which reads every line, says the same.
    run pmake -s status DATA="$SRC/a"
    grep -E "^poisson_v2 +serie_a .* no +$" <<< "$output"
    grep -E "^poisson_v2 +ligue_1 .* yes +$" <<< "$output"
}

@test "registered: a line's escapes decoded and its last key taken, by the snapshot and the table alike; blank and NUL lines counted torn" {
    pmake -j2 poisson_v2 DATA="$SRC/a" > /dev/null
    # serie_a's line: another key before its own, and members with escapes
    # (\", \u00e9, \/); ligue_1's: another key after its own.
    sed -i '/"league":"serie_a"/ s|^{\("key":"[^"]*"\)|{"key":"x","note":"\\"f\\u00e9vrier\\" \\/",\1|' \
        models/registry.jsonl
    sed -i '/"league":"ligue_1"/ s/}$/,"key":"x"}/' models/registry.jsonl
    grep -q '^{"key":"x","note":"\\"f\\u00e9vrier\\" \\/","key":"poisson_v2_serie_a_' models/registry.jsonl
    grep -q '"league":"ligue_1".*,"key":"x"}$' models/registry.jsonl
    # A blank line, and the NULs a crash can leave as the last.
    printf '\n\0\0\0\0' >> models/registry.jsonl
    run -0 snapshot
    [ "$(reg_of serie_a "$output")" = yes ]
    [ "$(reg_of ligue_1 "$output")" = no ]
    run --separate-stderr pmake -s status DATA="$SRC/a"
    grep -E "^poisson_v2 +serie_a .* yes +$" <<< "$output"
    grep -E "^poisson_v2 +ligue_1 .* no +$" <<< "$output"
    [[ "$stderr" == *"registry.jsonl: 2 torn line(s) skipped"* ]]
}

@test "registered: bytes that make a file binary to grep (a crash's NULs, a byte not UTF-8) hide no key" {
    pmake -j2 poisson_v2 DATA="$SRC/a" > /dev/null
    # A byte not UTF-8 in serie_a's line (a hand's edit in Latin-1); the
    # tail of NULs a crash can leave where an append had begun.
    sed -i '/"league":"serie_a"/ s/}$/,"note":"f\xe9vrier"}/' models/registry.jsonl
    printf '\0\0\0\0' >> models/registry.jsonl
    export LC_ALL=C.UTF-8
    run -0 snapshot
    [[ "$output" != *binary* ]]
    [ "$(reg_of serie_a "$output")" = yes ]
    [ "$(reg_of ligue_1 "$output")" = yes ]
    # A run that trains nothing says so: nothing failed.
    run pmake -j2 poisson_v2 DATA="$SRC/a"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 2 skipped (already there), 0 failed"* ]]
}
