def order: {"poisson_v2": 0, "1x2_v2": 1, "draw_specialist": 2}[.] // 9;
(reduce inputs as $m ({}; .[$m.path | ltrimstr("./")] = $m.metrics)) as $M
| ($sums | split("\n") | map(select(length > 0) | capture("^(?<h>[0-9a-f]+) [ *](?:\\./)?(?<p>.*)$"))
   | map({(.p): .h}) | add // {}) as $S
| [$reg | split("\n")[] | select(length > 0) | (fromjson? // empty)
   | select(type == "object" and (.league | type) == "string"
            and (.model_type | type) == "string")]
# A version has its own directory; v2 (made before versions) has
# its files in the type directory and is older than any dated one.
| map(. as $e | "\($e.league)/\($e.model_type)\(if (.version // "v2") == "v2" then ""
                                                else "/\(.version)" end)" as $dir
      | . + {metrics: $M["\($dir)/metrics.json"],
             files_verified: ((.files // {}) | with_entries(
                .value = (if $S["\($dir)/\(.key)"] == null then null
                          else $S["\($dir)/\(.key)"] == .value end)))})
| def vkey: if (.version // "v2") == "v2" then "" else .version end;
  group_by(.league, .model_type)
| map((max_by(vkey) | vkey) as $newest | map(. + {newest: (vkey == $newest)}))
| add // []
| sort_by(.league, (.model_type | order), .model_type, vkey)
| {count: length, models: .}
