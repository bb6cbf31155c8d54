#!/usr/bin/env bats
# registry-keys: the keys of the registry's lines (of those mentioning
# some keys), as every reader of the registry reads a line (registry.h),
# "#torn" for a line that is not a JSON object: what leaguefit-status asks
# of the registry.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    RK=$PROJECT/bin/registry-keys
    REG=$BATS_TEST_TMPDIR/registry.jsonl
    cd "$BATS_TEST_TMPDIR"
}

# The reading leaguefit-status made of the lines before registry-keys:
# jq's, over the lines grep -F finds holding one of "KEY" (all without).
jq_keys() {
    local key
    local -a pattern=()
    for key; do pattern+=(-e "\"$key\""); done
    if [ $# -gt 0 ]; then grep -aF "${pattern[@]}" "$REG" || :; else cat "$REG"; fi |
        jq -R -r '(fromjson? // "#torn") | if type == "object" then .key // empty else "#torn" end'
}

# The lines a registry can hold besides registry-append's own: spaced
# members, escapes, a repeated key, a member of another name, a key that
# is no string, a foreign line, a blank one, a byte not UTF-8 outside the
# key, the NULs a crash can leave, a torn last line.
odd_registry() {
    {
        printf '%s\n' '{"key":"poisson_v2_serie_a_v2","model_type":"poisson_v2"}' \
            '{ "key" : "poisson_v2_ligue_1_v2" , "league": "ligue_1" }' \
            '{"key":"caf\u00e9_\"quoted\"_\/","note":"\t\u0041"}' \
            '{"key":"poisson_v2_first","key":"poisson_v2_last"}' \
            '{"model_type":"poisson_v2","league":"serie_a"}' \
            '{"key":5}' '{"key":null}' '["poisson_v2_serie_a_v2"]' ''
        printf '{"key":"fr_v2","note":"f\xe9vrier"}\n'
        printf '\0\0\0\0\n'
        printf '{"key":"1x2_v2_serie_a_v2","data":{"first_date":"20'
    } > "$REG"
}

# ---- usage ----

@test "-h prints usage on stdout and exits 0" {
    run -0 --separate-stderr "$RK" -h
    [[ "${lines[0]}" == "usage: registry-keys -r REGISTRY [--] [KEY...]" ]]
    [ -z "$stderr" ]
}

@test "no registry named, or an unknown option: usage on stderr, exit 2" {
    run -2 --separate-stderr "$RK" poisson_v2_serie_a_v2
    [ -z "$output" ]
    [[ "$stderr" == "registry-keys: -r REGISTRY is required"$'\n'"usage: "* ]]
    run -2 "$RK" -r "$REG" --frobnicate
}

@test "a registry that is not there, or cannot be read: its name and why, exit 1" {
    run -1 --separate-stderr "$RK" -r missing.jsonl
    [ "$stderr" = "registry-keys: missing.jsonl: No such file or directory" ]
    mkdir dir.jsonl
    run -1 --separate-stderr "$RK" -r dir.jsonl
    [ "$stderr" = "registry-keys: dir.jsonl: read error: Is a directory" ]
}

@test "> /dev/full: exit 1 with a write error" {
    odd_registry
    run -1 --separate-stderr bash -c '"$0" -r "$1" > /dev/full' "$RK" "$REG"
    [[ "$stderr" == "registry-keys: "*"No space left on device"* ]]
}

# ---- every line ----

@test "every line: its key, the last of a repeated one, escapes decoded; #torn for a line no object; nothing said" {
    odd_registry
    run -0 --separate-stderr "$RK" -r "$REG"
    [ -z "$stderr" ]
    want=(poisson_v2_serie_a_v2 poisson_v2_ligue_1_v2 'café_"quoted"_/' poisson_v2_last
          '#torn' '#torn' fr_v2 '#torn' '#torn')
    [ "${#lines[@]}" -eq "${#want[@]}" ]
    for i in "${!want[@]}"; do [ "${lines[i]}" = "${want[i]}" ] || { echo "line $i: ${lines[i]}"; false; }; done
    # The line not UTF-8 keeps its bytes, in a locale of UTF-8 too.
    LC_ALL=C.UTF-8 run -0 "$RK" -r "$REG"
    [ "${lines[6]}" = fr_v2 ]
}

@test "every line, as jq read them for leaguefit-status: the same keys and #torn lines" {
    odd_registry
    # But for the key that is no string, whose JSON text jq printed (5): no
    # key of a type, league and version, which leaguefit-status asks of.
    diff <(jq_keys | grep -vx 5) <("$RK" -r "$REG")
}

@test "an empty registry: no line" {
    : > "$REG"
    run -0 "$RK" -r "$REG"
    [ -z "$output" ]
}

# ---- the lines of some keys ----

@test "KEYs: the lines holding \"KEY\", wherever, each line's own key printed" {
    printf '%s\n' '{"key":"poisson_v2_serie_a_v2"}' '{"key":"poisson_v2_serie_a_v2@reinstated-1"}' \
        '{"key":"other","replaces":"poisson_v2_serie_a_v2"}' '{"key":"x","key":"ligue_1"}' \
        '["poisson_v2_serie_a_v2"]' > "$REG"
    printf '{"key":"poisson_v2_serie_a_v2","data":{"first_date":"20' >> "$REG"
    run -0 "$RK" -r "$REG" poisson_v2_serie_a_v2
    # Its own line, the line naming it in another member, the foreign line
    # and the torn one holding the string; not the reinstatement (no
    # closing quote after the key).
    [ "$output" = $'poisson_v2_serie_a_v2\nother\n#torn\n#torn' ]
    run -0 "$RK" -r "$REG" -- poisson_v2_serie_a_v2@reinstated-1 ligue_1 nothing
    [ "$output" = $'poisson_v2_serie_a_v2@reinstated-1\nligue_1' ]
    run -0 "$RK" -r "$REG" poisson_v2
    [ -z "$output" ]
}

@test "KEYs: the lines grep -F finds, read as jq read them, for any keys at once" {
    odd_registry
    for keys in poisson_v2_serie_a_v2 "poisson_v2_ligue_1_v2 fr_v2 nothing" key 'caf\u00e9_\"quoted\"_\/' \
                "poisson_v2_first poisson_v2_last" ligue_1; do
        diff <(jq_keys $keys | grep -vx 5) <("$RK" -r "$REG" -- $keys) || { echo "keys: $keys"; false; }
    done
}

@test "KEYs: a key written with escapes is found as grep finds it, by its bytes" {
    printf '%s\n' '{"key":"a\u005fb"}' '{"key":"a_b"}' > "$REG"
    run -0 "$RK" -r "$REG" a_b
    [ "$output" = a_b ]
    run -0 "$RK" -r "$REG" 'a\u005fb'
    [ "$output" = a_b ]
}

@test "KEYs: a KEY that looks like an option, after --" {
    printf '%s\n' '{"key":"-r"}' > "$REG"
    run -0 "$RK" -r "$REG" -- -r
    [ "$output" = -r ]
}

# ---- ranks ----

@test "--ranks: each version's epoch, last line and registration, as predict ranks them; other leagues' lines and a torn one passed over, nothing said" {
    {
        printf '%s\n' '{"key":"poisson_v2_serie_a_2024-05-12-aaaaaaaa"}' \
            '{"key":"poisson_v2_ligue_1_2024-05-12-bbbbbbbb"}' \
            '{"key":"poisson_v2_serie_a_2024-05-19-cccccccc"}' \
            '{"key":"poisson_v2_serie_a_2024-05-12-aaaaaaaa@reinstated-1","newest":"of all dates"}' \
            '{"key":"poisson_v2_serie_a_2024-05-26-dddddddd","data":{"cutoff":"2024-05-20"}}' \
            '{"key":"poisson_v2_serie_a_2024-06-02-eeeeeeee"}' \
            '{"key":"poisson_v2_serie_a_2024-04-01-12345678@reinstated-2"}' \
            '{"key":"poisson_v2_serie_a_2024-06-02-eeeeeeee@reinstated-0"}'
        printf '{"key":"poisson_v2_serie_a_2024-06-09-ffffffff"'
    } >"$REG"
    run -0 --separate-stderr "$RK" -r "$REG" --ranks poisson_v2_serie_a_
    [ -z "$stderr" ]
    # The reinstatement of all dates (line 4) is the epoch of its version
    # and of the next registration, not of the backfill's (line 5); one
    # without "newest" takes its date's highest (none: 0) and registers
    # nothing; "@reinstated-0" is no reinstatement, the torn line no line.
    # The last field: the number of the version's last reinstatement.
    [ "$output" = "2024-05-12-aaaaaaaa 4 4 1 1
2024-05-19-cccccccc 0 3 1 0
2024-05-26-dddddddd 0 5 1 0
2024-06-02-eeeeeeee 4 6 1 0
2024-04-01-12345678 0 7 0 2" ]
    run -0 "$RK" -r "$REG" --ranks 1x2_v2_serie_a_
    [ -z "$output" ]
    # Every type and league's, each line led by its prefix, the leagues in
    # the order of their first lines.
    run -0 --separate-stderr "$RK" -r "$REG" --all-ranks
    [ -z "$stderr" ]
    [ "$output" = "poisson_v2_serie_a_ 2024-05-12-aaaaaaaa 4 4 1 1
poisson_v2_serie_a_ 2024-05-19-cccccccc 0 3 1 0
poisson_v2_serie_a_ 2024-05-26-dddddddd 0 5 1 0
poisson_v2_serie_a_ 2024-06-02-eeeeeeee 4 6 1 0
poisson_v2_serie_a_ 2024-04-01-12345678 0 7 0 2
poisson_v2_ligue_1_ 2024-05-12-bbbbbbbb 0 2 1 0" ]
}

@test "--all-ranks: a key is a version's by its end alone (a prefix holding '@'), and keys of no version rank nothing" {
    printf '%s\n' '{"key":"poisson_v2_a@b_2024-05-12-aaaaaaaa"}' \
        '{"key":"poisson_v2_a@b_2024-05-12-aaaaaaaa@reinstated-1","newest":"of all dates"}' \
        '{"key":"poisson_v2_serie_a_v2"}' '{"key":"poisson_v2_serie_a_2024-05-12-aaaaaaa"}' \
        '{"key":"poisson_v2_serie_a_2024-05-12-aaaaaaaa@reinstated-01"}' \
        '{"key":"poisson_v2serie_a2024-05-12-aaaaaaaa"}' '{"key":"2024-05-12-aaaaaaaa"}' >"$REG"
    run -0 --separate-stderr "$RK" -r "$REG" --all-ranks
    [ -z "$stderr" ]
    [ "$output" = "poisson_v2_a@b_ 2024-05-12-aaaaaaaa 2 2 1 1" ]
}

@test "--all-ranks: a prefix that is no one field (a space in a key edited by hand) is not printed; a registry it cannot read again (a pipe) is an error" {
    printf '%s\n' '{"key":"x y_2024-05-12-aaaaaaaa"}' '{"key":"poisson_v2_serie_a_2024-05-12-aaaaaaaa"}' \
        '{"key":"x\ty_2024-05-12-aaaaaaaa@reinstated-1","newest":"of all dates"}' >"$REG"
    run -0 --separate-stderr "$RK" -r "$REG" --all-ranks
    [ -z "$stderr" ]
    [ "$output" = "poisson_v2_serie_a_ 2024-05-12-aaaaaaaa 0 2 1 0" ]
    run -1 --separate-stderr "$RK" -r <(cat "$REG") --all-ranks
    [ -z "$output" ]
    [[ "$stderr" == "registry-keys: /dev/fd/"*": --all-ranks reads the registry again, which this one cannot be: Illegal seek" ]]
    run -0 "$RK" -r <(cat "$REG") --ranks poisson_v2_serie_a_
    [ "$output" = "2024-05-12-aaaaaaaa 0 2 1 0" ]
}

@test "--ranks and --all-ranks take no KEYs, and not each other: usage on stderr, exit 2" {
    : >"$REG"
    run -2 --separate-stderr "$RK" -r "$REG" --ranks poisson_v2_serie_a_ poisson_v2_serie_a_v2
    [ -z "$output" ]
    [[ "$stderr" == "registry-keys: --ranks and --all-ranks take no KEYs"$'\n'"usage: "* ]]
    run -2 --separate-stderr "$RK" -r "$REG" --all-ranks poisson_v2_serie_a_v2
    [[ "$stderr" == "registry-keys: --ranks and --all-ranks take no KEYs"$'\n'"usage: "* ]]
    run -2 --separate-stderr "$RK" -r "$REG" --all-ranks --ranks poisson_v2_serie_a_
    [[ "$stderr" == "registry-keys: --ranks or --all-ranks, not both"$'\n'"usage: "* ]]
}
