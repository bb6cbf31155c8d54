#!/bin/bash
# leaguefit-report: the models as a document. Joins the registry with each
# model's metrics.json into index.json (jq does the join), and renders
# index.json as one self-contained HTML page with inline SVG plots (jq
# again: every string from JSON goes through @html). Both are views of
# models/: rebuilt at will, and replaced atomically (a temp file in the
# output's directory, then rename), never published through link(2).
set -euo pipefail
prog=leaguefit-report

usage() {
    cat <<USAGE
usage: $prog [-m MODELS] [-o FILE]
       $prog --html [-o FILE] [INDEX]
Joins MODELS/registry.jsonl with each model's metrics.json and writes
index.json: {"count": N, "models": [entry + {newest, metrics,
files_verified}]}, sorted by league, type and version. With --html,
renders an index.json (INDEX or stdin) as one self-contained HTML page:
the table of models and SVG plots (RPS against the bookmaker,
reliability, predicted and actual rates).
  -m MODELS  the models directory (default models)
  --html     write the HTML page of an index.json
  -o FILE    write FILE through a temp file beside it, then rename it
             over FILE (replaces FILE: the report is a view)
  -h         this help
USAGE
    exit "$1"
}

models=models mode=json out=
# The project's programs, installed beside this script (bin/, PREFIX/bin;
# through a link, beside what it links to): registry-keys ranks versions.
bin=${BASH_SOURCE[0]}
[ ! -L "$bin" ] || bin=$(readlink -f -- "$bin")
[[ $bin == */* ]] && bin=${bin%/*} || bin=.
bin=$(CDPATH= cd -- "$bin" >/dev/null && pwd)
while [ $# -gt 0 ]; do
    case "$1" in
    -m) [ $# -ge 2 ] || usage 2 >&2; models=$2; shift 2 ;;
    -o) [ $# -ge 2 ] || usage 2 >&2; out=$2; shift 2 ;;
    --html) mode=html; shift ;;
    -h|--help) usage 0 ;;
    --) shift; break ;;
    -?*) echo "$prog: unknown option '$1'" >&2; usage 2 >&2 ;;
    *) break ;;
    esac
done
if [ "$mode" = json ] && [ $# -gt 0 ]; then usage 2 >&2; fi
if [ "$mode" = html ] && [ $# -gt 1 ]; then usage 2 >&2; fi

# ------------------------------------------------------------ the join
# Registry lines that do not parse (a torn last line) are skipped and
# said, as leaguefit-status does. files_verified: per registered file, whether its
# sha256 matches the file now in the model directory (null: file missing).
# Links are followed, as predict and leaguefit-status follow them: a
# league's directory linked from another disk holds its models, not files
# missing. The files' sums and the metrics reach jq in files, not as
# arguments: a weekly version of 8 leagues adds 24 model directories, and
# the sums of about 13 weeks of them passed Linux's limit on one argument
# (128 KiB): jq could not be started.
index_json() {
    local reg="$models/registry.jsonl"
    if [ ! -f "$reg" ]; then
        echo "$prog: $reg: no registry (run make all first)" >&2
        return 1
    fi
    # (Each step that can fail says so: under -o this runs as an if's
    # condition, where errexit is off; a mktemp that failed (TMPDIR not
    # there) left tmp empty, and the sums went to /sums.)
    (
        cd "$models" || return 1
        tmp=$(mktemp -d) || return 1
        trap 'rm -rf "$tmp"' EXIT
        model_files | xargs -0 -r sha256sum > "$tmp/sums"
        # Each metrics.json as {path, metrics}, one a line (metrics.jq); one
        # that does not parse is said, and left out as a missing one is.
        model_files -name metrics.json > "$tmp/list"
        xargs -0 -r awk 'FNR == 1 { printf "\036%s\n", FILENAME } { print }' < "$tmp/list" |
            jq -R -s -c --rawfile list "$tmp/list" "$(metrics_program)" > "$tmp/metrics" || return 1
        jq -r 'select(.bad) | .path | ltrimstr("./")' "$tmp/metrics" | while IFS= read -r path; do
            echo "$prog: $models/$path: not a JSON object (a damaged file?): left out, its metrics null" >&2
        done
        # The versions' ranks, by predict's own code (versionrank.c), of
        # the registry's lines the index lists: both read from one copy,
        # which a run appending meanwhile does not change.
        cp registry.jsonl "$tmp/registry.jsonl" || return 1
        "$bin/registry-keys" -r "$tmp/registry.jsonl" --all-ranks > "$tmp/ranks" || return 1
        jq -n -S --rawfile reg "$tmp/registry.jsonl" --rawfile sums "$tmp/sums" \
            --rawfile ranks "$tmp/ranks" "$(index_program)" "$tmp/metrics" < /dev/null || return 1
        say_torn "$tmp/registry.jsonl"
    )
}

# The files of the model directories below the current one (league/type/
# version/file, and league/type/file of v2), NUL-terminated and sorted;
# find's own tests in "$@". Through links; one that find cannot follow (a
# loop) is said by find, and left out as predict and leaguefit-status
# leave it out: the index is still written.
model_files() {
    { find -L . -mindepth 3 -maxdepth 4 -type f "$@" -print0 || :; } | LC_ALL=C sort -z
}

# A line that is no JSON object (a torn last line) is left out of the
# index, said in the words of leaguefit-status; so is one that is an
# object but no registry entry (entry.jq: a line damaged by hand).
say_torn() {
    local torn bad
    read -r torn bad < <(jq -R -n -r "$(entry_program)"'
        reduce (inputs | [fromjson?]) as $l ([0, 0];
            if ($l | length) != 1 or ($l[0] | type) != "object" then .[0] += 1
            elif ($l[0] | registry_entry) then . else .[1] += 1 end) | "\(.[0]) \(.[1])"' "$1")
    [ "$torn" -eq 0 ] || echo "$prog: $models/registry.jsonl: $torn torn line(s) skipped" >&2
    [ "$bad" -eq 0 ] ||
        echo "$prog: $models/registry.jsonl: $bad line(s) of no model skipped (league, model_type, version, data or files of another type)" >&2
}

# ------------------------------------------------------------ jq programs
# The jq programs, each a file of its own (src/leaguefit-report/*.jq), put
# in place of their @NAME@ lines when bin/leaguefit-report is built
# (mk/embed-jq.sh): the script stays one file to install.
metrics_program() {
    cat <<'JQ'
@metrics.jq@
JQ
}

index_program() {
    cat <<'JQ'
@entry.jq@
@index.jq@
JQ
}

entry_program() {
    cat <<'JQ'
@entry.jq@
JQ
}

html_program() {
    cat <<'JQ'
@page.jq@
JQ
}

# ------------------------------------------------------------ the page
html_page() {
    jq -r "$(html_program)" "$@"
}

# ------------------------------------------------------------ output
run() {
    if [ "$mode" = json ]; then index_json; else html_page "$@"; fi
}

if [ -z "$out" ]; then
    run "$@"
    exit 0
fi

dir=$(dirname -- "$out")
tmp=$(mktemp "$dir/.$(basename -- "$out").XXXXXX") || { echo "$prog: $out: cannot create a temp file" >&2; exit 1; }
trap 'rm -f "$tmp"' EXIT
if ! run "$@" > "$tmp"; then
    echo "$prog: $out: not written" >&2
    exit 1
fi
chmod 644 "$tmp"
mv -f -- "$tmp" "$out"
trap - EXIT
