#!/usr/bin/env bats
# The training pipeline (pipeline.mk) as a user drives it: make -j all on the
# demo data and on the shared football-data files, reruns, partial repair,
# dry run, status, failures.

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export SHARED_DATA="$PROJECT/../shared/data/football-data"
    export BASE="$BATS_FILE_TMPDIR/base"
    mkdir -p "$BASE/empty"
    # One demo training run that the tests copy before changing anything.
    make -C "$PROJECT" -j2 all MODELS="$BASE/models" WORK="$BASE/work" \
        DEMO=1 > "$BASE/first-run.out" 2>&1
}

setup() {
    RUN="$BATS_TEST_TMPDIR/run"
    mkdir -p "$RUN"
    cp -a "$BASE/models" "$BASE/work" "$RUN/"
    mkdir -p "$RUN/empty"
}

# make with this test's own copy of models/ and data work directory.
pmake() {
    make -C "$PROJECT" MODELS="$RUN/models" WORK="$RUN/work" DEMO=1 "$@"
}

# The version directory of a league's model of a type (the demo's leagues
# have one version each).
vdir() { echo "$1/$2/$3"/????-??-??-????????; }

# Path, size and mtime of every model file: unchanged means untouched.
listing() {
    (cd "$1" && find . -type f ! -name '.status-before*' -printf '%p %s %T@\n' | LC_ALL=C sort)
}

LEAGUES8="premier_league la_liga serie_a bundesliga ligue_1 eredivisie primeira_liga championship"
TYPES="poisson_v2 1x2_v2 draw_specialist"
FILES_poisson_v2="poisson_model.json metrics.json"
FILES_1x2_v2="home_model.json draw_model.json away_model.json calibrator.json feature_list.json metrics.json"
FILES_draw_specialist="draw_model.json metrics.json"
MAIN_poisson_v2=poisson_model.json
MAIN_1x2_v2=home_model.json
MAIN_draw_specialist=draw_model.json

@test "a fresh run trains the three types for all 8 demo leagues and says so" {
    grep -q 'from the simulated demo data' "$BASE/first-run.out"
    grep -qx 'leaguefit: 24 trained, 0 skipped (already there), 0 failed, 0 not attempted, 0 not in the data' \
        "$BASE/first-run.out"
    for t in $TYPES; do
        files=FILES_$t
        for l in $LEAGUES8; do
            for f in ${!files}; do
                [ -s "$(vdir "$BASE/models" $l $t)/$f" ]
            done
        done
    done
}

@test "the registry has one valid line per model, with checksums of its files" {
    reg="$BASE/models/registry.jsonl"
    [ "$(wc -l < "$reg")" -eq 24 ]
    [ -z "$(jq -r .key "$reg" | sort | uniq -d)" ]
    for t in $TYPES; do
        files=FILES_$t main=MAIN_$t
        for l in $LEAGUES8; do
            d=$(vdir "$BASE/models" $l $t)
            line=$(jq -c --arg k "${t}_${l}_${d##*/}" 'select(.key == $k)' "$reg")
            [ -n "$line" ]
            for f in ${!files}; do
                want=$(sha256sum "$d/$f" | cut -d' ' -f1)
                [ "$(jq -r --arg f "$f" '.files[$f]' <<< "$line")" = "$want" ]
            done
            [ "$(jq -r .data.matches <<< "$line")" = "$(jq -r .data.matches "$d/${!main}")" ]
        done
    done
}

@test "metrics.json holds real walk-forward figures, no placeholders" {
    for m in "$BASE"/models/*/draw_specialist/*/metrics.json; do
        jq -e '.train.n > 0 and .val.n > 0 and .val.brier > 0 and .val.auc > 0.4
               and .baselines.bookmaker.n == .val.n and (.val.f1 | type) == "number"' "$m"
    done
    for m in "$BASE"/models/*/{poisson,1x2}_v2/*/metrics.json; do
        jq -e '.train.n > 0 and .val.n > 0 and .val.rps > 0 and .val.rps < 0.5
               and .val.log_loss > 0 and .baselines.bookmaker.n == .val.n
               and .baselines.base_rate.n == .val.n
               and .val.rps < .baselines.base_rate.rps' "$m"
    done
}

@test "a second run does nothing" {
    before=$(listing "$RUN/models")
    run pmake -j2 all
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 24 skipped (already there), 0 failed"* ]]
    [[ "$output" != *fit-poisson* ]]
    [ "$(listing "$RUN/models")" = "$before" ]
}

@test "the leagues present come from the split of the data, or from --list where an earlier split kept none" {
    # The split writes the list beside the rows; the data step copies it.
    cmp "$RUN/work/leagues.txt" "$RUN/work/played/leagues.txt"
    cmp "$RUN/work/leagues.txt" <("$PROJECT/bin/split-league" --list "$RUN/work/fixtures.csv")
    # A split made by an earlier pipeline, which kept no list.
    chmod u+w "$RUN/work/played"
    rm "$RUN/work/played/leagues.txt" "$RUN/work/leagues.txt"
    run pmake -j2 all
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 24 skipped"* ]]
    cmp "$RUN/work/leagues.txt" <("$PROJECT/bin/split-league" --list "$RUN/work/fixtures.csv")
}

@test "touching the data retrains nothing" {
    before=$(listing "$RUN/models")
    sleep 1
    touch "$RUN"/work/simulated/*.csv
    run pmake -j2 all
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 24 skipped"* ]]
    [ "$(listing "$RUN/models")" = "$before" ]
}

@test "deleting one file rebuilds that file alone, byte-identical" {
    m="$(vdir "$RUN/models" serie_a poisson_v2)/metrics.json"
    cp "$m" "$BATS_TEST_TMPDIR/saved.json"
    rm "$m"
    before=$(listing "$RUN/models" | grep -v 'serie_a/poisson_v2/.*metrics.json' | grep -v registered)
    run pmake -j2 all
    [ "$status" -eq 0 ]
    [[ "$output" == *"poisson_v2 serie_a "*": repaired"* ]]
    cmp "$m" "$BATS_TEST_TMPDIR/saved.json"
    [ "$(listing "$RUN/models" | grep -v 'serie_a/poisson_v2/.*metrics.json' | grep -v registered)" = "$before" ]
    [ "$(wc -l < "$RUN/models/registry.jsonl")" -eq 24 ]
}

@test "a partial 1x2_v2 directory rebuilds only its missing files, byte-identical" {
    d="$(vdir "$RUN/models" ligue_1 1x2_v2)"
    mkdir "$BATS_TEST_TMPDIR/saved"
    cp "$d"/calibrator.json "$d"/away_model.json "$d"/metrics.json "$BATS_TEST_TMPDIR/saved/"
    rm "$d"/calibrator.json "$d"/away_model.json "$d"/metrics.json
    before=$(listing "$RUN/models" | grep -v 'ligue_1/1x2_v2/' | grep -v registered)
    kept=$(listing "$d")
    run pmake -j2 1x2_v2 V=1
    [ "$status" -eq 0 ]
    [[ "$output" == *"1x2_v2 ligue_1 "*": repaired"* ]]
    for f in calibrator.json away_model.json metrics.json; do
        cmp "$d/$f" "$BATS_TEST_TMPDIR/saved/$f"
    done
    # one fit-1x2 run made both missing model files; the others untouched
    [ "$(grep -c 'fit-1x2 --all' <<<"$output")" -eq 1 ]
    [ "$(listing "$d" | grep -v -e calibrator -e away_model -e metrics)" = "$kept" ]
    [ "$(listing "$RUN/models" | grep -v 'ligue_1/1x2_v2/' | grep -v registered)" = "$before" ]
    [ "$(wc -l < "$RUN/models/registry.jsonl")" -eq 24 ]
}

@test "make -n all is a dry run: it creates nothing" {
    fresh="$BATS_TEST_TMPDIR/fresh"
    run make -C "$PROJECT" -n all MODELS="$fresh/models" WORK="$fresh/work" DEMO=1
    [ "$status" -eq 0 ]
    [[ "$output" == *simulate-league* ]]
    [ ! -e "$fresh" ]
    # With the data there, a missing model file is named, not made.
    rm "$(vdir "$RUN/models" serie_a poisson_v2)/poisson_model.json"
    before=$(listing "$RUN/models")
    run pmake -n all
    [ "$status" -eq 0 ]
    [[ "$output" == *"fit-poisson"*"serie_a"* ]]
    [ "$(listing "$RUN/models")" = "$before" ]
}

@test "make status lists missing, partial and existing models, also as JSON" {
    rm "$(vdir "$RUN/models" la_liga poisson_v2)/metrics.json"
    rm -r "$RUN/models/eredivisie/poisson_v2"
    run pmake -s status
    [ "$status" -eq 0 ]
    [[ "$output" == *"poisson_v2: 6 current, 0 stale, 1 partial, 1 missing, 0 without data"* ]]
    echo "$output" | grep -E '^poisson_v2 +la_liga +- +-\.\.- +partial \(2024-05-11-[0-9a-f]{8}\) +no +metrics.json$'
    echo "$output" | grep -E '^poisson_v2 +serie_a +2024-05-11-[0-9a-f]{8} +2018-08-11\.\.2024-05-11 +current +yes +$'
    run pmake -s status STATUS_FORMAT=json
    [ "$status" -eq 0 ]
    [ "$(jq -c '.poisson_v2.partial' <<< "$output")" = '["la_liga"]' ]
    [ "$(jq -c '.poisson_v2.missing' <<< "$output")" = '["eredivisie"]' ]
    [ "$(jq -c '.poisson_v2.missing_files.la_liga' <<< "$output")" = '["metrics.json"]' ]
    [ "$(jq '.poisson_v2.existing | length' <<< "$output")" -eq 6 ]
}

@test "make status: every column where its heading is, whatever the length of a league or a state" {
    rm -f "$(vdir "$RUN/models" la_liga poisson_v2)/metrics.json"
    run pmake -s status LEAGUES="la_liga serie_a argentina_liga_profesional"
    [ "$status" -eq 0 ]
    grep -E '^poisson_v2 +la_liga .* partial \(2024-05-11-[0-9a-f]{8}\) +no +metrics.json$' <<< "$output"
    grep -E '^poisson_v2 +argentina_liga_profesional +- ' <<< "$output"
    header=$(head -n 1 <<< "$output")
    for heading in NEWEST DATA STATE REG; do
        prefix=${header%%"$heading"*}
        # the column before each heading ends with a space on every row
        while IFS= read -r row; do
            [ "${row:${#prefix}-1:1}" = " " ] || { echo "$heading: $row"; false; }
            [ "${row:${#prefix}:1}" != " " ] || { echo "$heading: $row"; false; }
        done < <(grep -E '^(poisson_v2|1x2_v2|draw_specialist) ' <<< "$output")
    done
}

@test "make poisson_v2 and LEAGUES= restrict the run" {
    rm -r "$RUN/models" && mkdir "$RUN/models"
    run pmake poisson_v2 LEAGUES="serie_a ligue_1"
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 trained, 0 skipped"* ]]
    [ "$(ls "$RUN/models")" = "$(printf 'ligue_1\nregistry.jsonl\nserie_a')" ]
    [ "$(ls "$RUN/models/serie_a")" = poisson_v2 ]
}

@test "a league absent from the data is reported, not an error" {
    run pmake all LEAGUES="serie_a segunda_division"
    [ "$status" -eq 0 ]
    [[ "$output" == *"poisson_v2 segunda_division: not in the data"* ]]
    [[ "$output" == *"0 trained, 3 skipped (already there), 0 failed, 0 not attempted, 3 not in the data"* ]]
}

@test "UNTIL trains as of a date" {
    rm -r "$RUN/models" && mkdir "$RUN/models"
    run pmake poisson_v2 LEAGUES=serie_a UNTIL=2022-01-01
    [ "$status" -eq 0 ]
    model="$(vdir "$RUN/models" serie_a poisson_v2)/poisson_model.json"
    [ "$(jq -r .diagnostics.until "$model")" = 2022-01-01 ]
    [[ "$(jq -r .diagnostics.last_date "$model")" < 2022-01-01 ]]
    jq -e '.val.window.last_date < "2022-01-01"' "${model%/*}/metrics.json"
}

@test "a failing league fails the run; the others train, with or without -k" {
    data="$BATS_TEST_TMPDIR/data"
    mkdir -p "$data"
    "$PROJECT/bin/simulate-league" --league la_liga --seasons 1 --teams 6 > "$data/small.csv"
    "$PROJECT/bin/simulate-league" --league serie_a --seasons 2 --teams 10 > "$data/ok.csv"
    rm -r "$RUN/models" "$RUN/work" && mkdir "$RUN/models"
    run make -C "$PROJECT" poisson_v2 MODELS="$RUN/models" WORK="$RUN/work" DATA="$data" \
        LEAGUES="la_liga serie_a"
    [ "$status" -ne 0 ]
    [[ "$output" == *"poisson_v2 la_liga "*": FAILED (fit-poisson: "*"fewer than the minimum 100"* ]]
    [[ "$output" == *"poisson_v2 serie_a "*": trained in "* ]]
    [[ "$output" == *"1 trained, 0 skipped (already there), 1 failed"* ]]
    [ -z "$(find "$RUN/models/la_liga" -name poisson_model.json)" ]
    [ -z "$(find "$RUN/models" -name '.*.json.*')" ]
}

@test "two concurrent runs give the result of one" {
    # Both exit 0, every time: a writer keeps its temp locked until it is
    # published, so the other run's sweep of dead writers' temps can no
    # longer remove it ("cannot publish", now and then, before).
    rm -r "$RUN/models" && mkdir "$RUN/models"
    pmake -j2 all > "$BATS_TEST_TMPDIR/a.out" 2>&1 &
    a=$!
    pmake -j2 all > "$BATS_TEST_TMPDIR/b.out" 2>&1 &
    b=$!
    rc=0
    wait $a || rc=$?
    wait $b || rc=$?
    [ $rc -eq 0 ] || { cat "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out"; return 1; }
    for t in $TYPES; do
        files=FILES_$t
        for l in $LEAGUES8; do
            for f in ${!files}; do
                cmp "$(vdir "$RUN/models" $l $t)/$f" "$(vdir "$BASE/models" $l $t)/$f"
            done
        done
    done
    [ "$(wc -l < "$RUN/models/registry.jsonl")" -eq 24 ]
    [ -z "$(jq -r .key "$RUN/models/registry.jsonl" | sort | uniq -d)" ]
}

@test "the shared football-data files train real models" {
    [ -d "$SHARED_DATA" ] || { echo "missing $SHARED_DATA" >&2; false; }
    run make -C "$PROJECT" -j2 poisson_v2 MODELS="$RUN/real" WORK="$RUN/realwork" \
        DATA="$SHARED_DATA" LEAGUES="premier_league eredivisie"
    [ "$status" -eq 0 ]
    [[ "$output" == *"(247 files)"* ]]
    [[ "$output" == *"2 trained, 0 skipped"* ]]
    m="$(vdir "$RUN/real" premier_league poisson_v2)"
    jq -e '.diagnostics.matches > 10000 and .diagnostics.last_date == "2024-05-19"' \
        "$m/poisson_model.json"
    # Out of sample the goals model beats the base rate, not the market.
    jq -e '.val.n == 380 and .val.rps < .baselines.base_rate.rps
           and .baselines.bookmaker.rps < .val.rps' "$m/metrics.json"
}
