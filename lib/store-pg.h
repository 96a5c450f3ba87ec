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

/* Also shared: the candidates of an ambiguous hash prefix, one "ID HASH
 * TITLE" line each (hash cut to 12 digits, title to 60 bytes). */
struct precis__cands {
        char *text; /* owned: the lines, NUL-ended; NULL while empty */
        size_t len; /* bytes in text */
        size_t cap; /* bytes allocated for text */
};
/* Add one line (@title NULL: "(untitled)").  Returns 0 or -ENOMEM. */
int precis__store_cands_add(struct precis__cands *c, const char *id,
                            const char *hash, const char *title);
/* The error of prefix @ref matching @matches (> 1) articles: the message
 * in @err, @c's text handed to *ret_candidates (when not NULL) or freed.
 * Returns PRECIS_E_AMBIGUOUS. */
int precis__store_ambiguous(struct precis__cands *c, const char *ref,
                            size_t matches, char **ret_candidates,
                            struct precis_error *err);

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
int precis__pg_resolve(struct precis__pg *pg, const char *ref,
                       int64_t *ret_id, char **ret_candidates,
                       struct precis_error *err);
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
