/* Internal interface between the parts of the HTML front end
 * (lib/extract-html*.c).  Not installed and not part of the library API.
 *
 * The names keep the hx_ prefix they had as statics of one file; they are
 * extern only so that the parts can call each other, and precis_core is a
 * static library, so they cannot clash with a user of the public API. */

#ifndef PRECIS_EXTRACT_HTML_H
#define PRECIS_EXTRACT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "xml-dl.h"

#include <precis/extract.h>

/* Filters that are dropped one by one when an attempt yields too little. */
#define HX_STRIP_UNLIKELY 0x1u
#define HX_WEIGHT_CLASSES 0x2u
#define HX_CLEAN_CONDITIONALLY 0x4u

/* An attempt shorter than this many characters is retried with fewer
 * filters; Readability's default, checked against html-dev. */
#define HX_CHAR_THRESHOLD 500

/* A paragraph or list whose link text is over this share of its text is
 * navigation, not prose.  html-dev F1 is flat from 0.5 to 0.9. */
#define HX_LINKY 0.5

/* When every attempt is short, a less filtered one replaces a more
 * filtered one only if its text is this many times longer.  Readability
 * takes the longest (1.0); html-dev F1 is flat from 1.25 to 3. */
#define HX_RELAX_GAIN 1.5

/* Per-element state is allocated in blocks of this many entries, so that
 * pointers to it stay valid while more is allocated. */
#define HX_BLOCK 1024

/* Candidates kept to look for a common ancestor of close runners-up. */
#define HX_N_TOP 5

/* The text of a subtree, summarised so that summaries of neighbours
 * combine: Readability's trimmed, space-collapsed length, and the link
 * text within it. */
struct hx_sum {
        size_t core;        /* code points from the first to the last
                             * non-space one, space runs counted as one */
        size_t commas;      /* ASCII commas */
        size_t all_commas;  /* commas of every script */
        double link;        /* text length inside <a>; #links count 0.3 */
        bool text;          /* holds a non-space character */
        bool lead;          /* space before the first non-space */
        bool trail;         /* space after the last non-space */
        bool space;         /* holds any space at all */
};

/* Per-element state, found through node->_private (index + 1). */
struct hx_info {
        double score;       /* content score once initialised */
        bool scored;        /* score initialised */
        bool datatable;     /* table judged to hold data, not layout */
        bool sum_valid;     /* @sum matches the subtree */
        bool role_set;      /* @role is computed */
        unsigned char role; /* enum precis_role the element's text gets
                             * (its own or an ancestor's), for output */
        struct hx_sum sum;  /* cached text summary of the subtree */
};

struct hx_nodes {
        xmlNodePtr *v;      /* owned array; nodes borrowed from the doc */
        size_t n;           /* entries used */
        size_t cap;         /* entries allocated */
};

struct hx {
        xmlDocPtr doc;              /* owned; one parse per attempt */
        bool doc_fresh;             /* @doc is unchanged since parsing */
        unsigned flags;             /* HX_* filters in force */
        const char *title;          /* borrowed; article title or NULL */
        struct hx_info **blocks;    /* owned; per-element state, in
                                     * blocks of HX_BLOCK that never move */
        size_t n_blocks;            /* blocks allocated */
        size_t cap_blocks;          /* room in @blocks */
        size_t n_info;              /* entries used */
        bool oom;                   /* an allocation failed */
};

/* Text measured as Readability measures it: trimmed, whitespace runs
 * counted as one character, length in code points. */
struct hx_measure {
        size_t len;         /* code points after normalisation */
        size_t commas;      /* ASCII commas */
        size_t all_commas;  /* commas of every script */
};

/* A growable byte buffer for text. */
struct hx_buf {
        char *p;            /* owned */
        size_t n;           /* bytes used */
        size_t cap;         /* bytes allocated */
};

/* What the <meta> elements say about the page. */
struct hx_meta {
        char *title;        /* owned; best metadata title or NULL */
        int title_rank;     /* lower is better; rank of @title */
        char *site;         /* owned; og:site_name or NULL */
};

/* ---- extract-html-dom.c: DOM helpers, per-element state, text measures,
 * class hints, visibility and document preparation. */

bool hx_is_elem(const xmlNode *n);
bool hx_is_text(const xmlNode *n);
bool hx_tag(const xmlNode *n, const char *tag);
bool hx_tag_in(const xmlNode *n, const char *const *tags);
xmlNodePtr hx_parent_elem(const xmlNode *n);
xmlNodePtr hx_first_elem(const xmlNode *n);
xmlNodePtr hx_next_elem(const xmlNode *n);
size_t hx_count_elems(const xmlNode *n);
xmlNodePtr hx_walk(xmlNodePtr n, const xmlNode *root, bool skip_kids);
const char *hx_attr(const xmlNode *n, const char *name);
char hx_lower(char c);
bool hx_contains(const char *hay, const char *needle);
bool hx_contains_any(const char *hay, const char *const *words);
bool hx_word_char(char c);
extern const char *const hx_unlikely[];
extern const char *const hx_maybe[];
extern const char *const hx_byline_hints[];
extern const char *const hx_unlikely_roles[];
extern const char *const hx_div_to_p[];
extern const char *const hx_to_score[];
struct hx_info *hx_info_get(struct hx *h, xmlNodePtr n);
struct hx_info *hx_info_new(struct hx *h, xmlNodePtr n);
void hx_nodes_push(struct hx *h, struct hx_nodes *l, xmlNodePtr n);
void hx_nodes_done(struct hx_nodes *l);
void hx_collect(struct hx *h, xmlNodePtr root, const char *const *tags,
                struct hx_nodes *out);
void hx_unlink(struct hx *h, xmlNodePtr n);
void hx_remove(struct hx *h, xmlNodePtr n);
void hx_dirty(struct hx *h, xmlNodePtr n);
struct hx_measure hx_measure(struct hx *h, xmlNodePtr root);
size_t hx_text_len(struct hx *h, xmlNodePtr n);
bool hx_blank_text(const xmlNode *n);
void hx_buf_add(struct hx *h, struct hx_buf *b, const char *s,
                size_t n);
char *hx_text(struct hx *h, const xmlNode *root);
double hx_link_density(struct hx *h, xmlNodePtr e);
int hx_class_weight(struct hx *h, xmlNodePtr n);
bool hx_share_hint(const char *s);
bool hx_visible(const xmlNode *n);
xmlNodePtr hx_body(xmlDocPtr doc);
void hx_remove_tags(struct hx *h, xmlNodePtr root,
                    const char *const *tags);
bool hx_is_whitespace_node(const xmlNode *n);
bool hx_is_phrasing(const xmlNode *root);
void hx_set_tag(xmlNodePtr n, const char *tag);
void hx_replace_brs(struct hx *h, xmlNodePtr body);

/* ---- extract-html-meta.c: metadata and title. */

void hx_read_meta(struct hx *h, xmlNodePtr root, struct hx_meta *m);
char *hx_doc_title(struct hx *h, xmlNodePtr root);
char *hx_strip_site(struct hx *h, char *title, xmlNodePtr root,
                    const char *site);
double hx_similarity(const char *a, const char *b);

/* ---- extract-html-score.c: finding the article. */

bool hx_has_ancestor(xmlNodePtr n, const char *tag, int max_depth,
                     struct hx *h, bool need_datatable);
void hx_prepare_nodes(struct hx *h, struct hx_nodes *to_score);
void hx_score_paragraphs(struct hx *h, const struct hx_nodes *paras,
                         struct hx_nodes *cands);
xmlNodePtr hx_top_candidate(struct hx *h, struct hx_nodes *cands);
xmlNodePtr hx_gather(struct hx *h, xmlNodePtr best, xmlNodePtr body);

/* ---- extract-html-clean.c: cleaning the article. */

void hx_prep_article(struct hx *h, xmlNodePtr article);

/* ---- extract-html-emit.c: output. */

void hx_emit(struct hx *h, xmlNodePtr root, struct precis_text *out);

#endif
