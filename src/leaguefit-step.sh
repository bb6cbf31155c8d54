#!/bin/bash
# leaguefit-step: one step of a model's training, run for pipeline.mk. It
# times the command and, when it fails, keeps the first line of its errors
# (prog: file:line: reason), so that the run's summary can name the cause
# of each failure; with --done, prints the model's progress line.
set -uo pipefail
prog=leaguefit-step

usage() {
    cat <<USAGE
usage: $prog RUNDIR TYPE LEAGUE VERSION -- COMMAND [ARG...]
       $prog --done RUNDIR TOTAL TYPE LEAGUE VERSION
  Runs COMMAND; exit 3 (the file was published by another run first) counts
  as success. Appends "TYPE LEAGUE VERSION SECONDS" to RUNDIR/times and, on
  failure, "TYPE LEAGUE VERSION FIRST-ERROR-LINE" to RUNDIR/failures.
  --done prints "[k/TOTAL] TYPE LEAGUE VERSION: trained in S s", k counting
  the models done in RUNDIR, S the sum of the model's steps.
USAGE
    exit "$1"
}

# The steps of one run append to shared files from parallel jobs: one
# short write under flock keeps lines whole.
append() {
    local file=$1; shift
    { flock 9 && printf '%s\t' "$@" | sed 's/\t$//' >&9 && echo >&9; } 9>>"$file"
}

run_step() {
    local run=$1 type=$2 league=$3 version=$4
    shift 5
    mkdir -p "$run"
    local err start rc
    err=$(mktemp "$run/err.XXXXXX")
    start=$EPOCHREALTIME
    "$@" 2> >(tee "$err" >&2)
    rc=$?
    wait # tee has written everything once the process substitution ends
    [ "$rc" -eq 3 ] && rc=0
    append "$run/times" "$type" "$league" "$version" "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')"
    if [ "$rc" -ne 0 ]; then
        append "$run/failures" "$type" "$league" "$version" \
            "$(grep -m1 . "$err" || echo "${1##*/} exited $rc")"
    fi
    rm -f "$err"
    return "$rc"
}

done_line() {
    local run=$1 total=$2 type=$3 league=$4 version=$5 k secs
    mkdir -p "$run"
    k=$({ flock 9 && echo x >&9 && wc -l < "$run/done"; } 9>>"$run/done")
    secs=$(awk -F'\t' -v t="$type" -v l="$league" -v v="$version" \
        '$1 == t && $2 == l && $3 == v { s += $4 } END { printf "%.1f", s }' \
        "$run/times" 2>/dev/null)
    echo "[$k/${total:-?}] $type $league $version: trained in ${secs:-0.0} s"
}

case "${1:-}" in
-h|--help) usage 0 ;;
--done) [ $# -eq 6 ] || usage 2 >&2; shift; done_line "$@" ;;
*) [ $# -ge 6 ] && [ "$5" = -- ] || usage 2 >&2; run_step "$@" ;;
esac
