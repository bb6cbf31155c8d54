/* reinstate.h: a version made the newest of its date again (docs/design.md
 * §6, "The newest complete version").
 *
 * Of a league and type's versions of one date, the newest is the one
 * whose data were given last. Each version's registration says when it
 * was first given; when data are given again that an older version of
 * the date was fitted on (a corrected result taken back), SAFE MODE
 * trains nothing and registers no key twice, so the registry gets a line
 * of its own kind instead: a reinstatement, keyed
 *
 *     <model_type>_<league>_<version>@reinstated-<n>
 *
 * n counting the version's reinstatements (one line a key still). A
 * version ranks by its last line, registration or reinstatement: predict
 * (modeldir.c), leaguefit-status and leaguefit-report read them alike. */
#ifndef LF_REINSTATE_H
#define LF_REINSTATE_H

#include <stdio.h>

/* The "event" member of a reinstatement line. */
#define REINSTATED_EVENT "reinstated"
/* What follows the version in a reinstatement's key, before its number. */
#define REINSTATED_SUFFIX "@reinstated-"

/* The key of version's n-th reinstatement (malloc'd). */
char *reinstated_key(const char *type, const char *league, const char *version, long n);

/* Whether a line keyed key ranks version: key is prefix (TYPE_LEAGUE_)
 * then version, alone (its registration) or with a reinstatement's
 * suffix and number. */
int key_ranks_version(const char *key, const char *prefix, const char *version);

/* What the registry says of a dated version among the versions of its
 * date (of its league and type), complete or not. */
struct date_standing {
    int registered;  /* its registration line is there */
    long reinstated; /* the number of its last reinstatement (0: none) */
    int newest;      /* the last line of any version of its date is one of its own */
};

/* Reads the registry fp (called name in messages) for version of
 * league's type. */
void date_standing_read(FILE *fp, const char *name, const char *type, const char *league,
                        const char *version, struct date_standing *out);

#endif
