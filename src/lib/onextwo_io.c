/* onextwo_io.c: reading the files of a 1x2_v2 model directory. */
#include "date.h"
#include "json.h"
#include "onextwo.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

void x12_options_from_json(const cJSON *opt, const char *path, struct x12_options *o)
{
    *o = X12_DEFAULTS;
    if (cJSON_GetObjectItemCaseSensitive(opt, "until") &&
        date_parse_iso(json_get_string(opt, "until", path), &o->until))
        die("%s: options.until is not a date", path);
    o->split = json_get_number(opt, "split", path);
    o->lambda = json_get_number(opt, "lambda", path);
    o->cal_lambda = json_get_number(opt, "cal_lambda", path);
    o->min_history = (int)json_get_number(opt, "min_history", path);
}

void x12_read_binary(const char *dir, int outcome, struct logreg *m, struct x12_options *o)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_model.json", dir, x12_outcomes[outcome]);
    cJSON *json = json_read_file(path);
    x12_options_from_json(json_get_item(json, "options", path), path, o);
    logreg_from_json(json_get_item(json, "logreg", path), path, m);
    if (m->nfeat != X12_NFEATURES)
        die("%s: %d features, this program's model has %d", path, m->nfeat, X12_NFEATURES);
    cJSON_Delete(json);
}

int x12_options_equal(const struct x12_options *a, const struct x12_options *b)
{
    return a->until == b->until && a->split == b->split && a->lambda == b->lambda &&
           a->cal_lambda == b->cal_lambda && a->min_history == b->min_history;
}

void x12_read_binaries(const char *dir, struct logreg bin[3], struct x12_options *o)
{
    struct x12_options each[3];
    for (int k = 0; k < 3; k++)
        x12_read_binary(dir, k, &bin[k], &each[k]);
    for (int k = 1; k < 3; k++)
        if (!x12_options_equal(&each[k], &each[0]))
            die("%s: the binary models were fitted with different options", dir);
    *o = each[0];
}

char *x12_read_dir(const char *dir, struct x12_model *m, struct x12_options *o)
{
    char path[4096];
    x12_read_binaries(dir, m->bin, o);
    snprintf(path, sizeof path, "%s/calibrator.json", dir);
    cJSON *json = json_read_file(path);
    mlogit_from_json(json_get_item(json, "mlogit", path), path, &m->cal);
    if (m->cal.nfeat != 3 || m->cal.nclass != 3)
        die("%s: the calibrator must map 3 scores to 3 outcomes", path);
    char *league = xstrdup(json_get_string(json, "league", path));
    cJSON_Delete(json);
    return league;
}
