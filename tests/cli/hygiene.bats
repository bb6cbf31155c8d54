#!/usr/bin/env bats
# Repository hygiene: git ignores everything the build and the pipeline
# write (.gitignore, and the .gitignore the pipeline puts in an output
# directory it creates); make distclean removes build outputs and
# intermediate data, never a model or the registry; the tests' assertions
# can fail.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
}

@test "git ignores the pipeline's inputs, caches and outputs, not the sources" {
    git -C "$PROJECT" rev-parse --is-inside-work-tree > /dev/null 2>&1 ||
        skip "not a git checkout"
    for f in data/raw/E0/2324.csv data/fixtures.csv data/leagues/serie_a.csv \
             data/features/serie_a.csv data/demo/serie_a.csv data/leagues.txt \
             data/sources.txt data/.status-before.123 data/fixtures.csv.123.new \
             data/import/x.csv data/versions/serie_a/current data/failed.tsv data/merge.failed \
             data/.run.12/times \
             data/played/serie_a.csv data/played.lock data/.runs.lock \
             demo/data/fixtures.csv demo/models/registry.jsonl \
             models/registry.jsonl models/serie_a/poisson_v2/poisson_model.json \
             models/index.html predictions/serie_a.csv \
             leaguefit-models-2024-05-19.tar.gz bin/fit-poisson build/lib/csvrows.o \
             build-asan/tree/x bin-asan/predict build-fuzz/fuzz_csv; do
        git -C "$PROJECT" check-ignore -q --no-index "$f" || { echo "not ignored: $f"; return 1; }
    done
    for f in data/leagues.csv src/fit-poisson.c mk/artifact.mk man/predict.1 docs/design.md; do
        ! git -C "$PROJECT" check-ignore -q --no-index "$f" || { echo "ignored: $f"; return 1; }
    done
}

@test "a MODELS, WORK and ARTIFACT_DIR the pipeline creates in the tree are ignored by git; others left alone" {
    tree="$BATS_TEST_TMPDIR/tree"
    mkdir -p "$tree" "$BATS_TEST_TMPDIR/no-raw-data"
    # a copy of the project, programs included (their mtimes kept: nothing rebuilds)
    (cd "$PROJECT" && tar --exclude=./.git --exclude=./models --exclude=./data/raw \
        --exclude=./build-asan --exclude=./bin-asan --exclude=./build-fuzz -cf - .) |
        tar -C "$tree" -xf -
    git -C "$tree" init -q
    run -0 make -C "$tree" poisson_v2 LEAGUES=serie_a MODELS=out/nightly WORK=out/work DEMO=1
    [ -s "$(echo "$tree"/out/nightly/serie_a/poisson_v2/*/poisson_model.json)" ]
    [ -z "$(git -C "$tree" status --porcelain --untracked-files=all out)" ]
    # outside the tree, or existing already: the user's, no .gitignore written
    run -0 make -C "$tree" poisson_v2 LEAGUES=serie_a MODELS="$BATS_TEST_TMPDIR/elsewhere" \
        WORK=out/work DEMO=1
    [ -s "$BATS_TEST_TMPDIR/elsewhere/registry.jsonl" ]
    [ ! -e "$BATS_TEST_TMPDIR/elsewhere/.gitignore" ]
    mkdir "$tree/mine"
    run -0 make -C "$tree" poisson_v2 LEAGUES=serie_a MODELS=mine WORK=out/work DEMO=1
    [ -s "$tree/mine/registry.jsonl" ]
    [ ! -e "$tree/mine/.gitignore" ]
    [ -n "$(git -C "$tree" status --porcelain --untracked-files=all mine)" ]
    # a WORK that make status makes first (its data step) is the pipeline's too
    run -0 make -C "$tree" -s status LEAGUES=serie_a MODELS=out/nightly WORK=status-work \
        DATA="$tree/out/work/simulated"
    [ -s "$tree/status-work/fixtures.csv" ]
    [ -z "$(git -C "$tree" status --porcelain --untracked-files=all status-work)" ]
    # an ARTIFACT_DIR that make artifact makes in the tree is the pipeline's too
    run -0 make -C "$tree" -s artifact MODELS=out/nightly ARTIFACT_DIR=dist/nightly
    [ -s "$(echo "$tree"/dist/nightly/leaguefit-models-*.tar.gz)" ]
    [ -z "$(git -C "$tree" status --porcelain --untracked-files=all dist)" ]
    run -0 make -C "$tree" -s artifact MODELS=out/nightly ARTIFACT_DIR=mine
    [ ! -e "$tree/mine/.gitignore" ]
}

@test "an output directory that cannot be made stops the run before it starts" {
    cd "$BATS_TEST_TMPDIR"
    touch models
    run make -C "$PROJECT" poisson_v2 LEAGUES=serie_a MODELS="$PWD/models" WORK="$PWD/work" DEMO=1
    [ "$status" -ne 0 ]
    [[ "$output" == *"$PWD/models"*": File exists"* ]]
    [[ "$output" != *"leaguefit: training"* ]]
    [ ! -e work ]
}

@test "make distclean: build outputs and intermediate data go, models and registry stay" {
    tree="$BATS_TEST_TMPDIR/tree"
    mkdir -p "$tree/data"
    cp -a "$PROJECT/Makefile" "$PROJECT/pipeline.mk" "$PROJECT/mk" "$tree/"
    cp "$PROJECT/data/leagues.csv" "$tree/data/"
    cd "$tree"
    mkdir -p build/lib build/tests bin build-asan bin-asan build-fuzz \
             data/raw/E0 data/leagues data/features data/demo data/import data/played \
             data/versions/serie_a demo/data/versions/serie_a demo/models/serie_a/poisson_v2/v \
             models/serie_a/poisson_v2 models/.registered
    touch build/lib/csvrows.o build/tests/test_dc bin/fit-poisson bin/leaguefit-report \
          build-asan/x.o bin-asan/predict build-fuzz/fuzz_csv \
          data/fixtures.csv data/leagues.txt data/sources.txt data/.status-before.1 \
          data/fixtures.csv.1.new data/leagues/serie_a.csv data/features/serie_a.csv \
          data/demo/serie_a.csv data/raw/E0/2324.csv data/failed.tsv data/merge.failed data/import/x.csv \
          data/played/serie_a.csv data/played.lock data/.runs.lock \
          data/versions/serie_a/2024-05-11-dd34329a.csv demo/data/fixtures.csv \
          demo/data/versions/serie_a/current demo/models/serie_a/poisson_v2/v/metrics.json \
          models/serie_a/poisson_v2/poisson_model.json models/serie_a/poisson_v2/metrics.json \
          models/registry.jsonl models/index.json models/index.html \
          models/.registered/poisson_v2_serie_a_v2
    run -0 make distclean
    for gone in build build-asan bin-asan build-fuzz bin/fit-poisson bin/leaguefit-report \
                data/fixtures.csv data/leagues.txt data/sources.txt data/.status-before.1 \
                data/fixtures.csv.1.new data/leagues data/features data/demo \
                data/failed.tsv data/merge.failed data/import data/versions data/played data/played.lock \
                data/.runs.lock demo/data/fixtures.csv demo/data/versions; do
        [ ! -e "$gone" ] || { echo "left: $gone"; return 1; }
    done
    for kept in data/leagues.csv data/raw/E0/2324.csv models/registry.jsonl \
                models/serie_a/poisson_v2/poisson_model.json models/serie_a/poisson_v2/metrics.json \
                models/index.json models/index.html models/.registered/poisson_v2_serie_a_v2 \
                demo/models/serie_a/poisson_v2/v/metrics.json; do
        [ -e "$kept" ] || { echo "removed: $kept"; return 1; }
    done
    run -0 make distclean
}

@test "no assertion of a test is one bats cannot fail: an && list of tests, a bare !" {
    # Under set -e a failing command before the last && of a list, or one
    # negated with !, does not stop the test: `[ a ] && [ b ]` with a false,
    # or `! grep -q x f` with x in f, passes unless it is the test's last
    # line. Each test stands on a line of its own; a negation ends in
    # `|| false` (or another ||).
    run grep -nE '^[[:space:]]+\[\[? .*\]\]? && \[\[? .*\]\]?[[:space:]]*$' "$PROJECT"/tests/cli/*.bats
    [ "$status" -eq 1 ] || { echo "$output"; false; }
    run grep -nE '^[[:space:]]+! ' "$PROJECT"/tests/cli/*.bats
    [ -z "$(grep -v '||' <<< "$output")" ] || { grep -v '||' <<< "$output"; false; }
}
