#!/usr/bin/env bats
# leaguefit-step: a step's errors pass through and its first error line is
# kept; its time and the progress line come from RUNDIR's files.
# (safe-mode.bats checks that the pipeline runs every publishing step
# through it and that exit 3 counts as done.)

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    STEP="$PROJECT/bin/leaguefit-step"
    RUNDIR="$BATS_TEST_TMPDIR/run/nested"
    cd "$BATS_TEST_TMPDIR"
}

@test "-h prints usage on stdout and exits 0; wrong arguments: usage on stderr, exit 2" {
    run --separate-stderr "$STEP" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: leaguefit-step [-d DIR] [-s STAMP TOTAL] RUNDIR TYPE LEAGUE VERSION -- COMMAND [ARG...]"* ]]
    [ -z "$stderr" ]
    for args in "" "r t l v x true" "r t l v --" "--done r 1 t l" "--done r 1 t l v x" \
                "-d" "-d dir r t l v" "-s stamp 1 r t l v x true"; do
        run --separate-stderr "$STEP" $args
        [ "$status" -eq 2 ]
        [ -z "$output" ]
        [[ "$stderr" == "usage: leaguefit-step"* ]]
    done
}

@test "the command's output and errors pass through; the first non-empty error line is kept on failure" {
    run --separate-stderr "$STEP" "$RUNDIR" 1x2_v2 serie_a v1 -- \
        sh -c 'echo out; echo >&2; echo "fit-1x2: a.csv:3: bad date" >&2; echo more >&2; exit 4'
    [ "$status" -eq 4 ]
    [ "$output" = out ]
    [[ "$stderr" == *"fit-1x2: a.csv:3: bad date"$'\n'"more" ]]
    [ "$(cat "$RUNDIR/failures")" = "$(printf '1x2_v2\tserie_a\tv1\tfit-1x2: a.csv:3: bad date')" ]
    [[ "$(cat "$RUNDIR/times")" =~ ^1x2_v2$'\t'serie_a$'\t'v1$'\t'[0-9]+\.[0-9]{3}$ ]]
}

@test "a command silent on failure, killed, or not found: a line that says so" {
    run "$STEP" "$RUNDIR" t l v -- false
    [ "$status" -eq 1 ]
    run "$STEP" "$RUNDIR" t l v -- sh -c 'kill -KILL $$'
    [ "$status" -eq 137 ]
    run -127 --separate-stderr "$STEP" "$RUNDIR" t l v -- ./no-such-program
    [ "$stderr" = "leaguefit-step: ./no-such-program: No such file or directory" ]
    [ "$(cut -f4 "$RUNDIR/failures")" = "$(printf 'false exited 1\nsh exited 137\nleaguefit-step: ./no-such-program: No such file or directory')" ]
    [ "$(wc -l < "$RUNDIR/times")" -eq 3 ]
}

@test "a command found but not runnable: 126 and a line that says why; one found on PATH runs" {
    printf '#!/bin/sh\necho ran\n' > not-executable
    run -126 --separate-stderr "$STEP" "$RUNDIR" t l v -- ./not-executable
    [ "$stderr" = "leaguefit-step: ./not-executable: Permission denied" ]
    [ "$(cut -f4 "$RUNDIR/failures")" = "leaguefit-step: ./not-executable: Permission denied" ]
    mkdir on-path && cp not-executable on-path/a-step && chmod +x on-path/a-step
    PATH="$BATS_TEST_TMPDIR/on-path:$PATH" run -0 --separate-stderr "$STEP" "$RUNDIR" t l v -- a-step
    [ "$output" = ran ]
    [ "$(cut -f4 "$RUNDIR/made")" = a-step ]
}

@test "--done counts the models done and sums their steps' seconds" {
    mkdir -p "$RUNDIR"
    printf 'poisson_v2\tserie_a\tv1\t1.250\npoisson_v2\tserie_a\tv2\t9.000\npoisson_v2\tserie_a\tv1\t0.800\n' \
        > "$RUNDIR/times"
    run "$STEP" --done "$RUNDIR" 3 poisson_v2 serie_a v1
    [ "$status" -eq 0 ]
    [ "$output" = "[1/3] poisson_v2 serie_a v1: trained in 2.0 s" ]
    run "$STEP" --done "$RUNDIR" "" draw_specialist la_liga v1
    [ "$output" = "[2/?] draw_specialist la_liga v1: trained in 0.0 s" ]
    run "$STEP" --done "$BATS_TEST_TMPDIR/new" 3 poisson_v2 serie_a v1
    [ "$output" = "[1/3] poisson_v2 serie_a v1: trained in 0.0 s" ]
}

@test "--done checks its write to stdout" {
    run sh -c '"$0" --done "$1" 1 t l v > /dev/full' "$STEP" "$RUNDIR"
    [ "$status" -eq 1 ]
    [[ "$output" == "leaguefit-step: "*"No space left on device"* ]]
}

@test "-d makes the output's directory first; -s leaves the stamp and prints the progress line, on success only" {
    run --separate-stderr "$STEP" -d out/a/b "$RUNDIR" poisson_v2 serie_a v1 -- sh -c 'echo x > out/a/b/f'
    [ "$status" -eq 0 ]
    [ "$(cat out/a/b/f)" = x ]
    run --separate-stderr "$STEP" -s stamps/poisson_v2_serie_a_v1 3 "$RUNDIR" poisson_v2 serie_a v1 -- true
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^"[1/3] poisson_v2 serie_a v1: trained in "[0-9.]+" s"$ ]]
    [ -f stamps/poisson_v2_serie_a_v1 ]
    [ ! -s stamps/poisson_v2_serie_a_v1 ]
    # a failed step: no stamp, no progress line; exit 3 counts as done
    run --separate-stderr "$STEP" -s stamps/t_l_v 3 "$RUNDIR" t l v -- false
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ ! -e stamps/t_l_v ]
    run --separate-stderr "$STEP" -d out -s stamps/t_l_v 3 "$RUNDIR" t l v -- sh -c 'exit 3'
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^"[2/3] t l v: trained in "[0-9.]+" s"$ ]]
    [ -f stamps/t_l_v ]
}
