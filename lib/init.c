#include <precis/init.h>

#include <errno.h>

#include <sodium.h>

#include "xml-dl.h"

int precis_init(void)
{
        if (sodium_init() < 0)
                return -EIO;
        /* libxml2 (HTML) is loaded and initialised on first use, once,
         * by precis_xml_load() (lib/xml-dl.c), so that a plain-text run
         * never maps it. */
        return 0;
}

int precis_init_html(struct precis_error *err)
{
        return precis_xml_load(err);
}
