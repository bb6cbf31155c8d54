#!/usr/bin/python3
"""statsmodels_fit.py: the reference fit of bench/perf.sh (docs/benchmarks.md).

    /usr/bin/python3 bench/statsmodels_fit.py [-n N] FILE

Fits the independent-Poisson goals model, the Dixon-Coles model of
fit-poisson with --no-rho --decay 1, as a statsmodels GLM on one league's
canonical fixtures (two rows a played match):

    goals ~ home + C(team) + C(opponent),  family Poisson, log link

The same likelihood as fit-poisson's (attack of `team`, defence of
`opponent`, home advantage; statsmodels' treatment coding is only another
parametrisation of the sum-to-zero one). Builds the model once, then times
.fit() N times (default 20) with time.perf_counter, and prints on one line:
fits, median / min / mean milliseconds a fit, the log-likelihood (%.17g),
iterations, matches, teams. Needs /usr/bin/python3 (Debian's
python3-statsmodels)."""
import argparse
import csv
import statistics
import sys
import time

import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("file")
    args = ap.parse_args()
    rows = []
    teams = set()
    with open(args.file, newline="") as fp:
        for r in csv.DictReader(fp):
            if r["home_goals"] == "" or r["away_goals"] == "":
                continue
            h, a = r["home_team"], r["away_team"]
            x, y = int(r["home_goals"]), int(r["away_goals"])
            rows.append((x, 1, h, a))
            rows.append((y, 0, a, h))
            teams.update((h, a))
    df = pd.DataFrame(rows, columns=["goals", "home", "team", "opponent"])
    model = smf.glm("goals ~ home + C(team) + C(opponent)", data=df,
                    family=sm.families.Poisson())
    res = model.fit()  # warm-up, untimed
    times = []  # -n 0: the one fit only (whole-process timing)
    for _ in range(args.n):
        t0 = time.perf_counter()
        res = model.fit()
        times.append((time.perf_counter() - t0) * 1e3)
    times = times or [float("nan")]
    print("fits=%d median_ms=%.4f min_ms=%.4f mean_ms=%.4f loglik=%.17g iterations=%s "
          "matches=%d teams=%d" % (args.n, statistics.median(times), min(times),
                                  statistics.fmean(times), res.llf,
                                  res.fit_history.get("iteration", "?"),
                                  len(rows) // 2, len(teams)))


if __name__ == "__main__":
    sys.exit(main())
