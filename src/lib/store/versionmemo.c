/* versionmemo.c: data versions kept across programs (see versionmemo.h).
 *
 * An entry is, in the host's own layout (a cache of this machine's):
 * struct memo_entry, zeroed then filled, whose check is the SHA-256 of
 * all the rest. Its name is its key's first 40 hex digits. */
#define _POSIX_C_SOURCE 200809L
#include "versionmemo.h"
#include "date.h"
#include "replace.h"
#include "sha256.h"
#include "util.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Raised whenever a version is digested another way. */
#define VERSION_MEMO_FORMAT 1

static const char memo_magic[8] = { 'L', 'F', 'V', 'E', 'R', 'M', 'E', 'M' };

struct memo_entry {
    char magic[8];
    unsigned format;
    char key[65];
    struct data_version dv;
    char check[65];
};

void version_files_add(struct version_files *f, const struct row_image_key *key)
{
    grow(&f->key, &f->cap, f->n + 1, sizeof *f->key);
    if (key)
        f->key[f->n] = *key;
    else
        f->key[f->n].image[0] = '\0';
    f->n++;
}

/* Opens path for its identity alone: -1 for "-" (standard input, which a
 * read of path reads, not a file of that name) and for anything but a
 * regular file (a FIFO's open would wait for a writer, and its close lose
 * what was written). */
static int open_to_identify(const char *path)
{
    struct stat st;
    if (!row_images_on() || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode))
        return -1;
    return open(path, O_RDONLY | O_NONBLOCK);
}

void version_files_add_path(struct version_files *f, const char *path)
{
    struct row_image_key key;
    int fd = open_to_identify(path);
    if (fd < 0 || row_image_identify(fd, &key) != 0)
        key.image[0] = '\0';
    if (fd >= 0)
        close(fd);
    version_files_add(f, &key);
}

void version_files_free(struct version_files *f)
{
    free(f->key);
    memset(f, 0, sizeof *f);
}

/* The entry's path and key (hex SHA-256 of the formats, the cutoff, how
 * the feeders were linked and every file's identity); 0, or -1 when no
 * entry is kept for these files. */
static int memo_key(const struct version_files *f, int cutoff, char path[4096], char key[65])
{
    const char *dir = getenv("LEAGUEFIT_ROW_IMAGES");
    if (!dir || !*dir || f->n == 0)
        return -1;
    struct sha256 c;
    char line[256];
    sha256_begin(&c);
    int len = snprintf(line, sizeof line, "version memo %d rows %d cutoff %d files %zu%s\n",
                       VERSION_MEMO_FORMAT, ROW_IMAGE_FORMAT, cutoff, f->n,
                       f->chained ? " chained" : "");
    sha256_add(&c, line, (size_t)len);
    for (size_t i = 0; i < f->n; i++) {
        const struct row_image_key *k = &f->key[i];
        if (!k->image[0])
            return -1;
        len = snprintf(line, sizeof line, "%llx %llx %llu %lld.%09lld %lld.%09lld\n", k->dev,
                       k->ino, k->size, k->mtime_sec, k->mtime_nsec, k->ctime_sec,
                       k->ctime_nsec);
        sha256_add(&c, line, (size_t)len);
    }
    sha256_hex(&c, key);
    len = snprintf(path, 4096, "%s/%.40s.version", dir, key);
    return len > 0 && len < 4096 ? 0 : -1;
}

/* The SHA-256 of every byte of the entry but its check's (the padding
 * after it too: an entry is read back whole). */
static void entry_check(const struct memo_entry *e, char check[65])
{
    struct sha256 c;
    size_t end = offsetof(struct memo_entry, check) + sizeof e->check;
    sha256_begin(&c);
    sha256_add(&c, e, offsetof(struct memo_entry, check));
    sha256_add(&c, (const char *)e + end, sizeof *e - end);
    sha256_hex(&c, check);
}

static int lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[n] == '\0';
}

/* Whether dv is a version as data_version_of gives one for cutoff: its
 * name the last date's and the digest's, the dates in order. */
static int version_checks(const struct data_version *dv, int cutoff)
{
    char date[11];
    if (dv->cutoff != cutoff || dv->matches == 0 || dv->first_date > dv->last_date ||
        dv->last_date >= cutoff || !lower_hex(dv->digest, 64) ||
        memchr(dv->name, '\0', sizeof dv->name) == NULL || !data_version_valid(dv->name) ||
        strcmp(dv->name, LEGACY_VERSION) == 0)
        return 0;
    date_format(dv->last_date, date);
    return memcmp(dv->name, date, 10) == 0 && memcmp(dv->name + 11, dv->digest, 8) == 0;
}

int version_memo_find(const struct version_files *f, int cutoff, struct data_version *dv)
{
    char path[4096], key[65];
    struct memo_entry e;
    if (memo_key(f, cutoff, path, key) != 0)
        return -1;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    int whole = fstat(fd, &st) == 0 && st.st_size == (off_t)sizeof e &&
                read(fd, &e, sizeof e) == (ssize_t)sizeof e;
    char check[65];
    int ok = whole && memcmp(e.magic, memo_magic, sizeof e.magic) == 0 &&
             e.format == VERSION_MEMO_FORMAT && memcmp(e.key, key, sizeof e.key) == 0;
    if (ok) {
        entry_check(&e, check);
        ok = memcmp(check, e.check, sizeof check) == 0 && version_checks(&e.dv, cutoff);
    }
    if (ok) {
        futimens(fd, NULL); /* used: kept longest (row_image_prune) */
        *dv = e.dv;
    }
    close(fd);
    return ok ? 0 : -1;
}

void version_memo_keep(const struct version_files *f, const struct data_version *dv)
{
    char path[4096];
    struct memo_entry e;
    memset(&e, 0, sizeof e); /* (padding too: the check covers it) */
    if (memo_key(f, dv->cutoff, path, e.key) != 0)
        return;
    for (size_t i = 0; i < f->n; i++)
        if (!row_image_settled(&f->key[i]))
            return;
    memcpy(e.magic, memo_magic, sizeof e.magic);
    e.format = VERSION_MEMO_FORMAT;
    e.dv = *dv;
    entry_check(&e, e.check);
    /* Written aside, then renamed over: a reader sees a whole entry. The
     * owner's alone, as the images beside it. */
    const char *dir = getenv("LEAGUEFIT_ROW_IMAGES");
    (void)mkdir(dir, 0700);
    struct replacement r;
    if (replace_begin(&r, path, 0600) == 0 &&
        replace_end(&r, write_all(r.fd, &e, sizeof e) == 0) == 0)
        row_image_prune(dir, ROW_IMAGE_KEEP_BYTES);
}

int version_memo_of(const struct version_files *f, const struct fixture_set *set, int cutoff,
                    struct data_version *dv)
{
    if (f && version_memo_find(f, cutoff, dv) == 0)
        return 0;
    int rc = data_version_of(set->v, set->n, cutoff, dv);
    if (rc == 0 && f)
        version_memo_keep(f, dv);
    return rc;
}
