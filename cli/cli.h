#ifndef PRECIS_CLI_H
#define PRECIS_CLI_H

#include <stdio.h>

/* The precis command-line tool: a table of subcommands, one file each
 * (cli/cmd-<name>.c), sharing the global options below. */

/* Exit codes scripts can rely on (also listed by `precis --help`). */
enum cli_exit {
        CLI_EXIT_OK = 0,       /* success; something found */
        CLI_EXIT_NOTFOUND = 1, /* the query matched nothing */
        CLI_EXIT_USAGE = 2,    /* bad usage or unusable input */
        CLI_EXIT_STORE = 3,    /* store missing, damaged or newer */
        CLI_EXIT_DAEMON = 4,   /* `status`: daemon not running */
        CLI_EXIT_INTERNAL = 5, /* out of memory or another internal error */
};

/* --color */
enum cli_color {
        CLI_COLOR_AUTO = 0, /* on a terminal, unless NO_COLOR is set */
        CLI_COLOR_ALWAYS,
        CLI_COLOR_NEVER,
};

struct cli_ctx {
        const char *argv0;       /* borrowed: program name */
        const char *db_path;     /* borrowed: --db, NULL if not given */
        const char *config_path; /* borrowed: --config, NULL if not given */
        FILE *out;               /* borrowed: stdout, or the pager's pipe */
        FILE *err;               /* borrowed: stderr */
        enum cli_color color;    /* --color (global option) */
        int no_pager;            /* --no-pager (global option) */
        int mark;                /* enum cli_mark, set by cli_term_setup() */
        size_t width;            /* terminal columns; 0 = not a terminal */
        FILE *pager;             /* owned: popen()ed pager, or NULL */
};

struct cli_command {
        const char *name;  /* subcommand word */
        const char *usage; /* one-line synopsis after the name */
        const char *help;  /* one-line description */
        /* Run with argv[0] == name and getopt reset (optind = 1,
         * opterr = 0); returns an enum cli_exit value. */
        int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Each command file defines one of these. */
extern const struct cli_command cli_cmd_summarize;
extern const struct cli_command cli_cmd_extract;
extern const struct cli_command cli_cmd_import;
extern const struct cli_command cli_cmd_list;
extern const struct cli_command cli_cmd_show;
extern const struct cli_command cli_cmd_search;
extern const struct cli_command cli_cmd_stats;
extern const struct cli_command cli_cmd_status;
extern const struct cli_command cli_cmd_failures;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_digest;
extern const struct cli_command cli_cmd_forget;
extern const struct cli_command cli_cmd_migrate;
extern const struct cli_command cli_cmd_config;

/* Entry point used by main(): parses global options, dispatches. */
int cli_main(int argc, char **argv);

/* Print "precis: <fmt>\n" to ctx->err; returns @code for `return`. */
int cli_fail(struct cli_ctx *ctx, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif /* PRECIS_CLI_H */
