#ifndef PRECIS_INIT_H
#define PRECIS_INIT_H

/* Process-wide set-up of the libraries precis builds on: libsodium (the
 * content hash) and libxml2's parser, whose global tables libxml2 2.9
 * wants initialised on the main thread before any other thread parses.
 * Call it once from main() before any thread starts (precisd before its
 * loop and thread pool, precis before import's workers).  Returns 0 or
 * -EIO (libsodium cannot initialise).  Safe to call again. */
int precis_init(void);

/* Load libxml2 now, on this thread, and initialise its parser (HTML
 * support is otherwise loaded on the first HTML page, lib/xml-dl.h).
 * Programs that parse on several threads (precisd, `precis import`) call
 * it from the main thread before starting them, as libxml2 2.9 prefers.
 * Returns 0 or -ELIBACC with the reason in @err. */
struct precis_error;
int precis_init_html(struct precis_error *err);

#endif /* PRECIS_INIT_H */
