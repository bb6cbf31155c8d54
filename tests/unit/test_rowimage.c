/* test_rowimage.c: rows and feature tables kept as binary images load as
 * the text parses, to the bit; an image is used only for the very file it
 * was made from (a rewritten file, a damaged image, another kind of read
 * are parsed again), never for a file with bad rows or a fixture and its
 * result (which only import-fixtures lets pass), and the directory
 * keeps the images used last, up to its size. TAP output. */
#define _POSIX_C_SOURCE 200809L
#include "fixtures.h"
#include "prematch.h"
#include "rowimage.h"
#include "util.h"

#include <dirent.h>
#include <math.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "testfiles.h"

/* Statistics, odds and their source, an unplayed match, a quoted name
 * with a comma and UTF-8. */
static const char CSV[] =
    "league,season,date,home_team,away_team,home_goals,away_goals,odds_home,odds_draw,"
    "odds_away,odds_source,home_shots,away_shots,home_shots_on_target,"
    "away_shots_on_target,home_corners,away_corners\n"
    "serie_a,2023-24,2023-08-19,Inter,Monza,2,0,1.2,6,15,pinnacle_closing,20,5,8,1,9,2\n"
    "serie_a,2023-24,2023-08-19,\"Roma, AS\",Salernitana,2,2,,,,,,,,,,\n"
    "serie_a,2023-24,2023-08-20,Lazio,Lecce,1,1,2.5,3.1,2.9,avg_closing,11,12,3,4,5,6\n"
    "serie_a,2023-24,2023-08-26,Génova,Inter,,,2.5,3.1,2.9,avg_closing,,,,,,\n";

static char dir[] = "/tmp/test_rowimage.XXXXXX";
static char images[64], csv[64];

static void write_file(const char *path, const char *text)
{
    write_file_now(path, text);
    let_time_pass();
}

static int count_images(void)
{
    DIR *d = opendir(images);
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d)))
        n += de->d_name[0] != '.' && !strstr(de->d_name, ".new");
    if (d)
        closedir(d);
    return n;
}

static int same_fixture(const struct fixture *a, const struct fixture *b)
{
    return !strcmp(a->league, b->league) && !strcmp(a->season, b->season) &&
           !strcmp(a->home, b->home) && !strcmp(a->away, b->away) && a->date == b->date &&
           a->home_goals == b->home_goals && a->away_goals == b->away_goals &&
           !memcmp(a->odds, b->odds, sizeof a->odds) && a->odds_source == b->odds_source &&
           !memcmp(a->stats, b->stats, sizeof a->stats) &&
           a->stats_present == b->stats_present && a->line == b->line &&
           a->home_key == b->home_key && a->away_key == b->away_key;
}

static int same_set(const struct fixture_set *a, const struct fixture_set *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_fixture(&a->v[i], &b->v[i]))
            return 0;
    return 1;
}

/* row_image_load of the file at path, opened here. */
static int load(const char *path, struct fixture_set *s, struct row_features *feat,
                struct row_image_key *key)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        die("%s: cannot open", path);
    int rc = row_image_load(fd, path, s, 1, feat, key);
    close(fd);
    return rc;
}

/* Whether path's image loads now (into a fresh set, keyed). */
static int image_loads(const char *path)
{
    struct fixture_set s = { 0 };
    struct row_image_key key;
    int rc = load(path, &s, NULL, &key);
    fixtures_free(&s);
    return rc == 0;
}

static void read_parsed(const char *path, struct fixture_set *s)
{
    const char *saved = getenv("LEAGUEFIT_ROW_IMAGES");
    char *keep = saved ? xstrdup(saved) : NULL;
    unsetenv("LEAGUEFIT_ROW_IMAGES");
    memset(s, 0, sizeof *s);
    fixtures_read_path(path, s);
    if (keep)
        setenv("LEAGUEFIT_ROW_IMAGES", keep, 1);
    free(keep);
}

static void test_no_directory(void)
{
    struct fixture_set s = { 0 };
    struct row_image_key key;
    unsetenv("LEAGUEFIT_ROW_IMAGES");
    ok(load(csv, &s, NULL, &key) == -1 && s.n == 0 && !key.image[0],
       "without a directory nothing is looked for");
    fixtures_read_path(csv, &s);
    ok(s.n == 4 && count_images() == 0, "nor kept");
    fixtures_free(&s);
    setenv("LEAGUEFIT_ROW_IMAGES", images, 1);
}

static void test_rows_round_trip(void)
{
    struct fixture_set parsed, first = { 0 }, loaded = { 0 }, unkeyed = { 0 };
    read_parsed(csv, &parsed);
    ok(!image_loads(csv), "no image before the first read");
    fixtures_read_path(csv, &first);
    ok(count_images() == 1 && image_loads(csv), "the first read keeps an image");
    fixtures_read_path(csv, &loaded);
    ok(same_set(&parsed, &first) && same_set(&parsed, &loaded),
       "rows from the image are the parsed rows, keys and lines included");
    ok(loaded.v[0].home == loaded.v[3].away && loaded.v[0].league == loaded.v[3].league &&
           loaded.v[1].home != loaded.v[2].home,
       "the image holds each name once: Inter's two rows share its text, as all share the league's");
    fixtures_read_path_unkeyed(csv, &unkeyed);
    int zero = 1;
    for (size_t i = 0; i < unkeyed.n; i++)
        zero &= unkeyed.v[i].home_key == 0 && unkeyed.v[i].away_key == 0;
    ok(unkeyed.n == 4 && zero, "an unkeyed read of the image has no keys");
    fixtures_free(&parsed), fixtures_free(&first), fixtures_free(&loaded);
    fixtures_free(&unkeyed);
}

static void test_appended_rows_interned_with_the_set(void)
{
    static const char other[] =
        "league,season,date,home_team,away_team,home_goals,away_goals\n"
        "serie_a,2022-23,2023-05-01,Empoli,Juventus,1,1\n";
    char path[80];
    snprintf(path, sizeof path, "%s/other.csv", dir);
    write_file(path, other);
    /* The parse: the earlier file, then this one, interned together. */
    struct fixture_set parsed, loaded = { 0 };
    read_parsed(path, &parsed);
    setenv("LEAGUEFIT_ROW_IMAGES", "", 1);
    fixtures_read_path(csv, &parsed);
    setenv("LEAGUEFIT_ROW_IMAGES", images, 1);
    fixtures_read_path(path, &loaded);
    fixtures_read_path(csv, &loaded); /* from the image */
    ok(image_loads(csv) && same_set(&parsed, &loaded),
       "rows appended from an image are interned with the set's");
    fixtures_free(&parsed), fixtures_free(&loaded);
}

static void test_changed_file_parsed_again(void)
{
    struct stat before;
    stat(csv, &before);
    /* Same size, a score changed, the modification time put back: the
     * change time still tells. */
    char *text = xstrdup(CSV);
    *strstr(text, "Monza,2,0") = '\0';
    char changed[sizeof CSV];
    snprintf(changed, sizeof changed, "%sMonza,3,0%s", text, strstr(CSV, "Monza,2,0") + 9);
    free(text);
    write_file(csv, changed);
    struct timespec times[2] = { before.st_atim, before.st_mtim };
    utimensat(AT_FDCWD, csv, times, 0);
    let_time_pass();
    ok(!image_loads(csv), "a file rewritten in place (same size, same mtime) misses");
    struct fixture_set s = { 0 };
    fixtures_read_path(csv, &s);
    ok(s.n == 4 && s.v[0].home_goals == 3, "and is parsed again");
    ok(image_loads(csv), "its new image then loads");
    fixtures_free(&s);
    write_file(csv, CSV);
}

/* Flips one byte of the image at `offset` from its end. */
static void damage(const char *image, long offset)
{
    FILE *fp = fopen(image, "r+b");
    fseek(fp, -offset, SEEK_END);
    int c = fgetc(fp);
    fseek(fp, -offset, SEEK_END);
    fputc(c ^ 0x20, fp);
    fclose(fp);
}

static void test_damaged_image_not_used(void)
{
    struct fixture_set s = { 0 }, parsed;
    struct row_image_key key;
    read_parsed(csv, &parsed);
    fixtures_read_path(csv, &s);
    fixtures_free(&s);
    load(csv, &s, NULL, &key);
    fixtures_free(&s);
    damage(key.image, 3); /* a name's letter */
    ok(!image_loads(csv), "an image with a byte changed is not used");
    fixtures_read_path(csv, &s);
    ok(same_set(&parsed, &s) && image_loads(csv), "the file is parsed, the image made again");
    fixtures_free(&s);
    if (truncate(key.image, 100) != 0)
        diag("could not truncate %s", key.image);
    ok(!image_loads(csv), "a truncated image is not used");
    fixtures_free(&parsed);
}

/* Whether a save under key, with the file's times set to now + the given
 * nanoseconds (whole seconds when nsec_zero), keeps an image. */
static int saved_with_times(const char *path, long long offset_ns, int nsec_zero)
{
    struct fixture_set s = { 0 };
    struct row_image_key key;
    load(path, &s, NULL, &key); /* (a miss: the key only) */
    fixtures_read_path(path, &s);
    unlink(key.image);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long long t = (long long)now.tv_sec * 1000000000LL + now.tv_nsec + offset_ns;
    key.mtime_sec = key.ctime_sec = t / 1000000000LL;
    key.mtime_nsec = key.ctime_nsec = nsec_zero ? 0 : t % 1000000000LL;
    key.taken_sec = now.tv_sec, key.taken_nsec = now.tv_nsec;
    row_image_save(&key, &s, 0, NULL);
    fixtures_free(&s);
    return access(key.image, F_OK) == 0;
}

static void test_file_just_changed_gets_no_image_yet(void)
{
    char path[80];
    snprintf(path, sizeof path, "%s/fresh.csv", dir);
    write_file(path, CSV);
    ok(!saved_with_times(path, -10000000LL, 0),
       "a file changed 10 ms ago gets no image yet (the clock's tick)");
    ok(saved_with_times(path, -200000000LL, 0), "one changed 200 ms ago gets one");
    ok(!saved_with_times(path, -1000000000LL, 1),
       "whole-second times a second ago: none yet (their tick is a second)");
    ok(saved_with_times(path, -4000000000LL, 1), "four seconds ago: one");
    ok(!saved_with_times(path, 1000000000LL * 86400 * 365 * 200, 0),
       "times two hundred years ahead: none");
    /* Judged at the read, not at the save: a file read 10 ms after it
     * changed gets no image however long the parse then takes (the save
     * here comes 60 ms after the key's time); read 200 ms after, one. */
    for (int late = 0; late < 2; late++) {
        struct fixture_set s = { 0 };
        struct row_image_key key;
        load(path, &s, NULL, &key);
        fixtures_read_path(path, &s);
        unlink(key.image);
        long long changed = (long long)key.taken_sec * 1000000000LL + key.taken_nsec -
                            (late ? 200000000LL : 10000000LL);
        key.mtime_sec = key.ctime_sec = changed / 1000000000LL;
        key.mtime_nsec = key.ctime_nsec = changed % 1000000000LL;
        let_time_pass();
        row_image_save(&key, &s, 0, NULL);
        fixtures_free(&s);
        ok(access(key.image, F_OK) == (late ? 0 : -1),
           late ? "read 200 ms after its change, saved 60 ms later: an image"
                : "read 10 ms after its change, saved 60 ms later: no image");
    }
    /* Through the reader: written and read at once, then again later. */
    write_file_now(path, CSV);
    struct fixture_set s = { 0 };
    struct row_image_key key;
    load(path, &s, NULL, &key);
    unlink(key.image);
    fixtures_read_path(path, &s);
    fixtures_free(&s);
    if (ns_since_change(path) < WELL_WITHIN_WINDOW_NS)
        ok(!image_loads(path), "a file read as soon as written gets no image yet");
    else
        ok(1, "a file read as soon as written: # SKIP the read came after the tick");
    let_time_pass();
    fixtures_read_path(path, &s);
    fixtures_free(&s);
    ok(image_loads(path), "a read once the tick has passed keeps one");
}

/* A writer's image (row_image_save_written): kept at once for a file just
 * written, after the window has passed (the call waits it out), and only
 * when the file holds what the writer says it wrote. */
static void test_written_files_image(void)
{
    char path[80];
    snprintf(path, sizeof path, "%s/written.csv", dir);
    struct fixture_set want = { 0 }, got = { 0 };
    struct row_image_key key;
    write_file(path, CSV);
    read_parsed(path, &want); /* the rows a parse gives, no image */
    unlink(path);
    write_file_now(path, CSV);
    row_image_save_written(path, CSV, strlen(CSV), &want, 0, NULL);
    int loaded = load(path, &got, NULL, &key) == 0;
    ok(loaded && got.n == want.n, "a file just written that holds the text: an image at once");
    int same = loaded;
    for (size_t i = 0; same && i < want.n; i++)
        same = strcmp(got.v[i].home, want.v[i].home) == 0 && got.v[i].date == want.v[i].date &&
               got.v[i].line == want.v[i].line && got.v[i].stats_present == want.v[i].stats_present &&
               memcmp(got.v[i].odds, want.v[i].odds, sizeof got.v[i].odds) == 0;
    ok(same, "its rows are the parse's");
    fixtures_free(&got);
    /* Written again (new times): the text the writer gives is not it. */
    write_file_now(path, CSV);
    char other[sizeof CSV];
    memcpy(other, CSV, sizeof CSV);
    other[sizeof CSV - 3] = other[sizeof CSV - 3] == ',' ? ';' : ','; /* a byte changed */
    row_image_save_written(path, other, strlen(other), &want, 0, NULL);
    ok(!image_loads(path), "a file that does not hold the text written: no image");
    row_image_save_written(path, CSV, strlen(CSV) - 1, &want, 0, NULL);
    ok(!image_loads(path), "nor one that holds more than it");
    char longer[sizeof CSV + 1];
    memcpy(longer, CSV, sizeof CSV - 1);
    longer[sizeof CSV - 1] = '\n';
    row_image_save_written(path, longer, sizeof CSV, &want, 0, NULL);
    ok(!image_loads(path), "nor one that holds less");
    fixtures_free(&want);
    unsetenv("LEAGUEFIT_ROW_IMAGES");
    ok(!row_images_on(), "without a directory, images are off");
    setenv("LEAGUEFIT_ROW_IMAGES", images, 1);
    ok(row_images_on(), "with one, on");
}

/* Rows a parse never gives, kept as the image of csv, with a valid
 * checksum: the image is not used. */
static void test_rows_out_of_range_not_used(void)
{
    static const char *const what[] = { "an unknown odds source", "100 goals",
                                        "goals on one side only", "a statistic of 1000",
                                        "odds of 1", "an infinite odds" };
    for (int k = 0; k < 6; k++) {
        struct fixture_set s = { 0 };
        struct row_image_key key;
        load(csv, &s, NULL, &key);
        fixtures_free(&s);
        read_parsed(csv, &s);
        struct fixture *f = &s.v[0];
        switch (k) {
        case 0: f->odds_source = 99; break;
        case 1: f->home_goals = 100; break;
        case 2: f->away_goals = NO_GOALS; break;
        case 3: f->stats[0] = 1000; break;
        case 4: f->odds[0] = 1; break;
        default: f->odds[1] = INFINITY; break;
        }
        row_image_save(&key, &s, 0, NULL);
        fixtures_free(&s);
        ok(access(key.image, F_OK) == 0 && !image_loads(csv),
           "an image holding %s is not used", what[k]);
    }
}

static void test_bad_rows_keep_no_image(void)
{
    char path[80];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    write_file(path, "league,season,date,home_team,away_team,home_goals,away_goals\n"
                     "serie_a,2023-24,2023-08-19,Inter,Monza,2,0\n"
                     "serie_a,2023-24,2023-08-20,Lazio,Lazio,1,1\n");
    struct fixture_set s = { 0 };
    int n = count_images();
    diag("a bad row is reported below, on purpose");
    size_t bad = fixtures_read_path(path, &s);
    ok(bad == 1 && count_images() == n && !image_loads(path),
       "a file with a bad row keeps no image (the row is reported on every read)");
    fixtures_free(&s);
}

/* import-fixtures lets a fixture and its result in one file pass
 * (fixtures_read_input); a reader that refuses the pair must not find it
 * in an image. */
static void test_fixture_and_result_keep_no_image(void)
{
    char path[80];
    snprintf(path, sizeof path, "%s/fixture-and-result.csv", dir);
    write_file(path, "league,season,date,home_team,away_team,home_goals,away_goals\n"
                     "serie_a,2023-24,2023-08-19,Inter,Monza,,\n"
                     "serie_a,2023-24,2023-08-19,Inter,Monza,2,0\n");
    struct fixture_set s = { 0 }, strict = { 0 };
    int n = count_images();
    size_t bad = fixtures_read_path_input(path, &s);
    ok(bad == 0 && s.n == 2 && count_images() == n && !image_loads(path),
       "an input read lets a fixture and its result pass, and keeps no image");
    diag("a duplicate match is reported below, on purpose");
    bad = fixtures_read_path(path, &strict);
    ok(bad == 1, "a plain read of the file still reports the pair");
    fixtures_free(&s), fixtures_free(&strict);
}

static void test_feature_table(void)
{
    struct fixture_set rows;
    read_parsed(csv, &rows);
    struct feature_table t = { .set = rows };
    t.X = xmalloc(rows.n * NFEATURES * sizeof *t.X);
    t.history = xmalloc(rows.n * sizeof *t.history);
    for (size_t i = 0; i < rows.n * NFEATURES; i++)
        t.X[i] = 1.0 / 3.0 + (double)i * 0x1p-40; /* numbers of 17 digits */
    for (size_t i = 0; i < rows.n; i++)
        t.history[i] = (int)(i * 7);
    char path[80];
    snprintf(path, sizeof path, "%s/table.csv", dir);
    FILE *fp = fopen(path, "w");
    feature_table_write(fp, &t);
    fclose(fp);
    let_time_pass();

    struct feature_table a, b;
    feature_table_read(path, &a);
    struct fixture_set s = { 0 };
    struct row_image_key key;
    struct row_features feat = { NFEATURES, feature_names, NULL, NULL };
    ok(load(path, &s, &feat, &key) == 0, "a feature table keeps an image");
    fixtures_free(&s); /* (its features are the image's, mapped: not freed) */
    ok(load(path, &s, NULL, &key) == -1,
       "which a read of plain rows does not take");
    feature_table_read(path, &b);
    ok(same_set(&a.set, &b.set) && !memcmp(a.X, t.X, rows.n * NFEATURES * sizeof *t.X) &&
           !memcmp(b.X, t.X, rows.n * NFEATURES * sizeof *t.X) &&
           !memcmp(b.history, t.history, rows.n * sizeof *t.history),
       "the features from the image are those written, to the bit");
    ok(!a.mapped && b.mapped, "read where the image is mapped (the parse's: allocated)");
    const char *fewer[NFEATURES];
    memcpy(fewer, feature_names, sizeof fewer);
    fewer[NFEATURES - 1] = "another_feature";
    feat.names = fewer;
    ok(load(path, &s, &feat, &key) == -1,
       "nor a read of other features");
    feature_table_free(&a), feature_table_free(&b), feature_table_free(&t);
}

/* Marks every image of the directory used at an old time of its own
 * (ascending), but `oldest` before them all and `newest` after. */
static void mark_uses(const char *oldest, const char *newest)
{
    DIR *d = opendir(images);
    struct dirent *de;
    long k = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *path = path_join(images, de->d_name);
        struct timespec t = { 1000000000 + 1000 + k++, 0 };
        if (strcmp(path, oldest) == 0)
            t.tv_sec = 1000000000;
        if (strcmp(path, newest) == 0)
            t.tv_sec = time(NULL) + 86400;
        struct timespec times[2] = { t, t };
        utimensat(AT_FDCWD, path, times, 0);
        free(path);
    }
    closedir(d);
}

static long long dir_bytes(void)
{
    DIR *d = opendir(images);
    struct dirent *de;
    long long total = 0;
    while ((de = readdir(d))) {
        struct stat st;
        char *path = path_join(images, de->d_name);
        if (de->d_name[0] != '.' && stat(path, &st) == 0)
            total += st.st_size;
        free(path);
    }
    closedir(d);
    return total;
}

/* A loaded row's names point into the mapped image: they outlive the
 * image file (pruned or replaced by another run), and freeing the set
 * leaves them alone. */
static void test_loaded_names_outlive_the_image(void)
{
    struct fixture_set parsed, first = { 0 }, loaded = { 0 };
    read_parsed(csv, &parsed);
    fixtures_read_path(csv, &first); /* (keeps its image, when it has none) */
    fixtures_free(&first);
    struct row_image_key key;
    int rc = load(csv, &loaded, NULL, &key);
    ok(rc == 0 && loaded.n == 4 && loaded.v[0].borrowed && !parsed.v[0].borrowed,
       "loaded rows borrow their names, parsed rows own theirs");
    ok(unlink(key.image) == 0, "the image removed");
    write_file(key.image, "not an image any more");
    ok(same_set(&parsed, &loaded), "the loaded names are still the rows' names");
    fixtures_free(&loaded);
    fixtures_free(&parsed);
    unlink(key.image);
    struct fixture_set again = { 0 };
    fixtures_read_path(csv, &again);
    ok(again.n == 4 && !again.v[0].borrowed && image_loads(csv),
       "a read parses again and keeps a new image");
    fixtures_free(&again);
}

static void test_keeps_the_images_used_last(void)
{
    char path[80];
    snprintf(path, sizeof path, "%s/first.csv", dir);
    write_file(path, CSV);
    struct fixture_set s = { 0 };
    fixtures_read_path(path, &s);
    fixtures_free(&s);
    fixtures_read_path(csv, &s); /* (its image made again: truncated above) */
    fixtures_free(&s);
    struct row_image_key first, last;
    load(path, &s, NULL, &first);
    fixtures_free(&s);
    ok(load(csv, &s, NULL, &last) == 0, "an image in use");
    fixtures_free(&s);
    mark_uses(first.image, last.image);
    struct stat a, b;
    stat(first.image, &a), stat(last.image, &b);
    int n = count_images();
    long long all = dir_bytes();
    /* Room for all but the one used longest ago. */
    row_image_prune(images, (unsigned long long)(all - a.st_size));
    ok(count_images() == n - 1 && stat(first.image, &a) != 0,
       "over the limit, the image used longest ago is removed");
    ok(stat(last.image, &b) == 0 && image_loads(csv), "the one used last is kept");
    row_image_prune(images, 1);
    ok(count_images() == 1 && image_loads(csv), "whatever its size");
    char temp[128];
    snprintf(temp, sizeof temp, "%s/x.rows.123.new", images);
    write_file(temp, "partial");
    row_image_prune(images, 1ull << 40);
    ok(access(temp, F_OK) == 0, "a temp file being written is left");
    struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    utimensat(AT_FDCWD, temp, old, 0);
    row_image_prune(images, 1ull << 40);
    ok(access(temp, F_OK) != 0, "one left long ago by a killed write is removed");
}

int main(void)
{
    if (!mkdtemp(dir))
        die("mkdtemp failed");
    snprintf(images, sizeof images, "%s/images", dir);
    snprintf(csv, sizeof csv, "%s/rows.csv", dir);
    write_file(csv, CSV);
    test_no_directory();
    test_rows_round_trip();
    test_appended_rows_interned_with_the_set();
    test_changed_file_parsed_again();
    test_damaged_image_not_used();
    test_file_just_changed_gets_no_image_yet();
    test_written_files_image();
    test_rows_out_of_range_not_used();
    test_bad_rows_keep_no_image();
    test_fixture_and_result_keep_no_image();
    test_feature_table();
    test_loaded_names_outlive_the_image();
    test_keeps_the_images_used_last();
    remove_tree(dir);
    return done_testing();
}
