/* reinstate.h: a version made the newest again (docs/design.md §6, "The
 * newest complete version"; versionrank.h).
 *
 * The newest version is the one whose data were given last. Each
 * version's registration says when it was first given; when data are
 * given again that an older version was fitted on (a corrected result
 * taken back, the newest matches taken out), SAFE MODE trains nothing and
 * registers no key twice, so the registry gets a line of its own kind
 * instead: a reinstatement, keyed
 *
 *     <model_type>_<league>_<version>@reinstated-<n>
 *
 * n counting the version's reinstatements (one line a key still). */
#ifndef LF_REINSTATE_H
#define LF_REINSTATE_H

/* The "event" member of a reinstatement line. */
#define REINSTATED_EVENT "reinstated"
/* Its "newest" member: the version is made the newest of all dates, above
 * every version registered before (versionrank.h). A line without it
 * (written before the rank across dates) made its version the newest of
 * its date alone: it moves the version's last line, and takes no epoch of
 * its own, only the highest of its date's versions (their newest's place). */
#define REINSTATED_NEWEST_MEMBER "newest"
#define REINSTATED_NEWEST_ALL "of all dates"
/* What follows the version in a reinstatement's key, before its number. */
#define REINSTATED_SUFFIX "@reinstated-"

/* The key of version's n-th reinstatement (malloc'd). */
char *reinstated_key(const char *type, const char *league, const char *version, long n);

/* What follows a version in a key: "" (its registration) is 0; a
 * reinstatement's suffix and number (1, 2, ... without leading zeros) is
 * that number; anything else -1: the key is another version's, or no key
 * of these kinds. */
long reinstated_number(const char *tail);

#endif
