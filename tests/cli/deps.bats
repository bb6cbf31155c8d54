#!/usr/bin/env bats
# The Debian packages by purpose (Makefile, mk/*.mk, mk/deps.sh): each step
# installs its own set. `make -n TARGET` runs the deps step in its dry-run
# mode, which lists the sets TARGET would install and installs nothing.

bats_require_minimum_version 1.5.0

TEST_TOOLS="bats python3-statsmodels python3-sklearn chromium clang libclang-rt-14-dev valgrind"

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
}

# The packages `make -n TARGET` would install, one a line, from its
# "deps: SET: PACKAGES (...)" lines; the pipeline's files go to a temp dir.
packages_of() {
    make -C "$PROJECT" -n "$1" MODELS="$BATS_TEST_TMPDIR/models" \
        WORK="$BATS_TEST_TMPDIR/work" 2>&1 |
        sed -n 's/^deps: [a-z]*: \([^(]*\) (.*/\1/p' | tr ' ' '\n' | sed '/^$/d' | sort -u
}

# As nobody when root: a copy of the build files in a directory anyone can
# read (the project itself may sit under a private home), the command run
# there with uid nobody. Sets AS_USER and TREE; teardown removes TREE.
unprivileged_tree() {
    AS_USER=()
    TREE=$(mktemp -d /tmp/leaguefit-deps.XXXXXX)
    chmod 755 "$TREE"
    cp -r "$PROJECT/Makefile" "$PROJECT/pipeline.mk" "$PROJECT/mk" "$TREE/"
    chmod -R a+rX "$TREE"
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv > /dev/null || skip "no setpriv to drop root"
        AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    fi
}

teardown() {
    [ -z "${TREE:-}" ] || rm -rf "$TREE"
}

sets_of() {
    make -C "$PROJECT" -n "$1" MODELS="$BATS_TEST_TMPDIR/models" \
        WORK="$BATS_TEST_TMPDIR/work" 2>&1 | sed -n 's/^deps: \([a-z]*\): .*/\1/p' | sort -u | xargs
}

@test "make -j all installs the training set only: no test tool" {
    run packages_of all
    [ "$status" -eq 0 ]
    echo "$output"
    for p in libcsv-dev libcjson-dev nettle-dev jq gcc; do
        grep -qx "$p" <<<"$output" || { echo "all: no $p"; return 1; }
    done
    for p in $TEST_TOOLS; do
        ! grep -qx "$p" <<<"$output" || { echo "all installs the test tool $p"; return 1; }
    done
    [ "$(sets_of all)" = build ]
    [ "$(sets_of build)" = build ]
}

@test "make check installs the test tools, the sanitizer set for its fuzz test" {
    run packages_of check
    [ "$status" -eq 0 ]
    for p in $TEST_TOOLS libcsv-dev jq; do
        grep -qx "$p" <<<"$output" || { echo "check: no $p"; return 1; }
    done
    [ "$(sets_of check)" = "build check sanitize" ]
}

@test "sanitizer, valgrind and fuzz targets install clang, libclang-rt and valgrind" {
    for t in check-asan check-valgrind fuzz; do
        [ "$(sets_of "$t")" = "build sanitize" ] || { echo "$t: $(sets_of "$t")"; return 1; }
        run packages_of "$t"
        for p in clang libclang-rt-14-dev valgrind; do
            grep -qx "$p" <<<"$output" || { echo "$t: no $p"; return 1; }
        done
        ! grep -qx chromium <<<"$output" || false
    done
}

@test "make deps (CI) lists every set; the README names each set's packages" {
    [ "$(sets_of deps)" = "build check sanitize" ]
    for set in build check sanitize; do
        pkgs=$(make -C "$PROJECT" -n deps 2>&1 | sed -n "s/^deps: $set: \([^(]*\) (.*/\1/p")
        [ -n "$pkgs" ]
        grep -qF -- "$set: ${pkgs% }" "$PROJECT/README.md" ||
            { echo "README: no line '$set: ${pkgs% }'"; return 1; }
    done
}

@test "a dry run reports a missing package and installs nothing" {
    run -0 make -C "$PROJECT" -n deps-check DEPS_check=leaguefit-no-such-package
    [[ "$output" == *"deps: check: leaguefit-no-such-package (would install: leaguefit-no-such-package)"* ]]
}

@test "without root, a step prints its own apt-get line and fails" {
    unprivileged_tree
    run --separate-stderr "${AS_USER[@]}" "$TREE/mk/deps.sh" \
        build "jq leaguefit-no-such-package" check "leaguefit-no-such-test-tool bats"
    [ "$status" -eq 1 ]
    [ "$stderr" = "deps: build: missing Debian packages; as root run:
  apt-get install -y leaguefit-no-such-package
deps: check: missing Debian packages; as root run:
  apt-get install -y leaguefit-no-such-test-tool" ]
}

@test "make without -n is no dry run: a missing package, not root, fails the step" {
    unprivileged_tree
    run --separate-stderr "${AS_USER[@]}" make -s -C "$TREE" deps-build \
        DEPS_build="jq leaguefit-no-such-package"
    [ "$status" -ne 0 ]
    [[ "$stderr" == *"deps: build: missing Debian packages; as root run:
  apt-get install -y leaguefit-no-such-package"* ]]
    [[ "$output" != *"would install"* ]]
}

# A dpkg-query that answers every package installed and counts its calls.
fake_dpkg_query() {
    mkdir -p "$BATS_TEST_TMPDIR/fake"
    cat > "$BATS_TEST_TMPDIR/fake/dpkg-query" <<'SH'
#!/bin/sh
echo call >> "${0%/*}/calls"
for p; do case $p in -*) ;; *) echo "$p install ok installed" ;; esac; done
SH
    chmod +x "$BATS_TEST_TMPDIR/fake/dpkg-query"
}

dpkg_calls() {
    if [ -f "$BATS_TEST_TMPDIR/fake/calls" ]; then wc -l < "$BATS_TEST_TMPDIR/fake/calls"; else echo 0; fi
}

@test "a set found installed is stamped: dpkg is asked again only when its database or the set changes" {
    fake_dpkg_query
    tree=$BATS_TEST_TMPDIR/tree
    mkdir -p "$tree"
    cp -r "$PROJECT/Makefile" "$PROJECT/pipeline.mk" "$PROJECT/mk" "$tree/"
    db=$BATS_TEST_TMPDIR/status
    touch -d '2 minutes ago' "$db"
    deps_build() {
        PATH="$BATS_TEST_TMPDIR/fake:$PATH" make -s -C "$tree" deps-build DPKG_STATUS="$db" "$@"
    }
    run -0 deps_build
    [ "$(dpkg_calls)" -eq 1 ]
    [ "$(cat "$tree/build/deps/build")" = "$(sed -n 's/^DEPS_build := //p' "$PROJECT/Makefile")" ]
    run -0 deps_build
    [ "$(dpkg_calls)" -eq 1 ]
    # Stamped, the step says nothing, not even make's "Nothing to be done".
    run -0 --separate-stderr make --no-print-directory -C "$tree" deps-build DPKG_STATUS="$db"
    [ -z "$output$stderr" ]
    [ "$(dpkg_calls)" -eq 1 ]
    touch "$db" # a package installed or removed since
    run -0 deps_build
    [ "$(dpkg_calls)" -eq 2 ]
    run -0 deps_build
    [ "$(dpkg_calls)" -eq 2 ]
    run -0 deps_build DEPS_build="gcc jq"
    [ "$(dpkg_calls)" -eq 3 ]
    [ "$(cat "$tree/build/deps/build")" = "gcc jq" ]
    # A dry run always asks, and stamps nothing.
    run -0 deps_build -n
    [ "$(dpkg_calls)" -eq 4 ]
    [ "$(cat "$tree/build/deps/build")" = "gcc jq" ]
    # Without a dpkg database to date the stamp by, every make asks.
    run -0 deps_build DEPS_build="gcc jq" DPKG_STATUS="$BATS_TEST_TMPDIR/none"
    [ "$(dpkg_calls)" -eq 5 ]
}

@test "a set's install waits for the build set's: two apt-get never overlap, stamped or not" {
    tree=$BATS_TEST_TMPDIR/tree
    mkdir -p "$tree"
    cp -r "$PROJECT/Makefile" "$PROJECT/pipeline.mk" "$PROJECT/mk" "$tree/"
    # A deps step that notes when each set's install starts and ends.
    cat > "$tree/mk/deps.sh" <<'SH'
#!/bin/sh
echo "start $1" >> "${0%/*}/../steps"
sleep 1
echo "end $1" >> "${0%/*}/../steps"
SH
    chmod +x "$tree/mk/deps.sh"
    run -0 make -s -j4 -C "$tree" deps-check DPKG_STATUS="$BATS_TEST_TMPDIR/none"
    [ "$(cat "$tree/steps")" = "start build
end build
start check
end check" ]
}
