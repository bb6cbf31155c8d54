#!/usr/bin/env bats
# The project explains itself: docs/design.md covers every program, every
# file the pipeline writes and SAFE MODE; README.md points there, and the
# documents name no file outside the repository.

setup() {
    PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    DESIGN="$PROJECT/docs/design.md"
}

@test "design.md names every program with what it reads and writes" {
    for f in "$PROJECT"/src/*.c "$PROJECT"/src/*.sh; do
        p=$(basename "${f%.*}")
        grep -q "^| $p | " "$DESIGN" || { echo "design.md: no row for $p"; return 1; }
    done
}

@test "design.md describes every file of a model directory and the pipeline's other files" {
    # the FILES_<type> lists of pipeline.mk (a list may go on over lines)
    files=$(sed -n '/^FILES_/,/[^\\]$/p' "$PROJECT/pipeline.mk" | grep -o '[a-z0-9_]*\.json' | sort -u)
    [ "$(wc -l <<<"$files")" -ge 7 ]
    for f in $files registry.jsonl index.json index.html fixtures.csv; do
        grep -q -- "$f" "$DESIGN" || { echo "design.md: no $f"; return 1; }
    done
    for h in "Canonical fixtures CSV" "metrics.json" "A registry line" "index.json" \
             "SAFE MODE" "Data flow" "Model versions"; do
        grep -q "^#.*$h" "$DESIGN" || { echo "design.md: no section '$h'"; return 1; }
    done
}

@test "README points to docs/design.md; documents name no file outside the repository" {
    grep -q 'docs/design.md' "$PROJECT/README.md"
    for doc in "$PROJECT/README.md" "$PROJECT"/docs/*.md "$PROJECT"/man/*; do
        ! grep -n 'DESIGN\.md\|DESIGN §\|\.\./shared\|seed/' "$doc" || { echo "in $doc"; return 1; }
    done
    # every docs/*.md they name exists
    for f in $(grep -ho 'docs/[a-z-]*\.md' "$PROJECT/README.md" "$DESIGN" | sort -u); do
        [ -f "$PROJECT/$f" ] || { echo "missing $f"; return 1; }
    done
}
