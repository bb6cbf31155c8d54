#!/usr/bin/env bats
# make artifact (mk/artifact.mk): one reproducible archive of the models
# directory, its registry and its two views, named for the newest data.

bats_require_minimum_version 1.5.0

load demo-run

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export BASE="$BATS_FILE_TMPDIR/base"
    demo_run "$BASE" poisson_v2 "serie_a ligue_1"
}

setup() {
    M="$BATS_TEST_TMPDIR/models"
    cp -a "$BASE/demo/models" "$M"
    OUT="$BATS_TEST_TMPDIR/out"
    mkdir -p "$OUT"
    cd "$BATS_TEST_TMPDIR"
}

artifact() { make -s -C "$PROJECT" artifact MODELS="$M" ARTIFACT_DIR="$OUT" "$@"; }

# The newest data.last_date of the registry (the name the archive takes).
newest() { jq -r .data.last_date "$M/registry.jsonl" | sort | tail -n 1; }

@test "the archive holds every file of the models directory, under models/ only" {
    run -0 artifact
    last=$(newest)
    a="$OUT/leaguefit-models-$last.tar.gz"
    [ -f "$a" ]
    [ "$(ls "$OUT")" = "leaguefit-models-$last.tar.gz" ]
    [[ "$output" == "artifact: $a (7 files, data up to $last)" ]]
    want=$(cd "$M" && find . -type f ! -path '*/.*' -printf 'models/%P\n' | LC_ALL=C sort)
    [ "$(tar -tzf "$a")" = "$want" ]
    v=$(cd "$M/serie_a/poisson_v2" && ls -d ????-??-??-????????)
    for f in registry.jsonl index.json index.html serie_a/poisson_v2/$v/poisson_model.json; do
        grep -qx "models/$f" <<<"$want"
    done
    ! tar -tzf "$a" | grep -v '^models/' || false
    ! tar -tzf "$a" | grep -E '(^|/)\.' || false
    # the contents are the files'
    mkdir x && tar -C x -xzf "$a"
    diff -r --exclude='.*' "$M" x/models
}

@test "two runs over the same models are byte-identical; owner 0, one mtime" {
    artifact
    a=$(ls "$OUT"/*.tar.gz)
    mv "$a" "$BATS_TEST_TMPDIR/first.tar.gz"
    touch "$M"/*/*/*/* "$M/registry.jsonl"
    chmod 600 "$M"/serie_a/poisson_v2/*/metrics.json
    artifact
    cmp "$BATS_TEST_TMPDIR/first.tar.gz" "$a"
    epoch=$(date -u -d "$(newest)" +%s)
    tar --numeric-owner --full-time -tvzf "$a" | awk -v d="$(date -u -d @"$epoch" '+%F %T')" \
        '$2 != "0/0" || $4 " " $5 != d || $1 != "-rw-r--r--" { print "bad member: " $0; bad = 1 }
         END { exit bad }'
    # gzip -n: no name and no time in the gzip header (bytes 4-7 are the time)
    [ "$(head -c 8 "$a" | od -An -tx1 | tr -d ' \n')" = 1f8b080000000000 ]
}

@test "SOURCE_DATE_EPOCH sets every mtime" {
    SOURCE_DATE_EPOCH=1700000000 artifact
    tar -tvzf "$(ls "$OUT"/*.tar.gz)" --full-time | awk '{ print $4, $5 }' | sort -u > times
    [ "$(cat times)" = "$(TZ=UTC date -d @1700000000 '+%F %T')" ]
}

@test "newest data from the registry, any depth of model directory, torn line skipped" {
    v="$M/serie_a/poisson_v2/2025-01-31-3f9a1c2b"
    mkdir -p "$v" && cp "$M"/serie_a/poisson_v2/????-??-??-????????/poisson_model.json "$v/"
    "$PROJECT/bin/registry-append" -r "$M/registry.jsonl" --model-type poisson_v2 \
        --league serie_a --version 2025-01-31-3f9a1c2b --first-date 2019-08-01 \
        --last-date 2025-01-31 --matches 100 --file "$v/poisson_model.json"
    printf '{"key":"torn","data":{"last_date":"2099-' >> "$M/registry.jsonl"
    run -0 artifact
    a="$OUT/leaguefit-models-2025-01-31.tar.gz"
    [ -f "$a" ]
    tar -tzf "$a" | grep -qx 'models/serie_a/poisson_v2/2025-01-31-3f9a1c2b/poisson_model.json'
}

@test "no registry: a clear error and no archive" {
    rm "$M/registry.jsonl"
    run artifact
    [ "$status" -ne 0 ]
    [[ "$output" == *"no $M/registry.jsonl: train models first"* ]]
    [ -z "$(ls "$OUT")" ]
}

@test "an archive is never replaced: other models of the same date take the next name, the same models none" {
    run -0 artifact
    last=$(newest)
    a="$OUT/leaguefit-models-$last.tar.gz"
    cp "$a" first.tar.gz
    # the same models again: nothing written
    run -0 artifact
    [[ "$output" == "artifact: $a already there, the same bytes (7 files, data up to $last)" ]]
    [ "$(ls -A "$OUT")" = "leaguefit-models-$last.tar.gz" ]
    # a model trained since, with no newer data: the next free name
    v=$(cd "$M/serie_a/poisson_v2" && ls -d ????-??-??-????????)
    mkdir -p "$M/ligue_1/draw_specialist/$v"
    echo '{}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact
    [[ "$output" == "artifact: $OUT/leaguefit-models-$last.2.tar.gz (8 files, data up to $last)" ]]
    cmp first.tar.gz "$a"
    tar -tzf "$OUT/leaguefit-models-$last.2.tar.gz" | grep -qx "models/ligue_1/draw_specialist/$v/draw_model.json"
    # and once more, so: .3; the one kept as it was each time
    echo '{"x":1}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact
    [[ "$output" == "artifact: $OUT/leaguefit-models-$last.3.tar.gz (8 files, data up to $last)" ]]
    cmp first.tar.gz "$a"
    [ "$(ls -A "$OUT" | wc -l)" -eq 3 ]
    # back to the models of .2: that archive is there, nothing written
    echo '{}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact
    [[ "$output" == "artifact: $OUT/leaguefit-models-$last.2.tar.gz already there, the same bytes (8 files, data up to $last)" ]]
    [ "$(ls -A "$OUT" | wc -l)" -eq 3 ]
}

@test "a job whose ARTIFACT_DIR is new, MODELS its cache: other models of the same date never take a name given before" {
    run -0 artifact ARTIFACT_DIR="$OUT/job1"
    last=$(newest)
    cp "$OUT/job1/leaguefit-models-$last.tar.gz" first.tar.gz
    # a model trained since, with no newer data; the next job's directory is new
    v=$(cd "$M/serie_a/poisson_v2" && ls -d ????-??-??-????????)
    mkdir -p "$M/ligue_1/draw_specialist/$v"
    echo '{}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact ARTIFACT_DIR="$OUT/job2"
    [[ "$output" == "artifact: $OUT/job2/leaguefit-models-$last.2.tar.gz (8 files, data up to $last)" ]]
    [ "$(ls -A "$OUT/job2")" = "leaguefit-models-$last.2.tar.gz" ]
    cp "$OUT/job2/leaguefit-models-$last.2.tar.gz" second.tar.gz
    # the same models in a third job: the same bytes under the name they had
    run -0 artifact ARTIFACT_DIR="$OUT/job3"
    [[ "$output" == "artifact: $OUT/job3/leaguefit-models-$last.2.tar.gz (8 files, data up to $last)" ]]
    cmp second.tar.gz "$OUT/job3/leaguefit-models-$last.2.tar.gz"
    # the names kept are not archived
    ! tar -tzf second.tar.gz | grep -F .artifacts || false
    # the first job's models again: its name, its bytes
    rm -r "$M/ligue_1/draw_specialist"
    run -0 artifact ARTIFACT_DIR="$OUT/job4"
    [[ "$output" == "artifact: $OUT/job4/leaguefit-models-$last.tar.gz (7 files, data up to $last)" ]]
    cmp first.tar.gz "$OUT/job4/leaguefit-models-$last.tar.gz"
    [ "$(wc -l < "$M/.artifacts")" -eq 2 ]
}

@test "ARTIFACT_DIR made where missing; one that is a file: a clear error, the file untouched" {
    run -0 artifact ARTIFACT_DIR="$OUT/dist/new"
    [ -f "$OUT/dist/new/leaguefit-models-$(newest).tar.gz" ]
    echo keep > "$OUT/file"
    run artifact ARTIFACT_DIR="$OUT/file"
    [ "$status" -ne 0 ]
    [[ "$output" == *"artifact: $OUT/file: not a directory it can write in"* ]]
    [ "$(cat "$OUT/file")" = keep ]
}

@test "a name freed since is not taken again: the next archive after the highest, the same bytes as any there none" {
    run -0 artifact
    last=$(newest)
    a="$OUT/leaguefit-models-$last"
    v=$(cd "$M/serie_a/poisson_v2" && ls -d ????-??-??-????????)
    mkdir -p "$M/ligue_1/draw_specialist/$v"
    echo '{}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact
    [[ "$output" == "artifact: $a.2.tar.gz (8 files, data up to $last)" ]]
    cp "$a.2.tar.gz" second.tar.gz
    rm "$a.tar.gz"
    # the models of .2 again: that archive is there, nothing written
    run -0 artifact
    [[ "$output" == "artifact: $a.2.tar.gz already there, the same bytes (8 files, data up to $last)" ]]
    [ "$(ls -A "$OUT")" = "leaguefit-models-$last.2.tar.gz" ]
    # other models: after .2, not in the name of the one removed
    echo '{"x":1}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    run -0 artifact
    [[ "$output" == "artifact: $a.3.tar.gz (8 files, data up to $last)" ]]
    [ "$(ls -A "$OUT" | tr '\n' ' ')" = "leaguefit-models-$last.2.tar.gz leaguefit-models-$last.3.tar.gz " ]
    cmp second.tar.gz "$a.2.tar.gz"
}

@test "a directory of an archive's name is passed over: the archive takes the next name" {
    last=$(newest)
    mkdir "$OUT/leaguefit-models-$last.tar.gz"
    run -0 artifact
    [[ "$output" == "artifact: $OUT/leaguefit-models-$last.2.tar.gz (7 files, data up to $last)" ]]
    [ -f "$OUT/leaguefit-models-$last.2.tar.gz" ]
    [ -z "$(ls -A "$OUT/leaguefit-models-$last.tar.gz")" ]
}

@test "a temp file left by a run killed after it published is not written through" {
    run -0 artifact
    last=$(newest)
    a="$OUT/leaguefit-models-$last.tar.gz"
    cp "$a" first.tar.gz
    v=$(cd "$M/serie_a/poisson_v2" && ls -d ????-??-??-????????)
    mkdir -p "$M/ligue_1/draw_specialist/$v"
    echo '{}' > "$M/ligue_1/draw_specialist/$v/draw_model.json"
    # the temp file of a killed run whose pid this run is given: a hard
    # link of the archive that run published
    run -0 bash -c 'ln "$1" "$2/.leaguefit-models-$3.$BASHPID.new" && cd "$4" &&
                    exec mk/artifact.sh "$5" "$2"' - "$a" "$OUT" "$last" "$PROJECT" "$M"
    [[ "$output" == "artifact: $OUT/leaguefit-models-$last.2.tar.gz (8 files, data up to $last)" ]]
    cmp first.tar.gz "$a"
}

@test "temp files of runs killed are swept, a live run's kept; ARTIFACT_DIR empty: a clear error" {
    sleep 60 3>&- & live=$!
    (exit 0) & dead=$!
    wait "$dead"
    last=$(newest)
    echo partial > "$OUT/.leaguefit-models-$last.$dead.new"
    echo writing > "$OUT/.leaguefit-models-$last.$live.new"
    run -0 artifact
    kill "$live"
    [ ! -e "$OUT/.leaguefit-models-$last.$dead.new" ]
    [ "$(cat "$OUT/.leaguefit-models-$last.$live.new")" = writing ]
    run artifact ARTIFACT_DIR=
    [ "$status" -eq 2 ]
    [[ "$output" == *"artifact: ARTIFACT_DIR is empty: give a directory (default .)"* ]]
}
