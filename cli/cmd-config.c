#include <getopt.h>

#include <precis/config.h>

#include "cli.h"
#include "options.h"
#include "output.h"

static const char config_usage[] =
        "usage: precis config [--defaults]\n"
        "Print the effective configuration (the --config file, else the "
        "default file\n"
        "if it exists, else the built-in defaults) as a file precisd reads "
        "back.\n"
        "Every error of an invalid file is listed with its file:line.\n"
        "  --defaults   print the built-in defaults instead\n"
        "Exit 0, or 2 when the configuration is invalid.\n";

static int config_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "defaults", no_argument, NULL, 'd' },
                CLI_LONGOPTS_END,
        };
        struct precis_config cfg;
        const char *file = NULL;
        int c, rc, defaults = 0;

        while ((c = cli_getopt(ctx, argc, argv, "", longopts, config_usage,
                               &rc)) > 0)
                defaults = 1; /* 'd', the only option left */
        if (c < 0)
                return rc;
        rc = cli_no_operands(ctx, argc, argv, config_usage);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (defaults) {
                if (precis_config_init_defaults(&cfg) != 0)
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "out of memory");
        } else {
                rc = cli_config_load(ctx, &cfg, &file);
                if (rc != CLI_EXIT_OK)
                        return rc;
        }
        fprintf(ctx->out, "; effective configuration (%s%s)\n",
                file != NULL ? "from " : "built-in defaults",
                file != NULL ? file : "");
        rc = precis_config_dump(&cfg, ctx->out);
        precis_config_done(&cfg);
        return cli_write_status(ctx, rc);
}

const struct cli_command cli_cmd_config = {
        .name = "config",
        .usage = "[--defaults]",
        .help = "print the effective configuration",
        .run = config_run,
};
