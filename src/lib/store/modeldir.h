/* modeldir.h: finding a model's files: MODELS/<league>/<type>/<version>/,
 * the newest complete version unless one is named; the files directly in
 * MODELS/<league>/<type>/ are version "v2", older than any dated one. And
 * the check that a model file is of the league and type its directory
 * says. */
#ifndef LF_MODELDIR_H
#define LF_MODELDIR_H

#include <cjson/cJSON.h>

/* The files of a complete version of a model type; NULL-terminated. NULL
 * for an unknown type. */
const char *const *model_files(const char *type);

/* The file whose "data" member names a version's data: poisson_model.json,
 * home_model.json, draw_model.json. NULL for an unknown type. */
const char *model_main_file(const char *type);

/* The directory of league's model of type under models: the version named
 * (NULL: the newest complete one; v2, from before versions, needs its model
 * files only). Returns a malloc'd path, or NULL with a
 * reason in err when there is none. */
char *model_dir_find(const char *models, const char *league, const char *type,
                     const char *version, char *err, size_t errlen);

/* The version of a directory model_dir_find gave: its name, or v2 for
 * the files directly in <league>/<type>/ (made before versions); a
 * pointer into dir. */
const char *model_dir_version(const char *dir);

/* Whether models holds any model of league (its directory
 * MODELS/<league>/, or anything else by that name): a league it has
 * nothing of was not trained there, which is not the same as a model
 * missing or left incomplete. */
int model_league_present(const char *models, const char *league);

/* The same for one type of the league (MODELS/<league>/<type>/, or
 * anything by that name): a type never trained for it (make poisson_v2
 * alone), not one left incomplete. */
int model_type_present(const char *models, const char *league, const char *type);

/* Dies naming both unless the model file's "league" and "model_type" are
 * league and type. */
void model_require_identity(const cJSON *model, const char *path, const char *league,
                            const char *type);

#endif
