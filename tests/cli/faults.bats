#!/usr/bin/env bats
# faults: every output call (open, write, fsync, close, fdopen, link, rename,
# unlink, fchmod, flock) of each publishing program fails in turn, with EIO
# then ENOSPC, through the LD_PRELOAD shim build/faultinject.so
# (tests/faults/faultinject.c). Each time (tests/faults/walk.sh): non-zero
# exit, "PROG: ... <strerror>" on stderr, the output absent or byte-identical
# to a fault-free run's, no temp file, every file already in the output
# directory byte-identical. Each write made short must still succeed.
# docs/reliability.md, "Fault injection".

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export PROJECT
    make -s -C "$PROJECT" build/faultinject.so >&2
    export SOURCE_DATE_EPOCH=1700000000
    # A small league (3 seasons of 10 teams) and the fault-free model files,
    # laid out as model directories p/ (poisson_v2), x/ (1x2_v2) and
    # d/ (draw_specialist), beside a registry and unrelated files.
    local f="$BATS_FILE_TMPDIR/full" b="$PROJECT/bin"
    mkdir -p "$f/p" "$f/x" "$f/d"
    cd "$f"
    "$b/simulate-league" --seed 3 --seasons 3 --teams 10 -o sim.csv
    "$b/simulate-league" --league other --seed 4 --seasons 2 --teams 8 -o sim2.csv
    "$b/league-features" -o feat.csv sim.csv
    "$b/fit-poisson" -o p/poisson_model.json sim.csv
    "$b/emit-metrics" -t poisson_v2 -m p -o p/metrics.json sim.csv
    for o in home draw away; do "$b/fit-1x2" --outcome $o -o x/${o}_model.json feat.csv; done
    "$b/fit-1x2" --calibrate -m x -o x/calibrator.json feat.csv
    "$b/fit-1x2" --features -o x/feature_list.json
    "$b/emit-metrics" -t 1x2_v2 -m x -o x/metrics.json feat.csv
    "$b/fit-draw" -o d/draw_model.json feat.csv
    "$b/emit-metrics" -t draw_specialist -m d -o d/metrics.json feat.csv
    "$b/registry-append" -r registry.jsonl --model-type draw_specialist --league demo \
        --first-date 2019-08-01 --last-date 2022-05-30 --matches 270 \
        --file d/draw_model.json --file d/metrics.json 2>/dev/null
    echo 'unrelated' > notes.txt
    for d in p x d; do echo '{"keep": true}' > $d/other.json; done
}

setup() {
    B="$PROJECT/bin"
    WALK="$PROJECT/tests/faults/walk.sh"
}

# walk OUTPUT [-a] -- COMMAND...: the full tree without OUTPUT (unless -a)
# is the template.
walk() {
    local out=$1
    shift
    local t="$BATS_TEST_TMPDIR/template"
    cp -a "$BATS_FILE_TMPDIR/full" "$t"
    [ "$1" = -a ] || rm -f "$t/$out"
    [ "$1" = -E ] || [ "$1" = -a ] || [ "$1" = -P ] || [ "$1" = -- ]
    cd "$BATS_TEST_TMPDIR"
    run "$WALK" -d "$t" -o "$out" "$@"
    echo "$output"
    echo "$output" >>"${FAULTS_SUMMARY:-$BATS_FILE_TMPDIR/summary}" # figures for docs/reliability.md
    [ "$status" -eq 0 ]
    [[ "$output" == *" 0 failures" ]]
}

@test "the shim counts a fault-free run and injects where told" {
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/full/sim.csv" .
    mkdir out
    FAULT_COUNT_FILE=count LD_PRELOAD="$PROJECT/build/faultinject.so" \
        "$B/fit-poisson" -o out/m.json sim.csv
    grep -qx 'link 1' count
    grep -qx 'fdopen 1' count
    [ "$(awk '$1 == "any" { print $2 }' count)" -ge 8 ]
    run --separate-stderr env FAULT_CALL=write FAULT_N=1 FAULT_ERRNO=ENOSPC \
        LD_PRELOAD="$PROJECT/build/faultinject.so" "$B/fit-poisson" -o out/n.json sim.csv
    [ "$status" -eq 1 ]
    [ "$stderr" = "fit-poisson: out/n.json: write error: No space left on device" ]
    [ ! -e out/n.json ]
    [ -z "$(find out -name '.*')" ]
}

@test "link(2) refused (EPERM, as on file systems without hard links): renameat2 publishes" {
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/full/sim.csv" .
    mkdir out
    FAULT_CALL=link FAULT_N=1 FAULT_ERRNO=EPERM FAULT_TRACE=trace \
        LD_PRELOAD="$PROJECT/build/faultinject.so" "$B/fit-poisson" -o out/m.json sim.csv
    grep -q ' rename renameat2 out/m.json$' trace
    cmp out/m.json "$BATS_FILE_TMPDIR/full/p/poisson_model.json"
    [ -z "$(find out -name '.*')" ]
}

@test "the temp stays locked until linked and unlinked: a concurrent writer's sweep leaves it" {
    # A concurrent writer of the same file removes every temp it can lock
    # (a killed writer's). The temp was once unlocked from fclose to its
    # unlink, and two concurrent runs failed now and then with "cannot
    # publish: No such file or directory". The shim tries that lock right
    # before link and unlink: deterministic, no race needed.
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/full/sim.csv" .
    mkdir out
    FAULT_PROBE_LOCK=probe LD_PRELOAD="$PROJECT/build/faultinject.so" \
        "$B/fit-poisson" -o out/m.json sim.csv
    cat probe
    [ "$(cut -d' ' -f1 probe | paste -sd' ')" = "link unlink" ]
    [ "$(grep -c '^[a-z]* out/\.m\.json\.[A-Za-z0-9]\{6\} locked$' probe)" -eq 2 ]
    rm -f probe out/m.json
    FAULT_CALL=link FAULT_N=1 FAULT_ERRNO=EPERM FAULT_PROBE_LOCK=probe \
        LD_PRELOAD="$PROJECT/build/faultinject.so" "$B/fit-poisson" -o out/m.json sim.csv
    cat probe
    [ "$(cut -d' ' -f1 probe | paste -sd' ')" = "link renameat2" ]
    [ "$(grep -c ' locked$' probe)" -eq 2 ]
    cmp out/m.json "$BATS_FILE_TMPDIR/full/p/poisson_model.json"
}

@test "fit-poisson: every output call fails in turn" {
    walk p/poisson_model.json -- "$B/fit-poisson" -o p/poisson_model.json sim.csv
}

@test "fit-1x2 --outcome home|draw|away: every output call fails in turn" {
    for o in home draw away; do
        walk x/${o}_model.json -- "$B/fit-1x2" --outcome $o -o x/${o}_model.json feat.csv
        rm -rf "$BATS_TEST_TMPDIR/template"
    done
}

@test "fit-1x2 --calibrate: every output call fails in turn" {
    walk x/calibrator.json -- "$B/fit-1x2" --calibrate -m x -o x/calibrator.json feat.csv
}

@test "fit-1x2 --features: every output call fails in turn" {
    walk x/feature_list.json -- "$B/fit-1x2" --features -o x/feature_list.json
}

@test "fit-1x2 --all (the calibrator missing): every output call fails in turn" {
    walk x/calibrator.json -- "$B/fit-1x2" --all -m x feat.csv
}

@test "fit-draw: every output call fails in turn" {
    walk d/draw_model.json -- "$B/fit-draw" -o d/draw_model.json feat.csv
}

@test "emit-metrics (poisson_v2, 1x2_v2, draw_specialist): every output call fails in turn" {
    walk p/metrics.json -- "$B/emit-metrics" -t poisson_v2 -m p -o p/metrics.json sim.csv
    rm -rf "$BATS_TEST_TMPDIR/template"
    walk x/metrics.json -- "$B/emit-metrics" -t 1x2_v2 -m x -o x/metrics.json feat.csv
    rm -rf "$BATS_TEST_TMPDIR/template"
    walk d/metrics.json -- "$B/emit-metrics" -t draw_specialist -m d -o d/metrics.json feat.csv
}

@test "registry-append to an existing registry: every output call fails in turn" {
    walk registry.jsonl -a -- "$B/registry-append" -r registry.jsonl --model-type poisson_v2 \
        --league demo --first-date 2019-08-01 --last-date 2022-05-30 --matches 270 \
        --file p/poisson_model.json --file p/metrics.json
}

@test "registry-append creating the registry: every output call fails in turn" {
    # A failure after open(O_CREAT) leaves an empty registry: valid, no entry.
    walk new.jsonl -E -- "$B/registry-append" -r new.jsonl --model-type poisson_v2 \
        --league demo --first-date 2019-08-01 --last-date 2022-05-30 --matches 270 \
        --file p/poisson_model.json --file p/metrics.json
}

@test "registry-append --reinstate: every output call fails in turn" {
    # Two versions of one date registered, the first then made the newest.
    local t="$BATS_TEST_TMPDIR/reinstate" v
    cp -a "$BATS_FILE_TMPDIR/full" "$t"
    for v in 2022-05-30-aaaaaaaa 2022-05-30-bbbbbbbb; do
        "$B/registry-append" -r "$t/registry.jsonl" --model-type poisson_v2 --league demo \
            --version $v --data-from "$t/p/poisson_model.json" --file "$t/p/poisson_model.json"
    done
    cd "$BATS_TEST_TMPDIR"
    run "$WALK" -d "$t" -o registry.jsonl -a -- "$B/registry-append" -r registry.jsonl \
        --reinstate --model-type poisson_v2 --league demo --version 2022-05-30-aaaaaaaa
    echo "$output"
    echo "$output" >>"${FAULTS_SUMMARY:-$BATS_FILE_TMPDIR/summary}"
    [ "$status" -eq 0 ]
    [[ "$output" == *" 0 failures" ]]
}

@test "import-fixtures: every output call fails in turn" {
    walk fixtures.csv -- "$B/import-fixtures" -L "$PROJECT/data/leagues.csv" -o fixtures.csv sim.csv sim2.csv
}

@test "league-features: every output call fails in turn; a fault in its stamp's loses the stamp only" {
    # The table is stamped once published (madeby.h): a fault in the
    # stamp's open, write, close or rename loses the stamp only (exit 0, a
    # warning, the table as a fault-free run leaves it).
    walk features.csv -P -S -- "$B/league-features" -o features.csv sim.csv
    survived=$(sed -n 's/.* \([0-9]*\) survived after publication.*/\1/p' <<<"$output")
    [ "${survived:-0}" -gt 0 ]
}

@test "league-features: a stamp that cannot be written, a warning, the table published" {
    cd "$BATS_TEST_TMPDIR"
    cp "$BATS_FILE_TMPDIR/full/sim.csv" .
    # A stamp left without its table (the table removed by hand), which
    # would vouch for a table of the same size made within its second: it
    # is removed before the table is published, written or not.
    "$B/league-features" -o stale.csv sim.csv
    mv stale.csv.made-by features.csv.made-by
    # The table is published by link(2): without row images (whose image
    # is renamed into place), the one rename is the stamp's.
    run -0 --separate-stderr env -u LEAGUEFIT_ROW_IMAGES FAULT_CALL=rename FAULT_N=1 FAULT_ERRNO=EIO \
        LD_PRELOAD="$PROJECT/build/faultinject.so" "$B/league-features" -o features.csv sim.csv
    [ "$stderr" = "league-features: features.csv: cannot stamp it as this build's (no table will extend it): Input/output error" ]
    cmp features.csv "$BATS_FILE_TMPDIR/full/feat.csv"
    [ ! -e features.csv.made-by ]
    [ -z "$(find . -name '*.new')" ]
}

@test "league-features keeping its table's row image: a fault in the image's calls leaves the table whole" {
    # The image is kept once the table is published: a fault in its open,
    # write, close or rename loses the image only (exit 0, the table as a
    # fault-free run leaves it); a fault before that is as without images.
    export LEAGUEFIT_ROW_IMAGES="$BATS_TEST_TMPDIR/images"
    # The input is one file outside the walk's copies, old enough for an
    # image (a file changed in the last 50 ms gets none) and read once
    # first, so that every run loads its image. Read from each run's fresh
    # copy, it was imaged, with six more output calls before the table's,
    # only in a run that came to read it 50 ms after the copy: the calls
    # walked then depended on the machine's speed.
    local input="$BATS_TEST_TMPDIR/input.csv"
    cp "$BATS_FILE_TMPDIR/full/sim.csv" "$input"
    sleep 0.1
    "$B/league-features" -o "$BATS_TEST_TMPDIR/first.csv" "$input"
    [ "$(ls "$LEAGUEFIT_ROW_IMAGES"/*.rows | wc -l)" -eq 1 ]
    walk features.csv -P -S -- "$B/league-features" -o features.csv "$input"
    survived=$(sed -n 's/.* \([0-9]*\) survived after publication.*/\1/p' <<<"$output")
    [ "${survived:-0}" -gt 0 ]
}
