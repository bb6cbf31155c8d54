#!/bin/sh
# chromium.sh dom|shot PAGE [PNG]: load PAGE (a file path) in headless
# Chromium with a throwaway profile and no network chatter; `dom` writes
# the DOM after the page's scripts ran to stdout, `shot` saves a 1400x2000
# screenshot to PNG. Fails (exit 127) when chromium is not installed.
set -eu
mode=$1 page=$2 png=${3:-}
command -v chromium >/dev/null 2>&1 || { echo "chromium.sh: chromium not installed (apt-get install chromium)" >&2; exit 127; }
case $page in /*) ;; *) page=$(pwd)/$page ;; esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
set -- --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile"
case $mode in
dom)  chromium "$@" --dump-dom "file://$page" 2>/dev/null ;;
shot) chromium "$@" --hide-scrollbars --screenshot="$png" --window-size=1400,2000 "file://$page" >/dev/null 2>&1
      test -s "$png" ;;
*) echo "usage: chromium.sh dom|shot PAGE [PNG]" >&2; exit 2 ;;
esac
