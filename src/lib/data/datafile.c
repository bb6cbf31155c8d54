/* datafile.c: the shipped tables, found beside the program that needs them. */
#define _GNU_SOURCE /* readlink */
#include "datafile.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *join(const char *dir, const char *rest, const char *name)
{
    size_t n = strlen(dir) + strlen(rest) + strlen(name) + 1;
    char *p = xmalloc(n);
    snprintf(p, n, "%s%s%s", dir, rest, name);
    return p;
}

/* The directory above the one the running program is in (PREFIX for
 * PREFIX/bin/prog), or NULL. /proc/self/exe names the file itself even
 * when the program was found through PATH or a symbolic link. */
static char *program_prefix(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
    }
    return xstrdup(exe);
}

char *datafile_find(const char *given, const char *env, const char *name)
{
    if (given)
        return xstrdup(given);
    const char *from_env = env ? getenv(env) : NULL;
    if (from_env && *from_env)
        return xstrdup(from_env);
    char *local = join("data/", "", name);
    if (access(local, F_OK) == 0)
        return local;
    char *prefix = program_prefix();
    static const char *const beside[] = { "/share/leaguefit/", "/data/" };
    for (size_t i = 0; prefix && i < sizeof beside / sizeof *beside; i++) {
        char *p = join(prefix, beside[i], name);
        if (access(p, F_OK) == 0) {
            free(prefix);
            free(local);
            return p;
        }
        free(p);
    }
    free(prefix);
    return local;
}
