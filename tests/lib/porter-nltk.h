#ifndef PRECIS_TEST_PORTER_NLTK_H
#define PRECIS_TEST_PORTER_NLTK_H

#include <stddef.h>

/* Stem the lower-case ASCII word @w (@n letters) in place as NLTK's
 * PorterStemmer does in its default mode (NLTK_EXTENSIONS), whatever its
 * length.  @w must hold n + 1 bytes: the stem is never longer than the
 * word, and it is NUL-terminated.  Returns the stem's length. */
size_t porter_nltk_stem(char *w, size_t n);

#endif /* PRECIS_TEST_PORTER_NLTK_H */
