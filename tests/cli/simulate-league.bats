#!/usr/bin/env bats
# simulate-league: deterministic canonical fixtures from a Dixon-Coles process.

bats_require_minimum_version 1.5.0

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    SIM=$PROJECT/bin/simulate-league
    # A directory of our own: `run --separate-stderr` keeps files in
    # $BATS_TEST_TMPDIR.
    mkdir "$BATS_TEST_TMPDIR/work"
    cd "$BATS_TEST_TMPDIR/work"
}

HEADER=league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away

@test "-h prints the usage on stdout and exits 0" {
    run --separate-stderr "$SIM" -h
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "usage: simulate-league "* ]]
    [[ "$output" == *"--relegated K"* ]]
    [ -z "$stderr" ]
}

@test "same options give byte-identical output; another seed differs" {
    "$SIM" --seed 7 --truth t1.json > a.csv
    "$SIM" --seed 7 --truth t2.json > b.csv
    "$SIM" --seed 8 > c.csv
    cmp a.csv b.csv
    cmp t1.json t2.json
    ! cmp -s a.csv c.csv || false
}

@test "header is exact and there are seasons x teams x (teams-1) rows" {
    "$SIM" > default.csv
    [ "$(head -n 1 default.csv)" = "$HEADER" ]
    [ "$(tail -n +2 default.csv | wc -l)" -eq $((5 * 20 * 19)) ]
    "$SIM" --teams 6 --seasons 3 --relegated 1 > small.csv
    [ "$(head -n 1 small.csv)" = "$HEADER" ]
    [ "$(tail -n +2 small.csv | wc -l)" -eq $((3 * 6 * 5)) ]
}

@test "league column, season labels and readable team names without commas" {
    "$SIM" --league serie_a --seasons 3 --first-season 2015 > s.csv
    run awk -F, 'NR > 1 && NF != 10 { print "fields: " NR } NR > 1 && $1 != "serie_a" { print "league: " NR }
        NR > 1 && $4 !~ /^[A-Z][a-z]+ [A-Z][a-z]+$/ { print "name: " $4 }' s.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "$(cut -d, -f2 s.csv | tail -n +2 | sort -u | tr '\n' ' ')" = "2015-16 2016-17 2017-18 " ]
}

@test "each season every team plays every other once at home and once away" {
    "$SIM" --teams 10 --seasons 4 --relegated 2 > s.csv
    run awk -F, 'NR > 1 {
            if ($4 == $5) print "self: " NR
            if (seen[$2, $4, $5]++) print "twice: " $2 " " $4 " " $5
            rows[$2]++
            if (!(($2, $4) in team)) { team[$2, $4]; nteams[$2]++ }
            if (!(($2, $5) in team)) { team[$2, $5]; nteams[$2]++ }
        }
        END { for (s in rows) if (nteams[s] != 10 || rows[s] != 90) print s ": " nteams[s] " teams, " rows[s] " rows" }' s.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "no team plays twice on a date; a round shares one date" {
    "$SIM" --teams 12 --seasons 2 > s.csv
    run awk -F, 'NR > 1 {
            if (busy[$3, $4]++ || busy[$3, $5]++) print "twice on " $3
            per_date[$3]++
        }
        END { for (d in per_date) { n++; if (per_date[d] != 6) print d ": " per_date[d] " matches" }
              if (n != 2 * 22) print n " dates" }' s.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "dates lie between August and May of their season, in order" {
    "$SIM" --seasons 4 --first-season 2021 > s.csv
    run awk -F, 'NR > 1 {
            y = substr($2, 1, 4)
            if ($3 < y "-08-01" || $3 > (y + 1) "-05-31") print "outside: " $2 " " $3
            if ($3 < last) print "not sorted: " NR
            last = $3
        }' s.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "$(sed -n 2p s.csv | cut -d, -f3)" = 2021-08-14 ] # second Saturday of August
    # 40 teams (78 rounds) need midweek dates too and still fit.
    "$SIM" --teams 40 --seasons 1 > big.csv
    [ "$(cut -d, -f3 big.csv | tail -n +2 | sort -u | wc -l)" -eq 78 ]
    [ "$(cut -d, -f3 big.csv | tail -n +2 | sort | tail -n 1)" \< 2020-06-01 ]
}

@test "goals are whole numbers from 0; odds above 1 with the implied margin" {
    for margin in 0.05 0.1; do
        "$SIM" --margin "$margin" > s.csv
        run awk -F, -v m="$margin" 'NR > 1 {
                if ($6 !~ /^[0-9]+$/ || $7 !~ /^[0-9]+$/) print "goals: " NR
                if (!($8 > 1 && $9 > 1 && $10 > 1)) print "odds: " NR
                # 1.01 is the floor: a favourite with p (1 + margin) >= 1
                # cannot carry the whole margin (a handful of mismatches).
                if ($8 == 1.01 || $10 == 1.01) { floor++; next }
                over = 1 / $8 + 1 / $9 + 1 / $10 - 1
                # 2-decimal rounding moves 1/odds by at most 0.005/odds^2
                if (over - m > 0.01 || m - over > 0.01) print "margin " over " at " NR
                sum += over; n++
            }
            END { if (sum / n - m > 0.002 || m - sum / n > 0.002) print "mean margin " sum / n
                  if (floor > 19) print floor " odds at the floor" }' s.csv
        [ "$status" -eq 0 ]
        [ -z "$output" ]
    done
}

@test "--unplayed blanks the goals of the last N fixtures and nothing else" {
    "$SIM" --seasons 2 > played.csv
    "$SIM" --seasons 2 --unplayed 15 > upcoming.csv
    [ "$(awk -F, 'NR > 1 && $6 == "" && $7 == ""' upcoming.csv | wc -l)" -eq 15 ]
    [ "$(tail -n 15 upcoming.csv | awk -F, '$6 == "" && $7 == "" && $10 > 1' | wc -l)" -eq 15 ]
    [ "$(tail -n 15 upcoming.csv | cut -d, -f2 | sort -u)" = 2020-21 ]
    # The played rows and every odds column are those of the run without it.
    diff <(head -n -15 played.csv) <(head -n -15 upcoming.csv)
    diff <(cut -d, -f1-5,8- played.csv) <(cut -d, -f1-5,8- upcoming.csv)
}

@test "mean goals match exp(mu + home) + exp(mu), and loosely with spread strengths" {
    # Equal teams: E[goals] = exp(mu + home) + exp(mu); rho moves no mass
    # between goal counts' means (tau preserves both marginal means).
    # 1,900 matches: se of the mean about 1.63 / sqrt(1900) = 0.04.
    "$SIM" --sd 0 --drift 0 --mu 0.15 --home 0.25 > flat.csv
    run awk -F, 'NR > 1 { g += $6 + $7; n++ }
        END { e = exp(0.4) + exp(0.15); d = g / n - e
              if (d > 0.15 || d < -0.15) print "mean " g / n " expected " e }' flat.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    # Spread strengths raise it to about exp(mu + sd^2) (1 + exp(home)).
    "$SIM" > spread.csv
    run awk -F, 'NR > 1 { g += $6 + $7; n++ }
        END { e = (exp(0.4) + exp(0.15)) * exp(0.09); d = g / n - e
              if (d > 0.35 || d < -0.35) print "mean " g / n " expected " e }' spread.csv
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "--truth holds the last season's teams, centred, sorted by name" {
    "$SIM" --league la_liga --seasons 3 --teams 8 --relegated 2 --truth truth.json > s.csv
    [ "$(jq -r .league truth.json)" = la_liga ]
    [ "$(jq -r .season truth.json)" = 2021-22 ]
    [ "$(jq .home truth.json)" = 0.25 ]
    [ "$(jq .rho truth.json)" = -0.08 ]
    jq -e '.mu | type == "number"' truth.json
    jq -e '.teams | length == 8 and (map(.name) == (map(.name) | sort))' truth.json
    jq -e '([.teams[].attack] | add | fabs) < 1e-12 and ([.teams[].defence] | add | fabs) < 1e-12' truth.json
    diff <(jq -r '.teams[].name' truth.json) \
         <(awk -F, '$2 == "2021-22" { print $4 }' s.csv | sort -u)
}

@test "a closed league keeps its teams; relegation brings new ones" {
    "$SIM" --relegated 0 --teams 8 --seasons 3 > closed.csv
    [ "$(cut -d, -f4 closed.csv | tail -n +2 | sort -u | wc -l)" -eq 8 ]
    "$SIM" --relegated 2 --teams 8 --seasons 3 > open.csv
    [ "$(cut -d, -f4 open.csv | tail -n +2 | sort -u | wc -l)" -eq 12 ]
}

@test "bad options exit 2 with a message and the usage" {
    bad() { # expected message, then the arguments
        local want=$1
        shift
        run --separate-stderr "$SIM" "$@"
        [ "$status" -eq 2 ] || { echo "exit $status for $*"; return 1; }
        [ -z "$output" ]
        [[ "$stderr" == *"$want"* ]] || { echo "stderr for $*: $stderr"; return 1; }
        [[ "$stderr" == *"usage: simulate-league"* ]]
    }
    bad "simulate-league: --teams: must be an even number from 4 to 40" --teams 5
    bad "--teams: must be an even number from 4 to 40" --teams 2
    bad "--teams: must be an even number from 4 to 40" --teams 42
    bad "--teams: must be an even number from 4 to 40, got 'x'" --teams x
    bad "--seasons: must be a whole number from 1 to 100" --seasons 0
    bad "--seed: must be a whole number from 0 up" --seed -1
    bad "--first-season: must be a year" --first-season 19
    bad "--relegated: must be a whole number from 0 to teams/2" --teams 8 --relegated 5
    bad "--unplayed: must be a whole number from 0" --teams 4 --unplayed 13
    bad "--relegated: must be a whole number from 0 to teams/2" --teams 4 --relegated 3
    bad "--margin: must be a number from 0 to 0.5" --margin -0.1
    bad "--rho: must be a number from -1 to 1" --rho 1.5
    bad "--sd: must be a number from 0 to 1" --sd nan
    bad "--home: must be a number" --home 1x
    bad "--league: must be letters, digits" --league "a,b"
    bad "--league: must be letters, digits" --league ""
    bad "unexpected argument 'extra'" extra
    bad "same file" -o f --truth f
    run --separate-stderr "$SIM" --no-such-option
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"usage: simulate-league"* ]]
}

@test "-o publishes the same bytes as stdout and leaves no temp file" {
    "$SIM" --seed 3 > expected.csv
    mkdir out
    run --separate-stderr "$SIM" --seed 3 -o out/sim.csv --truth out/truth.json
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    cmp expected.csv out/sim.csv
    jq -e '.teams | length == 20' out/truth.json
    [ "$(ls -A out | tr '\n' ' ')" = "sim.csv truth.json " ]
}

@test "-o and --truth refuse to overwrite an existing file (exit 3, untouched)" {
    echo keep > sim.csv
    run --separate-stderr "$SIM" -o sim.csv
    [ "$status" -eq 3 ]
    [[ "$stderr" == *"sim.csv: already exists, not overwritten"* ]]
    [ "$(cat sim.csv)" = keep ]
    # Neither file is written when one of them exists.
    run --separate-stderr "$SIM" -o sim.csv --truth truth.json
    [ "$status" -eq 3 ]
    [ ! -e truth.json ]
    echo keep > truth.json
    run --separate-stderr "$SIM" -o new.csv --truth truth.json
    [ "$status" -eq 3 ]
    [[ "$stderr" == *"truth.json: already exists, not overwritten"* ]]
    [ "$(cat truth.json)" = keep ]
    [ ! -e new.csv ]
    [ "$(ls -A | tr '\n' ' ')" = "sim.csv truth.json " ]
}

@test "a failed write (> /dev/full) exits 1 with a message" {
    [ -w /dev/full ] || skip "no /dev/full"
    run --separate-stderr bash -c '"$1" > /dev/full' _ "$SIM"
    [ "$status" -eq 1 ]
    [[ "$stderr" == "simulate-league: write error: "* ]]
    # The truth file, published first, is complete on its own.
    run --separate-stderr bash -c '"$1" --truth truth.json > /dev/full' _ "$SIM"
    [ "$status" -eq 1 ]
    jq -e '.teams | length == 20' truth.json
}

@test "when -o or --truth cannot be written: a clear error, nothing partial" {
    run --separate-stderr "$SIM" -o sim.csv --truth no/such/dir/truth.json
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"no/such/dir/truth.json: cannot create temp file"* ]]
    [ -z "$(ls -A)" ]
    run --separate-stderr "$SIM" -o no/such/dir/sim.csv --truth truth.json
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"no/such/dir/sim.csv: cannot create temp file"* ]]
    [ "$(ls -A)" = truth.json ]
    jq -e '.teams | length == 20' truth.json
}

# Tolerances, from standard errors. 20 teams x 10 seasons = 3,800 matches;
# each team plays 380 of them at about 1.3 goals a side, so the se of one
# attack or defence is about 1 / sqrt(380 x 1.3) = 0.045 (0.05 with the
# sum-to-zero and mu correlations): 0.12 is about 2.5 se. home: se about
# 0.02, tolerance 0.05. rho: se about 0.03 (it rests on the 0-0, 1-0, 0-1
# and 1-1 counts), tolerance 0.06. mu: se about 0.015, tolerance 0.06.
# The largest of 40 strength errors passes 2.5 se only about 3 times in 4
# (an exact maximum likelihood fit, scipy, outside the suite: 31 of seeds
# 1-40 pass), so the seed is fixed and the test deterministic. On this data
# that reference fit is off by 0.085 (strengths), 0.002 (home), 0.016 (rho)
# and 0.003 (mu): a correct fit-poisson passes with room to spare.
@test "fit-poisson recovers simulated parameters" {
    [ -x "$PROJECT/bin/fit-poisson" ] || skip "bin/fit-poisson not built yet"
    "$SIM" --seed 1 --teams 20 --seasons 10 --relegated 0 --drift 0 \
        --truth truth.json > sim.csv
    "$PROJECT/bin/fit-poisson" --decay 1 --season-weight 1 < sim.csv > model.json
    run jq -n --slurpfile t truth.json --slurpfile m model.json '
        $t[0] as $t | $m[0] as $m
        | ($m.teams | map({ (.name): . }) | add) as $fit
        | { home: ($m.home - $t.home | fabs),
            rho: ($m.rho - $t.rho | fabs),
            mu: ($m.mu - $t.mu | fabs),
            attack: ([$t.teams[] | $fit[.name].attack - .attack | fabs] | max),
            defence: ([$t.teams[] | $fit[.name].defence - .defence | fabs] | max) }
        | ., (if .home < 0.05 and .rho < 0.06 and .mu < 0.06
                 and .attack < 0.12 and .defence < 0.12 then "ok" else "too far" end)'
    echo "$output"
    [ "$status" -eq 0 ]
    [ "${lines[-1]}" = '"ok"' ]
}
