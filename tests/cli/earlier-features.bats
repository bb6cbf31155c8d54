#!/usr/bin/env bats
# A 1x2_v2 model of an earlier version names fewer features, in its own
# order: predict reads each row's features by those names and its
# probabilities are the model's coefficients applied to the table's named
# columns, worked out here with jq; a name this version does not compute is
# refused. The earlier model is made from a fresh one by keeping its first
# 14 features (those of the version before shot shares and rest days) in
# reverse order, with their means, sds and coefficients.

bats_require_minimum_version 1.5.0

setup_file() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_FILE_TMPDIR"
    # Two seasons played and a third season's last 45 fixtures to predict.
    "$BIN/simulate-league" --seed 3 --seasons 3 --teams 10 --relegated 0 --unplayed 45 >sim.csv
    "$BIN/league-features" sim.csv >features.csv
    awk -F, 'NR == 1 || $6 != ""' sim.csv >history.csv
    awk -F, 'NR == 1 || $6 == ""' sim.csv >upcoming.csv
    mkdir -p current/demo_league/1x2_v2 earlier/demo_league
    "$BIN/fit-1x2" --all -m current/demo_league/1x2_v2 features.csv
    cp -r current/demo_league/1x2_v2 earlier/demo_league/
    for o in home draw away; do
        jq '.logreg |= (. as $l | [range(13; -1; -1)] as $i
              | .features = [$i[] | $l.features[.]] | .mean = [$i[] | $l.mean[.]]
              | .sd = [$i[] | $l.sd[.]] | .coef = [$i[] | $l.coef[.]])' \
            current/demo_league/1x2_v2/${o}_model.json >earlier/demo_league/1x2_v2/${o}_model.json
    done
}

setup() {
    PROJECT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    BIN="$PROJECT/bin"
    cd "$BATS_TEST_TMPDIR"
    cp -r "$BATS_FILE_TMPDIR"/* .
}

same() {
    if [ "$1" != "$2" ]; then
        printf -- '--- expected\n%s\n--- got\n%s\n' "$2" "$1" >&2
        return 1
    fi
}

# The probabilities of the table's unplayed rows under the model in $1,
# from its files alone: date, home, away, p_home, p_draw, p_away (tabs).
by_hand() {
    jq -nr --rawfile csv features.csv --slurpfile home "$1/home_model.json" \
        --slurpfile draw "$1/draw_model.json" --slurpfile away "$1/away_model.json" \
        --slurpfile cal "$1/calibrator.json" '
      ($csv | split("\n") | map(select(length > 0) | split(","))) as $rows
      | $rows[0] as $hdr
      | $rows[1:][] | . as $r
      | ($hdr | to_entries | map({ key: .value, value: $r[.key] }) | from_entries) as $x
      | select($x.home_goals == "")
      | def score($l): $l.intercept + ([range($l.features | length)]
            | map($l.coef[.] * (($x[$l.features[.]] | tonumber) - $l.mean[.]) / $l.sd[.]) | add);
        [score($home[0].logreg), score($draw[0].logreg), score($away[0].logreg)] as $z
      | $cal[0].mlogit as $m
      | [range(3) | $m.intercept[.] + $m.coef[.][0] * $z[0] + $m.coef[.][1] * $z[1]
                    + $m.coef[.][2] * $z[2] | exp]
      | add as $s
      | [$x.date, $x.home_team, $x.away_team] + map(. / $s) | @tsv'
}

# predict's rows (stdin) against by_hand's (file $1): every fixture, each
# probability within its six printed decimals; prints how many agree.
agree() {
    awk -F'\t' 'NR == FNR { p[$1 "|" $2 "|" $3] = $4 "|" $5 "|" $6; next }
        FNR > 1 {
            split($0, f, ","); k = f[2] "|" f[3] "|" f[4]
            if (!(k in p)) { print "no hand row for " k; exit 1 }
            split(p[k], q, "|")
            for (j = 1; j <= 3; j++)
                if (f[5 + j] - q[j] > 6e-7 || q[j] - f[5 + j] > 6e-7) { print k ": " f[5 + j] " vs " q[j]; exit 1 }
            n++
        }
        END { print n }' "$1" -
}

@test "a model naming an earlier version's 14 features, reordered, predicts its own probabilities" {
    same "$(jq -c '.logreg.features[:3], (.logreg.features | length)' earlier/demo_league/1x2_v2/away_model.json | xargs)" \
        '[dc_logit_away,dc_logit_home,goals_against_away] 14'
    by_hand earlier/demo_league/1x2_v2 >hand.tsv
    run --separate-stderr "$BIN/predict" -m earlier -t 1x2_v2 --history history.csv upcoming.csv
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    same "$(agree hand.tsv <<<"$output")" 45
    # the same check holds the current model, and the two models differ
    by_hand current/demo_league/1x2_v2 >hand-current.tsv
    current=$("$BIN/predict" -m current -t 1x2_v2 --history history.csv upcoming.csv)
    same "$(agree hand-current.tsv <<<"$current")" 45
    run agree hand.tsv <<<"$current"
    [ "$status" -eq 1 ]
}

@test "a feature this version does not compute, or binaries naming different lists: refused by name" {
    m=earlier/demo_league/1x2_v2
    jq '.logreg.features[2] = "goals_ratio_home"' "$BATS_FILE_TMPDIR/$m/draw_model.json" >$m/draw_model.json
    run --separate-stderr "$BIN/predict" -m earlier -t 1x2_v2 --history history.csv upcoming.csv
    [ "$status" -eq 1 ]
    same "$stderr" "predict: $m/draw_model.json: fitted on other features than this version computes (refit it)"
    cp current/demo_league/1x2_v2/draw_model.json $m/
    run --separate-stderr "$BIN/predict" -m earlier -t 1x2_v2 --history history.csv upcoming.csv
    [ "$status" -eq 1 ]
    same "$stderr" "predict: $m: the binary models were fitted on different features"
    jq '.logreg.features[1] = .logreg.features[0]' "$BATS_FILE_TMPDIR/$m/home_model.json" >$m/home_model.json
    run --separate-stderr "$BIN/predict" -m earlier -t 1x2_v2 --history history.csv upcoming.csv
    [ "$status" -eq 1 ]
    same "$stderr" "predict: $m/home_model.json: names feature 'dc_logit_away' twice"
}

@test "fit-1x2 --all over an earlier version's binaries: calibrator and feature list follow them; a missing binary is refused" {
    m=earlier/demo_league/1x2_v2
    rm $m/calibrator.json $m/feature_list.json
    "$BIN/fit-1x2" --all -m $m features.csv
    same "$(jq -c .features $m/feature_list.json)" "$(jq -c .logreg.features $m/home_model.json)"
    same "$(jq -c .mlogit.features $m/calibrator.json)" '["score_home","score_draw","score_away"]'
    "$BIN/predict" -m earlier -t 1x2_v2 --history history.csv upcoming.csv >/dev/null
    rm $m/away_model.json
    run --separate-stderr "$BIN/fit-1x2" --all -m $m features.csv
    [ "$status" -eq 1 ]
    same "$stderr" "fit-1x2: $m: the binary models there were fitted on an earlier version's features, which the missing ones would not be; nothing written"
    [ ! -e $m/away_model.json ]
}
