#!/usr/bin/env bats
# import-fixtures on the files users really have: football-data.co.uk's
# extra-leagues files, its upcoming-fixtures files, spreadsheet re-saves,
# team-name aliases, excluded matches, and the row-level checks (season by
# date, day/month order, truncated rows, capped error lists). Hand-made
# files in data/import, and the shared extra-league files for counts.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    IN="$BATS_TEST_DIRNAME/data/import"
    EXTRA="$PROJECT/../shared/data/football-data-extra"
    MAIN="$PROJECT/../shared/data/football-data"
    HEADER=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away
    STATS=home_shots,away_shots,home_shots_on_target,away_shots_on_target,home_corners,away_corners
    cd "$IN"
    unset LEAGUEFIT_LEAGUES LEAGUEFIT_TEAMS LEAGUEFIT_EXCLUDED
}

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

import() {
    "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -T "$PROJECT/data/teams.csv" \
        -X "$PROJECT/data/excluded.csv" "$@"
}

need_extra() {
    [ -d "$EXTRA" ] || skip "no shared extra-league data at $EXTRA"
}

# Re-saves comma-separated files (SRC DST pairs) the way a spreadsheet in a
# European locale does: semicolons, decimal commas, dd.mm.yyyy,
# Windows-1252, CRLF and a BOM (python's csv module, so quoted fields stay
# right). One python run for all: it is slow to start on a busy machine.
resave() {
    python3 - "$@" <<'PY'
import csv, re, sys
def cell(s):
    if re.fullmatch(r"\d+\.\d+", s):
        return s.replace(".", ",")
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d\d\d\d|\d\d)", s)
    return f"{m[1]}.{m[2]}.{m[3]}" if m else s
args = sys.argv[1:]
for src, dst in zip(args[0::2], args[1::2]):
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with open(dst, "wb") as f:
        f.write(b"\xef\xbb\xbf")
    with open(dst, "a", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(rows[0])
        w.writerows([cell(c) for c in r] for r in rows[1:])
PY
}

# ---- the extra-leagues format ----

@test "extra leagues: Country and League to a slug, Season 2012 and 2012/2013, closing odds by preference" {
    run --separate-stderr import extra.csv extra-short.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source
mls,2012,2012-03-10,Colorado Rapids,Columbus Crew,2,0,2.06,3.4,4.11,pinnacle_closing
mls,2012,2012-03-11,LA Galaxy,Real Salt Lake,1,3,1.75,3.6,4.3,avg_closing
russia_premier_league,2012-13,2012-07-20,M. Saransk,Lokomotiv Moscow,2,3,5.12,3.73,1.8,pinnacle_closing
russia_premier_league,2013-14,2013-07-14,CSKA Moscow,FK Rostov,1,0,1.4,4.84,9.84,pinnacle_closing
mls,2024,2024-10-20,Seattle Sounders,Colorado Rapids,2,1,1.7,3.9,4.5,b365_closing
mls,2024,2024-10-21,LA Galaxy,Columbus Crew,1,1,,,,"
}

@test "extra leagues: an unknown country or league, a bad Season, are row errors naming them" {
    printf '%s\n' 'Country,League,Season,Date,Time,Home,Away,HG,AG,Res' \
        'USA,MLS,2012,10/03/2012,23:00,A,B,1,0,H' \
        'Chile,Primera,2012,10/03/2012,23:00,A,B,1,0,H' \
        'USA,MLS,2012/2014,17/03/2012,23:00,A,B,1,0,H' \
        'USA,MLS,2012,12/03/2015,23:00,A,B,1,0,H' >"$BATS_TEST_TMPDIR/x.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/x.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/x.csv:3: unknown league 'Primera' of 'Chile' (not in $PROJECT/data/leagues.csv: add its country and competition)
import-fixtures: $BATS_TEST_TMPDIR/x.csv:4: bad Season '2012/2014' (want 2012 or 2012/2013)
import-fixtures: $BATS_TEST_TMPDIR/x.csv:5: season 2012 (Season) does not hold the date 12/03/2015"
    [ "${#lines[@]}" -eq 2 ]
}

@test "the shared extra-league files: every data row written or reported, counted apart" {
    need_extra
    for f in USA SWZ RUS; do
        # Independent count: data lines, and per Season label.
        expected=$(awk 'FNR > 1 && NF > 1' "$EXTRA/$f.csv" | wc -l)
        run --separate-stderr import -o "$BATS_TEST_TMPDIR/$f.csv" "$EXTRA/$f.csv"
        [ "$status" -eq 0 ]
        written=$(($(wc -l <"$BATS_TEST_TMPDIR/$f.csv") - 1))
        reported=$(grep -c . <<<"$stderr" || true)
        echo "$f: $expected rows, $written written, $reported reported"
        [ $((written + reported)) -eq "$expected" ]
        same "$(tail -n +2 "$BATS_TEST_TMPDIR/$f.csv" | cut -d, -f2 | sort | uniq -c | awk '{ print $1 }' | paste -sd+ | bc)" "$written"
    done
    [ "$(wc -l <"$BATS_TEST_TMPDIR/USA.csv")" -eq 5817 ]
    # USA: calendar-year seasons, as the file's Season column says
    same "$(tail -n +2 "$BATS_TEST_TMPDIR/USA.csv" | cut -d, -f1,2 | sort -u | tr '\n' ' ')" \
        "$(awk -F, 'FNR > 1 { print "mls," $3 }' "$EXTRA/USA.csv" | sort -u | tr '\n' ' ')"
    # SWZ: 2012/2013 becomes 2012-13; the two play-off rows the site labels
    # Challenge League belong to the Super League (data/leagues.csv)
    same "$(tail -n +2 "$BATS_TEST_TMPDIR/SWZ.csv" | cut -d, -f1,2 | sort -u | head -2 | tr '\n' ' ')" \
        "swiss_super_league,2012-13 swiss_super_league,2013-14 "
    [ "$(cut -d, -f1 "$BATS_TEST_TMPDIR/SWZ.csv" | sort -u | wc -l)" -eq 2 ]
}

@test "the shared extra-league files: the odds source of each row, checked apart" {
    need_extra
    import "$EXTRA/USA.csv" >"$BATS_TEST_TMPDIR/usa.csv"
    got=$(tail -n +2 "$BATS_TEST_TMPDIR/usa.csv" | awk -F, '{ print $NF }' | sort | uniq -c | xargs)
    # Columns 11-13 PSCH/D/A, 17-19 AvgCH/D/A, 23-25 B365CH/D/B36CA.
    want=$(awk -F, 'FNR > 1 { sub(/\r$/, ""); s = ""
            if ($23 > 1 && $24 > 1 && $25 > 1) s = "b365_closing"
            if ($17 > 1 && $18 > 1 && $19 > 1) s = "avg_closing"
            if ($11 > 1 && $12 > 1 && $13 > 1) s = "pinnacle_closing"
            print s }' "$EXTRA/USA.csv" | sort | uniq -c | xargs)
    echo "got: $got / want: $want"
    same "$got" "$want"
}

# ---- spreadsheet re-saves ----

@test "a spreadsheet re-save of a main file: semicolons, decimal comma, dd.mm.yyyy, cp1252, BOM, CRLF, statistics" {
    run --separate-stderr import resaved-main.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source,$STATS
bundesliga,2023-24,2023-08-18,Werder Bremen,Bayern Munich,0,4,8.12,5.6,1.4,pinnacle_closing,9,20,3,8,4,9
bundesliga,2023-24,2023-08-19,Köln,Dortmund,0,1,5,4.2,1.62,b365,11,16,2,5,3,6
bundesliga,2023-24,2023-08-19,Werder; Bremen II,Wolfsburg,2,2,2.1,3.3,3.5,b365,,,,,,
bundesliga,2023-24,2023-08-26,M'gladbach,Bayern Munich,,,3.9,4.33,1.8,b365,,,,,,"
}

@test "a spreadsheet re-save of an extra-leagues file: tabs, dd.mm.yy, decimal comma" {
    run --separate-stderr import resaved-extra.tsv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$(import extra.csv | head -3)"
}

@test "re-saved files read exactly like their originals: hand-made and shared, both formats" {
    T=$BATS_TEST_TMPDIR
    pairs=(modern.csv "$T/modern.csv" extra.csv "$T/extra.csv")
    [ -d "$EXTRA" ] && pairs+=("$EXTRA/SWZ.csv" "$T/swz.csv" "$MAIN/D1/2023-24.csv" "$T/d1.csv")
    resave "${pairs[@]}"
    grep -q $'^\xef\xbb\xbfDiv;Date;' "$T/modern.csv"
    grep -q ';8,5;5,5;1,33;' "$T/modern.csv"
    for ((i = 0; i < ${#pairs[@]}; i += 2)); do
        import "${pairs[i]}" >"$T/original.out" 2>&1
        import "${pairs[i + 1]}" >"$T/resaved.out" 2>&1
        sed -i "s|${pairs[i + 1]}|${pairs[i]}|" "$T/resaved.out" # the file's name in messages
        cmp "$T/original.out" "$T/resaved.out" || { diff "$T/original.out" "$T/resaved.out" | head; return 1; }
        [ "$(wc -l <"$T/original.out")" -gt 3 ]
    done
}

@test "a save with year-first dates (yyyy-mm-dd), in every row or some: read like the original" {
    T=$BATS_TEST_TMPDIR
    files=(modern.csv)
    [ -d "$MAIN" ] && files+=("$MAIN/D1/2023-24.csv")
    for f in "${files[@]}"; do
        sed -E 's|,([0-9]{2})/([0-9]{2})/([0-9]{4}),|,\3-\2-\1,|' "$f" >"$T/iso.csv"
        sed -E '0~2s|,([0-9]{2})/([0-9]{2})/([0-9]{4}),|,\3-\2-\1,|' "$f" >"$T/half.csv"
        grep -Eq '^[^,]*,[0-9]{4}-[0-9]{2}-[0-9]{2},' "$T/half.csv"
        grep -Eq '^[^,]*,[0-9]{2}/[0-9]{2}/[0-9]{4},' "$T/half.csv"
        import "$f" >"$T/original.out" 2>&1
        [ "$(wc -l <"$T/original.out")" -gt 3 ]
        for g in iso half; do
            import "$T/$g.csv" >"$T/$g.out" 2>&1
            sed -i "s|$T/$g.csv|$f|" "$T/$g.out" # the file's name in messages
            cmp "$T/original.out" "$T/$g.out" || { diff "$T/original.out" "$T/$g.out" | head; return 1; }
        done
    done
    # A month-first file is still told by its other dates.
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nE0,2019-08-10,Liverpool,Norwich,4,1\nE0,08/17/2019,Arsenal,Burnley,2,1\nE0,08/03/2019,Chelsea,Leeds,1,1\n' >"$T/us.csv"
    run --separate-stderr import "$T/us.csv"
    [ "$status" -eq 0 ]
    same "$(cut -d, -f3-5 <<<"$output")" "date,home_team,away_team
2019-08-03,Chelsea,Leeds
2019-08-10,Liverpool,Norwich
2019-08-17,Arsenal,Burnley"
}

@test "a classic Mac save (CR line ends): read alike, every error naming its own line" {
    tr '\n' '\r' <bad-rows.csv >"$BATS_TEST_TMPDIR/bad-rows.csv"
    import bad-rows.csv >"$BATS_TEST_TMPDIR/lf.out" 2>&1 || true
    cd "$BATS_TEST_TMPDIR"
    run import bad-rows.csv
    [ "$status" -eq 1 ]
    same "$output" "$(cat lf.out)"
    [[ "$output" == *"bad-rows.csv:5: bad date '10 Aug 2019'"* ]]
}

@test "what cannot be told apart is an error naming the file and what was seen" {
    run --separate-stderr import both-decimals.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: both-decimals.csv: numbers with both a decimal comma and a decimal point: '1,14' (line 2) and '12.0' (line 3)"
    run --separate-stderr import no-header.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: no-header.csv:1: header not recognised (0 commas, 5 semicolons, 0 tabs; no delimiter gives the columns of a football-data.co.uk or canonical file): 'E0;10.08.2019;Liverpool;Norwich;4;1'"
    printf 'Div;Date;Time;Home;Away\n' | iconv -t UTF-16 >"$BATS_TEST_TMPDIR/u16.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/u16.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"u16.csv: UTF-16 text"*"save it as CSV"* ]]
    printf 'Date;Time;HomeTeam;AwayTeam;FTHG;FTAG\n' >"$BATS_TEST_TMPDIR/nodiv.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/nodiv.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/nodiv.csv:1: missing column 'Div' (football-data.co.uk main files) or 'Country' and 'League' (its extra-leagues files) in header; fields split at semicolons: Date,Time,HomeTeam,AwayTeam,FTHG,FTAG"
}

# ---- upcoming fixtures ----

@test "fixtures.csv, the main form: BOM, CRLF, no goal columns, empty odds cells; aliases applied" {
    run --separate-stderr import fixtures-main.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source
premier_league,2024-25,2024-08-17,Arsenal,Wolves,,,1.3,5.8,9.8,avg
premier_league,2024-25,2024-08-17,Nott'm Forest,Bournemouth,,,2.25,3.45,3.4,pinnacle
la_liga,2024-25,2024-08-18,Ath Madrid,Villarreal,,,,,,"
}

@test "fixtures.csv, the extra-leagues form: no Season, the league's kind of season from the date" {
    run --separate-stderr import fixtures-extra.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source
swiss_super_league,2024-25,2024-07-27,Basel,Young Boys,,,2.6,3.5,2.6,avg
mls,2024,2024-10-26,Seattle Sounders,LA Galaxy,,,2.1,3.6,3.3,pinnacle"
}

@test "a row that stops before the goal columns of its header is an error, not a fixture" {
    run --separate-stderr import truncated.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: truncated.csv:3: row ends after field 4 (AwayTeam), before the goals (FTHG in field 6 of the header)"
    same "$output" "$HEADER
premier_league,2019-20,2019-08-10,Burnley,Southampton,,,,,
premier_league,2019-20,2019-08-10,Liverpool,Norwich,4,1,,,"
}

@test "canonical fixtures without goal columns are unplayed; with one of the two, an error" {
    printf 'league,season,date,home_team,away_team,odds_home,odds_draw,odds_away\nla_liga,2024-25,2024-08-18,Atl. Madrid,Villarreal,1.9,3.4,4.2\n' >"$BATS_TEST_TMPDIR/c.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/c.csv"
    [ "$status" -eq 0 ]
    same "${lines[1]}" "la_liga,2024-25,2024-08-18,Ath Madrid,Villarreal,,,1.9,3.4,4.2"
    printf 'league,season,date,home_team,away_team,home_goals\n' >"$BATS_TEST_TMPDIR/c1.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/c1.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"c1.csv:1: missing column 'away_goals' in header (give both goal columns, or neither"* ]]
}

# ---- row-level truth ----

@test "month-first dates are decided on the whole file before anything is written" {
    run --separate-stderr import us-dates.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(cut -d, -f3 <<<"$output" | tail -n +2 | sed -n '1p;12p;13p' | xargs)" "2019-08-01 2019-08-12 2019-08-13"
    run --separate-stderr import both-orders.csv
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: both-orders.csv: dates fit neither day-first nor month-first: '25/08/2019' (line 2) and '08/26/2019' (line 3)"
}

@test "no day above 12 (a week's fixtures early in a month): the order in which the dates lie close together; none: day first, said" {
    cd "$BATS_TEST_TMPDIR"
    # A week re-saved by a spreadsheet in the United States: 2 days apart
    # month first, 61 day first.
    printf 'Div,Date,HomeTeam,AwayTeam\nE0,12/05/2026,Arsenal,Chelsea\nE0,12/06/2026,Everton,Fulham\nE0,12/07/2026,Leeds,Burnley\n' >us-week.csv
    run --separate-stderr import us-week.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(cut -d, -f3 <<<"$output" | tail -n +2 | xargs)" "2026-12-05 2026-12-06 2026-12-07"
    # The same week as football-data.co.uk writes it.
    sed -E 's|,12/0([5-7])/|,0\1/12/|' us-week.csv >week.csv
    run --separate-stderr import week.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(cut -d, -f3 <<<"$output" | tail -n +2 | xargs)" "2026-12-05 2026-12-06 2026-12-07"
    # One match day: nothing tells; read day first, and said.
    printf 'Div,Date,HomeTeam,AwayTeam\nE0,05/12/2026,Arsenal,Chelsea\nE0,05/12/2026,Everton,Fulham\n' >one-day.csv
    run --separate-stderr import one-day.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: one-day.csv: no date tells whether the day or the month comes first (no number above 12, and the dates lie as close together either way): read day-first, as football-data.co.uk writes them ('05/12/2026', line 2, is 2026-12-05)"
    same "$(cut -d, -f3 <<<"$output" | tail -n +2 | xargs)" "2026-12-05 2026-12-05"
}

@test "a main-format file of two seasons: each row's season follows its date, said once" {
    run --separate-stderr import two-seasons.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: two-seasons.csv: matches of 2 seasons; each row's season follows its date"
    same "$(cut -d, -f2,3 <<<"$output" | tail -n +2 | xargs)" \
        "2022-23,2022-08-12 2022-23,2023-05-14 2022-23,2023-05-28 2023-24,2023-08-11 2023-24,2024-05-19"
}

@test "two shared seasons in one file (2019-20 ran into August): cut at the summer break" {
    [ -d "$MAIN" ] || skip "no shared data"
    { cat "$MAIN/I1/2019-20.csv"; tail -n +2 "$MAIN/I1/2020-21.csv"; } >"$BATS_TEST_TMPDIR/two.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/two.csv"
    [ "$status" -eq 0 ]
    same "$(tail -n +2 <<<"$output" | cut -d, -f2 | sort | uniq -c | xargs)" "380 2019-20 380 2020-21"
    same "$(tail -n +2 <<<"$output" | cut -d, -f2,3 | sort -t, -k2 | sed -n '380p;381p' | xargs)" \
        "2019-20,2020-08-02 2020-21,2020-09-19"
}

@test "files joined one after another, each with its header: the rows after a header are read by it" {
    # joined.csv: a main file, one whose odds columns stand elsewhere (its
    # header opened by a BOM, CRLF), then an extra-leagues file.
    run --separate-stderr import joined.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$HEADER,odds_source
premier_league,2023-24,2023-08-11,Burnley,Man City,0,3,9.62,5.81,1.33,pinnacle_closing
premier_league,2023-24,2023-08-12,Arsenal,Nott'm Forest,2,1,1.19,8,16,pinnacle_closing
mls,2023,2023-10-21,LA Galaxy,Seattle Sounders,2,1,2.1,3.6,3.3,pinnacle_closing"
    [ -d "$MAIN" ] || skip "no shared data"
    # Two shared seasons whose odds columns differ (2013-14 dropped GB and BS).
    cat "$MAIN/E0/2012-13.csv" "$MAIN/E0/2013-14.csv" >"$BATS_TEST_TMPDIR/joined.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/joined.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/joined.csv: matches of 2 seasons; each row's season follows its date"
    same "$output" "$(import "$MAIN/E0/2012-13.csv" "$MAIN/E0/2013-14.csv")"
}

@test "a last line cut short (no line end, fewer fields than its header) is an error, not a match" {
    T=$BATS_TEST_TMPDIR
    head='Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,PSCH,PSCD,PSCA,Referee'
    row='E0,19/05/2024,Sheffield United,Tottenham,0,3,7.99,6.11,1.35,A Madley'
    printf '%s\n%s\n%s' "$head" "$row" "${row%5,*}" >"$T/cut.csv" # 1.35 cut to 1.3
    run --separate-stderr import "$T/cut.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/cut.csv:3: the file ends in this row, without a line end, after field 9 (PSCA) of the header's 10: cut short?"
    same "$(tail -n +2 <<<"$output" | cut -d, -f8-11)" "7.99,6.11,1.35,pinnacle_closing"
    # cut before its goals: said so too
    printf '%s\n%s' "$head" "${row%%,0,3*}" >"$T/cut.csv"
    run --separate-stderr import "$T/cut.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/cut.csv:2: the file ends in this row, without a line end, after field 4 (AwayTeam) of the header's 10: cut short?"
    # A whole last row without its line end (a re-save that writes none) is a match,
    # and so is a short row that has its line end (the site's ragged rows).
    printf '%s\n%s\n%s' "$head" "${row%,7.99*}" "${row/19\/05/20\/05}" >"$T/whole.csv"
    run --separate-stderr import "$T/whole.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(tail -n +2 <<<"$output" | cut -d, -f3,8-10)" "2024-05-19,,,
2024-05-20,7.99,6.11,1.35"
}

@test "rows appended to a file whose last line had no line end: the joined row (or header) is an error naming the match, not one match read and the other lost" {
    T=$BATS_TEST_TMPDIR
    head='Country,League,Season,Date,Time,Home,Away,HG,AG,Res,AvgCH,AvgCD,AvgCA'
    printf '%s\n%s' "$head" 'USA,MLS,2025,30/11/2025,22:00,San Diego FC,Vancouver Whitecaps,1,3,A,2.69,3.47,2.68' >"$T/USA.csv"
    printf '%s\n%s\n' 'USA,MLS,2025,06/12/2025,19:00,Inter Miami,Vancouver Whitecaps,3,1,H,2.01,3.91,3.56' \
        'USA,MLS,2025,07/12/2025,19:00,Orlando City,Austin FC,2,2,D,2.2,3.5,3.1' >>"$T/USA.csv"
    run --separate-stderr import "$T/USA.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/USA.csv:2: row goes on after its header's 13 fields with another match (06/12/2025, Inter Miami v Vancouver Whitecaps): a line end missing between two rows?"
    same "$(tail -n +2 <<<"$output" | cut -d, -f3-5)" "2025-12-07,Orlando City,Austin FC"
    # the main format alike
    head='Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,PSCH,PSCD,PSCA'
    printf '%s\n%s%s\n' "$head" 'E0,19/05/2024,Sheffield United,Tottenham,0,3,7.99,6.11,1.35' \
        'E0,16/08/2024,Man United,Fulham,1,0,1.6,4.2,5.5' >"$T/E0.csv"
    run --separate-stderr import "$T/E0.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/E0.csv:2: row goes on after its header's 9 fields with another match (16/08/2024, Man United v Fulham): a line end missing between two rows?"
    # rows appended to a file of its header alone, without its line end: the whole file an error
    printf '%s' "$head" >"$T/E0.csv"
    printf '%s\n%s\n' 'E0,16/08/2024,Man United,Fulham,1,0,1.6,4.2,5.5' \
        'E0,17/08/2024,Ipswich,Liverpool,0,2,6.5,4.8,1.5' >>"$T/E0.csv"
    run --separate-stderr import "$T/E0.csv"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    same "$stderr" "import-fixtures: $T/E0.csv:1: the header goes on with a match (the date '16/08/2024' in field 10): a line end missing after it?"
    # cells past the header that are no match (the site's own longer rows) are no error
    printf '%s\n%s\n' "$head" 'E0,19/05/2024,Sheffield United,Tottenham,0,3,7.99,6.11,1.35,,,3,0,' >"$T/E0.csv"
    run --separate-stderr import "$T/E0.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
}

@test "a file that ends in its header, without a line end (a download cut in its first line), is an error, not a file of no matches" {
    T=$BATS_TEST_TMPDIR
    # cut after every column the import needs: the whole-history file of a league
    printf '\xef\xbb\xbf%s' 'Country,League,Season,Date,Time,Home,Away,HG,AG,Res,PSCH,PS' >"$T/SWZ.csv"
    run --separate-stderr import "$T/SWZ.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/SWZ.csv:1: the file ends in its header, without a line end, after field 12 (PS): cut short?"
    [ -z "$output" ]
    printf '%s' 'Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,HTHG,HTAG,HTR,Refe' >"$T/E0.csv"
    run --separate-stderr import "$T/E0.csv"
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $T/E0.csv:1: the file ends in its header, without a line end, after field 12 (Refe): cut short?"
    # a header with its line end and no rows: no matches yet, no error
    printf '%s\r\n' 'Div,Date,Time,HomeTeam,AwayTeam,B365H,B365D,B365A' >"$T/fixtures.csv"
    run --separate-stderr import "$T/fixtures.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "${#lines[@]}" 1
}

@test "a file ending with 2019-20, which ran into July: its July matches keep their season" {
    [ -d "$MAIN" ] || skip "no shared data"
    cat "$MAIN/E0/2018-19.csv" "$MAIN/E0/2019-20.csv" >"$BATS_TEST_TMPDIR/two.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/two.csv"
    [ "$status" -eq 0 ]
    same "$(tail -n +2 <<<"$output" | cut -d, -f2 | sort | uniq -c | xargs)" "380 2018-19 380 2019-20"
    same "$output" "$(import "$MAIN/E0/2018-19.csv" "$MAIN/E0/2019-20.csv")"
}

@test "a main-format season whose first match is in June: named so that its own output reads back" {
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nE0,25/06/2019,Burnley,Man City,0,1\nE0,10/10/2019,Everton,Fulham,1,1\nE0,10/03/2020,Fulham,Everton,2,1\nE0,01/06/2020,Man City,Burnley,2,2\n' >"$BATS_TEST_TMPDIR/june.csv"
    import "$BATS_TEST_TMPDIR/june.csv" >"$BATS_TEST_TMPDIR/june.out"
    same "$(tail -n +2 "$BATS_TEST_TMPDIR/june.out" | cut -d, -f2 | sort -u)" "2019-20"
    run --separate-stderr import "$BATS_TEST_TMPDIR/june.out"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$output" "$(cat "$BATS_TEST_TMPDIR/june.out")"
}

@test "each division's whole history joined in one file reads as its files one by one" {
    [ -d "$MAIN" ] || skip "no shared data"
    for d in E0 I1; do
        cat "$MAIN/$d"/*.csv >"$BATS_TEST_TMPDIR/all.csv"
        import "$BATS_TEST_TMPDIR/all.csv" >"$BATS_TEST_TMPDIR/joined.out" 2>/dev/null
        import "$MAIN/$d"/*.csv >"$BATS_TEST_TMPDIR/apart.out" 2>/dev/null
        cmp "$BATS_TEST_TMPDIR/joined.out" "$BATS_TEST_TMPDIR/apart.out"
        [ "$(wc -l <"$BATS_TEST_TMPDIR/joined.out")" -gt 10000 ]
    done
}

@test "errors: the first 10 of a file, then one line with the count" {
    run --separate-stderr import many-bad.csv bad-rows.csv
    [ "$status" -eq 1 ]
    same "$(grep -c 'many-bad.csv:[0-9]*: bad FTHG' <<<"$stderr")" 10
    same "$(grep -v 'many-bad.csv:[0-9]*:' <<<"$stderr" | head -1)" "import-fixtures: many-bad.csv: 25 bad rows in all, the first 10 shown"
    # another file's errors are counted apart
    same "$(grep -c 'bad-rows.csv:' <<<"$stderr")" 9
    same "$(grep -c . <<<"$stderr")" 20
    [ "${#lines[@]}" -eq 4 ]
}

# ---- team names ----

@test "the alias table on the shared files: each alias merges what it names and nothing else" {
    [ -d "$MAIN" ] || skip "no shared data"
    lower="$PROJECT/../shared/data/football-data-lower"
    files=("$MAIN"/D1/199[3-5]-*.csv "$MAIN"/SP1/199[89]-*.csv "$MAIN"/P1/199[56]-*.csv
           "$lower"/F2/*.csv "$lower"/SP2/199*.csv)
    printf 'league,alias,name\n' >"$BATS_TEST_TMPDIR/none.csv"
    "$BIN/import-fixtures" -T "$BATS_TEST_TMPDIR/none.csv" "${files[@]}" >"$BATS_TEST_TMPDIR/raw.csv" 2>"$BATS_TEST_TMPDIR/raw.err"
    import "${files[@]}" >"$BATS_TEST_TMPDIR/aliased.csv" 2>"$BATS_TEST_TMPDIR/aliased.err"
    [ ! -s "$BATS_TEST_TMPDIR/aliased.err" ]
    # Without the table, each variant is reported as a probable alias of the usual spelling
    grep -q "team 'M'Gladbach' and 'M'gladbach' of bundesliga" "$BATS_TEST_TMPDIR/raw.err"
    # Renaming the raw import by the table, with awk, gives the aliased one
    # (in another order: the rows are sorted by name within a day).
    same "$(awk -F, -v OFS=, 'NR == FNR { if (FNR > 1) to[$1 SUBSEP $2] = $3; next }
             FNR > 1 { for (i = 4; i <= 5; i++) if (($1 SUBSEP $i) in to) $i = to[$1 SUBSEP $i] } { print }' \
             "$PROJECT/data/teams.csv" "$BATS_TEST_TMPDIR/raw.csv" | sort | md5sum)" \
         "$(sort "$BATS_TEST_TMPDIR/aliased.csv" | md5sum)"
    # and it changed something: every alias of those leagues was in the data
    for a in "M'Gladbach" Villareal Campomaior "Red Star 93" Orense; do
        grep -q ",$a," "$BATS_TEST_TMPDIR/raw.csv" || { echo "no $a"; return 1; }
        ! grep -q ",$a," "$BATS_TEST_TMPDIR/aliased.csv" || false
    done
    same "$(wc -l <"$BATS_TEST_TMPDIR/raw.csv")" "$(wc -l <"$BATS_TEST_TMPDIR/aliased.csv")"
}

@test "probable aliases: a warning with both spellings, file and line, and no merge" {
    printf '%s\n' 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG' 'E0,10/08/2019,Nott'"'"'m Forest,Norwich,1,0' \
        'E0,17/08/2019,Norwich,Nott'"'"'m Forest,1,1' 'E0,24/08/2019,NOTT M FOREST,Chelsea,0,2' >"$BATS_TEST_TMPDIR/p.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/p.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/p.csv:4: team 'NOTT M FOREST' and 'Nott'm Forest' of premier_league (first at $BATS_TEST_TMPDIR/p.csv:2) differ only in case, accents or punctuation: the same club? name it once in teams.csv"
    same "$(grep -c "NOTT M FOREST" <<<"$output")" 1
}

@test "probable aliases by abbreviation: names whose words abbreviate each other's and never meet are reported, rarer first; two that meet are two clubs" {
    printf '%s\n' 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG' 'E0,10/08/2019,Nott'"'"'m Forest,Norwich,1,0' \
        'E0,17/08/2019,Norwich,Nott'"'"'m Forest,1,1' 'E0,24/08/2019,Nottingham Forest,Chelsea,0,2' \
        'E0,24/08/2019,Man City,Man United,0,2' >"$BATS_TEST_TMPDIR/p.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/p.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/p.csv:4: team 'Nottingham Forest' and 'Nott'm Forest' of premier_league (first at $BATS_TEST_TMPDIR/p.csv:2) never meet, and the words of one abbreviate the other's: the same club? name it once in teams.csv"
    same "$(grep -c "Nottingham Forest" <<<"$output")" 1
    printf '%s\n' 'E0,31/08/2019,Nottingham Forest,Nott'"'"'m Forest,1,1' >>"$BATS_TEST_TMPDIR/p.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/p.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
}

@test "probable aliases by abbreviation: no word the same, every word an abbreviation (Man Utd, Manchester United)" {
    printf '%s\n' 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG' 'E0,10/08/2019,Man Utd,Chelsea,1,0' \
        'E0,17/08/2019,Chelsea,Man Utd,1,1' 'E0,24/08/2019,Manchester United,Manchester City,0,2' \
        >"$BATS_TEST_TMPDIR/p.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/p.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/p.csv:4: team 'Manchester United' and 'Man Utd' of premier_league (first at $BATS_TEST_TMPDIR/p.csv:2) never meet, and the words of one abbreviate the other's: the same club? name it once in teams.csv"
}

@test "probable aliases by abbreviation: a league of 20000 names is checked in a moment, not in every pair of names (200 million)" {
    # 10000 matches of one league, 20000 names of two words, none an
    # abbreviation of another (each first word four letters), and one pair
    # that is.
    awk 'function name(k,   s, i, n) {
            n = k
            for (i = 0; i < 4; i++) {
                s = s substr("abcdefghijklmnopqrstuvwxyz", n % 26 + 1, 1)
                n = int(n / 26)
            }
            return toupper(substr(s, 1, 1)) substr(s, 2) " " sfx[k % 5 + 1]
         }
         BEGIN {
            split("City Town United Rovers Athletic", sfx)
            print "league,season,date,home_team,away_team,home_goals,away_goals"
            for (i = 0; i < 10000; i++)
                printf "big,2020-21,2021-01-%02d,%s,%s,1,0\n", i % 28 + 1, name(2 * i), name(2 * i + 1)
            print "big,2020-21,2021-01-29,Nottm Forest,Aaaa City,1,0"
            print "big,2020-21,2021-01-30,Nottingham Forest,Baaa Town,1,0"
         }' >"$BATS_TEST_TMPDIR/big.csv"
    [ "$(tail -n +2 "$BATS_TEST_TMPDIR/big.csv" | cut -d, -f4,5 | tr , '\n' | sort -u | wc -l)" -eq 20002 ]
    printf 'league,alias,name\n' >"$BATS_TEST_TMPDIR/none.csv"
    run --separate-stderr timeout 20 "$BIN/import-fixtures" -T "$BATS_TEST_TMPDIR/none.csv" "$BATS_TEST_TMPDIR/big.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/big.csv:10003: team 'Nottingham Forest' and 'Nottm Forest' of big (first at $BATS_TEST_TMPDIR/big.csv:10002) never meet, and the words of one abbreviate the other's: the same club? name it once in teams.csv"
}

@test "the shipped table names the Russian league's Torpedo Moscow once (the site's 'T. Moscow' of 2013-14 and 2014-15); without it, the probable alias is reported" {
    [ -d "$EXTRA" ] || skip "no shared data"
    printf 'league,alias,name\n' >"$BATS_TEST_TMPDIR/none.csv"
    run --separate-stderr "$BIN/import-fixtures" -T "$BATS_TEST_TMPDIR/none.csv" "$EXTRA/RUS.csv"
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"team 'Torpedo Moscow' and 'T. Moscow' of russia_premier_league (first at $EXTRA/RUS.csv:"*") never meet"* ]]
    run --separate-stderr import "$EXTRA/RUS.csv"
    [ "$status" -eq 0 ]
    [[ "$stderr" != *"never meet"* ]]
    same "$(grep -c ',T\. Moscow,' <<<"$output")" 0
    [ "$(grep -c ',Torpedo Moscow,' <<<"$output")" -gt 50 ]
}

@test "tables saved by a spreadsheet (Windows-1252, CRLF) name teams as the data files do" {
    T=$BATS_TEST_TMPDIR
    printf 'league,alias,name\r\nbundesliga,Bayern Munich,Bayern M\xfcnchen\r\nbundesliga,K\xf6ln,FC K\xf6ln\r\n' >"$T/teams.csv"
    printf 'league,date,home,away,reason\r\nbundesliga,2023-08-26,Gladbach,Bayern M\xfcnchen,a test of the list\r\n' >"$T/excluded.csv"
    # the data in UTF-8, and in Windows-1252 too
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nD1,18/08/2023,Werder Bremen,Bayern Munich,0,4\nD1,19/08/2023,K\xc3\xb6ln,Dortmund,0,1\n' >"$T/d1.csv"
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nD1,26/08/2023,Gladbach,Bayern Munich,1,2\nD1,26/08/2023,Leipzig,K\xf6ln,3,1\n' >"$T/d1-cp1252.csv"
    run --separate-stderr "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -T "$T/teams.csv" -X "$T/excluded.csv" "$T/d1.csv" "$T/d1-cp1252.csv"
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $T/d1-cp1252.csv:2: excluded: bundesliga 2023-08-26 Gladbach v Bayern München: a test of the list ($T/excluded.csv:2)"
    same "$output" "$HEADER
bundesliga,2023-24,2023-08-18,Werder Bremen,Bayern München,0,4,,,
bundesliga,2023-24,2023-08-19,FC Köln,Dortmund,0,1,,,
bundesliga,2023-24,2023-08-26,Leipzig,FC Köln,3,1,,,"
}

@test "a no-break space inside a name (pasted from a web page) is a plain space, not a new team" {
    T=$BATS_TEST_TMPDIR
    # UTF-8 and Windows-1252 no-break spaces; and an alias written with one
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nE0,11/08/2023,Burnley,Man City,0,3\nE0,19/08/2023,Man\xc2\xa0City,Newcastle,1,0\n' >"$T/utf8.csv"
    printf 'Div,Date,HomeTeam,AwayTeam,FTHG,FTAG\nE0,27/08/2023,Sheffield United,Man\xa0City,1,2\nE0,02/09/2023,Luton,West Ham,1,2\n' >"$T/cp1252.csv"
    printf 'league,alias,name\npremier_league,West\xc2\xa0Ham,West Ham United\n' >"$T/teams.csv"
    printf 'league,season,date,home_team,away_team\npremier_league,2023-24,2023-09-16,Man\xc2\xa0City,West Ham\n' >"$T/canonical.csv"
    run --separate-stderr "$BIN/import-fixtures" -L "$PROJECT/data/leagues.csv" -T "$T/teams.csv" "$T/utf8.csv" "$T/cp1252.csv" "$T/canonical.csv"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(tail -n +2 <<<"$output" | cut -d, -f4,5)" "Burnley,Man City
Man City,Newcastle
Sheffield United,Man City
Luton,West Ham United
Man City,West Ham United"
}

@test "a bad alias table is refused with file and line" {
    printf 'league,alias,name\nla_liga,A,B\nla_liga,B,C\n' >"$BATS_TEST_TMPDIR/t.csv"
    run --separate-stderr "$BIN/import-fixtures" -T "$BATS_TEST_TMPDIR/t.csv" canonical.csv
    [ "$status" -eq 1 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/t.csv: 'B' of la_liga is both a name and an alias: give the final name"
    printf 'league,alias\n' >"$BATS_TEST_TMPDIR/t.csv"
    run --separate-stderr "$BIN/import-fixtures" -T "$BATS_TEST_TMPDIR/t.csv" canonical.csv
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/t.csv:1: missing column 'name' in header"
}

# ---- excluded matches ----

@test "excluded matches: each drop said on stderr, a listed match not found is a warning" {
    printf '%s\n' 'league,date,home,away,reason' \
        'premier_league,2023-08-11,Burnley,Man City,a test of the list' \
        'premier_league,2023-08-12,Burnley,Luton,not in the file' \
        'serie_a,2023-08-12,Empoli,Verona,another league: not looked for' >"$BATS_TEST_TMPDIR/x.csv"
    run --separate-stderr "$BIN/import-fixtures" -X "$BATS_TEST_TMPDIR/x.csv" modern.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: modern.csv:2: excluded: premier_league 2023-08-11 Burnley v Man City: a test of the list ($BATS_TEST_TMPDIR/x.csv:2)
import-fixtures: $BATS_TEST_TMPDIR/x.csv:3: listed match premier_league 2023-08-12 Burnley v Luton not found in the data"
    [ "${#lines[@]}" -eq 5 ]
    ! grep -q "Burnley,Man City" <<<"$output" || false
}

@test "a match listed twice in the exclusions is said listed again, not not found" {
    printf '%s\n' 'league,date,home,away,reason' \
        'premier_league,2023-08-11,Burnley,Man City,a test of the list' \
        'premier_league,2023-08-11,Burnley,Man City,the same line pasted again' >"$BATS_TEST_TMPDIR/x.csv"
    run --separate-stderr "$BIN/import-fixtures" -X "$BATS_TEST_TMPDIR/x.csv" modern.csv
    [ "$status" -eq 0 ]
    same "$stderr" "import-fixtures: $BATS_TEST_TMPDIR/x.csv:3: match listed again (first at line 2)
import-fixtures: modern.csv:2: excluded: premier_league 2023-08-11 Burnley v Man City: a test of the list ($BATS_TEST_TMPDIR/x.csv:2)"
    [ "${#lines[@]}" -eq 5 ]
}

@test "the shipped list: every entry is a real match of the shared data, with its reason" {
    need_extra
    run --separate-stderr import "$MAIN/I1/2012-13.csv" "$MAIN/F1/2016-17.csv" "$EXTRA/RUS.csv"
    [ "$status" -eq 0 ]
    same "$(grep -c ': excluded: ' <<<"$stderr")" "$(($(wc -l <"$PROJECT/data/excluded.csv") - 1))"
    ! grep -q "not found" <<<"$stderr" || false
}

# ---- canonical round trip ----

@test "the optional columns read back: canonical output re-imported is the same" {
    import resaved-main.csv fixtures-main.csv extra.csv >"$BATS_TEST_TMPDIR/a.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/a.csv"
    [ "$status" -eq 0 ]
    same "$output" "$(cat "$BATS_TEST_TMPDIR/a.csv")"
    same "$("$BIN/split-league" mls "$BATS_TEST_TMPDIR/a.csv" | head -1)" "$HEADER,odds_source,$STATS"
    sed 's/,pinnacle_closing,/,pinacle,/' "$BATS_TEST_TMPDIR/a.csv" >"$BATS_TEST_TMPDIR/b.csv"
    run --separate-stderr import "$BATS_TEST_TMPDIR/b.csv"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"unknown odds_source"* ]]
}
