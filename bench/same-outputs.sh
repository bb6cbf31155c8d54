#!/bin/bash
# bench/same-outputs.sh OLD_BIN [NEW_BIN]: whether two builds of the
# programs write the same bytes on the shared data (default NEW_BIN: bin).
# For a change meant to make the programs faster and nothing else: keep a
# copy of bin/ from before it (cp -a bin /tmp/bin.old), rebuild, run this.
#
# Compared, each build in its own MODELS and WORK:
#   - `make -j2 all` from empty on the data before WEEK (default
#     2024-05-13), then again with the week added (new versions: feature
#     tables extended with --base, walks taken from the caches): every
#     model file, metrics.json, feature table, league table and fixtures;
#     the registry without its trained_date; the walk caches without their
#     keys and checks (a key digests the program's own bytes, so a rebuilt
#     program has other keys by design: the predictions must be the same);
#   - backtest's walk-forward of the 8 leagues, 2019-20 to 2023-24.
# LEAGUES=... (the pipeline's variable) narrows the pipeline runs;
# SHARED=DIR names the football-data.co.uk files. Prints what differs,
# exits 1 when anything does. Takes a few minutes of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/same-outputs.sh OLD_BIN [NEW_BIN]" >&2; exit 2; }
OLD=$(realpath "$1")
NEW=$(realpath "${2:-bin}")
SHARED=${SHARED:-../shared/data/football-data}
WEEK=${WEEK:-2024-05-13}
T=$(mktemp -d /tmp/same-outputs.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
log() { printf 'same-outputs: %s\n' "$*" >&2; }

mkdir -p "$T/before" "$T/after"
"$NEW/import-fixtures" "$SHARED"/*/*.csv > "$T/after/all.csv" 2> /dev/null
awk -F, -v w="$WEEK" 'NR == 1 || $3 < w' "$T/after/all.csv" > "$T/before/all.csv"

# run NAME BIN: the two pipeline runs and the backtest of one build.
run() {
    local out="$T/$1" bin=$2 d
    for d in before after; do
        log "$1: make all, data $d $WEEK"
        make -s -j2 all BIN="$bin" DATA="$T/$d" MODELS="$out/models" WORK="$out/work" \
            > "$out.$d.log" 2>&1 || { cat "$out.$d.log" >&2; exit 1; }
    done
    log "$1: backtest"
    mkdir -p "$out/leagues"
    for l in premier_league championship la_liga serie_a bundesliga ligue_1 eredivisie \
             primeira_liga; do
        "$bin/split-league" "$l" "$out/work/fixtures.csv" > "$out/leagues/$l.csv"
    done
    "$bin/backtest" --from 2019-07-01 --until 2024-07-01 "$out"/leagues/*.csv > "$out/backtest.out"
}
run old "$OLD"
run new "$NEW"

# comparable DIR: the files whose bytes must match, and the registry and
# caches reduced to what must match, under DIR.cmp.
comparable() {
    local dir=$1 f
    mkdir -p "$dir.cmp"
    cp -a "$dir/models" "$dir/backtest.out" "$dir/leagues" "$dir.cmp/"
    rm -f "$dir.cmp/models/registry.jsonl" "$dir.cmp/models/registry.jsonl.lock"
    rm -rf "$dir.cmp/models/.registered"
    jq -c 'del(.trained_date)' "$dir/models/registry.jsonl" | sort > "$dir.cmp/registry"
    mkdir -p "$dir.cmp/work"
    (cd "$dir/work" && cp -a --parents fixtures.csv leagues.txt versions "$dir.cmp/work/")
    # (Tables' stamps name the build and the time each table was made.)
    rm -f "$dir.cmp"/work/versions/*/*.made-by
    for f in "$dir"/work/cache/*/*.walk; do
        mkdir -p "$dir.cmp/cache/$(basename "$(dirname "$f")")"
        cut -d' ' -f2- "$f" | sed 's/ [^ ]*$//' > "$dir.cmp/cache/${f#"$dir"/work/cache/}"
    done
}
comparable "$T/old"
comparable "$T/new"
n=$(find "$T/old.cmp" -type f | wc -l)
if diff -r "$T/old.cmp" "$T/new.cmp" > "$T/diff"; then
    echo "same-outputs: the same bytes ($n files: models, metrics, feature tables, caches, backtest)"
else
    head -50 "$T/diff"
    echo "same-outputs: outputs differ ($n files compared)" >&2
    exit 1
fi
