#!/bin/bash
# mk/artifact.sh MODELS DIR: the archive of `make artifact` (mk/artifact.mk),
# published in DIR as leaguefit-models-<newest data>.tar.gz.
#
# An archive is published once and never replaced: another archive of the
# same newest date (models trained or repaired since, with no newer data)
# takes the name after the highest there, leaguefit-models-<date>.2.tar.gz,
# .3, ... (a name removed since is not given again: the order of the names
# stays the order of the archives); an archive with the same bytes as one
# already there, under any of those names, is not written again. Each name
# is taken with a hard link, which fails where the name exists, so that
# two runs at once never write over each other.
#
# Each name given is kept in MODELS/.artifacts (name and SHA-256, a line
# each; a dot-file, so not archived): a CI job's ARTIFACT_DIR is new each
# run while MODELS is its cache, and the names there alone would give an
# archive of other models the name of one published by an earlier job.
set -euo pipefail
models=$1 dir=$2
[ -n "$dir" ] || { echo "artifact: ARTIFACT_DIR is empty: give a directory (default .)" >&2; exit 2; }

last=$(jq -R -r 'fromjson? | .data.last_date? // empty' "$models/registry.jsonl" \
       | LC_ALL=C sort | tail -n 1)
[ -n "$last" ] || { echo "artifact: $models/registry.jsonl: no entry with data.last_date" >&2; exit 1; }
# A directory made inside the tree make runs in is ignored by git, as the
# pipeline's MODELS and WORK (pipeline.mk: output_dir); one that exists
# already, or made outside, is the user's.
if [ ! -d "$dir" ] && mkdir -p "$dir" 2> /dev/null; then
    case "$(realpath "$dir")/" in "$(pwd -P)"/*) echo '*' > "$dir/.gitignore" || : ;; esac
fi
[ -d "$dir" ] && [ -w "$dir" ] || { echo "artifact: $dir: not a directory it can write in" >&2; exit 1; }
epoch=${SOURCE_DATE_EPOCH:-$(date -u -d "$last" +%s)}
tmp="$dir/.leaguefit-models-$last.$$.new"
trap 'rm -f "$tmp"' EXIT
# (One left by a run of the same pid, killed after it published, is a
# hard link of that archive: written through, it would rewrite it.) Those
# of runs killed whose process is gone are swept.
rm -f "$tmp"
for f in "$dir"/.leaguefit-models-*.new; do
    pid=${f%.new}; pid=${pid##*.}
    [[ $pid =~ ^[0-9]+$ ]] && [ -f "$f" ] && ! kill -0 "$pid" 2> /dev/null || continue
    rm -f "$f"
done
(cd "$models" && find . -type f ! -path '*/.*' -printf '%P\n' | LC_ALL=C sort) \
| tar -C "$models" --create --no-recursion --verbatim-files-from --files-from=- \
      --sort=name --transform='s,^,models/,' --format=gnu --hard-dereference \
      --owner=0 --group=0 --numeric-owner --mode='a+rX,u+w,go-w' --mtime="@$epoch" \
| gzip -n -9 > "$tmp"
files=$(tar -tzf "$tmp" | wc -l)

base="$dir/leaguefit-models-$last"
name_of() { if [ "$1" -eq 1 ]; then echo "$base.tar.gz"; else echo "$base.$1.tar.gz"; fi; }
# The number of an archive's name (1 the plain one), or failure for any
# other name than those given here: the plain one, .2, .3, ...
number_of() {
    local n=${1#"$base."}; n=${n%.tar.gz}
    [ "$1" != "$base.tar.gz" ] || n=1
    [[ $n =~ ^[1-9][0-9]{0,8}$ ]] && [ "$(name_of "$n")" = "$1" ] && echo "$n"
}
log="$models/.artifacts"
sum=$(sha256sum < "$tmp"); sum=${sum%% *}
already_there() {
    echo "artifact: $1 already there, the same bytes ($files files, data up to $last)"
    exit 0
}

# The archives of the date there: one with these bytes, or the highest
# number taken (1 the plain name).
top=0
for f in "$base.tar.gz" "$base".*.tar.gz; do
    n=$(number_of "$f") && [ -f "$f" ] || continue
    ! cmp -s "$tmp" "$f" || already_there "$f"
    [ "$n" -le "$top" ] || top=$n
done
# The names given before, here or by a job whose ARTIFACT_DIR is gone: the
# same bytes take their name again (the archive published then); other
# bytes a name after them all.
again=0
while read -r name s _; do
    n=$(number_of "$dir/$name") || continue
    [ "$s" != "$sum" ] || again=$n
    [ "$n" -le "$top" ] || top=$n
done < <(cat "$log" 2> /dev/null)

# ln -T: a directory of the name is no place to link into.
n=$((top + 1))
[ "$again" -eq 0 ] || n=$again
while :; do
    out=$(name_of "$n")
    if ln -T "$tmp" "$out" 2> /dev/null; then
        [ "$again" -eq "$n" ] || echo "${out##*/} $sum" >> "$log" ||
            echo "artifact: $log: cannot keep the name given: the next job may give it again" >&2
        echo "artifact: $out ($files files, data up to $last)"
        exit 0
    fi
    [ -e "$out" ] || [ -L "$out" ] || { echo "artifact: $out: cannot write it" >&2; exit 1; }
    # (Another run at once published the same bytes first.)
    ! { [ -f "$out" ] && cmp -s "$tmp" "$out"; } || already_there "$out"
    # (The name given these bytes before is taken by another file: after all.)
    [ "$n" -ne "$again" ] || { n=$top; again=0; }
    n=$((n + 1))
done
