/* libxml2, loaded on first use (lib/xml-dl.c).
 *
 * libxml2 pulls in ICU and libstdc++: linked into the programs, their
 * relocation took more than half of a one-file `precis summarize` of plain
 * text.  So nothing links it; the HTML front end (and the Markdown one, for
 * named entities) calls precis_xml_load() first, which dlopen()s it once,
 * as systemd does for its optional libraries.
 *
 * Include this after the libxml2 headers: each function the parts use is
 * renamed to a pointer resolved by precis_xml_load(), so the call sites
 * read as plain libxml2 while no symbol of it is linked.  A function not
 * listed here fails to link, which is the reminder to add it. */

#ifndef PRECIS_XML_DL_H
#define PRECIS_XML_DL_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <precis/error.h>

/* X(name, return type, parameters) for every libxml2 function used. */
#define PRECIS_XML_FUNCS(X)                                                  \
        X(xmlInitParser, void, (void))                                       \
        X(htmlReadMemory, htmlDocPtr,                                        \
          (const char *, int, const char *, const char *, int))              \
        X(htmlEntityLookup, const htmlEntityDesc *, (const xmlChar *))       \
        X(xmlFreeDoc, void, (xmlDocPtr))                                     \
        X(xmlDocGetRootElement, xmlNodePtr, (const xmlDoc *))                \
        X(xmlNewDocNode, xmlNodePtr,                                         \
          (xmlDocPtr, xmlNsPtr, const xmlChar *, const xmlChar *))           \
        X(xmlAddChild, xmlNodePtr, (xmlNodePtr, xmlNodePtr))                 \
        X(xmlReplaceNode, xmlNodePtr, (xmlNodePtr, xmlNodePtr))              \
        X(xmlUnlinkNode, void, (xmlNodePtr))                                 \
        X(xmlFreeNode, void, (xmlNodePtr))                                   \
        X(xmlNodeSetName, void, (xmlNodePtr, const xmlChar *))              \
        X(htmlNewParserCtxt, htmlParserCtxtPtr, (void))                      \
        X(htmlCtxtReadMemory, htmlDocPtr,                                    \
          (htmlParserCtxtPtr, const char *, int, const char *,               \
           const char *, int))                                               \
        X(htmlFreeParserCtxt, void, (htmlParserCtxtPtr))                     \
        X(xmlSetGenericErrorFunc, void, (void *, xmlGenericErrorFunc))

#define PRECIS_XML_DECLARE(name, ret, params) extern ret(*sym_##name) params;
PRECIS_XML_FUNCS(PRECIS_XML_DECLARE)
#undef PRECIS_XML_DECLARE

/* Load libxml2 and initialise its parser, once per process (thread-safe:
 * the first caller does it while any other waits).  Returns 0, or
 * -ELIBACC with the loader's message when libxml2 is missing; the
 * failure is remembered, not retried. */
int precis_xml_load(struct precis_error *err);

#ifndef PRECIS_XML_DL_IMPL
#define xmlInitParser sym_xmlInitParser
#define htmlReadMemory sym_htmlReadMemory
#define htmlEntityLookup sym_htmlEntityLookup
#define xmlFreeDoc sym_xmlFreeDoc
#define xmlDocGetRootElement sym_xmlDocGetRootElement
#define xmlNewDocNode sym_xmlNewDocNode
#define xmlAddChild sym_xmlAddChild
#define xmlReplaceNode sym_xmlReplaceNode
#define xmlUnlinkNode sym_xmlUnlinkNode
#define xmlFreeNode sym_xmlFreeNode
#define xmlNodeSetName sym_xmlNodeSetName
#define htmlNewParserCtxt sym_htmlNewParserCtxt
#define htmlCtxtReadMemory sym_htmlCtxtReadMemory
#define htmlFreeParserCtxt sym_htmlFreeParserCtxt
#define xmlSetGenericErrorFunc sym_xmlSetGenericErrorFunc
#endif

#endif /* PRECIS_XML_DL_H */
