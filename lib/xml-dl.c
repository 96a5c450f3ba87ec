/* libxml2 through dlopen() on first use: see xml-dl.h for why. */

#define PRECIS_XML_DL_IMPL
#include "xml-dl.h"

#include <errno.h>
#include <pthread.h>

#include "dl.h"

#define PRECIS_XML_DEFINE(name, ret, params) ret(*sym_##name) params;
PRECIS_XML_FUNCS(PRECIS_XML_DEFINE)
#undef PRECIS_XML_DEFINE

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static int xml_failed;
static char xml_why[256];

static void xml_load_once(void)
{
#define PRECIS_XML_SYM(name, ret, params) { #name, &sym_##name },
        static const struct precis_dl_sym syms[] = {
                PRECIS_XML_FUNCS(PRECIS_XML_SYM)
        };
#undef PRECIS_XML_SYM

        /* The soname of Debian's libxml2, the one the headers describe. */
        if (precis_dl_open("libxml2.so.2", "libxml2", syms,
                           sizeof(syms) / sizeof(syms[0]), xml_why,
                           sizeof(xml_why)) != 0) {
                xml_failed = 1;
                return;
        }
        /* libxml2 2.9 sets up its global state lazily and not thread-safely
         * unless this runs first, on one thread: here, while any other
         * caller waits in pthread_once(). */
        sym_xmlInitParser();
}

int precis_xml_load(struct precis_error *err)
{
        (void) pthread_once(&xml_once, xml_load_once);
        if (xml_failed)
                return precis_error_set(err, -ELIBACC, "%s", xml_why);
        return 0;
}
