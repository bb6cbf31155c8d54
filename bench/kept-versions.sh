#!/bin/bash
# bench/kept-versions.sh [DIR]: the cost of a run that trains nothing
# against the versions MODELS keeps, as years of weekly training leave
# them: every league and type with 0, 50, 100 and 150 versions more (about
# three years of weekly versions), each a copy of its newest version under
# an earlier name, registered (a registry line and stamp). CPU is user+sys
# of make and every program it runs, the median of five runs.
#
#   bench/kept-versions.sh [DIR]   (DIR: the data, default the shared
#                                   football-data files of the 8 leagues)
#
# Prints its section of docs/benchmarks.md; with OUT=FILE (`make
# kept-versions`: docs/benchmarks.md) puts it there (bench/section.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/football-data}
T=$(mktemp -d /tmp/lfkept.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
make -s build
M=$T/models W=$T/work

# children_cpu OUT CMD...: CPU seconds of CMD and its children.
. bench/children-cpu.sh
noop() { make -s -j2 all DATA="$DATA" MODELS="$M" WORK="$W"; }
median5() { sort -n | sed -n 3p; }

# add_versions FROM COUNT: COUNT versions more of every league and type,
# named 2000-01-01-<FROM + i in hex>, from the newest one's files.
add_versions() {
    local from=$1 count=$2 dir newest name i
    for dir in "$M"/*/*/; do
        newest=$(ls -d "$dir"????-??-??-???????? | tail -n 1)
        for ((i = from; i < from + count; i++)); do
            name=$(printf '2000-01-01-%08x' "$i")
            cp -r "$newest" "$dir$name"
        done
    done
    # Their registry lines and stamps, from the newest versions' lines.
    jq -c --argjson from "$from" --argjson n "$count" '
        . as $l | range($from; $from + $n) as $i
        | ("2000-01-01-" + ([range(7; -1; -1) as $k | ($i / pow(16; $k) | floor) % 16
                             | "0123456789abcdef"[. : . + 1]] | join(""))) as $v
        | $l | .version = $v | .key = "\(.model_type)_\(.league)_\($v)"' \
        "$T/registry.first" >> "$M/registry.jsonl"
    jq -r 'select(.version | startswith("2000-")) | .key' "$M/registry.jsonl" |
        (cd "$M/.registered" && xargs touch)
}

noop > /dev/null 2>&1 || { echo "kept-versions: the first build failed" >&2; exit 1; }
cp "$M/registry.jsonl" "$T/registry.first"
rows=
for step in 0 50 50 50; do
    [ "$step" -eq 0 ] || add_versions "$(( $(ls -d "$M"/premier_league/poisson_v2/2000-* 2>/dev/null | wc -l) ))" "$step"
    kept=$(ls -d "$M"/premier_league/poisson_v2/????-??-??-???????? | wc -l)
    dirs=$(ls -d "$M"/*/*/????-??-??-???????? | wc -l)
    t=$(for r in 1 2 3 4 5; do children_cpu "$T/out" noop; done | median5)
    grep -q ' 0 trained' "$T/out" || { echo "kept-versions: a run trained something" >&2; cat "$T/out" >&2; exit 1; }
    rows+="| $kept | $dirs | $(wc -l < "$M/registry.jsonl") | $t |"$'\n'
done

section() {
    cat <<HEAD
<!-- begin kept-versions: written by bench/kept-versions.sh (make kept-versions); bench/perf.sh keeps this block -->
## Versions kept: the cost of a run that trains nothing

\`bench/kept-versions.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, commit
$(git rev-parse --short HEAD 2> /dev/null || echo unknown), 2 cores. The 8 leagues of the shared data
trained once, then every league and type given 50 versions more at a
time (copies of its newest, under earlier names, registered): what years
of weekly training leave in MODELS (150 versions: about three years).
CPU of \`make -j2 all\` with nothing to train (user+sys of make and every
program it runs; the median of five runs). A week's run pays this on
top of its training.

| versions a league and type | version directories | registry lines | CPU s |
|---|---|---|---|
HEAD
    printf '%s' "$rows"
    echo
    echo '<!-- end kept-versions -->'
}
if [ -n "${OUT:-}" ]; then
    section > "$T/section.md"
    bench/section.sh kept-versions "$T/section.md" "$OUT"
else
    section
fi
