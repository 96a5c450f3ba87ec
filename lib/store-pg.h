#ifndef PRECIS_STORE_PG_H
#define PRECIS_STORE_PG_H

/* The PostgreSQL backend of the store, internal to lib/: store.c hands a
 * handle opened on a postgresql:// URL to these functions, which mirror
 * the public precis_store_* calls one for one (see precis/store.h for
 * what each promises).  libpq is loaded with dlopen() on first use, so a
 * program that never opens a URL never loads it (nor its TLS, Kerberos
 * and LDAP libraries). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <precis/error.h>
#include <precis/store.h>

struct precis__pg;

/* Shared by both backends (store.c): whether @h is @min..@max hex
 * digits; the summary as one text (sentences joined by newlines) for the
 * search index, NULL without memory. */
bool precis__store_hex_ok(const char *h, size_t min, size_t max);
char *precis__store_summary_text(const struct precis_record *r);

/* Also shared: the articles a hash prefix matches, gathered by either
 * backend for precis_store_resolve(), with the candidates shown when it
 * is ambiguous. */
struct precis__cands {
        size_t n;   /* matches seen */
        int64_t id; /* the last match's ID */
        char *text; /* owned: a "ID HASH TITLE" line for each of the first
                     * 10 (hash cut to 12 digits, title to 60 bytes) */
        size_t len; /* bytes in text */
        size_t cap; /* bytes allocated for text */
};
/* Count one match (@title NULL: "(untitled)").  Returns 0 or -ENOMEM. */
int precis__store_cands_add(struct precis__cands *c, int64_t id,
                            const char *hash, const char *title);

/* Whether @s names a PostgreSQL store (postgresql:// or postgres://). */
bool precis__store_is_url(const char *s);

/* @url with its password replaced by "***"; NULL without memory. */
char *precis__pg_redact(const char *url);

int precis__pg_open(const char *url, unsigned flags, struct precis__pg **ret,
                    struct precis_error *err);
void precis__pg_close(struct precis__pg *pg);
int precis__pg_set_host(struct precis__pg *pg, const char *name);
int precis__pg_schema_version(struct precis__pg *pg);
int precis__pg_begin(struct precis__pg *pg, struct precis_error *err);
int precis__pg_commit(struct precis__pg *pg, struct precis_error *err);
int precis__pg_rollback(struct precis__pg *pg);
int precis__pg_sync(struct precis__pg *pg, struct precis_error *err);
int precis__pg_put(struct precis__pg *pg, const struct precis_record *r,
                   struct precis_put_result *res, struct precis_error *err);
int precis__pg_has_hash(struct precis__pg *pg, const char *hash_hex,
                        int64_t *ret_id, struct precis_error *err);
int precis__pg_add_path(struct precis__pg *pg, int64_t id,
                        const struct precis_source *src,
                        struct precis_error *err);
int precis__pg_path_unchanged(struct precis__pg *pg, const char *path,
                              int64_t size, int64_t mtime_ns, int64_t inode,
                              struct precis_error *err);
int precis__pg_put_failure(struct precis__pg *pg, const char *path,
                           const char *hash_hex, const char *error,
                           int64_t size, int64_t mtime_ns,
                           struct precis_error *err);
int precis__pg_failure_unchanged(struct precis__pg *pg, const char *path,
                                 int64_t size, int64_t mtime_ns,
                                 struct precis_error *err);
int precis__pg_clear_failure(struct precis__pg *pg, const char *path,
                             struct precis_error *err);
int precis__pg_counts(struct precis__pg *pg, struct precis_store_counts *out,
                      struct precis_error *err);
int precis__pg_list(struct precis__pg *pg, const struct precis_list_opts *o,
                    precis_store_article_cb cb, void *data,
                    struct precis_error *err);
/* The three look-ups of precis_store_resolve(): whether article @id
 * exists (1 or 0); the articles whose hash starts with @prefix (lower
 * case), at most 11, into @c; the article stored last under @path (1
 * with *ret_id, or 0), this host's first.  Each may fail with an error. */
int precis__pg_id_exists(struct precis__pg *pg, int64_t id,
                         struct precis_error *err);
int precis__pg_prefix_matches(struct precis__pg *pg, const char *prefix,
                              struct precis__cands *c,
                              struct precis_error *err);
int precis__pg_path_article(struct precis__pg *pg, const char *path,
                            int64_t *ret_id, struct precis_error *err);
int precis__pg_get(struct precis__pg *pg, int64_t id, unsigned what,
                   struct precis_store_article *out, struct precis_error *err);
int precis__pg_search(struct precis__pg *pg,
                      const struct precis_search_opts *o,
                      precis_store_hit_cb cb, void *data,
                      struct precis_error *err);
int precis__pg_stats(struct precis__pg *pg, struct precis_store_stats *out,
                     struct precis_error *err);
int precis__pg_failures(struct precis__pg *pg, precis_store_failure_cb cb,
                        void *data, struct precis_error *err);
int precis__pg_forget(struct precis__pg *pg, int64_t id,
                      struct precis_error *err);

#endif /* PRECIS_STORE_PG_H */
