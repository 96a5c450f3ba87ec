#define _GNU_SOURCE /* strptime(), timegm() */

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <precis/charset.h>
#include <precis/doc.h>
#include <precis/extract.h>
#include <precis/ingest.h>
#include <precis/json.h>
#include <precis/store.h>

#include "cli.h"
#include "output.h"

/* @ms as cli_local_time() (@local) or cli_time() print it. */
static const char *cli_format_time(int64_t ms, bool local, char buf[32])
{
        time_t t = (time_t) (ms / 1000);
        struct tm tm;

        if (ms <= 0 || (local ? localtime_r(&t, &tm)
                              : gmtime_r(&t, &tm)) == NULL) {
                snprintf(buf, 32, "-");
                return buf;
        }
        strftime(buf, 32, local ? "%Y-%m-%d %H:%M" : "%Y-%m-%dT%H:%M:%SZ",
                 &tm);
        return buf;
}

const char *cli_time(int64_t ms, char buf[32])
{
        return cli_format_time(ms, false, buf);
}

const char *cli_local_time(int64_t ms, char buf[32])
{
        return cli_format_time(ms, true, buf);
}

int cli_parse_int(const char *s, int64_t min, int64_t max, int64_t *ret)
{
        long long v;
        char *end;

        if (s == NULL || !(isdigit((unsigned char) *s) || *s == '-'))
                return -1;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno != 0 || *end != '\0' || v < min || v > max)
                return -1;
        *ret = v;
        return 0;
}

/* Local midnight of the day @days after (negative: before) the day of
 * @now_ms.  mktime() normalises the day of the month and finds the UTC
 * offset of that midnight, daylight saving time included. */
static int64_t when_midnight(int64_t now_ms, int days)
{
        time_t t = (time_t) (now_ms / 1000);
        struct tm tm;

        localtime_r(&t, &tm);
        tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
        tm.tm_mday += days;
        tm.tm_isdst = -1;
        return (int64_t) mktime(&tm) * 1000;
}

int cli_parse_when(const char *s, int64_t now_ms, int64_t *ret_ms)
{
        static const char units[] = "smhdw";
        static const int64_t unit_s[] = { 1, 60, 3600, 86400, 604800 };
        struct tm tm;
        const char *end;
        int64_t n;
        char *e;
        int utc = 0;

        if (s == NULL || *s == '\0')
                return -1;
        if (strcmp(s, "now") == 0) {
                *ret_ms = now_ms;
                return 0;
        }
        if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0 ||
            strcmp(s, "tomorrow") == 0) {
                *ret_ms = when_midnight(now_ms, s[0] == 'y'   ? -1
                                                : s[1] == 'o' ? (s[2] == 'd'
                                                                         ? 0
                                                                         : 1)
                                                              : 0);
                return 0;
        }
        if (*s == '@')
                return cli_parse_int(s + 1, 0, INT64_MAX / 1000, &n) == 0
                               ? (*ret_ms = n * 1000, 0)
                               : -1;
        /* An age: a number and a unit, before @now_ms. */
        if (isdigit((unsigned char) *s)) {
                long long v;

                errno = 0;
                v = strtoll(s, &e, 10);
                if (errno == 0 && e != s && e[0] != '\0' && e[1] == '\0' &&
                    strchr(units, e[0]) != NULL && v >= 0 &&
                    v < 1000000000LL) {
                        *ret_ms = now_ms - (int64_t) v * 1000 *
                                                   unit_s[strchr(units, e[0]) -
                                                          units];
                        return 0;
                }
        }
        /* An ISO 8601 date or date-time: local time, as `list` shows it,
         * unless it ends in Z. */
        memset(&tm, 0, sizeof(tm));
        end = strptime(s, "%Y-%m-%d", &tm);
        if (end == NULL)
                return -1;
        if (*end == 'T' || *end == ' ') {
                const char *t = strptime(end + 1, "%H:%M:%S", &tm);

                if (t == NULL)
                        t = strptime(end + 1, "%H:%M", &tm);
                if (t == NULL)
                        return -1;
                end = t;
        }
        if (*end == 'Z') {
                utc = 1;
                end++;
        }
        if (*end != '\0')
                return -1;
        tm.tm_isdst = -1;
        *ret_ms = (int64_t) (utc ? timegm(&tm) : mktime(&tm)) * 1000;
        return 0;
}

int cli_parse_since(const char *s, int64_t *ret_ms)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return cli_parse_when(s, (int64_t) ts.tv_sec * 1000 +
                                         ts.tv_nsec / 1000000,
                              ret_ms);
}

int cli_when_option(struct cli_ctx *ctx, int c, const char *arg,
                    int64_t *since, int64_t *until)
{
        if (cli_parse_since(arg, c == 's' ? since : until) == 0)
                return CLI_EXIT_OK;
        return cli_fail(ctx, CLI_EXIT_USAGE,
                        "%s: cannot read '%s' as a time (use " CLI_WHEN_HELP
                        ")", c == 's' ? "--since" : "--until", arg);
}

int cli_when_check(struct cli_ctx *ctx, int64_t since, int64_t until)
{
        if (since > 0 && until > 0 && since >= until)
                return cli_fail(ctx, CLI_EXIT_USAGE,
                                "--since must come before --until: the "
                                "window is empty");
        return CLI_EXIT_OK;
}

void cli_put_escaped(FILE *f, const char *s)
{
        size_t i, n = strlen(s), used;
        char e[4];

        for (i = 0; i < n; i += used)
                fwrite(e, 1, precis_escape_char(s + i, n - i, 0, e, &used), f);
}

/* The options of a summary as the store records them
 * (precis_summary_opts_json()), for `summarize`, which has no stored
 * record. */
static json_t *cli_params_json(const struct precis_summary_opts *o)
{
        char *text = precis_summary_opts_json(o);
        json_t *j;

        if (text == NULL)
                return NULL;
        j = json_loads(text, 0, NULL);
        free(text);
        return j;
}

/* @ms as an ISO 8601 UTC string, or null when unknown (0). */
static json_t *cli_json_time(int64_t ms)
{
        char t[32];

        return ms > 0 ? json_string(cli_time(ms, t)) : json_null();
}

json_t *cli_article_json(const struct precis_store_article *a, unsigned what)
{
        json_t *o = json_object(), *paths = json_array(), *sum = json_array();
        json_t *kw = json_array(), *p = NULL;
        size_t i;
        int bad = 0;

        if (o == NULL || paths == NULL || sum == NULL || kw == NULL) {
                json_decref(o);
                json_decref(paths);
                json_decref(sum);
                json_decref(kw);
                return NULL;
        }
        /* Every key is always present (null when it does not apply, such
         * as the id of an article `summarize` has not stored), in one
         * order, so that a script can rely on the shape: docs/json.md. */
        bad |= json_object_set_new(o, "id", a->id > 0 ? json_integer(a->id)
                                                      : json_null());
        bad |= json_object_set_new(o, "hash", json_string(a->hash));
        bad |= json_object_set_new(o, "title", precis_json_text(a->title));
        bad |= json_object_set_new(o, "language", precis_json_text(a->language));
        bad |= json_object_set_new(o, "format", precis_json_text(a->format));
        bad |= json_object_set_new(o, "byte_count", json_integer(a->bytes));
        bad |= json_object_set_new(o, "word_count", json_integer(a->words));
        bad |= json_object_set_new(o, "sentence_count",
                                   json_integer(a->sentences));
        bad |= json_object_set_new(o, "first_seen",
                                   cli_json_time(a->first_seen));
        bad |= json_object_set_new(o, "stored_at",
                                   cli_json_time(a->stored_at));
        for (i = 0; i < a->n_paths; i++)
                bad |= json_array_append_new(paths, precis_json_text(a->paths[i]));
        bad |= json_object_set_new(o, "paths", paths);
        /* A store shared by several hosts says which host saw each path
         * (same order as paths); a store of one machine (SQLite) keeps
         * none: null, since every key is always present. */
        if (a->path_hosts != NULL) {
                json_t *hosts = json_array();

                for (i = 0; hosts != NULL && i < a->n_paths; i++)
                        bad |= json_array_append_new(
                                hosts, precis_json_text(a->path_hosts[i]));
                bad |= json_object_set_new(o, "hosts", hosts);
        } else {
                bad |= json_object_set_new(o, "hosts", json_null());
        }
        for (i = 0; i < a->n_summary; i++)
                bad |= json_array_append_new(
                        sum, json_pack("{s:I, s:f, s:o}", "index",
                                       (json_int_t) a->summary[i].index,
                                       "score", a->summary[i].score, "text",
                                       precis_json_text(a->summary[i].text)));
        bad |= json_object_set_new(o, "summary", sum);
        for (i = 0; i < a->n_keywords; i++)
                bad |= json_array_append_new(
                        kw, json_pack("{s:o, s:f}", "term",
                                      precis_json_text(a->keywords[i].term),
                                      "weight", a->keywords[i].weight));
        bad |= json_object_set_new(o, "keywords", kw);
        bad |= json_object_set_new(o, "algorithm", precis_json_text(a->algorithm));
        bad |= json_object_set_new(o, "algorithm_version",
                                   json_integer(a->algorithm_version));
        if (a->params != NULL)
                p = json_loads(a->params, 0, NULL);
        bad |= json_object_set_new(o, "params", p != NULL ? p : json_null());
        if (what & PRECIS_GET_BODY)
                bad |= json_object_set_new(o, "body", precis_json_text(a->body));
        if (bad) {
                json_decref(o);
                return NULL;
        }
        return o;
}

int cli_doc_article(const struct precis_doc *d, const char *path,
                    const struct precis_summary_opts *opts,
                    struct precis_store_article *a)
{
        const struct precis_summary *s = &d->summary;
        char *params = NULL;
        json_t *pj;
        size_t i;

        memset(a, 0, sizeof(*a));
        memcpy(a->hash, d->hash_hex, sizeof(a->hash));
        a->title = (char *) d->text.title;
        a->language = (char *) s->language;
        a->format = (char *) precis_format_name(d->text.format);
        a->bytes = (int64_t) d->bytes;
        a->words = (int64_t) d->words;
        a->sentences = (int64_t) d->sents.n;
        a->algorithm = (char *) s->algorithm;
        a->algorithm_version = s->algorithm_version;
        pj = cli_params_json(opts);
        if (pj != NULL)
                params = json_dumps(pj, JSON_COMPACT);
        json_decref(pj);
        a->params = params;
        a->summary = calloc(s->n_picks + 1, sizeof(*a->summary));
        a->keywords = calloc(s->n_keywords + 1, sizeof(*a->keywords));
        a->paths = calloc(1, sizeof(*a->paths));
        if (params == NULL || a->summary == NULL || a->keywords == NULL ||
            a->paths == NULL) {
                cli_doc_article_done(a);
                return -ENOMEM;
        }
        if (path != NULL && strcmp(path, "-") != 0) {
                a->paths[0] = (char *) path;
                a->n_paths = 1;
        }
        for (i = 0; i < s->n_picks; i++) {
                a->summary[i].index = (int64_t) s->picks[i].index;
                a->summary[i].score = s->picks[i].score;
                a->summary[i].text = (char *) s->picks[i].text;
        }
        a->n_summary = s->n_picks;
        for (i = 0; i < s->n_keywords; i++) {
                a->keywords[i].term = s->keywords[i].term;
                a->keywords[i].weight = s->keywords[i].weight;
        }
        a->n_keywords = s->n_keywords;
        return 0;
}

void cli_doc_article_done(struct precis_store_article *a)
{
        /* Only the arrays and the params belong to the view. */
        free(a->summary);
        free(a->keywords);
        free(a->paths);
        free(a->params);
        memset(a, 0, sizeof(*a));
}

int cli_write_status(struct cli_ctx *ctx, int rc)
{
        if (rc == 0)
                return CLI_EXIT_OK;
        return cli_fail(ctx, CLI_EXIT_INTERNAL, "%s",
                        rc == -ENOMEM ? "out of memory"
                                      : "cannot write output");
}

int cli_json_print(struct cli_ctx *ctx, json_t *j, int compact)
{
        int rc;

        if (j == NULL)
                return -ENOMEM;
        /* Six significant digits: scores and weights are not precise
         * to seventeen, and people read this too. */
        rc = json_dumpf(j, ctx->out,
                        (compact ? JSON_COMPACT : JSON_INDENT(2)) |
                                JSON_REAL_PRECISION(6));
        json_decref(j);
        if (rc != 0 || fputc('\n', ctx->out) == EOF)
                return -EIO;
        return 0;
}
