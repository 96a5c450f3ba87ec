#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <precis/array.h>
#include <precis/segment.h>
#include <precis/token.h>

/* A body paragraph of at least this many words is the lead: a dateline
 * is looked for up to it and no further.  Gallery and player lines run
 * to about six words; the shortest leads of the corpora to fifteen. */
#define SEGMENT_LEAD_WORDS 10

/* Words that end in a full stop without ending the sentence.  Compared
 * case-insensitively with the word before the stop. */
static const char *const segment_abbrevs[] = {
        "adm", "al", "approx", "apr", "assn", "atty", "aug", "ave", "bros",
        "brig", "capt", "cdr", "cf", "cmdr", "col", "comdr", "con", "cpl",
        "dec", "dept", "det", "dr", "e.g", "esp", "est", "etc", "feb", "fig",
        "figs", "fr", "ft", "gen", "gov", "hon", "hosp", "i.e", "insp", "jan",
        "jr", "jul", "jun", "lt", "maj", "mar", "messrs", "mme", "mr", "mrs",
        "ms", "msgr", "mt", "no", "nos", "nov", "oct", "op", "ord", "pfc",
        "ph", "pp", "prof", "pvt", "rep", "reps", "rev", "rt", "sen", "sens",
        "sep", "sept", "sfc", "sgt", "sr", "st", "supt", "surg", "u.s",
        "vol", "vols", "vs", "bzw", "ca", "ggf", "nr", "usw", "vgl", "z.b",
        "mio", "mrd", "mme", "mlle", "sra", "sr", "sras", "dra", "avda",
        "sig", "dott", "ing", NULL,
};

/* Month names that follow an ordinal number with a full stop, as in
 * "29. Juli" (German, Scandinavian and other date styles). */
static const char *const segment_months[] = {
        "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli",
        "august", "september", "oktober", "november", "dezember", "januari",
        "februari", "maart", "mei", "augustus", "oktober", "mars", "juni",
        "augusti", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep",
        "sept", "okt", "nov", "dez", "dec", NULL,
};

/* Capitalised words that usually open a sentence; after an acronym such as
 * "U.S." they mean the stop also ends the sentence. */
static const char *const segment_openers[] = {
        "a", "after", "and", "as", "at", "but", "he", "her", "his", "i",
        "if", "in", "it", "its", "on", "she", "so", "that", "the", "their",
        "there", "these", "they", "this", "those", "we", "when", "while",
        "yet", "you", NULL,
};

/* Pronouns, connectives and the article "The" that, capitalised in the
 * middle of running text right after a lower-case word and before another
 * one, can only start a new sentence whose full stop went missing: photo
 * captions glued to the next sentence ("... to pay its bills He said:
 * ...", "... a colleague The cost of divorce ...").  Not "A": "vitamin A
 * deficiency" is one phrase. */
static const char *const segment_glue_openers[] = {
        "He", "Her", "His", "It", "She", "The", "Their", "There", "These",
        "They", "This", "We", NULL,
};

static int segment_in_list(const char *const *list, const char *w, size_t n)
{
        unsigned char first;
        size_t i;

        if (n == 0)
                return 0;
        first = (unsigned char) w[0] | 0x20;
        /* Every full stop asks: the first byte, folded as ASCII case
         * folds, rules out nearly every entry before strlen(). */
        for (i = 0; list[i] != NULL; i++)
                if (((unsigned char) list[i][0] | 0x20) == first &&
                    strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
                        return 1;
        return 0;
}

static int segment_is_space(const char *s, size_t len, size_t i, size_t *k)
{
        unsigned char c = (unsigned char) s[i];

        *k = 1;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
                return 1;
        if (c == 0xC2 && i + 1 < len && (unsigned char) s[i + 1] == 0xA0) {
                *k = 2;
                return 1;
        }
        return 0;
}

/* Length of a closing quote or bracket at @i, 0 if none. */
static size_t segment_closer(const char *s, size_t len, size_t i)
{
        const unsigned char *u = (const unsigned char *) s + i;
        size_t n = len - i;

        if (u[0] == '"' || u[0] == '\'' || u[0] == ')' || u[0] == ']')
                return 1;
        /* ’ ” (U+2019, U+201D) and » (U+00BB). */
        if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
            (u[2] == 0x99 || u[2] == 0x9D))
                return 3;
        if (n >= 2 && u[0] == 0xC2 && u[1] == 0xBB)
                return 2;
        return 0;
}

/* Length of a sentence terminator at @i (. ! ? or the ellipsis U+2026). */
/* The bytes the loop of precis_segment_para() stops at: a terminator's
 * first byte (segment_terminator()) or a space (segment_glued()).  Every
 * other byte is skipped by one table look-up. */
static const unsigned char segment_marks[256] = {
        ['.'] = 1, ['!'] = 1, ['?'] = 1, [' '] = 1, [0xE2] = 1,
};

static size_t segment_terminator(const char *s, size_t len, size_t i)
{
        const unsigned char *u = (const unsigned char *) s + i;

        if (u[0] == '.' || u[0] == '!' || u[0] == '?')
                return 1;
        if (len - i >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xA6)
                return 3;
        return 0;
}

/* Whether the text at @i starts like a new sentence: an upper-case letter,
 * a digit, an opening quote or bracket, or a letter outside ASCII that we
 * cannot case (which keeps scripts without case splittable). */
static int segment_opens(const char *s, size_t len, size_t i)
{
        const unsigned char *u = (const unsigned char *) s + i;
        size_t n = len - i;

        while (n > 0 && (u[0] == '"' || u[0] == '\'' || u[0] == '(' ||
                         u[0] == '[' || u[0] == '-')) {
                u++;
                n--;
        }
        if (n == 0)
                return 0;
        if (u[0] >= 'a' && u[0] <= 'z')
                return 0;
        if (u[0] < 0x80)
                return 1;
        /* Latin-1 and Latin Extended-A lower-case letters. */
        if (n >= 2 && u[0] == 0xC3 && u[1] >= 0x9F)
                return 0;
        if (n >= 2 && u[0] == 0xC4 && (u[1] & 1))
                return 0;
        if (n >= 2 && u[0] == 0xC5 && u[1] <= 0xBF && !(u[1] & 1) &&
            u[1] >= 0x80 && u[1] != 0xB8)
                return 0;
        return 1;
}

/* The word before position @end (which holds a '.'): its start. */
static size_t segment_word_before(const char *s, size_t end)
{
        size_t b = end;

        while (b > 0) {
                unsigned char c = (unsigned char) s[b - 1];

                if (c == ' ' || c == '\t' || c == '\n' || c == '(' ||
                    c == '"' || c == '[')
                        break;
                b--;
        }
        return b;
}

/* Decide whether the full stop at @dot ends the sentence, given that the
 * next word starts at @next (which opens like a sentence). */
static int segment_stop_ends(const char *s, size_t len, size_t dot,
                             size_t next)
{
        size_t b = segment_word_before(s, dot), n = dot - b, i, letters = 0;
        size_t nw = next, nn;
        int dotted = 0, digits = 1;

        if (n == 0)
                return 1;
        for (i = b; i < dot; i++) {
                unsigned char c = (unsigned char) s[i];

                if (c == '.')
                        dotted = 1;
                else if ((c | 32) >= 'a' && (c | 32) <= 'z')
                        letters++;
                if (c < '0' || c > '9')
                        digits = 0;
        }
        while (nw < len && (s[nw] == '"' || s[nw] == '\'' || s[nw] == '('))
                nw++;
        for (nn = 0; nw + nn < len; nn++) {
                unsigned char c = (unsigned char) s[nw + nn];

                if (c == ' ' || c == ',' || c == '.' || c == ';' ||
                    c == ':' || c == ')')
                        break;
        }
        /* "29. Juli": an ordinal day before a month name. */
        if (digits && n <= 2)
                return !segment_in_list(segment_months, s + nw, nn);
        /* Months and "No." before a number: "Jan. 5", "No. 10". */
        if (nw < len && s[nw] >= '0' && s[nw] <= '9' &&
            segment_in_list(segment_abbrevs, s + b, n))
                return 0;
        /* Single initials: "George W. Bush", "J. K. Rowling". */
        if (n == 1 && s[b] >= 'A' && s[b] <= 'Z')
                return 0;
        /* Dotted acronyms ("U.S.", "a.m.") end a sentence only when the
         * next word is one that usually opens one. */
        if (dotted && letters <= 4 && n <= 8)
                return segment_in_list(segment_openers, s + nw, nn);
        if (segment_in_list(segment_abbrevs, s + b, n))
                return 0;
        return 1;
}

/* Whether the space at @i is a sentence boundary without a full stop:
 * a lower-case word, then a word of segment_glue_openers, then a
 * lower-case word.  Title Case ("Why He Left") does not match. */
static int segment_glued(const char *p, size_t len, size_t i)
{
        size_t b = i, e = i + 1, k, n;

        /* The cheap tests first: this runs at every space. */
        if (i == 0 || !(p[i - 1] >= 'a' && p[i - 1] <= 'z') || e >= len ||
            !(p[e] >= 'A' && p[e] <= 'Z'))
                return 0;
        while (b > 0 && p[b - 1] != ' ')
                b--;
        for (k = b; k < i; k++)
                if (!(p[k] >= 'a' && p[k] <= 'z'))
                        return 0;
        for (n = 0; e + n < len && p[e + n] != ' '; n++)
                ;
        if (e + n + 1 >= len || !(p[e + n + 1] >= 'a' && p[e + n + 1] <= 'z'))
                return 0;
        for (k = 0; segment_glue_openers[k] != NULL; k++)
                if (strlen(segment_glue_openers[k]) == n &&
                    memcmp(segment_glue_openers[k], p + e, n) == 0)
                        return 1;
        return 0;
}

static int segment_push_one(struct precis_sentences *out, const char *p,
                            size_t from, size_t to, size_t para)
{
        struct precis_sentence *v;
        size_t k;

        while (from < to && segment_is_space(p, to, from, &k))
                from += k;
        while (to > from && (p[to - 1] == ' ' || p[to - 1] == '\t' ||
                             p[to - 1] == '\n'))
                to--;
        if (to == from)
                return 0;
        if (out->n >= PRECIS_SENTENCES_MAX)
                return PRECIS_E_TOOBIG;
        if (PRECIS_GROW(out->v, out->n, out->cap, 64) != 0)
                return -ENOMEM;
        v = &out->v[out->n];
        v->text = malloc(to - from + 1);
        if (v->text == NULL)
                return -ENOMEM;
        memcpy(v->text, p + from, to - from);
        v->text[to - from] = '\0';
        v->para = para;
        v->start = from;
        v->role = PRECIS_ROLE_BODY;
        out->n++;
        return 0;
}

/* Push p[from, to) as one sentence, or as several when it is longer than
 * PRECIS_SENTENCE_MAX bytes (a run-on without punctuation): cut at the
 * last space before the cap, else at a character boundary. */
static int segment_push(struct precis_sentences *out, const char *p,
                        size_t from, size_t to, size_t para)
{
        int rc;

        while (to - from > PRECIS_SENTENCE_MAX) {
                size_t cut = from + PRECIS_SENTENCE_MAX;

                while (cut > from && p[cut] != ' ')
                        cut--;
                if (cut == from) {
                        cut = from + PRECIS_SENTENCE_MAX;
                        while (cut > from && ((unsigned char) p[cut] & 0xC0) ==
                                                     0x80)
                                cut--;
                }
                rc = segment_push_one(out, p, from, cut, para);
                if (rc != 0)
                        return rc;
                from = cut;
        }
        return segment_push_one(out, p, from, to, para);
}

int precis_segment_para(const char *p, size_t len, size_t para,
                        struct precis_sentences *out, struct precis_error *err)
{
        size_t i = 0, start = 0, k;
        int rc;

        while (i < len) {
                size_t t = segment_terminator(p, len, i), end, next;
                int stop = t == 1 && p[i] == '.';

                if (t == 0) {
                        if (p[i] == ' ' && segment_glued(p, len, i)) {
                                rc = segment_push(out, p, start, i, para);
                                if (rc != 0)
                                        goto fail;
                                start = i + 1;
                        }
                        i++;
                        while (i < len && !segment_marks[(unsigned char) p[i]])
                                i++;
                        continue;
                }
                end = i + t;
                /* Runs of terminators: "?!", "...". */
                while (end < len && (k = segment_terminator(p, len, end)) > 0)
                        end += k;
                if (end - i > 1)
                        stop = 0;
                while (end < len && (k = segment_closer(p, len, end)) > 0)
                        end += k;
                if (end < len && !segment_is_space(p, len, end, &k)) {
                        i = end;
                        continue;
                }
                next = end;
                while (next < len && segment_is_space(p, len, next, &k))
                        next += k;
                if (next >= len)
                        break;
                if (!segment_opens(p, len, next) ||
                    (stop && !segment_stop_ends(p, len, i, next))) {
                        i = end;
                        continue;
                }
                rc = segment_push(out, p, start, end, para);
                if (rc != 0)
                        goto fail;
                start = next;
                i = next;
        }
        rc = segment_push(out, p, start, len, para);
        if (rc == 0)
                return 0;
fail:
        if (rc == PRECIS_E_TOOBIG)
                return precis_error_set(err, rc, "more than %d sentences",
                                        PRECIS_SENTENCES_MAX);
        return precis_error_set(err, rc, NULL);
}

/* Length of a dash that ends a dateline at @i, with the spaces after it:
 * "—", "–", "--" or "-", followed by a space; 0 if none. */
static size_t dateline_dash(const char *p, size_t len, size_t i)
{
        const unsigned char *u = (const unsigned char *) p;
        size_t j = i, k;

        if (j + 3 <= len && u[j] == 0xE2 && u[j + 1] == 0x80 &&
            (u[j + 2] == 0x94 || u[j + 2] == 0x93))
                j += 3;
        else if (j + 2 <= len && p[j] == '-' && p[j + 1] == '-')
                j += 2;
        else if (j < len && p[j] == '-')
                j++;
        else
                return 0;
        if (j < len && !segment_is_space(p, len, j, &k))
                return 0;
        while (j < len && segment_is_space(p, len, j, &k))
                j += k;
        return j - i;
}

/* Whether byte @c can be part of a place name in a dateline: letters,
 * digits, and the punctuation of "St. John's, N.L." or "Winston-Salem". */
static int dateline_place_char(unsigned char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               (c >= '0' && c <= '9') || c == ' ' || c == ',' || c == '.' ||
               c == '-' || c == '\'' || c >= 0x80;
}

/* End of a place before an agency or a dash: at most six words, each
 * opening with a capital or a digit.  Returns the byte after the place
 * (before the space that separates it), or 0 when @p does not open with
 * one.  Sets *caps when the first word is all capitals. */
static size_t dateline_place(const char *p, size_t len, int *caps)
{
        size_t i = 0, words = 0, end = 0;

        *caps = 0;
        while (i < len && words < 7) {
                size_t k;
                int upper = 0, lower = 0;

                /* U+2000-U+2BFF (lead byte E2) are punctuation and
                 * symbols, the dashes among them. */
                if (!((p[i] >= 'A' && p[i] <= 'Z') ||
                      (p[i] >= '0' && p[i] <= '9') ||
                      ((unsigned char) p[i] >= 0xC3 &&
                       (unsigned char) p[i] != 0xE2)))
                        break;
                while (i < len && dateline_place_char((unsigned char) p[i]) &&
                       p[i] != ' ') {
                        upper += p[i] >= 'A' && p[i] <= 'Z';
                        lower += p[i] >= 'a' && p[i] <= 'z';
                        i++;
                }
                if (words == 0)
                        *caps = upper >= 3 && lower == 0;
                words++;
                end = i;
                if (i >= len || !segment_is_space(p, len, i, &k))
                        break;
                while (i < len && segment_is_space(p, len, i, &k))
                        i += k;
        }
        return words > 6 ? 0 : end;
}

/* The Daily Mail header: "By . Name . PUBLISHED: . 12:01 EST, 1 January
 * 2014 . | . UPDATED: . 13:27 EST, 1 January 2014 . ": up to the year
 * after the last PUBLISHED or UPDATED, and the " ." after it. */
static size_t dateline_mail(const char *p, size_t len)
{
        size_t lim = len < 400 ? len : 400, i, last = 0, j;

        if (len < 4 || strncmp(p, "By .", 4) != 0)
                return 0;
        for (i = 0; i + 9 <= lim; i++)
                if (strncmp(p + i, "PUBLISHED:", 10) == 0 ||
                    strncmp(p + i, "UPDATED:", 8) == 0)
                        last = i;
        if (last == 0)
                return 0;
        for (j = last; j + 4 <= lim; j++) {
                if ((p[j] == '1' || p[j] == '2') && p[j + 1] >= '0' &&
                    p[j + 1] <= '9' && p[j + 2] >= '0' && p[j + 2] <= '9' &&
                    p[j + 3] >= '0' && p[j + 3] <= '9' &&
                    (j + 4 == len || p[j + 4] == ' ' || p[j + 4] == '.')) {
                        size_t k;

                        j += 4;
                        while (j < len && (p[j] == ' ' || p[j] == '.' ||
                                           segment_is_space(p, len, j, &k)))
                                j++;
                        return j;
                }
        }
        return 0;
}

size_t precis_dateline_len(const char *p, size_t len)
{
        size_t i, a, d, k;
        int caps;

        i = dateline_mail(p, len);
        if (i > 0)
                return i < len ? i : 0;
        i = dateline_place(p, len, &caps);
        /* ALL-CAPS place and a dash: "WASHINGTON —", "NEW DELHI, India
         * -- ". */
        if (i > 0 && caps) {
                size_t j = i;

                while (j < len && segment_is_space(p, len, j, &k))
                        j += k;
                d = dateline_dash(p, len, j);
                if (d > 0 && j > i && j + d < len)
                        return j + d;
        }
        while (i < len && segment_is_space(p, len, i, &k))
                i += k;
        /* An agency in brackets: a capitalised name of at most 40 bytes
         * without sentence punctuation inside. */
        if (i >= len || p[i] != '(' || i + 1 >= len ||
            !(p[i + 1] >= 'A' && p[i + 1] <= 'Z'))
                return 0;
        for (a = i + 1; a < len && a - i <= 40; a++)
                if (p[a] == ')' || p[a] == '.' || p[a] == '!' ||
                    p[a] == '?' || p[a] == ',' || p[a] == '(')
                        break;
        if (a >= len || p[a] != ')')
                return 0;
        a++;
        /* Glued to the text, as CNN prints it: "(CNN)The", or to an
         * editor's note: "(CNN)[Breaking news update ...]". */
        if (a < len && ((p[a] >= 'A' && p[a] <= 'Z') || p[a] == '"' ||
                        p[a] == '[' || (unsigned char) p[a] == 0xE2))
                return a;
        i = a;
        while (i < len && segment_is_space(p, len, i, &k))
                i += k;
        d = dateline_dash(p, len, i);
        if (d > 0 && i > a && i + d < len)
                return i + d;
        return 0;
}

int precis_segment_text(const struct precis_text *t,
                        struct precis_sentences *out, struct precis_error *err)
{
        size_t i, j, from;
        int rc, lead_seen = 0;

        for (i = 0; i < t->n_paras; i++) {
                const char *p = t->paras[i];
                size_t len = strlen(p), skip = 0;
                unsigned char role = t->roles != NULL ? t->roles[i]
                                                      : PRECIS_ROLE_BODY;

                /* The dateline opens the lead: the first body paragraph
                 * of prose.  Short body lines before it (a gallery's
                 * "Image 1 of 5", "Close") do not end the search. */
                if (role == PRECIS_ROLE_BODY && !lead_seen) {
                        skip = precis_dateline_len(p, len);
                        lead_seen = skip > 0 ||
                                    precis_token_count(p, len) >=
                                            SEGMENT_LEAD_WORDS;
                }
                from = out->n;
                rc = precis_segment_para(p + skip, len - skip, i, out, err);
                if (rc != 0)
                        return rc;
                for (j = from; j < out->n; j++) {
                        out->v[j].start += skip;
                        out->v[j].role = role;
                }
        }
        return 0;
}

void precis_sentences_done(struct precis_sentences *s)
{
        size_t i;

        for (i = 0; i < s->n; i++)
                free(s->v[i].text);
        free(s->v);
        memset(s, 0, sizeof(*s));
}
