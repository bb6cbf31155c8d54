#!/usr/bin/env bats
# The bad input corpus (tests/bad-input/MANIFEST): every malformed input is
# refused with "prog: FILE[:LINE]: reason" on stderr and a non-zero exit;
# run again with -o OUT, nothing appears under OUT's name (no temp file
# either). Cases flagged BUG-n are missing checks (tests/bad-input/README.md):
# they fail until the fix proposed there is applied.
# LEAGUEFIT_BIN runs the corpus against another build (sanitizers).

bats_require_minimum_version 1.5.0

setup_file() {
    export HUGE="$BATS_FILE_TMPDIR/huge.csv"
    # A 4 MiB date field (too large to keep in the tree).
    { printf 'league,season,date,home_team,away_team,home_goals,away_goals\n'
      printf 'serie_a,2023-24,2023-08-19,Empoli,Verona,0,1\nserie_a,2023-24,'
      head -c 4194304 /dev/zero | tr '\0' 7
      printf ',Lecce,Lazio,1,2\n'; } > "$HUGE"
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export BIN=${LEAGUEFIT_BIN:-$PROJECT/bin}
    export HUGE="$BATS_FILE_TMPDIR/huge.csv"
    cd "$PROJECT/tests/bad-input"
}

# Runs one manifest case; prints what went wrong and returns 1 on failure.
run_case() {
    local id=$1 want=$2 pat=$3 cmd=$4 dir out err st
    dir=$(mktemp -d "$BATS_TEST_TMPDIR/case.XXXXXX")
    export REG="$dir/registry.jsonl" OUT="$dir/out/result"
    mkdir -p "$dir/out"
    # 1. stdout run.
    st=0
    bash -c "${cmd//\{O\}/}" > "$dir/stdout" 2> "$dir/stderr" || st=$?
    err=$(cat "$dir/stderr")
    if [ "$st" != "$want" ]; then
        printf '%s: exit %s, want %s; stderr:\n%s\n' "$id" "$st" "$want" "$err" | head -c 2000; return 1
    fi
    if [ "$pat" = '^$' ]; then
        [ -z "$err" ] || { printf '%s: stderr not empty:\n%s\n' "$id" "$err"; return 1; }
    elif ! grep -Eq -- "$pat" "$dir/stderr"; then
        printf '%s: stderr does not match /%s/:\n%s\n' "$id" "$pat" "$err" | head -c 2000; return 1
    fi
    if grep -Eq 'Sanitizer|runtime error:' "$dir/stderr"; then
        printf '%s: sanitizer report:\n%s\n' "$id" "$err" | head -c 4000; return 1
    fi
    # A failed --json append leaves the registry as it was (here: absent).
    if [[ $cmd == *--json* && $want != 0 && -e $REG ]] && [ -s "$REG" ]; then
        printf '%s: registry written\n' "$id"; return 1
    fi
    # 2. publish run: same failure, nothing under the final name, no temp.
    if [[ $cmd == *'{O}'* && -z ${STDOUT_ONLY:-} ]]; then
        st=0
        bash -c "${cmd//\{O\}/-o \"\$OUT\"}" > "$dir/stdout2" 2> "$dir/stderr2" || st=$?
        if [ "$st" = 0 ]; then
            printf '%s: -o run exited 0\n' "$id"; return 1
        fi
        if [ -n "$(ls -A "$dir/out")" ]; then
            printf '%s: -o run left: %s\n' "$id" "$(ls -A "$dir/out")"; return 1
        fi
        if [ -s "$dir/stdout2" ]; then
            printf '%s: -o run wrote to stdout\n' "$id"; return 1
        fi
    fi
    rm -rf "$dir"
}

# Runs every case whose id starts with $1 and whose flag matches $2
# ("-" passing cases, "BUG-n" one bug's cases); all failures are listed.
run_cases() {
    local prefix=$1 flag=$2 id want pat f cmd n=0 failed=0
    while IFS=$'\t' read -r id want pat f cmd; do
        [[ $id == \#* || -z $id ]] && continue
        [[ $id == "$prefix"* && $f == "$flag" ]] || continue
        n=$((n + 1))
        run_case "$id" "$want" "$pat" "$cmd" || failed=$((failed + 1))
    done < MANIFEST
    echo "# $n cases, $failed failed"
    [ "$n" -gt 0 ]
    [ "$failed" -eq 0 ]
}

@test "the corpus holds at least 40 inputs and every one is in the manifest" {
    local n
    n=$(find csv models features entries registry -type f | wc -l)
    [ "$n" -ge 40 ]
    for f in csv/* features/* entries/* registry/*; do
        [ "$f" = entries/good.json ] || [ "$f" = csv/tiny.csv ] || grep -qF " $f" MANIFEST \
            || grep -qF "$f " MANIFEST || { echo "not in MANIFEST: $f"; return 1; }
    done
}

# Their -o runs are BUG-7's test.
@test "import-fixtures refuses bad input" { STDOUT_ONLY=1 run_cases import-fixtures/ -; }
@test "split-league refuses bad input" { STDOUT_ONLY=1 run_cases split-league/ -; }
@test "fit-poisson refuses bad input" { run_cases fit-poisson/ -; }
@test "league-features refuses bad input" { run_cases league-features/ -; }
@test "fit-1x2 refuses a bad feature table" { run_cases fit-1x2/ -; }
@test "fit-draw refuses a bad feature table" { run_cases fit-draw/ -; }
@test "predict refuses bad fixtures and bad model files" { run_cases predict/ -; }
@test "emit-metrics refuses a bad model file" { run_cases emit-metrics/ -; }
@test "registry-append refuses a bad --json entry, skips bad registry lines" { run_cases registry-append/ -; }
@test "registry-keys prints #torn for a bad registry line, says nothing" { run_cases registry-keys/ -; }

@test "BUG-1: a row with fewer or more fields than the header is accepted (canonical reader)" { run_cases "" BUG-1; }
@test "BUG-2: invalid UTF-8 in canonical input is accepted and passed on" { run_cases "" BUG-2; }
@test "BUG-3: a duplicate match is accepted outside import-fixtures" { run_cases "" BUG-3; }
@test "BUG-4: hexadecimal odds (0x10) are accepted" { run_cases "" BUG-4; }
@test "BUG-5: model integers out of int range are accepted (UB in the cast)" { run_cases "" BUG-5; }
@test "BUG-6: a poisson model with an infeasible rho gives negative score probabilities" { run_cases "" BUG-6; }
@test "BUG-7: import-fixtures and split-league -o publish a partial file when rows are bad" {
    local a=0
    run_cases import-fixtures/ - || a=1
    run_cases split-league/ - || a=1
    [ "$a" = 0 ]
}
