/* datafile.h: where the shipped, editable tables (leagues.csv, teams.csv,
 * excluded.csv) are found, so that the programs work from any directory. */
#ifndef LF_DATAFILE_H
#define LF_DATAFILE_H

/* The path of table `name`, a new string: `given` (an option) if not NULL;
 * else the environment variable `env` if set and not empty; else the first
 * that exists of data/NAME under the working directory, PREFIX/share/leaguefit/NAME
 * beside an installed program (PREFIX/bin/prog), and DIR/data/NAME beside
 * a program of a checkout (DIR/bin/prog); else data/NAME, for the message
 * of whoever opens it. */
char *datafile_find(const char *given, const char *env, const char *name);

#endif
