#!/usr/bin/python3
"""Reference check of logreg-fit (src/lib/models/logreg.c) against scikit-learn (test-only).

usage: /usr/bin/python3 tests/reference/sklearn_logreg.py run LOGREG_FIT DIR
       /usr/bin/python3 tests/reference/sklearn_logreg.py check CSV MODEL_JSON

`run` writes seeded numpy data sets into DIR, fits each with LOGREG_FIT
(the bin/logreg-fit program) at a few lambdas, and checks every model;
`check` checks one model that logreg-fit wrote for CSV (binary unless the
model has "classes").  The fitted lambda is read from the model.

Binary models: scikit-learn's LogisticRegression(C = 1/lambda, penalty='l2')
is fitted on the features standardised with the model's own mean and sd
(which must be numpy's mean and population sd, ddof=0, of the CSV's
columns; a constant column has sd 1), with two solvers, 'newton-cholesky'
and 'newton-cg', tol=1e-12.  Multinomial models (no standardisation):
LogisticRegression(multi_class='multinomial', solver='newton-cg',
tol=1e-12).  scikit-learn 1.2's 'lbfgs' stops on its function-change test
(ftol = 64 eps) about 1e-4 short of the optimum on these data whatever tol
is, so it cannot serve as a reference at this precision.  newton-cg cannot
reach tol=1e-12 on its averaged gradient and would spin to max_iter once
at the rounding floor; max_iter is therefore 100 (it gets there in about
15 steps) and its ConvergenceWarning is shown, not fatal: the comparisons
below judge the result.

Checked, for each model:
  * mean, sd: numpy's, to 1e-12 relative;
  * coef and intercept: |ours - sklearn| <= 1e-6 * max(1, |sklearn|)
    (absolute for values up to 1 in size, relative beyond); for the
    multinomial model sklearn's coefficients must sum to 0 over the classes
    (they do under L2, to rounding) and are compared as they are, its
    intercepts after centring them to sum 0 (the model's are centred);
  * fitted probabilities of every row: |ours - sklearn| <= 1e-8 absolute;
  * independently of sklearn: the objective in diagnostics equals numpy's
    value of the documented objective at the model's parameters (1e-12
    relative), its gradient there is below 1e-9 * n (logreg-fit stops
    below 1e-10 * n), and sklearn's solution does not reach a lower
    objective (beyond 1e-12 relative rounding).

Prints one line per model with the largest differences found; exit 0 when
everything agrees, 1 naming the first failure on stderr, 2 on a usage error.
"""
import json
import os
import subprocess
import sys
import warnings

TOL_PARAM = 1e-6  # absolute up to |value| 1, relative beyond
TOL_PROB = 1e-8  # absolute
TOL_MOMENT = 1e-12  # mean and sd, relative
TOL_OBJ = 1e-12  # objective, relative
TOL_GRAD = 1e-9  # max |gradient| / n

np = None
LogisticRegression = None


def fail(msg):
    print("sklearn_logreg: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def import_libraries():
    global np, LogisticRegression
    try:
        import numpy
        from sklearn.linear_model import LogisticRegression as LR
        import sklearn
    except ImportError as e:
        fail("%s needs numpy and scikit-learn (Debian: python3-sklearn): %s"
             % (sys.executable, e))
    np, LogisticRegression = numpy, LR
    major, minor = (int(v) for v in sklearn.__version__.split(".")[:2])
    if (major, minor) < (1, 2):
        fail("scikit-learn %s is too old: the newton-cholesky solver needs 1.2"
             % sklearn.__version__)


def read_csv(path, multinomial):
    with open(path) as fp:
        header = fp.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    X, y = data[:, :-1], data[:, -1]
    return header, X, (y.astype(int) if multinomial else y)


def param_diff(ours, ref):
    """Largest |ours - ref| / max(1, |ref|)."""
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    if ours.shape != ref.shape:
        fail("shape %s, want %s" % (ours.shape, ref.shape))
    if ours.size == 0:
        return 0.0
    return float(np.max(np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))))


def fit_sklearn(Z, y, lam, solver, multinomial):
    kw = dict(penalty="l2", C=1.0 / lam, tol=1e-12, solver=solver,
              max_iter=100 if solver == "newton-cg" else 10000)
    if multinomial:
        kw["multi_class"] = "multinomial"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf = LogisticRegression(**kw).fit(Z, y)
    notes = sorted({type(w.message).__name__ for w in caught})
    return clf, notes


def softplus(a):
    return np.logaddexp(0.0, a)


def binary_objective(Z, y, b, coef, lam):
    eta = b + Z @ coef
    return float(np.sum(np.where(y != 0, softplus(-eta), softplus(eta)))
                 + lam / 2 * coef @ coef)


def binary_gradient(Z, y, b, coef, lam):
    r = 1 / (1 + np.exp(-(b + Z @ coef))) - y
    return np.concatenate([[r.sum()], Z.T @ r + lam * coef])


def softmax_rows(E):
    E = E - E.max(axis=1, keepdims=True)
    P = np.exp(E)
    return P / P.sum(axis=1, keepdims=True)


def multi_objective(X, y, b, W, lam):
    E = X @ W.T + b
    top = E.max(axis=1)
    lse = top + np.log(np.exp(E - top[:, None]).sum(axis=1))
    return float(np.sum(lse - E[np.arange(len(y)), y]) + lam / 2 * np.sum(W * W))


def multi_gradient(X, y, b, W, lam):
    R = softmax_rows(X @ W.T + b)
    R[np.arange(len(y)), y] -= 1
    return np.concatenate([R.sum(axis=0), (R.T @ X + lam * W).ravel()])


def check_common(name, model, n, obj, grad, ref_objs):
    diag = model["diagnostics"]
    if diag["n"] != n:
        fail("%s: diagnostics.n is %s, the CSV has %d rows" % (name, diag["n"], n))
    if abs(diag["objective"] - obj) > TOL_OBJ * abs(obj):
        fail("%s: diagnostics.objective %.17g, numpy's objective at the model's "
             "parameters %.17g" % (name, diag["objective"], obj))
    gmax = float(np.max(np.abs(grad)))
    if not gmax <= TOL_GRAD * n:
        fail("%s: max |gradient| at the model's parameters is %g, want <= %g"
             % (name, gmax, TOL_GRAD * n))
    for solver, ref in ref_objs:
        if ref < obj - TOL_OBJ * abs(obj):
            fail("%s: sklearn %s reaches a lower objective: %.17g < %.17g"
                 % (name, solver, ref, obj))
    return gmax


def check_binary(name, header, X, y, model):
    n, p = X.shape
    lam = float(model["lambda"])
    if model["features"] != header[:-1]:
        fail("%s: features %s, the CSV's columns are %s" % (name, model["features"], header[:-1]))
    mean, sd = np.array(model["mean"], float), np.array(model["sd"], float)
    want_sd = X.std(axis=0)  # ddof=0
    const = np.all(X == X[0], axis=0)
    want_sd[const] = 1.0
    if param_diff(mean, X.mean(axis=0)) > TOL_MOMENT * max(1, np.max(np.abs(X))) or \
            np.any(np.abs(sd - want_sd) > TOL_MOMENT * want_sd):
        fail("%s: mean or sd is not numpy's mean and population sd (ddof=0)" % name)
    if lam <= 0:
        fail("%s: lambda must be > 0 for sklearn's C = 1/lambda" % name)
    Z = (X - mean) / sd
    b, coef = float(model["intercept"]), np.array(model["coef"], float)
    prob = 1 / (1 + np.exp(-(b + Z @ coef)))
    worst, refs, notes = {}, [], []
    for solver in ("newton-cholesky", "newton-cg"):
        clf, caught = fit_sklearn(Z, y, lam, solver, False)
        notes += ["%s: %s" % (solver, c) for c in caught]
        dc = param_diff(np.concatenate([[b], coef]),
                        np.concatenate([clf.intercept_, clf.coef_[0]]))
        dp = float(np.max(np.abs(prob - clf.predict_proba(Z)[:, 1])))
        if not dc <= TOL_PARAM:
            fail("%s: coef/intercept differ from sklearn %s by %g (> %g)"
                 % (name, solver, dc, TOL_PARAM))
        if not dp <= TOL_PROB:
            fail("%s: probabilities differ from sklearn %s by %g (> %g)"
                 % (name, solver, dp, TOL_PROB))
        worst[solver] = (dc, dp)
        refs.append((solver, binary_objective(Z, y, clf.intercept_[0], clf.coef_[0], lam)))
    gmax = check_common(name, model, n, binary_objective(Z, y, b, coef, lam),
                        binary_gradient(Z, y, b, coef, lam), refs)
    report(name, "binary", n, p, lam, worst, gmax, notes)


def check_multinomial(name, header, X, y, model):
    n, p = X.shape
    lam = float(model["lambda"])
    K = len(model["classes"])
    if model["features"] != header[:-1]:
        fail("%s: features %s, the CSV's columns are %s" % (name, model["features"], header[:-1]))
    if sorted(set(y.tolist())) != list(range(K)):
        fail("%s: the CSV's classes are not 0..%d" % (name, K - 1))
    if lam <= 0:
        fail("%s: lambda must be > 0 for sklearn's C = 1/lambda" % name)
    b = np.array(model["intercept"], float)
    W = np.array(model["coef"], float).reshape(K, p)
    scale = max(1.0, float(np.max(np.abs(W), initial=0)))
    if abs(b.sum()) > 1e-12 * max(1.0, float(np.max(np.abs(b)))):
        fail("%s: intercepts sum to %g, not 0" % (name, b.sum()))
    if p and np.max(np.abs(W.sum(axis=0))) > 1e-12 * scale:
        fail("%s: coefficients sum to %s over the classes, not 0" % (name, W.sum(axis=0)))
    prob = softmax_rows(X @ W.T + b)
    clf, caught = fit_sklearn(X, y, lam, "newton-cg", True)
    notes = ["newton-cg: %s" % c for c in caught]
    if p and np.max(np.abs(clf.coef_.sum(axis=0))) > 1e-10 * scale:
        fail("%s: sklearn's coefficients do not sum to 0 over the classes: %s"
             % (name, clf.coef_.sum(axis=0)))
    ref_b = clf.intercept_ - clf.intercept_.mean()
    dc = param_diff(np.concatenate([b, W.ravel()]), np.concatenate([ref_b, clf.coef_.ravel()]))
    dp = float(np.max(np.abs(prob - clf.predict_proba(X))))
    if not dc <= TOL_PARAM:
        fail("%s: coef/intercept differ from sklearn by %g (> %g)" % (name, dc, TOL_PARAM))
    if not dp <= TOL_PROB:
        fail("%s: probabilities differ from sklearn by %g (> %g)" % (name, dp, TOL_PROB))
    refs = [("newton-cg", multi_objective(X, y, clf.intercept_, clf.coef_, lam))]
    gmax = check_common(name, model, n, multi_objective(X, y, b, W, lam),
                        multi_gradient(X, y, b, W, lam), refs)
    report(name, "multinomial K=%d" % K, n, p, lam, {"newton-cg": (dc, dp)}, gmax, notes)


def report(name, kind, n, p, lam, worst, gmax, notes):
    """worst: solver -> (largest coef/intercept difference, largest
    probability difference)."""
    diffs = "; ".join("%s: coef/intercept within %.2g, probabilities within %.2g"
                      % (solver, dc, dp) for solver, (dc, dp) in worst.items())
    print("%s: %s n=%d p=%d lambda=%g: ok; %s; max|gradient|/n %.2g%s"
          % (name, kind, n, p, lam, diffs, gmax / n,
             "; note: " + ", ".join(notes) if notes else ""))


def check(csv_path, json_path, name=None):
    with open(json_path) as fp:
        model = json.load(fp)
    multinomial = "classes" in model
    header, X, y = read_csv(csv_path, multinomial)
    name = name or json_path
    if multinomial:
        check_multinomial(name, header, X, y, model)
    else:
        check_binary(name, header, X, y, model)


# ---- seeded data sets ----

def write_csv(path, X, y, names=None):
    p = X.shape[1]
    names = names or ["x%d" % (j + 1) for j in range(p)]
    with open(path, "w") as fp:
        fp.write(",".join(names + ["y"]) + "\n")
        for row, label in zip(X, y):
            fp.write(",".join(repr(float(v)) for v in row) + ",%d\n" % label)


def correlated(rng, n=2000, p=8):
    """Correlated Gaussian features on scales 1e-2..1e3 with offsets; y from
    a logistic model."""
    A = rng.normal(size=(p, p))
    C = A @ A.T + 0.1 * np.eye(p)
    d = np.sqrt(np.diag(C))
    L = np.linalg.cholesky(C / np.outer(d, d))
    Z = rng.normal(size=(n, p)) @ L.T
    scale = 10 ** rng.uniform(-2, 3, size=p)
    X = Z * scale + rng.normal(size=p) * scale * 3
    eta = 0.3 + Z @ rng.normal(size=p)
    return X, (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)


def separable(rng, n=400, p=3):
    """Perfectly separable by a hyperplane: only the penalty keeps it finite."""
    X = rng.normal(size=(n, p)) * [1.0, 5.0, 0.2]
    return X, (X @ [1.0, -0.3, 4.0] + 0.5 > 0).astype(int)


def mixed(rng, n=600):
    """A constant column (sd 1, coef 0), a 0/1 column, a count and a
    skewed one: the kinds of columns pre-match features have."""
    X = np.column_stack([np.full(n, 7.5), rng.integers(0, 2, n),
                         rng.poisson(3.0, n), rng.lognormal(0, 1, n)])
    eta = -0.5 + 0.8 * X[:, 1] - 0.2 * X[:, 2] + 0.3 * np.log(X[:, 3])
    return X, (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)


def three_class(rng, n=1500):
    """The calibrator's case: logits of three one-vs-rest probabilities of
    home, draw, away, and an outcome drawn from a softmax of them."""
    strength = rng.normal(size=n)
    ph = 1 / (1 + np.exp(-(0.2 + strength + 0.3 * rng.normal(size=n))))
    pa = 1 / (1 + np.exp(-(-0.6 - strength + 0.3 * rng.normal(size=n))))
    pd = 1 / (1 + np.exp(-(-1.1 - 0.3 * strength ** 2 + 0.2 * rng.normal(size=n))))
    X = np.log(np.column_stack([ph, pd, pa]) / (1 - np.column_stack([ph, pd, pa])))
    P = softmax_rows(X @ np.array([[1.1, 0.0, -0.2], [0.1, 0.9, 0.1], [-0.2, 0.0, 1.0]]).T
                     + [0.1, 0.0, -0.1])
    u = rng.random(n)[:, None]
    return X, (u > np.cumsum(P, axis=1)).sum(axis=1)


def run(logreg_fit, outdir):
    rng = np.random.default_rng(20240601)
    cases = [
        ("correlated", correlated(rng), False, ["1", "0.01", "100"]),
        ("separable", separable(rng), False, ["1", "0.1"]),
        ("mixed", mixed(rng), False, ["1"]),
        ("three_class", three_class(rng), True, ["1", "0.01"]),
    ]
    for name, (X, y), multinomial, lambdas in cases:
        csv = os.path.join(outdir, name + ".csv")
        names = ["home_logit", "draw_logit", "away_logit"] if multinomial else None
        write_csv(csv, X, y, names)
        for lam in lambdas:
            out = os.path.join(outdir, "%s-%s.json" % (name, lam))
            cmd = [logreg_fit, "--lambda", lam] + (["--multinomial"] if multinomial else [])
            with open(out, "w") as fp:
                r = subprocess.run(cmd + [csv], stdout=fp, stderr=subprocess.PIPE, text=True)
            if r.returncode != 0:
                fail("%s exited %d: %s" % (" ".join(cmd + [csv]), r.returncode, r.stderr.strip()))
            check(csv, out, "%s lambda=%s" % (name, lam))


def main(argv):
    if len(argv) != 4 or argv[1] not in ("run", "check"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    import_libraries()
    if argv[1] == "run":
        run(argv[2], argv[3])
    else:
        check(argv[2], argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
