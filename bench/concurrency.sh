#!/bin/bash
# bench/concurrency.sh: concurrent registry appends and concurrent pipeline
# runs (docs/reliability.md, "Concurrency"). Not part of `make check`
# (tests/cli/safe-mode.bats has a quick version of both).
#
#   bench/concurrency.sh [registry|make|all]     (default all)
#
# registry: 64 processes each run registry-append 100 times, with keys that
#   overlap across processes (MODEL_TYPE_LEAGUE_v2 with 3 types and 150
#   leagues: 450 keys, each tried by ~14 processes); the registry must hold
#   exactly one valid line per distinct key.
# make: two `make -j2 all` on the shared data with the same MODELS and WORK,
#   started together; the result must be an undisturbed run's (REF, the
#   models/ of one; made here when unset): byte-identical model files, 24
#   registry lines (SOURCE_DATE_EPOCH fixed), no temp files, both exit 0.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WHAT=${1:-all}
DATA=${DATA:-../shared/data/football-data}
export SOURCE_DATE_EPOCH=1700000000
scratch=$(mktemp -d /tmp/concurrency.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$scratch"' EXIT
make -s build >&2 || exit 1
fail=0

if [ "$WHAT" = registry ] || [ "$WHAT" = all ]; then
    reg=$scratch/registry.jsonl
    printf 'x' >"$scratch/payload"
    start=$(date +%s.%N)
    for p in $(seq 1 64); do
        (for i in $(seq 1 100); do
            k=$(((p * 37 + i * 11) % 450))
            bin/registry-append -r "$reg" --model-type t$((k % 3)) --league l$((k / 3)) \
                --first-date 2020-01-01 --last-date 2020-06-30 --matches $p \
                --file "$scratch/payload" 2>/dev/null || echo "$p $i" >>"$scratch/errors"
        done) &
    done
    wait
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    expected=$(for p in $(seq 1 64); do for i in $(seq 1 100); do
        k=$(((p * 37 + i * 11) % 450)); echo "t$((k % 3))_l$((k / 3))"; done; done | sort -u | wc -l)
    lines=$(wc -l <"$reg")
    valid=$(jq -c . "$reg" 2>/dev/null | wc -l)
    keys=$(jq -r .key "$reg" 2>/dev/null | sort -u | wc -l)
    errors=$(cat "$scratch/errors" 2>/dev/null | wc -l)
    echo "registry: 64 x 100 appends in ${secs}s: $expected distinct keys, $lines lines, $valid valid, $keys keys, $errors failed calls"
    [ "$lines" = "$expected" ] && [ "$valid" = "$expected" ] && [ "$keys" = "$expected" ] && [ "$errors" = 0 ] ||
        { echo "registry: FAIL"; fail=1; }
fi

if [ "$WHAT" = make ] || [ "$WHAT" = all ]; then
    cp -a "${BIN_COPY:-bin}" "$scratch/bin" # BIN_COPY: the programs REF was made with
    run_make() { # MODELS WORK LOG
        make -C "$ROOT" -o build -j2 all BIN="$scratch/bin" DATA="$DATA" MODELS="$1" WORK="$2" >"$3" 2>&1
    }
    if [ -z "${REF:-}" ]; then
        REF=$scratch/ref/models
        run_make "$REF" "$scratch/ref/work" "$scratch/ref.log" || { echo "reference run failed"; exit 1; }
    fi
    start=$(date +%s)
    run_make "$scratch/models" "$scratch/work" "$scratch/a.log" & a=$!
    run_make "$scratch/models" "$scratch/work" "$scratch/b.log" & b=$!
    wait $a; rca=$?
    wait $b; rcb=$?
    secs=$(($(date +%s) - start))
    echo "make: two concurrent runs in ${secs}s, exit $rca and $rcb"
    grep -h 'leaguefit: .* trained,' "$scratch/a.log" "$scratch/b.log" | sed 's/^/  /'
    grep -h -i -E 'error|cannot|No such' "$scratch/a.log" "$scratch/b.log" | head -10 | sed 's/^/  /'
    bad=0
    diff <(cd "$REF" && find . -type f | LC_ALL=C sort) \
         <(cd "$scratch/models" && find . -type f ! -name '.*.??????' | LC_ALL=C sort) || bad=1
    n=0
    while read -r f; do
        case $f in ./.registered/*|./registry.jsonl) continue ;; esac
        n=$((n + 1))
        cmp -s "$REF/$f" "$scratch/models/$f" || { echo "  differs: $f"; bad=1; }
    done < <(cd "$REF" && find . -type f | LC_ALL=C sort)
    cmp -s <(sort "$REF/registry.jsonl") <(sort "$scratch/models/registry.jsonl") ||
        { echo "  registry differs"; bad=1; }
    temps=$(find "$scratch/models" "$scratch/work" \( -name '.*.??????' -o -name '*.new' -o -name '.status-before.*' \) -type f)
    [ -z "$temps" ] || { echo "  temp files left:"; echo "$temps" | sed 's/^/    /'; bad=1; }
    echo "make: $n model files compared, registry $(wc -l <"$scratch/models/registry.jsonl") lines"
    [ $rca = 0 ] && [ $rcb = 0 ] && [ $bad = 0 ] && echo "make: OK" || { echo "make: FAIL"; fail=1; }
fi
exit $fail
