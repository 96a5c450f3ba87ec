#ifndef PRECIS_DOC_H
#define PRECIS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include <precis/error.h>
#include <precis/extract.h>
#include <precis/hash.h>
#include <precis/segment.h>
#include <precis/summary.h>

/* The pipeline that `precis import`, `precis summarize` and precisd share:
 * one buffer of raw bytes -> BLAKE2b-256 hash -> extract -> segment ->
 * summarize.  Synchronous and self-contained: call it from a worker thread.
 * precis_init() (precis/init.h) must have run once first. */

struct precis_doc {
        unsigned char hash[PRECIS_HASH_BYTES]; /* BLAKE2b-256 of the bytes */
        char hash_hex[2 * PRECIS_HASH_BYTES + 1]; /* lower-case hex */
        size_t bytes;                   /* size of the raw input */
        size_t words;                   /* words in the extracted text */
        struct precis_text text;        /* owned */
        struct precis_sentences sents;  /* owned */
        struct precis_summary summary;  /* owned; borrows from sents */
};

/* Read the whole regular file at @path, at most @max_bytes (0 = no cap).
 * Refuses non-regular files without opening them for reading in a way that
 * could block (O_NONBLOCK, fstat check).  On success *ret_data owns the
 * bytes (free(); NUL-terminated for convenience), *ret_len their count.
 * Errors: -errno, PRECIS_E_TOOBIG, PRECIS_E_FORMAT (not a regular file). */
int precis_file_read(const char *path, size_t max_bytes, char **ret_data,
                     size_t *ret_len, struct precis_error *err);

/* The same for an open descriptor @fd (borrowed, not closed): for callers
 * that must check what they opened before reading it (precisd opens inbox
 * files beneath the inbox and compares device and inode). */
int precis_fd_read(int fd, size_t max_bytes, char **ret_data,
                   size_t *ret_len, struct precis_error *err);

/* The same for a pipe or terminal (`precis summarize -` reads stdin): no
 * regular-file check and no size known up front; more than @max_bytes
 * (0 = no limit) is PRECIS_E_TOOBIG. */
int precis_stream_read(int fd, size_t max_bytes, char **ret_data,
                       size_t *ret_len, struct precis_error *err);

/* Run the pipeline over @data (@len bytes; borrowed) with options @o
 * (nullable).  @out is filled even on failure as far as it got: the hash is
 * always set, so failures can be recorded under it.  Release with
 * precis_doc_done() in every case. */
int precis_doc_build(const char *data, size_t len,
                     const struct precis_summary_opts *o,
                     struct precis_doc *out, struct precis_error *err);

/* Summary sentences joined by '\n' (no trailing newline); caller frees. */
char *precis_doc_summary_text(const struct precis_doc *d);

/* Body paragraphs joined by "\n\n"; caller frees. */
char *precis_doc_body_text(const struct precis_doc *d);

/* Free what @d owns and zero it. */
void precis_doc_done(struct precis_doc *d);

#endif /* PRECIS_DOC_H */
