#!/bin/bash
# bench/week-pairs.sh OLD [PAIRS]: a new week's run (bench/incremental.sh's
# week, the shared data of the 8 leagues) from an older checkout OLD
# (built: make build there) and from this tree, alternated, PAIRS times
# (default 6): each run from its own tree's state before the week, built
# afresh, so that neither reuses the other's files. CPU (user+sys) of make
# and every program it runs. Prints each pair, the medians and the mean of
# the paired differences (this tree's minus OLD's) with its standard
# error: a host's CPU time varies by a tenth or more from run to run, and
# the pairs' differences show what the change is worth beside that.
#
#   bench/week-pairs.sh /tmp/old 10    (git worktree add /tmp/old COMMIT;
#                                       make -C /tmp/old -s build)
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$(realpath "${1:?usage: bench/week-pairs.sh OLD [PAIRS]}")
PAIRS=${2:-6}
SHARED=${SHARED:-../shared/data/football-data}
WEEK=${WEEK:-2024-05-13}
T=$(mktemp -d /tmp/lfpairs.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
make -s build
[ -x "$OLD/bin/leaguefit-step" ] || { echo "week-pairs.sh: $OLD: not built (make -C $OLD -s build)" >&2; exit 2; }
. bench/week-data.sh
. bench/children-cpu.sh
week_data "$T" "$WEEK" "$(realpath "$SHARED")"

# week TREE: the state before the week built from TREE, then the week's
# run timed; prints its CPU seconds.
week() {
    local s=$T/state
    rm -rf "$s" && mkdir -p "$s"
    cp -a "$T/data" "$s/data"
    make -s -C "$1" -j2 all MODELS="$s/models" WORK="$s/work" DATA="$s/data" > /dev/null 2>&1
    add_week "$T" "$s/data"
    children_cpu "$T/out" make -s -C "$1" -j2 all MODELS="$s/models" WORK="$s/work" DATA="$s/data"
    grep -q ', 0 failed,' "$T/out" || { echo "week-pairs.sh: a week's run from $1 failed:" >&2; cat "$T/out" >&2; exit 1; }
}

echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $added matches in the week from $WEEK."
echo
echo "| pair | $(git -C "$OLD" log -1 --format=%h) s | $(git log -1 --format=%h) s | difference s |"
echo "|---|---|---|---|"
for i in $(seq "$PAIRS"); do
    old=$(week "$OLD")
    new=$(week .)
    echo "$old $new" >> "$T/pairs"
    printf '| %d | %s | %s | %+.2f |\n' "$i" "$old" "$new" "$(awk -v a="$old" -v b="$new" 'BEGIN { print b - a }')"
done
echo
awk '{ o[NR] = $1; n[NR] = $2; d = $2 - $1; s += d; ss += d * d }
     function median(v, k,   i, j, t) {
         for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
         return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
     END { k = NR; m = s / k; se = k > 1 ? sqrt((ss - k * m * m) / (k - 1) / k) : 0
           printf "Medians: %.2f s before, %.2f s after; the mean paired difference %+.2f s (standard error %.2f, %d pairs).\n",
                  median(o, k), median(n, k), m, se, k }' "$T/pairs"
