#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <precis/array.h>

int precis_grow_array(void *parr, size_t *cap, size_t size, size_t n,
                      size_t more, size_t first)
{
        size_t want = *cap > 0 ? *cap : first;
        void *old, *p;

        if (want == 0 || more > SIZE_MAX - n)
                return -ENOMEM;
        while (want < n + more) {
                if (want > SIZE_MAX / 2)
                        return -ENOMEM;
                want *= 2;
        }
        if (want > SIZE_MAX / size)
                return -ENOMEM;
        /* The array pointer is read and written as bytes: @parr is the
         * address of a T *, which C does not let us treat as a void **. */
        memcpy(&old, parr, sizeof(old));
        p = realloc(old, want * size);
        if (p == NULL)
                return -ENOMEM;
        memcpy(parr, &p, sizeof(p));
        *cap = want;
        return 0;
}
