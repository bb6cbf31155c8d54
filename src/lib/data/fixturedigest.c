/* fixturedigest.c: a row's fields fed to a SHA-256 as bytes (see
 * fixturedigest.h). */
#include "fixturedigest.h"

#include <stdint.h>
#include <string.h>

/* The bytes of a row, gathered so that the digest is fed once a row (a
 * call a field cost as much as the formatting it replaces); a name too
 * long for what is left is fed on its own. */
struct packed {
    struct sha256 *c;
    size_t n;
    unsigned char b[256];
};

static void flush(struct packed *p)
{
    sha256_add(p->c, p->b, p->n);
    p->n = 0;
}

static void put(struct packed *p, const void *data, size_t n)
{
    if (n > sizeof p->b - p->n)
        flush(p);
    if (n > sizeof p->b) {
        sha256_add(p->c, data, n);
        return;
    }
    memcpy(p->b + p->n, data, n);
    p->n += n;
}

static void put_u32(struct packed *p, uint32_t v)
{
    unsigned char le[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                            (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    put(p, le, sizeof le);
}

static void put_u64(struct packed *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p, (uint32_t)(v >> 32));
}

/* An odds as a line holds it: none (0) unless above 0, else its bits
 * (never 0 for a positive number). */
static uint64_t odds_bits(double v)
{
    uint64_t bits = 0;
    if (v > 0)
        memcpy(&bits, &v, sizeof bits);
    return bits;
}

void fixture_digest_fields(struct sha256 *c, const struct fixture *f)
{
    struct packed p = { c, 0, { 0 } };
    const char *name[4] = { f->league, f->season, f->home, f->away };
    for (int k = 0; k < 4; k++)
        put(&p, name[k], strlen(name[k]) + 1);
    put_u32(&p, (uint32_t)f->date);
    int played = fixture_played(f);
    put_u32(&p, played ? (uint32_t)f->home_goals : UINT32_MAX);
    put_u32(&p, played ? (uint32_t)f->away_goals : UINT32_MAX);
    for (int k = 0; k < 3; k++)
        put_u64(&p, odds_bits(f->odds[k]));
    /* A line has the statistics columns when the row has any statistic,
     * and holds those of the columns it has. */
    put_u32(&p, f->stats_present != 0);
    put_u32(&p, f->stats_present & ALL_STATS);
    for (int k = 0; k < NSTATS; k++)
        if (f->stats_present & 1u << k)
            put_u32(&p, (uint32_t)f->stats[k]);
    flush(&p);
}
