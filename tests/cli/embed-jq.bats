#!/usr/bin/env bats
# mk/embed-jq.sh: a script's jq programs, files of their own in the tree,
# put in place of their @NAME@ lines when the script is built; and the
# built leaguefit-report holds its programs as they are in the tree.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    EMBED="$PROJECT/mk/embed-jq.sh"
    cd "$BATS_TEST_TMPDIR"
    mkdir jq
    printf '.a\n| .b # a comment\n' > jq/p.jq
    printf '#!/bin/sh\nprog() {\n    cat <<'"'"'JQ'"'"'\n@p.jq@\nJQ\n}\njq -n -c "{a: {b: 1}} | $(prog)"\n' > s.sh
}

@test "an @NAME@ line becomes the file's lines, the rest as it is" {
    run -0 "$EMBED" jq s.sh
    [ "${lines[3]}" = ".a" ]
    [ "${lines[4]}" = "| .b # a comment" ]
    [ "${#lines[@]}" -eq 8 ]
    [ "$(sed -n '1,3p;6,$p' <<< "$output")" = "$(sed '/^@p.jq@$/d' s.sh)" ]
    printf '%s\n' "$output" > built.sh
    command -v jq > /dev/null || skip "no jq"
    run -0 sh built.sh
    [ "$output" = 1 ]
}

@test "a named program without its file: an error, nothing printed" {
    rm jq/p.jq
    run -1 --separate-stderr "$EMBED" jq s.sh
    [ -z "$output" ]
    [[ "$stderr" == *"s.sh: no jq/p.jq"* ]]
}

@test "a program with a line JQ, which would end its here-document: an error" {
    printf '.a\nJQ\n' > jq/p.jq
    run -1 --separate-stderr "$EMBED" jq s.sh
    [ -z "$output" ]
    [[ "$stderr" == *"jq/p.jq: a line 'JQ' would end its here-document"* ]]
}

@test "bin/leaguefit-report holds the programs of src/leaguefit-report/ and no @NAME@ line" {
    [ -x "$PROJECT/bin/leaguefit-report" ] || skip "not built"
    ! grep -qx '@[A-Za-z0-9_.-]*@' "$PROJECT/bin/leaguefit-report" || false
    for f in "$PROJECT"/src/leaguefit-report/*.jq; do
        grep -qxF -- "$(head -n 1 "$f")" "$PROJECT/bin/leaguefit-report"
        grep -qxF -- "$(tail -n 1 "$f")" "$PROJECT/bin/leaguefit-report"
    done
}
