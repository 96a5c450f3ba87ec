/* HTML front end, part 3: scoring the blocks that hold prose and picking
 * the container that holds the article (Readability's algorithm). */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-html.h"

/* ---- finding the article ------------------------------------------------ */

bool hx_has_ancestor(xmlNodePtr n, const char *tag, int max_depth,
                     struct hx *h, bool need_datatable)
{
        int depth = 0;

        while (n->parent != NULL && hx_is_elem(n->parent)) {
                if (max_depth > 0 && depth > max_depth)
                        return false;
                if (hx_tag(n->parent, tag)) {
                        struct hx_info *in;

                        if (!need_datatable)
                                return true;
                        in = hx_info_get(h, n->parent);
                        if (in != NULL && in->datatable)
                                return true;
                }
                n = n->parent;
                depth++;
        }
        return false;
}

/* An element with no text and nothing but <br>/<hr> inside. */
static bool hx_without_content(struct hx *h, xmlNodePtr n)
{
        xmlNodePtr c;
        size_t kids = 0, brs = 0;

        if (hx_text_len(h, n) > 0)
                return false;
        for (c = n->children; c != NULL; c = c->next)
                if (hx_is_elem(c))
                        kids++;
        if (kids == 0)
                return true;
        c = n->children;
        while (c != NULL) {
                if (hx_tag(c, "br") || hx_tag(c, "hr"))
                        brs++;
                c = hx_walk(c, n, false);
        }
        return kids == brs;
}

static bool hx_has_child_block(xmlNodePtr e)
{
        xmlNodePtr n = e->children;

        while (n != NULL) {
                if (hx_tag_in(n, hx_div_to_p))
                        return true;
                n = hx_walk(n, e, false);
        }
        return false;
}

/* @e holds exactly one element, a @tag, and no text of its own. */
static bool hx_single_tag_inside(xmlNodePtr e, const char *tag)
{
        xmlNodePtr c;
        size_t kids = 0;

        for (c = e->children; c != NULL; c = c->next) {
                if (hx_is_elem(c)) {
                        if (++kids > 1 || !hx_tag(c, tag))
                                return false;
                } else if (hx_is_text(c) && !hx_blank_text(c)) {
                        return false;
                }
        }
        return kids == 1;
}

/* Whether @n is a byline, dateline or author box: its class, id, rel or
 * itemprop says so and it is shorter than an article.  Readability drops
 * the first one only, and only when the metadata names no author; all of
 * them are page chrome to a summarizer (html-dev F1 +0.0012, flat for caps
 * from 300 to 1000 characters). */
static bool hx_is_byline(struct hx *h, xmlNodePtr n, const char *cls,
                         const char *id)
{
        const char *rel, *itemprop;
        size_t len;

        rel = hx_attr(n, "rel");
        itemprop = hx_attr(n, "itemprop");
        if (!((rel != NULL && strcmp(rel, "author") == 0) ||
              (itemprop != NULL && strstr(itemprop, "author") != NULL) ||
              hx_contains_any(cls, hx_byline_hints) ||
              hx_contains_any(id, hx_byline_hints)))
                return false;
        len = hx_text_len(h, n);
        return len > 0 && len < HX_CHAR_THRESHOLD;
}

static bool hx_header_duplicates_title(struct hx *h, xmlNodePtr n)
{
        char *t;
        bool dup;

        if (h->title == NULL || (!hx_tag(n, "h1") && !hx_tag(n, "h2")))
                return false;
        t = hx_text(h, n);
        if (t == NULL)
                return false;
        dup = hx_similarity(h->title, t) > 0.75;
        free(t);
        return dup;
}

/* Wrap runs of phrasing content directly inside @div into <p>s. */
static void hx_wrap_phrasing(struct hx *h, xmlNodePtr div)
{
        xmlNodePtr c = div->children, p = NULL;

        while (c != NULL) {
                xmlNodePtr next = c->next;

                if (hx_is_phrasing(c)) {
                        if (p != NULL) {
                                hx_unlink(h, c);
                                xmlAddChild(p, c);
                        } else if (!hx_is_whitespace_node(c)) {
                                p = xmlNewDocNode(div->doc, NULL,
                                                  (const xmlChar *) "p",
                                                  NULL);
                                if (p == NULL) {
                                        h->oom = true;
                                        return;
                                }
                                hx_dirty(h, div);
                                xmlReplaceNode(c, p);
                                xmlAddChild(p, c);
                        }
                } else if (c->type == XML_COMMENT_NODE ||
                           c->type == XML_PI_NODE) {
                        /* Comments are invisible: they neither end nor
                         * join a paragraph. */
                } else if (p != NULL) {
                        while (p->last != NULL &&
                               hx_is_whitespace_node(p->last))
                                hx_remove(h, p->last);
                        p = NULL;
                }
                c = next;
        }
        if (p != NULL)
                while (p->last != NULL && hx_is_whitespace_node(p->last))
                        hx_remove(h, p->last);
}

/* Base score of a container by its tag, plus its class hints. */
static void hx_init_node(struct hx *h, xmlNodePtr n)
{
        static const char *const minus3[] = {
                "address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL,
        };
        static const char *const minus5[] = {
                "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL,
        };
        static const char *const plus3[] = { "pre", "td", "blockquote",
                                             NULL };
        struct hx_info *in = hx_info_new(h, n);

        if (in == NULL)
                return;
        in->scored = true;
        in->score = 0;
        if (hx_tag(n, "div"))
                in->score += 5;
        else if (hx_tag_in(n, plus3))
                in->score += 3;
        else if (hx_tag_in(n, minus3))
                in->score -= 3;
        else if (hx_tag_in(n, minus5))
                in->score -= 5;
        in->score += hx_class_weight(h, n);
}

static bool hx_scored(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        return in != NULL && in->scored;
}

static double hx_score(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        return in != NULL && in->scored ? in->score : 0;
}

/* First pass: drop hidden and unlikely elements, the byline and the
 * heading that repeats the title, and collect the elements to score. */
void hx_prepare_nodes(struct hx *h, struct hx_nodes *to_score)
{
        xmlNodePtr root = xmlDocGetRootElement(h->doc), n = root;
        bool title_header_removed = false;

        while (n != NULL && !h->oom) {
                const char *cls, *id, *role, *modal;
                xmlNodePtr next;
                size_t i;
                bool drop = false;

                if (!hx_is_elem(n)) {
                        n = hx_walk(n, root, false);
                        continue;
                }
                cls = hx_attr(n, "class");
                id = hx_attr(n, "id");
                role = hx_attr(n, "role");
                modal = hx_attr(n, "aria-modal");
                if (!hx_visible(n))
                        drop = true;
                else if (modal != NULL && strcmp(modal, "true") == 0 &&
                         role != NULL && strcmp(role, "dialog") == 0)
                        drop = true;
                else if (hx_is_byline(h, n, cls, id))
                        drop = true;
                else if (!title_header_removed &&
                         hx_header_duplicates_title(h, n)) {
                        title_header_removed = true;
                        drop = true;
                } else if (h->flags & HX_STRIP_UNLIKELY) {
                        if ((hx_contains_any(cls, hx_unlikely) ||
                             hx_contains_any(id, hx_unlikely)) &&
                            !hx_contains_any(cls, hx_maybe) &&
                            !hx_contains_any(id, hx_maybe) &&
                            !hx_has_ancestor(n, "table", 3, h, false) &&
                            !hx_has_ancestor(n, "code", 3, h, false) &&
                            !hx_tag(n, "body") && !hx_tag(n, "a"))
                                drop = true;
                        for (i = 0; !drop && role != NULL &&
                                    hx_unlikely_roles[i] != NULL;
                             i++)
                                if (strcmp(role, hx_unlikely_roles[i]) == 0)
                                        drop = true;
                }
                if (!drop &&
                    (hx_tag(n, "div") || hx_tag(n, "section") ||
                     hx_tag(n, "header") || hx_tag(n, "h1") ||
                     hx_tag(n, "h2") || hx_tag(n, "h3") ||
                     hx_tag(n, "h4") || hx_tag(n, "h5") ||
                     hx_tag(n, "h6")) &&
                    hx_without_content(h, n))
                        drop = true;
                if (drop && n != root) {
                        next = hx_walk(n, root, true);
                        hx_remove(h, n);
                        n = next;
                        continue;
                }
                if (hx_tag_in(n, hx_to_score))
                        hx_nodes_push(h, to_score, n);
                if (hx_tag(n, "div")) {
                        hx_wrap_phrasing(h, n);
                        if (hx_single_tag_inside(n, "p") &&
                            hx_link_density(h, n) < 0.25) {
                                /* A div around a single paragraph is that
                                 * paragraph. */
                                xmlNodePtr p = hx_first_elem(n);

                                hx_unlink(h, p);
                                hx_dirty(h, n->parent);
                                xmlReplaceNode(n, p);
                                xmlFreeNode(n);
                                n = p;
                                hx_nodes_push(h, to_score, n);
                        } else if (!hx_has_child_block(n)) {
                                hx_set_tag(n, "p");
                                hx_nodes_push(h, to_score, n);
                        }
                }
                n = hx_walk(n, root, false);
        }
}

/* Score the paragraphs and spread their scores to their ancestors; return
 * the scored containers in @cands. */
void hx_score_paragraphs(struct hx *h, const struct hx_nodes *paras,
                         struct hx_nodes *cands)
{
        size_t i;

        for (i = 0; i < paras->n && !h->oom; i++) {
                xmlNodePtr p = paras->v[i], a;
                struct hx_measure m;
                double score;
                int level;

                if (!hx_is_elem(p->parent))
                        continue;
                m = hx_measure(h, p);
                if (m.len < 25)
                        continue;
                score = 1 + (double) (m.all_commas + 1) +
                        (double) (m.len / 100 < 3 ? m.len / 100 : 3);
                for (a = p->parent, level = 0; a != NULL && level < 5;
                     a = hx_parent_elem(a), level++) {
                        double div;

                        /* The root element has no element parent and is
                         * never a candidate. */
                        if (!hx_is_elem(a->parent))
                                break;
                        if (!hx_scored(h, a)) {
                                hx_init_node(h, a);
                                hx_nodes_push(h, cands, a);
                                if (h->oom)
                                        return;
                        }
                        div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                        hx_info_get(h, a)->score += score / div;
                }
        }
}

/* Pick the container that holds the article among the scored @cands.
 * Returns it, or NULL when the body itself has to stand in. */
xmlNodePtr hx_top_candidate(struct hx *h, struct hx_nodes *cands)
{
        xmlNodePtr top[HX_N_TOP] = { NULL }, best, parent;
        double last, threshold;
        size_t i, k, n_top = 0;

        for (i = 0; i < cands->n; i++) {
                xmlNodePtr c = cands->v[i];
                struct hx_info *in = hx_info_get(h, c);
                double s;

                in->score *= 1 - hx_link_density(h, c);
                s = in->score;
                for (k = 0; k < HX_N_TOP; k++) {
                        if (top[k] == NULL ||
                            s > hx_info_get(h, top[k])->score) {
                                memmove(&top[k + 1], &top[k],
                                        (HX_N_TOP - k - 1) * sizeof(top[0]));
                                top[k] = c;
                                break;
                        }
                }
        }
        for (k = 0; k < HX_N_TOP && top[k] != NULL; k++)
                n_top++;
        best = top[0];
        if (best == NULL || hx_tag(best, "body"))
                return NULL;

        /* When three or more runners-up score close to the best and share
         * an ancestor with it, the article is that ancestor. */
        {
                xmlNodePtr alt[HX_N_TOP];
                size_t n_alt = 0;

                for (k = 1; k < n_top; k++)
                        if (hx_score(h, top[k]) / hx_score(h, best) >= 0.75)
                                alt[n_alt++] = top[k];
                if (n_alt >= 3) {
                        for (parent = hx_parent_elem(best);
                             parent != NULL && !hx_tag(parent, "body");
                             parent = hx_parent_elem(parent)) {
                                size_t hits = 0;

                                for (k = 0; k < n_alt && hits < 3; k++) {
                                        xmlNodePtr a;

                                        for (a = hx_parent_elem(alt[k]);
                                             a != NULL;
                                             a = hx_parent_elem(a))
                                                if (a == parent) {
                                                        hits++;
                                                        break;
                                                }
                                }
                                if (hits >= 3) {
                                        best = parent;
                                        break;
                                }
                        }
                }
        }
        if (!hx_scored(h, best))
                hx_init_node(h, best);

        /* A parent scoring higher than the best is a better article root:
         * its content is spread over several children. */
        last = hx_score(h, best);
        threshold = last / 3;
        for (parent = hx_parent_elem(best);
             parent != NULL && !hx_tag(parent, "body");
             parent = hx_parent_elem(parent)) {
                double ps;

                if (!hx_scored(h, parent))
                        continue;
                ps = hx_score(h, parent);
                if (ps < threshold)
                        break;
                if (ps > last) {
                        best = parent;
                        break;
                }
                last = ps;
        }

        /* An only child stands for its parent, so that siblings of the
         * parent can join. */
        parent = hx_parent_elem(best);
        while (parent != NULL && !hx_tag(parent, "body") &&
               hx_count_elems(parent) == 1) {
                best = parent;
                parent = hx_parent_elem(best);
        }
        if (!hx_scored(h, best))
                hx_init_node(h, best);
        return best;
}

/* Whether @s has a full stop followed by a space or the end. */
static bool hx_has_sentence_end(const char *s)
{
        const char *p;

        for (p = strchr(s, '.'); p != NULL; p = strchr(p + 1, '.'))
                if (p[1] == ' ' || p[1] == '\0')
                        return true;
        return false;
}

/* Gather the best candidate and its qualifying siblings under a new,
 * detached div.  Returns it (free with xmlFreeNode()), or NULL. */
xmlNodePtr hx_gather(struct hx *h, xmlNodePtr best, xmlNodePtr body)
{
        xmlNodePtr article, parent, sib, next;
        double threshold;
        const char *best_cls;

        article = xmlNewDocNode(h->doc, NULL, (const xmlChar *) "div", NULL);
        if (article == NULL) {
                h->oom = true;
                return NULL;
        }
        if (best == NULL) {
                /* No container stands out: take all of the body. */
                xmlNodePtr c = body->children;

                while (c != NULL) {
                        next = c->next;
                        hx_unlink(h, c);
                        xmlAddChild(article, c);
                        c = next;
                }
                return article;
        }
        threshold = hx_score(h, best) * 0.2;
        if (threshold < 10)
                threshold = 10;
        parent = hx_parent_elem(best);
        if (parent == NULL) {
                hx_unlink(h, best);
                xmlAddChild(article, best);
                return article;
        }
        best_cls = hx_attr(best, "class");
        for (sib = hx_first_elem(parent); sib != NULL; sib = next) {
                bool append = false;

                next = hx_next_elem(sib);
                if (sib == best) {
                        append = true;
                } else {
                        double bonus = 0;
                        const char *cls = hx_attr(sib, "class");

                        if (best_cls != NULL && best_cls[0] != '\0' &&
                            cls != NULL && strcmp(cls, best_cls) == 0)
                                bonus = hx_score(h, best) * 0.2;
                        if (hx_scored(h, sib) &&
                            hx_score(h, sib) + bonus >= threshold) {
                                append = true;
                        } else if (hx_tag(sib, "p")) {
                                double ld = hx_link_density(h, sib);
                                char *t = hx_text(h, sib);
                                size_t len = hx_text_len(h, sib);

                                if (len > 80 && ld < 0.25)
                                        append = true;
                                else if (len < 80 && len > 0 && ld == 0 &&
                                         t != NULL && hx_has_sentence_end(t))
                                        append = true;
                                free(t);
                        }
                }
                if (!append)
                        continue;
                if (!hx_tag(sib, "div") && !hx_tag(sib, "article") &&
                    !hx_tag(sib, "section") && !hx_tag(sib, "p"))
                        hx_set_tag(sib, "div");
                hx_unlink(h, sib);
                xmlAddChild(article, sib);
        }
        return article;
}
