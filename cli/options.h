#ifndef PRECIS_CLI_OPTIONS_H
#define PRECIS_CLI_OPTIONS_H

#include <getopt.h>

#include <precis/summary.h>

#include "cli.h"

/* Option parsing shared by the subcommands. */

/* The last entries of every command's getopt_long() table: --help, which
 * cli_getopt() answers, and the terminator. */
#define CLI_LONGOPTS_END                                              \
        { "help", no_argument, NULL, 'h' },                           \
        { NULL, 0, NULL, 0 }

/* The summary options of `summarize` and `import`, for a getopt_long
 * table: --sentences, --words, --ratio, --algorithm, --lang, --keywords. */
#define CLI_SUMMARY_LONGOPTS                                          \
        { "sentences", required_argument, NULL, 's' },                \
        { "words", required_argument, NULL, 'w' },                    \
        { "ratio", required_argument, NULL, 'r' },                    \
        { "algorithm", required_argument, NULL, 'a' },                \
        { "lang", required_argument, NULL, 'l' },                     \
        { "keywords", required_argument, NULL, 'k' }

/* Apply summary option @c (one of the letters above, as cli_getopt()
 * returned it) with argument @arg to @o; *lengths counts the length
 * options seen (only one is allowed).  Returns CLI_EXIT_OK when applied,
 * else prints the problem and returns CLI_EXIT_USAGE. */
int cli_summary_option(struct cli_ctx *ctx, int c, const char *arg,
                       struct precis_summary_opts *o, int *lengths);

/* One step of a command's option loop: getopt_long() over @argv (argv[0]
 * is the command; cli_main() has reset optind) with what every command
 * does alike done here.  Returns the next option for the caller's switch;
 * 0 after the last one (optind is then the first operand); or -1 when the
 * command ends here with *ret_exit set: CLI_EXIT_OK after --help printed
 * @usage, or CLI_EXIT_USAGE after cli_bad_option() reported a bad one.
 * With @usage NULL, --help comes back as 'h' for the caller to print. */
int cli_getopt(struct cli_ctx *ctx, int argc, char **argv,
               const char *shortopts, const struct option *longopts,
               const char *usage, int *ret_exit);

/* For a command that takes options only, after cli_getopt(): CLI_EXIT_OK
 * when no operand follows them, else report the first ("unexpected
 * argument 'X' (CMD takes options only)" and the synopsis of @usage) and
 * return CLI_EXIT_USAGE. */
int cli_no_operands(struct cli_ctx *ctx, int argc, char **argv,
                    const char *usage);

/* The value @arg of a numeric option @opt ("--limit"): a whole number
 * from @min to @max (INT64_MAX: no upper bound) into *ret.  Otherwise
 * print "--limit needs a number >= 1, not 'x'" (or "from MIN to MAX"),
 * blamed on command @cmd when given, and return CLI_EXIT_USAGE. */
int cli_number_option(struct cli_ctx *ctx, const char *cmd, const char *opt,
                      const char *arg, int64_t min, int64_t max,
                      int64_t *ret);

/* Parse the options of a command that takes only --json and --help, with
 * @nargs operands exactly (-1: any number).  Sets *json; on --help prints
 * @usage and returns -1 with *ret_exit = CLI_EXIT_OK; on bad usage prints
 * @usage to stderr and returns -1 with *ret_exit = CLI_EXIT_USAGE;
 * otherwise returns the index of the first operand. */
int cli_json_only(struct cli_ctx *ctx, int argc, char **argv,
                  const char *usage, int nargs, int *json, int *ret_exit);

/* After getopt_long() returned '?' for command @cmd (argv[0]) with the
 * option table @longopts: print one line saying what was wrong (unknown
 * option, with a "did you mean" when one is near; missing value; value
 * given to an option without one; ambiguous abbreviation) and return
 * CLI_EXIT_USAGE.  cli_main() sets opterr = 0 so getopt stays quiet. */
int cli_bad_option(struct cli_ctx *ctx, char **argv,
                   const struct option *longopts);

/* A usage error of command @cmd: print "precis CMD: <reason>" and the
 * synopsis (first line of @usage) to stderr; return CLI_EXIT_USAGE. */
int cli_usage_fail(struct cli_ctx *ctx, const char *cmd, const char *usage,
                   const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

#endif /* PRECIS_CLI_OPTIONS_H */
