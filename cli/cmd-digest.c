#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <precis/array.h>
#include <precis/charset.h>
#include <precis/hash.h>
#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

/* `precis digest`: the articles stored in a time window, newest first, as
 * text, Markdown, one self-contained HTML page or an Atom feed (RFC 4287)
 * that a timer can regenerate and a feed reader subscribe to. */

static const char digest_usage[] =
        "usage: precis digest [--since WHEN] [--until WHEN] [--format "
        "text|markdown|html|atom]\n"
        "                     [--output FILE] [--title TEXT] [--limit N] "
        "[--json]\n"
        "The articles stored in a window, newest first: title, source file, "
        "time,\n"
        "summary and keywords.\n"
        "  --since WHEN    start of the window (default 1d, the last 24 "
        "hours): today,\n"
        "                  yesterday, an age (2h, 3d, 1w), 2026-11-27, "
        "2026-11-27T10:00\n"
        "                  (local time; a final Z for UTC) or @UNIXTIME\n"
        "  --until WHEN    end of the window, exclusive (default: now)\n"
        "  --format F      text (default), markdown, html (one "
        "self-contained page,\n"
        "                  light and dark) or atom (an RFC 4287 feed; ids "
        "from the\n"
        "                  content hash, so they stay the same when it is "
        "regenerated)\n"
        "  --output FILE   write FILE atomically (a temporary file renamed "
        "over it)\n"
        "                  instead of standard output\n"
        "  --title TEXT    title of the digest (default \"precis digest\")\n"
        "  --limit N       at most N articles, the newest\n"
        "  --json          an array of article objects (docs/json.md)\n"
        "An empty window still gives a whole document (a feed with no "
        "entries), so a\n"
        "timer never leaves a broken file.  Exit 0 when the digest was "
        "written,\n"
        "2 for bad usage, 3 when the store is missing or damaged.\n";

enum digest_format {
        DIGEST_TEXT,
        DIGEST_MARKDOWN,
        DIGEST_HTML,
        DIGEST_ATOM,
        DIGEST_JSON,
};

/* Keywords shown per article (the store keeps up to ten). */
#define DIGEST_KEYWORDS 8

struct digest {
        struct cli_ctx *ctx;           /* borrowed */
        FILE *f;                       /* borrowed: where the digest goes */
        const char *title;             /* borrowed */
        const char *store;             /* borrowed: the store's path */
        int64_t since, until, now;     /* the window (ms; until 0 = now) */
        struct precis_store_article *a; /* owned: the articles, newest
                                         * first */
        size_t n;                      /* entries in a */
        int64_t *ids;                  /* owned: ids listed, then fetched */
        size_t n_ids, cap_ids;
};

static void digest_done(struct digest *g)
{
        size_t i;

        for (i = 0; i < g->n; i++)
                precis_store_article_done(&g->a[i]);
        free(g->a);
        free(g->ids);
}

static int digest_collect_cb(const struct precis_store_article *a, void *data)
{
        struct digest *g = data;

        if (PRECIS_GROW(g->ids, g->n_ids, g->cap_ids, 64) != 0)
                return -ENOMEM;
        g->ids[g->n_ids++] = a->id;
        return 0;
}

/* The window's articles with summary and keywords.  The listing gives the
 * ids in order; each is then read whole (an article forgotten in between
 * is skipped). */
static int digest_collect(struct digest *g, struct precis_store *st,
                          int64_t limit, struct precis_error *err)
{
        struct precis_list_opts o = { g->since, limit, PRECIS_SORT_TIME, 0,
                                      g->until, NULL };
        size_t i;
        int rc;

        rc = precis_store_list(st, &o, digest_collect_cb, g, err);
        if (rc < 0)
                return rc;
        g->a = calloc(g->n_ids > 0 ? g->n_ids : 1, sizeof(*g->a));
        if (g->a == NULL)
                return -ENOMEM;
        for (i = 0; i < g->n_ids; i++) {
                rc = precis_store_get(st, g->ids[i],
                                      PRECIS_GET_SUMMARY |
                                              PRECIS_GET_KEYWORDS,
                                      &g->a[g->n], err);
                if (rc == PRECIS_E_NOTFOUND)
                        continue;
                if (rc != 0)
                        return rc;
                g->n++;
        }
        return 0;
}

/* The name a person knows the article by: its file's name. */
static const char *digest_source(const struct precis_store_article *a)
{
        const char *p, *slash;

        if (a->n_paths == 0)
                return "";
        p = a->paths[a->n_paths - 1];
        slash = strrchr(p, '/');
        return slash != NULL && slash[1] != '\0' ? slash + 1 : p;
}

static const char *digest_title(const struct precis_store_article *a)
{
        return a->title != NULL && a->title[0] != '\0' ? a->title
                                                        : "(untitled)";
}

/* The summary as one paragraph. */
static char *digest_summary(const struct precis_store_article *a)
{
        size_t i, len = 1, off = 0;
        char *s;

        for (i = 0; i < a->n_summary; i++)
                len += strlen(a->summary[i].text) + 1;
        s = malloc(len);
        if (s == NULL)
                return NULL;
        for (i = 0; i < a->n_summary; i++) {
                size_t n = strlen(a->summary[i].text);

                if (i > 0)
                        s[off++] = ' ';
                memcpy(s + off, a->summary[i].text, n);
                off += n;
        }
        s[off] = '\0';
        return s;
}

static size_t digest_n_keywords(const struct precis_store_article *a)
{
        return a->n_keywords < DIGEST_KEYWORDS ? a->n_keywords
                                               : DIGEST_KEYWORDS;
}

/* "@prefix" and the keywords, comma-separated, as one string. */
static char *digest_keywords(const struct precis_store_article *a,
                             const char *prefix)
{
        size_t k, len = strlen(prefix) + 1, off;
        char *s;

        for (k = 0; k < digest_n_keywords(a); k++)
                len += strlen(a->keywords[k].term) + 2;
        s = malloc(len);
        if (s == NULL)
                return NULL;
        off = (size_t) snprintf(s, len, "%s", prefix);
        for (k = 0; k < digest_n_keywords(a); k++)
                off += (size_t) snprintf(s + off, len - off, "%s%s",
                                         k > 0 ? ", " : "",
                                         a->keywords[k].term);
        return s;
}

static void digest_window(struct digest *g, char *buf, size_t n)
{
        char t1[32], t2[32];

        snprintf(buf, n, "%s to %s", cli_local_time(g->since, t1),
                 cli_local_time(g->until > 0 ? g->until : g->now, t2));
}

/* ---- text ---- */

static void digest_text(struct digest *g)
{
        FILE *f = g->f;
        size_t width = g->ctx->width > 0 && g->ctx->width < 100
                               ? g->ctx->width
                               : 78;
        char win[80], t[32];
        size_t i;

        cli_put_escaped(f, g->title);
        digest_window(g, win, sizeof(win));
        fprintf(f, ": %zu %s stored from %s\n", g->n,
                cli_plural((int64_t) g->n, "article", "articles"), win);
        for (i = 0; i < g->n; i++) {
                const struct precis_store_article *a = &g->a[i];
                char *sum = digest_summary(a);

                fputc('\n', f);
                cli_put_escaped(f, digest_title(a));
                fputs("\n  ", f);
                cli_put_escaped(f, digest_source(a));
                fprintf(f, ", %s, %.12s\n  ", cli_local_time(a->stored_at, t),
                        a->hash);
                cli_put_wrapped(f, sum != NULL ? sum : "", width, 2);
                free(sum);
                if (a->n_keywords > 0) {
                        char *kw = digest_keywords(a, "keywords: ");

                        fputs("  ", f);
                        cli_put_wrapped(f, kw != NULL ? kw : "", width, 2);
                        free(kw);
                }
        }
}

/* ---- Markdown (CommonMark) ---- */

/* Backslash-escape what CommonMark would read as markup; control bytes
 * become spaces so one text stays on one line. */
static void digest_md_put(FILE *f, const char *s)
{
        for (; *s != '\0'; s++) {
                unsigned char c = (unsigned char) *s;

                if (c < 0x20 || c == 0x7f)
                        fputc(' ', f);
                else if (strchr("\\`*_[]<>#|!~&", c) != NULL)
                        fprintf(f, "\\%c", c);
                else
                        fputc(c, f);
        }
}

static void digest_markdown(struct digest *g)
{
        FILE *f = g->f;
        char win[80], t[32];
        size_t i, k;

        fputs("# ", f);
        digest_md_put(f, g->title);
        digest_window(g, win, sizeof(win));
        fprintf(f, "\n\n%zu %s stored from %s.\n", g->n,
                cli_plural((int64_t) g->n, "article", "articles"), win);
        for (i = 0; i < g->n; i++) {
                const struct precis_store_article *a = &g->a[i];
                char *sum = digest_summary(a);

                fputs("\n## ", f);
                digest_md_put(f, digest_title(a));
                fputs("\n\n*", f);
                digest_md_put(f, digest_source(a));
                fprintf(f, "* · %s · `%.12s`\n\n", cli_local_time(a->stored_at,
                                                                 t),
                        a->hash);
                digest_md_put(f, sum != NULL ? sum : "");
                fputc('\n', f);
                free(sum);
                if (a->n_keywords > 0) {
                        fputs("\n**Keywords:** ", f);
                        for (k = 0; k < digest_n_keywords(a); k++) {
                                if (k > 0)
                                        fputs(", ", f);
                                digest_md_put(f, a->keywords[k].term);
                        }
                        fputc('\n', f);
                }
        }
}

/* ---- XML and HTML ---- */

/* Escape @s for XML 1.0 text and attribute values: the five entities, and
 * what XML forbids (C0 controls but tab and newline, invalid UTF-8) as
 * U+FFFD, so the document always parses. */
static void digest_xml_put(FILE *f, const char *s)
{
        size_t n = strlen(s), i = 0, len;

        while (i < n) {
                unsigned char c = (unsigned char) s[i];

                if (c == '&') {
                        fputs("&amp;", f);
                } else if (c == '<') {
                        fputs("&lt;", f);
                } else if (c == '>') {
                        fputs("&gt;", f);
                } else if (c == '"') {
                        fputs("&quot;", f);
                } else if (c == '\'') {
                        fputs("&#39;", f);
                } else if (c == '\t' || c == '\n') {
                        fputc(c, f);
                } else if (c < 0x20 || c == 0x7f) {
                        fputs("\xef\xbf\xbd", f);
                } else if (c < 0x80) {
                        fputc(c, f);
                } else {
                        uint32_t cp = precis_utf8_decode(s + i, n - i, &len);
                        char out[4];

                        /* A well-formed character XML allows is copied;
                         * anything else becomes U+FFFD. */
                        if (precis_utf8_valid(s + i, len) && cp != 0xfffe &&
                            cp != 0xffff)
                                fwrite(s + i, 1, len, f);
                        else
                                fwrite(out, 1, precis_utf8_encode(0xfffd, out),
                                       f);
                        i += len;
                        continue;
                }
                i++;
        }
}

/* The stylesheet of the HTML page: system fonts, one readable column,
 * light and dark from prefers-color-scheme; nothing fetched. */
static const char digest_css[] =
        ":root{color-scheme:light dark;--bg:#fdfcfa;--fg:#1d1d1f;"
        "--muted:#5f6368;--rule:#e3e0da;--tag:#efebe4;--accent:#8a3b12}\n"
        "@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e8e6e3;"
        "--muted:#a0a4ab;--rule:#2c2e33;--tag:#25272c;--accent:#f0a56b}}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:var(--bg);color:var(--fg);"
        "font:17px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,"
        "\"Noto Sans\",\"DejaVu Sans\",sans-serif;"
        "-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
        "main{max-width:44rem;margin:0 auto;padding:1.5rem 1.1rem 3rem}\n"
        "header{border-bottom:2px solid var(--accent);margin-bottom:.5rem;"
        "padding-bottom:.75rem}\n"
        "h1{font-size:1.7rem;line-height:1.2;margin:0 0 .3rem}\n"
        ".window{color:var(--muted);margin:0;font-size:.95rem}\n"
        "article{padding:1.1rem 0;border-bottom:1px solid var(--rule)}\n"
        "h2{font-size:1.2rem;line-height:1.3;margin:0 0 .25rem;"
        "overflow-wrap:anywhere}\n"
        ".meta{color:var(--muted);font-size:.85rem;margin:0 0 .6rem;"
        "overflow-wrap:anywhere}\n"
        ".meta code{font-size:.8rem}\n"
        ".summary{margin:0 0 .7rem;hyphens:auto;overflow-wrap:anywhere}\n"
        ".kw{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;margin:0;"
        "padding:0}\n"
        ".kw li{background:var(--tag);border-radius:1rem;font-size:.8rem;"
        "padding:.1rem .6rem}\n"
        ".empty{color:var(--muted);font-style:italic}\n"
        "footer{color:var(--muted);font-size:.8rem;margin-top:1.5rem}\n"
        "@media (min-width:60rem){body{font-size:18px}"
        "h1{font-size:2rem}}\n";

static void digest_html(struct digest *g)
{
        FILE *f = g->f;
        char win[80], t[32], iso[32];
        size_t i, k;

        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
              "<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, "
              "initial-scale=1\">\n"
              "<meta name=\"color-scheme\" content=\"light dark\">\n"
              /* Nothing but the inline style may load or run, whatever
               * an article's text holds. */
              "<meta http-equiv=\"Content-Security-Policy\" "
              "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
              "<title>", f);
        digest_xml_put(f, g->title);
        fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n"
                   "<header>\n<h1>", digest_css);
        digest_xml_put(f, g->title);
        digest_window(g, win, sizeof(win));
        fprintf(f, "</h1>\n<p class=\"window\">%zu %s stored from %s</p>\n"
                   "</header>\n",
                g->n, cli_plural((int64_t) g->n, "article", "articles"), win);
        if (g->n == 0)
                fputs("<p class=\"empty\">Nothing was stored in this "
                      "window.</p>\n", f);
        for (i = 0; i < g->n; i++) {
                const struct precis_store_article *a = &g->a[i];
                char *sum = digest_summary(a);

                fprintf(f, "<article id=\"a-%.12s\">\n<h2>", a->hash);
                digest_xml_put(f, digest_title(a));
                fputs("</h2>\n<p class=\"meta\">", f);
                digest_xml_put(f, digest_source(a));
                fprintf(f, " · <time datetime=\"%s\">%s</time> · "
                           "<code>%.12s</code></p>\n<p class=\"summary\">",
                        cli_time(a->stored_at, iso),
                        cli_local_time(a->stored_at, t), a->hash);
                digest_xml_put(f, sum != NULL ? sum : "");
                free(sum);
                fputs("</p>\n", f);
                if (a->n_keywords > 0) {
                        fputs("<ul class=\"kw\">", f);
                        for (k = 0; k < digest_n_keywords(a); k++) {
                                fputs("<li>", f);
                                digest_xml_put(f, a->keywords[k].term);
                                fputs("</li>", f);
                        }
                        fputs("</ul>\n", f);
                }
                fputs("</article>\n", f);
        }
        fprintf(f, "<footer>Made by precis %s on %s.</footer>\n"
                   "</main>\n</body>\n</html>\n",
                PRECIS_VERSION, cli_local_time(g->now, t));
}

/* ---- Atom ---- */

/* A file: IRI for @path: unreserved bytes and "/" as they are, the rest
 * percent-encoded (RFC 3986), so any file name gives a valid IRI. */
static void digest_file_iri(FILE *f, const char *path)
{
        const unsigned char *p = (const unsigned char *) path;

        fputs("file://", f);
        for (; *p != '\0'; p++) {
                if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
                        fputc(*p, f);
                else
                        fprintf(f, "%%%02X", *p);
        }
}

static void digest_atom(struct digest *g)
{
        FILE *f = g->f;
        unsigned char h[PRECIS_HASH_BYTES];
        char hex[PRECIS_HASH_HEX + 1], t[32], win[80];
        /* A URL names the store as shown (its password, which may
         * change, left out); a file by its absolute path. */
        char *real = precis_store_is_url(g->store)
                             ? precis_store_display_name(g->store)
                             : realpath(g->store, NULL);
        const char *store = real != NULL ? real : g->store;
        size_t i, k;

        /* The feed's id names the store it is made from, so every
         * regeneration keeps it; entries are named by their content
         * hash. */
        precis_hash(store, strlen(store), h, hex);
        free(real);
        fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>", f);
        digest_xml_put(f, g->title);
        digest_window(g, win, sizeof(win));
        fprintf(f, "</title>\n  <subtitle>%zu %s stored from %s</subtitle>\n"
                   "  <id>urn:precis:feed:%.32s</id>\n"
                   "  <updated>%s</updated>\n"
                   "  <author><name>precis</name></author>\n"
                   "  <generator version=\"%s\">precis</generator>\n",
                g->n, cli_plural((int64_t) g->n, "article", "articles"), win,
                hex,
                cli_time(g->n > 0 ? g->a[0].stored_at : g->now, t),
                PRECIS_VERSION);
        for (i = 0; i < g->n; i++) {
                const struct precis_store_article *a = &g->a[i];
                char *sum = digest_summary(a);

                fputs("  <entry>\n    <title type=\"text\">", f);
                digest_xml_put(f, digest_title(a));
                fprintf(f, "</title>\n    <id>urn:precis:%s</id>\n",
                        a->hash);
                fprintf(f, "    <updated>%s</updated>\n",
                        cli_time(a->stored_at, t));
                fprintf(f, "    <published>%s</published>\n",
                        cli_time(a->first_seen > 0 ? a->first_seen
                                                   : a->stored_at,
                                 t));
                if (a->n_paths > 0) {
                        fputs("    <link rel=\"alternate\" href=\"", f);
                        digest_file_iri(f, a->paths[a->n_paths - 1]);
                        fputs("\"/>\n", f);
                }
                for (k = 0; k < digest_n_keywords(a); k++) {
                        fputs("    <category term=\"", f);
                        digest_xml_put(f, a->keywords[k].term);
                        fputs("\"/>\n", f);
                }
                fputs("    <summary type=\"text\">", f);
                digest_xml_put(f, sum != NULL ? sum : "");
                free(sum);
                /* An entry without a link needs content (RFC 4287
                 * 4.1.1.1): the summary is all there is to give. */
                fputs("</summary>\n", f);
                if (a->n_paths == 0) {
                        fputs("    <content type=\"text\">", f);
                        sum = digest_summary(a);
                        digest_xml_put(f, sum != NULL ? sum : "");
                        free(sum);
                        fputs("</content>\n", f);
                }
                fputs("  </entry>\n", f);
        }
        fputs("</feed>\n", f);
}

/* ---- output ---- */

/* Render the digest to g->f.  Returns 0 or -EIO/-ENOMEM. */
static int digest_render(struct digest *g, enum digest_format fmt)
{
        json_t *arr;
        size_t i;

        switch (fmt) {
        case DIGEST_TEXT:
                digest_text(g);
                break;
        case DIGEST_MARKDOWN:
                digest_markdown(g);
                break;
        case DIGEST_HTML:
                digest_html(g);
                break;
        case DIGEST_ATOM:
                digest_atom(g);
                break;
        case DIGEST_JSON: {
                /* The same printer as every --json, aimed at g->f. */
                struct cli_ctx jctx = *g->ctx;
                int rc;

                jctx.out = g->f;
                arr = json_array();
                for (i = 0; arr != NULL && i < g->n; i++)
                        if (json_array_append_new(
                                    arr, cli_article_json(
                                                 &g->a[i],
                                                 PRECIS_GET_SUMMARY |
                                                         PRECIS_GET_KEYWORDS)) !=
                            0) {
                                json_decref(arr);
                                return -ENOMEM;
                        }
                rc = cli_json_print(&jctx, arr, 0);
                if (rc != 0)
                        return rc;
                break;
        }
        }
        return ferror(g->f) ? -EIO : 0;
}

/* Write the digest to @path through a temporary file in the same folder,
 * flushed to disk and renamed over @path, so a reader (a feed reader, a
 * web server) sees the old file or the new one, never half of one. */
static int digest_write_file(struct digest *g, enum digest_format fmt,
                             const char *path)
{
        size_t n = strlen(path) + sizeof(".XXXXXX");
        char *tmp = malloc(n), *dcopy = NULL;
        mode_t mask;
        int fd, rc = 0, dfd;
        FILE *f;

        if (tmp == NULL)
                return cli_fail(g->ctx, CLI_EXIT_INTERNAL, "out of memory");
        snprintf(tmp, n, "%s.XXXXXX", path);
        fd = mkstemp(tmp);
        if (fd < 0) {
                rc = cli_fail(g->ctx, CLI_EXIT_USAGE, "%s: cannot create: %s",
                              tmp, strerror(errno));
                free(tmp);
                return rc;
        }
        /* mkstemp() makes the file 0600; a digest is meant to be read by
         * others (a feed reader, a web server): 0666 less the umask. */
        mask = umask(0);
        umask(mask);
        (void) fchmod(fd, 0666 & ~mask);
        f = fdopen(fd, "w");
        if (f == NULL) {
                close(fd);
                rc = -errno;
        } else {
                g->f = f;
                rc = digest_render(g, fmt);
                if (fflush(f) != 0 && rc == 0)
                        rc = -errno;
                if (rc == 0 && fsync(fileno(f)) != 0)
                        rc = -errno;
                if (fclose(f) != 0 && rc == 0)
                        rc = -errno;
        }
        if (rc == 0 && rename(tmp, path) != 0)
                rc = -errno;
        if (rc != 0) {
                unlink(tmp);
                free(tmp);
                return rc == -ENOMEM
                               ? cli_fail(g->ctx, CLI_EXIT_INTERNAL,
                                          "out of memory")
                               : cli_fail(g->ctx, CLI_EXIT_USAGE,
                                          "%s: cannot write: %s", path,
                                          strerror(rc == -EIO ? EIO : -rc));
        }
        free(tmp);
        /* The rename is durable once the folder is synced. */
        dcopy = strdup(path);
        if (dcopy != NULL) {
                dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0) {
                        (void) fsync(dfd);
                        close(dfd);
                }
                free(dcopy);
        }
        return CLI_EXIT_OK;
}

static int digest_format_parse(const char *s, enum digest_format *ret)
{
        static const char *const names[] = { "text", "markdown", "html",
                                             "atom", NULL };
        size_t i;

        for (i = 0; names[i] != NULL; i++)
                if (strcmp(s, names[i]) == 0) {
                        *ret = (enum digest_format) i;
                        return 0;
                }
        if (strcmp(s, "md") == 0) {
                *ret = DIGEST_MARKDOWN;
                return 0;
        }
        return -1;
}

static int digest_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                CLI_WHEN_LONGOPTS,
                { "format", required_argument, NULL, 'f' },
                { "output", required_argument, NULL, 'o' },
                { "title", required_argument, NULL, 't' },
                { "limit", required_argument, NULL, 'n' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        struct digest g = { 0 };
        struct precis_error err = { 0 };
        struct precis_store *st;
        enum digest_format fmt = DIGEST_TEXT;
        const char *output = NULL;
        char *store = NULL;
        int64_t limit = 0;
        int c, rc, json = 0, since_set = 0;
        struct timespec ts;

        g.ctx = ctx;
        g.title = "precis digest";
        while ((c = cli_getopt(ctx, argc, argv, "", longopts, digest_usage,
                               &rc)) > 0) {
                switch (c) {
                case 's':
                case 'u':
                        rc = cli_when_option(ctx, c, optarg, &g.since,
                                             &g.until);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        since_set |= c == 's';
                        break;
                case 'f':
                        if (digest_format_parse(optarg, &fmt) != 0)
                                return cli_usage_fail(ctx, argv[0], NULL,
                                                      "--format is text, "
                                                      "markdown, html or "
                                                      "atom, not '%s'",
                                                      optarg);
                        break;
                case 'o':
                        output = optarg;
                        break;
                case 't':
                        g.title = optarg;
                        break;
                case 'n':
                        rc = cli_number_option(ctx, argv[0], "--limit",
                                               optarg, 1, INT64_MAX, &limit);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                case 'j':
                        json = 1;
                        break;
                }
        }
        if (c < 0)
                return rc;
        rc = cli_no_operands(ctx, argc, argv, digest_usage);
        if (rc != CLI_EXIT_OK)
                return rc;
        clock_gettime(CLOCK_REALTIME, &ts);
        g.now = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        if (!since_set)
                g.since = g.now - 86400000LL;
        rc = cli_when_check(ctx, g.since, g.until);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (json) {
                if (fmt != DIGEST_TEXT)
                        return cli_usage_fail(ctx, argv[0], NULL,
                                              "give --json or --format, "
                                              "not both");
                fmt = DIGEST_JSON;
        }
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, &store);
        if (rc != CLI_EXIT_OK)
                return rc;
        g.store = store;
        rc = digest_collect(&g, st, limit, &err);
        precis_store_close(st);
        if (rc != 0) {
                digest_done(&g);
                free(store);
                return rc == -ENOMEM && err.code == 0
                               ? cli_fail(ctx, CLI_EXIT_INTERNAL,
                                          "out of memory")
                               : cli_store_fail(ctx, rc, &err);
        }
        if (output != NULL) {
                rc = digest_write_file(&g, fmt, output);
        } else {
                g.f = ctx->out;
                rc = digest_render(&g, fmt);
                if (fflush(ctx->out) != 0 && rc == 0)
                        rc = -EIO;
                rc = cli_write_status(ctx, rc);
        }
        digest_done(&g);
        free(store);
        return rc;
}

const struct cli_command cli_cmd_digest = {
        .name = "digest",
        .usage = "[--since WHEN] [--until WHEN] "
                 "[--format text|markdown|html|atom] [--output FILE] "
                 "[--json]",
        .help = "the articles of a time window as text, Markdown, HTML or "
                "an Atom feed",
        .run = digest_run,
};
