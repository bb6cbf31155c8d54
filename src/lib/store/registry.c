/* registry.c: a tolerant, strict-per-line reader of the JSON Lines registry. */
#define _GNU_SOURCE /* memmem */
#include "registry.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 0;
    return 1;
}

/* Parses one line as a JSON object, with no trailing junk. cJSON's
 * require_null_terminated check needs the NUL inside the length it is
 * given, hence len + 1. *why says what was wrong when NULL is returned. */
static cJSON *parse_line(const char *s, size_t len, const char **why)
{
    *why = "unparsable line skipped";
    if (memchr(s, '\0', len)) /* cJSON would stop there and accept a prefix */
        return NULL;
    cJSON *entry = cJSON_ParseWithLengthOpts(s, len + 1, NULL, 1);
    if (entry && !cJSON_IsObject(entry)) {
        *why = "not a JSON object, line skipped";
        cJSON_Delete(entry);
        return NULL;
    }
    return entry;
}

int registry_each(FILE *fp, const char *name, registry_fn *fn, void *data)
{
    return registry_each_mentioning(fp, name, NULL, fn, data);
}

/* A walk: the lines it reads, and what it does with one that is not an
 * entry (a line read alone, by registry_each_line: fn gets NULL). */
struct walk {
    registry_filter *wanted; /* NULL: every line */
    const void *wanted_data;
    registry_fn *fn;
    void *data;
    int unparsed_to_fn; /* else warned of, a blank line silently skipped */
};

/* The entry of one line read, or its warning; fn's value. */
static int read_line(const struct walk *w, const char *name, const char *line, size_t len,
                     long lineno)
{
    /* getline returns a line without '\n' only at end of file. */
    int complete = len > 0 && line[len - 1] == '\n';
    const char *why;
    cJSON *entry = parse_line(line, len, &why);
    int stop = 0;
    if (entry || w->unparsed_to_fn)
        stop = w->fn(entry, lineno, w->data);
    else if (!is_blank(line, len))
        warnf("%s:%ld: %s", name, lineno,
              complete ? why : "torn last line (an interrupted append), skipped");
    cJSON_Delete(entry);
    return stop;
}

static int walk_lines(FILE *fp, const char *name, const struct walk *w)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int stop = 0;
    while (!stop && (len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (!w->wanted || w->wanted(line, (size_t)len, w->wanted_data))
            stop = read_line(w, name, line, (size_t)len, lineno);
    }
    if (ferror(fp))
        die("%s: read error: %s", name, strerror(errno));
    free(line);
    return stop;
}

int registry_line_holds(const char *line, size_t len, const void *needle)
{
    return memmem(line, len, needle, strlen(needle)) != NULL;
}

int registry_each_mentioning(FILE *fp, const char *name, const char *needle, registry_fn *fn,
                             void *data)
{
    struct walk w = { needle ? registry_line_holds : NULL, needle, fn, data, 0 };
    return walk_lines(fp, name, &w);
}

int registry_each_line(FILE *fp, const char *name, registry_filter *wanted,
                       const void *wanted_data, registry_fn *fn, void *data)
{
    struct walk w = { wanted, wanted_data, fn, data, 1 };
    return walk_lines(fp, name, &w);
}

const cJSON *registry_member(const cJSON *obj, const char *name)
{
    const cJSON *found = NULL;
    for (const cJSON *m = cJSON_IsObject(obj) ? obj->child : NULL; m; m = m->next)
        if (m->string && strcmp(m->string, name) == 0)
            found = m;
    return found;
}

const char *registry_key(const cJSON *entry)
{
    const cJSON *key = registry_member(entry, "key");
    return cJSON_IsString(key) ? key->valuestring : NULL;
}

static int key_matches(const cJSON *entry, long line, void *key)
{
    (void)line;
    const char *k = registry_key(entry);
    return k && strcmp(k, key) == 0;
}

int registry_has_key(FILE *fp, const char *name, const char *key)
{
    return registry_each(fp, name, key_matches, (void *)key);
}
