/* dialect.h: how a file writes its fields, told from the file itself.
 *
 * football-data.co.uk writes commas, decimal points and day-first dates
 * (dd/mm/yy, dd/mm/yyyy). The same file re-saved by a spreadsheet program
 * may use semicolons or tabs, a decimal comma (2,35) and dd.mm.yyyy,
 * dd.mm.yy or yyyy-mm-dd dates; one converted in the United States may
 * put the month first. Each is decided on the whole file, before any row
 * is converted: a row is never read one way and the next another. (A
 * year-first date is read as such wherever it is: its four-digit year
 * leaves no doubt.) */
#ifndef LF_DIALECT_H
#define LF_DIALECT_H

#include <stddef.h>

enum date_order { DAY_FIRST, MONTH_FIRST };

struct dialect {
    char delim;   /* ',', ';' or '\t' */
    char decimal; /* '.' or ',' */
    enum date_order order;
};

/* The delimiter of a header line (the first line, BOM removed): the one of
 * ',', ';' and '\t' whose fields include the most of `known` (NULL-ended
 * column names). -1 with the reason in why when no delimiter gives two
 * known names, or two give as many. */
int dialect_delimiter(const char *line, const char *const *known, char *delim,
                      char *why, size_t whylen);

/* The date order of a file's dates (n of them, with their lines): day
 * first when some day is above 12, month first when some month would
 * otherwise be above 12; -1 with the reason when both are seen, naming one
 * date of each kind. Without such a date, the order in which the dates lie
 * within a quarter of the days they span the other way (a week's fixtures
 * early in a month); else day first, football-data.co.uk's order, and 1
 * with a note in why naming a date that reads two ways (none reads two
 * ways: 0). Dates that are not d/m/y tell nothing of the order:
 * year-first ones (which count in the spans) and bad ones (the row
 * reports them). */
int dialect_date_order(char *const *dates, const long *lines, size_t n,
                       enum date_order *order, char *why, size_t whylen);

/* A date "d/m/y" in the given order: separators '/', '.' or '-', one or
 * two digits of day and month, a year of two (19yy from 50 up, else 20yy)
 * or four digits; or, whatever the order, "yyyy-mm-dd" (separators '-',
 * '/' or '.', one or two digits of month and day). 0 and days since
 * 1970-01-01, or -1. */
int date_parse_ordered(const char *s, enum date_order order, int *days);

/* The decimal mark of a file's numbers (cells n, with their lines): ','
 * when some number is written 2,35 (quoted, in a comma-separated file);
 * -1 with the reason when both 2,35 and 2.35 are seen. */
int dialect_decimal(char *const *cells, const long *lines, size_t n,
                    char *decimal, char *why, size_t whylen);

/* A decimal number written with the given mark; 0 or -1 (parse_double). */
int parse_decimal(const char *s, char mark, double *out);

#endif
