/* json.h: cJSON with numbers that survive a round trip (docs/design.md §3). */
#ifndef LF_JSON_H
#define LF_JSON_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* Shortest of %.1g..%.17g that strtod reads back exactly; v must be finite. */
void format_double(double v, char buf[32]);

/* A raw cJSON number printed with format_double; dies on NaN or Inf. */
cJSON *json_number(double v);
cJSON *json_add_number(cJSON *obj, const char *key, double v);
cJSON *json_add_string(cJSON *obj, const char *key, const char *s);
/* A date (days since 1970-01-01) as the string "YYYY-MM-DD". */
cJSON *json_add_date(cJSON *obj, const char *key, int days);
cJSON *json_add_object(cJSON *obj, const char *key);
cJSON *json_add_array(cJSON *obj, const char *key);
/* An array of n numbers printed as json_number prints them. */
cJSON *json_number_array(const double *v, int n);

/* Prints obj formatted, with a final newline, to fp. */
void json_write(FILE *fp, const cJSON *obj);

/* Parses a whole file strictly (no trailing junk); dies naming the path. */
cJSON *json_read_file(const char *path);

/* Case-sensitive lookups that die naming `what` (usually the path) when the
 * member is missing or of the wrong type. */
double json_get_number(const cJSON *obj, const char *key, const char *what);
const char *json_get_string(const cJSON *obj, const char *key, const char *what);
/* A whole number in [lo, hi]; dies naming `what` otherwise (a bare
 * (int) cast of a double out of range is undefined behaviour). */
int json_get_int(const cJSON *obj, const char *key, int lo, int hi, const char *what);
const cJSON *json_get_item(const cJSON *obj, const char *key, const char *what);

#endif
