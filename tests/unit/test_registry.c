/* test_registry.c: the registry read line by line (registry.h): every
 * line to a walk of lines, a line that is not a JSON object as none and
 * said by none; the walk of entries warns of it instead; a filter's lines
 * alone; the last of a repeated member. stderr captured in a file. TAP. */
#define _GNU_SOURCE /* fmemopen */
#include "registry.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* The lines: two entries (the second spaced, with a repeated key and an
 * escape), a blank line, a foreign line, one without a key, one whose key
 * is a number, a line of NULs, a torn last line. */
static const char registry[] = "{\"key\":\"a\"}\n"
                               "{ \"key\" : \"x\", \"key\": \"b\\u00e9\" }\n"
                               "\n"
                               "[\"b\"]\n"
                               "{\"league\":\"b\"}\n"
                               "{\"key\":5}\n"
                               "\0\0{\"key\":\"b\"}\n"
                               "{\"key\":\"b";

/* What a walk was given, "LINE:KEY" a call (KEY "-" for none, "#" for a
 * line that is not an entry), appended to a buffer. */
struct seen {
    char text[512];
    int stop_at; /* the line at which to stop, or 0 */
};

static int note(const cJSON *entry, long line, void *data)
{
    struct seen *s = data;
    const char *key = entry ? registry_key(entry) : "#";
    size_t used = strlen(s->text);
    snprintf(s->text + used, sizeof s->text - used, "%ld:%s ", line, key ? key : "-");
    return line == s->stop_at;
}

static int holds_b(const char *line, size_t len, const void *data)
{
    (void)data;
    return memchr(line, 'b', len) != NULL;
}

/* Runs walk over the registry's text with stderr in a file; what was
 * said there into said. */
static void with_stderr(void (*walk)(FILE *, struct seen *), struct seen *s, char *said,
                        size_t len)
{
    char path[] = "/tmp/test_registry.XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fmemopen((void *)registry, sizeof registry - 1, "r");
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    walk(fp, s);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(fp);
    ssize_t n = pread(fd, said, len - 1, 0);
    said[n > 0 ? n : 0] = '\0';
    close(fd);
    remove(path);
}

static void every_line(FILE *fp, struct seen *s)
{
    registry_each_line(fp, "reg", NULL, NULL, note, s);
}

static void lines_with_b(FILE *fp, struct seen *s)
{
    registry_each_line(fp, "reg", holds_b, NULL, note, s);
}

static void entries(FILE *fp, struct seen *s)
{
    registry_each(fp, "reg", note, s);
}

int main(void)
{
    char said[1024];
    set_progname("prog");
    struct seen s = { "", 0 };
    with_stderr(every_line, &s, said, sizeof said);
    ok(strcmp(s.text, "1:a 2:b\xc3\xa9 3:# 4:# 5:- 6:- 7:# 8:# ") == 0,
       "every line: its key (the last, decoded), none, or not an entry: %s", s.text);
    ok(said[0] == '\0', "nothing said of the lines that are not entries");

    s = (struct seen){ "", 0 };
    with_stderr(lines_with_b, &s, said, sizeof said);
    ok(strcmp(s.text, "2:b\xc3\xa9 4:# 5:- 7:# 8:# ") == 0, "the filter's lines alone: %s", s.text);

    s = (struct seen){ "", 4 };
    with_stderr(every_line, &s, said, sizeof said);
    ok(strcmp(s.text, "1:a 2:b\xc3\xa9 3:# 4:# ") == 0, "a non-zero return stops the walk");

    s = (struct seen){ "", 0 };
    with_stderr(entries, &s, said, sizeof said);
    ok(strcmp(s.text, "1:a 2:b\xc3\xa9 5:- 6:- ") == 0, "the walk of entries: entries alone");
    ok(strcmp(said, "prog: reg:4: not a JSON object, line skipped\n"
                    "prog: reg:7: unparsable line skipped\n"
                    "prog: reg:8: torn last line (an interrupted append), skipped\n") == 0,
       "and it warns of each other line but the blank one: %s", said);
    return done_testing();
}
