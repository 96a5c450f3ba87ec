#ifndef PRECIS_SEARCH_QUERY_H
#define PRECIS_SEARCH_QUERY_H

#include <stddef.h>

#include <precis/error.h>

/* One word or phrase of a query as people type it, borrowed from the
 * input. */
struct precis__sq_term {
        const char *s; /* borrowed: the text between quotes or spaces */
        size_t n;      /* its length */
        int neg;       /* "-word": exclude */
        int title;     /* "title:word": titles only */
        int prefix;    /* "word*": a prefix */
};

/* The next term at *pp, advancing it; 0 when the input is used up.  The
 * one reading of the query language, shared by both store backends. */
int precis__search_next(const char **pp, struct precis__sq_term *t);

/* Whether the search tokenizer finds at least one token in @s[0..@n):
 * 1 yes, 0 no, or a negative error. */
typedef int (*precis__has_token_fn)(void *ctx, const char *s, size_t n);

/* Translate @input, a query as people type it, into an FTS5 query that
 * cannot be read as FTS5 syntax: every word and "quoted phrase" becomes a
 * quoted FTS5 string (so the tokenizer splits "solar-power", "don't" and
 * "U.S." exactly as it split the indexed text), all of them required;
 * "-word" and -"a phrase" exclude; "title:word" and title:"a phrase" look
 * in titles only; a trailing "*" on a word matches it as a prefix.  Words
 * in which @has_token finds no token (a lone dash, an emoji) are dropped,
 * since an empty FTS5 string matches nothing.  On success *ret owns the
 * new query (free()).  Errors: PRECIS_E_QUERY (nothing left to look for;
 * @err says why), -ENOMEM, or what @has_token returned. */
int precis__search_query(const char *input, precis__has_token_fn has_token,
                         void *ctx, char **ret, struct precis_error *err);

#endif /* PRECIS_SEARCH_QUERY_H */
