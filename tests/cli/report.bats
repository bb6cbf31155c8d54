#!/usr/bin/env bats
# make report and leaguefit-report: index.json joins the registry with each
# metrics.json; index.html is one self-contained page with every JSON string
# escaped; both remade when the registry or a model's files change, and
# replaced atomically.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export BASE="$BATS_FILE_TMPDIR/base"
    mkdir -p "$BASE/empty"
    make -C "$PROJECT" -j2 all LEAGUES="serie_a ligue_1" MODELS="$BASE/models" \
        WORK="$BASE/work" DEMO=1 > "$BASE/run.out" 2>&1 || true
}

setup() {
    M="$BATS_TEST_TMPDIR/models"
    cp -a "$BASE/models" "$M"
    R="$PROJECT/bin/leaguefit-report"
}

rmake() { make -s -C "$PROJECT" MODELS="$M" "$@"; }

# The version directory of a league's model of a type (one each here).
vdir() { echo "$M/$1/$2"/????-??-??-????????; }
key() { local d; d=$(vdir "$2" "$1"); echo "$1_$2_${d##*/}"; }

@test "index.json: every registry entry with its metrics.json" {
    run "$R" -m "$M"
    [ "$status" -eq 0 ]
    [ "$(jq .count <<<"$output")" -eq 6 ]
    [ "$(jq '.models | length' <<<"$output")" -eq "$(wc -l < "$M/registry.jsonl")" ]
    # the joined metrics are the files' own
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ "$(jq -c --arg t $t '.models[] | select(.league == "serie_a" and .model_type == $t) | .metrics' <<<"$output")" = \
          "$(jq -cS . "$(vdir serie_a $t)/metrics.json")" ]
    done
    # registry members kept; sorted by league, then type
    [ "$(jq -r '.models[0] | "\(.key) \(.trained_date != null) \(.files | length)"' <<<"$output")" = "$(key poisson_v2 ligue_1) true 2" ]
    [ "$(jq -r '[.models[].model_type] | join(" ")' <<<"$output")" = \
      "poisson_v2 1x2_v2 draw_specialist poisson_v2 1x2_v2 draw_specialist" ]
    [ "$(jq '[.models[].files_verified[]] | all' <<<"$output")" = true ]
}

@test "index.json of years of weekly versions: every one joined" {
    # 60 versions more of each model (copies under earlier names, with
    # their registry lines): the sums of their 1300 files passed Linux's
    # limit on one argument, and jq could not be started.
    local d v i
    for d in "$M"/*/*/????-??-??-????????; do
        for ((i = 1; i <= 60; i++)); do
            v=$(printf '2000-01-01-%08x' "$i")
            cp -r "$d" "${d%/*}/$v"
        done
    done
    local first="$BATS_TEST_TMPDIR/first.jsonl"
    cp "$M/registry.jsonl" "$first"
    for ((i = 1; i <= 60; i++)); do
        v=$(printf '2000-01-01-%08x' "$i")
        jq -c --arg v "$v" '.version = $v | .key = "\(.model_type)_\(.league)_\($v)"' "$first" \
            >> "$M/registry.jsonl"
    done
    [ "$(find "$M" -mindepth 3 -type f | wc -l)" -gt 1200 ]
    run --separate-stderr "$R" -m "$M"
    [ "$status" -eq 0 ]
    [ "$(jq .count <<<"$output")" -eq 366 ]
    [ "$(jq '[.models[] | select(.metrics == null)] | length' <<<"$output")" -eq 0 ]
    [ "$(jq '[.models[].files_verified[]] | all' <<<"$output")" = true ]
    [ "$(jq '[.models[] | select(.newest)] | length' <<<"$output")" -eq 6 ]
}

@test "index.json: missing metrics are null, changed files flagged, torn lines skipped" {
    rm "$(vdir ligue_1 draw_specialist)/metrics.json"
    chmod u+w "$(vdir serie_a poisson_v2)/poisson_model.json"
    echo ' ' >> "$(vdir serie_a poisson_v2)/poisson_model.json"
    printf '{"key":"torn' >> "$M/registry.jsonl"
    run --separate-stderr "$R" -m "$M"
    [ "$status" -eq 0 ]
    [ "$stderr" = "leaguefit-report: $M/registry.jsonl: 1 torn line(s) skipped" ]
    [ "$(jq .count <<<"$output")" -eq 6 ]
    [ "$(jq --arg k "$(key draw_specialist ligue_1)" '.models[] | select(.key == $k) | .metrics' <<<"$output")" = null ]
    [ "$(jq --arg k "$(key draw_specialist ligue_1)" '.models[] | select(.key == $k) | .files_verified["metrics.json"]' <<<"$output")" = null ]
    [ "$(jq --arg k "$(key poisson_v2 serie_a)" '.models[] | select(.key == $k) | .files_verified["poisson_model.json"]' <<<"$output")" = false ]
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *"no metrics.json"* ]]
    [[ "$output" == *"changed"* ]]
}

@test "index.json: a damaged metrics.json is said and left out, the others' metrics kept" {
    # (jq read the metrics files as one stream: the first, cut short, ran
    # into the next, and every model's metrics were null, exit 0 under -o;
    # the message named no file.)
    cut=$(vdir ligue_1 1x2_v2)/metrics.json empty=$(vdir serie_a draw_specialist)/metrics.json
    head -c 300 "$cut" > "$BATS_TEST_TMPDIR/cut"
    cat "$BATS_TEST_TMPDIR/cut" > "$cut"
    : > "$empty"
    run --separate-stderr "$R" -m "$M" -o "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"leaguefit-report: $cut: not a JSON object (a damaged file?): left out, its metrics null"* ]]
    [[ "$stderr" == *"leaguefit-report: $empty: not a JSON object"* ]]
    [ "$(jq -r '[.models[] | select(.metrics == null) | .key] | sort | join(" ")' "$M/index.json")" = \
      "$(printf '%s\n' "$(key 1x2_v2 ligue_1)" "$(key draw_specialist serie_a)" | sort | paste -sd' ')" ]
    [ "$(jq -c '.models[] | select(.league == "ligue_1" and .model_type == "poisson_v2") | .metrics' "$M/index.json")" = \
      "$(jq -cS . "$(vdir ligue_1 poisson_v2)/metrics.json")" ]
}

@test "index.json: a complete version the registry does not hold is listed, registered false, the newest where predict takes it" {
    # (a run stopped between a model's files and its registration, or its
    # line damaged: predict took the version, the index did not list it and
    # marked an older one the newest, or the page had no row for the type.)
    d=$(vdir serie_a poisson_v2) k=$(key poisson_v2 serie_a)
    grep -v "\"key\":\"$k\"" "$M/registry.jsonl" > "$BATS_TEST_TMPDIR/reg"
    cat "$BATS_TEST_TMPDIR/reg" > "$M/registry.jsonl"
    run --separate-stderr "$R" -m "$M" -o "$M/index.json"
    [ "$status" -eq 0 ]
    [ "$(jq .count "$M/index.json")" -eq 6 ]
    [ "$(jq -c --arg k "$k" '.models[] | select(.key == $k)
          | [.newest, .registered, .status, .version, .data.last_date, .files_verified, (.metrics | type)]' "$M/index.json")" = \
      "$(jq -c --arg v "${d##*/}" '[true, false, "not registered", $v, .data.last_date, {}, "object"]' "$d/metrics.json")" ]
    # predict's model, by its own output
    teams=$(jq -r '[.teams[0].name, .teams[1].name] | join(",")' "$d/poisson_model.json")
    printf 'league,season,date,home_team,away_team,home_goals,away_goals\nserie_a,2099-00,2099-01-01,%s,,\n' "$teams" \
        > "$BATS_TEST_TMPDIR/fixture.csv"
    [ "$("$PROJECT/bin/predict" -m "$M" -t poisson_v2 "$BATS_TEST_TMPDIR/fixture.csv" | jq -rR 'split(",")' | jq -rs '
          (.[0] | index("model_version")) as $c | .[1][$c]')" = "${d##*/}" ]
    run "$R" --html "$M/index.json"
    [ "$(grep -o '<tr class="model"' <<<"$output" | wc -l)" -eq 6 ]
    [[ "$output" == *"✗ not registered"* ]]
    [[ "$output" == *'<b id="n-versions">5</b>'* ]]
    # and once registered again (make all), as before: one entry
    cat "$BATS_TEST_TMPDIR/reg" > "$M/registry.jsonl"
    "$PROJECT/bin/registry-append" -r "$M/registry.jsonl" --model-type poisson_v2 --league serie_a \
        --version "${d##*/}" --first-date "$(jq -r .data.first_date "$d/metrics.json")" \
        --last-date "$(jq -r .data.last_date "$d/metrics.json")" --matches "$(jq -r .data.matches "$d/metrics.json")" \
        --file "$d/poisson_model.json" --file "$d/metrics.json"
    run --separate-stderr "$R" -m "$M"
    [ "$(jq --arg k "$k" '[.models[] | select(.key == $k) | .registered] | tostring' <<<"$output")" = '"[null]"' ]
}

@test "index.json: a league's directory linked from elsewhere is read through the link" {
    # (predict and make status use its models; the index said every file
    # of the league missing, and its metrics null.)
    mv "$M/ligue_1" "$BATS_TEST_TMPDIR/ligue_1"
    ln -s "$BATS_TEST_TMPDIR/ligue_1" "$M/ligue_1"
    run --separate-stderr "$R" -m "$M"
    [ "$status" -eq 0 ]
    [ "$(jq '[.models[] | select(.league == "ligue_1")] | length' <<<"$output")" -eq 3 ]
    [ "$(jq '[.models[] | select(.metrics == null)] | length' <<<"$output")" -eq 0 ]
    [ "$(jq '[.models[].files_verified[]] | all' <<<"$output")" = true ]
    # a link that loops is said, and the index still written
    ln -s .. "$M/serie_a/poisson_v2/loop"
    run --separate-stderr "$R" -m "$M"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"serie_a/poisson_v2/loop"* ]]
    [ "$(jq '[.models[].files_verified[]] | all' <<<"$output")" = true ]
}

@test "index.json: a registry line whose files or data are of another type is skipped and said" {
    # (the index stopped: jq's "string (\"x\") has no keys", exit 1.)
    kf=$(key poisson_v2 ligue_1) kd=$(key draw_specialist serie_a)
    jq -c --arg kf "$kf" --arg kd "$kd" 'if .key == $kf then .files = "x" elif .key == $kd then .data = 5 else . end' \
        "$M/registry.jsonl" > "$BATS_TEST_TMPDIR/reg"
    cat "$BATS_TEST_TMPDIR/reg" > "$M/registry.jsonl"
    run --separate-stderr "$R" -m "$M" -o "$M/index.json"
    [ "$status" -eq 0 ]
    [ "$stderr" = "leaguefit-report: $M/registry.jsonl: 2 line(s) of no model skipped (league, model_type, version, data or files of another type)" ]
    # their versions, complete, are listed as the registry does not hold them
    [ "$(jq -c --arg kf "$kf" --arg kd "$kd" '[.models[] | select(.key == $kf or .key == $kd) | .registered]' "$M/index.json")" = '[false,false]' ]
    "$R" --html "$M/index.json" > /dev/null
}

@test "index.json: a key edited by hand with a space in it ranks nothing, and the index is written; from another directory, CDPATH set, alike" {
    run -0 "$R" -m "$M"
    before=$output
    printf '%s\n' '{"key":"x y_2024-05-12-aaaaaaaa"}' \
        '{"key":"x y_2024-05-12-aaaaaaaa@reinstated-1","newest":"of all dates"}' >>"$M/registry.jsonl"
    cd "$BATS_TEST_TMPDIR"
    run --separate-stderr env CDPATH=.:/tmp "$R" -m "$M"
    [ "$status" -eq 0 ]
    [ "$output" = "$before" ]
    [ "$stderr" = "leaguefit-report: $M/registry.jsonl: 2 line(s) of no model skipped (league, model_type, version, data or files of another type)" ]
}

@test "html: strings from JSON are escaped" {
    evil='x<b>"&'"'"'y'
    mkdir -p "$M/$evil"
    cp -a "$M/serie_a/poisson_v2" "$M/$evil/"
    jq -c --arg l "$evil" --arg k "$(key poisson_v2 serie_a)" 'select(.key == $k)
        | .league = $l | .key = "poisson_v2_\($l)_\(.version)" | .status = "<script>alert(1)</script>"' \
        "$M/registry.jsonl" >> "$M/registry.jsonl"
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$output" != *"<script>alert"* ]]
    [[ "$output" != *"x<b>"* ]]
    [[ "$output" == *'&lt;script&gt;alert(1)&lt;/script&gt;'* ]]
    [[ "$output" == *'x&lt;b&gt;&quot;&amp;&apos;y'* ]]
}

@test "html: strings of metrics.json are escaped too, and a count that is no number draws" {
    # (a reliability bin's bounds and count and the walk's weeks went into
    # the page as they were: a <script> in a bin's bound ran in the plot's
    # SVG; a count that was a string stopped the page.)
    d=$(vdir serie_a poisson_v2)
    jq '.val.reliability[0].lo = "<script>alert(1)</script>" | .val.reliability[0].n = "<b>n"
        | .val.window.weeks = "<i>w</i>"' "$d/metrics.json" > "$BATS_TEST_TMPDIR/metrics.json"
    cat "$BATS_TEST_TMPDIR/metrics.json" > "$d/metrics.json"
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$output" != *"<script>alert"* ]]
    [[ "$output" != *"<i>w</i>"* ]]
    [[ "$output" != *"<b>n"* ]]
    [[ "$output" == *'&lt;script&gt;alert(1)&lt;/script&gt;–'*': n &lt;b&gt;n, predicted'* ]]
    [[ "$output" == *' · &lt;i&gt;w&lt;/i&gt; wk'* ]]
}

@test "html: self-contained, with the table and SVG plots" {
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$output" == "<!DOCTYPE html>"* ]]
    ! grep -Eq '(src|href)="(https?:)?//' <<<"$output" || false
    ! grep -q '<link' <<<"$output" || false
    [ "$(grep -o '<tr class="model"' <<<"$output" | wc -l)" -eq 6 ]
    [ "$(grep -o '<svg class="plot"' <<<"$output" | wc -l)" -ge 6 ]
    grep -q 'id="rps-plot"' <<<"$output"
    grep -q 'id="rates-plot"' <<<"$output"
    # the same index gives the same page
    [ "$("$R" --html "$M/index.json" | sha256sum)" = "$(sha256sum <<<"$output")" ]
}

@test "html: the newest version of each league and type, and how many versions there are" {
    # (the page said "Every model of the registry" and "6 models" over the
    # newest 6 of years of versions.)
    local d v
    for d in "$M"/*/*/????-??-??-????????; do
        cp -r "$d" "${d%/*}/2000-01-01-00000001"
    done
    jq -c '.version = "2000-01-01-00000001" | .key = "\(.model_type)_\(.league)_\(.version)"' \
        "$M/registry.jsonl" > "$BATS_TEST_TMPDIR/older.jsonl"
    cat "$BATS_TEST_TMPDIR/older.jsonl" >> "$M/registry.jsonl"
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [ "$(grep -o '<tr class="model"' <<<"$output" | wc -l)" -eq 6 ]
    [[ "$output" != *"2000-01-01-00000001"* ]]
    [[ "$output" == *'<b id="n-models">6</b><span>models in use</span>'* ]]
    [[ "$output" == *'<b id="n-versions">12</b><span>versions registered</span>'* ]]
    [[ "$output" == *"The newest version of each league's models by type, the one predict uses (index.json holds every version of the registry, 12 in all)"* ]]
    [[ "$output" != *"Every model of the registry"* ]]
}

@test "html: a validation walk from the season before names both seasons" {
    d=$(vdir serie_a poisson_v2)
    season=$(jq -r .val.window.season "$d/metrics.json")
    chmod u+w "$d"
    jq '.val.window.from_season = "1999-00"' "$d/metrics.json" > "$d/metrics.new"
    mv -f "$d/metrics.new" "$d/metrics.json"
    "$R" -m "$M" -o "$M/index.json"
    run "$R" --html "$M/index.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *">1999-00–$season · "*" wk<"* ]]
    [ "$(grep -o '>[0-9-]*–[0-9-]* · ' <<<"$output" | wc -l)" -eq 1 ]
}

@test "make report: builds both, then nothing until the registry or a metrics.json changes" {
    run rmake report
    [ "$status" -eq 0 ]
    [ -s "$M/index.json" ]
    [ -s "$M/index.html" ]
    [ "$(stat -c %a "$M/index.html")" = 644 ]
    [ -z "$(find "$M" -maxdepth 1 -name '.index.*')" ]
    before=$(stat -c %Y.%i "$M/index.html")
    run rmake report
    [ "$status" -eq 0 ]
    [ "$(stat -c %Y.%i "$M/index.html")" = "$before" ]
    sleep 1
    touch "$(vdir ligue_1 1x2_v2)/metrics.json"
    run rmake report
    [ "$status" -eq 0 ]
    # replaced by rename: a new inode
    [ "$(stat -c %Y.%i "$M/index.html")" != "$before" ]
    before=$(stat -c %Y.%i "$M/index.json")
    sleep 1
    touch "$M/registry.jsonl"
    rmake report
    [ "$(stat -c %Y.%i "$M/index.json")" != "$before" ]
}

@test "make report: remade when a model's file or version is deleted or made again" {
    # (make all repairs a partial version without a new registry line or
    # metrics.json: the index kept the older version as the newest.)
    rmake report
    d=$(vdir serie_a 1x2_v2) k=$(key 1x2_v2 serie_a)
    verified() { jq -c --arg k "$1" --arg f "$2" '.models[] | select(.key == $k) | [.newest, .files_verified[$f]]' "$M/index.json"; }
    [ "$(verified "$k" home_model.json)" = '[true,true]' ]
    sleep 1
    mv "$d/home_model.json" "$BATS_TEST_TMPDIR/"
    rmake report
    [ "$(verified "$k" home_model.json)" = '[true,null]' ]
    grep -q 'title="file missing"' "$M/index.html"
    sleep 1
    mv "$BATS_TEST_TMPDIR/home_model.json" "$d/"
    rmake report
    [ "$(verified "$k" home_model.json)" = '[true,true]' ]
    ! grep -q 'title="file missing"' "$M/index.html" || false
    # a whole version gone: its files are said missing
    sleep 1
    d=$(vdir ligue_1 poisson_v2) k=$(key poisson_v2 ligue_1)
    rm -r "$d"
    rmake report
    [ "$(verified "$k" metrics.json)" = '[true,null]' ]
}

@test "make report never trains: a missing model file stays missing" {
    f="$(vdir serie_a poisson_v2)/poisson_model.json"
    rm "$f"
    run rmake report WORK="$BATS_TEST_TMPDIR/nowork" DEMO=1
    [ "$status" -eq 0 ]
    [ ! -e "$f" ]
    [ ! -e "$BATS_TEST_TMPDIR/nowork" ]
}

@test "no registry: make report and leaguefit-report fail with a message" {
    run make -s -C "$PROJECT" report MODELS="$BATS_TEST_TMPDIR/none"
    [ "$status" -ne 0 ]
    [[ "$output" == *"registry.jsonl"*"make all"* ]]
    run "$R" -m "$BATS_TEST_TMPDIR/none"
    [ "$status" -eq 1 ]
}

@test "a failed run leaves the old output and no temp file" {
    "$R" -m "$M" -o "$M/index.json"
    old=$(sha256sum < "$M/index.json")
    echo '{not json' > "$BATS_TEST_TMPDIR/bad.json"
    run "$R" --html -o "$M/index.json" "$BATS_TEST_TMPDIR/bad.json"
    [ "$status" -eq 1 ]
    [ "$(sha256sum < "$M/index.json")" = "$old" ]
    [ -z "$(find "$M" -maxdepth 1 -name '.index.*')" ]
}

@test "no temp directory to be had (TMPDIR not there): fails, the old output kept" {
    # (mktemp's failure went unnoticed under -o: the temp files were written
    # to /sums, /list and /metrics, and left there; exit 0.)
    "$R" -m "$M" -o "$M/index.json"
    old=$(sha256sum < "$M/index.json")
    TMPDIR="$BATS_TEST_TMPDIR/none" run --separate-stderr "$R" -m "$M" -o "$M/index.json"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"mktemp"*"leaguefit-report: $M/index.json: not written"* ]]
    [ "$(sha256sum < "$M/index.json")" = "$old" ]
}

@test "usage: -h exits 0, unknown options and extra arguments 2" {
    run "$R" -h
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$R" --bogus
    [ "$status" -eq 2 ]
    run "$R" -m "$M" extra
    [ "$status" -eq 2 ]
    run "$R" -m
    [ "$status" -eq 2 ]
}
