#ifndef PRECIS_ARRAY_H
#define PRECIS_ARRAY_H

#include <stddef.h>

/* The one growable array: make room for element number @n (0-based) of
 * the heap array @arr whose capacity is @cap, doubling from @first when it
 * is full.  @arr and @cap are lvalues, updated only on success.  Returns 0
 * or -ENOMEM (the array untouched, also when the size would overflow).
 *
 *     if (PRECIS_GROW(v->items, v->n, v->cap, 64) != 0)
 *             return -ENOMEM;
 *     v->items[v->n++] = x;
 */
#define PRECIS_GROW(arr, n, cap, first)                                     \
        ((n) < (cap) ? 0                                                     \
                     : precis_grow_array(&(arr), &(cap), sizeof(*(arr)),     \
                                         (first)))

/* The function behind PRECIS_GROW: @parr points to the array pointer. */
int precis_grow_array(void *parr, size_t *cap, size_t size, size_t first);

#endif /* PRECIS_ARRAY_H */
