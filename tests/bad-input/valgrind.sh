#!/bin/bash
# make check-valgrind: every program on good input, and the bad input
# corpus (MANIFEST), under valgrind. Fails on any memory error or a
# definite leak; prints "N passed, N failed".
set -u
cd "$(dirname "$0")"
PROJECT=$(cd ../.. && pwd)
export BIN=$PROJECT/bin
VG="valgrind -q --error-exitcode=125 --leak-check=full --errors-for-leak-kinds=definite"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export REG=$T/registry.jsonl OUT=$T/out HUGE=$T/huge.csv
{ printf 'league,season,date,home_team,away_team,home_goals,away_goals\n'
  printf 'serie_a,2023-24,2023-08-19,Empoli,Verona,0,1\nserie_a,2023-24,'
  head -c 65536 /dev/zero | tr '\0' 7; printf ',Lecce,Lazio,1,2\n'; } > "$HUGE"
pass=0 fail=0
check() { # name command...
    local name=$1; shift
    if ! "$@" > "$T/log" 2>&1; then :; fi
    if grep -q '^==[0-9]*==' "$T/log"; then
        fail=$((fail + 1)); echo "FAIL $name"; grep '^==' "$T/log" | head -20
    else pass=$((pass + 1)); fi
}
# Good input: every program once.
$BIN/simulate-league --league serie_a --seed 3 --seasons 2 > "$T/sim.csv"
check simulate-league $VG $BIN/simulate-league --league serie_a --seed 3 --seasons 1
check import-fixtures $VG $BIN/import-fixtures -L ../../data/leagues.csv ../cli/data/import/modern.csv
check split-league $VG $BIN/split-league serie_a "$T/sim.csv"
check fit-poisson $VG $BIN/fit-poisson -o "$T/pm.json" "$T/sim.csv"
check league-features $VG $BIN/league-features -o "$T/feat.csv" "$T/sim.csv"
mkdir -p "$T/m/serie_a/poisson_v2" "$T/m/serie_a/1x2_v2" "$T/m/serie_a/draw_specialist"
cp "$T/pm.json" "$T/m/serie_a/poisson_v2/poisson_model.json" 2>/dev/null
for o in home draw away; do
    check "fit-1x2 $o" $VG $BIN/fit-1x2 --outcome $o -o "$T/m/serie_a/1x2_v2/${o}_model.json" "$T/feat.csv"
done
check "fit-1x2 calibrate" $VG $BIN/fit-1x2 --calibrate -m "$T/m/serie_a/1x2_v2" -o "$T/m/serie_a/1x2_v2/calibrator.json" "$T/feat.csv"
check "fit-1x2 features" $VG $BIN/fit-1x2 --features -o "$T/m/serie_a/1x2_v2/feature_list.json"
check fit-draw $VG $BIN/fit-draw -o "$T/m/serie_a/draw_specialist/draw_model.json" "$T/feat.csv"
check emit-metrics $VG $BIN/emit-metrics -t poisson_v2 -m "$T/m/serie_a/poisson_v2" "$T/sim.csv"
check predict $VG $BIN/predict -m "$T/m" --history "$T/sim.csv" "$T/sim.csv"
check backtest $VG $BIN/backtest --from 2020-07-01 --until 2021-07-01 "$T/sim.csv"
printf 'x1,x2,y\n1,2,0\n2,1,1\n3,3,0\n4,1,1\n0,0,1\n5,2,0\n' > "$T/lr.csv"
check logreg-fit $VG $BIN/logreg-fit "$T/lr.csv"
check registry-append $VG $BIN/registry-append -r "$REG" --json < entries/good.json
check registry-keys $VG $BIN/registry-keys -r "$REG" poisson_v2_serie_a_v2 other
# Bad input: every case of the manifest (stdout form).
while IFS=$'\t' read -r id want pat flag cmd; do
    [[ $id == \#* || -z $id ]] && continue
    rm -f "$REG" "$OUT"
    cmd=${cmd//\{O\}/}
    check "$id" bash -c "${cmd//\$BIN\//$VG \$BIN/}"
done < MANIFEST
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
