#!/usr/bin/env bats
# The report page in a real browser: headless Chromium (Debian's chromium,
# which `make deps` installs) loads models/index.html from file://; the rows
# it shows must match index.json and every SVG plot must be drawn. Fails,
# never skips, when chromium is missing.

setup_file() {
    export PROJECT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
    export BASE="$BATS_FILE_TMPDIR/base"
    mkdir -p "$BASE/empty"
    make -C "$PROJECT" -j2 all report LEAGUES="serie_a ligue_1 eredivisie" \
        MODELS="$BASE/models" WORK="$BASE/work" DEMO=1 > "$BASE/run.out" 2>&1 || true
}

@test "chromium is installed (make deps installs it)" {
    command -v chromium
}

@test "the page and index.json were made" {
    [ -s "$BASE/models/index.html" ] || { cat "$BASE/run.out"; return 1; }
    [ "$(jq .count "$BASE/models/index.json")" -eq 9 ]
}

@test "the rendered rows match index.json and every plot is drawn" {
    run "$PROJECT/tests/browser/chromium.sh" dom "$BASE/models/index.html"
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/dom.html"
    # the DOM after the page's script ran
    grep -q 'data-rendered="' "$BATS_TEST_TMPDIR/dom.html"
    run "$PROJECT/tests/browser/check-dom.py" "$BATS_TEST_TMPDIR/dom.html" "$BASE/models/index.json"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == "9 rows, "* ]]
}

@test "a value from index.json appears in the rendered table" {
    "$PROJECT/tests/browser/chromium.sh" dom "$BASE/models/index.html" > "$BATS_TEST_TMPDIR/dom.html"
    key=$(jq -r '.models[0].key' "$BASE/models/index.json")
    rps=$(jq -r '.models[0].metrics.val.rps * 10000 | round / 10000 | tostring' "$BASE/models/index.json")
    grep -q "data-key=\"$key\"" "$BATS_TEST_TMPDIR/dom.html"
    # rps may print with fewer than 4 decimals (0.201): prefix match
    grep -q ">$rps" "$BATS_TEST_TMPDIR/dom.html"
}

@test "a long league name is drawn whole in the plots, not cut at their left edge" {
    # (the labels' column was 190 px whatever the label: "Argentina Liga
    # Profesional draw" began left of the plot.) A script put before
    # </body> counts the plots' texts that begin left of their plot.
    jq '.models |= map(if .league == "eredivisie" then .league = "argentina_liga_profesional" else . end)' \
        "$BASE/models/index.json" > "$BATS_TEST_TMPDIR/index.json"
    "$PROJECT/bin/leaguefit-report" --html "$BATS_TEST_TMPDIR/index.json" |
        sed 's|</body>|<script>var t = document.querySelectorAll("svg.plot text"), cut = 0;\
for (var i = 0; i < t.length; i++) if (t[i].getBBox().x < 0) cut++;\
document.body.setAttribute("data-cut", cut + "/" + t.length);</script></body>|' \
        > "$BATS_TEST_TMPDIR/page.html"
    run "$PROJECT/tests/browser/chromium.sh" dom "$BATS_TEST_TMPDIR/page.html"
    [ "$status" -eq 0 ]
    grep -q 'Argentina Liga Profesional' <<< "$output"
    grep -Eq 'data-cut="0/[1-9][0-9]*"' <<< "$output" || { grep -o 'data-cut="[^"]*"' <<< "$output"; false; }
}

@test "a screenshot is saved (LEAGUEFIT_SCREENSHOT=FILE copies it)" {
    png="$BATS_TEST_TMPDIR/report.png"
    run "$PROJECT/tests/browser/chromium.sh" shot "$BASE/models/index.html" "$png"
    [ "$status" -eq 0 ]
    [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
    [ "$(stat -c %s "$png")" -gt 20000 ]
    if [ -n "${LEAGUEFIT_SCREENSHOT:-}" ]; then cp "$png" "$LEAGUEFIT_SCREENSHOT"; fi
}
