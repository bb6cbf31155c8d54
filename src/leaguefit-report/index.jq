def order: {"poisson_v2": 0, "1x2_v2": 1, "draw_specialist": 2}[.] // 9;
(reduce inputs as $m ({}; .[$m.path | ltrimstr("./")] = $m.metrics)) as $M
| ($sums | split("\n") | map(select(length > 0) | capture("^(?<h>[0-9a-f]+) [ *](?:\\./)?(?<p>.*)$"))
   | map({(.p): .h}) | add // {}) as $S
| [$reg | split("\n") | to_entries[] | .key as $line | .value | select(length > 0)
   | (fromjson? // empty)
   | select(type == "object" and (.league | type) == "string"
            and (.model_type | type) == "string")
   | {entry: ., line: $line}]
# A reinstatement (reinstate.h: a version's data given again after another
# version's) is no model: it moves its version's last line, and ranks it
# above every version registered before it (versionrank.h).
| (map(select(.entry as $e | $e.event == "reinstated" and ($e.key | type) == "string"
               and ($e.key | ltrimstr("\($e.model_type)_\($e.league)_\($e.version)")
                    | test("^@reinstated-[1-9][0-9]*$")))
       | {lt: "\(.entry.league)/\(.entry.model_type)", v: "\(.entry.league)/\(.entry.model_type)/\(.entry.version)", line})) as $reinstatements
| ($reinstatements | map({(.v): .line}) | add // {}) as $reinstated # (in file order: a version's last line stands)
| ($reinstatements | group_by(.lt) | map({(.[0].lt): map(.line)}) | add // {}) as $epochs
| map(select(.entry | has("event") | not)
      | .last = ([.line, $reinstated["\(.entry.league)/\(.entry.model_type)/\(.entry.version)"]
                  // -1] | max)
      | .last as $last
      | .epoch = ([$epochs["\(.entry.league)/\(.entry.model_type)"][]? | select(. <= $last)] | max // -1))
# A version has its own directory; v2 (made before versions) has
# its files in the type directory and is older than any dated one.
| def dir: "\(.league)/\(.model_type)\(if (.version // "v2") == "v2" then ""
                                        else "/\(.version)" end)";
# Complete as predict takes a version (modeldir.c): every file of its
# type there (of v2, its model files); a type predict does not know, the
# files registered.
  def type_files: {"poisson_v2": ["poisson_model.json", "metrics.json"],
                   "1x2_v2": ["home_model.json", "draw_model.json", "away_model.json",
                              "calibrator.json", "feature_list.json", "metrics.json"],
                   "draw_specialist": ["draw_model.json", "metrics.json"]}[.model_type]
                  // (.files | if type == "object" then keys else [] end);
  def complete: dir as $d | ((.version // "v2") == "v2") as $v2
      | all(type_files[] | select(. != "metrics.json" or ($v2 | not)); $S["\($d)/\(.)"] != null);
# The newest of a league and type, as predict takes it: of the complete
# versions (of all, when none is: the page shows its files missing), the
# one whose data were given last (versionrank.h): by epoch (the last
# reinstatement up to its last line), then date, then last line
# (registration or reinstatement): the digest in the name orders versions
# of one date by chance. v2 (before versions) ranks below every dated one.
  def vdate: (.version // "v2") as $v
      | if $v == "v2" or ($v | type) != "string" then "" else $v[0:10] end;
  (group_by(.entry.league, .entry.model_type)
   | map(map(select(.entry | complete)) as $complete
         | (if $complete == [] then . else $complete end)
         | max_by([(if (.entry | vdate) == "" then -2 else .epoch end), (.entry | vdate), .last])
         | .line)) as $newest_lines
| map(.entry + {newest: (.line | IN($newest_lines[]))})
| map(dir as $dir
      | . + {metrics: $M["\($dir)/metrics.json"],
             files_verified: ((.files // {}) | with_entries(
                .value = (if $S["\($dir)/\(.key)"] == null then null
                          else $S["\($dir)/\(.key)"] == .value end)))})
| def vkey: if (.version // "v2") == "v2" then "" else .version end;
  sort_by(.league, (.model_type | order), .model_type, vkey)
| {count: length, models: .}
