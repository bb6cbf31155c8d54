/* matchkey.h: a row's match (date, league, home and away) as four
 * integers, its names replaced by their ranks among the names of the rows
 * at hand (names.h).
 *
 * The merge of a league's imports holds ~95,000 rows naming a few hundred
 * teams and a handful of leagues. Its sorts compared those names with
 * strcmp at every step, three sorts over the whole set: ranking each name
 * once (a hash, mostly a pointer looked up: rows from a row image share
 * their names) leaves integers to compare. Ranks follow strcmp's order,
 * so keys compare as the names would; they are comparable only among the
 * rows they were made for. */
#ifndef LF_MATCHKEY_H
#define LF_MATCHKEY_H

#include "fixtures.h"

#include <stddef.h>

struct match_key {
    int date, league, home, away;
};

/* keys[i]: v[i]'s match (freshly allocated; n may be 0). */
struct match_key *match_keys(const struct fixture *v, size_t n);

/* <0, 0, >0 as fixture_order's date, league, home and away would say. */
static inline int match_key_cmp(const struct match_key *a, const struct match_key *b)
{
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->league != b->league)
        return a->league < b->league ? -1 : 1;
    if (a->home != b->home)
        return a->home < b->home ? -1 : 1;
    return (a->away > b->away) - (a->away < b->away);
}

/* The indices of v[0 .. n) in fixture_order's order, rows it ties (same
 * match and line) in their order in v, as fixtures_sort's stable sort
 * left them (freshly allocated). */
size_t *match_order(const struct fixture *v, size_t n);

#endif
