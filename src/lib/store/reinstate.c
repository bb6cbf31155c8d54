/* reinstate.c: the keys of the registry's reinstatements of a version. */
#define _POSIX_C_SOURCE 200809L
#include "reinstate.h"
#include <stdio.h>
#include "util.h"

#include <stdlib.h>
#include <string.h>

char *reinstated_key(const char *type, const char *league, const char *version, long n)
{
    size_t len = strlen(type) + strlen(league) + strlen(version) +
                 strlen(REINSTATED_SUFFIX) + 24;
    char *key = xmalloc(len);
    snprintf(key, len, "%s_%s_%s%s%ld", type, league, version, REINSTATED_SUFFIX, n);
    return key;
}

long reinstated_number(const char *tail)
{
    size_t slen = strlen(REINSTATED_SUFFIX);
    if (*tail == '\0')
        return 0;
    if (strncmp(tail, REINSTATED_SUFFIX, slen) != 0)
        return -1;
    const char *digits = tail + slen;
    size_t n = strspn(digits, "0123456789");
    long value;
    if (n == 0 || n > 18 || digits[n] != '\0' || digits[0] == '0' || parse_long(digits, &value))
        return -1;
    return value;
}
