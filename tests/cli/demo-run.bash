# demo-run.bash, loaded by bats files: a training run on the demo data.
#
#   demo_run DIR TARGET "LEAGUES"
#
# runs `make -j2 TARGET DEMO=1` of the project ($PROJECT), so on the
# simulated demo leagues, for LEAGUES only; writes DIR/demo/models (MODELS)
# and DIR/demo/data (WORK), as a demo run leaves a checkout, and the run's
# output to DIR.out, and fails as make does.
demo_run() {
    make -C "$PROJECT" -j2 "$2" LEAGUES="$3" MODELS="$1/demo/models" WORK="$1/demo/data" \
        DEMO=1 > "$1.out" 2>&1
}
