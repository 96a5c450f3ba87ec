#include <precis/json.h>

#include <stdlib.h>
#include <string.h>

json_t *precis_json_text(const char *s)
{
        json_t *j;
        char *copy;
        size_t i;

        if (s == NULL)
                return json_null();
        j = json_string(s);
        if (j != NULL)
                return j;
        copy = strdup(s);
        if (copy == NULL)
                return NULL;
        for (i = 0; copy[i] != '\0'; i++)
                if ((unsigned char) copy[i] >= 0x80)
                        copy[i] = '?';
        j = json_string(copy);
        free(copy);
        return j;
}

char *precis_json_dumps(const json_t *j, size_t flags)
{
        char buf[1024];
        size_t n;
        char *s;

        /* json_dumpb() says how long the text is even when it does not
         * fit, and returns 0 on failure (no memory for its loop check). */
        n = json_dumpb(j, buf, sizeof(buf), flags);
        if (n == 0)
                return NULL;
        s = malloc(n + 1);
        if (s == NULL)
                return NULL;
        if (n <= sizeof(buf)) {
                memcpy(s, buf, n);
        } else if (json_dumpb(j, s, n, flags) != n) {
                free(s);
                return NULL;
        }
        s[n] = '\0';
        return s;
}
