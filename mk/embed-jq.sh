#!/bin/sh
# embed-jq.sh DIR SCRIPT: prints SCRIPT with each line that is exactly
# @NAME@ replaced by the file DIR/NAME, so that a shell script's jq
# programs are files of their own in the tree and one file once built.
# The lines go inside a quoted here-document ending at a line JQ: a
# program holding such a line, or a NAME without its file, is an error.
set -eu
dir=$1 script=$2
for name in $(sed -n 's/^@\([A-Za-z0-9_.-]*\)@$/\1/p' "$script"); do
    [ -f "$dir/$name" ] || { echo "embed-jq.sh: $script: no $dir/$name" >&2; exit 1; }
    if grep -qx 'JQ' "$dir/$name"; then
        echo "embed-jq.sh: $dir/$name: a line 'JQ' would end its here-document" >&2
        exit 1
    fi
done
awk -v dir="$dir" '
    /^@[A-Za-z0-9_.-]*@$/ {
        file = dir "/" substr($0, 2, length($0) - 2)
        while ((getline line < file) > 0)
            print line
        close(file)
        next
    }
    { print }' "$script"
