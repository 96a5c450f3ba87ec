/* libxml2 through dlopen() on first use: see xml-dl.h for why. */

#define PRECIS_XML_DL_IMPL
#include "xml-dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#define PRECIS_XML_DEFINE(name, ret, params) ret(*sym_##name) params;
PRECIS_XML_FUNCS(PRECIS_XML_DEFINE)
#undef PRECIS_XML_DEFINE

/* The soname Debian's libxml2 package ships (what the headers we build
 * against describe); a static string, as for libpq in store-pg.c. */
#define XML_SONAME "libxml2.so.2"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static const char *xml_error; /* NULL once loaded */
static char xml_error_buf[256];

static void xml_load_once(void)
{
        void *h = dlopen(XML_SONAME, RTLD_NOW | RTLD_LOCAL);
        const char *e;

        if (h == NULL) {
                e = dlerror();
                snprintf(xml_error_buf, sizeof(xml_error_buf),
                         "cannot load " XML_SONAME " for HTML (Debian "
                         "package libxml2): %s", e != NULL ? e : "?");
                xml_error = xml_error_buf;
                return;
        }
#define PRECIS_XML_RESOLVE(name, ret, params)                                \
        *(void **) &sym_##name = dlsym(h, #name);                            \
        if (sym_##name == NULL) {                                            \
                xml_error = XML_SONAME " lacks " #name;                      \
                return;                                                      \
        }
        PRECIS_XML_FUNCS(PRECIS_XML_RESOLVE)
#undef PRECIS_XML_RESOLVE
        /* libxml2 2.9 sets up its global state lazily and not thread-safely
         * unless this runs first, on one thread: here, while any other
         * caller waits in pthread_once().  The handle stays open for the
         * life of the process. */
        sym_xmlInitParser();
}

int precis_xml_load(struct precis_error *err)
{
        (void) pthread_once(&xml_once, xml_load_once);
        if (xml_error != NULL)
                return precis_error_set(err, -ELIBACC, "%s", xml_error);
        return 0;
}
