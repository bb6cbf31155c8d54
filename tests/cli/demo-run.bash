# demo-run.bash, loaded by bats files: a training run on the demo data.
#
#   demo_run DIR TARGET "LEAGUES"
#
# runs `make -j2 TARGET` of the project ($PROJECT) with no raw data, so on
# the simulated demo leagues, for LEAGUES only; writes DIR/models (MODELS),
# DIR/data (WORK) and the run's output to DIR.out, and fails as make does.
demo_run() {
    mkdir -p "$1.no-raw-data"
    make -C "$PROJECT" -j2 "$2" LEAGUES="$3" MODELS="$1/models" WORK="$1/data" \
        DATA="$1.no-raw-data" > "$1.out" 2>&1
}
