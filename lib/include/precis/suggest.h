#ifndef PRECIS_SUGGEST_H
#define PRECIS_SUGGEST_H

#include <stddef.h>

/* "Did you mean ...?" for mistyped commands and options. */

/* Edit distance between @a and @b: insertions, deletions, substitutions
 * and swaps of two neighbouring bytes each cost 1 (optimal string
 * alignment).  Strings longer than 64 bytes count as far from anything
 * (returns 1000): nobody mistypes a 65-byte command. */
unsigned precis_edit_distance(const char *a, const char *b);

/* The candidate of @cands (NULL-terminated) nearest to @word, if it is
 * near enough to be a typo: distance at most 2 and less than half of
 * @word's length (rounded up), or @word a prefix of exactly one
 * candidate.  NULL when there is none or two are equally near. */
const char *precis_suggest(const char *word, const char *const *cands);

#endif /* PRECIS_SUGGEST_H */
