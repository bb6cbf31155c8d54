/* registry-keys: the key of each line of the JSON Lines registry
 * (docs/design.md §4), or of the lines that mention some keys: the
 * registry's keys as every reader of the registry reads them
 * (registry.h: the last of a repeated "key", escapes decoded), for
 * leaguefit-status, which asks which of its versions are registered three
 * times a run and had a jq compile its builtins for it each time.
 *
 * A line that is not a JSON object (a torn last line, a crash's NULs, a
 * blank line) prints "#torn", a line whose key is missing or no string
 * nothing; nothing is said on stderr: the caller counts and tells.
 *
 * With --ranks, the ranks of a league and type's versions instead
 * (versionrank.h), which leaguefit-status orders them by; with
 * --all-ranks, of every league and type's, for leaguefit-report: the rule
 * is predict's own code, not a copy of it in jq. Exit 0, 1 on a registry
 * that cannot be read, 2 on bad usage. */
#include "keymention.h"
#include "registry.h"
#include "util.h"
#include "versionrank.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* What a line that is not a registry entry prints: no key has a '#'. */
#define TORN_LINE "#torn"

_Noreturn static void usage(FILE *fp, int code)
{
    fprintf(fp, "usage: %s -r REGISTRY [--] [KEY...]\n"
                "       %s -r REGISTRY --ranks TYPE_LEAGUE_ | --all-ranks\n", progname, progname);
    if (code == EXIT_OK) {
        fputs("Prints the key of each line of REGISTRY that holds \"KEY\" (quotes\n"
              "and all) for one of the KEYs, of every line without KEYs: one a line,\n"
              "in the registry's order; #torn for a line that is not a JSON object\n"
              "(torn, blank), nothing for one whose key is missing or not a string.\n"
              "  -r, --registry REGISTRY  the registry (registry.jsonl)\n"
              "  --ranks TYPE_LEAGUE_     instead, \"VERSION EPOCH LAST REGISTERED\n"
              "                           REINSTATED\" of\n"
              "                           each dated version of the type and league the\n"
              "                           registry holds, as predict ranks them\n"
              "  --all-ranks              the same of every type and league, each line\n"
              "                           led by its TYPE_LEAGUE_\n"
              "  -h, --help               print this help and exit\n",
              fp);
        close_stdout();
    }
    exit(code);
}

static int print_key(const cJSON *entry, long line, void *data)
{
    (void)line, (void)data;
    const char *key = entry ? registry_key(entry) : TORN_LINE;
    if (key)
        puts(key);
    return 0;
}

static int mentions_key(const char *line, size_t len, const void *keys)
{
    return key_mentioned(keys, line, len);
}

/* The registry's name from -r, the prefix of --ranks (NULL: none) and
 * whether --all-ranks was given; KEYs are what remains. */
static const char *parse_options(int argc, char **argv, const char **ranks, int *all_ranks)
{
    static const struct option longopts[] = {
        { "registry", required_argument, NULL, 'r' },
        { "ranks", required_argument, NULL, 'R' },
        { "all-ranks", no_argument, NULL, 'A' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *registry = NULL;
    int c;
    *ranks = NULL, *all_ranks = 0;
    while ((c = getopt_long(argc, argv, "hr:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout, EXIT_OK);
        case 'r': registry = optarg; break;
        case 'R': *ranks = optarg; break;
        case 'A': *all_ranks = 1; break;
        default: usage(stderr, EXIT_USAGE);
        }
    }
    if (!registry) {
        warnf("-r REGISTRY is required");
        usage(stderr, EXIT_USAGE);
    }
    if ((*ranks || *all_ranks) && optind < argc) {
        warnf("--ranks and --all-ranks take no KEYs");
        usage(stderr, EXIT_USAGE);
    }
    if (*ranks && *all_ranks) {
        warnf("--ranks or --all-ranks, not both");
        usage(stderr, EXIT_USAGE);
    }
    return registry;
}

/* "VERSION EPOCH LAST REGISTERED REINSTATED" of each version of prefix,
 * in the order of their first lines; each led by the prefix where lead is
 * set. */
static void print_ranks(FILE *fp, const char *registry, const char *prefix, int lead)
{
    struct version_ranks ranks;
    version_ranks_read_quietly(fp, registry, prefix, &ranks);
    for (size_t i = 0; i < ranks.n; i++)
        printf("%s%s%s %ld %ld %d %ld\n", lead ? prefix : "", lead ? " " : "",
               ranks.v[i].version, ranks.v[i].epoch, ranks.v[i].last, ranks.v[i].registered,
               ranks.v[i].reinstated);
    version_ranks_free(&ranks);
}

/* The TYPE_LEAGUE_ prefixes of the registry's version keys, in the order
 * of their first lines. */
struct prefixes {
    char **v;
    size_t n, cap;
};

/* Whether a prefix can be printed as one field: no space, no control
 * byte (a key edited by hand; registry-append writes none). */
static int one_field(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
            return 0;
    return 1;
}

static int note_prefix(const cJSON *entry, long line, void *data)
{
    (void)line;
    struct prefixes *p = data;
    const char *key = entry ? registry_key(entry) : NULL;
    size_t len = key ? version_key_prefix_len(key) : 0;
    if (len && !one_field(key, len))
        len = 0;
    for (size_t i = 0; len && i < p->n; i++)
        if (strlen(p->v[i]) == len && strncmp(p->v[i], key, len) == 0)
            return 0;
    if (len) {
        grow(&p->v, &p->cap, p->n + 1, sizeof *p->v);
        p->v[p->n++] = xstrndup(key, len);
    }
    return 0;
}

/* The ranks of every type and league's versions, a prefix at a time (the
 * registry read again for each: a file, not a pipe). A prefix that is no
 * one field (a space in it) is no type and league's: not printed. */
static void print_all_ranks(FILE *fp, const char *registry)
{
    struct prefixes p = { 0 };
    registry_each_line(fp, registry, NULL, NULL, note_prefix, &p);
    for (size_t i = 0; i < p.n; i++) {
        if (fseek(fp, 0, SEEK_SET) != 0)
            die("%s: --all-ranks reads the registry again, which this one cannot be: %s",
                registry, strerror(errno));
        print_ranks(fp, registry, p.v[i], 1);
        free(p.v[i]);
    }
    free(p.v);
}

int main(int argc, char **argv)
{
    set_progname(argv[0]);
    const char *ranks;
    int all_ranks;
    const char *registry = parse_options(argc, argv, &ranks, &all_ranks);
    FILE *fp = fopen(registry, "r");
    if (!fp)
        die("%s: %s", registry, strerror(errno));
    if (ranks || all_ranks) {
        if (all_ranks)
            print_all_ranks(fp, registry);
        else
            print_ranks(fp, registry, ranks, 0);
        fclose(fp);
        close_stdout();
        return EXIT_OK;
    }
    struct key_mentions keys;
    size_t nkeys = (size_t)(argc - optind);
    key_mentions_init(&keys, (const char *const *)argv + optind, nkeys);
    registry_each_line(fp, registry, nkeys ? mentions_key : NULL, &keys, print_key, NULL);
    key_mentions_free(&keys);
    fclose(fp);
    close_stdout();
    return EXIT_OK;
}
