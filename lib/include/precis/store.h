#ifndef PRECIS_STORE_H
#define PRECIS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <precis/error.h>
#include <precis/hash.h>

/* The article store, hidden behind this API so that no caller sees the
 * database: one SQLite file in WAL mode (the embedded default), or a
 * PostgreSQL database given by a postgresql:// URL, which several precisd
 * hosts may share.  Writes take flat records (struct precis_record, struct
 * precis_source), never the pipeline's in-memory types.  Articles are identified by the BLAKE2b-256
 * hash of their raw bytes (lower-case hex, 64 characters); each also has a
 * small integer ID.
 *
 * A handle is not thread-safe: use it from one thread at a time (precisd
 * keeps one writer handle on its store thread).  Any number of read-only
 * handles, in this or other processes, may read while one writer writes:
 * they see only committed transactions.
 *
 * Times are Unix milliseconds (int64_t, UTC).  Errors follow STYLE.md §2.4:
 * 0 or a count on success, else -ENOMEM, -EBUSY (locked longer than the
 * busy timeout), -errno (file problems), PRECIS_E_SCHEMA (store written by
 * a newer precis), PRECIS_E_CORRUPT (damaged or not a database),
 * -ENOTCONN (PostgreSQL server unreachable; try again later),
 * PRECIS_E_SQLITE (any other database error; detail in @err). */

struct precis_store;

/* Current schema version (PRAGMA user_version) written by this build. */
#define PRECIS_STORE_SCHEMA_VERSION 3

/* Schema version of a PostgreSQL store written by this build (its own
 * sequence, kept in the table precis_schema). */
#define PRECIS_STORE_PG_SCHEMA_VERSION 1

/* Shortest hash prefix precis_store_resolve() accepts, as git does. */
#define PRECIS_STORE_PREFIX_MIN 4

enum precis_store_flags {
        /* Open read-only (mode=ro, query_only): never creates, migrates or
         * writes; a missing file is -ENOENT. */
        PRECIS_STORE_READONLY = 1u << 0,
        /* Read-write, but a missing file is -ENOENT rather than a new
         * store (for commands that only change existing data). */
        PRECIS_STORE_NOCREATE = 1u << 1,
        /* Read-write, but this handle never copies the log (SQLite's
         * write-ahead log) into the database as its commits make it grow:
         * that copying syncs the disk twice and would stall a writer that
         * has other work to do.  Someone calls precis_store_checkpoint()
         * instead, from another handle on another thread; what is left is
         * copied when the last handle closes. */
        PRECIS_STORE_MANUAL_CHECKPOINT = 1u << 2,
};

/* Open the store at @path.  Without PRECIS_STORE_READONLY the file (not its
 * directory) is created when missing and an older schema is migrated
 * forward.  On success *ret_st owns a new handle (release with
 * precis_store_close()).  Errors: see above; on failure *ret_st is untouched
 * and @err (nullable) says what went wrong and, where possible, what to do.
 * Any thread, but a handle stays with one thread at a time. */
int precis_store_open(const char *path, unsigned flags,
                      struct precis_store **ret_st, struct precis_error *err);

/* Copy what the log holds into the database file, and sync it.  Without
 * @wait, as far as readers and the writer allow without waiting for them
 * (SQLite's passive checkpoint); with it, also wait up to the store's busy
 * timeout for a writer to finish and for readers to move on to the newest
 * data, so that all of the log is copied and the next write transaction
 * starts the log over (a restart checkpoint).  Any writable handle; commits
 * stay durable either way, this only keeps the log short: the log starts
 * over only at a write transaction that begins after all of it was copied,
 * so a writer that never pauses makes it grow.  *ret_bytes (nullable) gets
 * the bytes of pages the log holds.  Returns 0 (also when it could not
 * finish, or another checkpoint is running: *ret_bytes 0; and on
 * PostgreSQL and read-only handles) or the error. */
int precis_store_checkpoint(struct precis_store *st, bool wait,
                            int64_t *ret_bytes, struct precis_error *err);

/* Whether @path names a PostgreSQL store (a postgresql:// or postgres://
 * URL) rather than an SQLite file.  Such a URL goes to precis_store_open()
 * like a path; connection details missing from it come from the PG*
 * environment variables and ~/.pgpass, as with psql. */
int precis_store_is_url(const char *path);

/* @path as it may be shown or logged: a URL's password replaced by
 * "***".  Returns a string the caller frees, or NULL without memory. */
char *precis_store_display_name(const char *path);

/* The name this machine records with the paths and failures it writes to
 * a store shared by several hosts (PostgreSQL); NULL or "" = the
 * hostname.  A store that keeps no hosts ignores it.  Returns 0 or
 * -ENOMEM. */
int precis_store_set_host(struct precis_store *st, const char *name);

/* Close @st (NULL is a no-op), rolling back an open transaction; returns
 * NULL. */
struct precis_store *precis_store_close(struct precis_store *st);

/* Bound what SQLite keeps in memory for @st: a page cache of at most
 * @cache_kib KiB and memory-mapped I/O of at most @mmap_bytes (0 = none).
 * For a long-running process (precisd) whose resident size must not grow
 * with the store; the defaults favour bulk imports.  Returns 0 or a
 * negative error. */
int precis_store_limit_memory(struct precis_store *st, int64_t cache_kib,
                              int64_t mmap_bytes, struct precis_error *err);

/* Schema version of the open store (PRAGMA user_version). */
int precis_store_schema_version(struct precis_store *st);

/* Transactions for bulk work.  Writes made outside begin/commit run in a
 * transaction of their own.  Inside one, a write that fails may have
 * written part of its document: the transaction is then marked, and
 * commit rolls it back and returns PRECIS_E_INVAL (roll back and redo the
 * other documents one by one to find the bad one).  begin while a
 * transaction is open is PRECIS_E_INVAL.  rollback with no transaction
 * open is a no-op. */
int precis_store_begin(struct precis_store *st, struct precis_error *err);
int precis_store_commit(struct precis_store *st, struct precis_error *err);
int precis_store_rollback(struct precis_store *st);

/* Make every transaction committed on @st so far survive a power cut:
 * sync the write-ahead log (fdatasync) and with it, the first time, the
 * folder that holds it.  A commit alone survives a crash of the process
 * but not of the machine: the store runs with synchronous = NORMAL, which
 * syncs the log only at checkpoints, so that a commit is visible to
 * readers without waiting for the disk.  A writer that acts on a commit
 * (removes the file it stored) calls this first, once for any number of
 * commits.  Returns 0, -EIO or PRECIS_E_INVAL (a transaction is open). */
int precis_store_sync(struct precis_store *st, struct precis_error *err);

struct precis_store_sentence {
        int64_t index; /* sentence index in the article */
        double score;  /* the algorithm's score */
        char *text;    /* owned */
};

struct precis_store_keyword {
        char *term;    /* owned */
        double weight; /* higher is more characteristic */
};

/* Where a file's bytes were found, and what the file looked like when they
 * were read, so that a later look can tell the same file from a changed
 * one without reading it (precisd's rescans). */
struct precis_source {
        char *path;       /* owned; absolute; NULL for bytes from stdin */
        int64_t size;     /* st_size of what was read; -1 when unknown */
        int64_t mtime_ns; /* st_mtim in ns; -1 when unknown */
        int64_t inode;    /* st_ino; 0 when unknown */
        int64_t seen_ms;  /* when the file was first seen; 0 = now */
};

/* One summarized article, flat and self-contained: what the store keeps
 * about one file's bytes.  Every pointer is owned by the record (release
 * with precis_record_done()).  Built by precis_ingest_prepare() (see
 * precis/ingest.h). */
struct precis_record {
        char hash[PRECIS_HASH_HEX + 1]; /* lower-case hex of the raw bytes */
        struct precis_source src;  /* owned; where the bytes came from */
        char *title;               /* owned; NULL when the article has none */
        char *language;            /* owned; e.g. "english" */
        char *format;              /* owned; "text", "markdown" or "html" */
        char *algorithm;           /* owned; the summarizer's name */
        int algorithm_version;     /* its version */
        char *options;             /* owned; JSON object of the options */
        char *body;                /* owned; paragraphs joined by "\n\n" */
        int64_t bytes;             /* size of the raw bytes */
        int64_t words;             /* words in the extracted text */
        int64_t sentences;         /* sentences in the extracted text */
        struct precis_store_sentence *summary; /* owned; article order */
        size_t n_summary;          /* entries in summary */
        struct precis_store_keyword *keywords; /* owned; best first */
        size_t n_keywords;         /* entries in keywords */
        int64_t stored_ms;         /* when stored (ms); 0 = now.  Set when
                                    * moving a store, to keep its times */
};

/* Free what @r owns and zero it (NULL is a no-op). */
void precis_record_done(struct precis_record *r);

/* Free what @src owns and zero it (NULL is a no-op). */
void precis_source_done(struct precis_source *src);

/* Outcome of precis_store_put(). */
enum precis_put_outcome {
        PRECIS_PUT_NEW = 0,       /* a new article was stored */
        PRECIS_PUT_DUPLICATE = 1, /* these bytes were stored already */
};

struct precis_put_result {
        enum precis_put_outcome outcome; /* new or duplicate */
        int64_t id;                      /* the article's ID */
        int new_path;                    /* 1 if the path was not yet known */
};

/* Store record @r (borrowed).  When an article with the same hash exists,
 * only r->src is added to it as one more path (outcome DUPLICATE).  A
 * success clears any failure recorded for r->src.path.  Fills @res
 * (nullable). */
int precis_store_put(struct precis_store *st, const struct precis_record *r,
                     struct precis_put_result *res, struct precis_error *err);

/* Whether an article with hash @hash_hex (64 hex digits) is stored: returns
 * 1 and sets *ret_id (nullable), 0 if not, or a negative error.  Lets a
 * caller skip extraction for known bytes. */
int precis_store_has_hash(struct precis_store *st, const char *hash_hex,
                          int64_t *ret_id, struct precis_error *err);

/* Record @src (borrowed; path required) as one more name of article @id,
 * or refresh its size, mtime and inode when the name is known, and clear
 * any failure recorded for the path.  Returns 1 if the path was new for
 * @id, 0 if already known, PRECIS_E_NOTFOUND or another negative error. */
int precis_store_add_path(struct precis_store *st, int64_t id,
                          const struct precis_source *src,
                          struct precis_error *err);

/* Whether @path is stored as a name of some article and was, when it was
 * read, a file of exactly @size bytes, @mtime_ns and @inode: then the file
 * has not changed since and need not be read again.  Returns 1, 0, or a
 * negative error.  Paths stored before schema 3 have no size and never
 * match. */
int precis_store_path_unchanged(struct precis_store *st, const char *path,
                                int64_t size, int64_t mtime_ns, int64_t inode,
                                struct precis_error *err);

/* Record that @path failed with message @error (both borrowed, required);
 * @hash_hex is its hash when known (nullable); @size and @mtime_ns are the
 * file's size and st_mtim in nanoseconds, so that it is retried only when
 * it changes.  One failure row per path: a new failure replaces the old one
 * and counts the attempt. */
int precis_store_put_failure(struct precis_store *st, const char *path,
                             const char *hash_hex, const char *error,
                             int64_t size, int64_t mtime_ns,
                             struct precis_error *err);

/* 1 if a failure is recorded for @path with exactly this @size and
 * @mtime_ns (so retrying is pointless), 0 if not, or a negative error. */
int precis_store_failure_unchanged(struct precis_store *st, const char *path,
                                   int64_t size, int64_t mtime_ns,
                                   struct precis_error *err);

/* Forget the failure recorded for @path; 1 if there was one, else 0. */
int precis_store_clear_failure(struct precis_store *st, const char *path,
                               struct precis_error *err);

/* Cheap counts, e.g. for the daemon's STATUS line. */
struct precis_store_counts {
        int64_t articles;     /* stored articles */
        int64_t paths;        /* known paths */
        int64_t failures;     /* recorded failures */
        int64_t last_ingest;  /* latest stored_at or failure time; 0 = none */
};

int precis_store_counts(struct precis_store *st,
                        struct precis_store_counts *out,
                        struct precis_error *err);

/* ---- Queries (the CLI opens the store read-only for these) ---- */

/* One article.  Strings are owned (free with precis_store_article_done());
 * the detail fields are filled only when asked for. */
struct precis_store_article {
        int64_t id;                 /* small integer ID */
        char hash[PRECIS_HASH_HEX + 1]; /* lower-case hex */
        char *title;                /* owned; NULL when the article has none */
        char *language;             /* owned; e.g. "english" */
        char *format;               /* owned; "text", "markdown" or "html" */
        int64_t bytes;              /* size of the raw bytes */
        int64_t words;              /* words in the extracted text */
        int64_t sentences;          /* sentences in the extracted text */
        int64_t first_seen;         /* ms */
        int64_t stored_at;          /* ms */
        char **paths;               /* owned; known paths, oldest first */
        size_t n_paths;             /* entries in paths */
        char **path_hosts;          /* owned; the host that saw each path,
                                     * or NULL for a store that keeps no
                                     * hosts (SQLite: one machine) */
        /* PRECIS_GET_SUMMARY: */
        char *algorithm;            /* owned */
        int algorithm_version;      /* version of the algorithm */
        char *params;               /* owned JSON object of the options */
        struct precis_store_sentence *summary; /* owned; article order */
        size_t n_summary;           /* entries in summary */
        /* PRECIS_GET_KEYWORDS: */
        struct precis_store_keyword *keywords; /* owned; best first */
        size_t n_keywords;          /* entries in keywords */
        /* PRECIS_GET_BODY: */
        char *body;                 /* owned; paragraphs joined by "\n\n" */
};

/* Free what @a owns and zero it. */
void precis_store_article_done(struct precis_store_article *a);

enum precis_get_flags {
        PRECIS_GET_SUMMARY = 1u << 0,
        PRECIS_GET_KEYWORDS = 1u << 1,
        PRECIS_GET_BODY = 1u << 2,
        PRECIS_GET_ALL = 7u,
};

/* Called once per article; @a is borrowed for the call.  Return 0 to go
 * on; any other value stops the walk and is returned by the walker. */
typedef int (*precis_store_article_cb)(const struct precis_store_article *a,
                                       void *data);

enum precis_list_sort {
        PRECIS_SORT_TIME = 0, /* newest first */
        PRECIS_SORT_TITLE,    /* by title, case-insensitive */
        PRECIS_SORT_OLDEST,   /* oldest first (export) */
};

struct precis_list_opts {
        int64_t since;              /* only stored_at >= since (ms); 0 = all */
        int64_t limit;              /* at most this many; 0 = no limit */
        enum precis_list_sort sort; /* order */
        unsigned what;              /* PRECIS_GET_* details to fill */
        int64_t until;              /* only stored_at < until (ms); 0 = all */
        const char *host;           /* borrowed; only articles with a path
                                     * seen by this host; NULL = all.  A
                                     * store that keeps no hosts (SQLite)
                                     * refuses it: PRECIS_E_INVAL */
};

/* Walk the articles chosen by @o (nullable = all, newest first), calling
 * @cb.  Returns the number of articles visited, the callback's nonzero
 * value, or a negative error. */
int precis_store_list(struct precis_store *st, const struct precis_list_opts *o,
                      precis_store_article_cb cb, void *data,
                      struct precis_error *err);

/* Resolve @ref to an article ID: a decimal ID, a hash prefix of at least
 * PRECIS_STORE_PREFIX_MIN hex digits (as in git), or a known path (the
 * article stored last under it).  Returns 0 and sets *ret_id;
 * PRECIS_E_NOTFOUND; PRECIS_E_AMBIGUOUS with the candidates ("ID HASH
 * TITLE" lines) in @err and, when @ret_candidates is not NULL, in a
 * newly allocated string (free()); or another negative error. */
int precis_store_resolve(struct precis_store *st, const char *ref,
                         int64_t *ret_id, char **ret_candidates,
                         struct precis_error *err);

/* Fill @out (release with precis_store_article_done()) with article @id
 * and the details in @what (PRECIS_GET_*).  PRECIS_E_NOTFOUND if none. */
int precis_store_get(struct precis_store *st, int64_t id, unsigned what,
                     struct precis_store_article *out,
                     struct precis_error *err);

/* How precis_store_search() reads its query. */
enum precis_query_syntax {
        /* Words as people type them, matched literally: punctuation inside
         * a word is split as the index split it ("solar-power", "don't",
         * "U.S."), every word is required, "a phrase" in double quotes,
         * -word excludes, title:word looks in titles, word* is a prefix.
         * Nothing the user types is read as FTS5 syntax. */
        PRECIS_QUERY_WORDS = 0,
        /* SQLite FTS5 query syntax, as given (OR, NOT, NEAR, columns). */
        PRECIS_QUERY_FTS5 = 1,
};

struct precis_search_opts {
        const char *query;    /* borrowed; read as @syntax says */
        int64_t limit;        /* at most this many hits; 0 = 20 */
        const char *hl_start; /* borrowed; before a match (NULL = "[") */
        const char *hl_end;   /* borrowed; after a match (NULL = "]") */
        int snippet_tokens;   /* snippet length in tokens; 0 = 16 */
        enum precis_query_syntax syntax; /* default: words */
};

struct precis_search_hit {
        int64_t id;         /* article ID */
        const char *hash;   /* borrowed for the callback */
        const char *title;  /* borrowed; NULL when none */
        const char *snippet;/* borrowed; a passage of the body, matches
                             * wrapped in hl_start/hl_end */
        const char *title_marked; /* borrowed; the title with its matches
                                   * wrapped likewise; NULL when none */
        double rank;        /* bm25 (lower is better) */
};

typedef int (*precis_store_hit_cb)(const struct precis_search_hit *h,
                                   void *data);

/* Full-text search over title, summary and body, best first (bm25, title
 * weighted most).  To bound the work, a query matching more than 10,000
 * articles ranks only the newest 10,000 of them.  Returns the number of hits, the callback's nonzero
 * value, PRECIS_E_QUERY for a malformed query (message in @err says why,
 * without SQLite jargon), or another negative error. */
int precis_store_search(struct precis_store *st,
                        const struct precis_search_opts *o,
                        precis_store_hit_cb cb, void *data,
                        struct precis_error *err);

struct precis_store_count {
        char *name;    /* owned */
        int64_t count; /* articles */
};

struct precis_store_stats {
        int64_t articles;   /* stored articles */
        int64_t paths;      /* known paths */
        int64_t failures;   /* recorded failures */
        int64_t bytes;      /* total raw bytes of the articles */
        int64_t words;      /* total words */
        int64_t sentences;  /* total sentences */
        int64_t file_bytes; /* size of the database (pages in use) */
        int64_t first_stored; /* ms; 0 when empty */
        int64_t last_stored;  /* ms; 0 when empty */
        int64_t last_failure; /* ms; 0 when none */
        int schema_version; /* PRAGMA user_version */
        struct precis_store_count *languages; /* owned; most frequent first */
        size_t n_languages;
        struct precis_store_count *formats;   /* owned; most frequent first */
        size_t n_formats;
};

int precis_store_stats(struct precis_store *st, struct precis_store_stats *out,
                       struct precis_error *err);
void precis_store_stats_done(struct precis_store_stats *s);

struct precis_store_failure {
        const char *path;  /* borrowed for the callback */
        const char *hash;  /* borrowed; NULL when unknown */
        const char *error; /* borrowed */
        int64_t failed_at; /* ms, latest attempt */
        int64_t size;      /* file size when it failed */
        int64_t mtime_ns;  /* file mtime when it failed */
        int64_t attempts;  /* how many times it failed */
        const char *host;  /* borrowed; the host it failed on, NULL when
                            * the store keeps no hosts (SQLite) */
};

typedef int (*precis_store_failure_cb)(const struct precis_store_failure *f,
                                       void *data);

/* Walk the recorded failures, newest first.  Returns the count visited,
 * the callback's nonzero value or a negative error. */
int precis_store_failures(struct precis_store *st, precis_store_failure_cb cb,
                          void *data, struct precis_error *err);

/* Delete article @id with its paths, summary, keywords, text and search
 * entry.  Returns 0 or PRECIS_E_NOTFOUND (or another negative error). */
int precis_store_forget(struct precis_store *st, int64_t id,
                        struct precis_error *err);

#endif /* PRECIS_STORE_H */
