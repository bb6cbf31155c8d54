/* versionrank.c: the rank of a league and type's versions by the registry's
 * registrations and reinstatements (versionrank.h). */
#define _POSIX_C_SOURCE 200809L
#include "versionrank.h"
#include "registry.h"
#include "reinstate.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define DATE_LEN 10 /* the date at the head of a version's name */

struct rank_walk {
    const char *prefix; /* TYPE_LEAGUE_ */
    long epoch;         /* the last reinstatement line so far */
    struct version_ranks *out;
};

/* The rank of version, a new one (all 0) when it has none yet. */
static struct version_rank *rank_slot(struct version_ranks *r, const char *version)
{
    struct version_rank *found = (struct version_rank *)version_rank_of(r, version);
    if (found)
        return found;
    grow(&r->v, &r->cap, r->n + 1, sizeof *r->v);
    struct version_rank *slot = &r->v[r->n++];
    memset(slot, 0, sizeof *slot);
    memcpy(slot->version, version, DATA_VERSION_LEN + 1);
    return slot;
}

/* Whether a reinstatement line makes its version the newest of all dates
 * (reinstate.h): one written before says of its date alone. */
static int over_all_dates(const cJSON *entry)
{
    const cJSON *m = registry_member(entry, REINSTATED_NEWEST_MEMBER);
    return cJSON_IsString(m) && strcmp(m->valuestring, REINSTATED_NEWEST_ALL) == 0;
}

/* Whether a registration is a backfill's (UNTIL: its data cut before a
 * date, registry-append): not the data given, it takes no epoch. */
static int is_backfill(const cJSON *entry)
{
    const cJSON *data = registry_member(entry, "data");
    return cJSON_IsObject(data) && registry_member(data, "cutoff");
}

/* The highest epoch of the versions of version's date so far (0: none):
 * where a reinstatement of its date alone puts it. */
static long epoch_of_date(const struct version_ranks *r, const char *version)
{
    long epoch = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strncmp(r->v[i].version, version, DATE_LEN) == 0 && r->v[i].epoch > epoch)
            epoch = r->v[i].epoch;
    return epoch;
}

static int note_line(const cJSON *entry, long line, void *data)
{
    struct rank_walk *w = data;
    const char *key = registry_key(entry);
    size_t plen = strlen(w->prefix);
    if (!key || strncmp(key, w->prefix, plen) != 0 || strlen(key + plen) < DATA_VERSION_LEN)
        return 0;
    char version[DATA_VERSION_LEN + 1];
    memcpy(version, key + plen, DATA_VERSION_LEN);
    version[DATA_VERSION_LEN] = '\0';
    long tail = reinstated_number(key + plen + DATA_VERSION_LEN);
    if (tail < 0 || !data_version_valid(version))
        return 0;
    struct version_rank *v = rank_slot(w->out, version);
    v->last = line;
    if (tail > 0) {
        v->reinstated = tail > v->reinstated ? tail : v->reinstated;
        /* Of all dates: a new epoch. Of its date alone (a line of before):
         * the place of its date's newest, above it by its line, and no
         * higher (a version alone on its date stays where it was). */
        if (over_all_dates(entry))
            w->epoch = v->epoch = line;
        else
            v->epoch = epoch_of_date(w->out, version);
    } else {
        v->registered = 1;
        v->epoch = is_backfill(entry) ? 0 : w->epoch;
    }
    return 0;
}

/* note_line of an entry; a line that is no entry (NULL) is passed over. */
static int note_entry(const cJSON *entry, long line, void *data)
{
    return entry ? note_line(entry, line, data) : 0;
}

/* The ranks of the versions of prefix (TYPE_LEAGUE_); a line that is no
 * entry warned of (registry.h), or, quietly, passed over. A line of the
 * league and type holds its key's opening quote and prefix: by that
 * needle the rest (years of other leagues' lines) are not parsed. */
static void read_ranks(FILE *fp, const char *name, const char *prefix, int quietly,
                       struct version_ranks *out)
{
    char *needle = xmalloc(strlen(prefix) + 2);
    sprintf(needle, "\"%s", prefix);
    struct rank_walk w = { prefix, 0, out };
    memset(out, 0, sizeof *out);
    if (quietly)
        registry_each_line(fp, name, registry_line_holds, needle, note_entry, &w);
    else
        registry_each_mentioning(fp, name, needle, note_line, &w);
    free(needle);
}

void version_ranks_read(FILE *fp, const char *name, const char *type, const char *league,
                        struct version_ranks *out)
{
    char *prefix = xmalloc(strlen(type) + strlen(league) + 3);
    sprintf(prefix, "%s_%s_", type, league);
    read_ranks(fp, name, prefix, 0, out);
    free(prefix);
}

void version_ranks_read_quietly(FILE *fp, const char *name, const char *prefix,
                                struct version_ranks *out)
{
    read_ranks(fp, name, prefix, 1, out);
}

/* The prefix's length where the version ends at end, the rest of the key
 * nothing or a reinstatement's suffix; else 0. */
static size_t prefix_len_ending(const char *key, const char *end)
{
    if (end - key < DATA_VERSION_LEN + 1 || end[-DATA_VERSION_LEN - 1] != '_' ||
        reinstated_number(end) < 0)
        return 0;
    char version[DATA_VERSION_LEN + 1];
    memcpy(version, end - DATA_VERSION_LEN, DATA_VERSION_LEN);
    version[DATA_VERSION_LEN] = '\0';
    return data_version_valid(version) ? (size_t)(end - key - DATA_VERSION_LEN) : 0;
}

size_t version_key_prefix_len(const char *key)
{
    size_t len = prefix_len_ending(key, key + strlen(key)); /* a registration */
    const char *at = strrchr(key, '@');                     /* a reinstatement */
    return len ? len : at ? prefix_len_ending(key, at) : 0;
}

const struct version_rank *version_rank_of(const struct version_ranks *r, const char *version)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].version, version) == 0)
            return &r->v[i];
    return NULL;
}

static int cmp_long(long a, long b) { return (a > b) - (a < b); }

static int registered(const struct version_rank *r) { return r && r->registered; }

int version_rank_cmp(const char *a, const struct version_rank *ra, const char *b,
                     const struct version_rank *rb)
{
    int c = registered(ra) - registered(rb);
    if (c == 0)
        c = cmp_long(ra ? ra->epoch : 0, rb ? rb->epoch : 0);
    if (c == 0)
        c = strncmp(a, b, DATE_LEN);
    if (c == 0)
        c = cmp_long(ra ? ra->last : 0, rb ? rb->last : 0);
    return c ? c : data_version_cmp(a, b);
}

int version_ranks_first(const struct version_ranks *r, const char *version)
{
    const struct version_rank *own = version_rank_of(r, version);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].version, version) != 0 &&
            version_rank_cmp(version, own, r->v[i].version, &r->v[i]) <= 0)
            return 0;
    return 1;
}

void version_ranks_free(struct version_ranks *r)
{
    free(r->v);
    memset(r, 0, sizeof *r);
}
