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

/* The league's rows and the feeders' in vr->all; each feeder's identity
 * as read replaces the one taken before. */
static void read_feeders(struct version_rows *vr)
{
    const struct fixture_set *league = vr->league;
    for (int i = 0; i < vr->npaths && league->n > 0; i++)
        feeder_append_as(&vr->feed, vr->paths[i], league, league->v[0].league, 0,
                         &vr->files.key[1 + i]);
    vr->all = *league;
    vr->deferred = 0;
    if (vr->feed.n == 0)
        return;
    size_t total = league->n + vr->feed.n;
    vr->all.v = xmalloc((total + 1) * sizeof *vr->all.v);
    vr->all.n = vr->all.cap = total;
    memcpy(vr->all.v, league->v, league->n * sizeof *vr->all.v);
    memcpy(vr->all.v + league->n, vr->feed.v, vr->feed.n * sizeof *vr->all.v);
}

void version_rows_defer(struct version_rows *vr, const struct fixture_set *league,
                        const struct row_image_key *league_id, char *const *paths, int n)
{
    memset(vr, 0, sizeof *vr);
    vr->league = league;
    vr->all = *league;
    vr->paths = paths;
    vr->npaths = n;
    vr->deferred = 1;
    version_files_add(&vr->files, league_id);
    for (int i = 0; i < n; i++)
        version_files_add_path(&vr->files, paths[i]);
}

void version_rows_load(struct version_rows *vr)
{
    if (vr->deferred)
        read_feeders(vr);
}

void version_rows_read(struct version_rows *vr, const struct fixture_set *league,
                       const struct row_image_key *league_id, char *const *paths, int n)
{
    version_rows_defer(vr, league, league_id, paths, n);
    version_rows_load(vr);
}

int version_rows_version(struct version_rows *vr, int cutoff, struct data_version *dv)
{
    if (version_memo_find(&vr->files, cutoff, dv) == 0)
        return 0;
    version_rows_load(vr);
    return version_memo_of(&vr->files, &vr->all, cutoff, dv);
}

void version_rows_free(struct version_rows *vr)
{
    if (vr->all.v != vr->league->v)
        free(vr->all.v);
    fixtures_free(&vr->feed);
    version_files_free(&vr->files);
    memset(vr, 0, sizeof *vr);
}
