/* test_madeby.c: a file's stamp of the program that made it (madeby.h)
 * vouches for the file as it was stamped, by this program only: a file
 * changed since (its size or its modification time), a stamp of another
 * program, a stamp that does not read, or none, vouch for nothing. TAP. */
#define _GNU_SOURCE
#include "buildid.h"
#include "madeby.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "testfiles.h"

static char dir[] = "/tmp/test_madeby.XXXXXX";
static char table[128], stamp[256];

/* Sets the file's modification time to sec seconds (and ns) since 1970. */
static void set_mtime(const char *path, time_t sec, long ns)
{
    struct timespec t[2] = { { 0, UTIME_OMIT }, { sec, ns } };
    if (utimensat(AT_FDCWD, path, t, 0) != 0)
        die("%s: cannot set its time", path);
}

static void test_stamped(void)
{
    ok(!made_by_this_program(table), "a file without a stamp: not vouched for");
    ok(made_by_stamp(table) == 0, "stamped");
    ok(made_by_this_program(table), "then vouched for, by this program");
    char id[PROGRAM_ID_LEN], line[PROGRAM_ID_LEN + 2];
    program_identity(id);
    FILE *fp = fopen(stamp, "r");
    ok(fp && fgets(line, sizeof line, fp) && strncmp(line, id, strlen(id)) == 0 &&
           line[strlen(id)] == '\n',
       "the stamp, TABLE.made-by, names the program's build: %s", id);
    if (fp)
        fclose(fp);
}

static void test_changed_since(void)
{
    struct stat st;
    stat(table, &st);
    set_mtime(table, st.st_mtim.tv_sec - 100, st.st_mtim.tv_nsec);
    ok(!made_by_this_program(table), "the file's time changed (re-saved, the same bytes): not");
    set_mtime(table, st.st_mtim.tv_sec, st.st_mtim.tv_nsec + (st.st_mtim.tv_nsec < 999999999 ? 1 : -1));
    ok(!made_by_this_program(table), "a nanosecond off: not");
    set_mtime(table, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    ok(made_by_this_program(table), "its time as it was stamped: vouched for again");
    FILE *fp = fopen(table, "a");
    if (!fp || fputs("x\n", fp) < 0 || fclose(fp) != 0)
        die("%s: cannot append", table);
    set_mtime(table, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    ok(!made_by_this_program(table), "a line added, its time put back: not (its size)");
    ok(made_by_stamp(table) == 0 && made_by_this_program(table), "stamped again: the stamp replaced");
}

/* The stamp's text into text (512 bytes); its length. */
static size_t read_stamp(char *text)
{
    FILE *fp = fopen(stamp, "r");
    size_t n = fp ? fread(text, 1, 511, fp) : 0;
    if (fp)
        fclose(fp);
    text[n] = '\0';
    return n;
}

/* The stamp rewritten with its first `keep` bytes and then `rest`. */
static void rewrite_stamp(size_t keep, const char *rest)
{
    char text[512];
    size_t n = read_stamp(text);
    text[keep < n ? keep : n] = '\0';
    strcat(text, rest);
    write_file_now(stamp, text);
}

static void test_other_stamps(void)
{
    char id[PROGRAM_ID_LEN];
    program_identity(id);
    size_t id_len = strlen(id);
    /* Another build: the last hex digit of its ID another one. */
    char text[512];
    size_t n = read_stamp(text);
    text[id_len - 1] = text[id_len - 1] == '0' ? '1' : '0';
    write_file_now(stamp, text);
    ok(!made_by_this_program(table), "a stamp of another build: not");
    made_by_stamp(table);
    rewrite_stamp(n - 1, "");
    ok(!made_by_this_program(table), "a stamp cut short (its last newline): not");
    made_by_stamp(table);
    rewrite_stamp(n, "more\n");
    ok(!made_by_this_program(table), "a stamp with more after it: not");
    write_file_now(stamp, "");
    ok(!made_by_this_program(table), "an empty stamp: not");
}

static void test_file_gone(void)
{
    const char *text = "league,date\nserie_a,2024-01-01\n";
    write_file_now(table, text);
    made_by_stamp(table);
    struct stat st;
    stat(table, &st);
    unlink(table);
    ok(!made_by_this_program(table), "the file gone, its stamp left: not");
    write_file_now(table, text);
    set_mtime(table, st.st_mtim.tv_sec + 1, st.st_mtim.tv_nsec);
    ok(!made_by_this_program(table), "nor another file of its name, size and bytes, made later");
    /* Within the same tick of a clock that keeps whole seconds, the new
     * file would match: the stamp goes before a file of its name is
     * published. */
    set_mtime(table, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    ok(made_by_this_program(table), "(one of the same size and time would match)");
    unlink(table);
    made_by_begin(table);
    ok(access(stamp, F_OK) != 0, "made_by_begin removes the stamp left without its file");
    write_file_now(table, text);
    set_mtime(table, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    ok(!made_by_this_program(table), "so that the file published then is not vouched for");
    made_by_stamp(table);
    made_by_begin(table);
    ok(made_by_this_program(table), "a stamp with its file is left (the name is taken)");
    unlink(table);
    ok(made_by_stamp(table) == -1, "stamping a file that is not there: -1");
}

int main(void)
{
    if (!mkdtemp(dir))
        die("mkdtemp failed");
    snprintf(table, sizeof table, "%s/t.features.csv", dir);
    snprintf(stamp, sizeof stamp, "%s.made-by", table);
    write_file_now(table, "league,date\nserie_a,2024-01-01\n");
    test_stamped();
    test_changed_since();
    test_other_stamps();
    test_file_gone();
    remove_tree(dir);
    return done_testing();
}
