#!/bin/sh
# mk/deps.sh [-n] SET "PACKAGES" [SET "PACKAGES" ...]
#
# The Makefile's deps step, for the package sets a step needs (DEPS_<set>
# in the mk file of that step). Only what dpkg does not list as installed
# is installed: as root, with one apt-get for all the sets given; otherwise
# each set prints its own apt-get line and the step fails.
#
# -n (what `make -n` passes): prints each set, its packages and what would
# be installed, and installs nothing:
#   deps: check: bats python3-statsmodels python3-sklearn chromium (would install: chromium)
set -eu

dry=
if [ "${1-}" = -n ]; then dry=1; shift; fi

# One dpkg-query for the whole set: it runs on every make, and each call
# reads dpkg's whole database. (It exits 1 when it knows a package not.)
missing_of() {
    installed=$(dpkg-query -W -f='${Package} ${Status}\n' $1 2>/dev/null || :)
    for p in $1; do
        case "
$installed
" in
        *"
$p install ok installed
"*) ;;
        *) printf '%s ' "$p" ;;
        esac
    done
}

all_missing= unprivileged=
while [ $# -ge 2 ]; do
    set_name=$1 packages=$2; shift 2
    missing=$(missing_of "$packages")
    if [ -n "$dry" ]; then
        if [ -n "$missing" ]; then todo="would install: ${missing% }"; else todo="all installed"; fi
        echo "deps: $set_name: $packages ($todo)"
    elif [ -n "$missing" ] && [ "$(id -u)" != 0 ]; then
        echo "deps: $set_name: missing Debian packages; as root run:" >&2
        echo "  apt-get install -y ${missing% }" >&2
        unprivileged=1
    fi
    all_missing="$all_missing$missing"
done
[ $# -eq 0 ] || { echo "usage: mk/deps.sh [-n] SET PACKAGES ..." >&2; exit 2; }

[ -z "$dry" ] && [ -n "$all_missing" ] || exit 0
[ -z "$unprivileged" ] || exit 1
echo "deps: installing ${all_missing% }"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q $all_missing
