#define _GNU_SOURCE /* wcwidth() */

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include <precis/charset.h>

#include "output.h"
#include "term.h"

static size_t term_cols_marked(const char *s, size_t n);

/* Bold on, and back to normal intensity (not a full reset, which would
 * also end attributes the caller set). */
#define TERM_BOLD "\033[1m"
#define TERM_NORMAL "\033[22m"

int cli_color_parse(const char *s, enum cli_color *ret)
{
        if (s == NULL || strcmp(s, "always") == 0)
                *ret = CLI_COLOR_ALWAYS;
        else if (strcmp(s, "auto") == 0)
                *ret = CLI_COLOR_AUTO;
        else if (strcmp(s, "never") == 0)
                *ret = CLI_COLOR_NEVER;
        else
                return -1;
        return 0;
}

void cli_term_setup(struct cli_ctx *ctx)
{
        const char *no_color = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        int tty = isatty(fileno(ctx->out)) == 1;
        struct winsize ws;

        ctx->width = 0;
        if (tty) {
                const char *cols = getenv("COLUMNS");

                if (ioctl(fileno(ctx->out), TIOCGWINSZ, &ws) == 0 &&
                    ws.ws_col > 0)
                        ctx->width = ws.ws_col;
                else if (cols != NULL && atoi(cols) > 0)
                        ctx->width = (size_t) atoi(cols);
                else
                        ctx->width = 80;
        }
        /* https://no-color.org: a non-empty NO_COLOR turns colour off;
         * an explicit --color=always still wins. */
        if (ctx->color == CLI_COLOR_NEVER ||
            (ctx->color == CLI_COLOR_AUTO && no_color != NULL &&
             *no_color != '\0'))
                ctx->mark = CLI_MARK_NONE;
        else if (ctx->color == CLI_COLOR_ALWAYS ||
                 (tty && !(term != NULL && strcmp(term, "dumb") == 0)))
                ctx->mark = CLI_MARK_ATTR;
        else
                ctx->mark = CLI_MARK_BRACKETS;
}

/* Whether @prog is an executable file in $PATH. */
static int term_in_path(const char *prog)
{
        const char *path = getenv("PATH"), *p, *e;
        char buf[4096];

        for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p = e) {
                e = strchr(p, ':');
                if (e == NULL)
                        e = p + strlen(p);
                if (snprintf(buf, sizeof(buf), "%.*s/%s", (int) (e - p), p,
                             prog) < (int) sizeof(buf) &&
                    access(buf, X_OK) == 0)
                        return 1;
                if (*e == ':')
                        e++;
        }
        return 0;
}

void cli_pager_start(struct cli_ctx *ctx)
{
        const char *pager = getenv("PAGER");
        FILE *p;

        if (ctx->no_pager || ctx->pager != NULL ||
            isatty(fileno(ctx->out)) != 1)
                return;
        if (pager == NULL) {
                if (!term_in_path("less"))
                        return;
                pager = "less";
        }
        /* PAGER= or PAGER=cat: the user wants no pager. */
        if (*pager == '\0' || strcmp(pager, "cat") == 0)
                return;
        /* -F: quit when it fits one screen; -R: pass the bold through;
         * -X: leave the text on the screen.  As git does, only when the
         * user has no LESS of their own. */
        setenv("LESS", "FRX", 0);
        fflush(ctx->out);
        p = popen(pager, "w");
        if (p == NULL)
                return;
        ctx->pager = p;
        ctx->out = p;
}

void cli_pager_end(struct cli_ctx *ctx)
{
        if (ctx->pager == NULL)
                return;
        (void) pclose(ctx->pager);
        ctx->pager = NULL;
        ctx->out = stdout;
}

/* Decode one UTF-8 sequence at @s (@n bytes left): its length, with
 * *ret_c the code point, or 1 and -1 for an invalid byte (which
 * cli_put_escaped() prints as \xHH). */
static size_t term_utf8(const unsigned char *s, size_t n, long *ret_c)
{
        size_t len = precis_utf8_len((const char *) s, n);

        if (len == 0) {
                *ret_c = -1;
                return 1;
        }
        *ret_c = (long) precis_utf8_decode((const char *) s, len, &len);
        return len;
}

static bool term_locale_set;

/* Columns of code point @c: wcwidth() where the locale knows it (wide
 * CJK takes two), else one; control characters and invalid bytes print
 * escaped, as four. */
static size_t term_width(long c)
{
        int w;

        if (c < 0)
                return 4;
        if (c < 0x20 || c == 0x7f)
                return c == '\n' || c == '\t' ? 2 : 4;
        if (c < 0x7f)
                return 1;
        /* The locale says how wide a character is; it is loaded here, on
         * the first character that needs it, not at start: loading it
         * opens and maps four files, a tenth of a one-file `precis
         * summarize`.  Only LC_CTYPE: numbers stay in the C locale.  The
         * CLI measures text on its main thread only. */
        if (!term_locale_set) {
                setlocale(LC_CTYPE, "");
                term_locale_set = true;
        }
        w = wcwidth((wchar_t) c);
        return w >= 0 ? (size_t) w : 1;
}

size_t cli_term_cols(const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *) s;
        size_t i = 0, cols = 0;
        long c;

        while (i < n && p[i] != '\0') {
                i += term_utf8(p + i, n - i, &c);
                cols += term_width(c);
        }
        return cols;
}

/* Print @s[0..@n) escaped. */
static void term_put_n(FILE *f, const char *s, size_t n)
{
        char *copy = strndup(s, n);

        if (copy == NULL)
                return;
        cli_put_escaped(f, copy);
        free(copy);
}

size_t cli_put_fit(FILE *f, const char *s, size_t cols)
{
        const unsigned char *p = (const unsigned char *) s;
        size_t len = strlen(s), i = 0, used = 0, w;
        long c;

        if (cols == 0 || cli_term_cols(s, len) <= cols) {
                cli_put_escaped(f, s);
                return cli_term_cols(s, len);
        }
        /* Keep room for the ellipsis. */
        while (i < len) {
                size_t l = term_utf8(p + i, len - i, &c);

                w = term_width(c);
                if (used + w + 1 > cols)
                        break;
                used += w;
                i += l;
        }
        term_put_n(f, s, i);
        fputs("…", f);
        return used + 1;
}

void cli_put_marked(FILE *f, const char *s, enum cli_mark mark)
{
        const char *p = s, *q;

        for (;;) {
                q = p + strcspn(p, "\001\002");
                term_put_n(f, p, (size_t) (q - p));
                if (*q == '\0')
                        break;
                if (mark == CLI_MARK_ATTR)
                        fputs(*q == '\001' ? TERM_BOLD : TERM_NORMAL, f);
                else if (mark == CLI_MARK_BRACKETS)
                        fputc(*q == '\001' ? '[' : ']', f);
                p = q + 1;
        }
}

size_t cli_put_fit_marked(FILE *f, const char *s, size_t cols,
                          enum cli_mark mark)
{
        const unsigned char *p = (const unsigned char *) s;
        size_t len = strlen(s), i = 0, used = 0;
        int open = 0;
        char *cut;
        long c;

        if (cols == 0 || term_cols_marked(s, len) <= cols) {
                cli_put_marked(f, s, mark);
                return term_cols_marked(s, len);
        }
        while (i < len) {
                size_t l, w;

                if (p[i] == 1 || p[i] == 2) {
                        open = p[i] == 1;
                        i++;
                        continue;
                }
                l = term_utf8(p + i, len - i, &c);
                w = term_width(c);
                if (used + w + 1 > cols)
                        break;
                used += w;
                i += l;
        }
        /* Close a highlight the cut fell inside. */
        cut = malloc(i + 2);
        if (cut == NULL)
                return 0;
        memcpy(cut, s, i);
        cut[i] = open ? '\002' : '\0';
        cut[i + 1] = '\0';
        cli_put_marked(f, cut, mark);
        free(cut);
        fputs("…", f);
        return used + 1;
}

/* Columns of @s[0..@n) as printed with marks: the marks take none (bold
 * on a terminal, the only place text is wrapped). */
static size_t term_cols_marked(const char *s, size_t n)
{
        size_t cols = 0, i = 0, k;

        while (i < n) {
                k = strcspn(s + i, "\001\002");
                if (k > n - i)
                        k = n - i;
                cols += cli_term_cols(s + i, k);
                i += k;
                if (i < n)
                        i++;
        }
        return cols;
}

void cli_put_wrapped_marked(FILE *f, const char *s, size_t width,
                            size_t indent, int mark)
{
        size_t col = indent, n, w;
        const char *p = s;
        int first = 1;

        if (width == 0 || width <= indent + 10) {
                if (mark >= 0)
                        cli_put_marked(f, s, (enum cli_mark) mark);
                else
                        cli_put_escaped(f, s);
                fputc('\n', f);
                return;
        }
        for (;;) {
                while (*p == ' ')
                        p++;
                if (*p == '\0')
                        break;
                n = strcspn(p, " ");
                w = mark >= 0 ? term_cols_marked(p, n) : cli_term_cols(p, n);
                if (!first && col + 1 + w > width) {
                        fprintf(f, "\n%*s", (int) indent, "");
                        col = indent;
                } else if (!first) {
                        fputc(' ', f);
                        col++;
                }
                if (mark >= 0) {
                        char *word = strndup(p, n);

                        if (word != NULL)
                                cli_put_marked(f, word, (enum cli_mark) mark);
                        free(word);
                } else {
                        term_put_n(f, p, n);
                }
                col += w;
                first = 0;
                p += n;
        }
        fputc('\n', f);
}

void cli_put_wrapped(FILE *f, const char *s, size_t width, size_t indent)
{
        cli_put_wrapped_marked(f, s, width, indent, -1);
}

const char *cli_human_size(int64_t bytes, char buf[32])
{
        static const char *const units[] = { "kB", "MB", "GB", "TB", "PB" };
        double v = (double) bytes;
        int u = -1;

        if (bytes < 1000) {
                snprintf(buf, 32, "%lld %s", (long long) bytes,
                         cli_plural(bytes, "byte", "bytes"));
                return buf;
        }
        while (v >= 999.95 && u < 4) {
                v /= 1000;
                u++;
        }
        snprintf(buf, 32, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
        return buf;
}

const char *cli_plural(int64_t n, const char *one, const char *many)
{
        return n == 1 ? one : many;
}
