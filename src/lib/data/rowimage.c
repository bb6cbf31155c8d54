/* rowimage.c: parsed rows kept as binary images (rowimage.h).
 *
 * An image is, in the host's own byte order (it is a cache of this
 * machine's, never exchanged):
 *
 *   header | rows × struct image_row | X (rows × nfeat doubles) |
 *   history (rows ints, with features only) | text
 *
 * text holding each row's four names, NUL-terminated, which the rows point
 * into by offset. The header's checksum covers all that follows it. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "rowimage.h"
#include "names.h"
#include "odds.h"
#include "replace.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char image_magic[8] = { 'L', 'F', 'R', 'O', 'W', 'I', 'M', 'G' };

struct image_header {
    char magic[8];
    uint32_t format, nfeat;
    uint64_t names_digest; /* of the feature names (0: rows only) */
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    uint64_t nrows, text_bytes;
    uint64_t checksum;     /* of everything after the header */
};

struct image_row {
    uint32_t text[4]; /* offsets of league, season, home, away */
    int32_t date, home_goals, away_goals, odds_source;
    double odds[3];
    int32_t stats[NSTATS];
    uint32_t stats_present;
    int64_t line;
};

/* FNV-1a over 64-bit words in four interleaved lanes (one chain of
 * multiplies ran at a quarter of memory speed), then the tail, continued
 * from h over each part in turn: a check against a truncated or damaged
 * image. */
#define CHECKSUM_START 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u
static uint64_t checksum(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t lane[4] = { h, h ^ 1, h ^ 2, h ^ 3 };
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * k, 8);
            lane[k] = (lane[k] ^ w) * FNV_PRIME;
        }
    h = lane[0];
    for (int k = 1; k < 4; k++)
        h = (h ^ lane[k]) * FNV_PRIME;
    for (; i < n; i++)
        h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

static uint64_t names_digest(const struct row_features *feat)
{
    uint64_t h = 0;
    for (int k = 0; feat && k < feat->nfeat; k++)
        h = checksum(h * 31 + 1, feat->names[k], strlen(feat->names[k]) + 1);
    return h;
}

/* The parts of an image after its header, in order. */
enum part { P_ROWS, P_X, P_HISTORY, P_TEXT, NPARTS };

static void part_sizes(uint64_t nrows, uint64_t nfeat, uint64_t text_bytes, size_t size[NPARTS])
{
    size[P_ROWS] = nrows * sizeof(struct image_row);
    size[P_X] = nrows * nfeat * sizeof(double);
    size[P_HISTORY] = nfeat ? nrows * sizeof(int32_t) : 0;
    size[P_TEXT] = text_bytes;
}

static size_t payload_bytes(uint64_t nrows, uint64_t nfeat, uint64_t text_bytes)
{
    size_t size[NPARTS], total = 0;
    part_sizes(nrows, nfeat, text_bytes, size);
    for (int i = 0; i < NPARTS; i++)
        total += size[i];
    return total;
}

/* The key of the file open as fd: its identity (of the file open, which
 * the caller could read: an image never stands for a file it could not)
 * and its image's path under the directory the environment names. 0 when
 * an image may be kept. */
static int make_key(int fd, const struct row_features *feat, struct row_image_key *key)
{
    const char *dir = getenv("LEAGUEFIT_ROW_IMAGES");
    struct stat st;
    key->image[0] = '\0';
    if (!dir || !*dir || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    key->dev = (unsigned long long)st.st_dev;
    key->ino = (unsigned long long)st.st_ino;
    key->size = (unsigned long long)st.st_size;
    key->mtime_sec = st.st_mtim.tv_sec, key->mtime_nsec = st.st_mtim.tv_nsec;
    key->ctime_sec = st.st_ctim.tv_sec, key->ctime_nsec = st.st_ctim.tv_nsec;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    key->taken_sec = now.tv_sec, key->taken_nsec = now.tv_nsec;
    int len = snprintf(key->image, sizeof key->image, "%s/%llx-%llx.%s", dir, key->dev,
                       key->ino, feat ? "features" : "rows");
    if (len < 0 || (size_t)len >= sizeof key->image) {
        key->image[0] = '\0';
        return -1;
    }
    return 0;
}

static void fill_header(struct image_header *h, const struct row_image_key *key,
                        const struct row_features *feat, uint64_t nrows, uint64_t text_bytes)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, image_magic, sizeof h->magic);
    h->format = ROW_IMAGE_FORMAT;
    h->nfeat = feat ? (uint32_t)feat->nfeat : 0;
    h->names_digest = names_digest(feat);
    h->dev = key->dev, h->ino = key->ino, h->size = key->size;
    h->mtime_sec = key->mtime_sec, h->mtime_nsec = key->mtime_nsec;
    h->ctime_sec = key->ctime_sec, h->ctime_nsec = key->ctime_nsec;
    h->nrows = nrows;
    h->text_bytes = text_bytes;
}

/* Whether the image's header is the one this key and feat look for
 * (checksum and counts aside), and its size what its counts make. */
static int header_matches(const struct image_header *h, const struct row_image_key *key,
                          const struct row_features *feat, size_t file_size)
{
    struct image_header want;
    fill_header(&want, key, feat, h->nrows, h->text_bytes);
    want.checksum = h->checksum;
    if (memcmp(h, &want, sizeof want) != 0 || h->nrows > file_size || h->text_bytes > file_size)
        return 0;
    return file_size - sizeof *h == payload_bytes(h->nrows, h->nfeat, h->text_bytes);
}

/* An image mapped: its pages are the page cache's, where reading it into
 * memory of the process's own cost as much again (fresh pages). */
#ifndef MAP_POPULATE /* (Linux's: the pages mapped at once, not a fault each) */
#define MAP_POPULATE 0
#endif

struct mapped_image {
    void *base;
    size_t size;
    struct image_header h;
    const void *part[NPARTS];
};

/* Maps the image of key, when it matches and checks; -1 otherwise, with
 * nothing mapped. */
static int map_image(const struct row_image_key *key, const struct row_features *feat,
                     struct mapped_image *m)
{
    int fd = open(key->image, O_RDONLY), ok = 0;
    struct stat st;
    if (fd < 0)
        return -1;
    m->base = MAP_FAILED;
    if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof m->h) {
        m->size = (size_t)st.st_size;
        m->base = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    }
    if (m->base != MAP_FAILED) {
        memcpy(&m->h, m->base, sizeof m->h);
        ok = header_matches(&m->h, key, feat, m->size);
    }
    if (ok) {
        size_t size[NPARTS], at = sizeof m->h;
        uint64_t sum = CHECKSUM_START;
        part_sizes(m->h.nrows, m->h.nfeat, m->h.text_bytes, size);
        for (int i = 0; i < NPARTS; at += size[i++]) {
            m->part[i] = (const char *)m->base + at;
            sum = checksum(sum, m->part[i], size[i]);
        }
        ok = sum == m->h.checksum;
    }
    if (ok)
        futimens(fd, NULL); /* used: kept longest (row_image_prune) */
    else if (m->base != MAP_FAILED)
        munmap(m->base, m->size);
    close(fd);
    return ok ? 0 : -1;
}

/* Whether every row holds what a parse can give (the checksum guards
 * against damage, not against an image written by another hand): names
 * within the text, goals 0..99 or none on both sides, statistics 0..999,
 * a known odds source, odds none or above 1. */
static int rows_check(const struct image_row *rows, size_t n, const char *text, size_t text_bytes)
{
    if (text_bytes == 0 || text[text_bytes - 1] != '\0')
        return 0;
    for (size_t i = 0; i < n; i++) {
        const struct image_row *r = &rows[i];
        int played = r->home_goals != NO_GOALS;
        if ((r->away_goals != NO_GOALS) != played ||
            (played && (r->home_goals < 0 || r->home_goals > 99 || r->away_goals < 0 ||
                        r->away_goals > 99)) ||
            r->odds_source < 0 || r->odds_source >= NODDS_SOURCES ||
            r->stats_present > ALL_STATS)
            return 0;
        for (int s = 0; s < 4; s++)
            if (r->text[s] >= text_bytes)
                return 0;
        for (int k = 0; k < 3; k++)
            if (!(r->odds[k] == 0 || r->odds[k] > 1) || !isfinite(r->odds[k]))
                return 0;
        for (int k = 0; k < NSTATS; k++)
            if (r->stats[k] < 0 || r->stats[k] > 999)
                return 0;
    }
    return 1;
}

/* Appends the image's rows to set, not interned (keys 0). Their names
 * are borrowed from the mapped text, which the caller keeps mapped: a copy
 * of each was four allocations a row, a tenth of a metrics run. (The
 * mapping is read-only: nothing writes into a row's names.) */
static void append_rows(struct fixture_set *set, const struct image_row *rows, size_t n,
                        const char *text, const char *source)
{
    grow(&set->v, &set->cap, set->n + n, sizeof *set->v);
    for (size_t i = 0; i < n; i++) {
        const struct image_row *r = &rows[i];
        struct fixture *f = &set->v[set->n++];
        memset(f, 0, sizeof *f);
        f->league = (char *)(text + r->text[0]);
        f->season = (char *)(text + r->text[1]);
        f->home = (char *)(text + r->text[2]);
        f->away = (char *)(text + r->text[3]);
        f->borrowed = 1;
        f->date = r->date;
        f->home_goals = r->home_goals;
        f->away_goals = r->away_goals;
        f->odds_source = r->odds_source;
        memcpy(f->odds, r->odds, sizeof f->odds);
        for (int k = 0; k < NSTATS; k++)
            f->stats[k] = r->stats[k];
        f->stats_present = r->stats_present;
        f->line = (long)r->line;
        f->source = source;
    }
}

_Static_assert(sizeof(int) == sizeof(int32_t), "history is kept as 32-bit ints");
_Static_assert(sizeof(struct image_header) % sizeof(double) == 0 &&
                   sizeof(struct image_row) % sizeof(double) == 0,
               "the features of a mapped image are aligned doubles");

int row_image_load(int fd, const char *name, struct fixture_set *set, int keyed,
                   struct row_features *feat, struct row_image_key *key)
{
    struct mapped_image m;
    if (make_key(fd, feat, key) != 0 || map_image(key, feat, &m) != 0)
        return -1;
    size_t n = (size_t)m.h.nrows;
    const struct image_row *rows = m.part[P_ROWS];
    int ok = rows_check(rows, n, m.part[P_TEXT], (size_t)m.h.text_bytes);
    if (ok) {
        append_rows(set, rows, n, m.part[P_TEXT], name);
        if (keyed) /* (the whole set, as a read interns it) */
            fixtures_intern(set);
    }
    /* The features are read where they are mapped, as the names: a copy
     * (a feature table's are three megabytes) cost as much again in fresh
     * pages as in copying, a twentieth of a metrics run. (The image's
     * parts are 8-byte aligned: its header and rows are whole multiples
     * of 8 bytes.) */
    if (ok && feat) {
        feat->X = (double *)m.part[P_X];
        feat->history = (int *)m.part[P_HISTORY];
    }
    /* The rows' names and features live in the mapping: it stays for the
     * process's life (an image is replaced by a new file, never rewritten
     * in place, so what is mapped cannot change under them). */
    if (!ok)
        munmap(m.base, m.size);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------ saving */

static uint32_t add_text(char **text, size_t *len, size_t *cap, const char *s)
{
    size_t at = *len, n = strlen(s) + 1;
    grow(text, cap, at + n, 1);
    memcpy(*text + at, s, n);
    *len += n;
    return (uint32_t)at;
}

/* The rows part and the text part of an image of v[0 .. n); *text_bytes
 * the text's size. The text holds each distinct name once, in name order,
 * and the rows point to it: a league's rows name a few dozen teams and
 * seasons, and a loaded set's rows then share their names (less to map,
 * check and intern). */
static struct image_row *build_rows(const struct fixture *v, size_t n, char **text,
                                    size_t *text_bytes)
{
    size_t tlen = 0, tcap = 0;
    struct image_row *rows = xcalloc(n + 1, sizeof *rows); /* padding zeroed */
    const char **name = xmalloc((4 * n + 1) * sizeof *name), **distinct;
    int *rank = xmalloc((4 * n + 1) * sizeof *rank);
    for (size_t i = 0; i < n; i++) {
        name[4 * i] = v[i].league, name[4 * i + 1] = v[i].season;
        name[4 * i + 2] = v[i].home, name[4 * i + 3] = v[i].away;
    }
    size_t d = name_ranks(name, 4 * n, rank, &distinct);
    uint32_t *offset = xmalloc((d + 1) * sizeof *offset);
    *text = NULL;
    for (size_t k = 0; k < d; k++)
        offset[k] = add_text(text, &tlen, &tcap, distinct[k]);
    for (size_t i = 0; i < n; i++) {
        const struct fixture *f = &v[i];
        struct image_row *r = &rows[i];
        for (int s = 0; s < 4; s++)
            r->text[s] = offset[rank[4 * i + s]];
        r->date = f->date;
        r->home_goals = f->home_goals;
        r->away_goals = f->away_goals;
        r->odds_source = f->odds_source;
        memcpy(r->odds, f->odds, sizeof r->odds);
        for (int k = 0; k < NSTATS; k++)
            r->stats[k] = f->stats[k];
        r->stats_present = f->stats_present;
        r->line = f->line;
    }
    *text_bytes = tlen;
    free(offset);
    free(distinct);
    free(rank);
    free(name);
    return rows;
}


struct image_entry {
    char *path;
    struct timespec used;
    off_t size;
};

/* Latest use first. */
static int cmp_used(const void *a, const void *b)
{
    const struct timespec *x = &((const struct image_entry *)a)->used;
    const struct timespec *y = &((const struct image_entry *)b)->used;
    if (x->tv_sec != y->tv_sec)
        return x->tv_sec > y->tv_sec ? -1 : 1;
    return (x->tv_nsec < y->tv_nsec) - (x->tv_nsec > y->tv_nsec);
}

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), k = strlen(end);
    return n > k && strcmp(s + n - k, end) == 0;
}

/* An image being written, left by a program killed meanwhile once it is
 * this old (seconds). */
#define STALE_TEMP 3600

/* The images of dir (stale temp files removed on the way). */
static struct image_entry *list_images(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct image_entry *e = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        struct stat st;
        int temp = ends_with(de->d_name, ".new");
        if (!temp && !ends_with(de->d_name, ".rows") && !ends_with(de->d_name, ".features") &&
            !ends_with(de->d_name, ".version"))
            continue;
        char *path = path_join(dir, de->d_name);
        int found = stat(path, &st) == 0;
        if (!found || temp) {
            if (found && st.st_mtim.tv_sec < time(NULL) - STALE_TEMP)
                unlink(path);
            free(path);
            continue;
        }
        grow(&e, &cap, n + 1, sizeof *e);
        e[n++] = (struct image_entry){ path, st.st_mtim, st.st_size };
    }
    if (d)
        closedir(d);
    *count = n;
    return e;
}

void row_image_prune(const char *dir, unsigned long long max_bytes)
{
    size_t n;
    struct image_entry *e = list_images(dir, &n);
    unsigned long long kept = 0;
    if (n > 1)
        qsort(e, n, sizeof *e, cmp_used);
    for (size_t i = 0; i < n; i++) {
        kept += (unsigned long long)e[i].size;
        if (kept > max_bytes && i > 0)
            unlink(e[i].path);
        free(e[i].path);
    }
    free(e);
}

/* A file's times come from a clock that ticks every few milliseconds: a
 * file changed again within the tick it was read in keeps its times (and,
 * rewritten to the same size, its whole identity). A file changed less
 * than this long before its key was taken, that is before it was read,
 * gets no image (the next read keeps one): what was read may not be what
 * it holds at the end of that tick. As git treats an index entry as
 * "racily clean". On a file system whose times are whole seconds (FAT,
 * some network mounts: both nanoseconds 0), RACY_WHOLE_NS. */
#define RACY_NS 50000000LL
#define RACY_WHOLE_NS 2000000000LL

/* How long, in ns, until the file's times of key lie the window before the
 * key's time (0: they do); -1 when no wait would do (times ahead of it, or
 * whole-second times, whose window is two seconds). */
static long long racy_wait(const struct row_image_key *key)
{
    int whole = key->mtime_nsec == 0 && key->ctime_nsec == 0;
    long long window = whole ? RACY_WHOLE_NS : RACY_NS, wait = 0;
    /* Seconds first: a time in the far future must not overflow. */
    const long long sec[2] = { key->mtime_sec, key->ctime_sec };
    const long long nsec[2] = { key->mtime_nsec, key->ctime_nsec };
    for (int i = 0; i < 2; i++) {
        long long ahead = sec[i] - key->taken_sec; /* file time - key's time, seconds */
        if (ahead > 0)
            return -1;
        if (ahead > -3) {
            long long ahead_ns = ahead * 1000000000LL + (nsec[i] - key->taken_nsec);
            if (ahead_ns > 0)
                return -1;
            wait = ahead_ns + window > wait ? ahead_ns + window : wait;
        }
    }
    return whole && wait > 0 ? -1 : wait;
}

static int changed_lately(const struct row_image_key *key) { return racy_wait(key) != 0; }

int row_image_settled(const struct row_image_key *key)
{
    return key->image[0] && !changed_lately(key);
}

int row_image_identify(int fd, struct row_image_key *key)
{
    return make_key(fd, NULL, key);
}

/* Whether the file open as fd holds exactly the len bytes at written: read
 * back from its start (pread: its offset is left as it was) and compared
 * byte for byte, then nothing after them. */
static int holds(int fd, const char *written, size_t len)
{
    char buf[65536];
    size_t at = 0;
    for (;;) {
        ssize_t got = pread(fd, buf, sizeof buf, (off_t)at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got == 0 && at == len;
        if ((size_t)got > len - at || memcmp(buf, written + at, (size_t)got) != 0)
            return 0;
        at += (size_t)got;
    }
}

int row_images_on(void)
{
    const char *dir = getenv("LEAGUEFIT_ROW_IMAGES");
    return dir && *dir;
}

void row_image_save_written(const char *path, const char *written, size_t len,
                            const struct fixture_set *set, size_t first,
                            const struct row_features *feat)
{
    int fd = row_images_on() ? open(path, O_RDONLY) : -1;
    struct row_image_key key;
    if (fd < 0)
        return;
    long long wait = make_key(fd, feat, &key) == 0 ? racy_wait(&key) : -1;
    if (wait > 0) {
        struct timespec pause = { wait / 1000000000LL, wait % 1000000000LL };
        while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
            ;
        wait = make_key(fd, feat, &key) == 0 ? racy_wait(&key) : -1;
    }
    /* Read back after the key is taken: a change since then gives the
     * file other times, which the image's key then does not match. */
    if (wait == 0 && holds(fd, written, len))
        row_image_save(&key, set, first, feat);
    close(fd);
}

void row_image_save(const struct row_image_key *key, const struct fixture_set *set,
                    size_t first, const struct row_features *feat)
{
    const char *dir = getenv("LEAGUEFIT_ROW_IMAGES");
    /* (no image of a header alone) */
    if (!key->image[0] || first >= set->n || !dir || !*dir || changed_lately(key))
        return;
    size_t n = set->n - first, text_bytes, size[NPARTS];
    char *text;
    struct image_row *rows = build_rows(set->v + first, n, &text, &text_bytes);
    if (text_bytes > UINT32_MAX) { /* (names past the offsets' reach: none kept) */
        free(rows);
        free(text);
        return;
    }
    const void *part[NPARTS] = { rows, feat ? feat->X : NULL, feat ? feat->history : NULL, text };
    struct image_header h;
    fill_header(&h, key, feat, n, text_bytes);
    part_sizes(n, h.nfeat, text_bytes, size);
    h.checksum = CHECKSUM_START;
    for (int i = 0; i < NPARTS; i++)
        h.checksum = checksum(h.checksum, part[i], size[i]);
    /* Written aside, then renamed over: a reader sees a whole image. The
     * owner's alone: an image holds the rows of files others may not
     * read. */
    (void)mkdir(dir, 0700);
    struct replacement r;
    if (replace_begin(&r, key->image, 0600) == 0) {
        int ok = write_all(r.fd, &h, sizeof h) == 0;
        for (int i = 0; i < NPARTS; i++)
            ok = ok && write_all(r.fd, part[i], size[i]) == 0;
        if (replace_end(&r, ok) == 0)
            row_image_prune(dir, ROW_IMAGE_KEEP_BYTES);
    }
    free(rows);
    free(text);
}
