/* HTML front end, part 4: cleaning widgets, share buttons, link lists and
 * layout out of the chosen article. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-html.h"

/* ---- cleaning the article ----------------------------------------------- */

static void hx_mark_data_tables(struct hx *h, xmlNodePtr root)
{
        static const char *const table[] = { "table", NULL };
        static const char *const data_kids[] = {
                "col", "colgroup", "tfoot", "thead", "th", NULL,
        };
        static const char *const tr[] = { "tr", NULL };
        static const char *const td[] = { "td", NULL };
        struct hx_nodes l = { 0 }, sub = { 0 };
        size_t i, j, k;

        hx_collect(h, root, table, &l);
        for (i = 0; i < l.n && !h->oom; i++) {
                xmlNodePtr t = l.v[i], c;
                struct hx_info *in = hx_info_new(h, t);
                const char *role = hx_attr(t, "role");
                const char *dt = hx_attr(t, "datatable");
                const char *summary = hx_attr(t, "summary");
                size_t rows = 0, cols = 0;

                if (in == NULL)
                        break;
                in->datatable = false;
                if (role != NULL && strcmp(role, "presentation") == 0)
                        continue;
                if (dt != NULL && strcmp(dt, "0") == 0)
                        continue;
                if (summary != NULL && summary[0] != '\0') {
                        in->datatable = true;
                        continue;
                }
                c = t->children;
                while (c != NULL) {
                        if (hx_tag(c, "caption") && c->children != NULL) {
                                in->datatable = true;
                                break;
                        }
                        c = hx_walk(c, t, false);
                }
                if (in->datatable)
                        continue;
                hx_collect(h, t, data_kids, &sub);
                if (sub.n > 0) {
                        in->datatable = true;
                        continue;
                }
                hx_collect(h, t, table, &sub);
                if (sub.n > 0)
                        continue;
                hx_collect(h, t, tr, &sub);
                for (j = 0; j < sub.n; j++) {
                        const char *rs = hx_attr(sub.v[j], "rowspan");
                        struct hx_nodes cells = { 0 };
                        size_t in_row = 0;
                        long v = rs != NULL ? strtol(rs, NULL, 10) : 0;

                        rows += v > 0 && v < 10000 ? (size_t) v : 1;
                        hx_collect(h, sub.v[j], td, &cells);
                        for (k = 0; k < cells.n; k++) {
                                const char *cs = hx_attr(cells.v[k],
                                                         "colspan");
                                long w = cs != NULL ? strtol(cs, NULL, 10)
                                                    : 0;

                                in_row += w > 0 && w < 10000 ? (size_t) w : 1;
                        }
                        hx_nodes_done(&cells);
                        if (in_row > cols)
                                cols = in_row;
                }
                if (cols == 1 || rows == 1)
                        continue;
                if (rows >= 10 || cols > 4) {
                        in->datatable = true;
                        continue;
                }
                in->datatable = rows * cols > 10;
        }
        hx_nodes_done(&sub);
        hx_nodes_done(&l);
}

static size_t hx_count_tag(xmlNodePtr root, const char *tag)
{
        xmlNodePtr n = root->children;
        size_t k = 0;

        while (n != NULL) {
                if (hx_tag(n, tag))
                        k++;
                n = hx_walk(n, root, false);
        }
        return k;
}

/* Summed text length of the descendants of @e with a tag in @tags (nested
 * ones count again, as in Readability) over @e's own. */
static double hx_text_density(struct hx *h, xmlNodePtr e,
                              const char *const *tags)
{
        struct hx_nodes l = { 0 };
        size_t total = hx_text_len(h, e), sum = 0, i;

        if (total == 0)
                return 0;
        hx_collect(h, e, tags, &l);
        for (i = 0; i < l.n; i++)
                sum += hx_text_len(h, l.v[i]);
        hx_nodes_done(&l);
        return (double) sum / (double) total;
}

/* Text that is only an advertisement or loading placeholder. */
static bool hx_placeholder_text(const char *t)
{
        static const char *const words[] = {
                "ad", "advertising", "advertisement", "pub", "publicité",
                "werb", "werbung", "广告", "реклама", "Реклама", "anuncio",
                "loading", "loading…", "loading...", "正在加载",
                "正在加载…", "正在加载...", "загрузка", "Загрузка",
                "загрузка…", "Загрузка…", "chargement", "chargement…",
                "chargement...", "cargando", "cargando…", "cargando...",
                NULL,
        };
        size_t i;

        for (i = 0; words[i] != NULL; i++)
                if (strcasecmp(t, words[i]) == 0)
                        return true;
        return false;
}

static bool hx_has_video(const xmlNode *n)
{
        static const char *const hosts[] = {
                "//www.youtube.com", "//youtube.com",
                "//www.youtube-nocookie.com", "//youtube-nocookie.com",
                "//www.dailymotion.com", "//dailymotion.com",
                "//player.vimeo.com", "//www.player.vimeo.com",
                "//v.qq.com", "//www.v.qq.com", "//archive.org",
                "//www.archive.org", "//upload.wikimedia.org",
                "//player.twitch.tv", NULL,
        };
        xmlAttrPtr a;

        for (a = n->properties; a != NULL; a = a->next)
                if (a->children != NULL &&
                    hx_contains_any((const char *) a->children->content,
                                    hosts))
                        return true;
        return false;
}

/* Whether @node (a @tag) looks like a widget rather than article text. */
static bool hx_is_fishy(struct hx *h, xmlNodePtr node, const char *tag)
{
        static const char *const lists[] = { "ul", "ol", NULL };
        static const char *const heads[] = { "h1", "h2", "h3", "h4", "h5",
                                             "h6", NULL };
        static const char *const textish[] = {
                "span", "li", "td", "blockquote", "dl", "div", "img", "ol",
                "p", "pre", "table", "ul", NULL,
        };
        static const char *const embeds_tags[] = { "object", "embed",
                                                   "iframe", NULL };
        static const char *const tables[] = { "table", NULL };
        struct hx_nodes l = { 0 };
        bool is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
        bool fig, remove = false;
        struct hx_measure m;
        size_t i, p, img, input, embeds = 0, total;
        long li;
        int weight;
        double link_d, head_d, text_d;
        char *text;

        m = hx_measure(h, node);
        total = m.len;
        if (!is_list) {
                size_t list_len = 0;

                hx_collect(h, node, lists, &l);
                for (i = 0; i < l.n; i++)
                        list_len += hx_text_len(h, l.v[i]);
                is_list = total > 0 &&
                          (double) list_len / (double) total > 0.9;
        }
        if (strcmp(tag, "table") == 0) {
                struct hx_info *in = hx_info_get(h, node);

                if (in != NULL && in->datatable) {
                        hx_nodes_done(&l);
                        return false;
                }
        }
        if (hx_has_ancestor(node, "table", -1, h, true) ||
            hx_has_ancestor(node, "code", 3, h, false)) {
                hx_nodes_done(&l);
                return false;
        }
        hx_collect(h, node, tables, &l);
        for (i = 0; i < l.n; i++) {
                struct hx_info *in = hx_info_get(h, l.v[i]);

                if (in != NULL && in->datatable) {
                        hx_nodes_done(&l);
                        return false;
                }
        }
        weight = hx_class_weight(h, node);
        if (weight < 0) {
                hx_nodes_done(&l);
                return true;
        }
        if (m.commas >= 10) {
                hx_nodes_done(&l);
                return false;
        }
        p = hx_count_tag(node, "p");
        img = hx_count_tag(node, "img");
        li = (long) hx_count_tag(node, "li") - 100;
        input = hx_count_tag(node, "input");
        head_d = hx_text_density(h, node, heads);
        hx_collect(h, node, embeds_tags, &l);
        for (i = 0; i < l.n; i++) {
                if (hx_has_video(l.v[i])) {
                        hx_nodes_done(&l);
                        return false;
                }
                embeds++;
        }
        hx_nodes_done(&l);
        /* Placeholders are a single short word; skip building the text
         * of anything longer. */
        if (total <= 32) {
                text = hx_text(h, node);
                if (text != NULL && hx_placeholder_text(text)) {
                        free(text);
                        return true;
                }
                free(text);
        }
        link_d = hx_link_density(h, node);
        text_d = hx_text_density(h, node, textish);
        fig = hx_has_ancestor(node, "figure", 3, h, false);

        if (!fig && img > 1 && (double) p / (double) img < 0.5)
                remove = true;
        if (!is_list && li > (long) p)
                remove = true;
        if (input > p / 3)
                remove = true;
        if (!is_list && !fig && head_d < 0.9 && total < 25 &&
            (img == 0 || img > 2) && link_d > 0)
                remove = true;
        if (!is_list && weight < 25 && link_d > 0.2)
                remove = true;
        if (weight >= 25 && link_d > 0.5)
                remove = true;
        /* Unlike Readability, a list that is mostly links goes too:
         * "related" and "more from" lists inside the story are not prose
         * to summarise (costs 0.001 F1 on html-dev). */
        if (is_list && link_d > HX_LINKY)
                remove = true;
        if ((embeds == 1 && total < 75) || embeds > 1)
                remove = true;
        if (img == 0 && text_d == 0)
                remove = true;

        /* A list of images (one per item) may stay. */
        if (is_list && remove) {
                xmlNodePtr c;

                for (c = hx_first_elem(node); c != NULL;
                     c = hx_next_elem(c))
                        if (hx_count_elems(c) > 1)
                                return true;
                if (img == hx_count_tag(node, "li"))
                        return false;
        }
        return remove;
}

static void hx_clean_conditionally(struct hx *h, xmlNodePtr root,
                                   const char *tag)
{
        const char *tags[2] = { tag, NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        if (!(h->flags & HX_CLEAN_CONDITIONALLY))
                return;
        hx_collect(h, root, tags, &l);
        for (i = l.n; i-- > 0 && !h->oom;)
                if (hx_is_fishy(h, l.v[i], tag))
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

/* Drop small elements whose class or id says they are share buttons. */
static void hx_clean_share(struct hx *h, xmlNodePtr article)
{
        xmlNodePtr top;

        for (top = hx_first_elem(article); top != NULL;
             top = hx_next_elem(top)) {
                xmlNodePtr n = top->children;

                while (n != NULL) {
                        if (hx_is_elem(n) &&
                            (hx_share_hint(hx_attr(n, "class")) ||
                             hx_share_hint(hx_attr(n, "id"))) &&
                            hx_text_len(h, n) < HX_CHAR_THRESHOLD) {
                                xmlNodePtr next = hx_walk(n, top, true);

                                hx_remove(h, n);
                                n = next;
                                continue;
                        }
                        n = hx_walk(n, top, false);
                }
        }
}

static void hx_clean_headers(struct hx *h, xmlNodePtr article)
{
        static const char *const heads[] = { "h1", "h2", NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        hx_collect(h, article, heads, &l);
        for (i = l.n; i-- > 0;)
                if (hx_class_weight(h, l.v[i]) < 0)
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

/* Drop paragraphs that are mostly link text: "Read more", "Related:"
 * lines and link bars that Readability leaves in. */
static void hx_clean_linky(struct hx *h, xmlNodePtr article, double max)
{
        static const char *const paras[] = { "p", NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        if (!(h->flags & HX_CLEAN_CONDITIONALLY))
                return;
        hx_collect(h, article, paras, &l);
        for (i = l.n; i-- > 0;)
                if (hx_link_density(h, l.v[i]) > max)
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

void hx_prep_article(struct hx *h, xmlNodePtr article)
{
        /* Beyond Readability: <nav> is navigation by definition, and
         * <figcaption> holds captions and photo credits, which read as
         * fragments to a summarizer.  On html-dev dropping captions gains
         * 0.003 F1 on the hand-labelled aeb pages and 0.0015 on wcxb, and
         * costs 0.006 on moz, whose labels are Readability's own output. */
        static const char *const always[] = {
                "object", "embed", "footer", "link", "aside", "nav",
                "figcaption", NULL,
        };
        static const char *const controls[] = {
                "iframe", "input", "textarea", "select", "button", NULL,
        };

        hx_mark_data_tables(h, article);
        hx_clean_conditionally(h, article, "form");
        hx_clean_conditionally(h, article, "fieldset");
        hx_remove_tags(h, article, always);
        hx_clean_share(h, article);
        hx_remove_tags(h, article, controls);
        hx_clean_headers(h, article);
        hx_clean_conditionally(h, article, "table");
        hx_clean_conditionally(h, article, "ul");
        hx_clean_conditionally(h, article, "div");
        hx_clean_linky(h, article, HX_LINKY);
}
