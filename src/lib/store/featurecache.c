/* featurecache.c: extending a feature table (see featurecache.h). */
#define _POSIX_C_SOURCE 200809L
#include "featurecache.h"
#include "dataversion.h"

#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The digest of the played rows of set (may be NULL) before cutoff. */
static void digest_before(const struct fixture_set *set, int cutoff, char digest[65])
{
    static const struct fixture_set none;
    struct data_version dv;
    set = set ? set : &none;
    data_version_of(set->v, set->n, cutoff, &dv);
    memcpy(digest, dv.digest, sizeof dv.digest);
}

/* How many leading rows of set are base's rows: base.n when set's rows
 * up to base's last date are base's rows (same count, same version of
 * the played ones) and the linked rows up to that date are the same,
 * else 0. */
static size_t reusable_rows(const struct fixture_set *base, const struct fixture_set *base_feeder,
                            const struct fixture_set *set, const struct fixture_set *feeder)
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
    char linked_was[65], linked_now[65];
    digest_before(base_feeder, last + 1, linked_was);
    digest_before(feeder, last + 1, linked_now);
    return strcmp(linked_was, linked_now) == 0 ? k : 0;
}

size_t features_extend(const struct feature_table *base, const struct fixture_set *base_feeder,
                       struct feature_table *t, const struct fixture_set *feeder,
                       const struct feature_params *p)
{
    size_t k = base ? reusable_rows(&base->set, base_feeder, &t->set, feeder) : 0;
    int from = k ? base->set.v[k - 1].date + 1 : INT_MIN;
    features_compute_linked(&t->set, feeder, p, from, t->X, t->history);
    if (k) {
        memcpy(t->X, base->X, k * NFEATURES * sizeof *t->X);
        memcpy(t->history, base->history, k * sizeof *t->history);
    }
    return k;
}

/* The header and first k rows of base_path as they are, in *text: 0 when
 * its header is the one t is written with and it holds exactly `rows` rows
 * of one line each. */
static int base_lines(const struct feature_table *t, const char *base_path, size_t rows,
                      size_t k, char **text, size_t *len)
{
    char *header = NULL, *line = NULL;
    size_t hlen = 0, cap = 0, n = 0;
    FILE *mem = open_memstream(&header, &hlen);
    FILE *fp = fopen(base_path, "r");
    if (!mem || !fp)
        die("%s: cannot read it again", base_path);
    feature_table_write_header(mem, t);
    fclose(mem);
    FILE *out = open_memstream(text, len);
    if (!out)
        die("out of memory");
    ssize_t got;
    int ok = 1;
    while ((got = getline(&line, &cap, fp)) > 0) {
        if (n == 0)
            ok = (size_t)got == hlen && memcmp(line, header, hlen) == 0;
        else if (line[got - 1] != '\n')
            ok = 0;
        if (n++ <= k)
            fwrite(line, 1, (size_t)got, out);
    }
    fclose(fp);
    fclose(out);
    free(line);
    free(header);
    return ok && n == rows + 1 ? 0 : -1;
}

void features_write_extended(FILE *fp, const struct feature_table *t, const char *base_path,
                             size_t base_rows, size_t k)
{
    char *text = NULL;
    size_t len = 0;
    if (k > 0 && base_lines(t, base_path, base_rows, k, &text, &len) == 0) {
        fwrite(text, 1, len, fp);
        feature_table_write_rows(fp, t, k);
    } else {
        feature_table_write(fp, t);
    }
    free(text);
}
