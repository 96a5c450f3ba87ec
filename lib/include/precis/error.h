#ifndef PRECIS_ERROR_H
#define PRECIS_ERROR_H

/* Error codes and the error detail buffer shared by every lib module.
 *
 * Every lib function that can fail returns int: 0 (or a count) on success,
 * negative on failure.  Negative errno values pass through unchanged;
 * precis's own codes sit below errno's and libuv's ranges. */

enum precis_errcode {
        PRECIS_E_FORMAT = -5000,   /* not a recognisable article format */
        PRECIS_E_TOOBIG = -5001,   /* input exceeded a configured limit */
        PRECIS_E_SCHEMA = -5002,   /* store schema newer than this build */
        PRECIS_E_SQLITE = -5003,   /* SQLite failure; detail in precis_error */
        PRECIS_E_EMPTY = -5004,    /* no text left after extraction */
        PRECIS_E_BINARY = -5005,   /* input looks binary, not text */
        PRECIS_E_INVAL = -5006,    /* invalid argument or option value */
        PRECIS_E_LANG = -5007,     /* unknown language name */
        PRECIS_E_CONFIG = -5008,   /* invalid configuration file */
        PRECIS_E_NOTFOUND = -5009, /* no such article / key */
        PRECIS_E_AMBIGUOUS = -5010,/* hash prefix matches several articles */
        PRECIS_E_CORRUPT = -5011,  /* store file damaged or not a database */
        PRECIS_E_QUERY = -5012,    /* malformed search query */
};

struct precis_error {
        int code;      /* last error code, 0 if none */
        char msg[256]; /* human-readable detail; may be truncated */
};

/* Static description of @code: precis's own codes, else strerror(-code). */
const char *precis_strerror(int code);

/* Record @code and a printf-style message in @err (nullable).  Returns
 * @code so callers can write `return precis_error_set(err, rc, ...)`. */
int precis_error_set(struct precis_error *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Message of @err if set, else precis_strerror(@code). */
const char *precis_error_msg(const struct precis_error *err, int code);

#endif /* PRECIS_ERROR_H */
