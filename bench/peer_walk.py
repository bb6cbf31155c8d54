#!/usr/bin/python3
"""peer_walk.py: the peers' side of bench/peers.sh (docs/benchmarks.md).

    /usr/bin/python3 bench/peer_walk.py walk -m MODEL --from DATE --until DATE
                                        [--decay F] [-o OUT] FILE
    /usr/bin/python3 bench/peer_walk.py compare NAME=FORECASTS...

walk: the weekly walk-forward of backtest -t poisson_v2, by a peer. FILE
holds one league's canonical fixtures. Every played match dated in
[from, until) is predicted by a fit on all played matches before the Monday
of its week (weeks with fewer than 100 such matches are skipped, as
leaguefit's walk does). Each match of the fit weighs exp(-xi * age_days),
its age counted back from the last match fitted, xi = -ln(decay) / 365.25:
leaguefit's decay^(age_days / 365.25), 0.575 a year by default (its decay
chosen without a season weight, docs/decay.md). MODEL:

  penaltyblog  its DixonColesGoalModel (SLSQP on the Dixon-Coles
               likelihood) with its dixon_coles_weights; 1X2 from its
               predict (score grid to 15 goals a side, normalised)
  statsmodels  a Poisson GLM, goals ~ home + C(team) + C(opponent), two
               rows a match, freq_weights the decay weights; 1X2 from the
               independent Poisson score matrix, 0..20 goals a side,
               normalised (as leaguefit truncates its own)

A match with a side absent from its week's history cannot be predicted by
either peer (neither has a fallback for a new team): it is written with
empty probabilities and left out of every model's comparison. OUT (default
stdout) gets the walk_probs columns: date,home_team,away_team,week,outcome,
p_home,p_draw,p_away. stdout (stderr with -o -) gets one line of key=value:
the fits, the CPU (time.process_time) of the fits, of the forecasts and of
the walk, CPU a fit in ms, the matches predicted and left out.

compare: reads forecast files of the same walk (the first is the
reference, e.g. leaguefit's from build/bench/walk_probs), checks that they
hold the same matches in the same order, and prints one key=value line a
file: RPS over all the matches it predicted (n_all, rps_all) and over the
matches every file predicted (n, rps). Exit 1 when the match sets differ.

Needs /usr/bin/python3 with Debian's numpy (and python3-statsmodels, or
penaltyblog on PYTHONPATH, for the model walked)."""
import argparse
import csv
import datetime as dt
import math
import sys
import time

import numpy as np

REFIT_MIN_MATCHES = 100  # walkforward.h
COLUMNS = ["date", "home_team", "away_team", "week", "outcome", "p_home", "p_draw", "p_away"]


def read_played(path):
    """Played rows of a canonical fixtures file, in file order."""
    rows = []
    with open(path, newline="") as fp:
        for r in csv.DictReader(fp):
            if r["home_goals"] == "" or r["away_goals"] == "":
                continue
            rows.append((dt.date.fromisoformat(r["date"]), r["home_team"], r["away_team"],
                         int(r["home_goals"]), int(r["away_goals"])))
    rows.sort(key=lambda r: r[0])  # stable: leaguefit's order of one league
    return rows


def outcome(hg, ag):
    return 0 if hg > ag else 1 if hg == ag else 2


def weeks_of(rows, first, last):
    """(monday, matches of its week) of every played match in [first, last)."""
    weeks = {}
    for r in rows:
        if first <= r[0] < last:
            monday = r[0] - dt.timedelta(days=r[0].weekday())
            weeks.setdefault(monday, []).append(r)
    return sorted(weeks.items())


def decay_weights(dates, xi):
    """exp(-xi * days before the last date): what dixon_coles_weights gives."""
    last = max(dates)
    return np.exp(-xi * np.array([(last - d).days for d in dates], dtype=float))


def one_x_two(m):
    """P(H, D, A) of a normalised score matrix (home goals by row)."""
    m = m / m.sum()
    return np.tril(m, -1).sum(), np.trace(m), np.triu(m, 1).sum()


class Penaltyblog:
    def __init__(self, xi):
        import penaltyblog as pb
        self.pb, self.xi = pb, xi

    def fit(self, hist):
        dates = [r[0] for r in hist]
        w = self.pb.models.dixon_coles_weights(dates, self.xi)
        m = self.pb.models.DixonColesGoalModel([r[3] for r in hist], [r[4] for r in hist],
                                               [r[1] for r in hist], [r[2] for r in hist], w)
        m.fit()
        return m

    def predict(self, m, matches):
        return [tuple(m.predict(h, a).home_draw_away) for _, h, a, _, _ in matches]


class Statsmodels:
    GOALS = np.arange(21)  # leaguefit's score matrix: 0..20 goals a side

    def __init__(self, xi):
        import pandas as pd
        import statsmodels.api as sm
        import statsmodels.formula.api as smf
        from scipy.stats import poisson
        self.pd, self.sm, self.smf, self.poisson, self.xi = pd, sm, smf, poisson, xi

    def fit(self, hist):
        w = decay_weights([r[0] for r in hist], self.xi)
        df = self.pd.DataFrame(
            [(r[3], 1, r[1], r[2]) for r in hist] + [(r[4], 0, r[2], r[1]) for r in hist],
            columns=["goals", "home", "team", "opponent"])
        return self.smf.glm("goals ~ home + C(team) + C(opponent)", data=df,
                            family=self.sm.families.Poisson(),
                            freq_weights=np.concatenate([w, w])).fit()

    def predict(self, res, matches):
        sides = self.pd.DataFrame(
            [(1, h, a) for _, h, a, _, _ in matches] + [(0, a, h) for _, h, a, _, _ in matches],
            columns=["home", "team", "opponent"])
        rate = np.asarray(res.predict(sides))
        k = len(matches)
        out = []
        for lam, nu in zip(rate[:k], rate[k:]):
            ph, pa = self.poisson.pmf(self.GOALS, lam), self.poisson.pmf(self.GOALS, nu)
            out.append(one_x_two(np.outer(ph, pa)))
        return out


def walk(args):
    xi = -math.log(args.decay) / 365.25
    peer = {"penaltyblog": Penaltyblog, "statsmodels": Statsmodels}[args.m](xi)
    rows = read_played(args.file)
    first, last = dt.date.fromisoformat(args.from_), dt.date.fromisoformat(args.until)
    out = sys.stdout if args.o in (None, "-") else open(args.o, "w", newline="")
    summary = sys.stderr if out is sys.stdout else sys.stdout
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    fits = skipped = predicted = unknown = 0
    fit_cpu = predict_cpu = 0.0
    t_walk = time.process_time()
    for monday, matches in weeks_of(rows, first, last):
        hist = [r for r in rows if r[0] < monday]
        if len(hist) < REFIT_MIN_MATCHES:
            skipped += 1
            continue
        known = {r[1] for r in hist} | {r[2] for r in hist}
        t0 = time.process_time()
        model = peer.fit(hist)
        t1 = time.process_time()
        ok = [m for m in matches if m[1] in known and m[2] in known]
        probs = dict(zip(ok, peer.predict(model, ok)))
        t2 = time.process_time()
        fits += 1
        fit_cpu += t1 - t0
        predict_cpu += t2 - t1
        for m in matches:
            p = probs.get(m)
            predicted += p is not None
            unknown += p is None
            w.writerow([m[0].isoformat(), m[1], m[2], monday.isoformat(), outcome(m[3], m[4])]
                       + (["%.17g" % x for x in p] if p else ["", "", ""]))
    walk_cpu = time.process_time() - t_walk
    if out is not sys.stdout:
        out.close()
    print("model=%s fits=%d skipped_weeks=%d fit_cpu_s=%.3f predict_cpu_s=%.3f walk_cpu_s=%.3f "
          "fit_ms=%.2f predicted=%d unknown_team=%d xi=%.10g"
          % (args.m, fits, skipped, fit_cpu, predict_cpu, walk_cpu,
             1e3 * fit_cpu / max(fits, 1), predicted, unknown, xi), file=summary)


def rps(p, o):
    cum_h, cum_hd = p[0] - (o == 0), p[0] + p[1] - (o <= 1)
    return (cum_h * cum_h + cum_hd * cum_hd) / 2


def forecast(path, line, r):
    """P(H, D, A) of a row, None when the model left the match out. A
    probability not finite or outside [0, 1] is refused: a NaN would make
    the RPS NaN, which compares as no worse than any other (awk's verdict)."""
    if not r["p_home"]:
        return None
    p = tuple(float(r[c]) for c in COLUMNS[5:])
    if not all(0 <= x <= 1 for x in p):
        sys.exit("peer_walk: %s:%d: probabilities %s, not in [0, 1]"
                 % (path, line, ",".join(r[c] for c in COLUMNS[5:])))
    return p


def read_forecasts(path):
    with open(path, newline="") as fp:
        rows = list(csv.DictReader(fp))
    keys = [(r["date"], r["home_team"], r["away_team"], r["outcome"]) for r in rows]
    probs = [forecast(path, line, r) for line, r in enumerate(rows, 2)]
    return keys, probs


def compare(args):
    files = [a.split("=", 1) for a in args.files]
    loaded = [(name, *read_forecasts(path)) for name, path in files]
    ref_name, ref_keys, _ = loaded[0]
    for name, keys, _ in loaded[1:]:
        if keys != ref_keys:
            print("peer_walk: %s and %s forecast different matches" % (ref_name, name),
                  file=sys.stderr)
            return 1
    common = [i for i in range(len(ref_keys)) if all(p[i] is not None for _, _, p in loaded)]
    if not common:
        print("peer_walk: no match predicted by every file", file=sys.stderr)
        return 1
    ref = [rps(loaded[0][2][i], int(ref_keys[i][3])) for i in common]
    for name, keys, probs in loaded:
        mine = [i for i in range(len(keys)) if probs[i] is not None]
        # Summed in the walk's order, as leaguefit's metrics sum.
        total_all = total = 0.0
        for i in mine:
            total_all += rps(probs[i], int(keys[i][3]))
        scores = [rps(probs[i], int(keys[i][3])) for i in common]
        for s in scores:
            total += s
        # The paired difference to the reference, match by match, and its
        # standard error: how far apart the two are beside the noise.
        d = np.array(scores) - np.array(ref)
        se = d.std(ddof=1) / math.sqrt(len(d)) if len(d) > 1 else float("nan")
        print("name=%s n_all=%d rps_all=%.17g n=%d rps=%.17g diff_vs_%s=%.3g diff_se=%.3g"
              % (name, len(mine), total_all / len(mine), len(common), total / len(common),
                 ref_name, d.mean(), se))
    return 0


def main():
    ap = argparse.ArgumentParser(description="the peers' walk-forward of bench/peers.sh")
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("walk")
    w.add_argument("-m", required=True, choices=["penaltyblog", "statsmodels"])
    w.add_argument("--from", dest="from_", required=True)
    w.add_argument("--until", required=True)
    w.add_argument("--decay", type=float, default=0.575)
    w.add_argument("-o")
    w.add_argument("file")
    c = sub.add_parser("compare")
    c.add_argument("files", nargs="+", metavar="NAME=FORECASTS")
    args = ap.parse_args()
    return walk(args) if args.cmd == "walk" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
