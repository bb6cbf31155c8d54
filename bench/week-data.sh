# bench/week-data.sh: sourced by the benches of a new week's run
# (incremental.sh, week-pairs.sh).
#
# week_data T WEEK SHARED [LOWER]: the data before the week in T/data and
# the files the week completes in T/week, kept as a user keeps them: the
# site's files, one a division and season. Each file holding a match from
# WEEK on is cut before that day (the others are linked as they are); the
# week is added by writing T/week's files in their place, cut before the
# next Monday, as a download of the current season's file that week would
# be. Sets cut_files (how many files the week completes) and added (how
# many matches it adds, listed in T/added).
week_data() {
    local t=$1 week=$2 dir f rel next
    next=$(date -u -d "$week + 7 days" +%F)
    mkdir -p "$t/data" "$t/week"
    cut_files=0
    for dir in $3 ${4:-}; do
        for f in "$dir"/*/*.csv; do
            rel=$(basename "$(dirname "$f")")/$(basename "$f")
            mkdir -p "$t/data/$(dirname "$rel")"
            rows_before "$f" "$week" > "$t/cut.csv"
            if [ "$(awk 'END { print NR }' "$t/cut.csv")" -eq "$(awk 'END { print NR }' "$f")" ]; then
                ln -s "$(realpath "$f")" "$t/data/$rel"
            else
                mv "$t/cut.csv" "$t/data/$rel"
                mkdir -p "$t/week/$(dirname "$rel")"
                rows_before "$f" "$next" > "$t/week/$rel"
                cut_files=$((cut_files + 1))
            fi
        done
    done
    bin/import-fixtures "$t/week"/*/*.csv 2> /dev/null | awk -F, -v w="$week" 'NR > 1 && $3 >= w' > "$t/added"
    added=$(wc -l < "$t/added")
}

# rows_before FILE DAY: the rows of a site file dated before DAY (its Date
# column, dd/mm/yy or dd/mm/yyyy), header kept.
rows_before() {
    awk -F, -v week="${2//-/}" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Date") c = i; print; next }
        { split($c, d, "/"); y = d[3]
          if (length(y) == 2) y = (y >= 50 ? "19" : "20") y
          if (sprintf("%s%02d%02d", y, d[2], d[1]) < week) print }' "$1"
}

# add_week T DATA: the week's files written in their place in DATA.
add_week() {
    local f
    for f in "$1/week"/*/*.csv; do
        cp "$f" "$2/${f#"$1/week/"}"
    done
}
