#!/usr/bin/python3
"""Reference check of a 1x2_v2 model (fit-1x2) against scikit-learn (test-only).

usage: /usr/bin/python3 tests/reference/sklearn_fit1x2.py FEATURES_CSV MODEL_DIR [NAME]
       /usr/bin/python3 tests/reference/sklearn_fit1x2.py --selftest FEATURES_CSV MODEL_DIR

FEATURES_CSV is the league's feature table (league-features output) the
model in MODEL_DIR was fitted on: home_model.json, draw_model.json,
away_model.json and calibrator.json (fit-1x2).  Everything is rebuilt here
from the table as docs/features.md and src/lib/models/onextwo.h document it, not
from the model's own bookkeeping:

  * eligible rows: played (home_goals not empty), history >= options.
    min_history, date < options.until (when given);
  * the split: with n eligible rows (in the table's date order), the split
    date is the date of eligible row number n - floor(n * options.split)
    (counted from 0); the binary models' rows are the eligible ones dated
    before it, the calibrator's those on or after it.  diagnostics (dates,
    matches, fit_matches, calibration_matches) must say the same;
  * each binary model (part home, draw or away; outcome 1 when the match
    ended so): its features are the columns named in logreg.features, which
    must be the 22 of the 1x2_v2 model; its mean and sd must be numpy's mean
    and population sd (ddof=0) of the training rows to 1e-12 relative;
    scikit-learn's LogisticRegression(C = 1/lambda, solver='newton-cholesky',
    tol=1e-12, max_iter=1000) on the rows standardised with them must give
    the same intercept and coefficients to 1e-6 (absolute up to 1, relative
    beyond) and the same probabilities on every training row to 1e-8; the
    diagnostics' n and objective must be numpy's (objective to 1e-12
    relative) and sklearn must not reach a lower objective;
  * the calibrator: its inputs are the three binary models' linear scores
    (intercept + coef . standardised features) on the calibration rows, its
    classes 0 home, 1 draw, 2 away; scikit-learn's multinomial
    LogisticRegression(C = 1/cal_lambda, solver='newton-cg', tol=1e-12,
    max_iter=100) must give the same coefficients and (centred, like the
    model's) intercepts to 1e-6, the same probabilities to 1e-8.  As in
    tests/reference/sklearn_logreg.py: scikit-learn 1.2's newton-cholesky is
    binary only and lbfgs stops short of the optimum, so newton-cg is the
    multinomial reference; it cannot reach tol=1e-12 on its averaged
    gradient, hence max_iter=100 and its ConvergenceWarning is noted, not
    fatal: the comparisons judge the result.

Prints one line per model with the largest differences found; exit 0 when
all agree, 1 naming the first failure on stderr, 2 on a usage error.
Without numpy and scikit-learn it fails (exit 1), it does not skip.

--selftest checks the check: MODEL_DIR (a good model) must pass, and
copies of it with one number or list changed (a coefficient 1e-5 off, an
intercept 2e-6 off, a mean 1e-9 off relative, the split date, the feature
order, the calibrator's coefficient or intercepts 1e-5 off, min_history)
must each fail with the expected reason; one line per case.
"""
import csv
import json
import math
import os
import sys
import warnings

TOL_PARAM = 1e-6  # absolute up to |value| 1, relative beyond
TOL_PROB = 1e-8  # absolute
TOL_MOMENT = 1e-12  # mean and sd, relative
TOL_OBJ = 1e-12  # objective, relative

X12_FEATURES = [
    "elo_diff", "pi_home", "pi_away", "pi_gd", "form_home", "form_away",
    "form_home_at_home", "form_away_away", "goals_for_home", "goals_against_home",
    "goals_for_away", "goals_against_away", "dc_logit_home", "dc_logit_away",
    "dc_fast_logit_home", "dc_fast_logit_away", "shot_share_home", "shot_share_away",
    "sot_share_home", "sot_share_away", "rest_home", "rest_away",
]
PARTS = ["home", "draw", "away"]

np = None
LogisticRegression = None
report = print  # the per-model lines; silenced for the selftest's wrong models


class CheckFailed(Exception):
    pass


def fail(msg):
    raise CheckFailed(msg)


def import_libraries():
    """On first use: the checks that need no numpy (files, split,
    diagnostics) come first and fail fast."""
    global np, LogisticRegression
    if np is not None:
        return
    try:
        import numpy
        import sklearn
        from sklearn.linear_model import LogisticRegression as LR
    except ImportError as e:
        fail("%s needs numpy and scikit-learn (Debian: python3-sklearn): %s"
             % (sys.executable, e))
    np, LogisticRegression = numpy, LR
    major, minor = (int(v) for v in sklearn.__version__.split(".")[:2])
    if (major, minor) < (1, 2):
        fail("scikit-learn %s is too old: the newton-cholesky solver needs 1.2"
             % sklearn.__version__)


class Table:
    """The feature table: dates, outcomes (None when unplayed), history and
    every feature column by name, in file order."""

    def __init__(self, path):
        with open(path, newline="") as fp:
            rows = list(csv.reader(fp))
        if not rows:
            fail("%s: empty" % path)
        header, body = rows[0], rows[1:]
        col = {name: i for i, name in enumerate(header)}
        for name in ["date", "home_goals", "away_goals", "history"] + X12_FEATURES:
            if name not in col:
                fail("%s: no column %s" % (path, name))
        self.col = col
        self.date = [r[col["date"]] for r in body]
        if self.date != sorted(self.date):
            fail("%s: not in date order" % path)
        self.outcome = []
        for r in body:
            hg, ag = r[col["home_goals"]], r[col["away_goals"]]
            if hg == "":
                self.outcome.append(None)
            else:
                h, a = int(hg), int(ag)
                self.outcome.append(0 if h > a else 1 if h == a else 2)
        self.history = [int(r[col["history"]]) for r in body]
        self.body = body

    def features(self, names, rows):
        import_libraries()
        missing = [n for n in names if n not in self.col]
        if missing:
            fail("the model names features the table lacks: %s" % missing)
        idx = [self.col[n] for n in names]
        return np.array([[float(self.body[i][j]) for j in idx] for i in rows], float)


def param_diff(ours, ref):
    """Largest |ours - ref| / max(1, |ref|)."""
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    if ours.shape != ref.shape:
        fail("shape %s, want %s" % (ours.shape, ref.shape))
    return float(np.max(np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))))


def fit_sklearn(Z, y, lam, multinomial):
    kw = dict(penalty="l2", C=1.0 / lam, tol=1e-12)
    if multinomial:
        kw.update(solver="newton-cg", max_iter=100, multi_class="multinomial")
    else:
        kw.update(solver="newton-cholesky", max_iter=1000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf = LogisticRegression(**kw).fit(Z, y)
    return clf, sorted({type(w.message).__name__ for w in caught})


def softmax_rows(E):
    E = E - E.max(axis=1, keepdims=True)
    P = np.exp(E)
    return P / P.sum(axis=1, keepdims=True)


def binary_objective(Z, y, b, coef, lam):
    eta = b + Z @ coef
    return float(np.sum(np.where(y != 0, np.logaddexp(0, -eta), np.logaddexp(0, eta)))
                 + lam / 2 * coef @ coef)


def read_json(path):
    try:
        with open(path) as fp:
            return json.load(fp)
    except (OSError, ValueError) as e:
        fail("%s: %s" % (path, e))


def the_split(table, options, name):
    """Eligible rows, the split date (None: no calibration part), the two
    parts' rows, as documented."""
    until = options.get("until")
    minh = options["min_history"]
    eligible = [i for i, o in enumerate(table.outcome)
                if o is not None and table.history[i] >= minh
                and (until is None or table.date[i] < until)]
    n = len(eligible)
    want = n - math.floor(n * options["split"])
    split = table.date[eligible[want]] if want < n else None
    fit = [i for i in eligible if split is None or table.date[i] < split]
    cal = [i for i in eligible if split is not None and table.date[i] >= split]
    return eligible, split, fit, cal


def check_diagnostics(model, table, eligible, split, fit, cal, name):
    d = model["diagnostics"]
    want = {
        "first_date": table.date[eligible[0]], "last_date": table.date[eligible[-1]],
        "split_date": split, "matches": len(eligible), "fit_matches": len(fit),
        "calibration_matches": len(cal),
    }
    for key, value in want.items():
        if d.get(key) != value:
            fail("%s: diagnostics.%s is %r, the table says %r" % (name, key, d.get(key), value))


def check_binary(table, model, part, name):
    if model.get("model_type") != "1x2_v2" or model.get("part") != part:
        fail("%s: model_type/part %r/%r, want 1x2_v2/%s"
             % (name, model.get("model_type"), model.get("part"), part))
    options = model["options"]
    eligible, split, fit, cal = the_split(table, options, name)
    check_diagnostics(model, table, eligible, split, fit, cal, name)
    lr = model["logreg"]
    if lr["features"] != X12_FEATURES:
        fail("%s: logreg.features %s, want the 1x2_v2 features %s"
             % (name, lr["features"], X12_FEATURES))
    lam = float(lr["lambda"])
    if lam != options["lambda"] or lam <= 0:
        fail("%s: logreg.lambda %g, options.lambda %g (must be > 0 for C = 1/lambda)"
             % (name, lam, options["lambda"]))
    X = table.features(lr["features"], fit)
    y = np.array([table.outcome[i] == PARTS.index(part) for i in fit], float)
    n = len(fit)
    if lr["diagnostics"]["n"] != n:
        fail("%s: logreg.diagnostics.n %d, the table has %d training rows"
             % (name, lr["diagnostics"]["n"], n))
    mean, sd = np.array(lr["mean"], float), np.array(lr["sd"], float)
    want_mean, want_sd = X.mean(axis=0), X.std(axis=0)
    const = np.all(X == X[0], axis=0)
    want_sd[const] = 1.0
    # The mean relative to the column's size (a mean near 0 of values near
    # 1 is summed to that absolute precision, not relative to itself).
    scale = np.maximum(np.abs(want_mean), np.abs(X).mean(axis=0))
    dm = float(np.max(np.abs(mean - want_mean) / np.where(scale > 0, scale, 1)))
    ds = float(np.max(np.abs(sd - want_sd) / want_sd))
    if not dm <= TOL_MOMENT or not ds <= TOL_MOMENT:
        fail("%s: mean or sd is not numpy's mean and population sd (ddof=0) of the "
             "training rows (relative %.3g, %.3g)" % (name, dm, ds))
    Z = (X - mean) / sd
    b, coef = float(lr["intercept"]), np.array(lr["coef"], float)
    clf, notes = fit_sklearn(Z, y, lam, False)
    dc = param_diff(np.concatenate([[b], coef]), np.concatenate([clf.intercept_, clf.coef_[0]]))
    prob = 1 / (1 + np.exp(-(b + Z @ coef)))
    dp = float(np.max(np.abs(prob - clf.predict_proba(Z)[:, 1])))
    if not dc <= TOL_PARAM:
        fail("%s: coef/intercept differ from sklearn newton-cholesky by %.3g (> %g)"
             % (name, dc, TOL_PARAM))
    if not dp <= TOL_PROB:
        fail("%s: probabilities differ from sklearn by %.3g (> %g)" % (name, dp, TOL_PROB))
    obj = binary_objective(Z, y, b, coef, lam)
    ref = binary_objective(Z, y, clf.intercept_[0], clf.coef_[0], lam)
    if abs(lr["diagnostics"]["objective"] - obj) > TOL_OBJ * abs(obj):
        fail("%s: diagnostics.objective %.17g, numpy's at the model's parameters %.17g"
             % (name, lr["diagnostics"]["objective"], obj))
    if ref < obj - TOL_OBJ * abs(obj):
        fail("%s: sklearn reaches a lower objective: %.17g < %.17g" % (name, ref, obj))
    report("%s: %s n=%d lambda=%g split %s: ok; mean/sd within %.2g/%.2g; coef/intercept "
          "within %.2g, probabilities within %.2g of sklearn newton-cholesky%s"
          % (name, part, n, lam, split, dm, ds, dc, dp,
             "; note: " + ", ".join(notes) if notes else ""))
    return split, options


def linear_scores(table, models, rows):
    cols = []
    for m in models:
        lr = m["logreg"]
        X = table.features(lr["features"], rows)
        Z = (X - np.array(lr["mean"], float)) / np.array(lr["sd"], float)
        cols.append(float(lr["intercept"]) + Z @ np.array(lr["coef"], float))
    return np.column_stack(cols)


def check_calibrator(table, cal_model, binaries, name):
    options = binaries[0]["options"]
    if cal_model.get("part") != "calibrator" or cal_model["options"] != options:
        fail("%s: part %r, options %s; want calibrator with the binaries' options %s"
             % (name, cal_model.get("part"), cal_model["options"], options))
    eligible, split, fit, cal = the_split(table, options, name)
    check_diagnostics(cal_model, table, eligible, split, fit, cal, name)
    ml = cal_model["mlogit"]
    if ml["features"] != ["score_home", "score_draw", "score_away"] or \
            ml["classes"] != PARTS:
        fail("%s: features %s, classes %s" % (name, ml["features"], ml["classes"]))
    lam = float(ml["lambda"])
    if lam != options["cal_lambda"] or lam <= 0:
        fail("%s: mlogit.lambda %g, options.cal_lambda %g (must be > 0)"
             % (name, lam, options["cal_lambda"]))
    S = linear_scores(table, binaries, cal)
    y = np.array([table.outcome[i] for i in cal], int)
    if ml["diagnostics"]["n"] != len(cal):
        fail("%s: mlogit.diagnostics.n %d, the table has %d calibration rows"
             % (name, ml["diagnostics"]["n"], len(cal)))
    b = np.array(ml["intercept"], float)
    W = np.array(ml["coef"], float)
    if W.shape != (3, 3):
        fail("%s: coef has shape %s, want 3 x 3" % (name, W.shape))
    if abs(b.sum()) > 1e-12 * max(1.0, float(np.max(np.abs(b)))):
        fail("%s: intercepts sum to %g, not 0" % (name, b.sum()))
    clf, notes = fit_sklearn(S, y, lam, True)
    if list(clf.classes_) != [0, 1, 2]:
        fail("%s: the calibration rows lack an outcome: %s" % (name, clf.classes_))
    ref_b = clf.intercept_ - clf.intercept_.mean()
    dc = param_diff(np.concatenate([b, W.ravel()]), np.concatenate([ref_b, clf.coef_.ravel()]))
    prob = softmax_rows(S @ W.T + b)
    dp = float(np.max(np.abs(prob - clf.predict_proba(S))))
    if not dc <= TOL_PARAM:
        fail("%s: coef/intercept differ from sklearn multinomial newton-cg by %.3g (> %g)"
             % (name, dc, TOL_PARAM))
    if not dp <= TOL_PROB:
        fail("%s: probabilities differ from sklearn by %.3g (> %g)" % (name, dp, TOL_PROB))
    report("%s: calibrator n=%d cal_lambda=%g: ok; coef/intercept within %.2g, probabilities "
          "within %.2g of sklearn multinomial newton-cg%s"
          % (name, len(cal), lam, dc, dp, "; note: " + ", ".join(notes) if notes else ""))


def read_model(model_dir):
    """{part: JSON} of the four files."""
    return {part: read_json(os.path.join(model_dir, part + ("_model.json" if part in PARTS
                                                             else ".json")))
            for part in PARTS + ["calibrator"]}


def check(table, model, name):
    binaries = [model[part] for part in PARTS]
    for part, m in zip(PARTS, binaries):
        check_binary(table, m, part, "%s %s" % (name, part))
    for m in binaries[1:]:
        if m["options"] != binaries[0]["options"]:
            fail("%s: the binary models' options differ" % name)
    check_calibrator(table, model["calibrator"], binaries, "%s calibrator" % name)


def bump(part, path, delta, relative=False):
    """A change of one number of one file of the model."""
    def change(model):
        obj = model[part]
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = obj[path[-1]] * (1 + delta) if relative else obj[path[-1]] + delta
    return change


def setter(part, path, value):
    def change(model):
        obj = model[part]
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value(obj[path[-1]])
    return change


SELFTEST = [
    ("a coefficient 1e-5 off", bump("draw", ["logreg", "coef", 3], 1e-5),
     "selftest draw: coef/intercept differ from sklearn newton-cholesky by "),
    ("an intercept 2e-6 off", bump("home", ["logreg", "intercept"], -2e-6),
     "selftest home: coef/intercept differ from sklearn newton-cholesky by "),
    ("a mean 1e-9 off", bump("away", ["logreg", "mean", 0], 1e-9, relative=True),
     "selftest away: mean or sd is not numpy's"),
    ("an sd 1e-9 off", bump("away", ["logreg", "sd", 5], 1e-9, relative=True),
     "selftest away: mean or sd is not numpy's"),
    ("another split date", setter("home", ["diagnostics", "split_date"], lambda v: "2021-01-02"),
     "selftest home: diagnostics.split_date is '2021-01-02', the table says "),
    ("features in another order",
     setter("home", ["logreg", "features"], lambda v: v[1::-1] + v[2:]),
     "selftest home: logreg.features "),
    ("a calibrator coefficient 1e-5 off", bump("calibrator", ["mlogit", "coef", 1, 2], 1e-5),
     "selftest calibrator: coef/intercept differ from sklearn multinomial newton-cg by "),
    ("calibrator intercepts 1e-5 off",
     setter("calibrator", ["mlogit", "intercept"], lambda v: [v[0] - 1e-5, v[1] + 1e-5, v[2]]),
     "selftest calibrator: coef/intercept differ from sklearn multinomial newton-cg by "),
    ("min_history 1 lower", bump("draw", ["options", "min_history"], -1),
     "selftest draw: diagnostics."),
]


def selftest(table, model):
    global report
    import copy
    check(table, model, "selftest")
    print("selftest: the good model passes")
    report = lambda *args: None
    for what, change, want in SELFTEST:
        bad = copy.deepcopy(model)
        change(bad)
        try:
            check(table, bad, "selftest")
        except CheckFailed as e:
            if not str(e).startswith(want):
                fail("%s: failed for another reason: %s (want %s...)" % (what, e, want))
            print("selftest: %s: fails: %s" % (what, e))
            continue
        fail("%s: the check passed a wrong model" % what)


def main(argv):
    args = argv[1:]
    test = args[:1] == ["--selftest"]
    if test:
        args = args[1:]
    if len(args) not in ((2,) if test else (2, 3)):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        table = Table(args[0])
        model = read_model(args[1])
        if test:
            selftest(table, model)
        else:
            check(table, model, args[2] if len(args) == 3 else args[1])
        import_libraries()  # (already done, unless nothing needed it)
    except CheckFailed as e:
        print("sklearn_fit1x2: FAIL: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
