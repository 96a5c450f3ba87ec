#ifndef PRECIS_HASH_H
#define PRECIS_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The content hash that identifies an article: BLAKE2b-256 of its raw
 * bytes (libsodium), shown as lower-case hex.  precis_init() must have run
 * once first. */

#define PRECIS_HASH_BYTES 32
#define PRECIS_HASH_HEX (2 * PRECIS_HASH_BYTES) /* hex digits */

/* BLAKE2b-256 of @data into @out; hex form into @hex (nullable).  Any
 * thread. */
void precis_hash(const void *data, size_t len,
                 unsigned char out[PRECIS_HASH_BYTES],
                 char hex[PRECIS_HASH_HEX + 1]);

/* The one hash for in-memory tables (stop words, the summary's
 * vocabulary, precisd's job table): 64-bit FNV-1a of @n bytes at @p.
 * Fast on short keys and well spread in the low bits the tables mask;
 * not for anything an attacker could exploit beyond a slower lookup. */
static inline uint64_t precis_table_hash(const void *p, size_t n)
{
        const unsigned char *s = p;
        uint64_t h = 0xcbf29ce484222325ULL;
        size_t i;

        for (i = 0; i < n; i++) {
                h ^= s[i];
                h *= 0x100000001b3ULL;
        }
        return h;
}

#endif /* PRECIS_HASH_H */
