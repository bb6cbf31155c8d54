/* featurecache.h: a league's feature table extended from the table of an
 * earlier version of its rows, instead of computed again from the start.
 *
 * Features are pre-match: a row's features depend on earlier rows only, so
 * when the rows up to the base's last date are exactly the base's (the
 * same rows in the same order, field for field as the table holds them,
 * unplayed ones too: the extended table copies the base's lines), those
 * rows keep the base's features as they are, and only the
 * later rows are computed (the costly weekly goals-model refits start at
 * the first new date), byte-identical to a full computation. Changed
 * history is never patched: any difference and the whole table is
 * computed.
 *
 * With linked divisions (league-features --feeder), a row's features read
 * their rows too: the base is reused only when the linked rows up to its
 * last date are also the ones it was computed with. */
#ifndef LF_FEATURECACHE_H
#define LF_FEATURECACHE_H

#include "prematch.h"

/* Computes t->X and t->history for t->set (sorted by date, one league)
 * linked with the rows of `feeder` (NULL or empty: none), reusing base
 * where it is the table of t->set's earlier rows computed with the linked
 * rows base_feeder (NULL or empty: none) and these agree up to its last
 * date. Returns the number of rows taken from base (0: computed in full). */
size_t features_extend(const struct feature_table *base, const struct fixture_set *base_feeder,
                       struct feature_table *t, const struct fixture_set *feeder,
                       const struct feature_params *p);

/* Writes the table extended from base_path's (base_rows rows), whose first
 * k rows were reused (features_extend): their lines are copied from
 * base_path as they are (the bytes a full computation writes, without
 * formatting them again) when its header is this program's and every row
 * is one line; else every row is written. */
void features_write_extended(FILE *fp, const struct feature_table *t, const char *base_path,
                             size_t base_rows, size_t k);

#endif
