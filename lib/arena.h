#ifndef PRECIS_ARENA_H
#define PRECIS_ARENA_H

#include <stddef.h>

/* A bump allocator for data that lives exactly as long as one piece of
 * work (a document's summary model): many small blocks, freed all at
 * once.  Individual blocks are never freed.  Unlike glibc's obstack, an
 * allocation that fails returns NULL instead of calling a handler that
 * must not return, so callers keep returning -ENOMEM.
 *
 * Zero-initialise; precis_arena_done() frees every block and leaves the
 * arena empty and reusable. */
struct precis_arena_chunk;

struct precis_arena {
        struct precis_arena_chunk *head; /* owned: newest chunk first */
        char *next;                      /* free space in head */
        size_t left;                     /* bytes free at next */
        size_t grow;                     /* size of the next chunk */
};

/* @n bytes aligned for any object, or NULL when out of memory.  A request
 * of 0 bytes returns a valid unique pointer. */
void *precis_arena_alloc(struct precis_arena *a, size_t n);

/* A NUL-terminated copy of the @n bytes at @s, or NULL. */
char *precis_arena_strndup(struct precis_arena *a, const char *s, size_t n);

void precis_arena_done(struct precis_arena *a);

#endif /* PRECIS_ARENA_H */
