#define _GNU_SOURCE /* strptime(), timegm() */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <precis/store.h>

#include "cli.h"
#include "output.h"

const char *cli_time(int64_t ms, char buf[32])
{
        time_t t = (time_t) (ms / 1000);
        struct tm tm;

        if (ms <= 0 || gmtime_r(&t, &tm) == NULL) {
                snprintf(buf, 32, "-");
                return buf;
        }
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return buf;
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

int cli_parse_since(const char *s, int64_t *ret_ms)
{
        struct tm tm;
        const char *end;
        int64_t n;
        char *e;

        if (s == NULL || *s == '\0')
                return -1;
        if (*s == '@')
                return cli_parse_int(s + 1, 0, INT64_MAX / 1000, &n) == 0
                               ? (*ret_ms = n * 1000, 0)
                               : -1;
        /* An age: a number and a unit. */
        if (isdigit((unsigned char) *s)) {
                long long v;

                errno = 0;
                v = strtoll(s, &e, 10);
                if (errno == 0 && e != s && e[0] != '\0' && e[1] == '\0' &&
                    strchr("smhdw", e[0]) != NULL && v >= 0 &&
                    v < 1000000000LL) {
                        static const int64_t unit_s[] = { 1, 60, 3600, 86400,
                                                          604800 };
                        int64_t now = (int64_t) time(NULL) * 1000;

                        *ret_ms = now - (int64_t) v * 1000 *
                                                unit_s[strchr("smhdw", e[0]) -
                                                       "smhdw"];
                        return 0;
                }
        }
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
        if (*end == 'Z')
                end++;
        if (*end != '\0')
                return -1;
        *ret_ms = (int64_t) timegm(&tm) * 1000;
        return 0;
}

void cli_put_escaped(FILE *f, const char *s)
{
        const unsigned char *p = (const unsigned char *) s;

        for (; *p != '\0'; p++) {
                if (*p == '\n')
                        fputs("\\n", f);
                else if (*p == '\t')
                        fputs("\\t", f);
                else if (*p == '\\')
                        fputs("\\\\", f);
                else if (*p < 0x20 || *p == 0x7f)
                        fprintf(f, "\\x%02x", *p);
                else
                        fputc(*p, f);
        }
}

static json_t *cli_json_str(const char *s)
{
        /* jansson refuses invalid UTF-8 (a file name may be anything):
         * fall back to a lossy copy rather than dropping the value. */
        json_t *j;
        char *copy;
        size_t i;

        if (s == NULL)
                return json_null();
        j = json_string(s);
        if (j != NULL)
                return j;
        copy = strdup(s);
        if (copy == NULL)
                return NULL;
        for (i = 0; copy[i] != '\0'; i++)
                if ((unsigned char) copy[i] >= 0x80)
                        copy[i] = '?';
        j = json_string(copy);
        free(copy);
        return j;
}

json_t *cli_article_json(const struct precis_store_article *a, unsigned what)
{
        json_t *o = json_object(), *paths = json_array();
        char t[32];
        size_t i;

        if (o == NULL || paths == NULL) {
                json_decref(o);
                json_decref(paths);
                return NULL;
        }
        json_object_set_new(o, "id", json_integer(a->id));
        json_object_set_new(o, "hash", json_string(a->hash));
        json_object_set_new(o, "title", cli_json_str(a->title));
        json_object_set_new(o, "language", cli_json_str(a->language));
        json_object_set_new(o, "format", cli_json_str(a->format));
        json_object_set_new(o, "bytes", json_integer(a->bytes));
        json_object_set_new(o, "words", json_integer(a->words));
        json_object_set_new(o, "sentences", json_integer(a->sentences));
        json_object_set_new(o, "first_seen",
                            json_string(cli_time(a->first_seen, t)));
        json_object_set_new(o, "stored_at",
                            json_string(cli_time(a->stored_at, t)));
        for (i = 0; i < a->n_paths; i++)
                json_array_append_new(paths, cli_json_str(a->paths[i]));
        json_object_set_new(o, "paths", paths);
        if (what & PRECIS_GET_SUMMARY) {
                json_t *sum = json_array(), *scores = json_array();

                for (i = 0; i < a->n_summary; i++) {
                        json_t *sc = json_object();

                        json_array_append_new(sum,
                                              cli_json_str(a->summary[i].text));
                        json_object_set_new(sc, "index",
                                            json_integer(a->summary[i].index));
                        json_object_set_new(sc, "score",
                                            json_real(a->summary[i].score));
                        json_array_append_new(scores, sc);
                }
                json_object_set_new(o, "summary", sum);
                json_object_set_new(o, "summary_scores", scores);
                json_object_set_new(o, "algorithm",
                                    cli_json_str(a->algorithm));
                json_object_set_new(o, "algorithm_version",
                                    json_integer(a->algorithm_version));
                if (a->params != NULL) {
                        json_t *p = json_loads(a->params, 0, NULL);

                        json_object_set_new(o, "params",
                                            p != NULL ? p : json_null());
                }
        }
        if (what & PRECIS_GET_KEYWORDS) {
                json_t *kw = json_array(), *w = json_array();

                for (i = 0; i < a->n_keywords; i++) {
                        json_array_append_new(kw,
                                              cli_json_str(a->keywords[i].term));
                        json_array_append_new(w,
                                              json_real(a->keywords[i].weight));
                }
                json_object_set_new(o, "keywords", kw);
                json_object_set_new(o, "keyword_weights", w);
        }
        if ((what & PRECIS_GET_BODY) && a->body != NULL)
                json_object_set_new(o, "body", cli_json_str(a->body));
        return o;
}

int cli_json_print(struct cli_ctx *ctx, json_t *j, int compact)
{
        int rc;

        if (j == NULL)
                return -ENOMEM;
        rc = json_dumpf(j, ctx->out,
                        compact ? JSON_COMPACT : JSON_INDENT(2));
        json_decref(j);
        if (rc != 0 || fputc('\n', ctx->out) == EOF)
                return -EIO;
        return 0;
}
