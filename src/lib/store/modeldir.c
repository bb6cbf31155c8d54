/* modeldir.c: the version directory of a model, and its identity check. */
#define _POSIX_C_SOURCE 200809L
#include "modeldir.h"
#include "dataversion.h"
#include "json.h"
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

/* The newest complete dated version in typedir, or NULL. */
static char *newest_dated(const char *typedir, const char *const *files)
{
    DIR *d = opendir(typedir);
    if (!d)
        return NULL;
    char *best = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!data_version_valid(e->d_name) || strcmp(e->d_name, LEGACY_VERSION) == 0)
            continue;
        if (best && data_version_cmp(e->d_name, best) <= 0)
            continue;
        char *dir = path_join(typedir, e->d_name);
        if (complete(dir, files, 0)) {
            free(best);
            best = xstrdup(e->d_name);
        }
        free(dir);
    }
    closedir(d);
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
        char *newest = newest_dated(typedir, files);
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
