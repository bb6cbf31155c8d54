#!/usr/bin/python3
"""Reference check of fit-poisson against statsmodels (test-only).

usage: /usr/bin/python3 tests/reference/statsmodels_poisson.py LEAGUE_CSV MODEL_JSON...

Each MODEL_JSON is what `fit-poisson --no-rho [--decay F] [--until DATE]`
wrote for LEAGUE_CSV (canonical fixtures of one league); several models of
one league are checked in one run (statsmodels is slow to import).  Without rho the Dixon-Coles model is a
Poisson GLM with a log link: in long format (one row per team per match,
home = 1 for the home side)

    goals ~ home + team + opponent

where the opponent effect is minus the model's defence.  This script refits
that GLM with statsmodels on the same played matches and checks

  * the match count against diagnostics.matches;
  * the log-likelihood against diagnostics.log_likelihood, to 1e-8 relative;
  * every fitted rate against the model's
        lambda = exp(mu + home + attack[h] - defence[a]),
        nu     = exp(mu + attack[a] - defence[h]),      to 1e-6 relative.

With a decay F < 1 every match is weighted w = F^((last_date - date)/365.25),
last_date being the last match in the fit (diagnostics.last_date).  The
weighted log-likelihood sum_i w_i l_i is what statsmodels reports as llf both
with freq_weights and with var_weights (Poisson's scale is fixed at 1, and
the estimates are the same either way): the script fits both, and also sums
w_i l_i itself from the fitted means, and checks all three against the model.

The matches: played (both scores present), before diagnostics.until when the
model has one, and between two teams the model kept (fit-poisson leaves out
teams with too few matches; a match between two kept teams is never left
out).  Exit 0 when everything agrees, 1 with a message on stderr otherwise,
2 on a usage error.
"""
import json
import math
import sys
import warnings

REL_LOGLIK = 1e-8
REL_RATE = 1e-6
DAYS_PER_YEAR = 365.25


def fail(msg):
    print("statsmodels_poisson: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def rel_diff(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print("usage: statsmodels_poisson.py LEAGUE_CSV MODEL_JSON...", file=sys.stderr)
        return 2
    try:
        import numpy as np
        import pandas as pd
        import statsmodels.api as sm
        import statsmodels.formula.api as smf
        from scipy import special
    except ImportError as e:
        fail("%s needs numpy, pandas, scipy and statsmodels: %s" % (sys.executable, e))
    for json_path in argv[2:]:
        check(argv[1], json_path, np, pd, sm, smf, special)
    return 0


def check(csv_path, json_path, np, pd, sm, smf, special):
    with open(json_path) as fp:
        model = json.load(fp)
    if model.get("model_type") != "poisson_v2":
        fail("%s: not a poisson_v2 model" % json_path)
    if model.get("rho_fitted") is not False:
        fail("%s: fitted with rho; the GLM reference needs --no-rho" % json_path)
    diag = model["diagnostics"]
    decay = float(model["decay"])
    teams = {t["name"]: t for t in model["teams"]}
    mu, home = float(model["mu"]), float(model["home"])

    df = pd.read_csv(csv_path, dtype={"home_team": str, "away_team": str, "date": str})
    df = df[df["home_goals"].notna() & df["away_goals"].notna()].copy()
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    if "until" in diag:
        df = df[df["date"] < pd.Timestamp(diag["until"])]
    df = df[df["home_team"].isin(teams) & df["away_team"].isin(teams)]
    df = df.reset_index(drop=True)
    if len(df) != diag["matches"]:
        fail("%d matches selected, the model says it fitted %d" % (len(df), diag["matches"]))
    last = df["date"].max()
    if last != pd.Timestamp(diag["last_date"]):
        fail("last match %s, the model says %s" % (last.date(), diag["last_date"]))
    age_years = (last - df["date"]).dt.days.to_numpy() / DAYS_PER_YEAR
    w_match = np.ones(len(df)) if decay == 1 else decay ** age_years

    n = len(df)
    long = pd.DataFrame({
        "goals": np.concatenate([df["home_goals"].to_numpy(float), df["away_goals"].to_numpy(float)]),
        "home": np.concatenate([np.ones(n), np.zeros(n)]),
        "team": np.concatenate([df["home_team"].to_numpy(), df["away_team"].to_numpy()]),
        "opponent": np.concatenate([df["away_team"].to_numpy(), df["home_team"].to_numpy()]),
    })
    w = np.concatenate([w_match, w_match])

    def fit(**weights):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a convergence or domain warning fails the check
            glm = smf.glm("goals ~ home + C(team) + C(opponent)", data=long,
                          family=sm.families.Poisson(), **weights)
            res = glm.fit(method="IRLS", tol=1e-12, maxiter=200)
        if not res.converged:
            fail("statsmodels GLM did not converge")
        return res

    fits = {"unweighted": fit()} if decay == 1 else {
        "freq_weights": fit(freq_weights=w),
        "var_weights": fit(var_weights=w),
    }

    # The model's rates for every long row.
    att = long["team"].map(lambda t: teams[t]["attack"]).to_numpy(float)
    dfn = long["opponent"].map(lambda t: teams[t]["defence"]).to_numpy(float)
    model_rate = np.exp(mu + home * long["home"].to_numpy() + att - dfn)
    y = long["goals"].to_numpy()
    model_ll = float(diag["log_likelihood"])

    # The model's own rates must give its reported log-likelihood too.
    ll_at_model = float(np.sum(w * (y * np.log(model_rate) - model_rate - special.gammaln(y + 1))))
    if rel_diff(ll_at_model, model_ll) > REL_LOGLIK:
        fail("log-likelihood at the model's parameters %.12g != reported %.12g"
             % (ll_at_model, model_ll))

    for name, res in fits.items():
        fitted = res.fittedvalues.to_numpy(float)
        ll_sum = float(np.sum(w * (y * np.log(fitted) - fitted - special.gammaln(y + 1))))
        for what, value in (("llf", float(res.llf)), ("sum w*l", ll_sum)):
            r = rel_diff(value, model_ll)
            if r > REL_LOGLIK:
                fail("%s %s = %.12g, model log_likelihood = %.12g (relative %.3g > %g)"
                     % (name, what, value, model_ll, r, REL_LOGLIK))
        worst = np.max(np.abs(fitted - model_rate) / fitted)
        if worst > REL_RATE:
            i = int(np.argmax(np.abs(fitted - model_rate) / fitted))
            fail("%s: rate of %s vs %s (home=%d) is %.10g in statsmodels, %.10g in the "
                 "model (relative %.3g > %g)" % (name, long["team"][i], long["opponent"][i],
                                                 long["home"][i], fitted[i], model_rate[i],
                                                 worst, REL_RATE))
        print("%s: %s %d matches, %d teams, decay %g: llf %.12g vs model %.12g "
              "(relative %.2g), max rate difference %.2g relative"
              % (json_path, name, n, len(teams), decay, res.llf, model_ll,
                 rel_diff(float(res.llf), model_ll), worst))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
