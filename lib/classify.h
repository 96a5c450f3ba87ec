/* Internal: text rules of lib/classify.c shared with the summarizer. */

#ifndef PRECIS_CLASSIFY_H
#define PRECIS_CLASSIFY_H

#include <stdbool.h>

/* Whether @s (NUL-terminated UTF-8) carries a phrase that only site
 * notices use: "Media playback is unsupported on your device", affiliate
 * link disclosures, newsletter pitches, copyright lines, placeholder
 * text.  The caller decides how long a text may be to count as one. */
bool precis__is_notice(const char *s);

/* Whether @s (@n bytes) ends like a sentence: . ! ? ; : or an ellipsis,
 * maybe followed by closing quotes and brackets, or a full-width stop.
 * The one rule for headings (classify) and the summary's guard. */
bool precis__ends_sentence(const char *s, size_t n);

/* Whether @s is a short line (at most 25 words) that opens like a
 * timestamp or byline: "Updated ...", "Published ...", "Posted ...",
 * "By Jane Doe |". */
bool precis__is_dateline_line(const char *s);

#endif /* PRECIS_CLASSIFY_H */
