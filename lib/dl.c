#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dl.h"

int precis_dl_open(const char *soname, const char *package,
                   const struct precis_dl_sym *syms, size_t n, char *why,
                   size_t why_len)
{
        void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
        const char *e;
        size_t i;

        if (h == NULL) {
                e = dlerror();
                snprintf(why, why_len, "cannot load %s (Debian package %s): "
                         "%s", soname, package, e != NULL ? e : "?");
                return -1;
        }
        for (i = 0; i < n; i++) {
                void *f = dlsym(h, syms[i].name);

                if (f == NULL) {
                        snprintf(why, why_len, "%s lacks %s", soname,
                                 syms[i].name);
                        return -1;
                }
                /* A function pointer stored through its address as bytes:
                 * ISO C has no cast from void * to a function pointer. */
                memcpy(syms[i].ptr, &f, sizeof(f));
        }
        return 0;
}
