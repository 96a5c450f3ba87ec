#include <stdio.h>
#include <stdlib.h>

#if PRECIS_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "precisd.h"

/* The service manager's side channel (sd_notify(3)).  Without NOTIFY_SOCKET
 * every call is a cheap no-op, so precisd behaves the same by hand. */

static void notify_send(const char *msg)
{
#if PRECIS_WITH_SYSTEMD
        int rc = sd_notify(0, msg);

        if (rc < 0)
                log_debug("sd_notify failed: %s", precis_strerror(rc));
#else
        (void) msg;
#endif
}

void notify_ready(struct daemon *d)
{
        char line[512], msg[600];

        status_line(d, line, sizeof(line));
        snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", line);
        notify_send(msg);
        d->ready = true;
}

void notify_reloading(struct daemon *d)
{
        (void) d;
        notify_send("RELOADING=1\nSTATUS=Reloading configuration");
}

void notify_stopping(struct daemon *d)
{
        (void) d;
        notify_send("STOPPING=1\nSTATUS=Finishing the files in hand");
}

void notify_status(struct daemon *d, const char *text)
{
        char msg[600];

        (void) d;
        snprintf(msg, sizeof(msg), "STATUS=%s", text);
        notify_send(msg);
}

#if PRECIS_WITH_SYSTEMD
static void notify_watchdog_cb(uv_timer_t *t)
{
        (void) t;
        /* The loop itself is what the watchdog guards: this timer only
         * fires when no callback blocks it. */
        notify_send("WATCHDOG=1");
}
#endif

/* Start pinging the watchdog at half its period when the service manager
 * asked for it (WATCHDOG_USEC).  Returns 0 or a libuv error. */
int notify_watchdog_start(struct daemon *d)
{
#if PRECIS_WITH_SYSTEMD
        uint64_t usec = 0;
        uint64_t ms;
        int rc;

        rc = uv_timer_init(&d->loop, &d->watchdog);
        if (rc != 0)
                return rc;
        d->watchdog.data = d;
        if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
                return 0;
        ms = usec / 2000;
        if (ms == 0)
                ms = 1;
        log_debug("watchdog every %llu ms", (unsigned long long) ms);
        return uv_timer_start(&d->watchdog, notify_watchdog_cb, ms, ms);
#else
        return uv_timer_init(&d->loop, &d->watchdog);
#endif
}
