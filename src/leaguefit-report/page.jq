def esc: if . == null then "" else tostring | @html end;
def r1: (. * 10 | round) / 10;
def f4: if type != "number" then "—"
        else (. * 10000 | round) as $i
        | "\(if $i < 0 then "-" else "" end)\(($i | fabs) / 10000 | floor).\((($i | fabs) % 10000) + 10000 | tostring | .[1:])" end;
def f3: if type != "number" then "—"
        else (. * 1000 | round) as $i | "\($i / 1000 | floor).\(($i % 1000) + 1000 | tostring | .[1:])" end;
def pct: if type != "number" then "—"
         else (. * 1000 | round) as $i | "\($i / 10 | floor).\($i % 10)%" end;
def title: split("_") | map((.[0:1] | ascii_upcase) + .[1:]) | join(" ");
def order: {"poisson_v2": 0, "1x2_v2": 1, "draw_specialist": 2}[.] // 9;
def color: {"poisson_v2": "#2563eb", "1x2_v2": "#ea580c", "draw_specialist": "#7c3aed",
            "bookmaker": "#111827", "base_rate": "#9ca3af", "actual": "#111827"}[.] // "#059669";
def srclabel: {"base_rate": "base rate", "actual": "actual"}[.] // .;
def num: select(type == "number");

# ---- a dot plot: rows [{label, sub, ref, points: [{source, value}]}]
def dotplot($rows; $id; $title; $reflabel; fmt):
  ([$rows[] | (.ref | num), (.points[].value | num)]) as $vals
  | if ($vals | length) == 0 then "<p class=\"empty\">nothing to plot</p>" else
  (($vals | min) as $mn | ($vals | max) as $mx | ($mx - $mn) as $sp
   | (if $sp <= 0.03 then 0.005 elif $sp <= 0.08 then 0.01 elif $sp <= 0.2 then 0.02 else 0.05 end) as $step
   | {lo: (($mn / $step | floor) * $step), hi: (($mx / $step | ceil) * $step), step: $step}
   | if .hi <= .lo then .hi = .lo + .step else . end) as $ax
  # The labels' column as wide as the longest label (about 7 px a character
  # at 13 px, 6 at the sub's 11 px; at least 190): a fixed one cut
  # "Argentina Liga Profesional draw" at the plot's left edge.
  | ([$rows[] | (.label | tostring | length) * 7
                + (if .sub then ((.sub | tostring | length) + 1) * 6 else 0 end)] | max) as $label_w
  | 1000 as $W | ([190, $label_w + 20] | max) as $L | 30 as $R | 30 as $T | 26 as $H
  | ($T + ($rows | length) * $H + 8) as $HH
  | (($W - $L - $R) / ($ax.hi - $ax.lo)) as $k
  | def x: ($L + (. - $ax.lo) * $k) | r1;
  "<svg class=\"plot\" id=\"\($id)\" role=\"img\" aria-label=\"\($title | esc)\" viewBox=\"0 0 \($W) \($HH)\" width=\"\($W)\" height=\"\($HH)\" xmlns=\"http://www.w3.org/2000/svg\">"
  + "<title>\($title | esc)</title>"
  + ([range(0; $rows | length)] | map(
       "<rect class=\"band\" x=\"0\" y=\"\($T + . * $H)\" width=\"\($W)\" height=\"\($H)\" fill=\"\(if . % 2 == 0 then "#f3f4f6" else "#ffffff" end)\"/>") | join(""))
  + ([range(0; (($ax.hi - $ax.lo) / $ax.step | round) + 1)] | map(($ax.lo + . * $ax.step) as $v
       | "<path class=\"grid\" d=\"M\($v | x) \($T - 4)V\($HH - 8)\" stroke=\"#d1d5db\" stroke-width=\"1\"/>"
       + "<text x=\"\($v | x)\" y=\"\($T - 10)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4b5563\">\($v | fmt)</text>") | join(""))
  + ([range(0; $rows | length)] | map(. as $i | $rows[$i] as $row | ($T + $i * $H + $H / 2) as $y
       | ([$row.ref, $row.points[].value] | map(num)) as $vs
       | "<g class=\"row\" data-label=\"\($row.label | esc)\">"
       + "<text x=\"\($L - 12)\" y=\"\($y + 4)\" text-anchor=\"end\" font-size=\"13\" fill=\"#111827\">\($row.label | esc)<tspan fill=\"#6b7280\" font-size=\"11\">\(if $row.sub then " " + ($row.sub | esc) else "" end)</tspan></text>"
       + (if ($vs | length) > 1 then "<path class=\"span\" d=\"M\($vs | min | x) \($y)H\($vs | max | x)\" stroke=\"#9ca3af\" stroke-width=\"2\"/>" else "" end)
       + (if ($row.ref | type) == "number" then
            "<path class=\"ref\" d=\"M\($row.ref | x) \($y - 9)V\($y + 9)\" stroke=\"#111827\" stroke-width=\"3\"><title>\($reflabel | esc) \($row.ref | fmt)</title></path>" else "" end)
       + ($row.points | map(select(.value | type == "number")
           | "<circle cx=\"\(.value | x)\" cy=\"\($y)\" r=\"6\" fill=\"\(if .source == "base_rate" then "#ffffff" else (.source | color) end)\" stroke=\"\(.source | color)\" stroke-width=\"2\" fill-opacity=\"0.9\"><title>\(.source | srclabel | esc) \(.value | fmt)</title></circle>") | join(""))
       + "</g>") | join(""))
  + "</svg>" end;

def legend($items): "<ul class=\"legend\">" + ($items | map(
    "<li><span class=\"key \(.shape)\" style=\"--c:\(.source | color)\"></span>\(.text | esc)</li>") | join("")) + "</ul>";

# ---- a reliability diagram of one model: model bins beside the bookmaker's
def reliability($m):
  ($m.metrics.val.reliability // []) as $bins
  | ($m.metrics.baselines.bookmaker.reliability // []) as $bk
  | 200 as $S | 34 as $L | 10 as $T
  | ([$bins[].n | num] | max // 1 | if . > 0 then . else 1 end) as $maxn
  | def px: ($L + . * $S) | r1; def py: ($T + (1 - .) * $S) | r1;
  def line($b): $b | map(select((.mean_predicted | type) == "number" and (.observed_rate | type) == "number"))
                   | to_entries | map("\(if .key == 0 then "M" else "L" end)\(.value.mean_predicted | px) \(.value.observed_rate | py)") | join("");
  "<figure class=\"rel\" data-key=\"\($m.key | esc)\"><figcaption>\($m.league | title | esc)</figcaption>"
  + "<svg class=\"plot\" role=\"img\" aria-label=\"reliability of \($m.key | esc)\" viewBox=\"0 0 \($S + $L + 10) \($S + $T + 34)\" width=\"\($S + $L + 10)\" height=\"\($S + $T + 34)\" xmlns=\"http://www.w3.org/2000/svg\">"
  + "<rect class=\"frame\" x=\"\($L)\" y=\"\($T)\" width=\"\($S)\" height=\"\($S)\" fill=\"#f9fafb\" stroke=\"#d1d5db\"/>"
  + ([0, 0.25, 0.5, 0.75, 1] | map(. as $v
      | "<path class=\"grid\" d=\"M\($v | px) \($T)V\($T + $S)M\($L) \($v | py)H\($L + $S)\" stroke=\"#e5e7eb\"/>"
      + (if ($v * 2 | floor) == ($v * 2) then
          "<text x=\"\($v | px)\" y=\"\($T + $S + 14)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#4b5563\">\($v)</text><text x=\"\($L - 4)\" y=\"\(($v | py) + 3)\" text-anchor=\"end\" font-size=\"10\" fill=\"#4b5563\">\($v)</text>"
         else "" end)) | join(""))
  + "<path class=\"diagonal\" d=\"M\(0 | px) \(0 | py)L\(1 | px) \(1 | py)\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>"
  + "<text x=\"\($L + $S / 2)\" y=\"\($T + $S + 28)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#6b7280\">predicted probability</text>"
  + (if ($bk | length) > 0 then "<path class=\"bookmaker\" d=\"\(line($bk))\" fill=\"none\" stroke=\"#111827\" stroke-opacity=\"0.45\" stroke-width=\"1.5\"/>" else "" end)
  + (if ($bins | length) > 0 then "<path class=\"model\" d=\"\(line($bins))\" fill=\"none\" stroke=\"\($m.model_type | color)\" stroke-width=\"2\"/>" else "" end)
  + ($bins | map(select((.mean_predicted | type) == "number" and (.observed_rate | type) == "number")
      | "<circle cx=\"\(.mean_predicted | px)\" cy=\"\(.observed_rate | py)\" r=\"\(2 + 5 * (((.n | num) // 0) / $maxn | sqrt) | r1)\" fill=\"\($m.model_type | color)\" fill-opacity=\"0.8\"><title>\(.lo | esc)–\(.hi | esc): n \(.n | esc), predicted \(.mean_predicted | f3), observed \(.observed_rate | f3)</title></circle>") | join(""))
  + "</svg></figure>";

# ---- a metric cell: the model's value, the bookmaker's and the base rate's
def cell($cls; $v; $bk; $br; $lower_is_better; fmt):
  (if ($v | type) != "number" or ($bk | type) != "number" then ""
   elif ($lower_is_better and $v < $bk) or ((($lower_is_better) | not) and $v > $bk) then " better"
   else " worse" end) as $tone
  | "<td class=\"metric \($cls)\(if $tone != "" then $tone else "" end)\"><span class=\"v\">\($v | fmt)</span><span class=\"base\">bookmaker <b>\($bk | fmt)</b> · base <b>\($br | fmt)</b></span></td>";

def files_cell($m):
  if $m.registered == false then
    "<td class=\"files\"><span class=\"bad\" title=\"complete on disk, no line of the registry: predict takes it as any other version; make all registers it when its data are the data given\">✗ not registered</span></td>"
  else
  ($m.files // {} | length) as $nf
  | ([$m.files_verified // {} | .[] | select(. == true)] | length) as $nok
  | "<td class=\"files\"><details><summary>\($nf) file\(if $nf == 1 then "" else "s" end) \(if $nok == $nf then "<span class=\"ok\">✓</span>" else "<span class=\"bad\">✗ \($nf - $nok) bad</span>" end)</summary>" + (($m.files // {}) | to_entries | map(
     ($m.files_verified[.key]) as $ok
     | "<div><span class=\"fname\">\(.key | esc)</span> <code title=\"sha256 \(.value | esc)\">\(.value | tostring | .[0:12] | esc)…</code>\(if $ok == true then "<span class=\"ok\" title=\"matches the file on disk\">✓</span>" elif $ok == false then "<span class=\"bad\" title=\"differs from the file on disk\">✗ changed</span>" else "<span class=\"bad\" title=\"file missing\">✗ missing</span>" end)</div>") | join("")) + "</details></td>"
  end;

def model_row($m):
  ($m.metrics.val // {}) as $v | ($m.metrics.baselines.bookmaker // {}) as $bk | ($m.metrics.baselines.base_rate // {}) as $br
  | "<tr class=\"model\" data-key=\"\($m.key | esc)\" data-league=\"\($m.league | esc)\" data-type=\"\($m.model_type | esc)\">"
  + "<td class=\"type\"><span class=\"swatch\" style=\"background:\($m.model_type | color)\"></span><b>\($m.model_type | esc)</b><span class=\"sub\">\($m.version | esc) · \($m.status | esc)\(if $m.model_type == "draw_specialist" and ($m.metrics | type) == "object" then " · threshold \($m.metrics.threshold | f3) · F1 \($v.f1 | f3)" else "" end)</span></td>"
  + "<td class=\"val\"><b class=\"n\">\($v.n // "—" | esc)</b><span class=\"sub\">\(if $v.window.from_season then "\($v.window.from_season)–" else "" end | esc)\($v.window.season // "" | esc)\(if $v.window.weeks then " · \($v.window.weeks | esc) wk" else "" end)</span></td>"
  + (if ($m.metrics | type) != "object" then "<td class=\"metric missing\" colspan=\"3\">no metrics.json</td>"
     elif $m.model_type == "draw_specialist" then
       cell("brier"; $v.brier; $bk.brier; $br.brier; true; f4)
       + cell("log_loss"; $v.log_loss; $bk.log_loss; $br.log_loss; true; f4)
       + cell("auc"; $v.auc; $bk.auc; $br.auc; false; f3)
     else
       cell("rps"; $v.rps; $bk.rps; $br.rps; true; f4)
       + cell("log_loss"; $v.log_loss; $bk.log_loss; $br.log_loss; true; f4)
       + cell("accuracy"; $v.accuracy; $bk.accuracy; $br.accuracy; false; pct)
     end)
  + "<td class=\"data\">\($m.data.first_date | esc) – \($m.data.last_date | esc)<span class=\"sub\">\($m.data.matches | esc) matches</span></td>"
  + "<td class=\"trained\">\($m.trained_date // "" | tostring | .[0:10] | esc)<span class=\"sub\">\($m.trained_date // "" | tostring | .[11:] | esc)</span></td>"
  + files_cell($m) + "</tr>";

. as $index
| ($index.models // [] | map(select(.newest != false))) as $models
| ($models | map(.league) | unique) as $leagues
| ($models | map(.model_type) | unique | sort_by(order)) as $types
| ($models | group_by(.league) | map({key: .[0].league, value: .}) | from_entries) as $by
| def first_num(f): first(($by[.] // [])[] | f | num) // null;

# RPS per league: the 1X2 models, the bookmaker as the reference.
( $leagues | map(. as $l | {label: ($l | title), sub: null,
    ref: ($l | first_num(select(.model_type != "draw_specialist") | .metrics.baselines.bookmaker.rps)),
    points: ([$by[$l][] | select(.model_type != "draw_specialist" and (.metrics.val.rps | type) == "number")
              | {source: .model_type, value: .metrics.val.rps}]
             + [{source: "base_rate", value: ($l | first_num(select(.model_type != "draw_specialist") | .metrics.baselines.base_rate.rps))}])})
  | map(select(.ref != null or (.points | map(.value | num) | length) > 0)) ) as $rps_rows

# Predicted against actual outcome rates: val.outcomes when metrics.json has
# it (home, draw, away); the draw from draw_specialist's mean_predicted and
# actual_rate always.
| ( [ $leagues[] as $l | ("home", "draw", "away") as $o
      | {label: ($l | title), sub: $o,
         ref: ($l | first_num(.metrics.val.outcomes[$o].actual_rate)
               // (if $o == "draw" then ($l | first_num(select(.model_type == "draw_specialist") | .metrics.val.actual_rate)) else null end)),
         points: ([$by[$l][] | select((.metrics.val.outcomes[$o].mean_predicted | type) == "number")
                   | {source: .model_type, value: .metrics.val.outcomes[$o].mean_predicted}]
                  + (if $o == "draw" then [$by[$l][] | select(.model_type == "draw_specialist" and (.metrics.val.mean_predicted | type) == "number")
                       | {source: .model_type, value: .metrics.val.mean_predicted}] else [] end)
                  + [ ("bookmaker", "base_rate") as $b
                      | {source: $b, value: ($l | first_num(.metrics.baselines[$b].outcomes[$o].mean_predicted)
                          // (if $o == "draw" then ($l | first_num(select(.model_type == "draw_specialist") | .metrics.baselines[$b].mean_predicted)) else null end))}
                      | select(.value != null) ])}
      | select(.ref != null or (.points | length) > 0) ] ) as $rate_rows
| ([$models[] | .metrics.val.outcomes | select(. != null)] | length > 0) as $have_outcomes
| ([$models[] | select(.model_type == "draw_specialist" and .metrics != null and (.metrics.val.reliability | type) != "array")] | length) as $draw_no_rel

| "<!DOCTYPE html>
<html lang=\"en\"><head><meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>leaguefit models</title>
<style>
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--good:#047857;--bad:#b91c1c}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;color:var(--fg);margin:0;background:#fff}
main{max-width:1320px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 6px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
p.lead,p.note{color:var(--muted);margin:4px 0 12px;max-width:980px}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0 4px}
.summary div{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.summary b{display:block;font-size:22px}
.summary span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
thead th{position:sticky;top:0;background:#f9fafb;font-size:12px;color:#374151;border-bottom:2px solid #d1d5db}
tr.league th{background:#eef2ff;font-size:14px;padding:7px 10px}
tr.league th small{color:var(--muted);font-weight:normal;margin-left:6px}
.sub{display:block;color:var(--muted);font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
td.metric .v{font-weight:600;font-size:15px}
td.metric .base{display:block;color:var(--muted);font-size:11.5px;white-space:nowrap}
td.metric .base b{font-weight:500;color:#374151}
td.metric.better .v{color:var(--good)}td.metric.worse .v{color:var(--bad)}
td.files{font-size:12px;white-space:nowrap}td.files summary{cursor:pointer;color:#374151}td.files details[open] summary{margin-bottom:4px}
td.data,td.trained,td.val,td.type b{white-space:nowrap}
td.type{min-width:150px}
td.files code{font-size:11px;color:#374151}
.ok{color:var(--good);margin-left:4px}.bad{color:var(--bad);margin-left:4px;font-weight:600}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:18px;padding:0;margin:6px 0 4px;color:#374151;font-size:13px}
.key{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;border:2px solid var(--c)}
.key.dot{border-radius:50%;background:var(--c)}.key.ring{border-radius:50%;background:#fff}
.key.tick{width:3px;height:16px;background:var(--c);border:0;vertical-align:-3px}
.key.line{height:0;width:18px;border-width:2px 0 0 0;vertical-align:3px}
.plotwrap{overflow-x:auto}
svg.plot{max-width:100%;height:auto;font-family:inherit}
.grid-rel{display:flex;flex-wrap:wrap;gap:10px 14px}
figure.rel{margin:0}figure.rel figcaption{font-size:13px;font-weight:600;padding-left:34px}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:40px;color:var(--muted);font-size:12px}
</style></head>
<body><main>
<h1>leaguefit models</h1>
<p class=\"lead\">The newest version of each league's models by type, the one predict uses\(if ($index.models // [] | length) > ($models | length) then " (index.json holds every version of the registry, \($index.models | length) in all)" else "" end), with its metrics: the weekly walk-forward over each league's last season, from the season before while the last has fewer than half as many matches (<i>val</i>), beside the closing bookmaker and the base rate on the same matches. Green: better than the bookmaker; red: worse.</p>
<div class=\"summary\">
<div><b id=\"n-models\">\($models | length)</b><span>models in use</span></div>
<div><b id=\"n-versions\">\([$index.models // [] | .[] | select(.registered != false)] | length)</b><span>versions registered</span></div>
<div><b>\($leagues | length)</b><span>leagues</span></div>
<div><b>\($types | length)</b><span>model types</span></div>
<div><b>\([$models[] | .trained_date // empty] | max // "—" | tostring | .[0:10] | esc)</b><span>last trained</span></div>
</div>

<h2 id=\"rps\">Ranked probability score per league</h2>
<p class=\"note\">Walk-forward RPS (lower is better) of the 1X2 models against the bookmaker's closing odds (black tick) and the base rate.</p>
\(legend([{source: "poisson_v2", shape: "dot", text: "poisson_v2"}, {source: "1x2_v2", shape: "dot", text: "1x2_v2"}, {source: "bookmaker", shape: "tick", text: "bookmaker"}, {source: "base_rate", shape: "ring", text: "base rate"}]))
<div class=\"plotwrap\">\(dotplot($rps_rows; "rps-plot"; "RPS per league against the bookmaker"; "bookmaker"; f4))</div>

<h2 id=\"models\">Models by league and type</h2>
<p class=\"note\">Validation: <i>n</i> matches of the walk-forward season. For draw_specialist the columns are the Brier score, log loss and AUC of P(draw). Files: the registry's sha256, checked against the file on disk (✓).</p>
<table id=\"models-table\">
<thead><tr><th>Type</th><th>Validation</th><th>RPS · <i>Brier (draw)</i></th><th>Log loss</th><th>Accuracy · <i>AUC (draw)</i></th><th>Data</th><th>Trained (UTC)</th><th>Files</th></tr></thead>
\($leagues | map(. as $l | "<tbody data-league=\"\($l | esc)\"><tr class=\"league\"><th colspan=\"8\">\($l | title | esc)<small>\($l | esc)</small></th></tr>"
    + ($by[$l] | map(model_row(.)) | join("\n")) + "</tbody>") | join("\n"))
</table>

<h2 id=\"reliability\">Reliability</h2>
<p class=\"note\">Validation reliability bins of every outcome probability (home, draw and away pooled): mean predicted probability against the observed rate, the dot's area by the bin's count; the grey line is the bookmaker's, the dashed diagonal perfect calibration.</p>
\(legend([{source: "poisson_v2", shape: "dot", text: "poisson_v2"}, {source: "1x2_v2", shape: "dot", text: "1x2_v2"}, {source: "draw_specialist", shape: "dot", text: "draw_specialist"}, {source: "bookmaker", shape: "line", text: "bookmaker"}]))
\($types | map(. as $t | [$models[] | select(.model_type == $t and (.metrics.val.reliability | type) == "array" and (.metrics.val.reliability | length) > 0)] as $ms
    | "<h3>\($t | esc)</h3>" + (if ($ms | length) > 0 then "<div class=\"grid-rel\" data-type=\"\($t | esc)\">" + ($ms | map(reliability(.)) | join("")) + "</div>"
       else "<p class=\"empty\">No reliability bins: \($t | esc)’s metrics.json has no val.reliability.</p>" end)) | join("\n"))

<h2 id=\"rates\">Predicted and actual outcome rates</h2>
<p class=\"note\">Mean predicted probability of each outcome over the validation matches (dots) against its observed rate (black tick).\(if $have_outcomes then "" else " The metrics of the 1X2 models hold no per-outcome means, so home and away are not shown; the draw comes from draw_specialist (its P(draw), the bookmaker’s and the base rate’s)." end)</p>
\(legend([{source: "poisson_v2", shape: "dot", text: "poisson_v2"}, {source: "1x2_v2", shape: "dot", text: "1x2_v2"}, {source: "draw_specialist", shape: "dot", text: "draw_specialist"}, {source: "bookmaker", shape: "dot", text: "bookmaker"}, {source: "base_rate", shape: "ring", text: "base rate"}, {source: "actual", shape: "tick", text: "actual rate"}]))
<div class=\"plotwrap\">\(dotplot($rate_rows; "rates-plot"; "Predicted against actual outcome rates"; "actual"; pct))</div>

<footer>Written by leaguefit-report from index.json (the newest \($models | length) of \($index.models // [] | length) registry entries, joined with their metrics.json).</footer>
</main>
<script>
(function () {
  var svgs = document.querySelectorAll('svg.plot'), drawn = 0;
  for (var i = 0; i < svgs.length; i++) {
    var els = svgs[i].querySelectorAll('path, rect, circle'), n = 0;
    for (var j = 0; j < els.length; j++) {
      var b = els[j].getBBox();
      if (b.width > 0 || b.height > 0) n++;
    }
    if (n > 0) drawn++;
  }
  document.body.setAttribute('data-rendered', drawn + '/' + svgs.length);
})();
</script>
</body></html>"
