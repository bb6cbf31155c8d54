#!/usr/bin/env bats
# Every program's man page (man/*.1): its EXAMPLES run as printed, in the
# directory of a demo run (make all with no data/raw, here for two leagues:
# demo/data/ and demo/models/ as it leaves them, beside the project's
# data/leagues.csv),
# each page in its own copy, with the programs on PATH.

bats_require_minimum_version 1.5.0

load demo-run

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export DEMO="$BATS_FILE_TMPDIR/demo"
    demo_run "$DEMO" all "premier_league serie_a"
    mkdir -p "$DEMO/data" && cp "$PROJECT/data/leagues.csv" "$DEMO/data/"
}

# The shell lines of a page's EXAMPLES (.EX ... .EE), roff escapes undone.
examples_of() {
    sed -n '/^\.SH EXAMPLES/,/^\.SH /{/^\.EX$/,/^\.EE$/p}' "$1" | sed -e '/^\.E[XE]$/d' \
        -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' -e 's/\\e/\\/g' -e 's/\\&//g'
}

@test "the demo run trained the two leagues" {
    grep -q 'leaguefit: 6 trained' "$DEMO.out"
}

@test "the example extraction undoes roff escapes" {
    run -0 examples_of "$PROJECT/man/registry-append.1"
    [[ "$output" == *"registry-append -r registry.jsonl --model-type poisson_v2 \\"* ]]
    [[ "$output" == *"jq -R 'fromjson?' registry.jsonl | jq -s '{models: .}'"* ]]
}

@test "every man/*.1 EXAMPLES section runs as printed on the demo data" {
    failed=
    for page in "$PROJECT"/man/*.1; do
        name=$(basename "$page" .1)
        examples_of "$page" > "$BATS_TEST_TMPDIR/$name.sh"
        [ -s "$BATS_TEST_TMPDIR/$name.sh" ] || { failed="$failed $name(no examples)"; continue; }
        ! grep -q '\.\./' "$BATS_TEST_TMPDIR/$name.sh" || failed="$failed $name(path outside)"
        # Nor an absolute path but /dev/null: every run on the machine would
        # share what it names (leaguefit-step's run directory was /tmp/run).
        ! sed 's|/dev/null||g' "$BATS_TEST_TMPDIR/$name.sh" | grep -qE "(^|[[:space:]=<>'\"])/" ||
            failed="$failed $name(absolute path)"
        cp -a "$DEMO" "$BATS_TEST_TMPDIR/run-$name"
        if ! (cd "$BATS_TEST_TMPDIR/run-$name" && PATH="$PROJECT/bin:$PATH" \
              bash -eu -o pipefail "$BATS_TEST_TMPDIR/$name.sh") \
              > "$BATS_TEST_TMPDIR/$name.out" 2>&1; then
            failed="$failed $name"
            { echo "== $name"; cat "$BATS_TEST_TMPDIR/$name.sh"; tail -n 5 "$BATS_TEST_TMPDIR/$name.out"; }
        fi
    done
    [ -z "$failed" ] || { echo "failed:$failed"; return 1; }
    # leaguefit-step's example, in a run directory of its own: its model is
    # the first and only one done, and its steps' time its own.
    grep -qx '\[1/1\] poisson_v2 serie_a 2024-05-11-dd34329a: trained in [0-9.]* s' \
        "$BATS_TEST_TMPDIR/leaguefit-step.out"
}
