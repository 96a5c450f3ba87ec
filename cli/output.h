#ifndef PRECIS_CLI_OUTPUT_H
#define PRECIS_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <precis/config.h>
#include <precis/doc.h>
#include <precis/store.h>
#include <precis/summary.h>

#include "cli.h"

/* Shared pieces of the query commands: finding and opening the store,
 * text and JSON output, option values. */

/* Load the configuration the CLI uses: --config if given (it must load),
 * else the default file when it exists, else the built-in defaults.
 * Fills @cfg (release with precis_config_done()); *ret_file (nullable) is
 * set to the file read or NULL.  Returns a cli_exit code, having printed
 * every error. */
int cli_config_load(struct cli_ctx *ctx, struct precis_config *cfg,
                    const char **ret_file);

/* The store every command uses (precis_config_store_path()): --db, else
 * [store] path of the configuration file (see cli_config_load()), else
 * ./precis.db.  Returns a cli_exit code; on success *ret_path is a new
 * string (free()). */
int cli_store_path(struct cli_ctx *ctx, char **ret_path);

/* Where precisd keeps its status and lock files for that store: the
 * store file itself, or for a postgresql:// store [store] path (else
 * ./precis.db).  Returns a cli_exit code; *ret_path as above. */
int cli_local_path(struct cli_ctx *ctx, char **ret_path);

/* Tell @st this host's name from [store] host_name (for a store shared
 * by several hosts).  Returns a cli_exit code. */
int cli_store_set_host(struct cli_ctx *ctx, struct precis_store *st);

/* Open the store cli_store_path() names.  @flags as precis_store_open().
 * Returns a cli_exit code; on success *ret_st owns the handle and, when
 * @ret_path is not NULL, *ret_path is the store's path (free()). */
int cli_store_open(struct cli_ctx *ctx, unsigned flags,
                   struct precis_store **ret_st, char **ret_path);

/* Resolve article reference @ref (ID, hash prefix or path) as given, then
 * as the canonical form of an existing path, since the store records
 * absolute paths.  Returns a cli_exit code, having printed any error (and
 * the candidates of an ambiguous prefix). */
int cli_show_resolve(struct cli_ctx *ctx, struct precis_store *st,
                     const char *ref, int64_t *ret_id);

/* Exit code for a store error @rc, after printing @err's message. */
int cli_store_fail(struct cli_ctx *ctx, int rc, const struct precis_error *err);

/* "2026-11-27T16:52:00Z" (RFC 3339, UTC) for Unix milliseconds @ms into
 * @buf ("-" when 0). */
const char *cli_time(int64_t ms, char buf[32]);

/* "2026-11-29 06:12" in local time for Unix milliseconds @ms ("-" when
 * 0). */
const char *cli_local_time(int64_t ms, char buf[32]);

/* Parse a --since or --until value, relative to @now_ms: "now";
 * "today", "yesterday", "tomorrow" (local midnight starting that day); an
 * age before now such as "90s", "30m", "12h", "3d", "1w"; an ISO 8601 date
 * or date-time ("2026-11-27", "2026-11-27T10:00[:00]", local time, or UTC
 * with a final "Z"); "@UNIXSECONDS".  Returns 0 or -1. */
int cli_parse_when(const char *s, int64_t now_ms, int64_t *ret_ms);

/* The same, relative to the clock. */
int cli_parse_since(const char *s, int64_t *ret_ms);

/* What --since and --until accept, for usage lines and error messages. */
#define CLI_WHEN_HELP                                                    \
        "today, yesterday, an age (2h, 3d, 1w), 2026-11-27, "             \
        "2026-11-27T10:00 (local; Z for UTC) or @UNIXTIME"

/* --since and --until, for a getopt_long() table; cli_getopt() returns
 * them as 's' and 'u'. */
#define CLI_WHEN_LONGOPTS                                              \
        { "since", required_argument, NULL, 's' },                     \
        { "until", required_argument, NULL, 'u' }

/* Parse the value @arg of option @c ('s': --since into *since, 'u':
 * --until into *until) with cli_parse_since(); on failure print what
 * went wrong and what is accepted.  Returns a cli_exit code. */
int cli_when_option(struct cli_ctx *ctx, int c, const char *arg,
                    int64_t *since, int64_t *until);

/* CLI_EXIT_OK unless both are set (nonzero) and @since >= @until, which
 * is reported as a usage error. */
int cli_when_check(struct cli_ctx *ctx, int64_t since, int64_t until);

/* Parse a whole number in [@min, @max].  Returns 0 or -1. */
int cli_parse_int(const char *s, int64_t min, int64_t max, int64_t *ret);

/* Print @s to @f with control bytes escaped (\n, \t, \x1b...), so a file
 * name cannot play tricks on a terminal. */
void cli_put_escaped(FILE *f, const char *s);

/* The article object of the JSON contract (docs/json.md), the one shape
 * every command prints an article in: id, hash, title, language, format,
 * byte_count, word_count, sentence_count, first_seen, stored_at (ISO 8601
 * UTC or null), paths, summary [{index, score, text}], keywords [{term,
 * weight}], algorithm, algorithm_version, params, and body when @what has
 * PRECIS_GET_BODY.  Every key but body is always present: fetch @a with
 * PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS for a full record.  Returns a
 * new reference, NULL on -ENOMEM. */
json_t *cli_article_json(const struct precis_store_article *a, unsigned what);

/* Fill @a with a view of the unstored document @d read from @path
 * (borrowed; "-" or NULL for stdin), summarized with @opts, so that
 * `summarize` prints the same article object as the store commands.  @a
 * borrows from @d and @path: release it with cli_doc_article_done(), not
 * precis_store_article_done(), before @d.  Returns 0 or -ENOMEM. */
int cli_doc_article(const struct precis_doc *d, const char *path,
                    const struct precis_summary_opts *opts,
                    struct precis_store_article *a);
void cli_doc_article_done(struct precis_store_article *a);

/* Print @j (reference stolen) to ctx->out, indented unless @compact, and
 * a newline.  Returns 0, -ENOMEM when @j is NULL (building it ran out of
 * memory), or -EIO. */
int cli_json_print(struct cli_ctx *ctx, json_t *j, int compact);

/* The exit code of a command once its output is written: CLI_EXIT_OK
 * when @rc is 0, else CLI_EXIT_INTERNAL after "out of memory" (@rc is
 * -ENOMEM) or "cannot write output" (anything else). */
int cli_write_status(struct cli_ctx *ctx, int rc);

#endif /* PRECIS_CLI_OUTPUT_H */
