/* Paragraph roles from the text alone, for every input format: what the
 * markup did not say (plain text has no markup, and HTML pages print
 * timestamps and site notices in plain <div>s and <p>s).
 *
 * Each rule looks at the shape of a whole paragraph, not at a corpus:
 * a timestamp or byline line is short and opens with the word that
 * introduces it; a site notice is short and carries one of a few phrases
 * that only notices use; in plain text a heading is a short line with no
 * sentence punctuation, a list item opens with a bullet and a table row
 * has cells.  Only body paragraphs are re-tagged. */

#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <precis/extract.h>
#include <precis/token.h>

#include "classify.h"

/* A byline, timestamp or notice line is at most this many words: longer
 * paragraphs are text that happens to start with the same word ("Posted
 * to Kabul in 2009, the general ..."). */
#define CLASSIFY_LINE_WORDS 25

/* A plain-text heading is at most this many words. */
#define CLASSIFY_HEADING_WORDS 12

/* Words that open a timestamp or byline line, case-insensitive, followed
 * by a space, a colon or the end. */
static const char *const classify_dateline_openers[] = {
        "updated", "published", "posted", "last updated", "last modified",
        "first published", "originally published", "publicado",
        "actualizado", "atualizado", "veröffentlicht", "aktualisiert",
        "mis à jour", "publié", "pubblicato", "aggiornato", NULL,
};

/* Phrases found only in site notices: media fallbacks, affiliate-link
 * disclosures, newsletter and subscription pitches, copyright lines. */
static const char *const classify_notice_phrases[] = {
        "media playback is unsupported", "media playback is not supported",
        "affiliate link", "affiliate and/or referral", "referral link",
        "sign up for our", "sign up to our", "subscribe to our",
        "our newsletter", "newsletter has", "newsletters have",
        "delivered to your inbox", "right to your inbox",
        "all rights reserved", "enable javascript", "javascript is disabled",
        "this video is not available", "get short url", "click here to",
        "copyright ©", "(c) copyright", "lorem ipsum", NULL,
};

static bool classify_prefix_ci(const char *s, const char *p)
{
        size_t n = strlen(p);

        if (strncasecmp(s, p, n) != 0)
                return false;
        return s[n] == '\0' || s[n] == ' ' || s[n] == ':' || s[n] == ',';
}

/* Whether @s (@n bytes) ends like a sentence: . ! ? ; : or an ellipsis,
 * maybe followed by closing quotes and brackets, or a full-width stop. */
bool precis__ends_sentence(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *) s;

        for (;;) {
                if (n > 0 && (u[n - 1] == '"' || u[n - 1] == '\'' ||
                              u[n - 1] == ')' || u[n - 1] == ']' ||
                              u[n - 1] == ' '))
                        n--;
                else if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
                         (u[n - 1] == 0x9D || u[n - 1] == 0x99))
                        n -= 3;
                else if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xBB)
                        n -= 2;
                else
                        break;
        }
        if (n == 0)
                return false;
        if (strchr(".!?;:", u[n - 1]) != NULL)
                return true;
        return n >= 3 && ((u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
                           u[n - 1] == 0xA6) ||
                          (u[n - 3] == 0xE3 && u[n - 2] == 0x80 &&
                           u[n - 1] == 0x82) ||
                          (u[n - 3] == 0xEF && u[n - 2] == 0xBC &&
                           (u[n - 1] == 0x81 || u[n - 1] == 0x9F)));
}

/* "By Jane Doe", "By Jane Doe | 11/18/19", "By JANE DOE - Reuters":
 * "By" and one to four capitalised names, then the end, a bar, a dash or
 * a comma. */
static bool classify_byline(const char *s)
{
        size_t names = 0;

        if (strncmp(s, "By ", 3) != 0 && strncmp(s, "BY ", 3) != 0)
                return false;
        s += 3;
        while (*s != '\0' && names < 5) {
                if (!((*s >= 'A' && *s <= 'Z') || (unsigned char) *s >= 0x80))
                        break;
                while (*s != '\0' && *s != ' ' && *s != ',' && *s != '|')
                        s++;
                names++;
                if (*s != ' ')
                        break;
                s++;
        }
        if (names == 0 || names > 4)
                return false;
        return *s == '\0' || *s == '|' || *s == ',' || *s == '-' ||
               strncmp(s, "\xe2\x80\x94", 3) == 0 ||
               strncmp(s, "\xe2\x80\x93", 3) == 0 || strncmp(s, "and ", 4) == 0;
}

/* ASCII lower case, as the phrases are written (other bytes as they are). */
static unsigned char classify_lower(unsigned char c)
{
        return c >= 'A' && c <= 'Z' ? (unsigned char) (c + 32) : c;
}

/* Each phrase is looked for only where its rarest pair of adjacent bytes
 * (its anchor) occurs: a line is scanned once, and the anchors ("yb" of
 * "playback", "ff" of "affiliate", "jav", "(c"...) almost never occur in
 * prose, where phrase openings like "th", "re" or "co" are everywhere.
 * Rarity is by English letter frequency (Lewand's order), anything not a
 * letter but a space counting as rarer than any letter. */
static const char classify_letter_order[] = "etaoinshrdlcumwfgypbvkjxqz";

static unsigned classify_rarity(unsigned char c)
{
        const char *at;

        if (c == ' ')
                return 0;
        at = c >= 'a' && c <= 'z' ? strchr(classify_letter_order, c) : NULL;
        return at != NULL ? (unsigned) (at - classify_letter_order) + 1 : 30;
}

struct classify_anchor {
        uint16_t pair;   /* the two bytes, first << 8 | second */
        uint8_t phrase;  /* index in classify_notice_phrases */
        uint8_t off;     /* where the pair starts in the phrase */
};

static struct classify_anchor classify_anchors[32];
static size_t classify_n_anchors;
static size_t classify_notice_len[32];
static uint8_t classify_anchor_set[65536 / 8]; /* bit per pair */
static unsigned char classify_lower_table[256];
static pthread_once_t classify_notice_once = PTHREAD_ONCE_INIT;

static void classify_notice_index(void)
{
        size_t k, j;

        for (k = 0; k < 256; k++)
                classify_lower_table[k] = classify_lower((unsigned char) k);
        for (k = 0; classify_notice_phrases[k] != NULL && k < 32; k++) {
                const unsigned char *p =
                        (const unsigned char *) classify_notice_phrases[k];
                size_t len = strlen((const char *) p), best = 0;
                unsigned best_r = 0;
                uint16_t pair;

                for (j = 0; j + 1 < len; j++) {
                        unsigned r = classify_rarity(p[j]) +
                                     classify_rarity(p[j + 1]);

                        if (r > best_r) {
                                best_r = r;
                                best = j;
                        }
                }
                pair = (uint16_t) (p[best] << 8 | p[best + 1]);
                classify_notice_len[k] = len;
                classify_anchors[k].pair = pair;
                classify_anchors[k].phrase = (uint8_t) k;
                classify_anchors[k].off = (uint8_t) best;
                classify_anchor_set[pair >> 3] |= (uint8_t) (1u << (pair & 7));
        }
        classify_n_anchors = k;
}

bool precis__is_notice(const char *s)
{
        const unsigned char *u = (const unsigned char *) s;
        size_t i, j, k, n = strlen(s);

        /* One pass over the line: a strstr() per phrase (22 passes over a
         * lower-cased copy) was 3% of `precis import`'s instructions.
         * Every phrase is longer than one byte. */
        unsigned prev;

        (void) pthread_once(&classify_notice_once, classify_notice_index);
        if (n < 2)
                return false;
        prev = classify_lower_table[u[0]];
        for (i = 0; i + 1 < n; i++) {
                unsigned next = classify_lower_table[u[i + 1]];
                uint16_t pair = (uint16_t) (prev << 8 | next);

                prev = next;
                if (!(classify_anchor_set[pair >> 3] & (1u << (pair & 7))))
                        continue;
                for (k = 0; k < classify_n_anchors; k++) {
                        const struct classify_anchor *a = &classify_anchors[k];
                        const char *p = classify_notice_phrases[a->phrase];
                        size_t len = classify_notice_len[a->phrase];

                        if (a->pair != pair || a->off > i ||
                            len > n - (i - a->off))
                                continue;
                        for (j = 0; j < len &&
                                    classify_lower_table[u[i - a->off + j]] ==
                                            (unsigned char) p[j];
                             j++)
                                ;
                        if (j == len)
                                return true;
                }
        }
        return false;
}

bool precis__is_dateline_line(const char *s)
{
        size_t i;

        /* The opening words first: counting the words of every sentence
         * was a tenth of the summarizer's tokenizing; and each opener only
         * where the first letter agrees. */
        for (i = 0; classify_dateline_openers[i] != NULL; i++)
                if (classify_lower((unsigned char) s[0]) ==
                            (unsigned char) classify_dateline_openers[i][0] &&
                    classify_prefix_ci(s, classify_dateline_openers[i]))
                        break;
        if (classify_dateline_openers[i] == NULL && !classify_byline(s))
                return false;
        return precis_token_count_max(s, strlen(s), CLASSIFY_LINE_WORDS) <=
               CLASSIFY_LINE_WORDS;
}

/* The role a body paragraph @p gets from its text, in a document of
 * format @f. */
static enum precis_role classify_para(const char *p, enum precis_format f)
{
        /* Words are only compared with the line and heading bounds. */
        size_t n = strlen(p), i, bars = 0,
               words = precis_token_count_max(p, n, CLASSIFY_LINE_WORDS);

        /* Placeholder text is never the article, however long. */
        if (strncasecmp(p, "lorem ipsum", 11) == 0)
                return PRECIS_ROLE_BOILERPLATE;
        if (words <= CLASSIFY_LINE_WORDS) {
                if (precis__is_dateline_line(p))
                        return PRECIS_ROLE_BYLINE;
                if (precis__is_notice(p))
                        return PRECIS_ROLE_BOILERPLATE;
        }
        if (f != PRECIS_FORMAT_TEXT)
                return PRECIS_ROLE_BODY;
        /* Plain text: Markdown-style marks that the sniffer did not take
         * for a Markdown document. */
        if (p[0] == '#')
                return PRECIS_ROLE_HEADING;
        if ((p[0] == '-' || p[0] == '*' || p[0] == '+') && p[1] == ' ')
                return PRECIS_ROLE_LIST;
        if (strncmp(p, "\xe2\x80\xa2 ", 4) == 0)
                return PRECIS_ROLE_LIST;
        for (i = 0; i < n; i++)
                bars += p[i] == '|' || p[i] == '\t';
        if (bars >= 2)
                return PRECIS_ROLE_TABLE;
        if (words <= CLASSIFY_HEADING_WORDS && !precis__ends_sentence(p, n))
                return PRECIS_ROLE_HEADING;
        return PRECIS_ROLE_BODY;
}

void precis_text_classify(struct precis_text *t)
{
        size_t i;

        for (i = 0; i < t->n_paras; i++)
                if (t->roles[i] == PRECIS_ROLE_BODY)
                        t->roles[i] = (unsigned char) classify_para(
                                t->paras[i], t->format);
}
