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

size_t linked_rows_select(const struct fixture_set *all, const char *league, int until,
                          char *keep)
{
    /* The league's rows first, then the other divisions' (linkable_rows
     * takes the league's teams from the former). */
    struct fixture *rows = xmalloc((all->n + 1) * sizeof *rows);
    size_t *at = xmalloc((all->n + 1) * sizeof *at), n = 0, selected = 0;
    for (int own = 1; own >= 0; own--)
        for (size_t i = 0; i < all->n; i++)
            if (counts(&all->v[i], until) && (strcmp(all->v[i].league, league) == 0) == own) {
                at[n] = i;
                rows[n++] = all->v[i];
            }
    char *linkable = xmalloc(n + 1);
    linkable_rows(rows, n, league, linkable);
    memset(keep, 0, all->n);
    for (size_t j = 0; j < n; j++)
        if (linkable[j] && strcmp(rows[j].league, league) != 0) {
            keep[at[j]] = 1;
            selected++;
        }
    free(rows), free(at), free(linkable);
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
