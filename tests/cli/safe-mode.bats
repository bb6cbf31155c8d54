#!/usr/bin/env bats
# safe-mode: the pipeline and its programs under a full disk, a read-only
# models directory and concurrent runs (docs/design.md §4; docs/reliability.md,
# "Full disk and no permission" and "Concurrency").
#
# The disk tests mount tmpfs, so they need root (CI runs as root): not
# root, they fail saying so; they are never skipped. Data: two simulated
# leagues of 3 seasons of 10 teams, trained by `make -o build -j2 all` with
# separate MODELS= and WORK=; the reference is one undisturbed run.

bats_require_minimum_version 1.5.0

LEAGUES2="premier_league serie_a"

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export PROJECT SOURCE_DATE_EPOCH=1700000000
    local d="$BATS_FILE_TMPDIR/data"
    mkdir -p "$d"
    "$PROJECT/bin/simulate-league" --league premier_league --seed 1 --seasons 3 --teams 10 -o "$d/pl.csv"
    "$PROJECT/bin/simulate-league" --league serie_a --seed 3 --seasons 3 --teams 10 -o "$d/sa.csv"
    pipeline "$BATS_FILE_TMPDIR/ref" "$BATS_FILE_TMPDIR/refwork" >"$BATS_FILE_TMPDIR/ref.log" 2>&1
    [ "$(wc -l <"$BATS_FILE_TMPDIR/ref/registry.jsonl")" -eq 6 ]
}

setup() {
    cd "$BATS_TEST_TMPDIR"
    REF="$BATS_FILE_TMPDIR/ref"
}

teardown() {
    local m
    for m in "$BATS_TEST_TMPDIR"/models "$BATS_TEST_TMPDIR"/small; do
        mountpoint -q "$m" 2>/dev/null && umount "$m"
    done
    return 0
}

# pipeline MODELS WORK [LEAGUES]: one `make -j2 all` on the simulated data.
# -o build: the programs as they are (no compiler in the middle of a test).
pipeline() {
    make -C "$PROJECT" --no-print-directory -o build -j2 all \
        DATA="$BATS_FILE_TMPDIR/data" MODELS="$1" WORK="$2" LEAGUES="${3:-$LEAGUES2}"
}

need_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "safe-mode.bats: this test needs root (it mounts tmpfs); run it as root, as CI does" >&2
        return 1
    fi
}

# Temp files anywhere: publish.c's .NAME.XXXXXX, make's NAME.new and
# NAME.err, the pipeline's run directory .run.PID-START.
temps() {
    find "$@" \( \( -name '.*.??????' -o -name '*.new' -o -name '*.err' \) -type f \) \
        -o \( -name '.run.*' -type d \)
}

files_of() { (cd "$1" && find . -type f ! -name '.*.??????' | LC_ALL=C sort); }

# Every file under $1 is the reference's (model files byte for byte; the
# registry line for line); with "all", every reference file is there too.
like_ref() {
    local m=$1 f
    while read -r f; do
        case $f in
        ./registry.jsonl)
            jq -c . "$m/registry.jsonl" >/dev/null
            # Each line is one of the reference's, each key once.
            while IFS= read -r line; do
                grep -qxF -- "$line" "$REF/registry.jsonl" || { echo "registry line not in the reference: $line"; return 1; }
            done <"$m/registry.jsonl"
            [ "$(jq -r .key "$m/registry.jsonl" | sort | uniq -d)" = "" ] ;;
        ./.registered/*) [ -e "$REF/$f" ] ;;
        *) cmp "$REF/$f" "$m/$f" ;;
        esac || { echo "not as in the reference: $f"; return 1; }
    done < <(files_of "$m")
    if [ "${2:-}" = all ]; then
        diff <(files_of "$REF") <(files_of "$m")
        cmp <(sort "$REF/registry.jsonl") <(sort "$m/registry.jsonl")
    fi
}

digest() { (cd "$1" && find . -print0 | LC_ALL=C sort -z | xargs -0 -n1 sh -c 'if [ -f "$1" ]; then sha256sum "$1"; else echo "$1"; fi' _); }

@test "full disk: the run that fills models/ fails clearly and damages nothing; with space, the rerun completes it" {
    need_root
    mkdir models
    # 7 pages of 4 KiB: the first few of the 20 model files fit.
    mount -t tmpfs -o size=28k tmpfs models
    run pipeline "$PWD/models" "$PWD/work"
    echo "$output"
    [ "$status" -ne 0 ]
    [[ "$output" == *"No space left on device"* ]]
    [[ "$output" == *" failed"* ]]
    [ -z "$(temps models work)" ]
    [ "$(files_of models | grep -c json$)" -ge 2 ] # it did fill up mid-run
    like_ref models
    mount -o remount,size=10m models
    run pipeline "$PWD/models" "$PWD/work"
    echo "$output"
    [ "$status" -eq 0 ]
    like_ref models all
    [ -z "$(temps models work)" ]
}

@test "read-only models/: a clear error, nothing changed; writable again, the rerun completes it" {
    need_root
    mkdir models
    mount -t tmpfs -o size=10m tmpfs models
    pipeline "$PWD/models" "$PWD/work" premier_league
    before=$(digest models)
    mount -o remount,ro models
    run pipeline "$PWD/models" "$PWD/work"
    echo "$output"
    [ "$status" -ne 0 ]
    [[ "$output" == *"Read-only file system"* ]]
    [ "$(digest models)" = "$before" ]
    [ -z "$(temps models work)" ]
    # The programs themselves, straight at the read-only directory.
    run --separate-stderr "$PROJECT/bin/fit-poisson" -o models/premier_league/x.json \
        work/versions/serie_a/"$(cat work/versions/serie_a/current)".csv
    [ "$status" -eq 1 ]
    [ "$stderr" = "fit-poisson: models/premier_league/x.json: cannot create temp file: Read-only file system" ]
    run --separate-stderr "$PROJECT/bin/registry-append" -r models/registry.jsonl --model-type t \
        --league serie_a --first-date 2020-01-01 --last-date 2020-02-01 --matches 1 \
        --file models/premier_league/poisson_v2/*/metrics.json
    [ "$status" -eq 1 ]
    [ "$stderr" = "registry-append: models/registry.jsonl: Read-only file system" ]
    [ "$(digest models)" = "$before" ]
    mount -o remount,rw models
    run pipeline "$PWD/models" "$PWD/work"
    [ "$status" -eq 0 ]
    like_ref models all
    [ -z "$(temps models work)" ]
}

@test "16 concurrent registry-append of 25 entries each, keys overlapping: one valid line per key" {
    local p i
    for p in $(seq 1 16); do
        (for i in $(seq 1 25); do
            "$PROJECT/bin/registry-append" -r reg.jsonl --model-type m$((i % 3)) \
                --league l$(((p * 7 + i) % 40)) --first-date 2020-01-01 \
                --last-date 2020-02-01 --matches $p --file "$BATS_FILE_TMPDIR/data/pl.csv" \
                2>/dev/null || [ $? -eq 3 ] || echo "append failed: $p $i" >>errors
        done) &
    done
    wait
    [ ! -e errors ]
    expected=$(for p in $(seq 1 16); do for i in $(seq 1 25); do
        echo "m$((i % 3))_l$(((p * 7 + i) % 40))_v2"; done; done | sort -u | wc -l)
    [ "$(jq -c . reg.jsonl | wc -l)" -eq "$expected" ]
    [ "$(wc -l <reg.jsonl)" -eq "$expected" ]
    [ "$(jq -r .key reg.jsonl | sort -u | wc -l)" -eq "$expected" ]
}

@test "two concurrent make -j2 all on the same MODELS and WORK: the result of one" {
    # Both runs write the same files at about the same moment. A writer's
    # temp stays locked until linked and unlinked (publish.c), so the other
    # run's sweep of dead writers' temps can no longer take it away and fail
    # a run at random (faults.bats checks that lock without a race).
    pipeline "$PWD/models" "$PWD/work" >a.log 2>&1 &
    a=$!
    pipeline "$PWD/models" "$PWD/work" >b.log 2>&1 &
    b=$!
    rc=0
    wait $a || rc=$?
    wait $b || rc=$?
    cat a.log b.log
    like_ref models all
    [ "$(wc -l <models/registry.jsonl)" -eq 6 ]
    [ -z "$(temps models work)" ]
    [ $rc -eq 0 ]
}

@test "every publishing recipe runs through leaguefit-step, which takes exit 3 (a concurrent run published first) as done" {
    pipeline "$PWD/models" "$PWD/work" serie_a >/dev/null 2>&1
    rm -r models/serie_a
    run make -C "$PROJECT" --no-print-directory -n -o build all \
        DATA="$BATS_FILE_TMPDIR/data" MODELS="$PWD/models" WORK="$PWD/work" LEAGUES=serie_a
    [ "$status" -eq 0 ]
    # The publishing recipes: those that run a program with -o, and
    # fit-1x2 --all (the model files of 1x2_v2 in one run): 6 for a version.
    n=$(grep -c -e ' -o ' -e 'fit-1x2 --all' <<<"$output")
    [ "$n" -ge 6 ]
    [ "$(grep -c 'fit-1x2 --all' <<<"$output")" -eq 1 ]
    bad=$(grep -e ' -o ' -e 'fit-1x2 --all' <<<"$output" | grep -v -E '^bin/leaguefit-step (-d [^ ]+ )?[^ ]+ [a-z0-9_]+ serie_a [0-9a-f-]+ -- ' || true)
    [ -z "$bad" ] || { echo "recipes not run by leaguefit-step:"; echo "$bad"; return 1; }
    run "$PROJECT/bin/leaguefit-step" "$PWD/run" poisson_v2 serie_a v -- sh -c 'exit 3'
    [ "$status" -eq 0 ]
    run "$PROJECT/bin/leaguefit-step" "$PWD/run" poisson_v2 serie_a v -- \
        sh -c 'echo "fit-poisson: x.csv:4: bad date" >&2; exit 1'
    [ "$status" -eq 1 ]
    [ "$(cat run/failures)" = "$(printf 'poisson_v2\tserie_a\tv\tfit-poisson: x.csv:4: bad date')" ]
    [ "$(cut -f1-3 run/times)" = "$(printf 'poisson_v2\tserie_a\tv\npoisson_v2\tserie_a\tv')" ]
}
