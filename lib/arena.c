#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Chunks double from ARENA_FIRST to ARENA_MAX: a news article's model
 * fits in the first (1,908 of the 2,015 articles of bbc-dev and CNN/DM
 * dev), a long one costs a handful of malloc()s.  A block larger than a
 * quarter of ARENA_MAX gets a chunk of its own. */
enum {
        ARENA_FIRST = 16 * 1024,
        ARENA_MAX = 1024 * 1024,
        ARENA_ALIGN = alignof(max_align_t),
};

struct precis_arena_chunk {
        struct precis_arena_chunk *prev; /* owned: older chunk */
        alignas(max_align_t) char data[];
};

static size_t arena_round(size_t n)
{
        return (n + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
}

void *precis_arena_alloc(struct precis_arena *a, size_t n)
{
        struct precis_arena_chunk *c;
        size_t size;
        void *p;

        if (n > SIZE_MAX / 2)
                return NULL;
        n = arena_round(n > 0 ? n : 1);
        if (n <= a->left) {
                p = a->next;
                a->next += n;
                a->left -= n;
                return p;
        }
        if (a->grow == 0)
                a->grow = ARENA_FIRST;
        size = n > ARENA_MAX / 4 ? n : a->grow;
        while (size < n)
                size *= 2;
        c = malloc(sizeof(*c) + size);
        if (c == NULL)
                return NULL;
        if (n > ARENA_MAX / 4 && a->head != NULL) {
                /* Its own chunk, behind the current one, whose free
                 * space stays in use. */
                c->prev = a->head->prev;
                a->head->prev = c;
                return c->data;
        }
        c->prev = a->head;
        a->head = c;
        a->next = c->data + n;
        a->left = size - n;
        if (a->grow < ARENA_MAX)
                a->grow *= 2;
        return c->data;
}

char *precis_arena_strndup(struct precis_arena *a, const char *s, size_t n)
{
        char *p = precis_arena_alloc(a, n + 1);

        if (p == NULL)
                return NULL;
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

void precis_arena_done(struct precis_arena *a)
{
        struct precis_arena_chunk *c = a->head;

        while (c != NULL) {
                struct precis_arena_chunk *prev = c->prev;

                free(c);
                c = prev;
        }
        memset(a, 0, sizeof(*a));
}
