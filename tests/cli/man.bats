#!/usr/bin/env bats
# Manual pages: one per program (src/*.c, src/*.sh), each documenting every
# option that the program's -h lists, with the usual sections, and rendering
# without a warning; leaguefit(7) for the pipeline.

setup() {
    PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
}

programs() {
    for f in "$PROJECT"/src/*.c "$PROJECT"/src/*.sh; do
        [ -e "$f" ] || continue
        f=${f##*/}; echo "${f%.*}"
    done
}

# The options a -h lists: long (--name) and short (-x) ones.
options_of() {
    "$PROJECT/bin/$1" -h 2>&1 |
        grep -oE -- '(^|[][ (|,])--?[A-Za-z][A-Za-z0-9-]*' |
        sed -E 's/^[][ (|,]//' | LC_ALL=C sort -u
}

# The page source with roff escapes of hyphens and fonts removed.
page_text() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(en/-/g' "$1"
}

@test "every program has a page with the usual sections" {
    for p in $(programs); do
        page="$PROJECT/man/$p.1"
        [ -f "$page" ] || { echo "no man/$p.1"; return 1; }
        for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES; do
            grep -q "^\.SH \"\?$s" "$page" || { echo "man/$p.1: no $s section"; return 1; }
        done
        grep -q "^$p \\\\- " "$page" || { echo "man/$p.1: NAME is not '$p \\- ...'"; return 1; }
    done
}

@test "every option a program's -h lists is in its page" {
    missing=
    for p in $(programs); do
        [ -x "$PROJECT/bin/$p" ] || { echo "bin/$p not built"; return 1; }
        text=$(page_text "$PROJECT/man/$p.1")
        for o in $(options_of "$p"); do
            printf '%s\n' "$text" | grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" ||
                missing="$missing $p:$o"
        done
    done
    [ -z "$missing" ] || { echo "undocumented:$missing"; return 1; }
}

@test "the option parser finds the options of fit-poisson's -h" {
    run options_of fit-poisson
    [[ "$output" == *--decay* ]]
    [[ "$output" == *--min-team-matches* ]]
    [[ "$output" == *-o* ]]
}

@test "pages render without warnings (groff -ww, man -l)" {
    for page in "$PROJECT"/man/*.1 "$PROJECT/man/leaguefit.7"; do
        out=$(groff -man -ww -z "$page" 2>&1)
        [ -z "$out" ] || { echo "$page: $out"; return 1; }
        out=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
        [ -z "$out" ] || { echo "$page: $out"; return 1; }
    done
}

@test "exit statuses 0, 1, 2 documented; 3 where -o publishes" {
    for p in $(programs); do
        page="$PROJECT/man/$p.1"
        sed -n '/^\.SH EXIT STATUS/,/^\.SH/p' "$page" | grep -q '^\.B 2$' ||
            { echo "$p: no exit status 2"; return 1; }
        if "$PROJECT/bin/$p" -h 2>&1 | grep -q 'never replaces\|never replacing'; then
            sed -n '/^\.SH EXIT STATUS/,/^\.SH/p' "$page" | grep -q '^\.B 3$' ||
                { echo "$p: no exit status 3"; return 1; }
        fi
    done
}

@test "leaguefit(7) describes the pipeline's targets and variables" {
    page="$PROJECT/man/leaguefit.7"
    for w in all status report install DATA LEAGUES UNTIL MODELS BIN LEAGUES_CSV PREFIX; do
        grep -q -- "$w" "$page" || { echo "leaguefit.7: no $w"; return 1; }
    done
    run env MANWIDTH=80 man -l "$page"
    [ "$status" -eq 0 ]
    [[ "$output" == *"SAFE MODE"* ]]
}
