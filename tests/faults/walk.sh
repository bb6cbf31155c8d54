#!/bin/bash
# tests/faults/walk.sh: fail every output call of one command in turn.
#
#   walk.sh [-e ERRNO]... -d TEMPLATE -o OUTPUT [-a] [-E] [-P] [-S] -- COMMAND [ARG...]
#
# Each run copies the directory TEMPLATE to a fresh scratch directory and
# runs COMMAND there (relative paths in it name files of the copy), with
# build/faultinject.so preloaded. OUTPUT is the file (relative) the command
# publishes. First a fault-free run counts the output calls (K) and keeps
# OUTPUT as the reference; then for each ERRNO and each N in 1..K, call N
# fails with ERRNO (FAULT_CALL=any); ERRNO:KIND walks the calls of one kind
# only (default: EIO ENOSPC:write ENOSPC:fsync ENOSPC:close). Each run must:
#   - exit non-zero, with a message "PROG: ..." naming the errno on stderr;
#   - leave OUTPUT absent or byte-identical to the reference (with -a,
#     OUTPUT pre-exists, as the registry does: it must be as before, or as
#     the fault-free run left it; with -E, an empty OUTPUT is allowed too:
#     registry-append creates the registry, empty, before it locks it, and
#     an empty JSON Lines file is a valid registry of no entries);
#   - leave no temp file (.NAME.XXXXXX) and no other new file;
#   - leave every file of TEMPLATE byte-identical.
# With -P the command keeps a cache once OUTPUT is published (league-features
# and its row image): a fault in a call after the publication (after the
# fault-free run's link or rename to OUTPUT) may also be survived, an exit 0
# with OUTPUT byte-identical to the reference; the summary line counts them
# ("U survived after publication").
# With -S the command stamps OUTPUT once published (OUTPUT.made-by,
# madeby.h: league-features -o): the stamp may be left beside OUTPUT only
# when OUTPUT is there, and must then name the fault-free run's program and
# OUTPUT as it is (its size and modification time).
# Then each write is made short in turn (FAULT_ERRNO=short): the run must
# succeed with the reference output. Prints one summary line:
#   walk: PROG: K calls, F faults injected, S short writes, 0 failures
# and exits 1 after listing any failure.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHIM=${SHIM:-$ROOT/build/faultinject.so}
errnos=() template='' output='' append=0 empty_ok=0 after_publish=0 stamped=0
while [ $# -gt 0 ]; do
    case $1 in
    -e) errnos+=("$2"); shift 2 ;;
    -d) template=$2; shift 2 ;;
    -o) output=$2; shift 2 ;;
    -a) append=1; shift ;;
    -E) empty_ok=1; shift ;;
    -P) after_publish=1; shift ;;
    -S) stamped=1; shift ;;
    --) shift; break ;;
    *) echo "walk.sh: bad argument $1" >&2; exit 2 ;;
    esac
done
[ ${#errnos[@]} -gt 0 ] || errnos=(EIO ENOSPC:write ENOSPC:fsync ENOSPC:close)
[ -d "$template" ] && [ -n "$output" ] && [ $# -gt 0 ] || { echo "usage: walk.sh [-e ERRNO]... -d DIR -o OUTPUT [-a] -- COMMAND..." >&2; exit 2; }
[ -f "$SHIM" ] || { echo "walk.sh: $SHIM missing (make faultinject)" >&2; exit 2; }
prog=$(basename "$1")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
template=$(cd "$template" && pwd)
digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
before=$(digest "$template")

fresh() { rm -rf "$scratch/run"; cp -a "$template" "$scratch/run"; }

# Fault-free: count, and keep the reference output.
fresh
(cd "$scratch/run" && FAULT_COUNT_FILE="$scratch/count" FAULT_TRACE="$scratch/trace" LD_PRELOAD="$SHIM" "$@") \
    >"$scratch/out" 2>"$scratch/err" || { echo "walk: $prog: fault-free run failed:"; cat "$scratch/err"; exit 1; }
# The call that published OUTPUT: the last link or rename to it.
published=$(awk -v o="$output" '($2 == "link" || $2 == "rename") && ($4 == o || substr($4, length($4) - length(o)) == "/" o) { n = $1 } END { print n + 0 }' "$scratch/trace")
calls=$(awk '$1 == "any" { print $2 }' "$scratch/count")
cp "$scratch/run/$output" "$scratch/reference"
stamp_program=
[ $stamped = 0 ] || stamp_program=$(head -n 1 "$scratch/run/$output.made-by") ||
    { echo "walk: $prog: the fault-free run left no stamp"; exit 1; }
writes=$(awk '$1 == "write" { print $2 }' "$scratch/count")
failures=0 injected=0 shorts=0 survived=0
fail() { echo "walk: $prog: $*"; failures=$((failures + 1)); }

# -S: OUTPUT's stamp, where there is one (where $2 is "required", there
# must be one), OUTPUT's as it is and the fault-free run's program's, byte
# for byte as the program compares it.
check_stamp() {
    local what=$1 stamp="$scratch/run/$output.made-by"
    [ $stamped = 1 ] || return 0
    if [ ! -e "$stamp" ]; then
        [ "${2:-}" != required ] || fail "$what: no stamp"
    elif [ ! -e "$scratch/run/$output" ]; then
        fail "$what: a stamp without $output"
    elif ! printf '%s\n%s\n' "$stamp_program" "$(stat -c '%s %.9Y' "$scratch/run/$output")" |
         cmp -s - "$stamp"; then
        fail "$what: the stamp is not $output's: $(head -c 300 "$stamp")"
    fi
}

check_files() { # what: no temp, no new file, template files untouched
    local what=$1 temps now
    temps=$(cd "$scratch/run" && find . -name '.*.??????')
    [ -z "$temps" ] || fail "$what: temp file left: $temps"
    check_stamp "$what"
    now=$(digest "$scratch/run")
    [ $stamped = 0 ] || now=$(grep -v "  ./$output.made-by\$" <<<"$now")
    if [ $append = 1 ]; then
        now=$(grep -v "  ./$output\$" <<<"$now")
        local was
        was=$(grep -v "  ./$output\$" <<<"$before")
        [ "$now" = "$was" ] || fail "$what: files changed: $(diff <(echo "$was") <(echo "$now") | head -5)"
        if ! cmp -s "$template/$output" "$scratch/run/$output" &&
           ! cmp -s "$scratch/reference" "$scratch/run/$output"; then
            fail "$what: $output is neither as before nor complete"
        fi
    else
        now=$(grep -v "  ./$output\$" <<<"$now")
        [ "$now" = "$before" ] || fail "$what: files changed: $(diff <(echo "$before") <(echo "$now") | head -5)"
        if [ -e "$scratch/run/$output" ] && ! cmp -s "$scratch/reference" "$scratch/run/$output" &&
           ! { [ $empty_ok = 1 ] && [ ! -s "$scratch/run/$output" ]; }; then
            fail "$what: $output is there but not complete"
        fi
    fi
}

check_stamp "the fault-free run" required # (its run directory is still there)

for spec in "${errnos[@]}"; do
    e=${spec%%:*} kind=any
    [ "$spec" = "$e" ] || kind=${spec#*:}
    msg=$(python3 -c "import errno, os, sys; print(os.strerror(getattr(errno, sys.argv[1])))" "$e")
    k=$(awk -v k="$kind" '$1 == k { print $2 }' "$scratch/count")
    for ((n = 1; n <= k; n++)); do
        fresh; rm -f "$scratch/log"
        (cd "$scratch/run" && FAULT_CALL=$kind FAULT_N=$n FAULT_ERRNO=$e FAULT_LOG="$scratch/log" \
            LD_PRELOAD="$SHIM" "$@") >"$scratch/out" 2>"$scratch/err"
        rc=$?
        what="$e at $kind call $n ($(cut -d' ' -f2,3 "$scratch/log" 2>/dev/null))"
        [ -s "$scratch/log" ] || { fail "$what: no fault injected"; continue; }
        injected=$((injected + 1))
        seq=$(sed -n 's/.*(call \([0-9]*\)).*/\1/p' "$scratch/log")
        if [ $after_publish = 1 ] && [ $rc -eq 0 ] && [ "$published" -gt 0 ] && [ "${seq:-0}" -gt "$published" ]; then
            cmp -s "$scratch/reference" "$scratch/run/$output" || fail "$what: survived, $output not complete"
            survived=$((survived + 1))
            check_files "$what"
            continue
        fi
        [ $rc -ne 0 ] || fail "$what: exit 0"
        grep -q "^$prog: .*$msg" "$scratch/err" || fail "$what: no clear message: $(head -c 300 "$scratch/err")"
        check_files "$what"
    done
done

# Short writes are no error: the output must come out whole.
for ((n = 1; n <= writes; n++)); do
    fresh; rm -f "$scratch/log"
    (cd "$scratch/run" && FAULT_CALL=write FAULT_N=$n FAULT_ERRNO=short FAULT_LOG="$scratch/log" \
        LD_PRELOAD="$SHIM" "$@") >"$scratch/out" 2>"$scratch/err"
    rc=$?
    shorts=$((shorts + 1))
    [ $rc -eq 0 ] || fail "short write $n: exit $rc: $(head -c 300 "$scratch/err")"
    cmp -s "$scratch/reference" "$scratch/run/$output" || fail "short write $n: output differs"
    check_stamp "short write $n" required
done

echo "walk: $prog: $calls calls, $injected faults injected, $shorts short writes,$([ $after_publish = 0 ] || echo " $survived survived after publication,") $failures failures"
[ $failures = 0 ]
