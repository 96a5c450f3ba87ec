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
