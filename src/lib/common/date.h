/* date.h: calendar dates as days since 1970-01-01 (proleptic Gregorian). */
#ifndef LF_DATE_H
#define LF_DATE_H

int days_from_civil(int y, int m, int d);
void civil_from_days(int days, int *y, int *m, int *d);

/* Whether two days lie in the same calendar month. */
int same_month(int a, int b);

/* The first day of the calendar month holding `days`. */
int month_start(int days);

/* "YYYY-MM-DD" → days; 0 on success, -1 if malformed or not a real date. */
int date_parse_iso(const char *s, int *days);

/* The date of a command-line option ("--until", "2024-05-01"): a usage
 * error (exit 2) naming the option unless it is a real YYYY-MM-DD. */
int date_option(const char *option, const char *arg);

/* "dd/mm/yy" or "dd/mm/yyyy" (football-data.co.uk); two-digit years are
 * 19yy from 50 up, else 20yy. 0 on success, -1 otherwise. */
int date_parse_dmy(const char *s, int *days);

/* Writes "YYYY-MM-DD" and a NUL into buf (11 bytes). */
void date_format(int days, char buf[11]);

/* Season label of a season whose first match is on `days`: a season that
 * starts from July on is "YYYY-YY+1", earlier in the year "YYYY-1-YY". */
void season_of(int days, char buf[8]);

#endif
