#!/usr/bin/env bats
# The pipeline links the lower divisions: a league whose neighbour division
# is in DATA is fitted with its rows too (promoted.h, "Linked divisions"),
# and its version names both rows; without them it is what it was. The
# data: two seasons of the premier league and the championship from the
# shared football-data files (absent: the tests are skipped).

bats_require_minimum_version 1.5.0
load stamp

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export SHARED="$PROJECT/../shared/data/football-data"
    [ -d "$SHARED" ] || return 0
    export BASE="$BATS_FILE_TMPDIR/base"
    mkdir -p "$BASE/in" "$BASE/alone"
    for d in E0 E1; do
        for s in 2022-23 2023-24; do cp "$SHARED/$d/$s.csv" "$BASE/in/$d-$s.csv"; done
    done
    cp "$BASE"/in/E0-* "$BASE/alone/"
    # One linked run that the tests copy before changing anything.
    make -C "$PROJECT" -j2 all MODELS="$BASE/models" WORK="$BASE/work" DATA="$BASE/in" \
        LEAGUES=premier_league > "$BASE/run.out" 2>&1
}

setup() {
    [ -d "$SHARED" ] || skip "no shared data at $SHARED"
    cd "$BATS_TEST_TMPDIR"
    cp -a "$BASE/models" "$BASE/work" "$BASE/in" .
    B="$PROJECT/bin"
}

pmake() {
    make -C "$PROJECT" -j2 all MODELS="$PWD/models" WORK="$PWD/work" LEAGUES=premier_league "$@"
}

versions_of() { (cd "models/$1/$2" && ls -d ????-??-??-????????); }

# Every model file with its sha256 (the registry aside: its lines carry
# the time of training).
sums() { (cd "$1" && find . -type f -name '*.json' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }

@test "the league's models link the division in DATA; every file of the version names both rows" {
    grep -q '3 trained, 0 skipped' "$BASE/run.out"
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    jq -e '.prior.linked == [{"league": "championship", "matches": 1104}]' \
        models/premier_league/poisson_v2/$v/poisson_model.json
    # The linked rows kept beside the league's, read-only: the championship's.
    [ "$(tail -n +2 $rows.feeder.csv | cut -d, -f1 | sort -u)" = championship ]
    [ "$(tail -n +2 $rows.csv | cut -d, -f1 | sort -u)" = premier_league ]
    [ ! -w $rows.feeder.csv ] || [ "$(id -u)" -eq 0 ]
    # The version digests both; the league's rows alone are another.
    [ "$("$B/data-version" --feeder $rows.feeder.csv $rows.csv | cut -f1)" = "$v" ]
    [ "$("$B/data-version" $rows.csv | cut -f1)" != "$v" ]
    matches=$(($(wc -l < $rows.csv) + $(wc -l < $rows.feeder.csv) - 2))
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ "$(versions_of premier_league $t)" = "$v" ]
        for f in models/premier_league/$t/$v/*.json; do
            [ "$(jq -r .version "$f")" = "$v" ] || { echo "$f"; false; }
            [ "$(jq -r .data.matches "$f")" -eq "$matches" ]
        done
        grep -q "\"key\":\"${t}_premier_league_$v\"" models/registry.jsonl
    done
}

@test "a change to the linked division's rows alone makes a new version; the old stays as it was" {
    sums models > before.sums
    old=$(versions_of premier_league poisson_v2)
    # The championship's last match taken out.
    head -n -1 in/E1-2023-24.csv > e1 && mv e1 in/E1-2023-24.csv
    run pmake DATA="$PWD/in"
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 0 skipped"* ]]
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ "$(versions_of premier_league $t | wc -l)" -eq 2 ]
    done
    new=$(versions_of premier_league poisson_v2 | grep -vx "$old")
    # The league's own rows are the same; only the linked rows differ.
    cmp work/versions/premier_league/$old.csv work/versions/premier_league/$new.csv
    ! cmp -s work/versions/premier_league/$old.feeder.csv work/versions/premier_league/$new.feeder.csv || false
    sums models | grep -F -f <(cut -d' ' -f3 before.sums) | cmp - before.sums
}

@test "without the linked division, or with LINK=0: the version and models of the league's rows alone" {
    run pmake DATA="$BASE/alone" MODELS="$PWD/alone" WORK="$PWD/alone-work"
    [ "$status" -eq 0 ]
    [ -z "$(ls alone-work/versions/premier_league/ | grep feeder)" ]
    v=$(cd alone/premier_league/poisson_v2 && ls -d ????-??-??-????????)
    [ "$("$B/data-version" alone-work/versions/premier_league/$v.csv | cut -f1)" = "$v" ]
    jq -e '.prior.linked == []' alone/premier_league/poisson_v2/$v/poisson_model.json
    # LINK=0 on the data with the championship, after the linked run: the
    # versions are made again, the league's own, trained beside the linked
    # one, the same bytes as without the championship in DATA.
    run pmake DATA="$PWD/in" LINK=0
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 0 skipped"* ]]
    [ "$(versions_of premier_league poisson_v2 | wc -l)" -eq 2 ]
    [ ! -e work/versions/premier_league/$v.feeder.csv ]
    cmp <(cd alone/premier_league && sums .) <(cd models/premier_league && sums . | grep "/$v/")
}

@test "make status after a LINK=0 run judges by its versions: current, and the versions not made again" {
    run pmake DATA="$PWD/in" LINK=0
    [ "$status" -eq 0 ]
    v=$(cat work/versions/premier_league/current)
    smake() { make -s -C "$PROJECT" status MODELS="$PWD/models" WORK="$PWD/work" \
        LEAGUES=premier_league DATA="$PWD/in" "$@"; }
    run -0 smake
    [[ "$output" == *"poisson_v2: 1 current, 0 stale"* ]]
    [ "$(cat work/link.txt)" = 0 ]
    [ "$(cat work/versions/premier_league/current)" = "$v" ]
    # LINK given: the status of the linked versions (the run before's)
    run -0 smake LINK=1
    [[ "$output" == *"poisson_v2: 1 current, 0 stale"* ]]
    [ "$(cat work/versions/premier_league/current)" != "$v" ]
}

@test "the walk cache of a linked version: the bytes computed without it; changed linked rows refitted" {
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    m=models/premier_league/poisson_v2/$v
    cache=work/cache/premier_league/poisson_v2.walk
    weeks=$(jq '.val.window.weeks' $m/metrics.json)
    [ "$(wc -l < $cache)" -eq "$weeks" ]
    # Every week found in the cache, none added: the pipeline's bytes, which
    # are those of a run without the cache.
    run -0 "$B/emit-metrics" -t poisson_v2 --feeder $rows.feeder.csv --cache $cache -m $m $rows.csv
    [ "$output" = "$(cat $m/metrics.json)" ]
    [ "$(wc -l < $cache)" -eq "$weeks" ]
    run -0 "$B/emit-metrics" -t poisson_v2 --feeder $rows.feeder.csv -m $m $rows.csv
    [ "$output" = "$(cat $m/metrics.json)" ]
    # A corrected score of the linked division before the walk: every week
    # refitted, never taken from the cache.
    awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = $6 + 1 } { print }' $rows.feeder.csv > fixed.csv
    mkdir fixed
    "$B/fit-poisson" --feeder fixed.csv -o fixed/poisson_model.json $rows.csv
    "$B/emit-metrics" -t poisson_v2 --feeder fixed.csv -m fixed $rows.csv > fixed.json
    ! cmp -s fixed.json $m/metrics.json || false
    run -0 "$B/emit-metrics" -t poisson_v2 --feeder fixed.csv --cache $cache -m fixed $rows.csv
    [ "$output" = "$(cat fixed.json)" ]
    [ "$(wc -l < $cache)" -eq $((2 * weeks)) ]
}

@test "league-features --base reuses a table only when its linked rows up to its last date agree" {
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    before() { awk -F, 'NR == 1 || $3 < "2024-03-01"' "$1"; }
    before $rows.csv > early.csv
    before $rows.feeder.csv > early.feeder.csv
    "$B/league-features" --feeder early.feeder.csv -o early.f.csv early.csv
    # A forged feature in the base's 10th row, vouched for as this build's:
    # it shows where the base is reused.
    awk -F, 'BEGIN { OFS = "," } NR == 11 { $NF = 0.123 } { print }' early.f.csv > forged.f.csv
    stamp_like forged.f.csv early.f.csv
    full=$rows.features.csv
    run -0 "$B/league-features" --base forged.f.csv --base-feeder early.feeder.csv \
        --feeder $rows.feeder.csv $rows.csv
    n=$(wc -l < early.f.csv)
    [ "$(printf '%s\n' "$output" | sed -n 11p)" = "$(sed -n 11p forged.f.csv)" ]
    cmp <(printf '%s\n' "$output" | sed 11d) <(sed 11d $full)
    # The base computed with other linked rows (a score corrected, or none
    # at all): every row computed again.
    awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = $6 + 1 } { print }' early.feeder.csv > other.csv
    run -0 "$B/league-features" --base forged.f.csv --base-feeder other.csv \
        --feeder $rows.feeder.csv $rows.csv
    [ "$output" = "$(cat $full)" ]
    run -0 "$B/league-features" --base forged.f.csv --feeder $rows.feeder.csv $rows.csv
    [ "$output" = "$(cat $full)" ]
    [ "$n" -gt 500 ]
}

@test "split-league --linked: the played rows before --until of the divisions sharing two teams" {
    cp work/fixtures.csv all.csv
    "$B/split-league" --played --until 2024-01-01 --linked linked.csv premier_league all.csv > pl.csv
    [ "$(tail -n +2 linked.csv | cut -d, -f1 | sort -u)" = championship ]
    [ "$(($(wc -l < linked.csv) - 1))" -eq \
      "$(awk -F, '$1 == "championship" && $3 < "2024-01-01" && $6 != ""' all.csv | wc -l)" ]
    # Before the sides that moved between them met in the data (2022-23
    # alone): no team shared, nothing linked, a header only.
    "$B/split-league" --played --until 2023-06-01 --linked none.csv premier_league all.csv > /dev/null
    [ "$(wc -l < none.csv)" -eq 1 ]
    # --linked needs --played, and never replaces its file.
    run -2 "$B/split-league" --linked x.csv premier_league all.csv
    run -3 "$B/split-league" --played --linked linked.csv premier_league all.csv
}

@test "fit-poisson: the model of the rows given, whatever the cutoff they were taken by, as the walk's refit of the week after them" {
    cp work/fixtures.csv all.csv
    # The week before the premier league's 2023-24 began: the championship
    # played its first matches (4 to 6 August 2023), relegated sides among
    # them; the version of those rows ends on the championship's last day,
    # and its model fits them.
    "$B/split-league" --played --until 2023-08-07 --linked linked.csv premier_league all.csv > pl.csv
    [ "$(tail -n +2 pl.csv | cut -d, -f3 | sort | tail -n 1)" = 2023-05-28 ]
    [ "$(tail -n +2 linked.csv | cut -d, -f3 | sort | tail -n 1)" = 2023-08-06 ]
    "$B/fit-poisson" --feeder linked.csv pl.csv > model.json
    [ "$(jq -r .data.last_date model.json)" = 2023-08-06 ]
    # The same model from those rows with a cutoff: the week's Monday (the
    # walk's refit of the week: backtest's, the metrics'), or a later day
    # (make all UNTIL=2023-08-11 versions the same rows under the same name).
    for until in 2023-08-07 2023-08-11; do
        "$B/fit-poisson" --until $until --feeder linked.csv pl.csv |
            jq 'del(.diagnostics.until, .data.cutoff)' > cut.json
        jq . model.json | cmp - cut.json
    done
    # Every row, and a cutoff in the summer after them: the linked rows of
    # two years before (the championship's first weekend of 2022-23) are
    # weighed from the league's last match either way, not from the cutoff.
    "$B/split-league" --played --linked all-linked.csv premier_league all.csv > all-pl.csv
    "$B/fit-poisson" --feeder all-linked.csv all-pl.csv | jq . > model.json
    "$B/fit-poisson" --until 2024-08-01 --feeder all-linked.csv all-pl.csv |
        jq 'del(.diagnostics.until, .data.cutoff)' | cmp - model.json
}

@test "a league whose data stopped: its linked division's later rows are fitted up to 120 days after its last match" {
    cp work/fixtures.csv all.csv
    # The premier league's 2022-23 alone (its last match 2023-05-28), the
    # championship's two seasons: of 2023-24, the rows to 2023-09-25.
    "$B/split-league" --played --linked linked.csv premier_league all.csv |
        awk -F, 'NR == 1 || $3 < "2023-07-01"' > pl.csv
    awk -F, 'NR == 1 || $3 <= "2023-09-25"' linked.csv > linked-cut.csv
    [ "$(wc -l < linked-cut.csv)" -lt "$(wc -l < linked.csv)" ]
    "$B/fit-poisson" --feeder linked.csv pl.csv > model.json
    "$B/fit-poisson" --feeder linked-cut.csv pl.csv > cut.json
    [ "$(jq -c .prior.linked model.json)" = \
      "[{\"league\":\"championship\",\"matches\":$(($(wc -l < linked-cut.csv) - 1))}]" ]
    # The later rows change the version (its data), not the model.
    [ "$(jq -r .data.last_date model.json)" = 2024-05-04 ]
    cmp <(jq 'del(.data, .version)' model.json) <(jq 'del(.data, .version)' cut.json)
}

@test "split-league --into --with-linked: each league's played and linked rows, as --linked writes them" {
    cp work/fixtures.csv all.csv
    "$B/split-league" --played --until 2024-01-01 --into into --with-linked all.csv
    [ "$(ls into)" = "championship.csv
championship.linked.csv
championship.version
leagues.txt
premier_league.csv
premier_league.linked.csv
premier_league.version" ]
    for l in championship premier_league; do
        "$B/split-league" --played --until 2024-01-01 --linked "$l.linked.csv" "$l" all.csv > "$l.csv"
        cmp "$l.csv" "into/$l.csv"
        cmp "$l.linked.csv" "into/$l.linked.csv"
        [ "$(cat "into/$l.version")" = "$("$B/data-version" --feeder "$l.linked.csv" "$l.csv")" ]
    done
    [ "$(tail -n +2 into/premier_league.linked.csv | cut -d, -f1 | sort -u)" = championship ]
}

@test "predict --linked computes the features from the rows the version links; make predict passes it" {
    printf '%s\n' "$(head -n 1 work/fixtures.csv | cut -d, -f1-10)" \
        'premier_league,2024-25,2024-08-17,Ipswich,Liverpool,,,,,' \
        'premier_league,2024-25,2024-08-17,Arsenal,Chelsea,,,,,' > fx.csv
    v=$(versions_of premier_league 1x2_v2)
    { cat work/versions/premier_league/$v.csv; tail -n +2 work/versions/premier_league/$v.feeder.csv; } > version.csv
    "$B/predict" -m models --history work/fixtures.csv --linked fx.csv > linked.csv 2> /dev/null
    "$B/predict" -m models --history version.csv --linked fx.csv > from-version.csv 2> /dev/null
    "$B/predict" -m models --history work/fixtures.csv fx.csv > unlinked.csv 2> /dev/null
    cmp linked.csv from-version.csv
    ! cmp -s linked.csv unlinked.csv || false
    # The promoted side is known to the goals model from its rows below.
    [ "$(awk -F, '$4 == "Ipswich" && $5 == "poisson_v2" { print $16 }' linked.csv)" = "" ]
    run make -C "$PROJECT" -s predict MODELS="$PWD/models" WORK="$PWD/work" FIXTURES="$PWD/fx.csv" \
        PREDICTIONS="$PWD/out"
    [ "$status" -eq 0 ]
    cmp linked.csv out/fx-*.csv
}

@test "make predict computes each version's features as they were made, whatever LINK the last run had" {
    printf '%s\n' "$(head -n 1 work/fixtures.csv | cut -d, -f1-10)" \
        'premier_league,2024-25,2024-08-17,Ipswich,Liverpool,,,,,' \
        'premier_league,2024-25,2024-08-17,Arsenal,Chelsea,,,,,' > fx.csv
    # The newest version: the league's own rows (LINK=0) ...
    run pmake DATA="$PWD/in" LINK=0
    [ "$status" -eq 0 ]
    "$B/predict" -m models --history work/fixtures.csv fx.csv > unlinked.csv 2> /dev/null
    # ... still the newest after a linked run of older data (a backfill)
    run pmake DATA="$PWD/in" UNTIL=2024-01-01
    [ "$status" -eq 0 ]
    [ "$(cat work/link.txt)" = 1 ]
    run make -C "$PROJECT" -s predict MODELS="$PWD/models" WORK="$PWD/work" FIXTURES="$PWD/fx.csv" \
        PREDICTIONS="$PWD/out"
    [ "$status" -eq 0 ]
    cmp unlinked.csv out/fx-*.csv
    # and a linked version is linked without --linked (as after a LINK=0 run)
    v=$(cd work/versions/premier_league && ls ????-??-??-????????.feeder.csv | head -n 1)
    v=${v%.feeder.csv}
    [ -d models/premier_league/1x2_v2/$v ]
    "$B/predict" -m models --history work/fixtures.csv --linked --version $v fx.csv > linked.csv 2> /dev/null
    "$B/predict" -m models --history work/fixtures.csv --versions work/versions --version $v fx.csv \
        > by-version.csv 2> /dev/null
    cmp linked.csv by-version.csv
    "$B/predict" -m models --history work/fixtures.csv --version $v fx.csv > own.csv 2> /dev/null
    ! cmp -s linked.csv own.csv || false
}

@test "a bad input file of the linked division: the league is not versioned, and the run says why" {
    echo "E1,18/05/2024,Leeds,Ipswich,x,1" >> in/E1-2023-24.csv
    run pmake DATA="$PWD/in" MODELS="$PWD/bad" WORK="$PWD/bad-work"
    [ "$status" -ne 0 ]
    [[ "$output" == *"premier_league: its linked division championship has a bad input file"* ]]
    [[ "$output" == *"0 trained, 0 skipped (already there), 3 failed"* ]]
    [ ! -e bad/premier_league ]
    # make status over the models of the good data: the league is said not
    # judged against these, not left as models without data
    run --separate-stderr make -C "$PROJECT" -s status MODELS="$PWD/models" WORK="$PWD/work" \
        DATA="$PWD/in" LEAGUES=premier_league
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"leaguefit: status: premier_league: not judged against the data given (not versioned: a division linked to it has a bad input file, above)"* ]]
}

# Every file of each type of version v, fitted and measured from its rows
# and linked rows into DIR (the programs as the pipeline runs them).
fit_version() {
    local v=$1 dir=$2 rows=work/versions/premier_league/$1
    local feed=(--feeder $rows.feeder.csv)
    mkdir -p "$dir/1x2" "$dir/draw" "$dir/poisson"
    "$B/fit-1x2" --all "${feed[@]}" --version $v -m "$dir/1x2" $rows.features.csv
    "$B/emit-metrics" -t 1x2_v2 "${feed[@]}" -m "$dir/1x2" -o "$dir/1x2/metrics.json" $rows.features.csv
    "$B/fit-draw" "${feed[@]}" --version $v -o "$dir/draw/draw_model.json" $rows.features.csv
    "$B/emit-metrics" -t draw_specialist "${feed[@]}" -m "$dir/draw" -o "$dir/draw/metrics.json" \
        $rows.features.csv
    "$B/fit-poisson" "${feed[@]}" --version $v -o "$dir/poisson/poisson_model.json" $rows.csv
    "$B/emit-metrics" -t poisson_v2 "${feed[@]}" -m "$dir/poisson" -o "$dir/poisson/metrics.json" \
        $rows.csv
}

@test "versions kept across programs: the same files, byte for byte; from a kept version the linked rows are not read" {
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    sleep 0.1 # (the copies just made: settled, versionmemo.h)
    LEAGUEFIT_ROW_IMAGES= fit_version $v plain
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    fit_version $v first   # digests, keeps the versions
    # Kept: the table's with its feeder, the rows' with it.
    [ "$(ls images/*.version | wc -l)" -eq 2 ]
    [ "$(stat -c %a images/*.version | sort -u)" = 600 ]
    touch -d 2001-01-01 images/*
    fit_version $v again   # takes them
    [ -z "$(find images -name '*.version' ! -newermt 2002-01-01)" ]
    diff -r plain first
    diff -r plain again
    [ "$(find plain -type f | wc -l)" -eq 10 ]
    # fit-draw needs the linked rows only for the version: their image
    # (used by every read of the feeder) is not used.
    feeder_image=images/$(printf '%x-%x' "$(stat -c %d $rows.feeder.csv)" "$(stat -c %i $rows.feeder.csv)").rows
    touch -d 2001-01-01 images/*
    "$B/fit-draw" --feeder $rows.feeder.csv --version $v $rows.features.csv > draw.json
    cmp draw.json plain/draw/draw_model.json
    [ -n "$(find "$feeder_image" ! -newermt 2002-01-01)" ]
    [ "$(find images -name '*.version' -newermt 2002-01-01 | wc -l)" -eq 1 ] # (the table's)
}

@test "a version's file changed after its version was kept is digested again, and refused as another version" {
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    feed=(--feeder $rows.feeder.csv)
    sleep 0.1
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    "$B/fit-draw" "${feed[@]}" --version $v -o draw.json $rows.features.csv
    mkdir draw && cp draw.json draw/draw_model.json
    "$B/emit-metrics" -t draw_specialist "${feed[@]}" -m draw -o metrics.json $rows.features.csv
    "$B/fit-poisson" "${feed[@]}" --version $v -o poisson.json $rows.csv
    [ "$(ls images/*.version | wc -l)" -eq 2 ]
    # The linked rows rewritten in place, the same size: a score swapped
    # in the last row whose two sides' goals differ.
    cp $rows.feeder.csv feeder.orig
    n=$(awk -F, 'NR > 1 && $6 != $7 { n = NR } END { print n }' feeder.orig)
    awk -F, -v OFS=, -v n=$n 'NR == n { t = $6; $6 = $7; $7 = t } 1' feeder.orig > feeder.new
    [ "$(stat -c %s feeder.new)" -eq "$(stat -c %s feeder.orig)" ]
    cat feeder.new > $rows.feeder.csv
    sleep 0.1
    other=$("$B/data-version" --feeder $rows.feeder.csv $rows.csv | cut -f1)
    [ "$other" != "$v" ]
    run -1 --separate-stderr "$B/fit-draw" "${feed[@]}" --version $v -o draw2.json $rows.features.csv
    [[ "$stderr" == *"the data are version $other, not $v"* ]]
    [ ! -e draw2.json ]
    run -1 --separate-stderr "$B/emit-metrics" -t draw_specialist "${feed[@]}" -m draw \
        -o metrics2.json $rows.features.csv
    [[ "$stderr" == *"the data are version $other, but draw/draw_model.json was fitted on version $v"* ]]
    [ ! -e metrics2.json ]
    run -1 --separate-stderr "$B/fit-poisson" "${feed[@]}" --version $v -o poisson2.json $rows.csv
    [[ "$stderr" == *"the data are version $other, not $v"* ]]
    # The old rows back, in a new file put in place (another inode): the
    # version is its own again, digested.
    cp feeder.orig feeder.copy && mv feeder.copy $rows.feeder.csv
    sleep 0.1
    "$B/fit-draw" "${feed[@]}" --version $v -o draw3.json $rows.features.csv
    cmp draw.json draw3.json
    # The league's table replaced by one without its first match: refused.
    sed 2d $rows.features.csv > table.new && mv table.new $rows.features.csv
    run -1 --separate-stderr "$B/fit-draw" "${feed[@]}" --version $v -o draw4.json $rows.features.csv
    [[ "$stderr" == *"not $v"* ]]
}

@test "a feeder given as - is standard input, never a file named - beside: no version is kept or taken for it" {
    v=$(versions_of premier_league poisson_v2)
    rows=work/versions/premier_league/$v
    # A file named - holding the version's linked rows, and on standard
    # input the linked rows without their last season: another version.
    cp $rows.feeder.csv ./-
    awk -F, 'NR == 1 || $3 < "2023-07-01"' $rows.feeder.csv > other.csv
    other=$("$B/data-version" --feeder - $rows.csv < other.csv | cut -f1)
    [ "$other" != "$v" ]
    sleep 0.1
    export LEAGUEFIT_ROW_IMAGES="$PWD/images"
    "$B/fit-draw" --feeder ./- --version $v -o draw.json $rows.features.csv
    mkdir draw && cp draw.json draw/draw_model.json
    run -1 --separate-stderr "$B/fit-draw" --feeder - --version $v -o draw2.json \
        $rows.features.csv < other.csv
    [[ "$stderr" == *"the data are version $other, not $v"* ]]
    [ ! -e draw2.json ]
    run -1 --separate-stderr "$B/emit-metrics" -t draw_specialist --feeder - -m draw \
        -o metrics.json $rows.features.csv < other.csv
    [[ "$stderr" == *"the data are version $other, but draw/draw_model.json was fitted on version $v"* ]]
    [ ! -e metrics.json ]
}
