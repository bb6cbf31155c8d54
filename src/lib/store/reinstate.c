/* reinstate.c: the registry's reinstatements of a version, and the rank of
 * a version of one date by its last line. */
#define _POSIX_C_SOURCE 200809L
#include "reinstate.h"
#include "dataversion.h"
#include "registry.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* YYYY-MM-DD-xxxxxxxx, and the date at its head. */
#define DATED_LEN 19
#define DATE_LEN 10

char *reinstated_key(const char *type, const char *league, const char *version, long n)
{
    size_t len = strlen(type) + strlen(league) + strlen(version) +
                 strlen(REINSTATED_SUFFIX) + 24;
    char *key = xmalloc(len);
    snprintf(key, len, "%s_%s_%s%s%ld", type, league, version, REINSTATED_SUFFIX, n);
    return key;
}

/* What follows a version in a key: "" (its registration) is 0; a
 * reinstatement's suffix and number (1, 2, ... without leading zeros) is
 * that number; anything else -1: the key is another version's, or no
 * key of these kinds. */
static long key_tail(const char *tail)
{
    size_t slen = strlen(REINSTATED_SUFFIX);
    if (*tail == '\0')
        return 0;
    if (strncmp(tail, REINSTATED_SUFFIX, slen) != 0)
        return -1;
    const char *digits = tail + slen;
    size_t n = strspn(digits, "0123456789");
    long value;
    if (n == 0 || n > 18 || digits[n] != '\0' || digits[0] == '0' || parse_long(digits, &value))
        return -1;
    return value;
}

int key_ranks_version(const char *key, const char *prefix, const char *version)
{
    size_t plen = strlen(prefix), vlen = strlen(version);
    return strncmp(key, prefix, plen) == 0 && strncmp(key + plen, version, vlen) == 0 &&
           key_tail(key + plen + vlen) >= 0;
}

struct standing_walk {
    const char *prefix, *version;
    struct date_standing *out;
};

static int note_standing(const cJSON *entry, long line, void *data)
{
    (void)line;
    struct standing_walk *w = data;
    const char *key = registry_key(entry);
    size_t plen = strlen(w->prefix);
    if (!key || strncmp(key, w->prefix, plen) != 0 || strlen(key + plen) < DATED_LEN)
        return 0;
    char version[DATED_LEN + 1];
    memcpy(version, key + plen, DATED_LEN);
    version[DATED_LEN] = '\0';
    long tail = key_tail(key + plen + DATED_LEN);
    if (tail < 0 || !data_version_valid(version) || strncmp(version, w->version, DATE_LEN) != 0)
        return 0;
    int own = strcmp(version, w->version) == 0;
    w->out->newest = own; /* the last line of the date so far */
    if (own && tail == 0)
        w->out->registered = 1;
    if (own && tail > w->out->reinstated)
        w->out->reinstated = tail;
    return 0;
}

void date_standing_read(FILE *fp, const char *name, const char *type, const char *league,
                        const char *version, struct date_standing *out)
{
    char *prefix = xmalloc(strlen(type) + strlen(league) + 3);
    sprintf(prefix, "%s_%s_", type, league);
    struct standing_walk w = { prefix, version, out };
    memset(out, 0, sizeof *out);
    registry_each(fp, name, note_standing, &w);
    free(prefix);
}
