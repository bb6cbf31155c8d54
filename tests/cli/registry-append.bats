#!/usr/bin/env bats
# registry-append: the append-only JSON Lines registry (docs/design.md §4).

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    # REGISTRY_APPEND runs the suite on another build (sanitizers, valgrind).
    RA=${REGISTRY_APPEND:-$PROJECT/bin/registry-append}
    REG=$BATS_TEST_TMPDIR/registry.jsonl
    cd "$BATS_TEST_TMPDIR"
    printf '{"teams":["A","B"]}\n' > poisson_model.json
    printf '{"n":380}\n' > metrics.json
    export SOURCE_DATE_EPOCH=1714564800 # 2024-05-01T12:00:00Z
}

# One entry from flags; later flags override earlier ones (getopt).
append() {
    "$RA" -r "$REG" --model-type poisson_v2 --league serie_a \
        --first-date 2019-08-01 --last-date 2024-04-28 --matches 1900 \
        --file poisson_model.json --file metrics.json "$@"
}

# The line append() writes, with the digests sha256sum gives.
expected_line() {
    local model metrics
    model=$(sha256sum poisson_model.json | cut -d' ' -f1)
    metrics=$(sha256sum metrics.json | cut -d' ' -f1)
    printf '%s' '{"key":"poisson_v2_serie_a_v2","model_type":"poisson_v2",' \
        '"league":"serie_a","version":"v2","trained_date":"2024-05-01T12:00:00Z",' \
        '"status":"active","data":{"first_date":"2019-08-01",' \
        '"last_date":"2024-04-28","matches":1900},' \
        "\"files\":{\"metrics.json\":\"$metrics\",\"poisson_model.json\":\"$model\"}}"
}

# The same entry as a JSON document for --json.
entry_json() {
    jq -n --arg m "$(sha256sum poisson_model.json | cut -d' ' -f1)" \
        --arg x "$(sha256sum metrics.json | cut -d' ' -f1)" \
        '{model_type: "poisson_v2", league: "serie_a",
          data: {first_date: "2019-08-01", last_date: "2024-04-28", matches: 1900},
          files: {"poisson_model.json": $m, "metrics.json": $x}}'
}

# Runs --json on entry_json() changed by the jq filter $1.
append_json_edit() {
    entry_json | jq "$1" > entry.json
    run "$RA" -r "$REG" --json < entry.json
}

# ---- usage ----

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$RA" -h
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "usage: registry-append -r REGISTRY "* ]]
    [ -z "$stderr" ]
}

@test "no registry: usage on stderr, exit 2" {
    run --separate-stderr "$RA" --model-type m --league l
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ "$stderr" == "registry-append: -r REGISTRY is required"$'\n'"usage: "* ]]
}

@test "unknown option and stray operand: exit 2" {
    run -2 "$RA" -r "$REG" --frobnicate
    run -2 --separate-stderr append extra
    [[ "$stderr" == "registry-append: unexpected argument"* ]]
    [ ! -e "$REG" ]
}

@test "--data-from takes the dates and matches from a model file's data member" {
    printf '{"data":{"first_date":"2019-08-01","last_date":"2024-04-28","matches":1900,"cutoff":null},"teams":["A","B"]}\n' \
        > poisson_model.json
    run "$RA" -r "$REG" --model-type poisson_v2 --league serie_a --data-from poisson_model.json \
        --file poisson_model.json --file metrics.json
    [ "$status" -eq 0 ]
    [ "$(cat "$REG")" = "$(expected_line)" ]
    run -2 --separate-stderr "$RA" -r "$REG" --model-type poisson_v2 --league la_liga \
        --data-from poisson_model.json --matches 3 --file poisson_model.json
    [[ "$stderr" == "registry-append: --data-from gives the data: no --first-date, --last-date or --matches"* ]]
    printf '{"data":{"first_date":"2019-08-01","matches":1900}}\n' > bad_model.json
    run -1 --separate-stderr "$RA" -r "$REG" --model-type poisson_v2 --league la_liga \
        --data-from bad_model.json --file poisson_model.json
    [[ "$stderr" == "registry-append: bad_model.json: "*"last_date"* ]]
    [ "$(wc -l < "$REG")" -eq 1 ]
}

@test "a backfill's cutoff (its data cut before a date) is recorded in the line's data, checked" {
    printf '{"data":{"first_date":"2019-08-01","last_date":"2024-04-28","matches":1900,"cutoff":"2024-05-01"}}\n' \
        > poisson_model.json
    run -0 "$RA" -r "$REG" --model-type poisson_v2 --league serie_a --version 2024-04-28-aaaaaaaa \
        --data-from poisson_model.json --file poisson_model.json
    [ "$(jq -c .data "$REG")" = '{"first_date":"2019-08-01","last_date":"2024-04-28","matches":1900,"cutoff":"2024-05-01"}' ]
    printf '{"data":{"first_date":"2019-08-01","last_date":"2024-04-28","matches":1900,"cutoff":"2024-04-28"}}\n' \
        > cut.json
    run -1 --separate-stderr "$RA" -r "$REG" --model-type poisson_v2 --league la_liga --data-from cut.json \
        --file poisson_model.json
    [ "$stderr" = "registry-append: cutoff 2024-04-28 is not after last_date 2024-04-28" ]
    printf '{"model_type":"poisson_v2","league":"ligue_1","data":{"first_date":"2019-08-01","last_date":"2024-04-28","matches":3,"cutoff":"2024-13-01"},"files":{"a.json":"%s"}}' \
        "$(printf '%064d' 0)" > entry.json
    run -1 --separate-stderr "$RA" -r "$REG" --json < entry.json
    [ "$stderr" = "registry-append: invalid cutoff '2024-13-01' (want YYYY-MM-DD)" ]
    [ "$(wc -l < "$REG")" -eq 1 ]
}

@test "missing entry flag: exit 2, nothing written" {
    run -2 --separate-stderr "$RA" -r "$REG" --model-type m --league l \
        --first-date 2020-01-01 --last-date 2020-02-01 --file metrics.json
    [[ "$stderr" == *"--matches and --file are required (or --json)"* ]]
    [ ! -e "$REG" ]
}

@test "--json with entry flags: exit 2" {
    run -2 --separate-stderr "$RA" -r "$REG" --json --league serie_a < /dev/null
    [[ "$stderr" == "registry-append: --json takes the whole entry from stdin"* ]]
}

# ---- the line ----

@test "append from flags: the exact line, files ordered by name" {
    run --separate-stderr append
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
    [ "$(cat "$REG")" = "$(expected_line)" ]
    [ "$(wc -l < "$REG")" -eq 1 ]
    [ "$(stat -c %a "$REG")" = 644 ]
}

@test "append from --json gives the same line as from flags" {
    entry_json > entry.json
    run --separate-stderr "$RA" -r "$REG" --json < entry.json
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ "$(cat "$REG")" = "$(expected_line)" ]
}

@test "--json: version and status given; large matches stay exact" {
    append_json_edit '.version = "v3" | .status = "retired"
                      | .data.matches = 9007199254740992'
    [ "$status" -eq 0 ]
    [ "$(jq -r '[.key, .version, .status] | join(" ")' "$REG")" = \
        "poisson_v2_serie_a_v3 v3 retired" ]
    grep -q '"matches":9007199254740992}' "$REG"
}

@test "sha256 of a binary file matches sha256sum" {
    head -c 300007 /dev/urandom > big.bin
    run append --file big.bin
    [ "$status" -eq 0 ]
    [ "$(jq -r '.files["big.bin"]' "$REG")" = "$(sha256sum big.bin | cut -d' ' -f1)" ]
}

@test "digests equal sha256sum's at block and read-buffer boundaries" {
    for n in 0 55 56 63 64 65535 65536 65537; do
        head -c "$n" /dev/urandom > "f$n.bin"
    done
    run append $(for n in 0 55 56 63 64 65535 65536 65537; do echo --file "f$n.bin"; done)
    [ "$status" -eq 0 ]
    for n in 0 55 56 63 64 65535 65536 65537; do
        [ "$(jq -r --arg f "f$n.bin" '.files[$f]' "$REG")" = \
          "$(sha256sum "f$n.bin" | cut -d' ' -f1)" ] || { echo "f$n.bin differs"; return 1; }
    done
}

@test "a file is recorded under its basename" {
    mkdir -p models/serie_a && cp metrics.json models/serie_a/extra.json
    run append --file "$BATS_TEST_TMPDIR/models/serie_a/extra.json"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.files | keys | join(",")' "$REG")" = \
        "extra.json,metrics.json,poisson_model.json" ]
}

# ---- append-only, idempotent ----

@test "second append of the same key: message, exit 3 (another run's first), file byte-identical" {
    append
    cp "$REG" before
    run --separate-stderr append --matches 2000 --status retired
    [ "$status" -eq 3 ]
    [ "$stderr" = "registry-append: poisson_v2_serie_a_v2: already registered" ]
    cmp before "$REG"
}

@test "other keys are appended after the existing lines" {
    append
    cp "$REG" before
    append --league la_liga
    append --version v3
    [ "$(jq -r .key "$REG" | paste -sd' ')" = \
        "poisson_v2_serie_a_v2 poisson_v2_la_liga_v2 poisson_v2_serie_a_v3" ]
    cmp before <(head -c "$(stat -c %s before)" "$REG")
}

# ---- trained_date ----

@test "SOURCE_DATE_EPOCH sets trained_date" {
    SOURCE_DATE_EPOCH=0 append --league a
    SOURCE_DATE_EPOCH=951825599 append --league b
    SOURCE_DATE_EPOCH=253402300799 append --league c
    [ "$(jq -r .trained_date "$REG" | paste -sd' ')" = \
        "1970-01-01T00:00:00Z 2000-02-29T11:59:59Z 9999-12-31T23:59:59Z" ]
}

@test "without SOURCE_DATE_EPOCH trained_date is now, in UTC" {
    unset SOURCE_DATE_EPOCH
    # date(1) and registry-append both read clock_gettime(CLOCK_REALTIME):
    # registry-append once used time(), which lags it by up to a timer tick
    # and named the second before $before when run just after a second began.
    before=$(date -u +%s)
    TZ=Asia/Tokyo append
    after=$(date -u +%s)
    stamp=$(jq -r .trained_date "$REG")
    [[ "$stamp" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]
    t=$(date -u -d "$stamp" +%s)
    [ "$t" -ge "$before" ]
    [ "$t" -le "$after" ]
}

@test "bad SOURCE_DATE_EPOCH: exit 1, nothing written" {
    for bad in '' abc -1 +5 ' 5' 1.5 0x10 253402300800 99999999999999999999; do
        SOURCE_DATE_EPOCH=$bad run -1 --separate-stderr append
        [ "$stderr" = "registry-append: SOURCE_DATE_EPOCH: invalid value '$bad' (want seconds since 1970-01-01T00:00:00Z)" ]
    done
    [ ! -e "$REG" ]
}

# ---- bad entries ----

@test "bad dates: exit 1, nothing written" {
    run -1 --separate-stderr append --first-date 2023-02-29
    [ "$stderr" = "registry-append: invalid first_date '2023-02-29' (want YYYY-MM-DD)" ]
    run -1 --separate-stderr append --last-date 2024-4-28
    [ "$stderr" = "registry-append: invalid last_date '2024-4-28' (want YYYY-MM-DD)" ]
    run -1 --separate-stderr append --first-date 2024-05-01
    [ "$stderr" = "registry-append: first_date 2024-05-01 is after last_date 2024-04-28" ]
    [ ! -e "$REG" ]
}

@test "bad names and match counts: exit 1, nothing written" {
    run -1 --separate-stderr append --league 'serie a'
    [ "$stderr" = "registry-append: invalid league 'serie a' (want [A-Za-z0-9_.-]+)" ]
    run -1 append --league ..
    run -1 append --model-type ''
    run -1 append --version v2/x
    run -1 append --status 'gone!'
    for bad in -1 1.5 12x '' 9007199254740993; do
        run -1 --separate-stderr append --matches "$bad"
        [ "$stderr" = "registry-append: invalid matches '$bad' (want a non-negative integer)" ]
    done
    [ ! -e "$REG" ]
}

@test "bad model files: missing, a directory, two with one name" {
    run -1 --separate-stderr append --file nope.json
    [ "$stderr" = "registry-append: nope.json: No such file or directory" ]
    mkdir -p d/e && cp metrics.json d/
    run -1 --separate-stderr append --file d
    [ "$stderr" = "registry-append: d: read error: Is a directory" ]
    run -1 --separate-stderr append --file d/metrics.json
    [ "$stderr" = "registry-append: two files named 'metrics.json'" ]
    run -1 --separate-stderr append --file d/
    [ "$stderr" = "registry-append: d/: read error: Is a directory" ]
    [ ! -e "$REG" ]
}

@test "--json: invalid JSON, trailing junk, not an object" {
    run -1 --separate-stderr "$RA" -r "$REG" --json < <(printf '{"model_type": ')
    [ "$stderr" = "registry-append: /dev/stdin:1: invalid JSON" ]
    run -1 --separate-stderr "$RA" -r "$REG" --json < <(printf '{\n"league": \n}')
    [ "$stderr" = "registry-append: /dev/stdin:3: invalid JSON" ]
    run -1 --separate-stderr "$RA" -r "$REG" --json <<< '{} {}'
    [ "$stderr" = "registry-append: /dev/stdin:1: invalid JSON" ]
    run -1 --separate-stderr "$RA" -r "$REG" --json <<< '["poisson_v2"]'
    [ "$stderr" = "registry-append: /dev/stdin: not a JSON object" ]
    run -1 "$RA" -r "$REG" --json < /dev/null
    [ ! -e "$REG" ]
}

@test "--json: missing members" {
    append_json_edit 'del(.league)'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: missing member 'league'" ]
    append_json_edit 'del(.data)'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: missing member 'data'" ]
    append_json_edit 'del(.data.matches)'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: missing member 'matches'" ]
    append_json_edit 'del(.files)'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: missing member 'files'" ]
    append_json_edit '.files = {}'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: no model files given" ]
    [ ! -e "$REG" ]
}

@test "--json: wrong types, unknown and repeated members, bad digests" {
    append_json_edit '.league = 7'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: member 'league' is not a string" ]
    append_json_edit '.version = null'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: member 'version' is not a string" ]
    append_json_edit '.data = [1]'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: member 'data' is not an object" ]
    for m in '"12"' 1.5 -1 1e300 9007199254740994; do
        append_json_edit ".data.matches = $m"
        [ "$status" -eq 1 ]
        [[ "$output" == "registry-append: /dev/stdin: member 'matches' is not a"* ]]
    done
    append_json_edit '.data.first_date = "01/08/2019"'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: invalid first_date '01/08/2019' (want YYYY-MM-DD)" ]
    append_json_edit '.Model_type = "x"'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: unknown member 'Model_type' in the entry" ]
    append_json_edit '.data.seasons = 5'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: unknown member 'seasons' in data" ]
    append_json_edit '.key = "x_y_v2"'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: /dev/stdin: unknown member 'key' in the entry" ]
    append_json_edit '.files["metrics.json"] = "ABC"'
    [ "$status" -eq 1 ]
    [[ "$output" == *"files member 'metrics.json': invalid sha256 'ABC'"* ]]
    append_json_edit '.files["metrics.json"] |= ascii_upcase'
    [ "$status" -eq 1 ]
    [[ "$output" == *"invalid sha256"* ]]
    append_json_edit '.files["../x"] = .files["metrics.json"]'
    [ "$status" -eq 1 ]
    [ "$output" = "registry-append: invalid file name '../x' (want [A-Za-z0-9_.-]+)" ]
    entry_json | jq -c . | sed 's/^{/{"league":"la_liga",/' > entry.json
    run -1 "$RA" -r "$REG" --json < entry.json
    [ "$output" = "registry-append: /dev/stdin: member 'league' repeated in the entry" ]
    [ ! -e "$REG" ]
}

# ---- torn and foreign lines ----

@test "torn last line: skipped and said so, sealed off, never modified" {
    append --league la_liga
    printf '{"key":"poisson_v2_serie_a_v2","model_ty' >> "$REG"
    cp "$REG" before
    run --separate-stderr append
    [ "$status" -eq 0 ]
    [ "$stderr" = "registry-append: $REG:2: torn last line (an interrupted append), skipped" ]
    # The old bytes are untouched; the new line starts after a '\n'.
    cmp before <(head -c "$(stat -c %s before)" "$REG")
    [ "$(sed -n 3p "$REG")" = "$(expected_line)" ]
    [ "$(wc -l < "$REG")" -eq 3 ]
    [ "$(jq -R -r 'fromjson? | .key' "$REG" | paste -sd' ')" = \
        "poisson_v2_la_liga_v2 poisson_v2_serie_a_v2" ]
    # Once sealed it is a damaged line in the middle: named on each read.
    run --separate-stderr append --league ligue_1
    [ "$status" -eq 0 ]
    [ "$stderr" = "registry-append: $REG:2: unparsable line skipped" ]
    [ "$(jq -R -c 'fromjson? // empty' "$REG" | wc -l)" -eq 3 ]
}

@test "a complete last entry without a final newline counts" {
    append
    truncate -s -1 "$REG"
    cp "$REG" before
    run -3 --separate-stderr append
    [ "$stderr" = "registry-append: poisson_v2_serie_a_v2: already registered" ]
    cmp before "$REG"
    append --league la_liga
    [ "$(jq -r .key "$REG" | paste -sd' ')" = \
        "poisson_v2_serie_a_v2 poisson_v2_la_liga_v2" ]
}

@test "foreign lines: blank skipped, non-objects named, key-less ignored" {
    printf '\n[1,2]\n{"key":7}\n  \n{"nokey":true}\n' > "$REG"
    run --separate-stderr append
    [ "$status" -eq 0 ]
    [ "$stderr" = "registry-append: $REG:2: not a JSON object, line skipped" ]
    [ "$(tail -n 1 "$REG")" = "$(expected_line)" ]
}

# ---- I/O errors ----

@test "unusable registry paths: exit 1 with the reason" {
    run -1 --separate-stderr append -r "$BATS_TEST_TMPDIR/no/such/dir/reg.jsonl"
    [ "$stderr" = "registry-append: $BATS_TEST_TMPDIR/no/such/dir/reg.jsonl: No such file or directory" ]
    mkdir regdir
    run -1 --separate-stderr append -r regdir
    [ "$stderr" = "registry-append: regdir: Is a directory" ]
    run -1 --separate-stderr append -r /dev/null
    [ "$stderr" = "registry-append: /dev/null: not a regular file" ]
    run -1 --separate-stderr append -r /dev/full
    [ "$stderr" = "registry-append: /dev/full: not a regular file" ]
    # Others cannot open it; root can, and then the write fails.
    run -1 --separate-stderr append -r /proc/version
    [[ "${stderr##*$'\n'}" == "registry-append: /proc/version: "* ]]
}

@test "a failed write (file size limit) exits 1 and leaves the file readable" {
    append --league la_liga
    # Pad the registry to exactly the 1 KiB limit; the next write must fail.
    printf '%*s\n' $((1023 - $(stat -c %s "$REG"))) '' >> "$REG"
    cp "$REG" before
    run -1 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 1; "$@"' _ \
        "$RA" -r "$REG" --model-type m --league l --first-date 2020-01-01 \
        --last-date 2020-01-02 --matches 1 --file metrics.json
    [ "$stderr" = "registry-append: $REG: write error: File too large" ]
    cmp before "$REG"
}

@test "a write cut short by the limit: torn line skipped, then sealed off" {
    append --league la_liga
    printf '%*s\n' $((999 - $(stat -c %s "$REG"))) '' >> "$REG" # 1000 bytes
    run -1 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 1; "$@"' _ \
        "$RA" -r "$REG" --model-type poisson_v2 --league serie_a \
        --first-date 2019-08-01 --last-date 2024-04-28 --matches 1900 \
        --file poisson_model.json --file metrics.json
    [ "$stderr" = "registry-append: $REG: write error: File too large" ]
    [ "$(stat -c %s "$REG")" -eq 1024 ] # 24 bytes of the line got in
    [ "$(tail -c 1 "$REG")" != "" ]     # so no final newline
    # The torn entry is not registered: the same key goes in, on a new line.
    run -0 --separate-stderr append
    [[ "$stderr" == "registry-append: $REG:"*": torn last line (an interrupted append), skipped" ]]
    [ "$(tail -n 1 "$REG")" = "$(expected_line)" ]
    [ "$(jq -R -r 'fromjson? | .key' "$REG" | paste -sd' ')" = \
        "poisson_v2_la_liga_v2 poisson_v2_serie_a_v2" ]
}

# ---- reinstatements ----

A=2024-04-28-aaaaaaaa
B=2024-04-28-bbbbbbbb

# The reinstatement of serie_a's poisson_v2 of version $1.
reinstate() { "$RA" -r "$REG" --reinstate --model-type poisson_v2 --league serie_a --version "$@"; }
keys() { jq -r .key "$REG" | paste -sd' '; }

@test "--reinstate: the exact line, only when another version of the date or a later one came after, numbered" {
    append --version "$A"
    append --version 2024-04-21-cccccccc
    run -0 --separate-stderr reinstate "$A"
    [ -z "$output$stderr" ]
    [ "$(keys)" = "poisson_v2_serie_a_$A poisson_v2_serie_a_2024-04-21-cccccccc" ]
    append --version "$B"
    append --version "$A" --league la_liga
    cp "$REG" before
    run -0 --separate-stderr reinstate "$A"
    [ -z "$output$stderr" ]
    [ "$(tail -n 1 "$REG")" = \
      "{\"key\":\"poisson_v2_serie_a_$A@reinstated-1\",\"event\":\"reinstated\",\"model_type\":\"poisson_v2\",\"league\":\"serie_a\",\"version\":\"$A\",\"date\":\"2024-05-01T12:00:00Z\",\"newest\":\"of all dates\"}" ]
    cmp -n "$(stat -c %s before)" before "$REG"
    # Again: the newest already, nothing written.
    cp "$REG" before
    run -0 reinstate "$A"
    cmp before "$REG"
    reinstate "$B"
    reinstate "$A"
    [ "$(keys | tr ' ' '\n' | grep @ | paste -sd' ')" = \
      "poisson_v2_serie_a_$A@reinstated-1 poisson_v2_serie_a_$B@reinstated-1 poisson_v2_serie_a_$A@reinstated-2" ]
}

@test "--reinstate: a version not registered, or no registry: exit 1, nothing written" {
    run --separate-stderr reinstate "$A"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "registry-append: $REG: No such file or directory" ]]
    [ ! -e "$REG" ]
    append --version "$B"
    cp "$REG" before
    run --separate-stderr reinstate "$A"
    [ "$status" -eq 1 ]
    [ "$stderr" = "registry-append: poisson_v2_serie_a_$A: not registered: only a registered version is made the newest again" ]
    cmp before "$REG"
}

@test "--reinstate: usage errors exit 2" {
    for args in "--version v2" "" "--version 2024-02-30-aaaaaaaa" "--version $A --file metrics.json" \
                "--version $A --json" "--version $A --status x" "--version $A --matches 3"; do
        run --separate-stderr "$RA" -r "$REG" --reinstate --model-type poisson_v2 --league serie_a $args
        [ "$status" -eq 2 ] || { echo "$args: $status"; false; }
        [[ "$stderr" == "registry-append: --reinstate"* ]]
    done
    run --separate-stderr "$RA" -r "$REG" --reinstate --league serie_a --version "$A"
    [ "$status" -eq 2 ]
    [ ! -e "$REG" ]
}

# ---- concurrency ----

@test "the key is checked under the lock, which other writers share" {
    append --league la_liga
    # flock(1) holds the registry's lock and, still holding it, registers
    # the key we are about to append: we must wait, then find it there.
    flock "$REG" bash -c 'touch locked; sleep 1; printf "%s\n" "$1" >> "$2"' \
        _ "$(expected_line)" "$REG" &
    holder=$!
    until [ -e locked ]; do sleep 0.01; done
    run -3 --separate-stderr append
    wait "$holder"
    [ "$stderr" = "registry-append: poisson_v2_serie_a_v2: already registered" ]
    [ "$(jq -r .key "$REG" | paste -sd' ')" = \
        "poisson_v2_la_liga_v2 poisson_v2_serie_a_v2" ]
}

@test "16 racing appenders: one line per key, none torn or interleaved" {
    # 16 processes race on the same 25 keys, then each appends 25 keys of
    # its own: 25 + 16 x 25 distinct keys, each shared one refused 15 times.
    # 2000 entries already there make each key check long enough that,
    # without the lock, two processes do register the same key.
    seq 1 2000 | jq -c '{key: "pre_\(.)", model_type: "pre"}' > "$REG"
    for p in $(seq 1 16); do
        (
            until [ -e go ]; do :; done # start together
            for i in $(seq 1 25); do
                append --league "shared_$i" || [ $? -eq 3 ] || exit 1
            done
            for i in $(seq 1 25); do
                append --league "own${p}_$i" || exit 1
            done
        ) 2> "err.$p" &
        pids+=($!)
    done
    touch go
    for pid in "${pids[@]}"; do wait "$pid"; done
    [ "$(wc -l < "$REG")" -eq 2425 ]
    [ "$(jq -R -c 'fromjson? // empty' "$REG" | wc -l)" -eq 2425 ]
    [ -z "$(jq -r .key "$REG" | sort | uniq -d)" ]
    [ "$(jq -r .key "$REG" | grep -c '^poisson_v2_shared_[0-9]*_v2$')" -eq 25 ]
    [ "$(cat err.* | grep -c ': already registered$')" -eq 375 ]
    [ "$(cat err.* | wc -l)" -eq 375 ]
}

# ---- memory ----

@test "valgrind: no leaks or memory errors" {
    command -v valgrind > /dev/null || skip "valgrind not installed"
    ! grep -q __asan_init "$RA" || skip "an AddressSanitizer build"
    vg() {
        valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$@"
    }
    run vg "$RA" -r "$REG" --model-type m --league l --first-date 2020-01-01 \
        --last-date 2020-01-02 --matches 1 --file metrics.json
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    entry_json > entry.json
    run vg "$RA" -r "$REG" --json < entry.json
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run vg "$RA" -r "$REG" --json < entry.json
    [ "$status" -eq 3 ]
    [ "$output" = "registry-append: poisson_v2_serie_a_v2: already registered" ]
    append --version "$A"
    append --version "$B"
    run vg "$RA" -r "$REG" --reinstate --model-type poisson_v2 --league serie_a --version "$A"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "$(jq -r .event "$REG" | tail -n 1)" = reinstated ]
}
