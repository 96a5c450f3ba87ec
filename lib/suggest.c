#include <string.h>

#include <precis/suggest.h>

#define SUGGEST_MAX 64

unsigned precis_edit_distance(const char *a, const char *b)
{
        /* Three rows of the dynamic-programming table are enough for the
         * swap rule, which looks two rows back. */
        unsigned rows[3][SUGGEST_MAX + 1];
        size_t la = strlen(a), lb = strlen(b), i, j;

        if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
                return 1000;
        for (j = 0; j <= lb; j++)
                rows[0][j] = (unsigned) j;
        for (i = 1; i <= la; i++) {
                unsigned *cur = rows[i % 3], *prev = rows[(i - 1) % 3];
                unsigned *prev2 = rows[(i + 1) % 3];

                cur[0] = (unsigned) i;
                for (j = 1; j <= lb; j++) {
                        unsigned cost = a[i - 1] != b[j - 1];
                        unsigned v = prev[j] + 1;

                        if (cur[j - 1] + 1 < v)
                                v = cur[j - 1] + 1;
                        if (prev[j - 1] + cost < v)
                                v = prev[j - 1] + cost;
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                            a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
                                v = prev2[j - 2] + 1;
                        cur[j] = v;
                }
        }
        return rows[la % 3][lb];
}

const char *precis_suggest(const char *word, const char *const *cands)
{
        const char *best = NULL, *prefixed = NULL;
        unsigned best_d = 1000, limit;
        size_t len = strlen(word), i, n_prefixed = 0;
        int tie = 0;

        if (len == 0)
                return NULL;
        limit = (unsigned) ((len + 1) / 2);
        if (limit > 2)
                limit = 2;
        for (i = 0; cands[i] != NULL; i++) {
                unsigned d = precis_edit_distance(word, cands[i]);

                if (strncmp(cands[i], word, len) == 0) {
                        prefixed = cands[i];
                        n_prefixed++;
                }
                if (d < best_d) {
                        best_d = d;
                        best = cands[i];
                        tie = 0;
                } else if (d == best_d) {
                        tie = 1;
                }
        }
        if (best != NULL && best_d <= limit && best_d < len && !tie)
                return best;
        if (n_prefixed == 1)
                return prefixed;
        return NULL;
}
