/* modeldir.c: the version directory of a model, and its identity check. */
#define _POSIX_C_SOURCE 200809L
#include "modeldir.h"
#include "dataversion.h"
#include "json.h"
#include "registry.h"
#include "reinstate.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const poisson_files[] = { "poisson_model.json", "metrics.json", NULL };
static const char *const x12_files[] = { "home_model.json", "draw_model.json",
                                         "away_model.json", "calibrator.json",
                                         "feature_list.json", "metrics.json", NULL };
static const char *const draw_files[] = { "draw_model.json", "metrics.json", NULL };

const char *const *model_files(const char *type)
{
    return strcmp(type, "poisson_v2") == 0        ? poisson_files
           : strcmp(type, "1x2_v2") == 0          ? x12_files
           : strcmp(type, "draw_specialist") == 0 ? draw_files
                                                  : NULL;
}

const char *model_main_file(const char *type)
{
    const char *const *files = model_files(type);
    /* 1x2_v2's home model stands for the three binaries and the calibrator. */
    return files ? files[0] : NULL;
}

/* All the files of a version; with models_only, metrics.json may be missing
 * (a v2 directory from before versions is used as long as its model files
 * are there). */
static int complete(const char *dir, const char *const *files, int models_only)
{
    for (; *files; files++) {
        if (models_only && strcmp(*files, "metrics.json") == 0)
            continue;
        char *p = path_join(dir, *files);
        int there = access(p, F_OK) == 0;
        free(p);
        if (!there)
            return 0;
    }
    return 1;
}

/* The directory of one version of the model in typedir. */
static char *version_path(const char *typedir, const char *version)
{
    return strcmp(version, LEGACY_VERSION) == 0 ? xstrdup(typedir) : path_join(typedir, version);
}

const char *model_dir_version(const char *dir)
{
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    return strlen(base) == DATA_VERSION_LEN && data_version_valid(base) ? base : LEGACY_VERSION;
}

/* The complete dated versions of typedir whose date is the latest: one,
 * or several of one date (new rows behind the same last match). */
struct same_date {
    char **v;
    size_t n, cap;
};

static void same_date_add(struct same_date *c, const char *version)
{
    if (c->n && strncmp(version, c->v[0], 10) > 0) { /* a later date: a new list */
        for (size_t i = 0; i < c->n; i++)
            free(c->v[i]);
        c->n = 0;
    }
    if (c->n && strncmp(version, c->v[0], 10) < 0)
        return;
    grow(&c->v, &c->cap, c->n + 1, sizeof *c->v);
    c->v[c->n++] = xstrdup(version);
}

static void latest_complete(const char *typedir, const char *const *files,
                            struct same_date *c)
{
    DIR *d = opendir(typedir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!data_version_valid(e->d_name) || strcmp(e->d_name, LEGACY_VERSION) == 0)
            continue;
        if (c->n && strncmp(e->d_name, c->v[0], 10) < 0)
            continue;
        char *dir = path_join(typedir, e->d_name);
        if (complete(dir, files, 0))
            same_date_add(c, e->d_name);
        free(dir);
    }
    closedir(d);
}

/* The last registry line of each version of one date (its registration,
 * or a reinstatement after it: reinstate.h), for the choice below. */
struct registered_lines {
    const char *prefix; /* TYPE_LEAGUE_ */
    const struct same_date *c;
    long *line;
};

static int note_line(const cJSON *entry, long line, void *data)
{
    struct registered_lines *r = data;
    const char *key = registry_key(entry);
    size_t plen = strlen(r->prefix);
    if (!key || strncmp(key, r->prefix, plen) != 0)
        return 0;
    for (size_t i = 0; i < r->c->n; i++)
        if (key_ranks_version(key, r->prefix, r->c->v[i]))
            r->line[i] = line;
    return 0;
}

/* Of versions of one date, the data given last: a corrected result, an
 * alias or an exclusion edited, a linked division's file added make new
 * rows behind the same last match, and the digest that follows the date
 * in the name orders them by chance. The registry, appended as each
 * version is done, orders them as they were given: the one whose last
 * line (its registration, or its reinstatement when its data were given
 * again) comes last is the newest; one not registered ranks below, and
 * among those the name decides. */
static size_t newest_of_one_date(const char *models, const char *league, const char *type,
                                 const struct same_date *c)
{
    long *line = xmalloc(c->n * sizeof *line);
    for (size_t i = 0; i < c->n; i++)
        line[i] = 0;
    char *reg = path_join(models, "registry.jsonl");
    FILE *fp = fopen(reg, "r");
    if (fp) {
        char *prefix = xmalloc(strlen(type) + strlen(league) + 3);
        sprintf(prefix, "%s_%s_", type, league);
        struct registered_lines r = { prefix, c, line };
        registry_each(fp, reg, note_line, &r);
        fclose(fp);
        free(prefix);
    }
    free(reg);
    size_t best = 0;
    for (size_t i = 1; i < c->n; i++)
        if (line[i] > line[best] ||
            (line[i] == line[best] && data_version_cmp(c->v[i], c->v[best]) > 0))
            best = i;
    free(line);
    return best;
}

/* The newest complete dated version of league's type, or NULL. */
static char *newest_dated(const char *models, const char *league, const char *type,
                          const char *typedir)
{
    struct same_date c = { 0 };
    latest_complete(typedir, model_files(type), &c);
    char *best = NULL;
    if (c.n)
        best = c.v[c.n == 1 ? 0 : newest_of_one_date(models, league, type, &c)];
    for (size_t i = 0; i < c.n; i++)
        if (c.v[i] != best)
            free(c.v[i]);
    free(c.v);
    return best;
}

char *model_dir_find(const char *models, const char *league, const char *type,
                     const char *version, char *err, size_t errlen)
{
    const char *const *files = model_files(type);
    char *leaguedir = path_join(models, league), *typedir = path_join(leaguedir, type), *dir = NULL;
    free(leaguedir);
    if (version) {
        dir = version_path(typedir, version);
        if (!complete(dir, files, strcmp(version, LEGACY_VERSION) == 0)) {
            snprintf(err, errlen, "no complete %s model of league '%s' version %s in %s", type,
                     league, version, models);
            free(dir);
            dir = NULL;
        }
    } else {
        char *newest = newest_dated(models, league, type, typedir);
        if (newest)
            dir = version_path(typedir, newest);
        else if (complete(typedir, files, 1))
            dir = xstrdup(typedir);
        else
            snprintf(err, errlen, "no complete %s model of league '%s' in %s", type, league,
                     models);
        free(newest);
    }
    free(typedir);
    return dir;
}

int model_league_present(const char *models, const char *league)
{
    char *dir = path_join(models, league);
    struct stat st;
    /* Anything by the league's name (a file, a link to nowhere) is a
     * models directory gone wrong, not a league never trained: its
     * fixtures fail where the models are looked for. */
    int present = lstat(dir, &st) == 0;
    free(dir);
    return present;
}

int model_type_present(const char *models, const char *league, const char *type)
{
    char *dir = path_join(models, league), *type_dir = path_join(dir, type);
    struct stat st;
    int present = lstat(type_dir, &st) == 0;
    free(type_dir);
    free(dir);
    return present;
}

void model_require_identity(const cJSON *model, const char *path, const char *league,
                            const char *type)
{
    const char *has_type = json_get_string(model, "model_type", path);
    const char *has_league = json_get_string(model, "league", path);
    if (strcmp(has_type, type) != 0)
        die("%s: a %s model file where a %s model belongs", path, has_type, type);
    if (strcmp(has_league, league) != 0)
        die("%s: a model of league '%s' where league '%s' belongs", path, has_league, league);
}
