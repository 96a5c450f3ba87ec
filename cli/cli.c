#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <precis/doc.h>
#include <precis/init.h>
#include <precis/suggest.h>

#include "cli.h"
#include "term.h"

/* Every subcommand, in the order `precis --help` lists them. */
static const struct cli_command *const cli_commands[] = {
        &cli_cmd_summarize,
        &cli_cmd_extract,
        &cli_cmd_import,
        &cli_cmd_list,
        &cli_cmd_show,
        &cli_cmd_search,
        &cli_cmd_stats,
        &cli_cmd_status,
        &cli_cmd_failures,
        &cli_cmd_export,
        &cli_cmd_digest,
        &cli_cmd_forget,
        &cli_cmd_migrate,
        &cli_cmd_config,
        NULL,
};

int cli_fail(struct cli_ctx *ctx, int code, const char *fmt, ...)
{
        va_list ap;

        fputs("precis: ", ctx->err);
        va_start(ap, fmt);
        vfprintf(ctx->err, fmt, ap);
        va_end(ap);
        fputc('\n', ctx->err);
        return code;
}

static void cli_usage(FILE *f)
{
        size_t i;

        fputs("usage: precis [--db PATH|URL] [--config PATH] COMMAND [ARGS]\n\n"
              "commands:\n", f);
        for (i = 0; cli_commands[i] != NULL; i++)
                fprintf(f, "  %-10s %s\n      %s\n", cli_commands[i]->name,
                        cli_commands[i]->usage, cli_commands[i]->help);
        fputs("\nglobal options (accepted before or after COMMAND):\n"
              "  --db PATH|URL  the store: an SQLite file or a "
              "postgresql:// URL (default:\n"
              "                 [store] url or path of the configuration, "
              "else ./precis.db)\n"
              "  --config PATH  configuration file (default: "
              PRECIS_SYSCONF_FILE_DOC ")\n"
              "  --color[=WHEN]\n"
              "                 mark search matches: auto (bold on a "
              "terminal, [brackets]\n"
              "                 when piped; nothing if NO_COLOR is set), "
              "always or never\n"
              "  --no-pager     never page (on a terminal, long output goes "
              "through\n"
              "                 $PAGER, else less -FRX)\n"
              "  --help, --version\n\n"
              "exit codes:\n"
              "  0  success (something found)\n"
              "  1  nothing found\n"
              "  2  usage error or unusable input\n"
              "  3  store missing, damaged or written by a newer precis\n"
              "  4  status: the daemon is not running\n"
              "  5  internal error (out of memory)\n", f);
}

/* Take --db and --config out of argv wherever they stand, so every command
 * accepts them.  Returns the new argc, or -1 when a value is missing. */
static int cli_strip_globals(struct cli_ctx *ctx, int argc, char **argv)
{
        int i, j = 1;

        for (i = 1; i < argc; i++) {
                const char **slot = NULL;
                const char *a = argv[i];
                size_t n = 0;

                if (strcmp(a, "--") == 0) {
                        while (i < argc)
                                argv[j++] = argv[i++];
                        break;
                }
                if (strncmp(a, "--db", 4) == 0 && (a[4] == '\0' ||
                                                   a[4] == '=')) {
                        slot = &ctx->db_path;
                        n = 4;
                } else if (strncmp(a, "--config", 8) == 0 &&
                           (a[8] == '\0' || a[8] == '=')) {
                        slot = &ctx->config_path;
                        n = 8;
                }
                if (strcmp(a, "--no-pager") == 0) {
                        ctx->no_pager = 1;
                        continue;
                }
                if (strcmp(a, "--color") == 0 ||
                    strncmp(a, "--color=", 8) == 0) {
                        if (cli_color_parse(a[7] == '=' ? a + 8 : NULL,
                                            &ctx->color) != 0)
                                return -2;
                        continue;
                }
                if (slot == NULL) {
                        argv[j++] = argv[i];
                        continue;
                }
                if (a[n] == '=') {
                        *slot = a + n + 1;
                } else if (i + 1 < argc) {
                        *slot = argv[++i];
                } else {
                        return -1;
                }
        }
        argv[j] = NULL;
        return j;
}

int cli_main(int argc, char **argv)
{
        static char help[] = "--help";
        const char *names[sizeof(cli_commands) / sizeof(cli_commands[0])];
        struct cli_ctx ctx = { 0 };
        const char *sugg;
        size_t i;
        int j;

        ctx.argv0 = argv[0];
        ctx.out = stdout;
        ctx.err = stderr;
        argc = cli_strip_globals(&ctx, argc, argv);
        if (argc == -2)
                return cli_fail(&ctx, CLI_EXIT_USAGE,
                                "--color is auto, always or never");
        if (argc < 0)
                return cli_fail(&ctx, CLI_EXIT_USAGE,
                                "--db and --config need a value");
        cli_term_setup(&ctx);
        if (argc < 2) {
                cli_usage(stderr);
                return CLI_EXIT_USAGE;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
            strcmp(argv[1], "help") == 0) {
                cli_usage(stdout);
                return CLI_EXIT_OK;
        }
        if (strcmp(argv[1], "--version") == 0) {
                printf("precis %s\n", PRECIS_VERSION);
                return CLI_EXIT_OK;
        }
        if (precis_init() != 0)
                return cli_fail(&ctx, CLI_EXIT_INTERNAL,
                                "cannot initialise libsodium");
        /* Commands report bad options themselves, in one line with a
         * suggestion (cli_bad_option()), not in getopt's words. */
        opterr = 0;
        /* `precis COMMAND -h` is help on every command: -h means nothing
         * else anywhere, so it is read as --help before the command's own
         * parser sees it (operands after "--" are left alone). */
        for (j = 2; j < argc && strcmp(argv[j], "--") != 0; j++)
                if (strcmp(argv[j], "-h") == 0)
                        argv[j] = help;
        for (i = 0; cli_commands[i] != NULL; i++)
                if (strcmp(argv[1], cli_commands[i]->name) == 0) {
                        int rc;

                        /* The command's getopt starts after its name. */
                        optind = 1;
                        rc = cli_commands[i]->run(&ctx, argc - 1, argv + 1);

                        cli_pager_end(&ctx);
                        return rc;
                }
        for (i = 0; cli_commands[i] != NULL; i++)
                names[i] = cli_commands[i]->name;
        names[i] = NULL;
        sugg = precis_suggest(argv[1], names);
        if (sugg != NULL)
                return cli_fail(&ctx, CLI_EXIT_USAGE,
                                "unknown command '%s'; did you mean '%s'?",
                                argv[1], sugg);
        return cli_fail(&ctx, CLI_EXIT_USAGE,
                        "unknown command '%s' (precis --help lists them)",
                        argv[1]);
}
