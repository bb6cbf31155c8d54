#!/bin/bash
# leaguefit-status: the state of every model directory, as the seed's
# detect_missing_models reported it: missing (no directory or no file),
# partial (some files), existing (all files). Also the run summary that
# pipeline.mk prints after training.
set -euo pipefail
prog=leaguefit-status

usage() {
    cat <<USAGE
usage: $prog -m MODELS -t "TYPES" -l "LEAGUES" -v VERSION -f TYPE="FILES"...
                        [--json | --snapshot | --summary BEFORE --present LIST]
  (default)   a table: type, league, state, missing files
  --json      {"TYPE": {"missing": [...], "partial": [...], "existing": [...],
              "missing_files": {"LEAGUE": [...]}}}
  --snapshot  TSV lines type, league, state, registered (yes/no)
  --summary   compares with a snapshot: trained, skipped, failed; exits 1 if
              anything failed. Leagues not in LIST (split-league --list) are
              reported as absent from the data, not as failures.
USAGE
    exit "$1"
}

models= types= leagues= version= mode=table before= present=
declare -A files
while [ $# -gt 0 ]; do
    case "$1" in
    -m) models=$2; shift 2 ;;
    -t) types=$2; shift 2 ;;
    -l) leagues=$2; shift 2 ;;
    -v) version=$2; shift 2 ;;
    -f) files[${2%%=*}]=${2#*=}; shift 2 ;;
    --json) mode=json; shift ;;
    --snapshot) mode=snapshot; shift ;;
    --summary) mode=summary; before=$2; shift 2 ;;
    --present) present=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "$prog: unknown argument '$1'" >&2; usage 2 >&2 ;;
    esac
done
[ -n "$models" ] && [ -n "$types" ] && [ -n "$version" ] || usage 2 >&2

# Keys in the registry, a torn last line skipped.
registered_keys() {
    [ -f "$models/registry.jsonl" ] || return 0
    jq -R -r 'fromjson? | .key // empty' "$models/registry.jsonl"
}

# One line per type and league: type, league, state, registered, missing files.
states() {
    local keys t l f have missing state reg
    keys=$(registered_keys)
    for t in $types; do
        for l in $leagues; do
            have=0 missing=
            for f in ${files[$t]}; do
                if [ -e "$models/$l/$t/$f" ]; then have=$((have + 1)); else missing+=" $f"; fi
            done
            if [ -z "$missing" ]; then state=existing
            elif [ "$have" -eq 0 ]; then state=missing
            else state=partial; fi
            reg=no
            grep -qxF "${t}_${l}_${version}" <<< "$keys" && reg=yes
            printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$l" "$state" "$reg" "${missing# }"
        done
    done
}

table() {
    printf '%-16s %-22s %-9s %-10s %s\n' TYPE LEAGUE STATE REGISTERED MISSING
    states | while IFS=$'\t' read -r t l s r m; do
        printf '%-16s %-22s %-9s %-10s %s\n' "$t" "$l" "$s" "$r" "$m"
    done
    states | awk -F'\t' '{ n[$1 FS $3]++; ty[$1] } END {
        for (t in ty) printf "%s: %d existing, %d partial, %d missing\n", t,
            n[t FS "existing"], n[t FS "partial"], n[t FS "missing"] }' | sort
}

json() {
    states | jq -R -s 'split("\n") | map(select(length > 0) | split("\t")) |
        group_by(.[0]) | map({key: .[0][0], value: {
            missing:  map(select(.[2] == "missing")  | .[1]),
            partial:  map(select(.[2] == "partial")  | .[1]),
            existing: map(select(.[2] == "existing") | .[1]),
            missing_files: (map(select(.[4] != "") | {key: .[1], value: (.[4] | split(" "))})
                            | from_entries)}}) | from_entries'
}

# After a run: trained (or repaired, from partial) = complete and registered
# now but not before;
# skipped = complete and registered before; failed = anything else.
summary() {
    local trained=0 skipped=0 failed=0 absent=0 t l s r m was
    while IFS=$'\t' read -r t l s r m; do
        was=$(awk -F'\t' -v t="$t" -v l="$l" '$1 == t && $2 == l { print $3 "/" $4 }' "$before")
        if [ -n "$present" ] && [ -f "$present" ] && ! cut -f1 "$present" | grep -qxF "$l"; then
            echo "leaguefit: $t $l: not in the data, skipped"
            absent=$((absent + 1))
        elif [ "$was" = existing/yes ]; then
            skipped=$((skipped + 1))
        elif [ "$s" = existing ] && [ "$r" = yes ] && [ "${was%/*}" = partial ]; then
            echo "leaguefit: $t $l: repaired (rebuilt its missing files)"
            trained=$((trained + 1))
        elif [ "$s" = existing ] && [ "$r" = yes ]; then
            echo "leaguefit: $t $l: trained"
            trained=$((trained + 1))
        else
            echo "leaguefit: $t $l: FAILED ($s${m:+, missing $m}, registered: $r)"
            failed=$((failed + 1))
        fi
    done < <(states)
    echo "leaguefit: $trained trained, $skipped skipped (already there), $failed failed," \
         "$absent not in the data"
    [ "$failed" -eq 0 ]
}

case $mode in
table) table ;;
json) json ;;
snapshot) states ;;
summary) summary ;;
esac
