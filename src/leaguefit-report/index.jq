def order: {"poisson_v2": 0, "1x2_v2": 1, "draw_specialist": 2}[.] // 9;
(reduce inputs as $m ({}; .[$m.path | ltrimstr("./")] = $m.metrics)) as $M
| ($sums | split("\n") | map(select(length > 0) | capture("^(?<h>[0-9a-f]+) [ *](?:\\./)?(?<p>.*)$"))
   | map({(.p): .h}) | add // {}) as $S
| [$reg | split("\n") | to_entries[] | .key as $line | .value | select(length > 0)
   | (fromjson? // empty) | objects | {entry: ., line: $line}] as $lines
# The ranks of the versions (versionrank.h), as predict reads them:
# `registry-keys --all-ranks`, "TYPE_LEAGUE_ VERSION EPOCH LAST
# REGISTERED REINSTATED" a line, by predict's own code (versionrank.c). Per
# TYPE_LEAGUE_, each version's last line and epoch, as 0-based lines like
# .line (epoch -1: none), and whether a line registers it (its key without
# a suffix: registered as predict reads the registry, where the line is no
# model the index lists).
| ($ranks | split("\n") | map(select(length > 0) | split(" "))
   | reduce .[] as [$p, $v, $epoch, $last, $registered] ({};
       .[$p][$v] = {last: ($last | tonumber - 1), epoch: ($epoch | tonumber - 1),
                    registered: ($registered == "1")})) as $ranks
# The models: the lines of a league and type that are no event (a
# reinstatement is none, with its event or without) and whose members are
# of the types registry-append writes (registry_entry), each with its rank.
| $lines
| map(select(.entry | registry_entry and (has("event") | not)
                      and ((.key | type) != "string" or (.key | test("@reinstated-[1-9][0-9]{0,17}$") | not)))
      | ($ranks["\(.entry.model_type)_\(.entry.league)_"][.entry.version | strings]?
         // {last: .line, epoch: -1}) as $rank
      | .last = $rank.last | .epoch = $rank.epoch | .keyed = ($rank.registered // false))
# A version has its own directory; v2 (made before versions) has
# its files in the type directory and is older than any dated one.
| def dir: "\(.league)/\(.model_type)\(if (.version // "v2") == "v2" then ""
                                        else "/\(.version)" end)";
# Complete as predict takes a version (modeldir.c): every file of its
# type there (of v2, its model files); a type predict does not know, the
# files registered.
  def known_files: {"poisson_v2": ["poisson_model.json", "metrics.json"],
                    "1x2_v2": ["home_model.json", "draw_model.json", "away_model.json",
                               "calibrator.json", "feature_list.json", "metrics.json"],
                    "draw_specialist": ["draw_model.json", "metrics.json"]}[.model_type];
  def type_files: known_files // (.files | if type == "object" then keys else [] end);
  def complete: dir as $d | ((.version // "v2") == "v2") as $v2
      | all(type_files[] | select(. != "metrics.json" or ($v2 | not)); $S["\($d)/\(.)"] != null);
# A complete dated version on disk that the registry does not hold (a run
# stopped between its files and its registration, a registration line
# damaged) is a model predict takes where no registered one is complete:
# it ranks below every registered version (versionrank.h). Listed too,
# registered false, its data from its metrics.json.
# (Its .line only tells it apart; its rank is its key's, where a line the
# index skips, a damaged one, holds it, as predict reads keys alone.)
  (map(.entry | "\(.league)/\(.model_type)/\(.version // "v2")" | {(.): true}) | add // {}) as $held
| . + ($S | keys | map(capture("^(?<league>[^/]+)/(?<model_type>[^/]+)/(?<version>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{8})/[^/]+$"))
       | unique
       | map(select(known_files != null and complete
                    and ($held["\(.league)/\(.model_type)/\(.version)"] | not)))
       | to_entries
       | map(.value as $v | ($M["\($v.league)/\($v.model_type)/\($v.version)/metrics.json"].data // {}) as $data
             | ($ranks["\($v.model_type)_\($v.league)_"][$v.version] // {last: -1, epoch: -1}) as $rank
             | {entry: ($v + {key: "\($v.model_type)_\($v.league)_\($v.version)", status: "not registered",
                              registered: false, files: {},
                              data: {first_date: $data.first_date, last_date: $data.last_date,
                                     matches: $data.matches}}),
                line: (-2 - .key), last: $rank.last, epoch: $rank.epoch,
                keyed: ($rank.registered // false)}))
# The newest of a league and type, as predict takes it: of the complete
# versions (of all, when none is: the page shows its files missing), the
# one whose data were given last (versionrank.h): a registered one (its
# key on a registration line, as predict reads it: keyed) before one the
# registry does not hold, then by epoch (the last reinstatement
# up to its last line), then date, then last line (registration or
# reinstatement): the digest in the name orders versions of one date by
# chance. v2 (before versions) ranks below every dated one.
| def vdate: (.version // "v2") as $v
      | if $v == "v2" or ($v | type) != "string" then "" else $v[0:10] end;
  (group_by(.entry.league, .entry.model_type)
   | map(map(select(.entry | complete)) as $complete
         | (if $complete == [] then . else $complete end)
         | max_by([(if (.entry | vdate) == "" then -2 else .epoch end) as $epoch
                   | (if $epoch == -2 then 0 elif .keyed then 2 else 1 end),
                   $epoch, (.entry | vdate), .last, (.entry.version | tostring)])
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
