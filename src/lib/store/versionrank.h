/* versionrank.h: which version of a league and type is the newest, by the
 * registry (docs/design.md §6, "The newest complete version").
 *
 * The newest is the version whose data were given last. Versions are
 * registered as their data are given, and most data grow: a later date is
 * a later version. Two cases are not: new rows behind the same last match
 * (a corrected result: versions of one date), and data given again that
 * an older version was fitted on (a correction taken back, or the newest
 * matches taken out of the data: a version of one date or of an earlier
 * one). In the second case SAFE MODE trains nothing and registers no key
 * twice, so the registry gets a reinstatement line (reinstate.h).
 *
 * Each registered version has a last line (its registration, or its
 * latest reinstatement) and an epoch: the line of the last reinstatement
 * of its league and type up to its last line (0: none). Versions rank by
 * epoch, then date, then last line, then name: a reinstatement puts its
 * version above every version registered before it, of any date, and the
 * versions registered after it rank against it and each other by date,
 * then as they were given. Without reinstatements that is date, then the
 * order of registration. Two kinds of line take no epoch: a backfill's
 * registration (its data cut by UNTIL, "data": {"cutoff"}: not the data
 * given, it never passes a reinstated version), and a reinstatement
 * written before the rank across dates (without "newest": "of all
 * dates", reinstate.h), which made its version the newest of its date
 * alone, and still does: it moves the version's last line, its epoch the
 * highest of its date's versions so far (the place of its date's newest:
 * one alone on its date stays where it was).
 *
 * A version the registry does not register (a run stopped between its
 * last file and its registration) ranks below every registered one,
 * whatever its date, and among such versions by date: its data may no
 * longer be the data given (cut back since: their registered version is
 * then the newest registered, and needs no reinstatement), and only the
 * registry records which data were given last. predict (modeldir.c),
 * registry-append --reinstate, leaguefit-status and leaguefit-report rank
 * versions alike. */
#ifndef LF_VERSIONRANK_H
#define LF_VERSIONRANK_H

#include "dataversion.h"

#include <stddef.h>
#include <stdio.h>

struct version_rank {
    char version[DATA_VERSION_LEN + 1];
    long last;       /* its last line: registration or reinstatement */
    long epoch;      /* the last reinstatement line up to it (0: none) */
    long reinstated; /* the number of its last reinstatement (0: none) */
    int registered;  /* its registration line is there */
};

struct version_ranks {
    struct version_rank *v;
    size_t n, cap;
};

/* Reads the registry fp (called name in messages): the ranks of the dated
 * versions of league's type. */
void version_ranks_read(FILE *fp, const char *name, const char *type, const char *league,
                        struct version_ranks *out);

/* The same of the versions whose keys begin with prefix (TYPE_LEAGUE_),
 * saying nothing of a line that is no entry (a torn one: the caller tells
 * of those, as registry-keys --ranks leaves them to leaguefit-status). */
void version_ranks_read_quietly(FILE *fp, const char *name, const char *prefix,
                                struct version_ranks *out);

/* The length of the TYPE_LEAGUE_ prefix of a dated version's key (the
 * prefix, the version, and nothing or a reinstatement's "@reinstated-N"),
 * 0 when key is no such key. */
size_t version_key_prefix_len(const char *key);

/* The rank of version, or NULL when the registry holds no line of it. */
const struct version_rank *version_rank_of(const struct version_ranks *r, const char *version);

/* > 0 when dated version a ranks above dated version b, < 0 below, 0 when
 * they are one (ra, rb: their ranks, NULL for none). */
int version_rank_cmp(const char *a, const struct version_rank *ra, const char *b,
                     const struct version_rank *rb);

/* Whether version ranks above every other version the registry holds. */
int version_ranks_first(const struct version_ranks *r, const char *version);

void version_ranks_free(struct version_ranks *r);

#endif
