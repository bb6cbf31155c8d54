#!/bin/bash
# bench/section.sh NAME SECTION OUT: puts the block of SECTION (a file whose
# first line is "<!-- begin NAME ..." and last "<!-- end NAME -->") into
# OUT (docs/benchmarks.md) in place of its earlier block, or at the end
# when there is none. bench/perf.sh rewrites OUT and keeps these blocks.
set -euo pipefail
name=$1 section=$2 out=$3
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{ [ -f "$out" ] && cat "$out" || true; } | awk -v sec="$section" -v name="$name" '
    index($0, "<!-- begin " name) == 1 { while ((getline l < sec) > 0) print l; skip = 1; done = 1; next }
    skip && $0 == "<!-- end " name " -->" { skip = 0; next }
    !skip { print }
    END { if (!done) { print ""; while ((getline l < sec) > 0) print l } }' > "$tmp"
mv "$tmp" "$out"
