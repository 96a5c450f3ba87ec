#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <precis/init.h>
#include <precis/config.h>
#include <precis/doc.h>
#include <precis/suggest.h>

#include "precisd.h"

/* precisd: the inbox daemon.  Thin: options in, daemon_run() out. */

static void usage(FILE *f)
{
        fprintf(f,
                "usage: precisd [--config FILE] [--inbox DIR] [--db FILE|URL] "
                "[--check-config] [-v]\n"
                "\n"
                "Watch an inbox folder and store a summary of every article "
                "dropped into it.\n"
                "Runs in the foreground (systemd Type=notify).  Without "
                "--config it runs on\n"
                "./inbox and ./precis.db.\n"
                "\n"
                "  --config FILE    configuration file (e.g. %s)\n"
                "  --inbox DIR      watch DIR instead of [inbox] path\n"
                "  --db FILE|URL    store in FILE (SQLite) or at a "
                "postgresql:// URL\n"
                "                   instead of [store] url or path\n"
                "  --check-config   check the configuration and exit "
                "(0 valid, 2 not)\n"
                "  -v, --verbose    more detail (twice: every event)\n"
                "  --version, --help\n"
                "\n"
                "Signals: SIGHUP reloads the configuration; SIGTERM and "
                "SIGINT finish the\nfiles in hand and exit 0.\n"
                "\n"
                "Exit codes: 0 stopped by a signal, 1 failed to start or "
                "run, 2 bad option\nor invalid configuration (as `precis "
                "config`), 6 another precisd runs on\nthe same store "
                "(it holds <db>.lock).\n",
                precis_config_default_path());
}

/* One line for a bad option, with a "did you mean" when one is near. */
static void bad_option(char **argv, const struct option *opts)
{
        const char *names[16], *arg = argv[optind - 1], *sugg;
        char word[64];
        size_t i, n = 0;

        if (strncmp(arg, "--", 2) != 0) {
                fprintf(stderr, "precisd: unknown option '-%c' (see precisd "
                                "--help)\n", optopt ? optopt : '?');
                return;
        }
        snprintf(word, sizeof(word), "%.*s", (int) strcspn(arg + 2, "="),
                 arg + 2);
        for (i = 0; opts[i].name != NULL && n + 1 < 16; i++) {
                if (strcmp(opts[i].name, word) == 0) {
                        fprintf(stderr, "precisd: --%s %s\n", word,
                                opts[i].has_arg ? "needs a value"
                                                : "takes no value");
                        return;
                }
                names[n++] = opts[i].name;
        }
        names[n] = NULL;
        sugg = precis_suggest(word, names);
        if (sugg != NULL)
                fprintf(stderr, "precisd: unknown option '--%s'; did you mean "
                                "'--%s'?\n", word, sugg);
        else
                fprintf(stderr, "precisd: unknown option '--%s' (see precisd "
                                "--help)\n", word);
}

int main(int argc, char **argv)
{
        static const struct option opts[] = {
                { "config", required_argument, NULL, 'c' },
                { "inbox", required_argument, NULL, 'i' },
                { "db", required_argument, NULL, 'd' },
                { "check-config", no_argument, NULL, 'k' },
                { "foreground", no_argument, NULL, 'f' },
                { "verbose", no_argument, NULL, 'v' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },
                { NULL, 0, NULL, 0 },
        };
        struct daemon_opts o = { 0 };
        int verbosity = 0, ch, rc;

        opterr = 0; /* bad_option() says it in one line */
        for (;;) {
                ch = getopt_long(argc, argv, "c:vh", opts, NULL);
                if (ch == -1)
                        break;
                switch (ch) {
                case 'c':
                        o.config_path = optarg;
                        break;
                case 'i':
                        o.inbox = optarg;
                        break;
                case 'd':
                        o.db = optarg;
                        break;
                case 'k':
                        o.check_only = true;
                        break;
                case 'f':
                        break; /* Always in the foreground. */
                case 'v':
                        verbosity++;
                        break;
                case 'h':
                        usage(stdout);
                        return 0;
                case 'V':
                        printf("precisd %s\n", PRECIS_VERSION);
                        return 0;
                default:
                        bad_option(argv, opts);
                        return DAEMON_EXIT_USAGE;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "precisd: unexpected argument '%s'\n",
                        argv[optind]);
                usage(stderr);
                return 2;
        }
        /* --check-config without --config checks the installed file. */
        if (o.check_only && o.config_path == NULL)
                o.config_path = precis_config_default_path();
        log_init(verbosity);
        if (precis_init() != 0) {
                log_err("cannot initialise libsodium");
                return 1;
        }
        {
                struct precis_error xerr = { 0 };

                /* HTML pages are parsed on the pool threads: load libxml2
                 * here first.  Without it precisd still takes text and
                 * Markdown; each HTML file fails with the reason. */
                if (precis_init_html(&xerr) != 0)
                        log_warning("%s", xerr.msg);
        }
        /* libuv reads this when the pool first starts; 4 is its default,
         * written here so the worker count below it is explicit. */
        setenv("UV_THREADPOOL_SIZE", "4", 0);
        /* `precis status` knows precisd by /proc/PID/comm; a wrapper such
         * as valgrind (scripts/valgrind.sh) would otherwise lend it its
         * own name. */
        (void) prctl(PR_SET_NAME, "precisd", 0, 0, 0);
        rc = daemon_run(&o);
        /* Join libuv's pool threads now, while libxml2's per-thread state
         * can still be freed by its thread-exit destructor: libxml2's own
         * destructor at exit may run first and delete that key, leaking
         * the state of every thread that parsed HTML. */
        uv_library_shutdown();
        return rc;
}
