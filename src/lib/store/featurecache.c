/* featurecache.c: extending a feature table (see featurecache.h). */
#define _POSIX_C_SOURCE 200809L
#include "featurecache.h"
#include "dataversion.h"

#include "util.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* How many leading rows of set are base's rows: base.n when set's rows
 * up to base's last date are base's rows (the same count, each row the
 * same, in the same order) and the linked rows up to that date are the
 * same, else 0. */
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
    /* Each row the same in the fields a table holds, those a version
     * digests (data_version_same_row): the extended table copies the
     * base's lines, so an unplayed row whose odds changed, which no
     * version digests, must not count as the same. */
    for (size_t i = 0; i < k; i++)
        if (!data_version_same_row(&base->v[i], &set->v[i]))
            return 0;
    /* The same linked rows, compared row by row: the same version, without
     * digesting either. */
    return data_version_same_rows(base_feeder, feeder, last + 1) ? k : 0;
}

size_t features_extend(const struct feature_table *base, const struct fixture_set *base_feeder,
                       struct feature_table *t, const struct fixture_set *feeder,
                       const struct feature_params *p)
{
    size_t k = base ? reusable_rows(&base->set, base_feeder, &t->set, feeder) : 0;
    if (k == 0) {
        features_compute_linked(&t->set, feeder, p, INT_MIN, t->X, t->history);
        return 0;
    }
    /* The base's rows keep its features; the later ones are computed. */
    memcpy(t->X, base->X, k * NFEATURES * sizeof *t->X);
    memcpy(t->history, base->history, k * sizeof *t->history);
    features_compute_after(&t->set, feeder, p, base->set.v[k - 1].date + 1, t->X, t->history);
    return k;
}

/* A file's bytes, mapped (text NULL and len 0 for an empty file). */
struct mapped_file {
    char *text;
    size_t len;
};

/* path mapped whole (a read-only private mapping: its pages are the file
 * system's cache, neither copied nor zeroed; the pipeline publishes tables
 * whole and never rewrites one in place). 0, or -1 when it cannot be
 * opened or mapped. */
static int map_file(const char *path, struct mapped_file *m)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    int rc = fd >= 0 && fstat(fd, &st) == 0 ? 0 : -1;
    m->text = NULL;
    m->len = rc == 0 ? (size_t)st.st_size : 0;
    if (m->len > 0) {
        m->text = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE, fd, 0);
        rc = m->text == MAP_FAILED ? -1 : 0;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

/* The length of the header and first k rows of base (*prefix): 0 when its
 * header is the one t is written with and it holds exactly `rows` rows of
 * one line each. */
static int base_prefix(const struct feature_table *t, const struct mapped_file *base,
                       size_t rows, size_t k, size_t *prefix)
{
    char *header = NULL;
    size_t hlen = 0, n = 0;
    if (base->len == 0) /* (emptied since it was read: no text to point into) */
        return -1;
    FILE *mem = open_memstream(&header, &hlen);
    if (!mem)
        die("out of memory");
    feature_table_write_header(mem, t);
    fclose(mem);
    int ok = base->len >= hlen && memcmp(base->text, header, hlen) == 0 &&
             base->text[base->len - 1] == '\n';
    free(header);
    /* Lines end at every '\n' and the file ends with one: its lines are
     * its newlines. */
    for (const char *at = base->text, *end = base->text + base->len; ok && at < end; n++) {
        at = (const char *)memchr(at, '\n', (size_t)(end - at)) + 1;
        if (n == k)
            *prefix = (size_t)(at - base->text);
    }
    return ok && n == rows + 1 ? 0 : -1;
}

void features_write_extended(FILE *fp, const struct feature_table *t, const char *base_path,
                             size_t base_rows, size_t k)
{
    struct mapped_file base;
    size_t prefix = 0;
    if (k == 0) {
        feature_table_write(fp, t);
        return;
    }
    if (map_file(base_path, &base) != 0)
        die("%s: cannot read it again", base_path);
    if (base_prefix(t, &base, base_rows, k, &prefix) == 0) {
        fwrite(base.text, 1, prefix, fp);
        feature_table_write_rows(fp, t, k);
    } else {
        feature_table_write(fp, t);
    }
    if (base.len > 0)
        munmap(base.text, base.len);
}
