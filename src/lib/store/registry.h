/* registry.h: reading the append-only model registry (docs/design.md §4): JSON
 * Lines, one object per line, written by registry-append.
 *
 * A crash during an append can leave a torn last line (no final '\n').
 * Readers skip it and say so: it is the trace of an interrupted
 * append, and the entry was never registered. Any other line that is not a
 * JSON object (including a torn fragment that a later append sealed off with
 * '\n') is skipped with a warning "NAME:LINE: ..., line skipped" on every
 * read: SAFE MODE forbids us to remove it, so a human should know where it
 * is. Blank lines are skipped silently. */
#ifndef LF_REGISTRY_H
#define LF_REGISTRY_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* Called with each entry and its 1-based line number; a non-zero return
 * stops the walk. The entry is freed when fn returns. */
typedef int registry_fn(const cJSON *entry, long line, void *data);

/* Walks the entries of fp (called `name` in messages); returns the first
 * non-zero value fn returned, else 0. Dies naming `name` on a read error. */
int registry_each(FILE *fp, const char *name, registry_fn *fn, void *data);

/* The same over the lines that hold the bytes needle alone: the others
 * are neither parsed nor reported (a reader of one league and type's
 * lines, with years of lines of the others). NULL: every line. */
int registry_each_mentioning(FILE *fp, const char *name, const char *needle, registry_fn *fn,
                             void *data);

/* Whether a walk reads a line: a look at its len bytes (not NUL-ended,
 * NULs and all) before any parse. */
typedef int registry_filter(const char *line, size_t len, const void *data);

/* The filter of registry_each_mentioning: whether the line holds the
 * bytes of needle (a NUL-ended string). */
int registry_line_holds(const char *line, size_t len, const void *needle);

/* Every line of fp that wanted passes (NULL: every line) to fn, each for
 * itself: its entry, or NULL for a line that is not a JSON object (torn,
 * foreign, blank), of which nothing is said here: the caller tells of it
 * as it sees fit (registry-keys prints "#torn"). Returns as
 * registry_each. */
int registry_each_line(FILE *fp, const char *name, registry_filter *wanted,
                       const void *wanted_data, registry_fn *fn, void *data);

/* The member `name` of obj, the last of that name where a line edited by
 * hand repeats one (cJSON's lookup would give the first): jq, by which
 * leaguefit-report reads the registry's entries, keeps the last, and
 * every reader must read a line alike. NULL: none. */
const cJSON *registry_member(const cJSON *obj, const char *name);

/* The entry's "key" member (the last, registry_member), or NULL when it
 * is missing or not a string. */
const char *registry_key(const cJSON *entry);

/* 1 if an entry of fp has the given key, else 0. */
int registry_has_key(FILE *fp, const char *name, const char *key);

#endif
