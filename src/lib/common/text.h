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

#endif
