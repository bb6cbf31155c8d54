/* text.c: UTF-8 validation, Windows-1252 fallback and trimming. */
#include "text.h"
#include "util.h"

#include <string.h>

/* Length of the UTF-8 sequence at s, or 0 if it is malformed. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min, cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_seq(p);
        if (!n)
            return 0;
        p += n;
    }
    return 1;
}

/* Windows-1252 0x80..0x9F; the five unassigned bytes map to the C1
 * controls of the same value, as the WHATWG encoding standard does. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        *out++ = (char)cp;
    } else if (cp < 0x800) {
        *out++ = (char)(0xC0 | cp >> 6);
        *out++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *out++ = (char)(0xE0 | cp >> 12);
        *out++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    }
    return out;
}

char *text_to_utf8(const char *s)
{
    if (utf8_valid(s))
        return xstrdup(s);
    /* Every byte becomes at most three bytes (the U+2xxx punctuation). */
    char *buf = xmalloc(3 * strlen(s) + 1), *out = buf;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        out = put_utf8(out, c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c);
    }
    *out = '\0';
    return buf;
}

static int space_at(const char *s)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    return s[0] == '\xC2' && s[1] == '\xA0' ? 2 : 0;
}

char *text_trim(char *s)
{
    size_t start = 0, end, i;
    int n;
    while ((n = space_at(s + start)))
        start += (size_t)n;
    /* Scan forward: a trailing space can only be told from an inner one by
     * what follows it. */
    for (end = i = start; s[i];) {
        n = space_at(s + i);
        i += n ? (size_t)n : 1;
        if (!n)
            end = i;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

char *text_field(const char *s)
{
    char *t = text_to_utf8(s), *out = t;
    for (const char *p = t; *p;) {
        if (p[0] == '\xC2' && p[1] == '\xA0') {
            *out++ = ' ';
            p += 2;
        } else {
            *out++ = *p++;
        }
    }
    *out = '\0';
    return text_trim(t);
}

int text_field_unchanged(const char *s)
{
    size_t n = strlen(s);
    /* (Without a no-break space, only an ASCII blank can end in one.) */
    return utf8_valid(s) && !strstr(s, "\xC2\xA0") &&
           (n == 0 || (!space_at(s) && !space_at(s + n - 1)));
}
