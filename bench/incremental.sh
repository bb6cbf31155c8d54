#!/bin/bash
# bench/incremental.sh: the CPU cost (user+sys, children included) of
# training the 24 models of the shared data (8 leagues, 31 seasons) from
# empty, then of the new versions after one more match week, and the
# reuse it gets (feature tables extended, not recomputed).
#
#   bench/incremental.sh [WEEK_START]     (default 2024-05-13: the last week
#                                          of 2023-24 in most leagues)
#
# The data are kept as a user keeps them: the site's files, one a division
# and season. Before the week, each file holding a match from WEEK_START on
# is cut before that day (the others are linked as they are); the week is
# then added by writing those files in their place cut before the next
# Monday, as a download of the current season's file that week would be,
# and the same `make all` runs again.
# LOWER=DIR adds the files of DIR (e.g. ../shared/data/football-data-lower,
# the feeder divisions) to the data: the 8 leagues' models then link them.
# Prints Markdown tables (the three runs; the programs of the new week's
# run, each under build/bench/cputime through a BIN= directory of wrappers;
# the shares of perf's samples of a third run of it, by code and by process,
# unless BY_CODE=0); the machine's load average is given beside them.
# With KEYS_OUT=FILE, writes the key figures there ("f.NAME value" lines)
# for bench/perf.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/data/football-data}
LOWER=${LOWER:-}
WEEK=${1:-2024-05-13}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
make -s build build/bench/cputime

. bench/week-data.sh
week_data "$T" "$WEEK" "$SHARED" "$LOWER"

cpu() { # label, key, then the make arguments: one table row
    local label=$1 name=$2 t0 t1
    shift 2
    t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    make -s -j2 all MODELS="$T/models" WORK="$T/work" "$@" > "$T/out" 2>&1
    t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
    local ticks=$(getconf CLK_TCK) secs
    secs=$(awk -v a="$t0" -v b="$t1" -v k="$ticks" 'BEGIN { printf "%.1f", (b - a) / k }')
    printf '| %s | %s | %s |\n' "$label" "$secs" "$(tail -n 1 "$T/out" | sed 's/^leaguefit: //')"
    [ -z "${KEYS_OUT:-}" ] || echo "f.${name}_cpu_s $secs" >> "$KEYS_OUT"
}

# Every program of a run under build/bench/cputime, for the breakdown (GNU
# time's figures, cut to the hundredth of a second, lost about 5 ms a
# program: a third of the week's run).
mkdir -p "$T/wrap"
for p in bin/*; do
    printf '#!/bin/sh\nexec %s -o %s %s %s "$@"\n' \
        "$PWD/build/bench/cputime" "$T/progs.log" "${p#bin/}" "$PWD/$p" > "$T/wrap/${p#bin/}"
    chmod +x "$T/wrap/${p#bin/}"
done
[ -z "${KEYS_OUT:-}" ] || : > "$KEYS_OUT"

echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $added matches in the week from $WEEK, in $cut_files files."
echo
echo '| run | CPU s (user+sys) | result |'
echo '|---|---|---|'
cpu "full build from empty (data to $WEEK)" full DATA="$T/data"
cpu "the same data again" noop DATA="$T/data"
# The state before the week, built again apart for the breakdown's run (the
# timed run is not slowed by the wrappers). A copy of the state would not
# do: row images are keyed by their files' inodes, and the copy's tables
# would be parsed again, as the week never parses them.
cp -a "$T/data" "$T/data.b"
[ "${BY_CODE:-1}" = 0 ] || cp -a "$T/data" "$T/data.pre"
make -s -j2 all MODELS="$T/models.b" WORK="$T/work.b" DATA="$T/data.b" > /dev/null 2>&1
add_week "$T" "$T/data"
cpu "one more week: new versions of 24 models" week DATA="$T/data"
add_week "$T" "$T/data.b"
make -s -j2 all MODELS="$T/models.b" WORK="$T/work.b" DATA="$T/data.b" BIN="$T/wrap" > /dev/null 2>&1
echo
echo "The programs of the new week's run, in a second run of it with each"
echo "program under build/bench/cputime (CPU s, user+sys, to the microsecond;"
echo "a program run by leaguefit-step counts in both; the rest of the week's"
echo "CPU is make's, the shells' and the small tools' its recipes run):"
echo
echo '| program | runs | CPU s |'
echo '|---|---|---|'
awk '{ n[$5]++; c[$5] += $2 + $3; if ($5 != "leaguefit-step") { all += $2 + $3; runs++ } }
     END { for (p in n) printf "| %s | %d | %.2f |\n", p, n[p], c[p]
           printf "| all but leaguefit-step | %d | %.2f |\n", runs, all }' \
    "$T/progs.log" | sort -t'|' -k4,4 -rn

# Where the week's CPU goes by code: perf's samples of a third run of the
# week (the state before it built again, as above), every process of the
# run, grouped by the object each sample fell in, then by process.
# Skipped, saying so, where perf cannot record; not made with BY_CODE=0.
[ "${BY_CODE:-1}" != 0 ] || exit 0
if ! perf record -q -o "$T/probe.data" true > /dev/null 2>&1; then
    echo
    echo "(perf could not record here: no breakdown of the week's CPU by code.)"
    exit 0
fi
rm -rf "$T/data.b" "$T/models.b" "$T/work.b"
cp -a "$T/data.pre" "$T/data.b"
make -s -j2 all MODELS="$T/models.b" WORK="$T/work.b" DATA="$T/data.b" > /dev/null 2>&1
add_week "$T" "$T/data.b"
perf record -q -F 4000 -o "$T/week.data" -- \
    make -s -j2 all MODELS="$T/models.b" WORK="$T/work.b" DATA="$T/data.b" > /dev/null 2>&1
programs=" $(cd bin && echo *) "
# shares KEY: the shares of the week's samples by dso (code) or comm
# (process), each classed as the tables say.
shares() {
    perf report -i "$T/week.data" --no-children --sort "$1" --stdio 2> /dev/null |
        awk -v by="$1" -v programs="$programs" '
        BEGIN { n = split(programs, p, " ")
                for (i = 1; i <= n; i++) { ours[p[i]] = 1; comm[substr(p[i], 1, 15)] = 1 } }
        /^ *[0-9.]+%/ {
            share = $1; sub("%", "", share); x = $2
            if (by == "comm")
                kind = x in comm ? "the programs of bin/" \
                     : x == "bash" || x == "sh" ? "the shells of the recipes (bash, sh)" \
                     : x == "make" ? "make" : "other tools (coreutils, awk, flock, ...)"
            else
                kind = x == "[kernel.kallsyms]" ? "the kernel (process start, page faults, files)" \
                     : x ~ /^ld-linux/ ? "the dynamic loader (ld.so)" \
                     : x ~ /^lib(c|m)[.]so/ ? "the C library and libm" \
                     : x ~ /^lib(csv|cjson|nettle)[.]so/ ? "libcsv, cJSON, nettle" \
                     : x in ours ? "the code of the programs of bin/" \
                     : x == "bash" || x == "dash" || x == "make" ? "make and the shells (bash, dash)" \
                     : "other tools (coreutils, awk, flock, ...)"
            sum[kind] += share
        }
        END { for (k in sum) printf "| %s | %.1f%% |\n", k, sum[k] }' | sort -t'|' -k3,3 -rn
}
echo
echo "The week's CPU by the code it ran: perf's samples (4000 a second of"
echo "CPU) of a third run of it, every process, by the object each fell in:"
echo
echo '| code | share of the samples |'
echo '|---|---|'
shares dso
echo
echo "The same samples by the process they fell in (a process's name as the"
echo "kernel keeps it: its first 15 characters):"
echo
echo '| process | share of the samples |'
echo '|---|---|'
shares comm
