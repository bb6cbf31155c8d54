/* text.h: text fields from files of unknown encoding (football-data.co.uk
 * mixes UTF-8 and Windows-1252 between seasons). */
#ifndef LF_TEXT_H
#define LF_TEXT_H

/* 1 if s is well-formed UTF-8 (no overlongs, surrogates or code points
 * above U+10FFFF), else 0. */
int utf8_valid(const char *s);

/* A new string: s itself when it is valid UTF-8, else s read as
 * Windows-1252 and re-encoded as UTF-8. */
char *text_to_utf8(const char *s);

/* Removes leading and trailing ASCII white space and U+00A0 (no-break
 * space) in place; returns s. */
char *text_trim(char *s);

/* A new string: a field of a user's file as it is meant, mended to UTF-8
 * (text_to_utf8), each no-break space a plain one (text pasted from a web
 * page: "Man<U+00A0>City" is Man City), trimmed. */
char *text_field(const char *s);

/* Whether text_field(s) is s's own text (valid UTF-8, no no-break space,
 * nothing to trim): a caller holding s need not copy it. Checked without
 * an allocation, for the many names that need no mending. */
int text_field_unchanged(const char *s);

#endif
