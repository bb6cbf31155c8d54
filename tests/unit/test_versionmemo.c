/* test_versionmemo.c: data versions kept across programs (versionmemo.h).
 * A version kept for files is found again only for the very files, in the
 * same order, with the same cutoff; a file rewritten, replaced or just
 * changed, a damaged entry, or no directory for images give nothing, and
 * the rows are digested again; a version's rows read from a kept version
 * are not read at all, and the version is the one a digest gives. TAP
 * output. */
#define _POSIX_C_SOURCE 200809L
#include "dataversion.h"
#include "date.h"
#include "fixtures.h"
#include "promoted.h"
#include "rowimage.h"
#include "util.h"
#include "versionmemo.h"
#include "versionrows.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testfiles.h"

/* The league "top" and the division below sharing B and C with it. */
static const char LEAGUE[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "top,2022-23,2022-09-01,A,B,1,0,,,\n"
    "top,2023-24,2023-09-01,A,C,3,1,,,\n"
    "top,2023-24,2023-09-08,C,A,,,,,\n";
static const char LEAGUE_LATER[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "top,2022-23,2022-09-01,A,B,1,0,,,\n"
    "top,2023-24,2023-09-01,A,C,3,1,,,\n"
    "top,2023-24,2023-09-08,C,A,2,2,,,\n";
static const char LEAGUE_SAME_SIZE[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "top,2022-23,2022-09-01,A,B,1,0,,,\n"
    "top,2023-24,2023-09-01,A,C,3,1,,,\n"
    "top,2023-24,2023-09-08,C,A,2,1,,,\n";
static const char FEEDER[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,odds_away\n"
    "below,2022-23,2022-09-02,C,D,2,2,,,\n"
    "below,2023-24,2023-09-02,B,D,0,0,,,\n";

static char dir[] = "/tmp/test_versionmemo.XXXXXX";
static char images[64], league_path[64], feeder_path[64];

/* Written aside and renamed over, as the pipeline publishes. */
static void replace_file(const char *path, const char *text)
{
    char tmp[80];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    write_file_now(tmp, text);
    if (rename(tmp, path) != 0)
        die("%s: cannot rename", tmp);
    let_time_pass();
}

static int count_entries(char *last, size_t len)
{
    DIR *d = opendir(images);
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d))) {
        size_t k = strlen(de->d_name);
        if (k > 8 && strcmp(de->d_name + k - 8, ".version") == 0) {
            n++;
            if (last)
                snprintf(last, len, "%s/%s", images, de->d_name);
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void remove_entries(void)
{
    char path[512];
    while (count_entries(path, sizeof path) > 0)
        unlink(path);
}

/* The league's rows and their files' identities, the league's first, then
 * the feeder's when with_feeder. */
static void read_files(struct fixture_set *set, struct version_files *f, int with_feeder)
{
    struct row_image_key id;
    memset(set, 0, sizeof *set);
    memset(f, 0, sizeof *f);
    if (fixtures_read_path_as(league_path, set, 1, &id) != 0)
        die("%s: bad rows", league_path);
    version_files_add(f, &id);
    if (with_feeder) {
        feeder_append_as(set, feeder_path, set, "top", 1, &id);
        version_files_add(f, &id);
    }
}

static int same_version(const struct data_version *a, const struct data_version *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->digest, b->digest) == 0 &&
           a->first_date == b->first_date && a->last_date == b->last_date &&
           a->matches == b->matches && a->cutoff == b->cutoff;
}

static void without_directory(void)
{
    struct fixture_set set;
    struct version_files f;
    struct data_version dv, kept;
    unsetenv("LEAGUEFIT_ROW_IMAGES");
    read_files(&set, &f, 1);
    ok(version_memo_of(&f, &set, INT_MAX, &dv) == 0 &&
           version_memo_find(&f, INT_MAX, &kept) != 0,
       "without a directory for images nothing is kept");
    setenv("LEAGUEFIT_ROW_IMAGES", images, 1);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0,
       "files read without one have no identity: nothing found for them");
    version_files_free(&f);
    fixtures_free(&set);
}

static void kept_and_found(void)
{
    struct fixture_set set;
    struct version_files f, g;
    struct data_version dv, digested, kept;
    read_files(&set, &f, 1);
    data_version_of(set.v, set.n, INT_MAX, &digested);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0, "nothing kept at first");
    ok(version_memo_of(&f, &set, INT_MAX, &dv) == 0 && same_version(&dv, &digested),
       "the version given is the digest's (%s)", dv.name);
    struct stat st, dst;
    char entry[512];
    ok(count_entries(entry, sizeof entry) == 1 && stat(entry, &st) == 0 &&
           (st.st_mode & 0777) == 0600 && stat(images, &dst) == 0 &&
           (dst.st_mode & 0777) == 0700,
       "one entry kept, the owner's alone (0600 in 0700)");
    ok(version_memo_find(&f, INT_MAX, &kept) == 0 && same_version(&kept, &digested),
       "found again: every member of the version as digested");
    fixtures_free(&set);
    read_files(&set, &g, 1);
    ok(version_memo_find(&g, INT_MAX, &kept) == 0 && same_version(&kept, &digested),
       "a later read of the same files finds it");
    version_files_free(&g);

    int cutoff;
    date_parse_iso("2023-01-01", &cutoff);
    ok(version_memo_find(&f, cutoff, &kept) != 0, "not for another cutoff");
    fixtures_free(&set);
    read_files(&set, &g, 0);
    ok(version_memo_find(&g, INT_MAX, &kept) != 0, "not for the league's file alone");
    struct version_files swapped = { 0 };
    version_files_add(&swapped, &f.key[1]);
    version_files_add(&swapped, &f.key[0]);
    ok(version_memo_find(&swapped, INT_MAX, &kept) != 0, "not for the files in another order");
    version_files_free(&swapped);
    struct version_files chained = f; /* (a view: f frees the keys) */
    chained.chained = 1;
    ok(version_memo_find(&chained, INT_MAX, &kept) != 0,
       "not for feeders linked to the earlier feeders' rows too (other rows)");
    version_files_free(&g);
    version_files_free(&f);
    fixtures_free(&set);
}

/* A file replaced, rewritten in place to the same size, or touched after
 * its version was kept: another identity, digested again. */
static void changed_files(void)
{
    struct fixture_set set;
    struct version_files f;
    struct data_version before, after, kept;
    read_files(&set, &f, 1);
    version_memo_of(&f, &set, INT_MAX, &before);
    version_files_free(&f);
    fixtures_free(&set);

    replace_file(league_path, LEAGUE_LATER);
    read_files(&set, &f, 1);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0, "a league file replaced: nothing found");
    version_memo_of(&f, &set, INT_MAX, &after);
    ok(strcmp(after.name, before.name) != 0,
       "digested again: another version (%s, not %s)", after.name, before.name);
    version_files_free(&f);
    fixtures_free(&set);

    /* Rewritten in place to the same size (another score): same inode
     * and size, new times. */
    write_file_now(league_path, LEAGUE_SAME_SIZE);
    let_time_pass();
    read_files(&set, &f, 1);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0,
       "rewritten in place to the same size: nothing found");
    version_memo_of(&f, &set, INT_MAX, &kept);
    ok(strcmp(kept.name, after.name) != 0 && strcmp(kept.name, before.name) != 0,
       "and the digest is its own (%s)", kept.name);
    version_files_free(&f);
    fixtures_free(&set);

    replace_file(feeder_path, FEEDER);
    read_files(&set, &f, 1);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0, "a feeder replaced: nothing found");
    version_files_free(&f);
    fixtures_free(&set);
}

/* A file changed in the window before it was read: nothing kept. Checked
 * on the first of ten tries whose read came well within the window (a
 * loaded machine may take longer, and the file is then settled: kept). */
static void racy_files(void)
{
    for (int try = 0; try < 10; try++) {
        struct fixture_set set;
        struct version_files f;
        struct data_version dv, kept;
        remove_entries();
        write_file_now(feeder_path, FEEDER);
        read_files(&set, &f, 1);
        int within = ns_since_change(feeder_path) < WELL_WITHIN_WINDOW_NS;
        if (within)
            ok(version_memo_of(&f, &set, INT_MAX, &dv) == 0 && count_entries(NULL, 0) == 0 &&
                   version_memo_find(&f, INT_MAX, &kept) != 0,
               "a feeder changed just before it was read: its version is not kept");
        version_files_free(&f);
        fixtures_free(&set);
        let_time_pass();
        if (within)
            return;
    }
    ok(1, "a feeder changed just before it was read: # SKIP no read came within the window");
}

static void flip_byte(const char *path, long at)
{
    FILE *fp = fopen(path, "r+b");
    int c;
    if (!fp || fseek(fp, at, SEEK_SET) != 0 || (c = fgetc(fp)) == EOF ||
        fseek(fp, at, SEEK_SET) != 0 || fputc(c ^ 1, fp) == EOF || fclose(fp) != 0)
        die("%s: cannot damage", path);
}

static void damaged_entries(void)
{
    struct fixture_set set;
    struct version_files f;
    struct data_version dv, kept;
    char entry[512];
    remove_entries();
    read_files(&set, &f, 1);
    version_memo_of(&f, &set, INT_MAX, &dv);
    count_entries(entry, sizeof entry);
    struct stat st;
    stat(entry, &st);
    int all_refused = 1;
    for (long at = 0; at < st.st_size; at += 7) {
        flip_byte(entry, at);
        all_refused &= version_memo_find(&f, INT_MAX, &kept) != 0;
        flip_byte(entry, at);
    }
    ok(all_refused && version_memo_find(&f, INT_MAX, &kept) == 0,
       "an entry with any byte changed is not used (and is again once mended)");
    if (truncate(entry, st.st_size - 1) != 0)
        die("%s: cannot truncate", entry);
    ok(version_memo_find(&f, INT_MAX, &kept) != 0, "a truncated entry is not used");
    ok(version_memo_of(&f, &set, INT_MAX, &kept) == 0 && same_version(&kept, &dv) &&
           version_memo_find(&f, INT_MAX, &kept) == 0,
       "the rows are digested again and the entry replaced");
    version_files_free(&f);
    fixtures_free(&set);
}

/* A version's rows read only for their version: from a kept version the
 * feeder is not read; without one it is, digested and kept. */
static void deferred_rows(void)
{
    struct fixture_set league = { 0 };
    struct row_image_key id;
    struct data_version eager, lazy;
    remove_entries();
    fixtures_read_path_as(league_path, &league, 1, &id);
    char *paths[] = { feeder_path };
    struct version_rows vr;
    version_rows_read(&vr, &league, NULL, paths, 1);
    data_version_of(vr.all.v, vr.all.n, INT_MAX, &eager);
    version_rows_free(&vr);

    version_rows_defer(&vr, &league, &id, paths, 1);
    ok(version_rows_version(&vr, INT_MAX, &lazy) == 0 && same_version(&lazy, &eager) &&
           vr.feed.n == 2,
       "nothing kept: the feeder is read and the version digested (%s)", lazy.name);
    version_rows_free(&vr);
    version_rows_defer(&vr, &league, &id, paths, 1);
    ok(version_rows_version(&vr, INT_MAX, &lazy) == 0 && same_version(&lazy, &eager) &&
           vr.feed.n == 0 && vr.all.n == league.n,
       "kept: the same version, the feeder not read");
    version_rows_free(&vr);

    /* The feeder replaced by other rows: read and digested again. */
    replace_file(feeder_path,
                 "league,season,date,home_team,away_team,home_goals,away_goals,"
                 "odds_home,odds_draw,odds_away\nbelow,2022-23,2022-09-02,C,D,2,1,,,\n"
                 "below,2023-24,2023-09-02,B,D,0,0,,,\n");
    version_rows_defer(&vr, &league, &id, paths, 1);
    ok(version_rows_version(&vr, INT_MAX, &lazy) == 0 && vr.feed.n == 2 &&
           strcmp(lazy.name, eager.name) != 0,
       "a feeder replaced: read again, another version (%s)", lazy.name);
    version_rows_free(&vr);
    fixtures_free(&league);
}

/* "-" is standard input to the readers: a file of that name in the
 * working directory is not what is read, and a FIFO is not opened (its
 * open would wait for a writer). */
static void not_files(void)
{
    char cwd[4096], fifo[80];
    struct version_files f = { 0 };
    if (!getcwd(cwd, sizeof cwd) || chdir(dir) != 0)
        die("cannot enter %s", dir);
    write_file_now("-", FEEDER);
    let_time_pass();
    version_files_add_path(&f, "-");
    ok(f.n == 1 && !f.key[0].image[0], "\"-\" has no identity, a file named - beside it aside");
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    if (mkfifo(fifo, 0600) != 0)
        die("%s: cannot make", fifo);
    alarm(10); /* (an open waiting for a writer: the test fails) */
    version_files_add_path(&f, fifo);
    alarm(0);
    ok(f.n == 2 && !f.key[1].image[0], "a FIFO has no identity, and is not waited for");
    version_files_free(&f);
    unlink("-");
    unlink(fifo);
    if (chdir(cwd) != 0)
        die("cannot go back to %s", cwd);
}

int main(void)
{
    if (!mkdtemp(dir))
        die("mkdtemp");
    snprintf(images, sizeof images, "%s/images", dir);
    snprintf(league_path, sizeof league_path, "%s/top.csv", dir);
    snprintf(feeder_path, sizeof feeder_path, "%s/feeder.csv", dir);
    write_file_now(league_path, LEAGUE);
    write_file_now(feeder_path, FEEDER);
    let_time_pass();
    without_directory();
    kept_and_found();
    changed_files();
    racy_files();
    damaged_entries();
    deferred_rows();
    not_files();
    remove_tree(dir);
    return done_testing();
}
