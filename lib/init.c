#include <precis/init.h>

#include <errno.h>

#include <libxml/parser.h>
#include <sodium.h>

int precis_init(void)
{
        if (sodium_init() < 0)
                return -EIO;
        /* The HTML extractor parses on pool threads; libxml2 2.9 sets up
         * its global state lazily and not thread-safely unless this runs
         * first, on one thread. */
        xmlInitParser();
        return 0;
}
