#ifndef PRECIS_CLI_TERM_H
#define PRECIS_CLI_TERM_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* Output for a person at a terminal: colour, pager, widths, wrapping.
 * Everything here decides from the real stdout, so call
 * cli_term_setup() before cli_pager_start() replaces ctx->out. */

/* How search matches are marked. */
enum cli_mark {
        CLI_MARK_NONE = 0,  /* --color=never, NO_COLOR: no marks at all */
        CLI_MARK_BRACKETS,  /* not a terminal: [match] */
        CLI_MARK_ATTR,      /* a terminal (or --color=always): bold */
};

/* Parse a --color value (auto, always, never; NULL = always, as in
 * `--color` alone).  Returns 0 or -1. */
int cli_color_parse(const char *s, enum cli_color *ret);

/* Fill ctx->mark and ctx->width from ctx->color, NO_COLOR, TERM and
 * whether stdout is a terminal (width: its columns, else 0 = unlimited). */
void cli_term_setup(struct cli_ctx *ctx);

/* On a terminal, unless --no-pager, send ctx->out through $PAGER (less
 * with LESS=FRX when unset, so short output prints as is).  A no-op when
 * stdout is not a terminal or no pager can run. */
void cli_pager_start(struct cli_ctx *ctx);

/* Wait for the pager, if one runs, and restore ctx->out. */
void cli_pager_end(struct cli_ctx *ctx);

/* Display columns of UTF-8 @s (at most @n bytes); a byte that is not
 * valid UTF-8 counts as one column. */
size_t cli_term_cols(const char *s, size_t n);

/* Print @s escaped (cli_put_escaped()) in at most @cols columns (0 = no
 * limit), cut with "…" when longer; returns the columns printed. */
size_t cli_put_fit(FILE *f, const char *s, size_t cols);

/* Print @s escaped, with the text between the search marks \x01 and
 * \x02 highlighted as @mark says. */
void cli_put_marked(FILE *f, const char *s, enum cli_mark mark);

/* The same as cli_put_marked() in at most @cols columns (0 = no limit),
 * cut with "…" like cli_put_fit(); a highlight the cut falls inside is
 * closed.  Returns the columns printed. */
size_t cli_put_fit_marked(FILE *f, const char *s, size_t cols,
                          enum cli_mark mark);

/* Print paragraph @s (escaped) wrapped at spaces to @width columns (0 =
 * not wrapped), the caller having printed @indent columns of the first
 * line, each further line indented by @indent spaces; ends with a
 * newline. */
void cli_put_wrapped(FILE *f, const char *s, size_t width, size_t indent);

/* The same for text with search marks (see cli_put_marked()), shown as
 * @mark (an enum cli_mark) says; a highlighted phrase broken across
 * lines stays highlighted (the attribute spans the line break). */
void cli_put_wrapped_marked(FILE *f, const char *s, size_t width,
                            size_t indent, int mark);

/* "3.1 MB": @bytes in SI units (kB, MB, GB, TB) into @buf. */
const char *cli_human_size(int64_t bytes, char buf[32]);

/* @one when @n is 1, else @many. */
const char *cli_plural(int64_t n, const char *one, const char *many);

#endif /* PRECIS_CLI_TERM_H */
