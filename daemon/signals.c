#include <signal.h>

#include "precisd.h"

/* Signals arrive through uv_signal_t, so their handlers run on the loop
 * thread like every other callback and may touch the daemon freely. */

static void signals_cb(uv_signal_t *h, int signum)
{
        struct daemon *d = h->data;

        switch (signum) {
        case SIGHUP:
                daemon_reload(d);
                break;
        case SIGTERM:
        case SIGINT:
                if (d->stopping) {
                        log_info("already stopping; waiting for %zu file(s)",
                                 d->n_state[JOB_WORKING] +
                                 d->n_state[JOB_WRITING]);
                        break;
                }
                log_info("%s: finishing the files in hand, then exiting",
                         signum == SIGTERM ? "SIGTERM" : "SIGINT");
                daemon_stop(d);
                break;
        default:
                break;
        }
}

static int signals_one(struct daemon *d, uv_signal_t *h, int signum)
{
        int rc;

        rc = uv_signal_init(&d->loop, h);
        if (rc != 0)
                return rc;
        h->data = d;
        return uv_signal_start(h, signals_cb, signum);
}

/* Install SIGHUP, SIGTERM and SIGINT handlers; ignore SIGPIPE.  Returns 0 or
 * a libuv error. */
int signals_start(struct daemon *d)
{
        int rc;

        signal(SIGPIPE, SIG_IGN);
        rc = signals_one(d, &d->sig_hup, SIGHUP);
        if (rc == 0)
                rc = signals_one(d, &d->sig_term, SIGTERM);
        if (rc == 0)
                rc = signals_one(d, &d->sig_int, SIGINT);
        return rc;
}

/* Stop listening for signals (the handles are closed with the rest). */
void signals_stop(struct daemon *d)
{
        uv_signal_stop(&d->sig_hup);
        uv_signal_stop(&d->sig_term);
        uv_signal_stop(&d->sig_int);
}
