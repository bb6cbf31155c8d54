#!/bin/bash
# leaguefit-status: the state of every league's models, per type, against
# the data the pipeline was given: the newest complete version, its data
# range, and whether it is current (fitted on these data), stale (no model
# of these data: they hold newer matches, or other rows), partial or
# missing. Also the run summary that pipeline.mk prints after training.
set -euo pipefail
prog=leaguefit-status

usage() {
    cat <<USAGE
usage: $prog -m MODELS -w WORK -t "TYPES" -l "LEAGUES" [-u UNTIL] -f TYPE="FILES"...
              [-c DIR] [--json | --snapshot | --to-train BEFORE |
               --summary BEFORE --run RUNDIR --present LIST [--map LEAGUES_CSV]]
  -c DIR      each league's version of the data from DIR/LEAGUE where it is
              there (a run's own copy: another run may move WORK's on)
  (default)   a table: type, league, newest version, its data, state,
              registered, and the missing files of a partial version
  --json      {"TYPE": {"missing": [...], "partial": [...], "existing": [...],
              "stale": [...], "missing_files": {"LEAGUE": [...]},
              "leagues": {"LEAGUE": {newest, first_date, last_date, state,
              current, data_last_date, registered, versions}}}}
  --snapshot  TSV lines type, league, version of the data, state, registered,
              whether it is the newest
  --to-train  how many models of a snapshot were not complete
  --summary   compares with a snapshot: trained, skipped, failed, not
              attempted; names each failure; exits 1 if anything failed.
              Leagues not in LIST (split-league --list) are absent from the data;
              one that the league map does not name either is no league at all
              (a typo, a division code): a failure.
The version of the data is WORK/versions/LEAGUE/current (current-until-UNTIL).
USAGE
    exit "$1"
}

models= work= types= leagues= until= mode=table before= present= run= pointers= map=
declare -A files
while [ $# -gt 0 ]; do
    case "$1" in
    -m) models=$2; shift 2 ;;
    -w) work=$2; shift 2 ;;
    -t) types=$2; shift 2 ;;
    -l) leagues=$2; shift 2 ;;
    -u) until=$2; shift 2 ;;
    -c) pointers=$2; shift 2 ;;
    -f) files[${2%%=*}]=${2#*=}; shift 2 ;;
    --json) mode=json; shift ;;
    --snapshot) mode=snapshot; shift ;;
    --to-train) mode=to_train; before=$2; shift 2 ;;
    --summary) mode=summary; before=$2; shift 2 ;;
    --run) run=$2; shift 2 ;;
    --present) present=$2; shift 2 ;;
    --map) map=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "$prog: unknown argument '$1'" >&2; usage 2 >&2 ;;
    esac
done
[ -n "$models" ] && [ -n "$work" ] && [ -n "$types" ] || usage 2 >&2

declare -A main_file=([poisson_v2]=poisson_model.json [1x2_v2]=home_model.json
                      [draw_specialist]=draw_model.json)

# The project's programs, installed beside this script (bin/, PREFIX/bin;
# through a link, beside what it links to).
bin=${BASH_SOURCE[0]}
[ ! -L "$bin" ] || bin=$(readlink -f -- "$bin")
[[ $bin == */* ]] && bin=${bin%/*} || bin=.

# REGISTERED: the keys in the registry, read once (ALL_KEYS set), for the
# table and the JSON. A torn line (a crash mid-write) is skipped, and said.
declare -A REGISTERED
ALL_KEYS=
load_keys() {
    ALL_KEYS=1
    [ -f "$models/registry.jsonl" ] || return 0
    mark_registered < <(registry_keys)
    [ "$TORN" -eq 0 ] ||
        echo "$prog: $models/registry.jsonl: $TORN torn line(s) skipped" >&2
}

# Only the keys given, where not all were read: the lines holding them
# ("KEY", as grep -F finds it) parsed alone. The pipeline's snapshots and
# summary ask for the newest and the data's version of each type and
# league; years of weekly versions make a registry of thousands of lines,
# which a jq's parse of every line cost 0.1 s a call. The lines are read as
# bytes: one NUL byte (the tail a crash can leave) or one byte not in the
# locale's encoding hides no other line's key.
load_keys_of() {
    local key
    local -a keys=()
    for key; do [ -z "$key" ] || keys+=("$key"); done
    [ ${#keys[@]} -gt 0 ] && [ -f "$models/registry.jsonl" ] || return 0
    mark_registered < <(registry_keys "${keys[@]}")
}

# The key of each registry line (of those mentioning one of the keys
# given, where some are), a line each; "#torn" for a line that is not a
# JSON object. registry-keys reads a line as predict and registry-append
# do (registry.h). Not a jq: its start (its builtins compiled) cost 25 ms
# of CPU, more than all the rest of a run's snapshot, twice a run.
registry_keys() {
    "$bin/registry-keys" -r "$models/registry.jsonl" -- "$@"
}

# The keys on stdin into REGISTERED; TORN: how many lines were "#torn".
mark_registered() {
    local key
    TORN=0
    while IFS= read -r key; do
        if [ "$key" = '#torn' ]; then
            TORN=$((TORN + 1))
        elif [ -n "$key" ]; then
            REGISTERED[$key]=1
        fi
    done
}

registered() { [ -n "$1" ] && [ -n "${REGISTERED[$1]:-}" ]; }

# The functions below run once per type and league (and version): they set
# a variable rather than print, so that no subshell is forked for them.

# CURRENT: the version of the data given, for a league; empty when none.
current_version() {
    local f="$work/versions/$1/current${until:+-until-$until}"
    [ -z "$pointers" ] || [ ! -f "$pointers/$1" ] || f=$pointers/$1
    CURRENT=
    [ ! -f "$f" ] || read -r CURRENT < "$f" || true
}

# VERSIONS: the versions of a type and league, oldest first: v2 (the files
# directly in the type's directory, made before versions existed), then by date.
versions_of() {
    local dir="$models/$2/$1" v
    VERSIONS=()
    [ ! -e "$dir/${main_file[$1]}" ] || VERSIONS+=(v2)
    for v in "$dir"/????-??-??-????????; do
        [ ! -d "$v" ] || VERSIONS+=("${v##*/}")
    done
}

version_dir() { [ "$3" = v2 ] && VDIR="$models/$2/$1" || VDIR="$models/$2/$1/$3"; }

# NEWEST: the newest complete version of VERSIONS, as predict takes it
# (modeldir.c, versionrank.h): the one whose data were given last. Where
# the type and league has a reinstatement, by the registry's ranks of
# them all; otherwise newest first, to the first complete one (a league
# of years of weekly versions checks one or two, not all of them), and of
# that one's date the one registered last. Empty: none is complete. (One
# the registry does not register ranks below every registered one:
# states() takes the ranks where this one is not.)
newest_version() {
    local t=$1 l=$2 i
    if [ -n "${REINSTATED["${t}_${l}_"]:-}" ]; then
        newest_ranked "$t" "$l"
        [ -n "$NEWEST" ] || [ "${VERSIONS[0]:-}" != v2 ] || {
            missing_files "$t" "$l" v2; [ -n "$MISSING" ] || NEWEST=v2; }
        return 0
    fi
    NEWEST=
    for ((i = ${#VERSIONS[@]} - 1; i >= 0; i--)); do
        missing_files "$t" "$l" "${VERSIONS[i]}"
        [ -n "$MISSING" ] || { newest_of_date "$t" "$l" "$i"; return 0; }
    done
}

# REINSTATED: the TYPE_LEAGUE_ prefixes that have a reinstatement line,
# read once (one grep; registry-keys, which reads the keys as predict
# does, only where a line names one).
declare -A REINSTATED
load_reinstated() {
    local prefix v e la r n
    [ -f "$models/registry.jsonl" ] || return 0
    grep -qaF '@reinstated-' "$models/registry.jsonl" || return 0
    while read -r prefix v e la r n; do
        [ "$n" -eq 0 ] || REINSTATED[$prefix]=1
    done < <("$bin/registry-keys" -r "$models/registry.jsonl" --all-ranks)
}

# NEWEST by the ranks of versionrank.h (version_ranks): a registered
# version before one the registry does not register, then epoch, date,
# last line and name, the largest first, to the first complete one.
newest_ranked() {
    local t=$1 l=$2 v
    load_ranks "$t" "$l"
    NEWEST=
    while read -r _ _ _ _ v; do
        missing_files "$t" "$l" "$v"
        [ -n "$MISSING" ] || { NEWEST=$v; return 0; }
    done < <(for v in "${VERSIONS[@]}"; do
                 [ "$v" = v2 ] || printf '%d %020d %s %020d %s\n' "${RANK_REG[$v]:-0}" \
                     "${RANK_EPOCH[$v]:-0}" "${v:0:10}" "${RANK_LAST[$v]:-0}" "$v"
             done | LC_ALL=C sort -r)
}

# RANK_EPOCH, RANK_LAST, RANK_REG: of TYPE LEAGUE's versions, by version,
# their ranks' fields (version_ranks).
declare -A RANK_EPOCH RANK_LAST RANK_REG
load_ranks() {
    local v e la r
    RANK_EPOCH=() RANK_LAST=() RANK_REG=()
    while read -r v e la r _; do
        RANK_EPOCH[$v]=$e RANK_LAST[$v]=$la RANK_REG[$v]=$r
    done < <(version_ranks "$1_$2_")
}

# "VERSION EPOCH LAST REGISTERED REINSTATED" of each dated version of
# prefix (TYPE_LEAGUE_) the registry holds: its epoch (the last
# reinstatement "of all dates" up to its last line; a backfill's
# registration none; a reinstatement without "newest" the highest of its
# date's versions), its last line (registration or reinstatement), whether
# its registration line is there, and the number of its last
# reinstatement (0: none). registry-keys --ranks reads them with
# predict's own code (versionrank.c): a line is read as predict reads it
# (a torn line is no line), and the rule is not kept twice.
version_ranks() {
    "$bin/registry-keys" -r "$models/registry.jsonl" --ranks "$1"
}

# NEWEST (newest_version, no reinstatement): of VERSIONS[i], complete, and
# the complete versions before it of its date (new rows behind the same
# last match: a corrected result, an edited alias or exclusion), the one
# whose data were given last: whose last registry line comes last, as
# predict takes it (modeldir.c): the digest in the name orders them by
# chance. One not registered ranks below (its last line 0); between equals
# the later name stands.
newest_of_date() {
    local t=$1 l=$2 i=$3 j line best_line
    NEWEST=${VERSIONS[i]}
    [ "$i" -gt 0 ] && [ "${VERSIONS[i-1]:0:10}" = "${NEWEST:0:10}" ] &&
        [ -f "$models/registry.jsonl" ] || return 0
    load_ranks "$t" "$l"
    best_line=${RANK_LAST[$NEWEST]:-0}
    for ((j = i - 1; j >= 0; j--)); do
        [ "${VERSIONS[j]:0:10}" = "${NEWEST:0:10}" ] || break
        missing_files "$t" "$l" "${VERSIONS[j]}"
        [ -z "$MISSING" ] || continue
        line=${RANK_LAST[${VERSIONS[j]}]:-0}
        [ "$line" -le "$best_line" ] || { best_line=$line; NEWEST=${VERSIONS[j]}; }
    done
}

# MISSING: the files of a version that are not there (none: complete).
missing_files() {
    local f
    version_dir "$@"
    MISSING=
    for f in ${files[$1]}; do [ -e "$VDIR/$f" ] || MISSING+=" $f"; done
    MISSING=${MISSING# }
}

# RANGE: first<TAB>last date of the data of each newest version, from its
# main file, by its path: one jq for all of them (not needed by the
# snapshots). A file jq cannot read gets "-", and stops the batch: the
# files are then read one by one.
declare -A RANGE
load_ranges() {
    local path first last out paths=()
    for path; do [ "$path" = - ] || paths+=("$path"); done
    [ ${#paths[@]} -gt 0 ] || return 0
    local program='(.data // .diagnostics) | "\(input_filename)\t\(.first_date)\t\(.last_date)"'
    if ! out=$(jq -r "$program" "${paths[@]}" 2>/dev/null); then
        out=$(for path in "${paths[@]}"; do jq -r "$program" "$path" 2>/dev/null || :; done)
    fi
    while IFS=$'\t' read -r path first last; do
        [ -z "$path" ] || RANGE[$path]="$first"$'\t'"$last"
    done <<< "$out"
}

# One line per type and league: type, league, newest complete version,
# first and last date of its data, state, registered, the data's version,
# the missing files of the data's version, all versions, the data's last
# date, whether the data's version is registered.
states() {
    local t l cur newest state reg miss main all curlast i creg
    local -a ts=() ls=() curs=() alls=() newests=() newest_keys=() current_keys=()
    local -a heads=() mains=() states=() tails=()
    load_reinstated
    for t in $types; do
        for l in $leagues; do
            current_version "$l"
            versions_of "$t" "$l"
            newest_version "$t" "$l"
            ts+=("$t") ls+=("$l") curs+=("$CURRENT") alls+=("${VERSIONS[*]}") newests+=("$NEWEST")
            newest_keys+=("${NEWEST:+${t}_${l}_${NEWEST}}")
            current_keys+=("${CURRENT:+${t}_${l}_${CURRENT}}")
        done
    done
    [ -n "$ALL_KEYS" ] || load_keys_of "${newest_keys[@]}" "${current_keys[@]}"
    registered_newest
    for i in "${!ts[@]}"; do
        t=${ts[i]} l=${ls[i]} cur=${curs[i]} all=${alls[i]} newest=${newests[i]}
        miss=
        if [ -n "$cur" ]; then
            if [[ " $all " == *" $cur "* ]]; then
                missing_files "$t" "$l" "$cur"
                miss=$MISSING
                [ -z "$miss" ] && state=current || state=partial
            elif [ -n "$newest" ]; then
                state="stale"
            else
                state=missing
            fi
        else
            [ -n "$newest" ] && state=existing || state=missing
        fi
        main=-
        if [ -n "$newest" ]; then
            version_dir "$t" "$l" "$newest"
            main="$VDIR/${main_file[$t]}"
        fi
        mains+=("$main")
        curlast=${cur:0:10}
        # Empty fields would merge under read's tab splitting: "-" stands for none.
        heads+=("$t"$'\t'"$l"$'\t'"${newest:--}")
        states+=("$state")
        tails+=("${cur:--}"$'\t'"${miss:--}"$'\t'"${all:--}"$'\t'"${curlast:--}")
    done
    # The data ranges, once all the versions are known.
    [ -n "${no_range:-}" ] || load_ranges "${mains[@]}"
    for i in "${!heads[@]}"; do
        reg=no creg=no
        ! registered "${newest_keys[i]}" || reg=yes
        ! registered "${current_keys[i]}" || creg=yes
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${heads[i]}" "${RANGE[${mains[i]}]:-$'-\t-'}" \
            "${states[i]}" "$reg" "${tails[i]}" "$creg"
    done
}

# A newest version (newests, of ts and ls) that the registry does not
# register (a run stopped between its last file and its registration)
# ranks below every registered one (versionrank.h): where one is, the
# ranks of them all decide (registry-keys --ranks, only then), and the
# keys of the newest so found are read.
registered_newest() {
    local i
    local -a found=()
    [ -f "$models/registry.jsonl" ] || return 0
    for i in "${!newests[@]}"; do
        [ -n "${newests[i]}" ] && [ "${newests[i]}" != v2 ] && ! registered "${newest_keys[i]}" || continue
        versions_of "${ts[i]}" "${ls[i]}"
        newest_ranked "${ts[i]}" "${ls[i]}"
        [ "$NEWEST" != "${newests[i]}" ] || continue
        newests[i]=$NEWEST newest_keys[i]=${ts[i]}_${ls[i]}_$NEWEST
        found+=("${newest_keys[i]}")
    done
    [ -n "$ALL_KEYS" ] || load_keys_of "${found[@]}"
}

# STATE: a state as the table says it, from the state, the newest
# version (as predict takes it), the data's version and its last date.
# Stale: the date the data run to where they hold newer matches than the
# newest; where they do not (a result corrected, a team renamed), that
# they changed, which "data to" the newest's own date would not say.
# Current where the newest is another version (the data of the data's
# version given again: a correction taken back, newer matches taken out of
# them; or the data cut by UNTIL): the data's version named, which make
# all makes the newest again but with UNTIL; predict takes the newest, in
# the first case until then.
state_text() {
    local s=$1 n=$2 c=$3 cl=$4
    STATE=$s
    case $s in
    stale)
        if [[ $n == ????-??-??-* ]] && [[ ! $cl > ${n:0:10} ]]; then
            STATE="stale (data changed, to $cl)"
        else
            STATE="stale (data to $cl)"
        fi ;;
    partial) STATE="partial ($c)" ;;
    current)
        if [ "$n" = "$c" ]; then :
        elif [ -z "$until" ]; then STATE="current ($c: make all makes it the newest)"
        else STATE="current ($c, not the newest)"
        fi ;;
    esac
}

# The table's columns are as wide as their longest entry, at least the
# usual width: a longer league (russia_premier_league) or state ("partial
# (VERSION)", "stale (data to DATE)") shifts no column after it.
table() {
    local t l n f la s r c m a cl rows i lw=20 sw=23 format
    local -a leagues_col=() states_col=() others=()
    rows=$(states)
    while IFS=$'\t' read -r t l n f la s r c m a cl _; do
        state_text "$s" "$n" "$c" "$cl"
        s=$STATE
        [ "$m" = - ] && m=
        leagues_col+=("$l") states_col+=("$s") others+=("$t"$'\t'"$n"$'\t'"$f..$la"$'\t'"$r"$'\t'"$m")
        [ ${#l} -le $lw ] || lw=${#l}
        [ ${#s} -le $sw ] || sw=${#s}
    done <<< "$rows"
    format="%-16s %-${lw}s %-20s %-23s %-${sw}s %-4s %s\n"
    printf "$format" TYPE LEAGUE NEWEST DATA STATE REG MISSING
    for i in "${!others[@]}"; do
        IFS=$'\t' read -r t n f r m <<< "${others[i]}"
        printf "$format" "$t" "${leagues_col[i]}" "$n" "$f" "${states_col[i]}" "$r" "$m"
    done
    awk -F'\t' '{ n[$1 FS $6]++; ty[$1] } END {
        for (t in ty) printf "%s: %d current, %d stale, %d partial, %d missing, %d without data\n",
            t, n[t FS "current"], n[t FS "stale"], n[t FS "partial"], n[t FS "missing"],
            n[t FS "existing"] }' <<< "$rows" | sort
}

json() {
    states | jq -R -s 'split("\n") | map(select(length > 0) | split("\t")) |
        group_by(.[0]) | map({key: .[0][0], value: {
            missing:  map(select(.[5] == "missing")  | .[1]),
            partial:  map(select(.[5] == "partial")  | .[1]),
            stale:    map(select(.[5] == "stale")    | .[1]),
            existing: map(select(.[5] != "missing" and .[5] != "partial") | .[1]),
            missing_files: (map(select(.[8] != "-") | {key: .[1], value: (.[8] | split(" "))})
                            | from_entries),
            leagues: (map({key: .[1], value: {
                newest: (if .[2] == "-" then null else .[2] end),
                first_date: (if .[3] == "-" then null else .[3] end),
                last_date: (if .[4] == "-" then null else .[4] end),
                state: .[5], registered: (.[6] == "yes"),
                current: (if .[7] == "-" then null else .[7] end),
                data_last_date: (if .[10] == "-" then null else .[10] end),
                versions: (if .[9] == "-" then [] else .[9] | split(" ") end)}}) | from_entries)}}) | from_entries'
}

# Per type and league: the data's version, the state (current: the data's
# version is complete), whether the data's version is registered, and
# whether it is the newest (another one's data may have been given after
# it).
snapshot() {
    local t l n f la s r c m a cl creg newest
    no_range=1 states | while IFS=$'\t' read -r t l n f la s r c m a cl creg; do
        [ "$c" != - ] && [ "$n" = "$c" ] && newest=yes || newest=no
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$l" "$c" "$s" "$creg" "$newest"
    done
}

# Under make -n no snapshot was taken: the count is unknown. (Read by the
# shell, a few dozen lines: an awk and a wc were two processes a run.)
to_train() {
    [ -f "$before" ] || { echo '?'; return; }
    local t l c s r rest n=0
    while IFS=$'\t' read -r t l c s r rest; do
        [ "$c" = - ] || { [ "$s" = current ] && [ "$r" = yes ]; } || n=$((n + 1))
    done < "$before"
    echo "$n"
}

# The lines of a small TSV file, read once into the array named $2 (none
# when the file is not there).
read_lines() {
    local -n into=$2
    into=()
    [ -f "$1" ] || return 0
    mapfile -t into < "$1"
}

# WHY: the reason of the first line of failed.tsv (league<TAB>file:line:
# reason) for league $1 or for all ("*"); empty when none.
import_failure() {
    local line league
    WHY=
    for line in "${import_failures[@]}"; do
        league=${line%%$'\t'*}
        if [ "$league" = "$1" ] || [ "$league" = '*' ]; then
            [[ $line != *$'\t'* ]] || { WHY=${line#*$'\t'}; WHY=${WHY%%$'\t'*}; }
            return
        fi
    done
}

# WHY: the first error line of a step of type $1, league $2, version $3
# in the run's failures; empty when none. (The line is the rest of the
# entry, whole: a tab in it, from a field the program quotes, is its own.)
run_failure() {
    local line want="$1"$'\t'"$2"$'\t'"$3"$'\t'
    WHY=
    for line in "${run_failures[@]}"; do
        if [[ $line == "$want"* ]]; then
            WHY=${line#"$want"}
            return
        fi
    done
}

# WHY: for a league absent from the data, why it is no league at all when
# the league map does not name it either (a typo, or a division code given
# for its slug); empty when it is one, or there is no map to ask. The map
# is read as the programs read it (leagues.c, table.c): columns found by
# their header names, fields quoted or not, trimmed, CRLF line ends, a
# byte order mark; a map without the two columns asks nothing (the import
# has said so).
unknown_league() {
    WHY=
    [ -n "$map" ] && [ -f "$map" ] || return 0
    WHY=$(LC_ALL=C awk -v l="$1" -v map="$map" '
        function trim(s) { gsub(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/, "", s); return s }
        function split_csv(s, f,    n, i, c, quoted, cell) {
            n = 0; cell = ""; quoted = 0
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (quoted && c == "\"" && substr(s, i + 1, 1) == "\"") { cell = cell c; i++ }
                else if (c == "\"") quoted = !quoted
                else if (c == "," && !quoted) { f[++n] = trim(cell); cell = "" }
                else cell = cell c
            }
            f[++n] = trim(cell)
            return n
        }
        { sub(/\r$/, "") }
        NR == 1 {
            sub(/^\357\273\277/, "")
            n = split_csv($0, f)
            for (i = 1; i <= n; i++) col[f[i]] = i
            if (!("code" in col) || !("league" in col)) { known = 1; exit }
            next
        }
        {
            delete f
            split_csv($0, f)
            if (f[col["league"]] == l) known = 1
            if (f[col["code"]] == l && f[col["league"]] != "") slug = f[col["league"]]
        }
        END {
            if (known) exit
            printf "no league %s in %s or the data", l, map
            if (slug != "") printf ": %s is the code of %s", l, slug
        }' "$map")
}

# After a run: trained (or repaired, from partial) = the data's version is
# complete and registered now but was not before, by this run: one that
# another run at the same time registered, or, where it was partial and
# registered, whose missing files that run made, none of them this one,
# is that run's to count (here skipped, and said so; a repair whose files
# the two runs shared is counted by both); skipped = it was (and,
# when another version had been given since, it was made the newest
# again: said); not attempted = a bad input file holds the
# league's rows; failed = anything else, or a reinstatement that failed
# (of a model already there, or of one repaired or registered by the run).
# Another version than the data's (a partial one, older or newer) counts
# as failed when a step of its repair failed, else as trained when the
# run made any of its files or its registration.
summary() {
    local trained=0 skipped=0 failed=0 skipped_absent=0 not_attempted=0
    local t l c was wasreg wasnewest cur now nowreg nownewest s r n
    local -A after in_data counted registered_here made_here
    local -a import_failures run_failures
    while IFS=$'\t' read -r t l c s r n; do
        [ -n "${after["$t $l"]:-}" ] || after["$t $l"]="$c $s $r $n"
    done < <(snapshot)
    if [ -n "$present" ] && [ -f "$present" ]; then
        while IFS=$'\t' read -r l _; do in_data[$l]=1; done < "$present"
    fi
    # (The run's copy, where it made one: WORK's may be of other data now.)
    if [ -n "$run" ] && [ -f "$run/failed.tsv" ]; then
        read_lines "$run/failed.tsv" import_failures
    else
        read_lines "$work/failed.tsv" import_failures
    fi
    [ -z "$run" ] || read_lines "$run/failures" run_failures
    # The models this run registered itself, and those it made any file
    # of (leaguefit-step's made lines: a step whose file another run
    # published first has none; a registration or reinstatement, which
    # a run makes of a version already complete, is no file of it).
    if [ -n "$run" ] && [ -f "$run/made" ]; then
        while IFS=$'\t' read -r t l c s; do
            if [ "$s" = registry-append ]; then
                registered_here["$t"$'\t'"$l"$'\t'"$c"]=1
            else
                made_here["$t"$'\t'"$l"$'\t'"$c"]=1
            fi
        done < "$run/made"
    fi
    while IFS=$'\t' read -r t l c was wasreg wasnewest; do
        read -r cur now nowreg nownewest <<< "${after["$t $l"]:-}"
        counted["$t"$'\t'"$l"$'\t'"$cur"]=1
        # (A league absent from the data read may be in a file none of
        # whose rows could be read, *: not attempted, not absent.)
        if [ -n "$present" ] && [ -f "$present" ] && [ -z "${in_data[$l]:-}" ] &&
            unknown_league "$l" && [ -n "$WHY" ]; then
            echo "leaguefit: $t $l: FAILED ($WHY)"
            failed=$((failed + 1))
        elif import_failure "$l" && [ -n "$WHY" ]; then
            echo "leaguefit: $t $l: NOT ATTEMPTED (a bad input file holds its rows: $WHY)"
            not_attempted=$((not_attempted + 1))
        elif [ -n "$present" ] && [ -f "$present" ] && [ -z "${in_data[$l]:-}" ]; then
            echo "leaguefit: $t $l: not in the data"
            skipped_absent=$((skipped_absent + 1))
        elif [ "$cur" = - ]; then
            echo "leaguefit: $t $l: FAILED (its data could not be versioned; see the errors above)"
            failed=$((failed + 1))
        elif [ "$was" = current ] && [ "$wasreg" = yes ] && [ "$c" = "$cur" ]; then
            # Its one step, if any, was its reinstatement.
            run_failure "$t" "$l" "$cur"
            if [ -n "$WHY" ]; then
                echo "leaguefit: $t $l $cur: FAILED ($WHY)"
                failed=$((failed + 1))
                continue
            fi
            [ "$wasnewest" != no ] || [ "$nownewest" != yes ] ||
                echo "leaguefit: $t $l $cur: the newest again (its data given again)"
            skipped=$((skipped + 1))
        elif [ "$now" = current ] && [ "$nowreg" = yes ]; then
            # Complete and registered, but a step failed and another version
            # is the newest: its reinstatement (after its files were rebuilt,
            # or its registration made) failed.
            run_failure "$t" "$l" "$cur"
            if [ -n "$WHY" ] && [ "$nownewest" = no ]; then
                echo "leaguefit: $t $l $cur: FAILED ($WHY)"
                failed=$((failed + 1))
                continue
            fi
            # Not registered before, and not by this run: by another at the
            # same time (its files made by either), that run's to count.
            if [ -n "$run" ] && [ "$wasreg" != yes ] &&
                [ -z "${registered_here["$t"$'\t'"$l"$'\t'"$cur"]:-}" ]; then
                echo "leaguefit: $t $l $cur: trained by another run at the same time"
                skipped=$((skipped + 1))
                continue
            fi
            # Partial and registered before, and none of its files made by
            # this run: repaired by another at the same time, whose summary
            # counts it. (Not registered before, the registration decides,
            # above.)
            if [ -n "$run" ] && [ "$was" = partial ] && [ "$wasreg" = yes ] &&
                [ -z "${made_here["$t"$'\t'"$l"$'\t'"$cur"]:-}" ]; then
                echo "leaguefit: $t $l $cur: repaired by another run at the same time"
                skipped=$((skipped + 1))
                continue
            fi
            [ "$was" != partial ] || echo "leaguefit: $t $l $cur: repaired (rebuilt its missing files)"
            trained=$((trained + 1))
        else
            run_failure "$t" "$l" "$cur"
            echo "leaguefit: $t $l $cur: FAILED (${WHY:-not complete after the run})"
            failed=$((failed + 1))
        fi
    done < "$before"
    # A step of another version than the data's (a partial one repaired:
    # older, or newer where the data given went back) that failed: said
    # and counted, as the data's own are.
    local line key
    for line in "${run_failures[@]}"; do
        IFS=$'\t' read -r t l c r <<< "$line"
        key="$t"$'\t'"$l"$'\t'"$c"
        [ -z "${counted["$key"]:-}" ] || continue
        counted["$key"]=1
        echo "leaguefit: $t $l $c: FAILED (another version than the data's, repairing it: $r)"
        failed=$((failed + 1))
    done
    # Another version than the data's that the run completed (its steps in
    # the run's made lines, none failed): repaired, trained by the run.
    if [ -n "$run" ] && [ -f "$run/made" ]; then
        while IFS=$'\t' read -r t l c _; do
            key="$t"$'\t'"$l"$'\t'"$c"
            [ -z "${counted["$key"]:-}" ] || continue
            counted["$key"]=1
            echo "leaguefit: $t $l $c: repaired (another version than the data's: rebuilt its missing files)"
            trained=$((trained + 1))
        done < "$run/made"
    fi
    echo "leaguefit: $trained trained, $skipped skipped (already there), $failed failed," \
         "$not_attempted not attempted, $skipped_absent not in the data"
    [ "$failed" -eq 0 ] && [ "$not_attempted" -eq 0 ]
}

case $mode in
table) load_keys; table ;;
json) load_keys; json ;;
snapshot) snapshot ;;
to_train) to_train ;;
summary) summary ;;
esac
