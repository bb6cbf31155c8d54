#!/bin/bash
# bench/scale.sh: the cost of `make -j2 all` from empty against the number
# of leagues and against history length, with the largest single process's
# memory; then a weekly update of the largest set (one more match week in
# every league) and how many league-models the machine refreshes a minute.
#
#   bench/scale.sh            (SHARED, LOWER, EXTRA: the football-data
#                              directories; NSIM: simulated leagues of the
#                              largest set, default 200)
#
# Sets: 1 league (premier_league), the 8 leagues of SHARED, 22 divisions
# (those 8, the 5 of LOWER, the 3 of EXTRA and 6 simulated), NSIM simulated
# leagues (simulate-league, 6 seasons of 20 teams). History: premier_league
# with its last 5, 10, 20 and 31 seasons. CPU is user+sys of make and every
# program it runs; memory is GNU time's maximum resident set over make and
# the processes it waited for, i.e. the largest single process.
# Prints its section of docs/benchmarks.md (Markdown tables); with OUT=FILE
# (`make scale`: docs/benchmarks.md) puts it there instead (bench/section.sh).
# PARTS (default "leagues history week") runs some of the three only.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/data/football-data}
LOWER=${LOWER:-../shared/data/football-data-lower}
EXTRA=${EXTRA:-../shared/data/football-data-extra}
NSIM=${NSIM:-200}
PARTS=${PARTS:-leagues history week}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
T=$(mktemp -d /tmp/lfscale.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
make -s build
START=$(date +%s)

# simulated NAME SEED DIR: six seasons (2018-19 to 2023-24) of a league,
# its team names tagged with its name. simulate-league draws every
# league's names from one pool of 768, so that leagues of a large set
# share teams, and leagues sharing two teams are linked divisions
# (docs/quality.md): untagged, each of 200 leagues would link about 18
# others, and every fit would carry their rows.
simulated() {
    bin/simulate-league --league "$1" --seed "$2" --seasons 6 --first-season 2018 |
        awk -F, -v OFS=, -v tag=" $1" 'NR > 1 { $4 = $4 tag; $5 = $5 tag } 1' > "$3/$1.csv"
}

# run LABEL NAME DATA LEAGUES...: one make from empty; a table row.
run() {
    local label=$1 name=$2 data=$3
    shift 3
    local leagues="$*"
    /usr/bin/time -f "%e %U %S %M" -o "$T/tm.$name" \
        make -s -j2 all DATA="$data" LEAGUES="$leagues" MODELS="$T/m.$name" WORK="$T/w.$name" \
        > "$T/out.$name" 2>&1
    local trained
    trained=$(sed -n 's/^leaguefit: \([0-9]*\) trained.*/\1/p' "$T/out.$name" | tail -1)
    awk -v l="$label" -v n="$#" -v t="${trained:-0}" \
        '{ printf "| %s | %d | %d | %.1f | %.1f | %.1f |\n", l, n, t, $1, $2 + $3, $4 / 1024 }' \
        "$T/tm.$name"
}

slugs_of() { # the leagues of canonical or raw files
    bin/import-fixtures "$@" 2> /dev/null | bin/split-league --list - | cut -f1 | tr '\n' ' '
}

{
cat <<HEAD
<!-- begin scale: written by bench/scale.sh (make scale); bench/perf.sh keeps this block -->
## Scale: leagues and history length

\`make -j2 all\` from empty (CPU: user+sys of make and every program it
runs; memory: the largest single process, GNU time's maximum over make and
the processes it waited for), against the number of leagues and against
the seasons of history, then a weekly update of the largest set. Run:
$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores;
load average at the start: $(cut -d' ' -f1-3 /proc/loadavg).

HEAD
mkdir -p "$T/sim"
if part leagues; then
echo '| set | leagues | models trained | wall s | CPU s | largest process MiB |'
echo '|---|---|---|---|---|---|'
mkdir -p "$T/one" "$T/d22"
cp "$SHARED"/E0/*.csv "$T/one/"
run "premier_league" l1 "$T/one" premier_league
MAIN=$(slugs_of "$SHARED"/*/*.csv)
run "the 8 leagues" l8 "$SHARED" $MAIN
cp -r "$SHARED" "$T/d22/main"
cp -r "$LOWER" "$T/d22/lower"
cp -r "$EXTRA" "$T/d22/extra"
for i in 1 2 3 4 5 6; do simulated "sim_$i" "$i" "$T/d22"; done
ALL22=$(slugs_of $(find "$T/d22" -name '*.csv'))
run "22 divisions" l22 "$T/d22" $ALL22
for i in $(seq 1 "$NSIM"); do simulated "$(printf 'sim%03d' "$i")" "$i" "$T/sim"; done
run "$NSIM simulated" sim "$T/sim" $(for i in $(seq 1 "$NSIM"); do printf 'sim%03d ' "$i"; done)

fi
if part history; then
echo
echo 'History length (premier_league, its last N seasons):'
echo
echo '| seasons | leagues | models trained | wall s | CPU s | largest process MiB |'
echo '|---|---|---|---|---|---|'
for n in 5 10 20 31; do
    mkdir -p "$T/h$n"
    ls "$SHARED"/E0/*.csv | tail -n "$n" | xargs -I{} cp {} "$T/h$n/"
    run "$n" "h$n" "$T/h$n" premier_league
done

fi

# A weekly update of the simulated set: each league's data before its last
# match week, trained; then the full data.
if part week; then
[ -n "$(ls "$T/sim")" ] ||
    for i in $(seq 1 "$NSIM"); do simulated "$(printf 'sim%03d' "$i")" "$i" "$T/sim"; done
mkdir -p "$T/simw"
for f in "$T"/sim/*.csv; do
    last=$(tail -n 1 "$f" | cut -d, -f3)
    awk -F, -v l="$last" 'NR == 1 || $3 < l' "$f" > "$T/simw/${f##*/}"
done
LEAGUES_SIM=$(for i in $(seq 1 "$NSIM"); do printf 'sim%03d ' "$i"; done)
make -s -j2 all DATA="$T/simw" LEAGUES="$LEAGUES_SIM" MODELS="$T/m.week" WORK="$T/w.week" \
    > /dev/null 2>&1
rm -rf "$T/simw"
mv "$T/sim" "$T/simw"
touch "$T"/simw/*.csv # newer than their imports: the files changed
echo
echo "A weekly update of the $NSIM simulated leagues (trained on the data before"
echo "their last match week, then given it):"
echo
echo '| run | leagues | models trained | wall s | CPU s | largest process MiB |'
echo '|---|---|---|---|---|---|'
/usr/bin/time -f "%e %U %S %M" -o "$T/tm.week" \
    make -s -j2 all DATA="$T/simw" LEAGUES="$LEAGUES_SIM" MODELS="$T/m.week" WORK="$T/w.week" \
    > "$T/out.week" 2>&1
trained=$(sed -n 's/^leaguefit: \([0-9]*\) trained.*/\1/p' "$T/out.week" | tail -1)
awk -v n="$NSIM" -v t="${trained:-0}" \
    '{ printf "| one more week | %d | %d | %.1f | %.1f | %.1f |\n", n, t, $1, $2 + $3, $4 / 1024 }' \
    "$T/tm.week"
echo
awk -v t="${trained:-0}" '{ printf "League-models refreshed a minute: %.1f by wall clock, %.1f a CPU minute.\n", 60 * t / $1, 60 * t / ($2 + $3) }' "$T/tm.week"
fi
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); script run time $(($(date +%s) - START)) s."
echo
echo "    make scale        # OUT=docs/benchmarks.md NSIM=$NSIM bench/scale.sh"
echo '<!-- end scale -->'
} > "$T/section.md"
if [ -n "${OUT:-}" ]; then
    bench/section.sh scale "$T/section.md" "$OUT"
else
    cat "$T/section.md"
fi
