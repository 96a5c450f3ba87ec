#ifndef PRECIS_JSON_H
#define PRECIS_JSON_H

#include <stddef.h>

#include <jansson.h>

/* JSON helpers shared by the store records (lib/ingest.c), the daemon's
 * status file and the CLI's --json output, through jansson. */

/* A JSON string for @s (borrowed), or JSON null when @s is NULL.  jansson
 * refuses text that is not UTF-8 (a file name may be anything): then each
 * byte >= 0x80 becomes '?' rather than the value being dropped.  Returns a
 * new reference, NULL without memory. */
json_t *precis_json_text(const char *s);

/* Serialize @j (borrowed) with jansson @flags (JSON_COMPACT...) into a new
 * string the caller frees, or NULL without memory.  Use this rather than
 * json_dumps(): jansson 2.14 ignores a failed write of an object key into
 * its growing buffer and goes on, so json_dumps() can return text with a
 * key missing when an allocation fails (found by tests/unit/
 * test-alloc-fail.c).  This writes into a fixed buffer, which cannot
 * fail half-way.  Any thread. */
char *precis_json_dumps(const json_t *j, size_t flags);

#endif /* PRECIS_JSON_H */
