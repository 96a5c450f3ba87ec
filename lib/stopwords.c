/* Stopword lookup: one probe of a constant hash table from a word to the
 * set of stopword lists holding it.  The lists themselves are in
 * lib/gen/stopwords-lists.c; lib/gen/gen-stopwords.c turns them into the
 * table (stopwords-table.h, in the build tree) when precis is built. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <precis/hash.h>

#include "stopwords.h"

struct stopwords_entry {
        uint32_t off;  /* the word: stopwords_text + off */
        uint32_t len;  /* its bytes */
        uint32_t mask; /* lists holding it: bit i = precis__stopword_lists[i] */
};

#include "stopwords-table.h"

const struct precis__stopwords precis__stopword_lists[] = {
#define STOPWORDS_LIST(name) { name },
        STOPWORDS_LANGS(STOPWORDS_LIST)
#undef STOPWORDS_LIST
        { NULL },
};

const struct precis__stopwords *precis__stopwords_find(const char *lang)
{
        const struct precis__stopwords *sw;

        for (sw = precis__stopword_lists; sw->lang != NULL; sw++)
                if (strcmp(sw->lang, lang) == 0)
                        return sw;
        return NULL;
}

uint32_t precis__stopwords_mask(const char *w, size_t len)
{
        uint32_t h;

        if (len == 0)
                return 0;
        h = (uint32_t) precis_table_hash(w, len) & (STOPWORDS_SLOTS - 1);
        while (stopwords_slots[h] != 0) {
                const struct stopwords_entry *e =
                        &stopwords_entries[stopwords_slots[h] - 1];

                if (e->len == len &&
                    memcmp(stopwords_text + e->off, w, len) == 0)
                        return e->mask;
                h = (h + 1) & (STOPWORDS_SLOTS - 1);
        }
        return 0;
}

int precis__stopwords_has(const struct precis__stopwords *sw, const char *w,
                          size_t len)
{
        if (sw == NULL)
                return 0;
        return (precis__stopwords_mask(w, len) >>
                (sw - precis__stopword_lists)) & 1;
}
