#!/bin/bash
# bench/killtest.sh: SIGKILL `make -j2 all` at random moments, rerun, and
# check that the models end up exactly as an uninterrupted run makes them.
# Not part of `make check` (it takes 10-20 minutes); results go in
# docs/reliability.md ("Kill test").
#
#   bench/killtest.sh [KILLS] > log      (default 200 kills)
#
# Environment: DATA (default ../shared/data/football-data), REF (the
# models/ directory of an uninterrupted run made with the same programs and
# SOURCE_DATE_EPOCH; made here when unset), SEED (random seed, default 1),
# KEEP=1 keeps the scratch directory, BIN_COPY=DIR takes the programs from
# DIR (those REF was made with), DATA_KILLS (default 30).
#
# How: the programs are copied once to a scratch bin/ (BIN=) and make runs
# with `-o build`, so that others rebuilding bin/ in the tree cannot change
# the programs mid-test, and a kill never lands in a compiler. Each run is
# started with setsid (its own process group) and the whole group gets
# SIGKILL after a random delay, uniform in 0.2-3 s. Round 1 starts with
# empty MODELS and WORK: its first DATA_KILLS (default 30) kills land in the
# data step (import-fixtures, split-league, league-features: the features
# of one league take 5-12 s on this loaded 2-core machine, longer than any
# delay, so the round is then completed by one run that is not killed).
# Later rounds keep WORK and start from an empty MODELS: every step of
# training takes under 3 s, so the kills land all over it, and a run that
# ends before its delay closes the round. After KILLS kills in all, the last
# round is completed by a run that is not killed.
#
# Checks per round: every file under MODELS (but temps) is the reference's,
# byte for byte, and every reference file is there; every .json parses; the
# registry has one valid line per key, 24 keys, the reference's lines;
# leftover temp files (publish.c's .NAME.XXXXXX, make's NAME.new, the
# pipeline's .status-before.PID) are counted: any is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
KILLS=${1:-200}
DATA=${DATA:-../shared/data/football-data}
SEED=${SEED:-1}
export SOURCE_DATE_EPOCH=1700000000
RANDOM=$SEED

scratch=$(mktemp -d /tmp/killtest.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$scratch"' EXIT
make -s build >&2 || exit 1
if [ -n "${BIN_COPY:-}" ]; then cp -a "$BIN_COPY" "$scratch/bin"; else cp -a bin "$scratch/bin"; fi
BIN=$scratch/bin
WORK=$scratch/work

run_make() { # MODELS WORK LOG: one `make -j2 all` in its own process group ($pid)
    setsid make -C "$ROOT" -o build -j2 all BIN="$BIN" DATA="$DATA" \
        MODELS="$1" WORK="$2" >>"$3" 2>&1 &
    pid=$!
}

if [ -z "${REF:-}" ]; then
    REF=$scratch/ref/models
    echo "reference run..."
    start=$(date +%s.%N)
    run_make "$REF" "$scratch/ref/work" "$scratch/ref.log"
    wait "$pid" || { echo "reference run failed"; tail "$scratch/ref.log"; exit 1; }
    echo "reference run: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
ref_files=$(cd "$REF" && find . -type f ! -name '.*.??????' | LC_ALL=C sort)
[ "$(wc -l <"$REF/registry.jsonl")" = 24 ] || { echo "reference registry is not 24 lines"; exit 1; }

temps() { # count leftover temp files under the given directories
    find "$@" \( -name '.*.??????' -o -name '*.new' -o -name '.status-before.*' \) \
        -type f 2>/dev/null
}

fail=0
check_round() { # MODELS ROUND
    local m=$1 r=$2 bad=0 f
    local files
    files=$(cd "$m" && find . -type f ! -name '.*.??????' | LC_ALL=C sort)
    if [ "$files" != "$ref_files" ]; then
        echo "round $r: file list differs from the reference:"
        diff <(echo "$ref_files") <(echo "$files") | head; bad=1
    fi
    while read -r f; do
        case $f in ./.registered/*|./registry.jsonl) continue ;; esac
        cmp -s "$REF/$f" "$m/$f" || { echo "round $r: $f differs"; bad=1; }
        jq -e . "$m/$f" >/dev/null 2>&1 || { echo "round $r: $f is not valid JSON"; bad=1; }
    done <<<"$files"
    local lines keys
    lines=$(wc -l <"$m/registry.jsonl")
    keys=$(jq -r .key "$m/registry.jsonl" 2>/dev/null | sort -u | wc -l)
    if ! jq -c . "$m/registry.jsonl" >/dev/null 2>&1; then echo "round $r: a registry line does not parse"; bad=1; fi
    [ "$lines" = 24 ] && [ "$keys" = 24 ] || { echo "round $r: registry has $lines lines, $keys keys"; bad=1; }
    cmp -s <(sort "$REF/registry.jsonl") <(sort "$m/registry.jsonl") ||
        { echo "round $r: registry lines differ from the reference"; bad=1; }
    local t
    t=$(temps "$m" "$WORK")
    if [ -n "$t" ]; then
        echo "round $r: $(echo "$t" | wc -l) temp files left:"; echo "$t" | sed 's/^/    /' | head -20
        bad=1
    fi
    [ $bad = 0 ] && echo "round $r: OK (all files byte-identical, 24 registry lines, no temps)"
    fail=$((fail + bad))
}

kills=0 round=1 runs=0 completed_runs=0
declare -a round_kills
models=$scratch/models.1
log=$scratch/kill.log
start=$(date +%s)
while :; do
    if [ $kills -ge "$KILLS" ]; then
        # Finish the last round without killing.
        run_make "$models" "$WORK" "$log"; runs=$((runs + 1))
        wait "$pid"; echo "round $round: final run exit $?"
        round_kills[$round]=${round_kills[$round]:-0}
        check_round "$models" "$round"
        break
    fi
    if [ $round = 1 ] && [ $kills -ge "${DATA_KILLS:-30}" ]; then
        # Round 1: the data step does not fit in 3 s; complete it unkilled.
        run_make "$models" "$WORK" "$log"; runs=$((runs + 1))
        wait "$pid"; rc=$?
        echo "round $round: completed after ${round_kills[$round]:-0} kills by a run not killed (exit $rc)"
        check_round "$models" "$round"
        round=$((round + 1)); models=$scratch/models.$round
        continue
    fi
    delay=$(printf '%d.%03d' $((RANDOM % 3)) $((RANDOM % 1000)))
    [ "${delay%%.*}" = 0 ] && [ "${delay#0.}" -lt 200 ] && delay=0.2
    run_make "$models" "$WORK" "$log"; runs=$((runs + 1))
    # Sleep, then kill the group if the run is still going.
    sleep "$delay"
    kill -KILL -- -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null; rc=$?
    if [ $rc = 137 ]; then # 128 + SIGKILL: it was still running
        kills=$((kills + 1)); round_kills[$round]=$((${round_kills[$round]:-0} + 1))
    else
        completed_runs=$((completed_runs + 1))
        echo "round $round: run completed after ${round_kills[$round]:-0} kills (exit $rc)"
        check_round "$models" "$round"
        round=$((round + 1)); models=$scratch/models.$round
    fi
done
elapsed=$(($(date +%s) - start))
echo "kills: $kills, runs: $runs, rounds: $round, elapsed: ${elapsed}s, failed rounds: $fail"
grep -c 'leaguefit: .* failed' "$log" | sed 's/^/summaries printed: /'
exit $((fail > 0))
