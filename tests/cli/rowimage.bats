#!/usr/bin/env bats
# Row images (LEAGUEFIT_ROW_IMAGES): the programs keep the rows and feature
# tables they parse, and load them on the next read. What they make from
# an image is what they make from the text, byte for byte; a file changed
# since its image is parsed again; the pipeline gives its programs WORK's
# image directory.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export BIN="$PROJECT/bin" DATA="$BATS_FILE_TMPDIR"
    "$BIN/simulate-league" --league serie_a --seed 5 --seasons 5 --teams 12 > "$DATA/league.csv"
    "$BIN/split-league" --played serie_a "$DATA/league.csv" > "$DATA/played.csv"
    "$BIN/league-features" "$DATA/played.csv" > "$DATA/features.csv"
}

setup() {
    cd "$BATS_TEST_TMPDIR"
    unset LEAGUEFIT_ROW_IMAGES
}

# A file changed in the last 50 ms gets no image yet (rowimage.h): the
# tests wait that long after writing the files they read.
settle() { sleep 0.1; }

# Every file a model of each type is made of, from TABLE and ROWS, into DIR.
fit_all() {
    local dir=$1 table=$2 rows=$3
    mkdir -p "$dir/1x2" "$dir/draw" "$dir/poisson"
    "$BIN/fit-1x2" --all -m "$dir/1x2" "$table"
    "$BIN/emit-metrics" -t 1x2_v2 -m "$dir/1x2" -o "$dir/1x2/metrics.json" "$table"
    "$BIN/fit-draw" -o "$dir/draw/draw_model.json" "$table"
    "$BIN/emit-metrics" -t draw_specialist -m "$dir/draw" -o "$dir/draw/metrics.json" "$table"
    "$BIN/fit-poisson" -o "$dir/poisson/poisson_model.json" "$rows"
    "$BIN/emit-metrics" -t poisson_v2 -m "$dir/poisson" -o "$dir/poisson/metrics.json" "$rows"
}

@test "models from the images are the models from the text, byte for byte" {
    cp "$DATA/features.csv" "$DATA/played.csv" .
    settle
    fit_all text features.csv played.csv
    [ ! -e images ]
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    fit_all first features.csv played.csv   # parses, keeps the images
    ls images/*.features images/*.rows
    [ "$(ls images/*.features images/*.rows | wc -l)" -eq 2 ]
    # and the versions of their rows (versionmemo.h): the table's, the rows'
    [ "$(ls images/*.version | wc -l)" -eq 2 ]
    # Their use marked long ago: a load marks an image used again.
    touch -d 2001-01-01 images/*
    fit_all again features.csv played.csv   # loads them
    [ -z "$(find images -type f ! -newermt 2002-01-01)" ]
    diff -r text first
    diff -r text again
    [ "$(find text -type f | wc -l)" -eq 10 ]
}

@test "a file rewritten in place is parsed again, not taken from its image" {
    cp "$DATA/features.csv" table.csv
    settle
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    "$BIN/fit-draw" table.csv > before.json
    # The same file (inode), other rows: the last season left out.
    awk -F, 'NR == 1 || $2 != s' s="$(tail -n 1 table.csv | cut -d, -f2)" \
        "$DATA/features.csv" > shorter.csv
    cat shorter.csv > table.csv
    "$BIN/fit-draw" table.csv > after.json
    LEAGUEFIT_ROW_IMAGES= "$BIN/fit-draw" shorter.csv > want.json
    ! cmp -s before.json after.json || false
    cmp want.json after.json
}

@test "a damaged image is not used: the file is parsed" {
    cp "$DATA/played.csv" rows.csv
    settle
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    "$BIN/fit-poisson" rows.csv > want.json
    image=$(ls images/*.rows)
    [ "$(stat -c %a images "$image")" = "$(printf '700\n600')" ] # the owner's alone
    # Every byte of the image's last kilobyte zeroed (its team names).
    size=$(stat -c %s "$image")
    dd if=/dev/zero of="$image" bs=1 seek=$((size - 1024)) count=1024 conv=notrunc 2> /dev/null
    run -0 "$BIN/fit-poisson" rows.csv
    [ "$output" = "$(cat want.json)" ]
}

@test "a file with a bad row keeps no image, and its row is reported on every read" {
    # The last row again, a side playing itself.
    { cat "$DATA/played.csv"; tail -n 1 "$DATA/played.csv" | awk -F, -v OFS=, '{ $5 = $4; print }'; } > bad.csv
    settle
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    for i in 1 2; do
        run -1 --separate-stderr "$BIN/fit-poisson" bad.csv
        [[ "$stderr" == *"bad.csv:$(wc -l < bad.csv): a team cannot play itself"* ]]
    done
    [ -z "$(ls images 2> /dev/null)" ]
}

@test "import-fixtures takes canonical files from their images: the same merge, aliases applied" {
    # Two canonical files of one league; a team table renames one side.
    head -n 200 "$DATA/league.csv" > a.csv
    { head -n 1 "$DATA/league.csv"; tail -n +201 "$DATA/league.csv"; } > b.csv
    team=$(sed -n 2p a.csv | cut -d, -f4)
    printf 'league,alias,name\nserie_a,%s,%s Calcio\n' "$team" "$team" > teams.csv
    settle
    "$BIN/import-fixtures" -T teams.csv a.csv b.csv > want.csv
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    "$BIN/import-fixtures" -T teams.csv a.csv b.csv > first.csv   # parses, keeps the images
    [ "$(ls images/*.rows | wc -l)" -eq 2 ]
    touch -d 2001-01-01 images/*
    "$BIN/import-fixtures" -T teams.csv a.csv b.csv > again.csv   # loads them
    [ -z "$(find images -type f ! -newermt 2002-01-01)" ]
    cmp want.csv first.csv
    cmp want.csv again.csv
    grep -q ",$team Calcio," again.csv
    ! grep -q ",$team," again.csv || false
}

@test "import-fixtures from images: names mended, and a match an alias makes one, as from the text" {
    # a.csv: a team's name edged with a blank and another's with a
    # no-break space inside, in quoted fields; b.csv: a match of a.csv
    # again, its away side under an alias, and the rows out of date order.
    home=$(sed -n 2p "$DATA/league.csv" | cut -d, -f4)
    away=$(sed -n 2p "$DATA/league.csv" | cut -d, -f5)
    other=$(sed -n 3p "$DATA/league.csv" | cut -d, -f4)
    head -n 200 "$DATA/league.csv" |
        awk -F, -v OFS=, -v h="$home" -v o="$other" '
            $4 == h { $4 = "\" " h "\"" }
            $5 == o { sub(/ /, "\302\240", $5); $5 = "\"" $5 "\"" } 1' > a.csv
    { head -n 1 "$DATA/league.csv"; sed -n '2p; 150,154p' "$DATA/league.csv" | tac |
        awk -F, -v OFS=, -v a="$away" '$5 == a { $5 = "Alias FC" } 1'; } > b.csv
    printf 'league,alias,name\nserie_a,Alias FC,%s\n' "$away" > teams.csv
    settle
    run -1 "$BIN/import-fixtures" -T teams.csv a.csv b.csv
    want_out=$output
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    for pass in parsed loaded; do
        run -1 "$BIN/import-fixtures" -T teams.csv a.csv b.csv
        [ "$output" = "$want_out" ]
    done
    [ "$(ls images/*.rows | wc -l)" -eq 2 ]
    [[ "$output" == *"b.csv:"*": duplicate match serie_a "*" $home v $away (first at a.csv:2)"* ]]
    "$BIN/import-fixtures" -T teams.csv a.csv b.csv 2> /dev/null | grep -q "^serie_a,[^,]*,[^,]*,$home,$away,"
    ! "$BIN/import-fixtures" -T teams.csv a.csv b.csv 2> /dev/null | grep -q -e '" ' -e $'\xc2\xa0' || false
}

@test "the pipeline gives its programs WORK/cache/images; without images, the same models" {
    mkdir in wrap
    cp "$DATA/league.csv" in/
    # Each program run notes the image directory and tunables it was given.
    for p in "$BIN"/*; do
        printf '#!/bin/sh\necho "${0##*/} $1|$LEAGUEFIT_ROW_IMAGES|$GLIBC_TUNABLES" >> %s\nexec %s "$@"\n' \
            "$PWD/env.log" "$p" > "wrap/${p##*/}"
        chmod +x "wrap/${p##*/}"
    done
    run_make() { make -C "$PROJECT" DATA="$BATS_TEST_TMPDIR/in" MODELS="$BATS_TEST_TMPDIR/$1" \
                     WORK="$BATS_TEST_TMPDIR/$2" LEAGUES=serie_a LINK=0 "${@:3}" all; }
    run_make models work BIN="$PWD/wrap"
    [ "$(wc -l < env.log)" -gt 10 ]
    # (but the split of the data, their only reader in a run: no image)
    grep -q "^split-league --played||glibc.malloc.hugetlb=1" env.log
    [ -z "$(grep -v -e "^[^|]*|$PWD/work/cache/images|glibc.malloc.hugetlb=1" \
                    -e "^split-league --played||glibc.malloc.hugetlb=1" env.log)" ]
    [ "$(stat -c %a work/cache/images)" = 700 ]
    run_make models.plain work.plain LEAGUEFIT_ROW_IMAGES=
    [ ! -e work.plain/cache/images ]
    # The model files alike; the registries differ only in their dates.
    diff -r -x registry.jsonl models models.plain
    diff <(sed 's/"trained_date":"[^"]*"//' models/registry.jsonl) \
         <(sed 's/"trained_date":"[^"]*"//' models.plain/registry.jsonl)
}

# The image of the table league-features -o publishes (the writer's) and the
# image a reader keeps once it has parsed the table: the same bytes.
writer_image_is_readers() {
    local table=$1 image
    image=images/$(printf '%x-%x' "$(stat -c %d "$table")" "$(stat -c %i "$table")").features
    [ -e "$image" ]
    mv "$image" writer.image
    "$BIN/fit-draw" "$table" > /dev/null   # parses it, keeps its own
    cmp "$image" writer.image
    rm writer.image
}

@test "league-features -o keeps its table's image: the bytes a reader's parse keeps" {
    # Statistics on most rows, on some none, on one half of them; an odds
    # source, which the table leaves out; the rows last to first, which the
    # table puts in date order (its lines are not theirs).
    awk -F, -v OFS=, 'NR == 1 { print $0, "odds_source,home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners"; next }
        NR % 7 == 0 { print $0, "pinnacle_closing,,,,,,"; next }
        NR % 11 == 0 { print $0, "avg_closing", 9, 4, 3, ",,"; next }
        { print $0, "pinnacle_closing", 10 + NR % 9, 8 + NR % 5, 4 + NR % 3, 3 + NR % 4, 5, 4 }' \
        "$DATA/played.csv" | { read -r header; echo "$header"; tac; } > stats.csv
    last=$(tail -n 1 stats.csv | cut -d, -f2)
    awk -F, 'NR == 1 || $2 != s' s="$last" stats.csv > earlier.csv
    settle
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    for rows in played stats; do
        [ $rows = played ] && cp "$DATA/played.csv" played.csv
        "$BIN/league-features" -o $rows.features.csv $rows.csv
        writer_image_is_readers $rows.features.csv
    done
    # Extended from the table of the earlier seasons: the same table, and
    # again the reader's image.
    "$BIN/league-features" -o earlier.features.csv earlier.csv
    "$BIN/league-features" --base earlier.features.csv -o extended.csv stats.csv
    cmp extended.csv stats.features.csv
    writer_image_is_readers extended.csv
    # Without images: the same table, written straight out.
    LEAGUEFIT_ROW_IMAGES= "$BIN/league-features" -o plain.csv stats.csv
    cmp plain.csv stats.features.csv
}

@test "a base whose unplayed row changed is not extended; a name edged with a tab reads back" {
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    # A match still to play, dated within the earlier seasons, its odds
    # changed since the base's table: no version digests it, but the
    # table's line of it is the base's.
    last=$(tail -n 1 "$DATA/played.csv" | cut -d, -f2)
    row=$(sed -n 20p "$DATA/played.csv" | awk -F, -v OFS=, '{ print $1, $2, $3, $5, $4, "", "" }')
    { cat "$DATA/played.csv"; echo "$row,1.84,3.4,4.5"; } > before.csv
    { cat "$DATA/played.csv"; echo "$row,9.99,3.4,1.3"; } > after.csv
    awk -F, 'NR == 1 || $2 != s' s="$last" before.csv > earlier.csv
    "$BIN/league-features" -o earlier.features.csv earlier.csv
    "$BIN/league-features" --base earlier.features.csv -o extended.csv after.csv
    LEAGUEFIT_ROW_IMAGES= "$BIN/league-features" -o full.csv after.csv
    cmp extended.csv full.csv
    grep -q ',9.99,3.4,1.3,' extended.csv
    writer_image_is_readers extended.csv
    # A team's name ending in a tab, which an unquoted field would lose.
    team=$(sed -n 2p "$DATA/played.csv" | cut -d, -f4)
    awk -F, -v OFS=, -v t="$team" '$4 == t { $4 = "\"" t "\t\"" } $5 == t { $5 = "\"" t "\t\"" } 1' \
        "$DATA/played.csv" > tab.csv
    "$BIN/league-features" -o tab.features.csv tab.csv
    grep -q "\"$team"$'\t'"\"" tab.features.csv
    writer_image_is_readers tab.features.csv
}
