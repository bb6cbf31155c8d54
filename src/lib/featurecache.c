/* featurecache.c: extending a feature table (see featurecache.h). */
#include "featurecache.h"
#include "dataversion.h"

#include <limits.h>
#include <string.h>

/* How many leading rows of set are base's rows: base.n when set's rows
 * up to base's last date are base's rows (same count, same version of
 * the played ones), else 0. */
static size_t reusable_rows(const struct fixture_set *base, const struct fixture_set *set)
{
    if (base->n == 0)
        return 0;
    int last = base->v[base->n - 1].date;
    size_t k = 0;
    while (k < set->n && set->v[k].date <= last)
        k++;
    if (k != base->n)
        return 0;
    struct data_version was, now;
    if (data_version_of(base->v, base->n, INT_MAX, &was) != 0 ||
        data_version_of(set->v, k, INT_MAX, &now) != 0 || strcmp(was.digest, now.digest) != 0)
        return 0;
    return k;
}

size_t features_extend(const struct feature_table *base, struct feature_table *t,
                       const struct feature_params *p)
{
    size_t k = base ? reusable_rows(&base->set, &t->set) : 0;
    int from = k ? base->set.v[k - 1].date + 1 : INT_MIN;
    features_compute(&t->set, p, from, t->X, t->history);
    if (k) {
        memcpy(t->X, base->X, k * NFEATURES * sizeof *t->X);
        memcpy(t->history, base->history, k * sizeof *t->history);
    }
    return k;
}
