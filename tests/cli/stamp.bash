# stamp.bash, loaded by bats files: a feature table forged to show where
# league-features --base reuses its base, vouched for as this build's.
#
#   stamp_like FILE ORIGINAL
#
# writes FILE's stamp (FILE.made-by, madeby.h): the program of ORIGINAL's
# stamp (its first line) and FILE as it is now (its size and modification
# time, to the nanosecond), as league-features -o stamps what it publishes.
# (ORIGINAL may be FILE: its stamp is read before it is written.)
stamp_like() {
    local program
    program=$(head -n 1 "$2.made-by") && { echo "$program" && stat -c '%s %.9Y' "$1"; } > "$1.made-by"
}
