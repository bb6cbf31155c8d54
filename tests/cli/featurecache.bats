#!/usr/bin/env bats
# league-features --base: a feature table extended from the table of an
# earlier version of the same rows, byte-identical to a full computation
# (a weekly goals-model refit starts from the last week's within a month:
# the extension refits the month's weeks before its first); changed
# history computed in full, never patched; a base only where this build
# of the program published it (its stamp, TABLE.made-by).

bats_require_minimum_version 1.5.0
load stamp

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    local d="$BATS_FILE_TMPDIR" B="$PROJECT/bin"
    "$B/simulate-league" --league serie_a --seed 5 --seasons 4 --first-season 2020 -o "$d/all.csv"
    "$B/split-league" --played serie_a "$d/all.csv" > "$d/played.csv"
    awk -F, 'NR == 1 || $3 < "2023-03-01"' "$d/played.csv" > "$d/early.csv"
    "$B/league-features" -o "$d/early.f.csv" "$d/early.csv"
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
    "$PROJECT/bin/league-features" -o mid.f.csv mid.csv
    "$PROJECT/bin/league-features" --base mid.f.csv played.csv > ext.f.csv
    [ "$(wc -l < mid.f.csv)" -gt 1000 ]
    cmp full.f.csv ext.f.csv
}

@test "a base re-saved with CRLF line ends: its rows are written again, not copied" {
    sed 's/$/\r/' early.f.csv > crlf.f.csv
    stamp_like crlf.f.csv early.f.csv
    "$PROJECT/bin/league-features" --base crlf.f.csv played.csv > ext.f.csv
    cmp full.f.csv ext.f.csv
}

# early.f.csv with a forged feature in its 10th row, vouched for as this
# build's, to $1: a base that shows where it is reused.
forge() {
    awk -F, 'BEGIN { OFS = "," } NR == 11 { $NF = 0.123 } { print }' early.f.csv > "$1"
    stamp_like "$1" early.f.csv
}

@test "-o stamps the table as this build's: a base it vouches for is reused, its lines copied" {
    head -n 1 early.f.csv.made-by | grep -Eq '^build-id [0-9a-f]{16,}$'
    [ "$(sed -n 2p early.f.csv.made-by)" = "$(stat -c '%s %.9Y' early.f.csv)" ]
    forge forged.f.csv
    run -0 "$PROJECT/bin/league-features" --base forged.f.csv played.csv
    [ "$(printf '%s\n' "$output" | sed -n 11p)" = "$(sed -n 11p forged.f.csv)" ]
    cmp <(printf '%s\n' "$output" | sed 11d) <(sed 11d full.f.csv)
    # The extended table published is stamped in turn.
    "$PROJECT/bin/league-features" --base early.f.csv -o published.f.csv played.csv
    cmp full.f.csv published.f.csv
    [ "$(sed -n 2p published.f.csv.made-by)" = "$(stat -c '%s %.9Y' published.f.csv)" ]
}

@test "a base of another build, one changed since its stamp, or one without: every row computed" {
    forge forged.f.csv
    # Another build's (its ID's last digit another).
    sed '1s/.$/x/' forged.f.csv.made-by > other.made-by
    mv other.made-by forged.f.csv.made-by
    run -0 --separate-stderr "$PROJECT/bin/league-features" --base forged.f.csv played.csv
    [ -z "$stderr" ]
    [ "$output" = "$(cat full.f.csv)" ]
    # This build's stamp, but the table touched since.
    forge forged.f.csv
    touch -d '2001-01-01' forged.f.csv
    run -0 "$PROJECT/bin/league-features" --base forged.f.csv played.csv
    [ "$output" = "$(cat full.f.csv)" ]
    # No stamp (the table written to standard output, or copied).
    forge forged.f.csv
    rm forged.f.csv.made-by
    run -0 "$PROJECT/bin/league-features" --base forged.f.csv played.csv
    [ "$output" = "$(cat full.f.csv)" ]
}

@test "a stamp left without its table that cannot be removed: nothing published" {
    # (faults.bats shows one removed before the table is published.)
    mkdir u.f.csv.made-by
    run -1 --separate-stderr "$PROJECT/bin/league-features" -o u.f.csv early.csv
    [[ "$stderr" == "league-features: u.f.csv.made-by: cannot remove the stamp left without its file: "* ]]
    [ ! -e u.f.csv ]
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
    stamp_like fewer.f.csv early.f.csv
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
