#ifndef PRECIS_INGEST_H
#define PRECIS_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <precis/error.h>
#include <precis/store.h>
#include <precis/summary.h>

/* The one ingest path, from "a file is there" to "stored or failed", used
 * alike by precisd (workers prepare on the pool, one writer commits) and by
 * `precis import` (threads prepare, the main thread commits):
 *
 *   prepare  confined open, stat and lease checks, one read, hash, the
 *            pipeline, into a flat record (struct precis_record); any
 *            thread, one item per call, no shared state.
 *   commit   a batch of prepared items in one transaction: each stored,
 *            added as a path, or its failure recorded.  A document the
 *            store refuses fails alone; the others are kept.
 *
 * Neither step logs or knows about threads; the caller decides what to do
 * with files that changed, vanished or must be skipped. */

struct precis_ingest_opts {
        const char *root;        /* borrowed; realpath of the folder files
                                  * must stay beneath (the inbox): they are
                                  * opened with openat2(RESOLVE_BENEATH |
                                  * RESOLVE_NO_SYMLINKS).  NULL: a plain
                                  * open of the path as given. */
        int root_fd;             /* an O_PATH descriptor of root the caller
                                  * keeps open for many files, or -1 (the
                                  * default): root is opened for each */
        bool follow_symlinks;    /* take a symlink to a regular file (never
                                  * to outside root) */
        size_t max_bytes;        /* larger files fail; 0 = no cap */
        const struct precis_summary_opts *sum; /* borrowed; NULL = defaults */
        bool retry;              /* read even when a failure is recorded
                                  * for the same size and mtime */
        int64_t want_size;       /* >= 0: the size a scan saw; another
                                  * size means UNSTABLE */
        int64_t want_mtime_ns;   /* likewise for the mtime */
};

/* Fill @o with the defaults: no root (root_fd -1), symlinks not followed,
 * no cap, default summary, no retry, no expected size or mtime. */
void precis_ingest_opts_init(struct precis_ingest_opts *o);

/* What prepare found. */
enum precis_ingest_kind {
        PRECIS_INGEST_BUILT = 0,  /* rec holds the article: store it */
        PRECIS_INGEST_KNOWN,      /* these bytes are stored as known_id */
        PRECIS_INGEST_FAILED,     /* record the failure (rc, err) */
        PRECIS_INGEST_UNCHANGED,  /* this failure is recorded already for
                                   * the same size and mtime */
        PRECIS_INGEST_UNSTABLE,   /* changed since seen or while read (or
                                   * open for writing): look again later */
        PRECIS_INGEST_VANISHED,   /* gone before it could be read */
        PRECIS_INGEST_SKIPPED,    /* not a regular file, or a symlink that
                                   * may not be followed (err says which) */
};

/* What commit did with an item. */
enum precis_ingest_outcome {
        PRECIS_INGEST_NONE = 0,   /* nothing to write (see requeue) */
        PRECIS_INGEST_NEW,        /* a new article */
        PRECIS_INGEST_DUP_PATH,   /* known bytes under a new name */
        PRECIS_INGEST_DUP_SAME,   /* known bytes under a known name */
        PRECIS_INGEST_FAILURE,    /* the failure was recorded */
        PRECIS_INGEST_ERROR,      /* the store refused: nothing written,
                                   * commit again later (store_rc) */
};

/* One file on its way into the store.  Zero it (or precis_ingest_done())
 * before prepare; prepare fills the first half, commit the second. */
struct precis_ingest {
        enum precis_ingest_kind kind; /* prepare's verdict */
        int rc;                    /* FAILED: the error code */
        struct precis_error err;   /* FAILED, SKIPPED: why */
        bool writer_open;          /* UNSTABLE: a process has the file open
                                    * for writing */
        int64_t known_id;          /* KNOWN: the stored article */
        struct precis_record rec;  /* owned.  rec.src (path, size, mtime,
                                    * inode, seen) and rec.hash are set as
                                    * far as known whatever the kind
                                    * (size and mtime -1, hash "" when
                                    * not); the rest only when BUILT */
        enum precis_ingest_outcome out; /* commit's result */
        int store_rc;              /* ERROR: the store's error */
        bool requeue;              /* KNOWN, but the article was forgotten
                                    * meanwhile: prepare it again */
};

/* Free what @in owns and zero it (NULL is a no-op). */
void precis_ingest_done(struct precis_ingest *in);

/* Prepare the file at @path (borrowed; absolute for precisd) first seen at
 * @seen_ms (0 = now) into @in, which must be zeroed.  @reader (nullable)
 * is a store handle, read-only is enough, used only to skip work: bytes
 * already stored become KNOWN without being summarized, and a failure
 * recorded for the same size and mtime is UNCHANGED unless o->retry.  The
 * verdict is in in->kind.  Returns 0, or -ENOMEM when not even the path
 * could be kept (in->kind is then FAILED).  Any thread. */
int precis_ingest_prepare(struct precis_ingest *in, const char *path,
                          int64_t seen_ms, const struct precis_ingest_opts *o,
                          struct precis_store *reader);

/* Hash @data (@len bytes, borrowed) and run the pipeline with options @o
 * (nullable) into @r (zeroed first; release with precis_record_done() in
 * every case).  r->hash and r->bytes are set even on failure.  r->src is
 * left empty for the caller.  Returns 0, -ENOMEM or the pipeline's error
 * (PRECIS_E_EMPTY, PRECIS_E_BINARY, PRECIS_E_FORMAT, ...) with @err. */
int precis_record_build(const char *data, size_t len,
                        const struct precis_summary_opts *o,
                        struct precis_record *r, struct precis_error *err);

/* The options a summary is made with as a JSON object (algorithm,
 * language, unit, length, keywords), kept with the summary so that a later
 * version can tell which summaries to redo.  NULL @o means the defaults.
 * Returns a string the caller frees, or NULL without memory. */
char *precis_summary_opts_json(const struct precis_summary_opts *o);

/* Commit the @n prepared items @v (borrowed; each in->kind BUILT, KNOWN or
 * FAILED is written, others are left NONE) in one transaction on @st (a
 * writable handle).  When the batch fails, each item is written again on
 * its own: one the store refuses as a document gets its failure recorded
 * instead (kind becomes FAILED), so one bad file never holds back the
 * others.  Sets in->out for every item.  Returns 0 when every item has its
 * outcome, else the store's error (also in @err) and the items it could
 * not write have out = ERROR: the store itself is unwell (busy, full,
 * read-only...); commit them again later.  One thread at a time per
 * @st. */
int precis_ingest_commit(struct precis_store *st,
                         struct precis_ingest *const *v, size_t n,
                         struct precis_error *err);

#endif /* PRECIS_INGEST_H */
