#!/usr/bin/env bats
# libFuzzer harnesses (tests/fuzz): `make fuzz` builds them and runs each for
# a fixed, seeded number of runs (FUZZ_RUNS, default 20000) over its seed
# corpus. A crash, sanitizer report or leak fails the run. The runs are
# deterministic (mk/sanitize.mk, `fuzz`): no corpus reload on the clock, no
# compared values or stack depths that move with ASLR, and the harnesses'
# own sanitizer options whatever the caller exports (check-asan's
# ASAN_OPTIONS=detect_leaks=1 once failed fuzz_csv there, and only there).

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
}

@test "make fuzz: every harness survives its runs" {
    run --separate-stderr make -s -C "$PROJECT" fuzz
    echo "$output"
    echo "$stderr" | tail -n 40
    [ "$status" -eq 0 ]
    [ "$(grep -c '^Done [0-9]* runs' <<<"$output$stderr")" -eq 3 ] \
        || [ "$(grep -c 'Done [0-9]* runs' <<<"$output$stderr")" -eq 3 ]
}

@test "every seed corpus is non-empty" {
    for n in csv model_json registry; do
        [ -n "$(ls -A "$PROJECT/tests/fuzz/corpus/$n")" ]
    done
}
