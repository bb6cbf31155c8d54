/* registry-append: add one model entry to the append-only JSON Lines
 * registry (docs/design.md §4), unless its key is already there; or, with
 * --reinstate, the line that makes a registered version the newest again
 * (reinstate.h, versionrank.h), unless it is that already.
 *
 * The entry comes from flags or, with --json, from one JSON object on
 * stdin. The line is built whole in memory, then written with one write(2)
 * under flock(2) after checking the key under the same lock, so concurrent
 * appenders neither interleave bytes nor register a key twice.
 * Exit 0 when appended (or, with --reinstate, already the newest), 3 when
 * the key was registered already (by another run at the same time, in the
 * pipeline: as a file another run published first), 1 on bad data or an
 * I/O error (nothing written, or at worst a torn last line), 2 on bad
 * usage. */
#define _GNU_SOURCE /* getopt_long, flock */
#include "dataversion.h"
#include "date.h"
#include "json.h"
#include "publish.h"
#include "registry.h"
#include "reinstate.h"
#include "sha256.h"
#include "versionrank.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Largest integer a JSON reader holding doubles gets back exactly. */
#define MAX_MATCHES 9007199254740992L
/* 9999-12-31T23:59:59Z: trained_date keeps four year digits. */
#define MAX_EPOCH 253402300799L
#define NAME_CHARS                                                             \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
#define STDIN_NAME "/dev/stdin"

struct file_digest {
    const char *name; /* basename, the member name in "files" */
    char hex[65];
};

struct entry {
    const char *model_type, *league, *version, *status;
    const char *first_date, *last_date;
    const char *cutoff; /* the data's cutoff (UNTIL: a backfill), or NULL */
    long matches;
    struct file_digest *files;
    size_t nfiles;
};

/* The synopsis always; the description only when asked for (-h). */
_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp,
            "usage: %s -r REGISTRY --model-type T --league L [--version V]\n"
            "           [--status S] --first-date YYYY-MM-DD --last-date YYYY-MM-DD\n"
            "           --matches N --file PATH [--file PATH ...]\n"
            "       %s -r REGISTRY --model-type T --league L [--version V]\n"
            "           [--status S] --data-from MODEL_FILE --file PATH [--file PATH ...]\n"
            "       %s -r REGISTRY --json < entry.json\n"
            "       %s -r REGISTRY --reinstate --model-type T --league L --version V\n",
            progname, progname, progname, progname);
    if (code == EXIT_OK) {
        fputs("Appends one entry, keyed MODELTYPE_LEAGUE_VERSION, to the JSON\n"
              "Lines registry; an existing key is reported and left alone (exit 3).\n"
              "Defaults: --version v2, --status active. trained_date is now, or\n"
              "SOURCE_DATE_EPOCH when set. With --json, stdin holds one object:\n"
              "model_type, league, [version], [status],\n"
              "data {first_date, last_date, matches}, files {NAME: SHA256}.\n"
              "With --reinstate, the registered version V (DATE-DIGEST) is made the\n"
              "newest again: its data were given again after another version's. The\n"
              "line, keyed MODELTYPE_LEAGUE_V@reinstated-N, is appended unless V ranks\n"
              "first already (exit 0).\n",
              fp);
        close_stdout();
    }
    exit(code);
}

static int valid_name(const char *s)
{
    return *s && strspn(s, NAME_CHARS) == strlen(s) && strcmp(s, ".") != 0 &&
           strcmp(s, "..") != 0;
}

static int valid_hex_digest(const char *s)
{
    return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static int cmp_file_name(const void *a, const void *b)
{
    return strcmp(((const struct file_digest *)a)->name,
                  ((const struct file_digest *)b)->name);
}

/* Names become path components (models/LEAGUE/TYPE) and the key: keep them
 * to a portable set, so no entry can point outside its directory. */
static void check_name(const char *what, const char *s)
{
    if (!valid_name(s))
        die("invalid %s '%s' (want [A-Za-z0-9_.-]+)", what, s);
}

static void check_entry(struct entry *e)
{
    int first, last;
    check_name("model_type", e->model_type);
    check_name("league", e->league);
    check_name("version", e->version);
    check_name("status", e->status);
    if (date_parse_iso(e->first_date, &first))
        die("invalid first_date '%s' (want YYYY-MM-DD)", e->first_date);
    if (date_parse_iso(e->last_date, &last))
        die("invalid last_date '%s' (want YYYY-MM-DD)", e->last_date);
    if (first > last)
        die("first_date %s is after last_date %s", e->first_date, e->last_date);
    int cutoff;
    if (e->cutoff && date_parse_iso(e->cutoff, &cutoff))
        die("invalid cutoff '%s' (want YYYY-MM-DD)", e->cutoff);
    if (e->cutoff && cutoff <= last)
        die("cutoff %s is not after last_date %s", e->cutoff, e->last_date);
    if (e->nfiles == 0)
        die("no model files given");
    /* Sorted by name so the same files always give the same line. */
    qsort(e->files, e->nfiles, sizeof *e->files, cmp_file_name);
    for (size_t i = 0; i < e->nfiles; i++) {
        check_name("file name", e->files[i].name);
        if (i > 0 && strcmp(e->files[i - 1].name, e->files[i].name) == 0)
            die("two files named '%s'", e->files[i].name);
    }
}

static long parse_matches(const char *s)
{
    long n;
    if (parse_long(s, &n) || n < 0 || n > MAX_MATCHES)
        die("invalid matches '%s' (want a non-negative integer)", s);
    return n;
}

/* hex is a valid digest: computed, or checked by read_files. */
static void add_file(struct entry *e, size_t *cap, const char *name,
                     const char *hex)
{
    grow(&e->files, cap, e->nfiles + 1, sizeof *e->files);
    struct file_digest *f = &e->files[e->nfiles++];
    f->name = name;
    snprintf(f->hex, sizeof f->hex, "%s", hex);
}

/* --file PATH: the digest is of the file's bytes, recorded under its
 * basename (a path ending in '/' gives an empty, rejected name). */
static void add_file_path(struct entry *e, size_t *cap, const char *path)
{
    char hex[65];
    const char *slash = strrchr(path, '/');
    sha256_file(path, hex);
    add_file(e, cap, slash ? slash + 1 : path, hex);
}

/* ---- entry from a JSON object on stdin ---- */

/* Strict input: an unknown or repeated member is a mistake (cJSON would
 * silently take the first of two), not something to ignore. */
static void check_members(const cJSON *obj, const char *const allowed[],
                          const char *what)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], m->string) != 0)
            i++;
        if (!allowed[i])
            die("%s: unknown member '%s' in %s", STDIN_NAME, m->string, what);
        for (const cJSON *p = obj->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0)
                die("%s: member '%s' repeated in %s", STDIN_NAME, m->string, what);
    }
}

static const cJSON *get_object(const cJSON *obj, const char *key)
{
    const cJSON *item = json_get_item(obj, key, STDIN_NAME);
    if (!cJSON_IsObject(item))
        die("%s: member '%s' is not an object", STDIN_NAME, key);
    return item;
}

static const char *get_optional_string(const cJSON *obj, const char *key,
                                       const char *fallback)
{
    if (!cJSON_GetObjectItemCaseSensitive(obj, key))
        return fallback;
    return json_get_string(obj, key, STDIN_NAME);
}

/* valueint saturates: read the double and insist on an exact integer. */
static long get_matches(const cJSON *data, const char *what)
{
    double v = json_get_number(data, "matches", what);
    if (v < 0 || v > (double)MAX_MATCHES || v != floor(v))
        die("%s: member 'matches' is not a non-negative integer", what);
    return (long)v;
}

static void read_files(struct entry *e, const cJSON *files)
{
    size_t cap = 0;
    for (const cJSON *f = files->child; f; f = f->next) {
        if (!cJSON_IsString(f))
            die("%s: files member '%s' is not a string", STDIN_NAME, f->string);
        if (!valid_hex_digest(f->valuestring))
            die("%s: files member '%s': invalid sha256 '%s' (want 64 lower-case "
                "hex digits)", STDIN_NAME, f->string, f->valuestring);
        add_file(e, &cap, f->string, f->valuestring);
    }
}

/* Strings in e point into the returned tree: free it after use. */
static cJSON *entry_from_json(struct entry *e)
{
    static const char *const top[] = { "model_type", "league", "version",
                                       "status", "data", "files", NULL };
    static const char *const data_members[] = { "first_date", "last_date",
                                                "matches", "cutoff", NULL };
    cJSON *obj = json_read_file(STDIN_NAME);
    if (!cJSON_IsObject(obj))
        die("%s: not a JSON object", STDIN_NAME);
    check_members(obj, top, "the entry");
    e->model_type = json_get_string(obj, "model_type", STDIN_NAME);
    e->league = json_get_string(obj, "league", STDIN_NAME);
    e->version = get_optional_string(obj, "version", e->version);
    e->status = get_optional_string(obj, "status", e->status);
    const cJSON *data = get_object(obj, "data");
    check_members(data, data_members, "data");
    e->first_date = json_get_string(data, "first_date", STDIN_NAME);
    e->last_date = json_get_string(data, "last_date", STDIN_NAME);
    e->matches = get_matches(data, STDIN_NAME);
    e->cutoff = get_optional_string(data, "cutoff", NULL);
    read_files(e, get_object(obj, "files"));
    return obj;
}

/* ---- data range from a model file ---- */

/* --data-from: the "data" member every model file has (first_date,
 * last_date, matches, and cutoff where the data were cut before a date),
 * so that the pipeline need not extract it with a jq run per model.
 * Strings in e point into the returned tree. */
static cJSON *data_from_model(struct entry *e, const char *path)
{
    cJSON *model = json_read_file(path);
    const cJSON *data = json_get_item(model, "data", path);
    if (!cJSON_IsObject(data))
        die("%s: member 'data' is not an object", path);
    e->first_date = json_get_string(data, "first_date", path);
    e->last_date = json_get_string(data, "last_date", path);
    e->matches = get_matches(data, path);
    const cJSON *cutoff = cJSON_GetObjectItemCaseSensitive(data, "cutoff");
    if (cutoff && !cJSON_IsNull(cutoff))
        e->cutoff = json_get_string(data, "cutoff", path);
    return model;
}

/* ---- the line ---- */

/* ISO 8601 UTC of now, or of SOURCE_DATE_EPOCH, which (as the reproducible
 * builds spec asks) must be plain decimal seconds or the run fails: the
 * time of a line. */
static void line_date(char buf[32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long secs;
    if (sde) {
        if (!*sde || strspn(sde, "0123456789") != strlen(sde) ||
            parse_long(sde, &secs) || secs > MAX_EPOCH)
            die("SOURCE_DATE_EPOCH: invalid value '%s' (want seconds since "
                "1970-01-01T00:00:00Z)", sde);
    } else {
        /* Not time(): Linux answers it from the last timer tick, so for a
         * few ms after each second it names the second before, one that
         * date(1) or any reader of the precise clock has already left. */
        struct timespec now;
        if (clock_gettime(CLOCK_REALTIME, &now) != 0 || now.tv_sec < 0 ||
            now.tv_sec > MAX_EPOCH)
            die("cannot read the clock");
        secs = (long)now.tv_sec;
    }
    unsigned day_secs = (unsigned)(secs % 86400);
    date_format((int)(secs / 86400), buf);
    /* The modulos only tell the compiler the widths are bounded. */
    snprintf(buf + 10, 22, "T%02u:%02u:%02uZ", day_secs / 3600 % 24,
             day_secs / 60 % 60, day_secs % 60);
}

static char *make_key(const struct entry *e)
{
    size_t n = strlen(e->model_type) + strlen(e->league) + strlen(e->version) + 3;
    char *key = xmalloc(n);
    snprintf(key, n, "%s_%s_%s", e->model_type, e->league, e->version);
    return key;
}

static void add_raw(cJSON *obj, const char *name, const char *raw)
{
    if (!cJSON_AddRawToObject(obj, name, raw))
        die("out of memory");
}

/* The line of obj (deleted), in a buffer whose first byte is a spare '\n'
 * (for sealing off a torn last line) and whose last is the line's '\n'. */
static char *line_of(cJSON *obj, size_t *len)
{
    char *text = cJSON_PrintUnformatted(obj);
    if (!text)
        die("out of memory");
    cJSON_Delete(obj);
    size_t n = strlen(text);
    char *line = xmalloc(n + 3);
    line[0] = '\n';
    memcpy(line + 1, text, n);
    line[n + 1] = '\n';
    line[n + 2] = '\0';
    cJSON_free(text);
    *len = n + 2;
    return line;
}

static cJSON *new_object(void)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        die("out of memory");
    return obj;
}

static char *make_line(const struct entry *e, const char *key, size_t *len)
{
    char date[32], count[32];
    line_date(date);
    snprintf(count, sizeof count, "%ld", e->matches); /* no %g rounding */
    cJSON *obj = new_object();
    json_add_string(obj, "key", key);
    json_add_string(obj, "model_type", e->model_type);
    json_add_string(obj, "league", e->league);
    json_add_string(obj, "version", e->version);
    json_add_string(obj, "trained_date", date);
    json_add_string(obj, "status", e->status);
    cJSON *data = json_add_object(obj, "data");
    json_add_string(data, "first_date", e->first_date);
    json_add_string(data, "last_date", e->last_date);
    add_raw(data, "matches", count);
    /* A backfill's (UNTIL): its version never ranks above a reinstatement
     * (versionrank.h). */
    if (e->cutoff)
        json_add_string(data, "cutoff", e->cutoff);
    cJSON *files = json_add_object(obj, "files");
    for (size_t i = 0; i < e->nfiles; i++)
        json_add_string(files, e->files[i].name, e->files[i].hex);
    return line_of(obj, len);
}

/* A reinstatement: the version and when its data were given again. */
static char *reinstatement_line(const struct entry *e, const char *key, size_t *len)
{
    char date[32];
    line_date(date);
    cJSON *obj = new_object();
    json_add_string(obj, "key", key);
    json_add_string(obj, "event", REINSTATED_EVENT);
    json_add_string(obj, "model_type", e->model_type);
    json_add_string(obj, "league", e->league);
    json_add_string(obj, "version", e->version);
    json_add_string(obj, "date", date);
    json_add_string(obj, REINSTATED_NEWEST_MEMBER, REINSTATED_NEWEST_ALL);
    return line_of(obj, len);
}

/* ---- appending under the lock ---- */

/* The locked registry, to read from its start through a duplicate of the
 * descriptor, so the file checked is the very file written (a second
 * open by name could find another). */
static FILE *locked_for_reading(int fd, const char *reg)
{
    int rfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    FILE *fp = rfd < 0 || lseek(rfd, 0, SEEK_SET) < 0 ? NULL : fdopen(rfd, "r");
    if (!fp)
        die("%s: %s", reg, strerror(errno));
    return fp;
}

static int key_registered(int fd, const char *reg, const char *key)
{
    FILE *fp = locked_for_reading(fd, reg);
    int found = registry_has_key(fp, reg, key);
    fclose(fp);
    return found;
}

/* 1 when the file is empty or ends in '\n'; else a crash tore its last
 * line and the new one must start on a line of its own. */
static int ends_cleanly(int fd, const char *reg)
{
    struct stat st;
    char last;
    if (fstat(fd, &st) != 0)
        die("%s: %s", reg, strerror(errno));
    if (st.st_size == 0)
        return 1;
    if (pread(fd, &last, 1, st.st_size - 1) != 1)
        die("%s: read error: %s", reg, strerror(errno));
    return last == '\n';
}

/* create: O_CREAT (a reinstatement needs a registry holding its version). */
static int open_locked(const char *reg, int create)
{
    /* O_RDWR rather than O_WRONLY: the key check reads the locked file. */
    int fd = open(reg, O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        die("%s: %s", reg, strerror(errno));
    /* A device or FIFO could block or never end (think /dev/zero). */
    if (!S_ISREG(st.st_mode))
        die("%s: not a regular file", reg);
    while (flock(fd, LOCK_EX) != 0)
        if (errno != EINTR)
            die("%s: cannot lock: %s", reg, strerror(errno));
    return fd;
}

/* Writes the line to the locked registry fd and closes it. line[0] is the
 * spare '\n', used only after a torn last line. On a failed write the
 * registry may end in a torn line: readers skip it and the next append
 * seals it off, so it is reported, never truncated away. */
static void write_locked(int fd, const char *reg, const char *line, size_t len)
{
    if (ends_cleanly(fd, reg)) {
        line++;
        len--;
    }
    /* One write(2) in practice; write_all only continues a short write,
     * which cannot interleave with others while we hold the lock. */
    if (write_all(fd, line, len) != 0)
        die("%s: write error: %s", reg, strerror(errno));
    if (fsync(fd) != 0)
        die("%s: cannot sync: %s", reg, strerror(errno));
    if (close(fd) != 0)
        die("%s: close error: %s", reg, strerror(errno));
    fsync_dir(reg); /* the registry may be new */
}

/* EXIT_OK when appended, EXIT_EXISTS when the key was there already. */
static int append_line(const char *reg, const char *key, const char *line,
                       size_t len)
{
    int fd = open_locked(reg, 1);
    if (key_registered(fd, reg, key)) {
        warnf("%s: already registered", key);
        close(fd);
        return EXIT_EXISTS;
    }
    write_locked(fd, reg, line, len);
    return EXIT_OK;
}

/* --reinstate: under the lock, the ranks of the league and type's
 * versions (versionrank.h) decide whether a line is due (none when the
 * version ranks first already), and its number (one past the version's
 * last reinstatement: a key is never given twice). */
static void reinstate(const char *reg, const struct entry *e)
{
    int fd = open_locked(reg, 0);
    FILE *fp = locked_for_reading(fd, reg);
    struct version_ranks ranks;
    version_ranks_read(fp, reg, e->model_type, e->league, &ranks);
    fclose(fp);
    const struct version_rank *own = version_rank_of(&ranks, e->version);
    if (!own || !own->registered)
        die("%s_%s_%s: not registered: only a registered version is made the newest again",
            e->model_type, e->league, e->version);
    long number = own->reinstated + 1;
    int first = version_ranks_first(&ranks, e->version);
    version_ranks_free(&ranks);
    if (first) {
        close(fd);
        return;
    }
    char *key = reinstated_key(e->model_type, e->league, e->version, number);
    size_t len;
    char *line = reinstatement_line(e, key, &len);
    write_locked(fd, reg, line, len);
    free(line);
    free(key);
}

/* ---- options ---- */

enum {
    OPT_MODEL_TYPE = 256, OPT_LEAGUE, OPT_VERSION, OPT_STATUS,
    OPT_FIRST_DATE, OPT_LAST_DATE, OPT_MATCHES, OPT_DATA_FROM, OPT_FILE, OPT_JSON,
    OPT_REINSTATE,
};

struct options {
    const char *registry;
    const char *matches;
    const char *data_from; /* a model file whose "data" gives the range */
    const char **paths; /* --file arguments, hashed once usage is checked */
    size_t npaths, paths_cap;
    int json, reinstate;
    int entry_flags; /* how many entry flags were given */
    int data_flags;  /* of them, those beyond type, league and version */
};

static void parse_options(int argc, char **argv, struct options *o,
                          struct entry *e)
{
    static const struct option longopts[] = {
        { "registry", required_argument, NULL, 'r' },
        { "model-type", required_argument, NULL, OPT_MODEL_TYPE },
        { "league", required_argument, NULL, OPT_LEAGUE },
        { "version", required_argument, NULL, OPT_VERSION },
        { "status", required_argument, NULL, OPT_STATUS },
        { "first-date", required_argument, NULL, OPT_FIRST_DATE },
        { "last-date", required_argument, NULL, OPT_LAST_DATE },
        { "matches", required_argument, NULL, OPT_MATCHES },
        { "data-from", required_argument, NULL, OPT_DATA_FROM },
        { "file", required_argument, NULL, OPT_FILE },
        { "json", no_argument, NULL, OPT_JSON },
        { "reinstate", no_argument, NULL, OPT_REINSTATE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "hr:", longopts, NULL)) != -1) {
        o->entry_flags += c >= OPT_MODEL_TYPE && c <= OPT_FILE;
        o->data_flags += c >= OPT_STATUS && c <= OPT_FILE;
        switch (c) {
        case 'h': usage(stdout, EXIT_OK);
        case 'r': o->registry = optarg; break;
        case OPT_MODEL_TYPE: e->model_type = optarg; break;
        case OPT_LEAGUE: e->league = optarg; break;
        case OPT_VERSION: e->version = optarg; break;
        case OPT_STATUS: e->status = optarg; break;
        case OPT_FIRST_DATE: e->first_date = optarg; break;
        case OPT_LAST_DATE: e->last_date = optarg; break;
        case OPT_MATCHES: o->matches = optarg; break;
        case OPT_DATA_FROM: o->data_from = optarg; break;
        case OPT_FILE:
            grow(&o->paths, &o->paths_cap, o->npaths + 1, sizeof *o->paths);
            o->paths[o->npaths++] = optarg;
            break;
        case OPT_JSON: o->json = 1; break;
        case OPT_REINSTATE: o->reinstate = 1; break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
}

_Noreturn static void usage_error(const char *msg)
{
    warnf("%s", msg);
    usage(stderr, EXIT_USAGE);
}

/* --reinstate names a registered version: its type, league and dated
 * version, nothing of its data. */
static void check_reinstate_usage(const struct options *o, const struct entry *e)
{
    if (o->json || o->data_flags)
        usage_error("--reinstate takes --model-type, --league and --version alone");
    if (!e->model_type || !e->league || strcmp(e->version, LEGACY_VERSION) == 0)
        usage_error("--reinstate needs --model-type, --league and --version DATE-DIGEST");
    if (!data_version_valid(e->version))
        usage_error("--reinstate: --version wants DATE-DIGEST (e.g. 2024-05-19-3f9a1c2b)");
    check_name("model_type", e->model_type);
    check_name("league", e->league);
}

/* Flag mode needs every member without a default; --json takes none. */
static void check_usage(int argc, const struct options *o, const struct entry *e)
{
    if (optind != argc)
        usage_error("unexpected argument");
    if (!o->registry)
        usage_error("-r REGISTRY is required");
    if (o->reinstate) {
        check_reinstate_usage(o, e);
        return;
    }
    if (o->json) {
        if (o->entry_flags)
            usage_error("--json takes the whole entry from stdin: no entry flags");
        return;
    }
    if (o->data_from && (e->first_date || e->last_date || o->matches))
        usage_error("--data-from gives the data: no --first-date, --last-date or --matches");
    if (!e->model_type || !e->league || !o->npaths ||
        (!o->data_from && (!e->first_date || !e->last_date || !o->matches)))
        usage_error("--model-type, --league, --first-date, --last-date, "
                    "--matches and --file are required (or --json)");
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    struct entry e = { .version = "v2", .status = "active" };
    cJSON *input = NULL;
    set_progname(argv[0]);
    parse_options(argc, argv, &o, &e);
    check_usage(argc, &o, &e);
    if (o.reinstate) {
        reinstate(o.registry, &e);
        return EXIT_OK;
    }
    if (o.json) {
        input = entry_from_json(&e);
    } else {
        if (o.data_from)
            input = data_from_model(&e, o.data_from);
        else
            e.matches = parse_matches(o.matches);
        size_t cap = 0;
        for (size_t i = 0; i < o.npaths; i++)
            add_file_path(&e, &cap, o.paths[i]);
    }
    check_entry(&e);
    char *key = make_key(&e);
    size_t len;
    char *line = make_line(&e, key, &len);
    int rc = append_line(o.registry, key, line, len);
    free(line);
    free(key);
    free(e.files);
    free(o.paths);
    cJSON_Delete(input);
    return rc;
}
