/* repeats.h: the same match read twice.
 *
 * A match is its league, date and two sides. The same match can come in
 * twice: a file given twice, two files that overlap (a season's file and
 * a whole-history file), a row pasted twice, or two spellings of a team
 * that the alias table makes one. The readers of the files users have
 * (import-fixtures, predict) keep its first row, in input order, and
 * report every later one as "file:line: duplicate match ... (first at
 * file:line)", the first ROW_ERRORS_SHOWN of a file, then their count
 * (rowerrors.h): a repeat is a bad row, never a second match. */
#ifndef LF_REPEATS_H
#define LF_REPEATS_H

#include "fixtures.h"

#include <stddef.h>

/* For each row i of v[0 .. n), n > 0: the index in v of the first row of
 * its match, SIZE_MAX for that first row itself (freshly allocated). */
size_t *match_first_rows(const struct fixture *v, size_t n);

/* For each row i (first_of: match_first_rows's), the earlier row it
 * repeats where a fixture and its result are no repeat, as import-fixtures
 * takes the rows of two files: for a played row, the first played row of
 * its match before it; for an unplayed one, the match's first row where
 * no row gives the match played (else it goes for the result:
 * drop_played_fixtures); SIZE_MAX when none (freshly allocated). */
size_t *match_repeated_rows(const struct fixture *v, size_t n, const size_t *first_of);

/* Drops from set->v[first ..] every row whose match an earlier row of that
 * part holds, reporting them (report 0: silently, for rows their reader
 * has reported already); returns how many were dropped. The rows kept
 * keep their order. */
size_t drop_repeated_matches(struct fixture_set *set, size_t first, int report);

/* The same, reported, and each repeat also given to `each` with its
 * league and its message (as said, without the program's name): for a
 * caller that fails the repeat's league rather than the whole input. */
typedef void repeat_fn(const char *league, const char *message, void *ctx);
size_t drop_repeated_matches_each(struct fixture_set *set, size_t first, repeat_fn *each,
                                  void *ctx);

/* A fixture read before it was played comes back as a result: an
 * upcoming-fixtures file kept beside the season's file, which has the
 * match played since. Drops from set->v[first ..] every unplayed row whose
 * match a played row of that part holds, saying each as "file:line:
 * fixture ... played since: its result kept (file:line)" (no bad row: the
 * match is there, played); returns how many went. Played rows and the
 * other rows keep their order. */
size_t drop_played_fixtures(struct fixture_set *set, size_t first);

#endif
