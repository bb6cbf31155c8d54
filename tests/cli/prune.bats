#!/usr/bin/env bats
# What WORK keeps of the versions: at the end of a run that no other run is
# alive beside, a league's feature tables go but those of the versions its
# pointers name and its newest one; the versions' rows stay, and a table
# gone is made again, the same bytes, where a version needs it. Small
# simulated leagues (two leagues, three seasons), so that each run takes
# about a second.

bats_require_minimum_version 1.5.0
load stamp

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export SRC="$BATS_FILE_TMPDIR/src"
    mkdir -p "$SRC"
    "$PROJECT/bin/simulate-league" --league serie_a --seed 31 --seasons 3 --first-season 2021 \
        -o "$SRC/serie_a.csv"
    "$PROJECT/bin/simulate-league" --league ligue_1 --seed 32 --seasons 3 --first-season 2021 \
        -o "$SRC/ligue_1.csv"
}

setup() {
    cd "$BATS_TEST_TMPDIR"
    # The data up to 2023-01-01 first; the rest of serie_a's season later.
    mkdir in
    for l in serie_a ligue_1; do
        awk -F, 'NR == 1 || $3 < "2023-01-01"' "$SRC/$l.csv" > "in/$l.csv"
    done
}

# (A process a test left alive, its pid in other.pid, is stopped.)
teardown() {
    [ ! -f other.pid ] || kill "$(cat other.pid)" 2>/dev/null || :
}

pmake() {
    make -C "$PROJECT" -j2 MODELS="$BATS_TEST_TMPDIR/models" WORK="$BATS_TEST_TMPDIR/work" \
        LEAGUES="serie_a ligue_1" DATA="$BATS_TEST_TMPDIR/in" "$@"
}

versions=work/versions/serie_a
current() { cat "$versions/current"; }
# A process's start time, in clock ticks since boot (/proc/PID/stat's 22nd
# field; the command's name, the 2nd, is a word here).
start_time() { awk '{ print $22 }' "/proc/$1/stat"; }

@test "the data move on: the old version's table goes, its rows stay; the new one's stays" {
    pmake all > /dev/null
    old=$(current)
    [ -e "$versions/$old.features.csv" ]
    cp "$SRC/serie_a.csv" in/serie_a.csv
    run pmake all
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 3 skipped"* ]]
    new=$(current)
    [ "$new" != "$old" ]
    [ ! -e "$versions/$old.features.csv" ]
    [ ! -e "$versions/$old.features.csv.made-by" ] # (its stamp with it)
    [ -e "$versions/$old.csv" ]
    [ -e "$versions/$new.features.csv" ]
    [ -e "$versions/$new.features.csv.made-by" ]
    # The league whose data did not move keeps its only table.
    [ -e "work/versions/ligue_1/$(cat work/versions/ligue_1/current).features.csv" ]
    # The new table extended the old one (removed after the run only): its
    # rows are those a computation in full gives.
    "$PROJECT/bin/league-features" "$versions/$new.csv" | cmp - "$versions/$new.features.csv"
}

@test "the new version's table extends the old one where this build made it, else is computed" {
    pmake all > /dev/null
    old=$(current)
    t=$versions/$old.features.csv
    # A forged feature in the old table's 10th row, vouched for as this
    # build's: it shows where the new table reuses the old.
    awk -F, 'BEGIN { OFS = "," } NR == 11 { $NF = 0.123 } { print }' "$t" > forged
    cp forged "$t"
    stamp_like "$t" "$t"
    cp "$SRC/serie_a.csv" in/serie_a.csv
    pmake all > /dev/null
    new=$(current)
    [ "$(sed -n 11p "$versions/$new.features.csv")" = "$(sed -n 11p forged)" ]
    # Another build's table (its stamp's ID another): computed in full.
    # (Made again from empty, the versions have the same names: a
    # version is named by its rows.)
    rm -r work models
    awk -F, 'NR == 1 || $3 < "2023-01-01"' "$SRC/serie_a.csv" > in/serie_a.csv
    pmake all > /dev/null
    cp forged "$t"
    stamp_like "$t" "$t"
    sed -i '1s/.$/x/' "$t.made-by"
    cp "$SRC/serie_a.csv" in/serie_a.csv
    pmake all > /dev/null
    "$PROJECT/bin/league-features" "$versions/$new.csv" | cmp - "$versions/$new.features.csv"
}

@test "a table gone is made again to repair an older partial version, the same model bytes" {
    pmake all > /dev/null
    old=$(current)
    cp "$SRC/serie_a.csv" in/serie_a.csv
    pmake all > /dev/null
    [ ! -e "$versions/$old.features.csv" ]
    m=models/serie_a/1x2_v2/$old
    cp "$m/calibrator.json" calibrator.ref
    cp "$m/metrics.json" metrics.ref
    rm "$m/calibrator.json" "$m/metrics.json"
    run pmake all
    [ "$status" -eq 0 ]
    cmp calibrator.ref "$m/calibrator.json"
    cmp metrics.ref "$m/metrics.json"
}

@test "a run of one type for new data keeps the newest table, which the next version extends" {
    pmake all > /dev/null
    old=$(current)
    cp "$SRC/serie_a.csv" in/serie_a.csv
    pmake poisson_v2 > /dev/null
    [ "$(current)" != "$old" ]
    [ -e "$versions/$old.features.csv" ]
    run pmake all
    [ "$status" -eq 0 ]
    [ ! -e "$versions/$old.features.csv" ]
    [ -e "$versions/$(current).features.csv" ]
}

@test "the table of a version an UNTIL pointer names stays" {
    cp "$SRC/serie_a.csv" in/serie_a.csv
    pmake all UNTIL=2023-01-01 > /dev/null
    until=$(cat "$versions/current-until-2023-01-01")
    pmake all > /dev/null
    [ "$(current)" != "$until" ]
    [ -e "$versions/$until.features.csv" ]
    [ -e "$versions/$(current).features.csv" ]
}

# New data for a run beside a live process (its pid in other.pid), and
# a run directory named for that process with its start time less $1
# clock ticks (0: its own, as the pipeline names a run's): sets old (the
# version before the new data), other (the pid) and dir.
beside_live_process() {
    pmake all > /dev/null
    old=$(current)
    cp "$SRC/serie_a.csv" in/serie_a.csv
    sleep 600 3>&- &
    other=$!
    echo "$other" > other.pid
    dir="work/.run.$other-$(($(start_time "$other") - $1))"
    mkdir "$dir"
}

@test "nothing is removed while another run is alive" {
    beside_live_process 0
    run pmake all
    [ "$status" -eq 0 ]
    [ -e "$versions/$old.features.csv" ]
    [ -d "$dir" ]
    kill "$other"
    wait "$other" || :
    # Reaped: its pid is free for any process of the machine now, which
    # teardown must not signal.
    rm other.pid
    # Once it is gone, the next run sweeps its directory and prunes.
    run pmake all
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 6 skipped"* ]]
    [ ! -e "$dir" ]
    [ ! -e "$versions/$old.features.csv" ]
}

@test "a run directory whose pid another process has since is swept, and tables are pruned" {
    # Another start time: a dead run's pid, given to a process since.
    beside_live_process 1
    run pmake all
    [ "$status" -eq 0 ]
    [ ! -e "$dir" ]
    [ ! -e "$versions/$old.features.csv" ]
}

@test "a run waits for a pruning in progress before it starts" {
    pmake all > /dev/null
    # The pruning's lock, held exclusive for three seconds by another
    # process, which notes the time just before it lets go; a run with
    # nothing to train takes well under that. (Timed from the release, not
    # from when this shell saw the hold begin, which a loaded machine may
    # see late.)
    flock work/.runs.lock sh -c 'touch held && sleep 3 && date +%s%N > released' 3>&- &
    holder=$!
    while [ ! -e held ]; do sleep 0.05; done
    run pmake all
    finished=$(date +%s%N)
    wait "$holder"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 trained, 6 skipped"* ]]
    # The run could not have made its directory before the lock was let go.
    [ "$finished" -gt "$(cat released)" ]
}

@test "the temp file of a walk cache rewrite that a killed run left is swept" {
    pmake all > /dev/null
    # A pid no process has: the highest the kernel hands out, plus one.
    dead=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    echo torn > "work/cache/serie_a/1x2_v2.walk.$dead.new"
    echo "$$" > "work/cache/serie_a/1x2_v2.walk.$$.new"
    run pmake all
    [ "$status" -eq 0 ]
    [ ! -e "work/cache/serie_a/1x2_v2.walk.$dead.new" ]
    # One of a process alive stays.
    [ -e "work/cache/serie_a/1x2_v2.walk.$$.new" ]
}

@test "the temp file of a table's stamp that a killed run left is swept" {
    pmake all > /dev/null
    dead=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
    t=$versions/$(current).features.csv
    echo torn > "$t.made-by.$dead.new"
    echo "$$" > "$t.made-by.$$.new"
    run pmake all
    [ "$status" -eq 0 ]
    [ ! -e "$t.made-by.$dead.new" ]
    [ -e "$t.made-by.$$.new" ]
}

@test "the temp file of a table that a killed run left (league-features -o's) is swept; one a writer holds stays" {
    pmake all > /dev/null
    t=$versions/.$(current).features.csv
    echo torn > "$t.AbC123"
    echo live > "$t.XyZ789"
    # (a writer holds its temp locked until it publishes it: publish.c;
    # held past the run however slow a loaded machine makes it, and the
    # run started only once the lock is held: teardown stops the holder)
    (exec 8>> "$t.XyZ789" && flock -x 8 && exec sleep 600) 3>&- & echo $! > other.pid
    held=
    for _ in $(seq 600); do flock -xn "$t.XyZ789" true || { held=1; break; }; sleep 0.1; done
    [ -n "$held" ]
    run pmake all
    [ "$status" -eq 0 ]
    [ ! -e "$t.AbC123" ]
    [ -e "$t.XyZ789" ]
}

@test "nothing is removed when the pruning's lock cannot be had" {
    pmake all > /dev/null
    old=$(current)
    cp "$SRC/serie_a.csv" in/serie_a.csv
    # A flock that fails to lock WORK/.runs.lock exclusive (as flock(2)
    # can, with ENOLCK): the run's start works, its pruning must not.
    mkdir stub
    cat > stub/flock <<STUB
#!/bin/bash
case "\$1 \$(readlink /proc/\$\$/fd/9)" in
"9 "*.runs.lock) echo "flock: 9: No locks available" >&2; exit 1 ;;
esac
exec $(command -v flock) "\$@"
STUB
    chmod +x stub/flock
    PATH="$PWD/stub:$PATH" run pmake all
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 trained, 3 skipped"* ]]
    [ "$(current)" != "$old" ]
    [ -e "$versions/$old.features.csv" ]
}
