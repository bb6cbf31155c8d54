#!/usr/bin/env bats
# league-features --base: a feature table extended from the table of an
# earlier version of the same rows, byte-identical to a full computation
# (a weekly goals-model refit starts from the last week's within a month:
# the extension refits the month's weeks before its first); changed
# history computed in full, never patched.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    local d="$BATS_FILE_TMPDIR" B="$PROJECT/bin"
    "$B/simulate-league" --league serie_a --seed 5 --seasons 4 --first-season 2020 -o "$d/all.csv"
    "$B/split-league" --played serie_a "$d/all.csv" > "$d/played.csv"
    awk -F, 'NR == 1 || $3 < "2023-03-01"' "$d/played.csv" > "$d/early.csv"
    "$B/league-features" "$d/early.csv" > "$d/early.f.csv"
    "$B/league-features" "$d/played.csv" > "$d/full.f.csv"
}

setup() { cd "$BATS_FILE_TMPDIR"; }

@test "extended from an earlier version: its rows byte-identical to a full computation" {
    run -0 "$PROJECT/bin/league-features" --base early.f.csv played.csv
    printf '%s\n' "$output" > ext.f.csv
    n=$(wc -l < early.f.csv)
    [ "$n" -gt 1000 ]
    [ "$(wc -l < ext.f.csv)" -eq "$(wc -l < full.f.csv)" ]
    cmp <(head -n "$n" full.f.csv) <(head -n "$n" ext.f.csv)
    # The base's own rows, as they were.
    cmp early.f.csv <(head -n "$n" ext.f.csv)
}

@test "the new rows too: the whole table byte-identical to a full computation" {
    "$PROJECT/bin/league-features" --base early.f.csv played.csv > ext.f.csv
    [ "$(wc -l < ext.f.csv)" -gt "$(wc -l < early.f.csv)" ]
    cmp full.f.csv ext.f.csv
}

@test "a base ending in the middle of a month: the new rows byte-identical too" {
    # The weeks of March before the 16th are refitted before the new rows'.
    awk -F, 'NR == 1 || $3 < "2023-03-16"' played.csv > mid.csv
    "$PROJECT/bin/league-features" mid.csv > mid.f.csv
    "$PROJECT/bin/league-features" --base mid.f.csv played.csv > ext.f.csv
    [ "$(wc -l < mid.f.csv)" -gt 1000 ]
    cmp full.f.csv ext.f.csv
}

@test "a base re-saved with CRLF line ends: its rows are written again, not copied" {
    sed 's/$/\r/' early.f.csv > crlf.f.csv
    "$PROJECT/bin/league-features" --base crlf.f.csv played.csv > ext.f.csv
    cmp full.f.csv ext.f.csv
}

@test "changed history is computed in full, never patched" {
    # A corrected score before the base's last date: the base is not reused.
    awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = $6 + 1 } { print }' played.csv > changed.csv
    "$PROJECT/bin/league-features" changed.csv > changed-full.f.csv
    run -0 "$PROJECT/bin/league-features" --base early.f.csv changed.csv
    [ "$output" = "$(cat changed-full.f.csv)" ]
    # A base of another league neither.
    sed 's/^serie_a,/la_liga,/' played.csv > other.csv
    run -0 "$PROJECT/bin/league-features" --base early.f.csv other.csv
    [ "$output" = "$("$PROJECT/bin/league-features" other.csv)" ]
}

@test "a base of an earlier program, without some feature: every row computed" {
    cut -d, -f1-43 early.f.csv > fewer.f.csv
    run -0 --separate-stderr "$PROJECT/bin/league-features" --base fewer.f.csv played.csv
    [ -z "$stderr" ]
    [ "$output" = "$(cat full.f.csv)" ]
}

@test "--base and --from together: usage error" {
    run -2 "$PROJECT/bin/league-features" --base early.f.csv --from 2022-01-01 played.csv
}

@test "--base-feeder without --base: usage error" {
    run -2 "$PROJECT/bin/league-features" --base-feeder played.csv played.csv
}
