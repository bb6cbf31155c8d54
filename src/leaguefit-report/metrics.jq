# The metrics.json files as {path, metrics}, one a line, from their texts
# each after a line RS PATH (the input, raw, whole) and their paths ($list,
# NUL-separated). Each text is parsed alone: read by jq as one stream of
# files, a damaged file (cut short) ran into the next ones, and the parse
# error ended the stream: every later model's metrics were lost. A text
# that is no JSON object (or a file that is empty) is {path, bad: true}.
(split("\u001e") | map(select(length > 0) | (split("\n")[0]) as $p | {($p): ltrimstr($p + "\n")})
 | add // {}) as $texts
| $list | split("\u0000")[] | select(length > 0) as $p
| {path: $p, metrics: ($texts[$p] // "" | fromjson? | objects)} // {path: $p, bad: true}
