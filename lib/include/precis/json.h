#ifndef PRECIS_JSON_H
#define PRECIS_JSON_H

#include <jansson.h>

/* JSON helpers shared by the store records (lib/ingest.c) and the CLI's
 * --json output, through jansson. */

/* A JSON string for @s (borrowed), or JSON null when @s is NULL.  jansson
 * refuses text that is not UTF-8 (a file name may be anything): then each
 * byte >= 0x80 becomes '?' rather than the value being dropped.  Returns a
 * new reference, NULL without memory. */
json_t *precis_json_text(const char *s);

#endif /* PRECIS_JSON_H */
