/* modeldir.c: the version directory of a model, and its identity check. */
#define _POSIX_C_SOURCE 200809L
#include "modeldir.h"
#include "dataversion.h"
#include "json.h"
#include "versionrank.h"
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

/* The dated versions in typedir, each with its rank (versionrank.h). */
struct ranked_dirs {
    const struct version_ranks *ranks;
    char **v;
    size_t n, cap;
};

static void list_dated(const char *typedir, struct ranked_dirs *d)
{
    DIR *dir = opendir(typedir);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        if (data_version_valid(e->d_name) && strcmp(e->d_name, LEGACY_VERSION) != 0) {
            grow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
            d->v[d->n++] = xstrdup(e->d_name);
        }
    closedir(dir);
}

static const struct version_ranks *sorting_ranks; /* (qsort passes no context) */

static int cmp_newest_first(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    return version_rank_cmp(y, version_rank_of(sorting_ranks, y), x,
                            version_rank_of(sorting_ranks, x));
}

/* The newest complete dated version of league's type, or NULL: of them
 * all, the one whose data were given last, by the registry's ranks. */
static char *newest_dated(const char *models, const char *league, const char *type,
                          const char *typedir)
{
    struct ranked_dirs d = { 0 };
    struct version_ranks ranks = { 0 };
    list_dated(typedir, &d);
    char *reg = path_join(models, "registry.jsonl");
    FILE *fp = d.n > 1 ? fopen(reg, "r") : NULL;
    if (fp) {
        version_ranks_read(fp, reg, type, league, &ranks);
        fclose(fp);
    }
    free(reg);
    sorting_ranks = &ranks;
    if (d.n > 1) /* (qsort of none: a null array, undefined) */
        qsort(d.v, d.n, sizeof *d.v, cmp_newest_first);
    char *best = NULL;
    for (size_t i = 0; i < d.n; i++) {
        char *dir = best ? NULL : path_join(typedir, d.v[i]);
        if (dir && complete(dir, model_files(type), 0))
            best = d.v[i];
        else
            free(d.v[i]);
        free(dir);
    }
    free(d.v);
    version_ranks_free(&ranks);
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
