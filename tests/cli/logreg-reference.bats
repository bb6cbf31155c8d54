#!/usr/bin/env bats
# logreg-fit (src/lib/models/logreg.c) against scikit-learn's LogisticRegression on
# seeded data sets (tests/reference/sklearn_logreg.py), and golden stdout,
# stderr and exit status of logreg-fit. The reference tests need
# /usr/bin/python3 with numpy and scikit-learn: without them they fail,
# they do not skip (the first test says why).

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    PY=/usr/bin/python3
    REF="$PROJECT/tests/reference/sklearn_logreg.py"
    cd "$BATS_TEST_TMPDIR"
}

# Shows both sides on failure, which a bare [ = ] does not.
same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# 8 rows: x = +1 with 3 of 4 y = 1, x = -1 with 1 of 4. Standardised x is x;
# the intercept is 0 and, at lambda 0, the coefficient is log 3.
symmetric_csv() {
    printf 'x,y\n1,1\n1,1\n1,1\n1,0\n-1,1\n-1,0\n-1,0\n-1,0\n' >sym.csv
}

@test "/usr/bin/python3 has numpy and scikit-learn >= 1.2" {
    run --separate-stderr "$PY" -c 'import numpy, sklearn; print(sklearn.__version__)'
    if [ "$status" -ne 0 ]; then
        echo "$PY cannot import numpy and sklearn (Debian: apt-get install python3-sklearn)" >&2
        return 1
    fi
    [[ "$output" =~ ^(1\.([2-9]|[1-9][0-9])|[2-9])\. ]]
}

@test "seeded data sets: coefficients, intercepts and probabilities equal scikit-learn's" {
    run --separate-stderr "$PY" "$REF" run "$BIN/logreg-fit" .
    if [ "$status" -ne 0 ]; then
        printf '%s\n%s\n' "$output" "$stderr" >&2
        return 1
    fi
    sed 's/^/# /' <<<"$output" >&3
    for m in "correlated lambda=1" "correlated lambda=0.01" "correlated lambda=100" \
             "separable lambda=1" "separable lambda=0.1" "mixed lambda=1" \
             "three_class lambda=1" "three_class lambda=0.01"; do
        grep -q "^$m: .*: ok; " <<<"$output" || { echo "no ok line for '$m'" >&2; return 1; }
    done
}

@test "the reference check fails on a coefficient 1e-5 off, a wrong objective or sd" {
    "$PY" "$REF" run "$BIN/logreg-fit" . >/dev/null
    run "$PY" "$REF" check correlated.csv correlated-1.json
    [ "$status" -eq 0 ]
    jq '.coef[3] += 1e-5' correlated-1.json >coef.json
    run "$PY" "$REF" check correlated.csv coef.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: coef.json: coef/intercept differ from sklearn newton-cholesky by "* ]]
    jq '.intercept[1] -= 1e-5' three_class-1.json >mint.json
    run "$PY" "$REF" check three_class.csv mint.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: mint.json: intercepts sum to "* ]]
    jq '.diagnostics.objective *= 1.000001' three_class-1.json >obj.json
    run "$PY" "$REF" check three_class.csv obj.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: obj.json: diagnostics.objective "* ]]
    jq '.sd[0] *= 1.001' mixed-1.json >sd.json
    run "$PY" "$REF" check mixed.csv sd.json
    [ "$status" -eq 1 ]
    [[ "$output" == *"FAIL: sd.json: mean or sd is not numpy's"* ]]
}

@test "-h prints usage on stdout and exits 0" {
    run --separate-stderr "$BIN/logreg-fit" -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: logreg-fit [--lambda L] [--multinomial] [-o FILE] [FILE]"$'\n'* ]]
    [ -z "$stderr" ]
}

@test "a bad option, a bad --lambda or two operands: exit 2" {
    symmetric_csv
    run --separate-stderr "$BIN/logreg-fit" -x sym.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "logreg-fit: invalid option -- 'x'"$'\n'"usage: "* ]]
    for bad in -1 abc nan inf 1e999 ""; do
        run --separate-stderr "$BIN/logreg-fit" --lambda "$bad" sym.csv
        [ "$status" -eq 2 ]
        same "$stderr" "logreg-fit: --lambda: want a number >= 0, got '$bad'"
        [ -z "$output" ]
    done
    run --separate-stderr "$BIN/logreg-fit" sym.csv sym.csv
    [ "$status" -eq 2 ]
    [[ "$stderr" == "usage: "* ]]
}

@test "bad rows: each reported as FILE:LINE, exit 1, nothing written" {
    printf 'a,b,y\n1,2,0\n2,abc,1\n3,5\n4,3,2\n5,1e999,1\n6,7,1\n' >bad.csv
    run --separate-stderr "$BIN/logreg-fit" bad.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "logreg-fit: bad.csv:3: b: not a finite number: 'abc'
logreg-fit: bad.csv:4: 2 fields, want 3
logreg-fit: bad.csv:5: y: want 0 or 1, got '2'
logreg-fit: bad.csv:6: b: not a finite number: '1e999'
logreg-fit: bad.csv: 4 bad rows, nothing fitted"
}

@test "many bad rows: the first 10 shown, then the count (rowerrors.h)" {
    { echo a,y; for i in $(seq 1 25); do echo "$i,x"; done; echo 1,0; echo 2,1; } > many.csv
    run --separate-stderr "$BIN/logreg-fit" many.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$(grep -c '^logreg-fit: many.csv:[0-9]*: y: want 0 or 1' <<<"$stderr")" -eq 10 ]
    same "$(tail -n 2 <<<"$stderr")" "logreg-fit: many.csv: 25 bad rows in all, the first 10 shown
logreg-fit: many.csv: 25 bad rows, nothing fitted"
}

@test "y not 0 or 1; with --multinomial, y not a class number" {
    printf 'x,y\n1,0\n2,0.5\n3,1\n' >half.csv
    run --separate-stderr "$BIN/logreg-fit" half.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: half.csv:3: y: want 0 or 1, got '0.5'
logreg-fit: half.csv: 1 bad row, nothing fitted"
    printf 'x,outcome\n1,0\n2,-1\n3,1.5\n4,2\n' >cls.csv
    run --separate-stderr "$BIN/logreg-fit" --multinomial cls.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: cls.csv:3: outcome: want a class 0..999, got '-1'
logreg-fit: cls.csv:4: outcome: want a class 0..999, got '1.5'
logreg-fit: cls.csv: 2 bad rows, nothing fitted"
    printf 'x,y\n1,0\n2,2\n3,0\n' >gap.csv
    run --separate-stderr "$BIN/logreg-fit" --multinomial gap.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: gap.csv: class 1 has no rows: its intercept would be infinite"
}

@test "no input, no rows, a CSV error, a missing file: exit 1" {
    : >empty.csv
    run --separate-stderr "$BIN/logreg-fit" empty.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: empty.csv: empty input: no header line"
    run --separate-stderr "$BIN/logreg-fit" <<<"x,y"
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: -: no data rows"
    printf 'x,y\n1,0\n"2,1\n' >quote.csv
    run --separate-stderr "$BIN/logreg-fit" quote.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == "logreg-fit: quote.csv:3: CSV error: "* ]]
    run --separate-stderr "$BIN/logreg-fit" missing.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: missing.csv: No such file or directory"
}

@test "one class only, or separable data without a penalty: the fit fails, exit 1" {
    printf 'x,y\n1,0\n2,0\n3,0\n' >zeros.csv
    run --separate-stderr "$BIN/logreg-fit" zeros.csv
    [ "$status" -eq 1 ]
    same "$stderr" "logreg-fit: zeros.csv: y is 0 in every row: the intercept would be infinite"
    printf 'x,y\n1,0\n2,0\n3,1\n4,1\n' >sep.csv
    run --separate-stderr "$BIN/logreg-fit" --lambda 0 sep.csv
    [ "$status" -eq 1 ]
    [[ "$stderr" == "logreg-fit: sep.csv: no convergence: the coefficients diverge "*"use lambda > 0" ]]
    [ -z "$output" ]
    run --separate-stderr "$BIN/logreg-fit" --lambda 0.5 sep.csv
    [ "$status" -eq 0 ]
}

@test "a known answer: intercept 0 and coef log 3 at lambda 0; the JSON's members" {
    symmetric_csv
    run --separate-stderr "$BIN/logreg-fit" --lambda 0 sym.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >sym.json
    same "$(jq -c '[keys_unsorted, .features, .mean, .sd, .lambda, (.diagnostics | keys_unsorted), .diagnostics.n]' sym.json)" \
        '[["features","mean","sd","intercept","coef","lambda","diagnostics"],["x"],[0],[1],0,["n","iterations","objective","gradient_norm"],8]'
    jq -e '(.intercept | fabs) < 1e-15 and (.coef[0] - (3 | log) | fabs) < 1e-14' sym.json
}

@test "--multinomial: classes named 0..K-1, centred intercepts and coefficients" {
    printf 'a,b,y\n' >three.csv
    for i in $(seq 0 29); do
        echo "$((i % 5)),$((i % 7 - 3)),$(((i * 7) % 3))" >>three.csv
    done
    run --separate-stderr "$BIN/logreg-fit" --multinomial --lambda 0.5 three.csv
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >three.json
    same "$(jq -c '[keys_unsorted, .features, .classes, (.coef | length), (.coef[0] | length)]' three.json)" \
        '[["features","classes","intercept","coef","lambda","diagnostics"],["a","b"],["0","1","2"],3,2]'
    jq -e '(.intercept | add | fabs) < 1e-15 and
           ([range(2) as $j | [.coef[][$j]] | add | fabs] | max) < 1e-14' three.json
}

@test "stdin, -o FILE (never replaced), deterministic output, /dev/full" {
    symmetric_csv
    "$BIN/logreg-fit" sym.csv >a.json
    "$BIN/logreg-fit" <sym.csv >b.json
    "$BIN/logreg-fit" -o c.json sym.csv
    cmp a.json b.json
    cmp a.json c.json
    run --separate-stderr "$BIN/logreg-fit" -o c.json sym.csv
    [ "$status" -eq 3 ]
    same "$stderr" "logreg-fit: c.json: already exists, not overwritten"
    cmp a.json c.json
    run --separate-stderr bash -c '"$0" sym.csv >/dev/full' "$BIN/logreg-fit"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "logreg-fit: write error: "* ]]
}
