#include <stdlib.h>

#include "options.h"
#include "output.h"

/* A length: a whole number from 1 for sentences and words; a share in
 * (0, 1] or a percentage for the ratio. */
static int options_length(const char *s, int ratio, double *out)
{
        char *end;
        double v = strtod(s, &end);

        if (end == s)
                return -1;
        if (ratio) {
                if (*end == '%' && end[1] == '\0')
                        v /= 100;
                else if (*end != '\0')
                        return -1;
                if (!(v > 0) || v > 1)
                        return -1;
        } else if (*end != '\0' || v < 1 || v > 1000000 ||
                   v != (double) (long) v) {
                return -1;
        }
        *out = v;
        return 0;
}

int cli_summary_option(struct cli_ctx *ctx, int c, const char *arg,
                       struct precis_summary_opts *o, int *lengths)
{
        int64_t v;

        switch (c) {
        case 's':
        case 'w':
        case 'r':
                if (++*lengths > 1)
                        return cli_fail(ctx, CLI_EXIT_USAGE,
                                        "give only one of --sentences, "
                                        "--words and --ratio");
                o->unit = c == 's'   ? PRECIS_LENGTH_SENTENCES
                          : c == 'w' ? PRECIS_LENGTH_WORDS
                                     : PRECIS_LENGTH_RATIO;
                if (options_length(arg, c == 'r', &o->length) != 0)
                        return cli_fail(ctx, CLI_EXIT_USAGE,
                                        c == 'r' ? "--ratio needs a number "
                                                   "in (0, 1] or a "
                                                   "percentage, not '%s'"
                                                 : "--sentences and --words "
                                                   "need a whole number >= "
                                                   "1, not '%s'",
                                        arg);
                return CLI_EXIT_OK;
        case 'a':
                o->algorithm = arg;
                return CLI_EXIT_OK;
        case 'l':
                o->language = arg;
                return CLI_EXIT_OK;
        case 'k':
                if (cli_parse_int(arg, 0, 100, &v) != 0)
                        return cli_fail(ctx, CLI_EXIT_USAGE,
                                        "--keywords needs a number from 0 "
                                        "to 100, not '%s'", arg);
                o->keywords = (unsigned) v;
                return CLI_EXIT_OK;
        default:
                return 1;
        }
}

int cli_json_only(struct cli_ctx *ctx, int argc, char **argv,
                  const char *usage, int nargs, int *json, int *ret_exit)
{
        static const struct option longopts[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        int c;

        *json = 0;
        optind = 1;
        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (c) {
                case 'j':
                        *json = 1;
                        break;
                case 'h':
                        fputs(usage, ctx->out);
                        *ret_exit = CLI_EXIT_OK;
                        return -1;
                default:
                        fputs(usage, ctx->err);
                        *ret_exit = CLI_EXIT_USAGE;
                        return -1;
                }
        }
        if (nargs >= 0 && argc - optind != nargs) {
                fputs(usage, ctx->err);
                *ret_exit = CLI_EXIT_USAGE;
                return -1;
        }
        return optind;
}
