#ifndef PRECIS_HASH_H
#define PRECIS_HASH_H

#include <stddef.h>

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

#endif /* PRECIS_HASH_H */
