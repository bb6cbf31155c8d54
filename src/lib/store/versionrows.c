/* versionrows.c: the rows of a linked model version (see versionrows.h). */
#include "versionrows.h"
#include "promoted.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int counts(const struct fixture *f, int until)
{
    return fixture_played(f) && f->date < until;
}

size_t linked_rows_select_indexed(const struct fixture_set *all, const struct link_index *ix,
                                  const char *league, int until, char *keep)
{
    char *use = xmalloc(all->n + 1);
    int division = link_index_division(ix, league);
    size_t selected = 0;
    for (size_t i = 0; i < all->n; i++)
        use[i] = counts(&all->v[i], until);
    link_index_linkable(ix, division, use, keep);
    for (size_t i = 0; i < all->n; i++) {
        keep[i] = keep[i] && ix->division[i] != division; /* not the league's own */
        selected += keep[i];
    }
    free(use);
    return selected;
}

size_t linked_rows_select(const struct fixture_set *all, const char *league, int until,
                          char *keep)
{
    struct link_index ix;
    link_index_build(&ix, all->v, all->n);
    size_t selected = linked_rows_select_indexed(all, &ix, league, until, keep);
    link_index_free(&ix);
    return selected;
}

void version_rows_read(struct version_rows *vr, const struct fixture_set *league,
                       char *const *paths, int n)
{
    memset(vr, 0, sizeof *vr);
    vr->league = league;
    for (int i = 0; i < n && league->n > 0; i++)
        feeder_append_unkeyed(&vr->feed, paths[i], league, league->v[0].league);
    vr->all = *league;
    if (vr->feed.n == 0)
        return;
    size_t total = league->n + vr->feed.n;
    vr->all.v = xmalloc((total + 1) * sizeof *vr->all.v);
    vr->all.n = vr->all.cap = total;
    memcpy(vr->all.v, league->v, league->n * sizeof *vr->all.v);
    memcpy(vr->all.v + league->n, vr->feed.v, vr->feed.n * sizeof *vr->all.v);
}

void version_rows_free(struct version_rows *vr)
{
    if (vr->all.v != vr->league->v)
        free(vr->all.v);
    fixtures_free(&vr->feed);
    memset(vr, 0, sizeof *vr);
}
