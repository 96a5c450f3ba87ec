#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <precis/charset.h>

#include "precisd.h"

/* Logging to stderr.  Under systemd (JOURNAL_STREAM names our stderr) each
 * line starts with the "<N>" priority prefix that journald parses; elsewhere
 * lines are plain, with the level spelled out for warnings and errors.
 * Called from the loop thread (and main before the loop runs) only: pool
 * threads hand their results back instead of logging. */

static int log_level = LOG_INFO;
static bool log_journal;

/* Rate limit for warnings and errors: at most LOG_BURST lines per format
 * string in LOG_WINDOW_MS, then one summary line when the window ends. */
#define LOG_BURST 10
#define LOG_WINDOW_MS 10000
#define LOG_SLOTS 32

struct log_slot {
        const void *fmt;      /* key: the format string's address */
        int64_t window_start; /* ms, monotonic */
        unsigned count;       /* lines in this window */
        unsigned suppressed;  /* lines dropped in this window */
};

static struct log_slot log_slots[LOG_SLOTS];

static int64_t log_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether stderr is the stream JOURNAL_STREAM ("dev:ino") describes. */
static bool log_stderr_is_journal(void)
{
        const char *e = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;

        if (e == NULL || sscanf(e, "%llu:%llu", &dev, &ino) != 2)
                return false;
        if (fstat(STDERR_FILENO, &st) != 0)
                return false;
        return (unsigned long long) st.st_dev == dev &&
               (unsigned long long) st.st_ino == ino;
}

void log_init(int verbosity)
{
        log_level = LOG_INFO + verbosity;
        if (log_level > LOG_DEBUG)
                log_level = LOG_DEBUG;
        log_journal = log_stderr_is_journal();
}

bool log_to_journal(void)
{
        return log_journal;
}

static void log_emit(int prio, const char *text)
{
        const char *word = "";

        if (log_journal) {
                fprintf(stderr, "<%d>%s\n", prio, text);
                return;
        }
        if (prio <= LOG_ERR)
                word = "error: ";
        else if (prio == LOG_WARNING)
                word = "warning: ";
        fprintf(stderr, "precisd: %s%s\n", word, text);
}

/* Decide whether a warning/error line with format @fmt may be printed, and
 * report what an ended window suppressed. */
static bool log_allow(const void *fmt)
{
        int64_t now = log_now_ms();
        struct log_slot *s = NULL, *oldest = &log_slots[0];
        size_t i;

        for (i = 0; i < LOG_SLOTS; i++) {
                if (log_slots[i].fmt == fmt) {
                        s = &log_slots[i];
                        break;
                }
                if (log_slots[i].window_start < oldest->window_start)
                        oldest = &log_slots[i];
        }
        if (s == NULL) {
                s = oldest;
                s->fmt = fmt;
                s->window_start = now;
                s->count = 0;
                s->suppressed = 0;
        }
        if (now - s->window_start >= LOG_WINDOW_MS) {
                if (s->suppressed > 0) {
                        char line[128];

                        snprintf(line, sizeof(line),
                                 "%u similar messages suppressed",
                                 s->suppressed);
                        log_emit(LOG_WARNING, line);
                }
                s->window_start = now;
                s->count = 0;
                s->suppressed = 0;
        }
        if (s->count >= LOG_BURST) {
                s->suppressed++;
                return false;
        }
        s->count++;
        return true;
}

/* Report what ended windows suppressed, even when the message that was
 * repeating has stopped.  Called about once a second from the loop. */
void log_tick(void)
{
        int64_t now = log_now_ms();
        size_t i;

        for (i = 0; i < LOG_SLOTS; i++) {
                struct log_slot *s = &log_slots[i];
                char line[128];

                if (s->suppressed == 0 ||
                    now - s->window_start < LOG_WINDOW_MS)
                        continue;
                snprintf(line, sizeof(line), "%u similar messages suppressed",
                         s->suppressed);
                log_emit(LOG_WARNING, line);
                s->window_start = now;
                s->count = 0;
                s->suppressed = 0;
        }
}

static void log_vkeyed(int prio, const void *key, const char *fmt,
                       va_list ap)
{
        char line[2048];

        if (prio > log_level)
                return;
        if (prio <= LOG_WARNING && key != NULL && !log_allow(key))
                return;
        vsnprintf(line, sizeof(line), fmt, ap);
        log_emit(prio, line);
}

void log_msg(int prio, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        log_vkeyed(prio, fmt, fmt, ap);
        va_end(ap);
}

/* Like log_msg(), rate-limited under @key instead of the format (for
 * callers that format the message themselves); NULL: never limited. */
void log_keyed(int prio, const void *key, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        log_vkeyed(prio, key, fmt, ap);
        va_end(ap);
}

/* Quote @s for a log line: 'single ticks', escaped by
 * precis_escape_char() (quotes too), so a hostile file name cannot forge
 * log lines; cut with "..." past about 1 KiB.  Returns one of a few
 * rotating static buffers: loop thread only, and at most four quoted
 * strings per message. */
const char *log_quote(const char *s)
{
        static char bufs[4][1024];
        static unsigned next;
        char *b = bufs[next++ % 4];
        const char *p = s != NULL ? s : "(null)";
        size_t o = 0, i, n = strlen(p), used, k;
        const size_t cap = sizeof(bufs[0]) - 5; /* room for "...'\0" */
        char e[4];

        b[o++] = '\'';
        for (i = 0; i < n; i += used) {
                k = precis_escape_char(p + i, n - i, '\'', e, &used);
                if (o + k > cap)
                        break;
                memcpy(b + o, e, k);
                o += k;
        }
        if (i < n) {
                memcpy(b + o, "...", 3);
                o += 3;
        }
        b[o++] = '\'';
        b[o] = '\0';
        return b;
}
