/* onextwo_io.c: reading the files of a 1x2_v2 model directory. */
#include "date.h"
#include "json.h"
#include "onextwo.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static cJSON *options_json(const struct x12_options *o)
{
    cJSON *opt = cJSON_CreateObject();
    if (o->until != INT_MAX)
        json_add_date(opt, "until", o->until);
    json_add_number(opt, "split", o->split);
    json_add_number(opt, "lambda", o->lambda);
    json_add_number(opt, "cal_lambda", o->cal_lambda);
    json_add_number(opt, "min_history", o->min_history);
    return opt;
}

/* What the model was fitted on, as the registry records it. */
static cJSON *diagnostics_json(const struct feature_table *t, const struct x12_options *o)
{
    size_t n_fit, n_cal;
    int split = x12_split_date(t, o, &n_fit, &n_cal), first = INT_MAX, last = INT_MIN;
    for (size_t i = 0; i < t->set.n; i++)
        if (x12_eligible(t, i, o)) {
            first = t->set.v[i].date < first ? t->set.v[i].date : first;
            last = t->set.v[i].date > last ? t->set.v[i].date : last;
        }
    cJSON *d = cJSON_CreateObject();
    json_add_date(d, "first_date", first);
    json_add_date(d, "last_date", last);
    json_add_date(d, "split_date", split);
    json_add_number(d, "matches", (double)(n_fit + n_cal));
    json_add_number(d, "fit_matches", (double)n_fit);
    json_add_number(d, "calibration_matches", (double)n_cal);
    return d;
}

cJSON *x12_header_json(const struct feature_table *t, const struct x12_options *o,
                       const char *model_type, const char *part)
{
    cJSON *root = cJSON_CreateObject();
    json_add_string(root, "model_type", model_type);
    json_add_string(root, "version", "v2");
    json_add_string(root, "league", t->set.v[0].league);
    json_add_string(root, "part", part);
    cJSON_AddItemToObject(root, "options", options_json(o));
    cJSON_AddItemToObject(root, "diagnostics", diagnostics_json(t, o));
    return root;
}


void x12_options_from_json(const cJSON *opt, const char *path, struct x12_options *o)
{
    *o = X12_DEFAULTS;
    if (cJSON_GetObjectItemCaseSensitive(opt, "until") &&
        date_parse_iso(json_get_string(opt, "until", path), &o->until))
        die("%s: options.until is not a date", path);
    o->split = json_get_number(opt, "split", path);
    o->lambda = json_get_number(opt, "lambda", path);
    o->cal_lambda = json_get_number(opt, "cal_lambda", path);
    o->min_history = json_get_int(opt, "min_history", 0, INT_MAX, path);
}

void x12_read_binary(const char *dir, int outcome, struct logreg *m, struct x12_options *o,
                     struct x12_feature_list *f)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_model.json", dir, x12_outcomes[outcome]);
    cJSON *json = json_read_file(path);
    x12_options_from_json(json_get_item(json, "options", path), path, o);
    const cJSON *lr = json_get_item(json, "logreg", path);
    f->n = features_from_names(json_get_item(lr, "features", path), f->which, path);
    logreg_from_json(lr, path, m); /* as many coefficients as names */
    cJSON_Delete(json);
}

int x12_options_equal(const struct x12_options *a, const struct x12_options *b)
{
    return a->until == b->until && a->split == b->split && a->lambda == b->lambda &&
           a->cal_lambda == b->cal_lambda && a->min_history == b->min_history;
}

int x12_feature_lists_equal(const struct x12_feature_list *a, const struct x12_feature_list *b)
{
    return a->n == b->n && memcmp(a->which, b->which, a->n * sizeof *a->which) == 0;
}

void x12_read_binaries(const char *dir, struct logreg bin[3], struct x12_options *o,
                       struct x12_feature_list *f)
{
    struct x12_options each[3];
    struct x12_feature_list features[3];
    for (int k = 0; k < 3; k++)
        x12_read_binary(dir, k, &bin[k], &each[k], &features[k]);
    for (int k = 1; k < 3; k++)
        if (!x12_options_equal(&each[k], &each[0]))
            die("%s: the binary models were fitted with different options", dir);
    for (int k = 1; k < 3; k++)
        if (!x12_feature_lists_equal(&features[k], &features[0]))
            die("%s: the binary models were fitted on different features", dir);
    *o = each[0];
    *f = features[0];
}

char *x12_read_dir(const char *dir, struct x12_model *m, struct x12_options *o)
{
    char path[4096];
    x12_read_binaries(dir, m->bin, o, &m->features);
    snprintf(path, sizeof path, "%s/calibrator.json", dir);
    cJSON *json = json_read_file(path);
    mlogit_from_json(json_get_item(json, "mlogit", path), path, &m->cal);
    if (m->cal.nfeat != 3 || m->cal.nclass != 3)
        die("%s: the calibrator must map 3 scores to 3 outcomes", path);
    char *league = xstrdup(json_get_string(json, "league", path));
    cJSON_Delete(json);
    return league;
}
