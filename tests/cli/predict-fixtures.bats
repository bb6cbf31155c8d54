#!/usr/bin/env bats
# Upcoming fixtures end to end: the pipeline trains MLS (calendar-year
# seasons, the shared extra-leagues file USA.csv) and a simulated
# premier_league, then `make predict FIXTURES=` and predict itself read
# football-data.co.uk's fixtures.csv in both its forms, hand-made here.

bats_require_minimum_version 1.5.0

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export USA="$PROJECT/../shared/data/football-data-extra/USA.csv"
    export BASE="$BATS_FILE_TMPDIR/base"
    [ -f "$USA" ] || return 0
    mkdir -p "$BASE/data"
    cp "$USA" "$BASE/data/"
    "$PROJECT/bin/simulate-league" --league premier_league --seed 1 --seasons 3 \
        --first-season 2021 --unplayed 0 -o "$BASE/data/premier_league.csv"
    make -C "$PROJECT" -j2 all LEAGUES="mls premier_league" DATA="$BASE/data" \
        MODELS="$BASE/models" WORK="$BASE/work" >"$BASE/run.out" 2>&1 || true
    # The two forms of fixtures.csv: the extra leagues' (Country, League,
    # no Season, no goals) and the main files' (Div, no goals), BOM, CRLF.
    printf '\xef\xbb\xbfCountry,League,Date,Time,Home,Away,PSH,PSD,PSA,AvgH,AvgD,AvgA\r\n%s\r\n%s\r\n' \
        'USA,MLS,28/02/2026,20:00,Seattle Sounders,Los Angeles Galaxy,2.1,3.6,3.3,2.05,3.5,3.2' \
        'USA,MLS,01/03/2026,01:00,Inter Miami,Seatle Sounders,,,,1.8,3.9,4.1' >"$BASE/fixtures-extra.csv"
    printf '\xef\xbb\xbfDiv,Date,Time,HomeTeam,AwayTeam,Referee,B365H,B365D,B365A\r\n%s\r\n%s\r\n' \
        'E0,13/08/2024,15:00,Calham United,Fenbury Town,,2.2,3.4,3.3' \
        'E0,13/08/2024,17:30,Garstead Athletic,Bramstead Rovers,,,,' >"$BASE/fixtures-main.csv"
}

setup() {
    [ -f "$USA" ] || skip "no shared extra-league data at $USA"
    # make check runs under the project Makefile, which exports a relative
    # LEAGUEFIT_LEAGUES: the tables must be found here as a user's would
    unset LEAGUEFIT_LEAGUES LEAGUEFIT_TEAMS LEAGUEFIT_EXCLUDED
    BIN="$PROJECT/bin"
    T="$BATS_TEST_TMPDIR"
}

# The version directory of MLS's model of a type (one version here).
vdir() { echo "$BASE/models/mls/$1"/????-??-??-????????; }

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

pmake() {
    make -C "$PROJECT" --no-print-directory MODELS="$BASE/models" WORK="$BASE/work" \
        DATA="$BASE/data" PREDICTIONS="$T/predictions" "$@"
}

@test "make -j all LEAGUES=mls on the extra-leagues file trains the three types" {
    grep -q "leaguefit: 6 trained, 0 skipped (already there), 0 failed" "$BASE/run.out" ||
        { cat "$BASE/run.out"; false; }
    for t in poisson_v2 1x2_v2 draw_specialist; do
        [ -s "$(vdir $t)/metrics.json" ]
    done
}

@test "calendar-year seasons: the last season's window, the data's seasons" {
    for t in poisson_v2 1x2_v2 draw_specialist; do
        same "$(jq -r '.val.window | "\(.season) \(.first_date) \(.last_date)"' "$(vdir $t)/metrics.json")" \
            "2025 2025-02-22 2025-12-06"
    done
    # the window holds every 2025 match of the file, counted apart
    same "$(jq .val.n "$(vdir poisson_v2)/metrics.json")" "$(grep -c '^USA,MLS,2025,' "$USA")"
    same "$(cut -d, -f2 "$BASE/work/versions/mls/$(cat "$BASE/work/versions/mls/current").csv" | tail -n +2 | sort -u | xargs)" \
        "$(seq 2012 2025 | xargs)"
}

@test "make predict FIXTURES= on both forms: one file each, named, every fixture by every type" {
    run pmake predict FIXTURES="$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    [[ "$out" == "$T/predictions/fixtures-extra-"*.csv ]]
    same "$(tail -n +2 "$out" | cut -d, -f1-5 | sort | xargs)" \
        "$(printf '%s\n' mls,2026-02-28,Seattle\ Sounders,Los\ Angeles\ Galaxy mls,2026-03-01,Inter\ Miami,Seatle\ Sounders |
           awk '{ for (t = 1; t <= 3; t++) print $0 "," (t == 1 ? "1x2_v2" : t == 2 ? "draw_specialist" : "poisson_v2") }' | sort | xargs)"
    # the mistyped team is named on stderr, with the closest known names
    [[ "$output" == *"fixtures-extra.csv:3: unknown team 'Seatle Sounders' in mls (closest known: Seattle Sounders, "* ]]
    awk -F, 'NR > 1 && $6 != "" { s = $6 + $7 + $8; if (s < 1 - 1e-5 || s > 1 + 1e-5) exit 1 }' "$out"
    run pmake predict FIXTURES="$BASE/fixtures-main.csv" FORMAT=jsonl
    [ "$status" -eq 0 ]
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    [[ "$out" == "$T/predictions/fixtures-main-"*.jsonl ]]
    same "$(jq -r '[.league, .home_team, .model_type] | join(",")' "$out" | sort | uniq | wc -l)" 6
    same "$(jq -r 'has("unknown_team")' "$out" | sort -u)" false
}

@test "make predict never replaces an earlier file; no FIXTURES is a usage error" {
    pmake predict FIXTURES="$BASE/fixtures-extra.csv" >/dev/null 2>&1
    pmake predict FIXTURES="$BASE/fixtures-extra.csv" >/dev/null 2>&1
    files=("$T"/predictions/*)
    same "${#files[@]}" 2
    cmp "${files[0]}" "${files[1]}"
    run pmake predict
    [ "$status" -ne 0 ]
    [[ "$output" == *"give FIXTURES=FILE"* ]]
    run pmake predict FIXTURES="$BASE/fixtures-main.csv" FORMAT=xml
    [ "$status" -ne 0 ]
    [[ "$output" == *"FORMAT=csv or jsonl"* ]]
}

@test "make predict reads the tables the pipeline was given: TEAMS_CSV's aliases, LEAGUES_CSV's map" {
    { cat "$PROJECT/data/teams.csv"; echo 'mls,Seatle Sounders,Seattle Sounders'; } >"$T/teams.csv"
    run pmake predict FIXTURES="$BASE/fixtures-extra.csv" TEAMS_CSV="$T/teams.csv"
    [ "$status" -eq 0 ]
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    [[ "$output" != *"unknown team"* ]]
    same "$(grep -c ',Inter Miami,Seattle Sounders,' "$out")" 3
    same "$(cut -d, -f16 "$out" | tail -n +2 | sort -u | xargs)" ""
    # a map without MLS: its fixtures are not of a league the map knows
    grep -v ',mls,' "$PROJECT/data/leagues.csv" >"$T/leagues.csv"
    run pmake predict FIXTURES="$BASE/fixtures-extra.csv" LEAGUES_CSV="$T/leagues.csv" \
        TEAMS_CSV="$T/teams.csv"
    [ "$status" -ne 0 ]
    [[ "$output" == *"fixtures-extra.csv:2: "* ]]
}

@test "one type trained (make poisson_v2): make predict predicts with it, the types never trained said once and left out" {
    make -C "$PROJECT" -s poisson_v2 LEAGUES=mls DATA="$BASE/data" MODELS="$T/models" WORK="$T/work" \
        >/dev/null 2>&1
    run --separate-stderr make -C "$PROJECT" --no-print-directory predict MODELS="$T/models" \
        WORK="$T/work" DATA="$BASE/data" PREDICTIONS="$T/predictions" FIXTURES="$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    same "$(tail -n +2 "$out" | cut -d, -f5 | sort | uniq -c | xargs)" "2 poisson_v2"
    [[ "$stderr" == *"fixtures-extra.csv: 2 fixtures of league 'mls', of which $T/models holds no 1x2_v2 model: not predicted by it"* ]]
    [[ "$stderr" == *"fixtures-extra.csv: 2 fixtures of league 'mls', of which $T/models holds no draw_specialist model: not predicted by it"* ]]
    # a type asked for is still a failure where the league has none
    run --separate-stderr "$BIN/predict" -m "$T/models" --history "$T/work/fixtures.csv" -t poisson_v2 \
        -t 1x2_v2 "$BASE/fixtures-extra.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"fixtures-extra.csv:2: no complete 1x2_v2 model of league 'mls' in $T/models"* ]]
}

@test "make predict where WORK holds no history (no run yet, or make distclean since): poisson_v2 alone, said; without models, predict's reasons" {
    run --separate-stderr make -C "$PROJECT" --no-print-directory predict MODELS="$BASE/models" \
        WORK="$T/empty" PREDICTIONS="$T/predictions" FIXTURES="$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"make predict: no $T/empty/fixtures.csv, the history the 1x2_v2 and draw_specialist features are computed from (make all writes it): poisson_v2 alone"* ]]
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    same "$(tail -n +2 "$out" | cut -d, -f5 | sort | uniq -c | xargs)" "2 poisson_v2"
    # no models at all (predict before the first make all): never a bare
    # failure; an empty MODELS_DIR says which leagues it lacks, a missing one
    # says so once
    mkdir "$T/none"
    run --separate-stderr make -C "$PROJECT" --no-print-directory predict MODELS="$T/none" \
        WORK="$T/empty" PREDICTIONS="$T/predictions" FIXTURES="$BASE/fixtures-extra.csv"
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"fixtures-extra.csv: 2 fixtures of league 'mls', of which $T/none holds no models: not predicted"* ]]
    [[ "$stderr" == *"make predict: no predictions written"* ]]
    run --separate-stderr make -C "$PROJECT" --no-print-directory predict MODELS="$T/missing" \
        WORK="$T/empty" PREDICTIONS="$T/predictions" FIXTURES="$BASE/fixtures-extra.csv"
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"predict: -m $T/missing: No such file or directory"* ]]
    same "$(grep -c "$T/missing" <<<"$stderr")" 1
    [[ "$stderr" == *"make predict: no predictions written"* ]]
}

@test "predict reads the raw fixtures file as it reads canonical fixtures without goal columns" {
    "$BIN/import-fixtures" "$BASE/fixtures-extra.csv" | cut -d, -f1-5,8-10 >"$T/canonical.csv"
    ! head -1 "$T/canonical.csv" | grep -q goals || false
    run --separate-stderr "$BIN/predict" -m "$BASE/models" --history "$BASE/work/fixtures.csv" "$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    raw=$output
    run --separate-stderr "$BIN/predict" -m "$BASE/models" --history "$BASE/work/fixtures.csv" "$T/canonical.csv"
    [ "$status" -eq 0 ]
    same "$output" "$raw"
    same "$(grep -c . <<<"$output")" 7
}

@test "predict's history defaults to data/fixtures.csv: the feature models come too" {
    mkdir -p "$T/here/data"
    ln -s "$BASE/work/fixtures.csv" "$T/here/data/fixtures.csv"
    cd "$T/here"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" "$BASE/fixtures-main.csv"
    [ "$status" -eq 0 ]
    same "$(cut -d, -f5 <<<"$output" | tail -n +2 | sort | uniq -c | xargs)" "2 1x2_v2 2 draw_specialist 2 poisson_v2"
    cd "$T"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" "$BASE/fixtures-main.csv"
    [ "$status" -eq 0 ]
    same "$(cut -d, -f5 <<<"$output" | tail -n +2 | sort -u | xargs)" "poisson_v2"
}

@test "football-data.co.uk's fixtures.csv saved as data/fixtures.csv is no history: said, not read as one; its fixtures predicted, by predict and make predict" {
    mkdir -p "$T/here/data"
    cp "$BASE/fixtures-main.csv" "$T/here/data/fixtures.csv"
    cd "$T/here"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" data/fixtures.csv
    [ "$status" -eq 0 ]
    same "$stderr" "predict: data/fixtures.csv: not the pipeline's history (no canonical header: football-data.co.uk's upcoming fixtures saved there?): not read as --history"
    same "$(tail -n +2 <<<"$output" | cut -d, -f3,5 | xargs)" "Calham United,poisson_v2 Garstead Athletic,poisson_v2"
    cmp data/fixtures.csv "$BASE/fixtures-main.csv" # left as it is
    # make predict with that directory as WORK: the file predicted, not taken for the history
    run pmake predict FIXTURES="$T/here/data/fixtures.csv" WORK="$T/here/data"
    [ "$status" -eq 0 ]
    [[ "$output" == *"make predict: $T/here/data/fixtures.csv: not the file the pipeline writes there (its first line: "*"Div,Date,Time,HomeTeam,AwayTeam"*"): not read as the history"* ]]
    same "$(grep -c 'not read as' <<<"$output")" 1 # said once
    out=$(sed -n 's/^make predict: \(.*\.csv\)$/\1/p' <<<"$output")
    same "$(tail -n +2 "$out" | cut -d, -f3,5 | xargs)" "Calham United,poisson_v2 Garstead Athletic,poisson_v2"
}

@test "a match given twice (the same row, or two spellings the aliases make one) is predicted once and reported" {
    printf 'league,alias,name\nmls,Seatle Sounders,Seattle Sounders\n' >"$T/teams.csv"
    { cat "$BASE/fixtures-extra.csv"
      printf '%s\r\n' 'USA,MLS,01/03/2026,01:00,Inter Miami,Seattle Sounders,,,,1.8,3.9,4.1' \
          'USA,MLS,28/02/2026,20:00,Seattle Sounders,Los Angeles Galaxy,2.1,3.6,3.3,2.05,3.5,3.2'
    } >"$T/twice.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -T "$T/teams.csv" "$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    once=$output
    same "$(grep -c . <<<"$once")" 3
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -T "$T/teams.csv" "$T/twice.csv"
    [ "$status" -eq 1 ]
    same "$output" "$once"
    same "$stderr" "predict: $T/twice.csv:4: duplicate match mls 2026-03-01 Inter Miami v Seattle Sounders (first at $T/twice.csv:3)
predict: $T/twice.csv:5: duplicate match mls 2026-02-28 Seattle Sounders v Los Angeles Galaxy (first at $T/twice.csv:2)"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -T "$T/teams.csv" -o "$T/out.csv" "$T/twice.csv"
    [ "$status" -eq 1 ]
    same "$(cat "$T/out.csv")" "$once"
    same "${stderr##*$'\n'}" "predict: not every fixture predicted (above): $T/out.csv holds those that were"
}

@test "a canonical file with a fixture and its result: the match predicted once, the fixture dropped for it and said, no bad row" {
    printf '%s\n' league,season,date,home_team,away_team,home_goals,away_goals \
        'premier_league,2024-25,2024-08-13,Calham United,Fenbury Town,,' \
        'premier_league,2024-25,2024-08-13,Calham United,Fenbury Town,2,1' >"$T/pair.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 "$T/pair.csv"
    [ "$status" -eq 0 ]
    same "$(grep -c '^premier_league,2024-08-13,Calham United,Fenbury Town,poisson_v2,' <<<"$output")" 1
    same "$stderr" "predict: $T/pair.csv:2: fixture premier_league 2024-08-13 Calham United v Fenbury Town played since: its result kept ($T/pair.csv:3)"
}

@test "a football-data file with a fixture and its result: the match predicted once, the fixture dropped for it and said, as import-fixtures takes it" {
    printf '%s\r\n' Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR \
        'E0,13/08/2024,15:00,Calham United,Fenbury Town,,,' \
        'E0,13/08/2024,15:00,Calham United,Fenbury Town,2,1,H' >"$T/pair.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 "$T/pair.csv"
    [ "$status" -eq 0 ]
    same "$(grep -c '^premier_league,2024-08-13,Calham United,Fenbury Town,poisson_v2,' <<<"$output")" 1
    same "$stderr" "predict: $T/pair.csv:2: fixture premier_league 2024-08-13 Calham United v Fenbury Town played since: its result kept ($T/pair.csv:3)"
    run --separate-stderr "$PROJECT/bin/import-fixtures" "$T/pair.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $T/pair.csv:2: fixture premier_league 2024-08-13 Calham United v Fenbury Town played since: its result kept ($T/pair.csv:3)"
}

@test "make predict with a fixture that cannot be predicted: the others' predictions written and named, make fails" {
    { cat "$BASE/fixtures-main.csv"; printf '%s\r\n' 'E0,31/09/2024,15:00,Calham United,Garstead Athletic,,,,'; } >"$T/onebad.csv"
    run --separate-stderr pmake predict FIXTURES="$BASE/fixtures-main.csv"
    [ "$status" -eq 0 ]
    good=$(sed -n 's/^make predict: //p' <<<"$output")
    run --separate-stderr pmake predict FIXTURES="$T/onebad.csv"
    [ "$status" -ne 0 ] # (make fails: the recipe exits 1)
    out=$(sed -n 's/^make predict: //p' <<<"$output")
    [[ "$out" == "$T/predictions/onebad-"*.csv ]]
    same "$(cut -d, -f1-15 "$out")" "$(cut -d, -f1-15 "$good")"
    [[ "$stderr" == *"predict: $T/onebad.csv:4: "*"31/09/2024"* ]]
    [[ "$stderr" == *"predict: not every fixture predicted (above): $out holds those that were"* ]]
    [[ "$stderr" == *"make predict: $out: the fixtures predicted; the others not (above)"* ]]
}

@test "a history without the league's matches: the features from the model version's own rows (--versions), the same predictions; without them, not predicted" {
    run --separate-stderr "$BIN/predict" -m "$BASE/models" --history "$BASE/work/fixtures.csv" \
        --versions "$BASE/work/versions" "$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    full=$output
    # a history of the other league alone (another run's data in the WORK)
    head -n 1 "$BASE/work/fixtures.csv" >"$T/other.csv"
    grep '^premier_league,' "$BASE/work/fixtures.csv" >>"$T/other.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" --history "$T/other.csv" \
        --versions "$BASE/work/versions" "$BASE/fixtures-extra.csv"
    [ "$status" -eq 0 ]
    same "$output" "$full"
    version=$(basename "$(vdir 1x2_v2)")
    last=$(tail -n 1 "$BASE/work/versions/mls/$version.csv" | cut -d, -f3)
    same "$(grep -c "computed from that version's own rows" <<<"$stderr")" 1
    [[ "$stderr" == *"predict: $BASE/fixtures-extra.csv: the history $T/other.csv holds no match of league 'mls', its model $version's rows up to $last: the features of league 'mls' are computed from that version's own rows ($BASE/work/versions/mls/$version.csv)"* ]]
    # no version rows to take: the feature models' fixtures not predicted, said; poisson_v2's are
    run --separate-stderr "$BIN/predict" -m "$BASE/models" --history "$T/other.csv" \
        "$BASE/fixtures-extra.csv"
    [ "$status" -eq 1 ]
    same "$(cut -d, -f5 <<<"$output" | tail -n +2 | sort | uniq -c | xargs)" "2 poisson_v2"
    [[ "$stderr" == *"predict: $BASE/fixtures-extra.csv:2: the history $T/other.csv holds no match of league 'mls': the features of its model $version cannot be computed; not predicted"* ]]
}

@test "a history without a league's linked division: the features from the model version's own rows, linked, the same predictions" {
    SHARED="$PROJECT/../shared/data/football-data"
    [ -d "$SHARED/E1" ] || skip "no shared football-data files at $SHARED"
    mkdir -p "$T/d/E0" "$T/d/E1"
    # (two seasons: the sides that moved between them link the divisions)
    for f in 2021-22 2022-23; do cp "$SHARED/E0/$f.csv" "$T/d/E0/" && cp "$SHARED/E1/$f.csv" "$T/d/E1/"; done
    make -C "$PROJECT" --no-print-directory -j2 all LEAGUES="premier_league championship" \
        DATA="$T/d" MODELS="$T/m" WORK="$T/w" > "$T/run.out" 2>&1 || { cat "$T/run.out"; false; }
    printf '%s\r\n' Div,Date,Time,HomeTeam,AwayTeam 'E0,19/08/2023,15:00,Burnley,Man City' \
        'E0,19/08/2023,15:00,Arsenal,Nott'"'"'m Forest' >"$T/fx.csv"
    p() { "$BIN/predict" -m "$T/m" --linked --versions "$T/w/versions" -t 1x2_v2 --history "$@" "$T/fx.csv"; }
    run --separate-stderr p "$T/w/fixtures.csv"
    [ "$status" -eq 0 ]
    full=$output
    # the history of the league alone (its linked division's rows gone)
    grep -v '^championship,' "$T/w/fixtures.csv" >"$T/pl-only.csv"
    run --separate-stderr p "$T/pl-only.csv"
    [ "$status" -eq 0 ]
    same "$output" "$full"
    version=$(cat "$T/w/versions/premier_league/current")
    [[ "$stderr" == *"the history $T/pl-only.csv holds no match of the linked division 'championship', its model $version's rows up to "*": the features of league 'premier_league' are computed from that version's own rows"* ]]
}

@test "a fixtures file of every division: the leagues never trained are said once each and left out, not failed" {
    { cat "$BASE/fixtures-main.csv"
      printf '%s\r\n' 'SC0,13/08/2024,15:00,Celtic,Rangers,,2.0,3.5,3.6' \
          'E2,13/08/2024,15:00,Derby,Bolton,,2.1,3.3,3.4' 'SC0,14/08/2024,15:00,Hearts,Hibernian,,,,'
    } >"$T/all.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 "$BASE/fixtures-main.csv"
    [ "$status" -eq 0 ]
    only=$output
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 -o "$T/all.out" "$T/all.csv"
    [ "$status" -eq 0 ]
    same "$(cat "$T/all.out")" "$only"
    same "$stderr" "predict: $T/all.csv: 2 fixtures of league 'scottish_premiership', of which $BASE/models holds no models: not predicted
predict: $T/all.csv: 1 fixture of league 'league_one', of which $BASE/models holds no models: not predicted"
    # make predict on it writes the file
    run pmake predict FIXTURES="$T/all.csv"
    [ "$status" -eq 0 ]
    [[ "$output" == *"make predict: $T/predictions/all-"* ]]
    # a league trained but without the type asked for is still a failure
    mkdir -p "$T/models" && cp -r "$BASE/models/premier_league" "$T/models/"
    rm -r "$T/models/premier_league/1x2_v2"
    run --separate-stderr "$BIN/predict" -m "$T/models" -t 1x2_v2 --history "$BASE/work/fixtures.csv" "$T/all.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"all.csv:2: no complete 1x2_v2 model of league 'premier_league' in $T/models"* ]]
    # no fixture of a trained league (a wrong MODELS_DIR): an error, not an empty success
    mkdir -p "$T/empty"
    run --separate-stderr "$BIN/predict" -m "$T/empty" -o "$T/none.out" "$T/all.csv"
    [ "$status" -eq 1 ]
    [ ! -e "$T/none.out" ]
    [[ "$stderr" == *"predict: no fixture of $T/all.csv is of a league $T/empty holds models of" ]]
}

@test "a fixture given twice in a league never trained is left out with the league's others, not failed" {
    { cat "$BASE/fixtures-main.csv"
      printf '%s\r\n' 'SC0,13/08/2024,15:00,Celtic,Rangers,,2.0,3.5,3.6' \
          'SC0,13/08/2024,15:00,Celtic,Rangers,,2.0,3.5,3.6'
    } >"$T/twice-untrained.csv"
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 "$BASE/fixtures-main.csv"
    [ "$status" -eq 0 ]
    only=$output
    run --separate-stderr "$BIN/predict" -m "$BASE/models" -t poisson_v2 "$T/twice-untrained.csv"
    [ "$status" -eq 0 ]
    same "$output" "$only"
    same "$stderr" "predict: $T/twice-untrained.csv: 2 fixtures of league 'scottish_premiership', of which $BASE/models holds no models: not predicted"
}

@test "something in MODELS_DIR by a league's name that is no directory of models (a file, a broken link): its fixtures fail, not left out" {
    { cat "$BASE/fixtures-main.csv"
      printf '%s\r\n' 'SC0,13/08/2024,15:00,Celtic,Rangers,,2.0,3.5,3.6' \
          'E2,13/08/2024,15:00,Derby,Bolton,,2.1,3.3,3.4'
    } >"$T/all.csv"
    mkdir -p "$T/models" && cp -r "$BASE/models/premier_league" "$T/models/"
    : >"$T/models/scottish_premiership"
    ln -s "$T/unmounted/league_one" "$T/models/league_one"
    run --separate-stderr "$BIN/predict" -m "$T/models" -t poisson_v2 "$T/all.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "predict: $T/all.csv:4: no complete poisson_v2 model of league 'scottish_premiership' in $T/models
predict: $T/all.csv:5: no complete poisson_v2 model of league 'league_one' in $T/models"
    same "$(grep -c premier_league <<<"$output")" 2
}
