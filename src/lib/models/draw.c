/* draw.c: fitting and threshold of the draw_specialist (draw.h). */
#include "draw.h"
#include "date.h"
#include "json.h"
#include "metrics.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How balanced the match looks (absolute gaps, and the signed Elo gap with
 * its square: the likeliest draw need not be at a gap of 0, home advantage
 * being in it), how low-scoring (the goals model's expected goals, each
 * side's recent goals in its games), the goals model's own P(draw), each
 * side's recent draws, and the time of the season. */
const int draw_features[DRAW_NFEATURES] = {
    F_ABS_ELO_DIFF,   F_ABS_PI_GD,       F_DC_BALANCE,  F_DC_GOALS,     D_DC_LOGIT_DRAW,
    F_DRAW_RATE_HOME, F_DRAW_RATE_AWAY,  F_ELO_DIFF,    D_ELO_DIFF_SQ,  D_PI_GD_SQ,
    D_DC_BALANCE_SQ,  D_GOALS_HOME,      D_GOALS_AWAY,  D_SEASON_TIME,  D_SEASON_TIME_SQ,
    D_SOT_SHARE_GAP_SQ,
};

const struct x12_options DRAW_DEFAULTS = {
    .until = INT_MAX, .split = 0.3, .lambda = 100, .cal_lambda = 0, .min_history = 5,
};

void draw_row(const struct draw_model *m, const struct feature_table *t, size_t i,
              double x[DRAW_MAX_INPUTS])
{
    for (int k = 0; k < m->ninputs; k++)
        x[k] = draw_input_value(t, i, m->inputs[k]);
}

static int is_draw(const struct feature_table *t, size_t i)
{
    return t->set.v[i].home_goals == t->set.v[i].away_goals;
}

static int fit_regression(const struct feature_table *t, const size_t *rows, size_t n,
                          double lambda, const struct logreg *start, struct draw_model *m,
                          char *err, size_t errlen)
{
    int p = m->ninputs;
    double *X = xmalloc((n * p + 1) * sizeof *X);
    double *y = xmalloc((n + 1) * sizeof *y);
    for (size_t r = 0; r < n; r++) {
        draw_row(m, t, rows[r], X + r * p);
        y[r] = is_draw(t, rows[r]);
    }
    struct logreg_design d;
    int rc = logreg_design_init(&d, X, n, p, err, errlen);
    if (rc == 0)
        rc = logreg_fit_design_from(&d, y, NULL, lambda, start, &m->lr, err, errlen);
    logreg_design_free(&d); /* (zeroed when its init failed) */
    free(X), free(y);
    return rc;
}

struct scored {
    double p;
    int y;
};

static int cmp_desc(const void *a, const void *b)
{
    double x = ((const struct scored *)a)->p, y = ((const struct scored *)b)->p;
    return (x < y) - (x > y);
}

/* The lowest threshold whose calls p >= threshold reach the precision
 * DRAW_CALL_LIFT_FIT × the draw rate, with enough calls: walking the
 * forecasts from the highest down, each distinct value is a candidate. */
static void choose_threshold(struct scored *s, size_t n, struct draw_model *m)
{
    size_t positives = 0, tp = 0;
    for (size_t i = 0; i < n; i++)
        positives += s[i].y;
    qsort(s, n, sizeof *s, cmp_desc);
    m->lift_rule = 1;
    m->draw_rate = n ? (double)positives / n : 0;
    m->threshold = INFINITY, m->f1 = m->precision = m->recall = m->call_rate = 0;
    for (size_t i = 0; i < n; i++) {
        tp += s[i].y;
        if (i + 1 < n && s[i + 1].p == s[i].p)
            continue; /* a threshold takes all equal forecasts */
        double calls = (double)(i + 1), precision = tp / calls;
        if (calls < DRAW_CALL_MIN_SHARE * n || precision < DRAW_CALL_LIFT_FIT * m->draw_rate)
            continue;
        m->threshold = s[i].p;
        m->precision = precision;
        m->recall = positives ? (double)tp / positives : 0;
        m->call_rate = calls / n;
        m->f1 = 2.0 * tp / (calls + positives);
    }
}

/* The threshold from the model's forecasts of the later part. */
static void threshold_on(const struct feature_table *t, const size_t *rows, size_t n,
                         struct draw_model *m)
{
    struct scored *s = xmalloc((n + 1) * sizeof *s);
    for (size_t r = 0; r < n; r++) {
        double x[DRAW_MAX_INPUTS];
        draw_row(m, t, rows[r], x);
        s[r] = (struct scored){ draw_prob(m, x), is_draw(t, rows[r]) };
    }
    choose_threshold(s, n, m);
    free(s);
}

int draw_fit(const struct feature_table *t, const struct x12_options *o,
             struct draw_model *m, char *err, size_t errlen)
{
    return draw_fit_from(t, o, NULL, m, err, errlen);
}

int draw_fit_from(const struct feature_table *t, const struct x12_options *o,
                  const struct draw_model *start, struct draw_model *m, char *err,
                  size_t errlen)
{
    size_t n_fit, n_cal;
    int split = x12_split_date(t, o, &n_fit, &n_cal);
    memset(m, 0, sizeof *m);
    if (n_fit < 30 || n_cal < 30) {
        snprintf(err, errlen, "%zu matches to fit and %zu to calibrate on, fewer than 30 in a part",
                 n_fit, n_cal);
        return -1;
    }
    m->ninputs = DRAW_NFEATURES;
    memcpy(m->inputs, draw_features, sizeof draw_features);
    size_t *rows = xmalloc((t->set.n + 1) * sizeof *rows);
    size_t n = x12_part_rows(t, o, split, 0, rows);
    n += x12_part_rows(t, o, split, 1, rows + n); /* both parts: see draw.h */
    int rc = fit_regression(t, rows, n, o->lambda, start ? &start->lr : NULL, m, err, errlen);
    if (rc == 0)
        threshold_on(t, rows, x12_part_rows(t, o, split, 1, rows), m);
    free(rows);
    if (rc != 0)
        draw_free(m);
    return rc;
}

double draw_prob(const struct draw_model *m, const double x[DRAW_MAX_INPUTS])
{
    if (!m->calibrated)
        return logreg_prob(&m->lr, x);
    double z = logreg_linear(&m->lr, x);
    return logreg_prob(&m->platt, &z);
}

int draw_call(const struct draw_model *m, double p) { return p >= m->threshold; }

void draw_free(struct draw_model *m)
{
    logreg_free(&m->lr);
    logreg_free(&m->platt);
}

cJSON *draw_to_json(const struct draw_model *m)
{
    const char *names[DRAW_MAX_INPUTS], *score = "score";
    for (int k = 0; k < m->ninputs; k++)
        names[k] = draw_input_name(m->inputs[k]);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "logreg", logreg_to_json(&m->lr, names));
    cJSON_AddItemToObject(root, "calibration", m->calibrated
                                                   ? logreg_to_json(&m->platt, &score)
                                                   : cJSON_CreateNull());
    cJSON *th = json_add_object(root, "threshold");
    if (isfinite(m->threshold))
        json_add_number(th, "value", m->threshold);
    else
        cJSON_AddItemToObject(th, "value", cJSON_CreateNull());
    if (m->lift_rule) {
        json_add_string(th, "objective", "most draws called whose precision on the calibration "
                                         "part reaches lift_target x its draw rate");
        json_add_number(th, "lift_target", DRAW_CALL_LIFT_FIT);
        json_add_number(th, "min_call_rate", DRAW_CALL_MIN_SHARE);
        json_add_number(th, "draw_rate", m->draw_rate);
        json_add_number(th, "call_rate", m->call_rate);
        if (!isfinite(m->threshold))
            json_add_string(th, "reason", "no threshold's calls reach the lift target: "
                                          "no draw is called");
    } else {
        json_add_string(th, "objective", "F1 of draw calls on the calibration part");
    }
    json_add_number(th, "f1", m->f1);
    json_add_number(th, "precision", m->precision);
    json_add_number(th, "recall", m->recall);
    return root;
}

/* The inputs a model file names, each one this version computes. */
static void inputs_from_json(const cJSON *names, const char *path, struct draw_model *m)
{
    const cJSON *name;
    if (!cJSON_IsArray(names))
        die("%s: no feature list", path);
    m->ninputs = 0;
    cJSON_ArrayForEach(name, names) {
        int k = cJSON_IsString(name) ? draw_input_index(name->valuestring) : -1;
        if (k < 0 || m->ninputs == DRAW_MAX_INPUTS)
            die("%s: fitted on other features than this version computes (refit it)", path);
        m->inputs[m->ninputs++] = k;
    }
}

void draw_from_json(const cJSON *obj, const char *path, struct draw_model *m)
{
    memset(m, 0, sizeof *m);
    const cJSON *lr = json_get_item(obj, "logreg", path);
    inputs_from_json(json_get_item(lr, "features", path), path, m);
    logreg_from_json(lr, path, &m->lr);
    const cJSON *cal = json_get_item(obj, "calibration", path);
    m->calibrated = !cJSON_IsNull(cal);
    if (m->calibrated) {
        logreg_from_json(cal, path, &m->platt);
        if (m->platt.nfeat != 1)
            die("%s: a calibration of one score wanted", path);
    }
    const cJSON *th = json_get_item(obj, "threshold", path);
    m->lift_rule = cJSON_GetObjectItemCaseSensitive(th, "lift_target") != NULL;
    if (m->lift_rule && cJSON_IsNull(json_get_item(th, "value", path))) {
        m->threshold = INFINITY; /* no draw is called */
    } else {
        m->threshold = json_get_number(th, "value", path);
    }
    if (m->lift_rule) {
        m->draw_rate = json_get_number(th, "draw_rate", path);
        m->call_rate = json_get_number(th, "call_rate", path);
    }
    m->f1 = json_get_number(th, "f1", path);
    m->precision = json_get_number(th, "precision", path);
    m->recall = json_get_number(th, "recall", path);
}

static void forget_last(struct draw_walk *walk)
{
    if (walk->has_last)
        draw_free(&walk->last);
    walk->has_last = 0;
}

int draw_walk_week(const struct fixture_set *set, int week, const size_t *idx, size_t k,
                   double *p, void *ctx)
{
    struct draw_walk *c = ctx;
    struct x12_options o = c->o;
    struct draw_model m;
    char err[160];
    (void)set;
    o.until = week;
    int chained = c->has_last && c->last_week < week;
    int rc = draw_fit_from(c->t, &o, chained ? &c->last : NULL, &m, err, sizeof err);
    forget_last(c);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < k; i++) {
        double x[DRAW_MAX_INPUTS];
        draw_row(&m, c->t, idx[i], x);
        p[3 * i] = draw_prob(&m, x);
        p[3 * i + 1] = draw_call(&m, p[3 * i]);
        p[3 * i + 2] = 0;
    }
    c->last = m;
    c->last_week = week;
    c->has_last = 1;
    return 0;
}

void draw_walk_free(struct draw_walk *walk)
{
    forget_last(walk);
}

/* The chain's state: the regression's start (logreg.h). */
_Static_assert(LOGREG_START_SIZE(DRAW_NFEATURES) <= WALK_STATE_MAX,
               "draw_specialist's chain outgrows a walk's state");
static size_t chain_save(const void *ctx, double *state)
{
    const struct draw_walk *c = ctx;
    if (!c->has_last)
        return 0;
    logreg_start_save(&c->last.lr, state);
    return LOGREG_START_SIZE(c->last.lr.nfeat);
}

static void chain_restore(void *ctx, int week, const double *state, size_t n)
{
    struct draw_walk *c = ctx;
    forget_last(c);
    if (n != LOGREG_START_SIZE(DRAW_NFEATURES))
        return;
    memset(&c->last, 0, sizeof c->last);
    logreg_start_load(&c->last.lr, DRAW_NFEATURES, state);
    c->last_week = week;
    c->has_last = 1;
}

const struct week_chain DRAW_CHAIN = { chain_save, chain_restore };
