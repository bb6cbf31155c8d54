#!/usr/bin/env bats
# emit-metrics --cache: the weeks of a validation walk kept between runs.
# A cached week is the week recomputed, to the bit; a new version of the
# data refits only its new weeks; changed history is refitted; a cache
# that does not check is reported and recomputed, never trusted.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    local d="$BATS_FILE_TMPDIR" B="$PROJECT/bin"
    cd "$d"
    "$B/simulate-league" --league serie_a --seed 9 --seasons 3 --teams 12 --first-season 2020 -o all.csv
    "$B/split-league" --played serie_a all.csv > new.csv
    # The older version: the same rows without the last match week.
    local last=$(tail -n 1 new.csv | cut -d, -f3)
    awk -F, -v l="$last" 'NR == 1 || $3 < l' new.csv > old.csv
    for v in old new; do
        "$B/league-features" -o $v.f.csv $v.csv
        fit_version $v
        for t in poisson_v2 1x2_v2 draw_specialist; do
            "$B/emit-metrics" -t $t -m $v/$t $(input $v $t) > $v.$t.json
        done
    done
}

# The models of each type of version V (V.csv, its feature table V.f.csv)
# in V/TYPE.
fit_version() {
    local v=$1 o
    mkdir -p $v/poisson_v2 $v/1x2_v2 $v/draw_specialist
    "$B/fit-poisson" -o $v/poisson_v2/poisson_model.json $v.csv
    for o in home draw away; do
        "$B/fit-1x2" --outcome $o -o $v/1x2_v2/${o}_model.json $v.f.csv
    done
    "$B/fit-1x2" --calibrate -m $v/1x2_v2 -o $v/1x2_v2/calibrator.json $v.f.csv
    "$B/fit-draw" -o $v/draw_specialist/draw_model.json $v.f.csv
}

# Version V of the rows before DATE: new's rows and feature rows (a
# feature table of the rows before a day is the first rows of a longer one).
version_before() {
    awk -F, -v l="$1" 'NR == 1 || $3 < l' new.csv > $2.csv
    awk -F, -v l="$1" 'NR == 1 || $3 < l' new.f.csv > $2.f.csv
}

# The input of a type's metrics: the rows, or the feature table.
input() { if [ "$2" = poisson_v2 ]; then echo "$1.csv"; else echo "$1.f.csv"; fi; }

setup() {
    cd "$BATS_TEST_TMPDIR"
    cp -r "$BATS_FILE_TMPDIR"/. .
    B="$PROJECT/bin"
}

metrics() { # VERSION TYPE CACHE: metrics.json with the cache
    "$B/emit-metrics" -t "$2" --cache "$3" -m "$1/$2" "$(input "$1" "$2")"
}

@test "with a cache, empty or full: the same bytes as without" {
    for t in poisson_v2 1x2_v2 draw_specialist; do
        run -0 --separate-stderr metrics new $t c.$t
        [ -z "$stderr" ]
        [ "$output" = "$(cat new.$t.json)" ]
        weeks=$(wc -l < c.$t)
        [ "$weeks" -eq "$(jq '.val.window.weeks' new.$t.json)" ]
        [ "$weeks" -ge 20 ]
        # The second run finds every week and adds none.
        run -0 --separate-stderr metrics new $t c.$t
        [ "$output" = "$(cat new.$t.json)" ]
        [ "$(wc -l < c.$t)" -eq "$weeks" ]
    done
}

@test "the weeks found are taken from the cache, not refitted" {
    metrics new poisson_v2 c > /dev/null
    # Every kept P(home) of every week set to 0.5, each line's check
    # recomputed: a run that read them scores other forecasts.
    while read -r key rest; do
        set -- $rest
        line="$key"
        i=0
        for v in "${@:1:$#-1}"; do
            [ $((i % 3)) -eq 0 ] && [ "$v" != - ] && v=0x1p-1
            line="$line $v"
            i=$((i + 1))
        done
        printf '%s %s\n' "$line" "$(printf '%s' "$line" | sha256sum | cut -c1-8)"
    done < c > forged
    mv forged c
    run -0 metrics new poisson_v2 c
    [ "$output" != "$(cat new.poisson_v2.json)" ]
    [ "$(echo "$output" | jq '.train')" = "$(jq '.train' new.poisson_v2.json)" ]
}

@test "a new version refits only its new week, and scores as if computed in full" {
    for t in poisson_v2 1x2_v2 draw_specialist; do
        run -0 metrics old $t c.$t
        [ "$output" = "$(cat old.$t.json)" ]
        before=$(wc -l < c.$t)
        run -0 metrics new $t c.$t
        [ "$output" = "$(cat new.$t.json)" ]
        [ "$(wc -l < c.$t)" -eq $((before + 1)) ]
    done
}

@test "a new week in the middle of a month: its fit starts where a walk in full starts it" {
    # A week's fits start from the last week's (walkforward.h; each
    # type's): poisson_v2's within the month, the weeks of the month that
    # the cache gives refitted first; 1x2_v2's and draw_specialist's from
    # the walk's first week, taken up from the state the cache keeps with
    # the last week it gives. The last Monday from the 15th to the 28th
    # of a month with a match in its week, then the rows before it (old)
    # and those before the next Monday (new).
    dates=$(tail -n +2 new.csv | cut -d, -f3 | sort -u)
    monday=$(paste -d' ' <(echo "$dates") <(echo "$dates" | date -f - +%u) |
        awk '{ print $1 " -" $2 - 1 " days" }' | date -f - +%F | sort -u |
        awk -F- '$3 >= 15 && $3 <= 28' | tail -n 1)
    next=$(date -d "$monday +7 days" +%F)
    [ -n "$monday" ]
    [ "$(date -d "$monday -7 days" +%m)" = "$(date -d "$monday" +%m)" ]
    for v in old2:$monday new2:$next; do
        version_before "${v#*:}" ${v%%:*}
        fit_version ${v%%:*}
    done
    for t in poisson_v2 1x2_v2 draw_specialist; do
        "$B/emit-metrics" -t $t -m new2/$t $(input new2 $t) > new2.$t.json
        metrics old2 $t c.$t > /dev/null
        before=$(wc -l < c.$t)
        run -0 metrics new2 $t c.$t
        [ "$output" = "$(cat new2.$t.json)" ]
        [ "$(wc -l < c.$t)" -eq $((before + 1)) ]
    done
}

@test "a season's first weeks walked from the season before, then its own: the bytes computed without the cache" {
    # 2022-23 is the last season (132 matches): none of it, its first
    # week, 60 matches (the walk from 2021-22's first day still), 66 (half
    # of 2021-22's: from its own first day). One cache file carried
    # through the versions, as a league's pipeline keeps it.
    local cut t v before
    for t in poisson_v2 1x2_v2 draw_specialist; do
        : > c.$t
        for cut in 2022-08-13 2022-08-20 2022-12-24 2023-01-07; do
            v=v$cut
            [ -d $v ] || { version_before $cut $v && fit_version $v; }
            "$B/emit-metrics" -t $t -m $v/$t $(input $v $t) > $v.$t.json
            before=$(wc -l < c.$t)
            run -0 --separate-stderr metrics $v $t c.$t
            [ -z "$stderr" ]
            [ "$output" = "$(cat $v.$t.json)" ]
            echo "$cut $(jq -c '.val.window | [.from_season, .weeks]' $v.$t.json)" \
                "$(($(wc -l < c.$t) - before))" >> found.$t
        done
    done
    # Each version refits its new weeks, and the one whose walk starts a
    # season later the weeks chained to its first day: 1x2_v2's and
    # draw_specialist's all, poisson_v2's those of its first month (three
    # in August 2022).
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ $t = poisson_v2 ] && switch=4 || switch=11
        cat found.$t
        [ "$(cat found.$t)" = "2022-08-13 [null,22] 22
2022-08-20 [\"2021-22\",23] 1
2022-12-24 [\"2021-22\",32] 9
2023-01-07 [null,11] $switch" ]
    done
}

@test "changed history: every week refitted, never patched" {
    metrics old poisson_v2 c > /dev/null
    before=$(wc -l < c)
    # A corrected score in the first season.
    awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = $6 + 1 } { print }' new.csv > fixed.csv
    mkdir -p fixed/poisson_v2
    "$B/fit-poisson" -o fixed/poisson_v2/poisson_model.json fixed.csv
    "$B/emit-metrics" -t poisson_v2 -m fixed/poisson_v2 fixed.csv > fixed.json
    run -0 "$B/emit-metrics" -t poisson_v2 --cache c -m fixed/poisson_v2 fixed.csv
    [ "$output" = "$(cat fixed.json)" ]
    weeks=$(jq '.val.window.weeks' fixed.json)
    [ "$(wc -l < c)" -eq $((before + weeks)) ]
}

@test "another feature table of the same rows: every week refitted" {
    metrics new 1x2_v2 c > /dev/null
    before=$(wc -l < c)
    # The same rows, one feature of one early row changed.
    awk -F, 'BEGIN { OFS = "," } NR == 20 { $NF = $NF + 0.5 } { print }' new.f.csv > other.f.csv
    "$B/emit-metrics" -t 1x2_v2 -m new/1x2_v2 other.f.csv > other.json
    run -0 "$B/emit-metrics" -t 1x2_v2 --cache c -m new/1x2_v2 other.f.csv
    [ "$output" = "$(cat other.json)" ]
    [ "$(wc -l < c)" -gt "$before" ]
}

@test "a torn or forged line: reported, its week refitted, the next append sealed off" {
    metrics new poisson_v2 c > /dev/null
    weeks=$(wc -l < c)
    # The last line cut short (a run killed while writing), one line forged.
    head -c -20 c > torn
    sed -i '1s/ 0x/ 0x1/' torn
    mv torn c
    run -0 --separate-stderr metrics new poisson_v2 c
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [[ "$stderr" == "emit-metrics: c: 2 lines that do not check skipped"* ]]
    # The two weeks appended after a newline: the file's lines all whole again.
    [ "$(tail -c 1 c | od -An -c | tr -d ' ')" = '\n' ]
    run -0 --separate-stderr metrics new poisson_v2 c
    [[ "$stderr" == "emit-metrics: c: 2 lines that do not check skipped"* ]]
    [ "$(wc -l < c)" -eq $((weeks + 2)) ]
}

@test "an empty line (a seal after a line another run was still writing): skipped unsaid, no week refitted" {
    metrics new poisson_v2 c > /dev/null
    weeks=$(wc -l < c)
    sed -i '2{x;p;x}' c
    [ "$(wc -l < c)" -eq $((weeks + 1)) ]
    run -0 --separate-stderr metrics new poisson_v2 c
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ -z "$stderr" ]
    [ "$(wc -l < c)" -eq $((weeks + 1)) ]
}

@test "a cache that cannot be read or written: reported, the metrics written all the same" {
    touch file
    run -0 --separate-stderr metrics new poisson_v2 file/c
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ "$stderr" = "emit-metrics: file/c: Not a directory: its weeks are recomputed
emit-metrics: file/c: Not a directory: the weeks computed are not kept" ]
}

# emit-metrics linked anew from the build's objects, with LDFLAGS (and,
# where make check-asan built them sanitized, its sanitizers' runtime).
relink() { # OUT LDFLAGS...
    local out=$1 link=(cc)
    shift
    ! nm "$PROJECT/build/emit-metrics.o" | grep -q __asan_ ||
        link=(clang -fsanitize=address,undefined)
    "${link[@]}" "$@" -o "$out" "$PROJECT/build/emit-metrics.o" "$PROJECT/build/libleaguefit.a" \
        -lcsv -lcjson -lnettle -lm
}

build_id() { readelf -n "$1" | sed -n 's/.*Build ID: //p'; }

@test "the program by its build ID: a copy finds the weeks, another build refits them all" {
    metrics new poisson_v2 c > /dev/null
    weeks=$(wc -l < c)
    [ -n "$(build_id "$B/emit-metrics")" ]
    # The same program elsewhere: the same ID, every week found.
    cp "$B/emit-metrics" copy
    run -0 ./copy -t poisson_v2 --cache c -m new/poisson_v2 new.csv
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ "$(wc -l < c)" -eq "$weeks" ]
    # Stripped of its debugging information: other bytes, the same code
    # and ID, every week found (the key is the ID, not the file).
    strip -o stripped "$B/emit-metrics"
    run cmp -s stripped "$B/emit-metrics"
    [ "$status" -eq 1 ]
    [ "$(build_id stripped)" = "$(build_id "$B/emit-metrics")" ]
    run -0 ./stripped -t poisson_v2 --cache c -m new/poisson_v2 new.csv
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ "$(wc -l < c)" -eq "$weeks" ]
    # Another build (the same objects, one symbol more: other bytes, so
    # another ID from the linker): every week refitted.
    relink other -Wl,--build-id=sha1 -Wl,--defsym=walk_cache_test_build=1
    [ -n "$(build_id other)" ]
    [ "$(build_id other)" != "$(build_id "$B/emit-metrics")" ]
    run -0 ./other -t poisson_v2 --cache c -m new/poisson_v2 new.csv
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ "$(wc -l < c)" -eq $((2 * weeks)) ]
    # A program without an ID is known by its file's digest: its own
    # weeks, found by its next run.
    relink plain -Wl,--build-id=none
    [ -z "$(build_id plain)" ]
    run -0 ./plain -t poisson_v2 --cache c -m new/poisson_v2 new.csv
    [ "$output" = "$(cat new.poisson_v2.json)" ]
    [ "$(wc -l < c)" -eq $((3 * weeks)) ]
    run -0 ./plain -t poisson_v2 --cache c -m new/poisson_v2 new.csv
    [ "$(wc -l < c)" -eq $((3 * weeks)) ]
}
