#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <precis/error.h>

const char *precis_strerror(int code)
{
        switch (code) {
        case 0:
                return "success";
        case PRECIS_E_FORMAT:
                return "not a recognisable article format";
        case PRECIS_E_TOOBIG:
                return "input exceeds a configured limit";
        case PRECIS_E_SCHEMA:
                return "store was written by a newer precis";
        case PRECIS_E_SQLITE:
                return "database error";
        case PRECIS_E_EMPTY:
                return "no text found";
        case PRECIS_E_BINARY:
                return "binary data, not text";
        case PRECIS_E_INVAL:
                return "invalid argument";
        case PRECIS_E_LANG:
                return "unknown language";
        case PRECIS_E_CONFIG:
                return "invalid configuration";
        case PRECIS_E_NOTFOUND:
                return "not found";
        case PRECIS_E_AMBIGUOUS:
                return "ambiguous identifier";
        case PRECIS_E_CORRUPT:
                return "store file is damaged or not a precis database";
        case PRECIS_E_QUERY:
                return "malformed search query";
        default:
                break;
        }
        if (code < 0 && code > -4096)
                return strerror(-code);
        return "unknown error";
}

int precis_error_set(struct precis_error *err, int code, const char *fmt, ...)
{
        va_list ap;

        if (err == NULL)
                return code;
        err->code = code;
        if (fmt == NULL) {
                snprintf(err->msg, sizeof(err->msg), "%s",
                         precis_strerror(code));
                return code;
        }
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        return code;
}

const char *precis_error_msg(const struct precis_error *err, int code)
{
        if (err != NULL && err->code != 0 && err->msg[0] != '\0')
                return err->msg;
        return precis_strerror(code);
}
