#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <precis/lang.h>
#include <precis/suggest.h>

#include "options.h"
#include "output.h"

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
                if (precis_summary_length_value(arg, o->unit, &o->length) !=
                    0)
                        return cli_fail(ctx, CLI_EXIT_USAGE,
                                        c == 'r' ? "--ratio needs a number "
                                                   "in (0, 1] or a "
                                                   "percentage, not '%s'"
                                                 : "--sentences and --words "
                                                   "need a whole number >= "
                                                   "1, not '%s'",
                                        arg);
                return CLI_EXIT_OK;
        case 'a': {
                /* Checked here so the message blames the option, not the
                 * first file it would have been applied to. */
                struct precis_error err = { 0 };
                int rc = precis_summary_algorithm_check(arg, &err);

                if (rc != 0)
                        return cli_fail(ctx, CLI_EXIT_USAGE,
                                        "--algorithm: %s",
                                        precis_error_msg(&err, rc));
                o->algorithm = arg;
                return CLI_EXIT_OK;
        }
        case 'l': {
                struct precis_error err = { 0 };
                const char *name;
                int rc = strcmp(arg, "auto") == 0
                                 ? 0
                                 : precis_lang_resolve(arg, &name, &err);

                if (rc != 0)
                        return cli_fail(ctx, CLI_EXIT_USAGE, "--lang: %s",
                                        precis_error_msg(&err, rc));
                o->language = arg;
                return CLI_EXIT_OK;
        }
        case 'k': {
                int rc = cli_number_option(ctx, NULL, "--keywords", arg, 0,
                                           100, &v);

                if (rc != CLI_EXIT_OK)
                        return rc;
                o->keywords = (unsigned) v;
                return CLI_EXIT_OK;
        }
        default:
                /* The caller's table holds no other letter. */
                assert(!"not a summary option");
                return CLI_EXIT_INTERNAL;
        }
}

int cli_getopt(struct cli_ctx *ctx, int argc, char **argv,
               const char *shortopts, const struct option *longopts,
               const char *usage, int *ret_exit)
{
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);

        if (c == -1)
                return 0;
        if (c == 'h' && usage != NULL) {
                fputs(usage, ctx->out);
                *ret_exit = CLI_EXIT_OK;
                return -1;
        }
        if (c == '?') {
                *ret_exit = cli_bad_option(ctx, argv, longopts);
                return -1;
        }
        return c;
}

int cli_no_operands(struct cli_ctx *ctx, int argc, char **argv,
                    const char *usage)
{
        if (optind == argc)
                return CLI_EXIT_OK;
        return cli_usage_fail(ctx, argv[0], usage,
                              "unexpected argument '%s' (%s takes options "
                              "only)", argv[optind], argv[0]);
}

int cli_number_option(struct cli_ctx *ctx, const char *cmd, const char *opt,
                      const char *arg, int64_t min, int64_t max,
                      int64_t *ret)
{
        char range[64];

        if (cli_parse_int(arg, min, max, ret) == 0)
                return CLI_EXIT_OK;
        if (max == INT64_MAX)
                snprintf(range, sizeof(range), ">= %lld", (long long) min);
        else
                snprintf(range, sizeof(range), "from %lld to %lld",
                         (long long) min, (long long) max);
        if (cmd != NULL)
                return cli_usage_fail(ctx, cmd, NULL,
                                      "%s needs a number %s, not '%s'", opt,
                                      range, arg);
        return cli_fail(ctx, CLI_EXIT_USAGE, "%s needs a number %s, not '%s'",
                        opt, range, arg);
}

int cli_json_only(struct cli_ctx *ctx, int argc, char **argv,
                  const char *usage, int nargs, int *json, int *ret_exit)
{
        static const struct option longopts[] = {
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        int c;

        *json = 0;
        while ((c = cli_getopt(ctx, argc, argv, "", longopts, usage,
                               ret_exit)) > 0)
                *json = 1; /* 'j', the only option left */
        if (c < 0)
                return -1;
        if (nargs >= 0 && argc - optind < nargs) {
                *ret_exit = cli_usage_fail(ctx, argv[0], usage,
                                           "missing argument");
                return -1;
        }
        if (nargs >= 0 && argc - optind > nargs) {
                *ret_exit = cli_usage_fail(ctx, argv[0], usage,
                                           "unexpected argument '%s'",
                                           argv[optind + nargs]);
                return -1;
        }
        return optind;
}

int cli_usage_fail(struct cli_ctx *ctx, const char *cmd, const char *usage,
                   const char *fmt, ...)
{
        va_list ap;

        fprintf(ctx->err, "precis %s: ", cmd);
        va_start(ap, fmt);
        vfprintf(ctx->err, fmt, ap);
        va_end(ap);
        fputc('\n', ctx->err);
        if (usage != NULL)
                fprintf(ctx->err, "%.*s\n", (int) strcspn(usage, "\n"),
                        usage);
        return CLI_EXIT_USAGE;
}

int cli_bad_option(struct cli_ctx *ctx, char **argv,
                   const struct option *longopts)
{
        const char *names[64], *arg, *sugg;
        char word[128];
        size_t i, n = 0, len, matches = 0, hit = 0;

        /* getopt has moved past the bad element (a long option, or a
         * short one at the end of its cluster). */
        arg = optind > 0 ? argv[optind - 1] : "";
        if (strncmp(arg, "--", 2) != 0) {
                for (i = 0; optopt != 0 && longopts[i].name != NULL; i++)
                        if (longopts[i].val == optopt &&
                            longopts[i].has_arg == required_argument)
                                return cli_usage_fail(ctx, argv[0], NULL,
                                                      "-%c needs a value",
                                                      optopt);
                return cli_usage_fail(ctx, argv[0], NULL,
                                      "unknown option '-%c' (see precis %s "
                                      "--help)", optopt ? optopt : '?',
                                      argv[0]);
        }
        len = strcspn(arg + 2, "=");
        snprintf(word, sizeof(word), "%.*s", (int) len, arg + 2);
        for (i = 0; longopts[i].name != NULL && n + 1 < 64; i++) {
                names[n++] = longopts[i].name;
                if (len > 0 && strncmp(longopts[i].name, word, len) == 0) {
                        if (matches == 0 || strlen(longopts[i].name) == len)
                                hit = i;
                        if (strlen(longopts[i].name) == len) {
                                matches = 1;
                                break;
                        }
                        matches++;
                }
        }
        names[n] = NULL;
        if (matches == 1)
                return cli_usage_fail(ctx, argv[0], NULL,
                                      longopts[hit].has_arg == no_argument
                                              ? "--%s takes no value"
                                              : "--%s needs a value",
                                      longopts[hit].name);
        if (matches > 1)
                return cli_usage_fail(ctx, argv[0], NULL,
                                      "'--%s' is ambiguous (more than one "
                                      "option starts so)", word);
        sugg = precis_suggest(word, names);
        if (sugg != NULL)
                return cli_usage_fail(ctx, argv[0], NULL,
                                      "unknown option '--%s'; did you mean "
                                      "'--%s'?", word, sugg);
        return cli_usage_fail(ctx, argv[0], NULL,
                              "unknown option '--%s' (see precis %s --help)",
                              word, argv[0]);
}
