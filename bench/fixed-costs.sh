#!/bin/bash
# bench/fixed-costs.sh [DIR]: what a training run pays besides its fits,
# measured one piece at a time, and a run that trains nothing in all.
#
# A week's run of the 8 leagues starts some 290 processes (72 of them
# leaguefit-step, 40-odd shells), and on a host where a page fault costs
# tens of microseconds a process costs milliseconds before it computes
# anything. Each row below is the mean CPU (user+sys, hyperfine -N) of
# one start of what a run starts that many times:
#   - a recipe's shell: bash -eu -o pipefail, against /bin/sh (the recipes
#     of the versions, feature tables and the steps' goals run by /bin/sh);
#   - leaguefit-step running /bin/true, as built (linked statically)
#     against the same object linked dynamically;
#   - the build check every run begins with (make build, all up to date):
#     its dependency check stamped (build/deps/build) against the stamp
#     removed before each run (dpkg asked, as every run did before);
#   - leaguefit-status --to-train on a snapshot of 24 models.
# Then a run that trains nothing (make -s -j2 all on DIR, trained once
# first), the median of five; with OLD=DIR2 (an older checkout, built) the
# same from DIR2, the two alternated.
#
# Prints its section of docs/benchmarks.md; with OUT=FILE (`make
# fixed-costs`: docs/benchmarks.md) puts it there (bench/section.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/football-data}
T=$(mktemp -d /tmp/lffixed.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
command -v hyperfine > /dev/null || { echo "fixed-costs.sh: needs hyperfine (make deps-bench)" >&2; exit 1; }
make -s build

# cpu_ms NAME: the mean CPU of one run of hyperfine's export NAME, in ms.
cpu_ms() { jq -r '.results[0] | (.user + .system) * 1000 | . * 100 | round / 100' "$T/$1.json"; }
# bench NAME [OPTIONS] CMD: hyperfine without a shell, 200 runs (CMD one
# word, split by hyperfine: no path in it holds a space).
bench() {
    local name=$1; shift
    hyperfine -N --warmup 5 --runs 200 --export-json "$T/$name.json" "$@" > /dev/null 2>&1
}

bench bash "/bin/bash -eu -o pipefail -c true"
bench sh "/bin/sh -eu -c true"

mkdir -p "$T/run"
cc -o "$T/step-dynamic" build/leaguefit-step.o build/libleaguefit.a
bench step-static "bin/leaguefit-step $T/run poisson_v2 x 2024-01-01-00000000 -- /bin/true"
rm -rf "$T/run" && mkdir -p "$T/run"
bench step-dynamic "$T/step-dynamic $T/run poisson_v2 x 2024-01-01-00000000 -- /bin/true"

# The build check: make -s build against an up-to-date tree (DATA given,
# so that its parse finds files as a run's does).
bench build-stamped "make -s build DATA=$DATA"
bench build-unstamped --prepare "rm -f build/deps/build" "make -s build DATA=$DATA"
make -s build > /dev/null # (the stamp back)

# --to-train on the snapshot of a week's run: 24 models, all to train.
for t in poisson_v2 1x2_v2 draw_specialist; do
    for l in premier_league la_liga serie_a bundesliga ligue_1 eredivisie primeira_liga championship; do
        printf '%s\t%s\t2024-05-19-0123abcd\tstale\tno\tno\n' "$t" "$l"
    done
done > "$T/before"
mkdir -p "$T/models" "$T/work"
bench to-train "bin/leaguefit-status -m $T/models -w $T/work -t poisson_v2 -l premier_league --to-train $T/before"
[ "$(bin/leaguefit-status -m "$T/models" -w "$T/work" -t poisson_v2 -l premier_league \
    --to-train "$T/before")" = 24 ]

# A run that trains nothing: CPU of make and everything it runs, the
# median of five.
. bench/children-cpu.sh
noop() { make -s -C "$1" -j2 all DATA="$(realpath "$DATA")" MODELS="$T/m.$2" WORK="$T/w.$2"; }
noop . new > /dev/null 2>&1
[ -z "${OLD:-}" ] || noop "$OLD" old > /dev/null 2>&1
for i in 1 2 3 4 5; do
    children_cpu "$T/out" noop . new >> "$T/noop.new"
    [ -z "${OLD:-}" ] || children_cpu "$T/out" noop "$OLD" old >> "$T/noop.old"
done
median() { sort -n "$1" | sed -n 3p; }
runs() { paste -sd' ' "$1" | sed 's/ /, /g'; }

S=$T/section
{
    echo "<!-- begin fixed-costs: written by bench/fixed-costs.sh (make fixed-costs); bench/perf.sh keeps this block -->"
    echo "## Fixed costs of a run"
    echo
    echo "\`bench/fixed-costs.sh\`: the mean CPU (user+sys) of one start of what a"
    echo "training run starts many times (hyperfine -N, 200 runs each), and the CPU"
    echo "of a run that trains nothing. Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| what | ms CPU | against | ms CPU |"
    echo "|---|---|---|---|"
    echo "| a recipe's shell, /bin/sh -eu -c | $(cpu_ms sh) | bash -eu -o pipefail -c | $(cpu_ms bash) |"
    echo "| leaguefit-step running /bin/true, linked statically | $(cpu_ms step-static) | linked dynamically | $(cpu_ms step-dynamic) |"
    echo "| make build, up to date, dependency check stamped | $(cpu_ms build-stamped) | stamp removed (dpkg asked) | $(cpu_ms build-unstamped) |"
    echo "| leaguefit-status --to-train, 24 models | $(cpu_ms to-train) | | |"
    echo
    echo "A run that trains nothing (\`make -s -j2 all\`, 8 leagues, trained before):"
    echo "median $(median "$T/noop.new") s of CPU (runs: $(runs "$T/noop.new"))$(
        [ -z "${OLD:-}" ] || printf '; from %s, alternated with it: median %s s (runs: %s)' \
            "$(git -C "$OLD" log -1 --format=%h)" "$(median "$T/noop.old")" "$(runs "$T/noop.old")")."
    echo "<!-- end fixed-costs -->"
} > "$S"
if [ -n "${OUT:-}" ]; then bench/section.sh fixed-costs "$S" "$OUT"; else cat "$S"; fi
