#!/usr/bin/env bats
# make install PREFIX=DIR, then the installed pipeline from another
# directory: make -f PREFIX/share/leaguefit/pipeline.mk -j all trains the
# leagues of its data/raw/ with PREFIX/bin and the installed leagues.csv.

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export PREFIX="$BATS_FILE_TMPDIR/prefix"
    make -C "$PROJECT" install PREFIX="$PREFIX" > "$BATS_FILE_TMPDIR/install.out" 2>&1 || true
}

@test "install: programs, man pages, pipeline" {
    for p in "$PROJECT"/src/*.c "$PROJECT"/src/*.sh; do
        p=${p##*/}; p=${p%.*}
        [ -x "$PREFIX/bin/$p" ] || { cat "$BATS_FILE_TMPDIR/install.out"; echo "no bin/$p"; return 1; }
        [ -f "$PREFIX/share/man/man1/$p.1" ] || { echo "no man1/$p.1"; return 1; }
    done
    [ -f "$PREFIX/share/man/man7/leaguefit.7" ]
    for f in pipeline.mk leaguefit-pipeline.mk report.mk leagues.csv; do
        [ -f "$PREFIX/share/leaguefit/$f" ] || { echo "no share/leaguefit/$f"; return 1; }
    done
    cmp "$PROJECT/data/leagues.csv" "$PREFIX/share/leaguefit/leagues.csv"
}

@test "man -M PREFIX/share/man finds the pages" {
    run env MANWIDTH=80 man -M "$PREFIX/share/man" fit-poisson
    [ "$status" -eq 0 ]
    [[ "$output" == *"FIT-POISSON(1)"* ]]
    [[ "$output" == *"--decay"* || "$output" == *"‐‐decay"* || "$output" == *"−−decay"* ]]
    run env MANWIDTH=80 man -M "$PREFIX/share/man" 7 leaguefit
    [ "$status" -eq 0 ]
}

@test "the installed pipeline trains from another directory" {
    dir="$BATS_TEST_TMPDIR/work"
    mkdir -p "$dir/data/raw/sim"
    "$PREFIX/bin/simulate-league" --league serie_a --seed 3 --seasons 4 --first-season 2020 \
        -o "$dir/data/raw/sim/serie_a.csv"
    "$PREFIX/bin/simulate-league" --league ligue_1 --seed 5 --seasons 4 --first-season 2020 \
        -o "$dir/data/raw/ligue_1.csv"
    cd "$dir"
    # no bin/ and no data/leagues.csv here: the installed ones must be used
    # V=1: the commands, to see which programs and table they use.
    run env -u MAKEFLAGS make -f "$PREFIX/share/leaguefit/pipeline.mk" -j2 all V=1
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"$PREFIX/bin/fit-poisson"* ]]
    [[ "$output" == *"-L $PREFIX/share/leaguefit/leagues.csv"* ]]
    [[ "$output" == *"6 trained, 0 skipped"*"not in the data"* ]]
    for l in serie_a ligue_1; do
        for f in poisson_v2/poisson_model.json 1x2_v2/calibrator.json draw_specialist/metrics.json; do
            [ -s models/$l/${f%%/*}/*/${f#*/} ] || { echo "no models/$l/$f"; return 1; }
        done
    done
    [ "$(wc -l < models/registry.jsonl)" -eq 6 ]
    # a rerun trains nothing; the report works there too
    run env -u MAKEFLAGS make -f "$PREFIX/share/leaguefit/pipeline.mk" all
    [[ "$output" == *"0 trained, 6 skipped"* ]]
    run env -u MAKEFLAGS make -f "$PREFIX/share/leaguefit/pipeline.mk" report
    [ "$status" -eq 0 ]
    [ "$(jq .count models/index.json)" -eq 6 ]
    [ -s models/index.html ]
}

@test "DESTDIR stages the same tree" {
    run make -s -C "$PROJECT" install PREFIX=/opt/lf DESTDIR="$BATS_TEST_TMPDIR/stage"
    [ "$status" -eq 0 ]
    [ -x "$BATS_TEST_TMPDIR/stage/opt/lf/bin/fit-poisson" ]
    [ -f "$BATS_TEST_TMPDIR/stage/opt/lf/share/leaguefit/pipeline.mk" ]
}
