#ifndef PRECIS_ARRAY_H
#define PRECIS_ARRAY_H

#include <stddef.h>

/* The one growable array: make room for @more elements after the first @n
 * of the heap array @arr whose capacity is @cap (in elements), doubling
 * from @first until they fit.  @arr and @cap are lvalues, updated only on
 * success; @n and @more are evaluated more than once.  Returns 0 or
 * -ENOMEM (the array untouched, also when a size would overflow).  A byte
 * buffer keeps its terminating NUL by asking for one byte more:
 *
 *     if (PRECIS_RESERVE(b->p, b->n, len + 1, b->cap, 256) != 0)
 *             return -ENOMEM;
 *     memcpy(b->p + b->n, s, len);
 */
#define PRECIS_RESERVE(arr, n, more, cap, first)                            \
        ((cap) >= (n) && (cap) - (n) >= (more)                               \
                 ? 0                                                         \
                 : precis_grow_array(&(arr), &(cap), sizeof(*(arr)), (n),    \
                                     (more), (first)))

/* Room for element number @n (0-based), the common case:
 *
 *     if (PRECIS_GROW(v->items, v->n, v->cap, 64) != 0)
 *             return -ENOMEM;
 *     v->items[v->n++] = x;
 */
#define PRECIS_GROW(arr, n, cap, first) PRECIS_RESERVE(arr, n, 1, cap, first)

/* The function behind both: @parr points to the array pointer, @size is
 * the size of one element. */
int precis_grow_array(void *parr, size_t *cap, size_t size, size_t n,
                      size_t more, size_t first);

#endif /* PRECIS_ARRAY_H */
