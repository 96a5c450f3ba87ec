/* Optional shared libraries loaded on first use (lib/dl.c), as systemd
 * does: libxml2 (lib/xml-dl.h) and SQLite (lib/sqlite-dl.h) are not linked
 * into the programs, so a command that needs neither (a plain-text
 * `precis summarize`) does not pay for mapping and binding them. */

#ifndef PRECIS_DL_H
#define PRECIS_DL_H

#include <stddef.h>

struct precis_dl_sym {
        const char *name; /* symbol in the library */
        void *ptr;        /* address of the function pointer to set */
};

/* dlopen() @soname and resolve every symbol of @syms (@n of them) into its
 * pointer.  The handle stays open for the life of the process.  Returns 0,
 * or -1 with the reason in @why. */
int precis_dl_open(const char *soname, const char *package,
                   const struct precis_dl_sym *syms, size_t n, char *why,
                   size_t why_len);

#endif /* PRECIS_DL_H */
