#include <setjmp.h>
#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

/* Every block is aligned for any object, does not overlap any other, and
 * keeps what was written to it while later blocks are handed out (also
 * across chunks and for blocks bigger than a chunk). */
static void blocks_are_aligned_and_apart(void **state)
{
        struct precis_arena a = { 0 };
        enum { N = 3000 };
        unsigned char *p[N];
        size_t len[N], i, k;

        (void) state;
        for (i = 0; i < N; i++) {
                /* Sizes from 0 to ~600 KiB: small blocks mostly, a few
                 * larger than any chunk. */
                len[i] = i % 500 == 499 ? 300000 + i * 100 : (i * 37) % 301;
                p[i] = precis_arena_alloc(&a, len[i]);
                assert_non_null(p[i]);
                assert_int_equal((uintptr_t) p[i] % alignof(max_align_t), 0);
                memset(p[i], (int) (i & 0xFF), len[i]);
        }
        for (i = 0; i < N; i++)
                for (k = 0; k < len[i]; k++)
                        if (p[i][k] != (unsigned char) (i & 0xFF))
                                fail_msg("block %zu byte %zu overwritten", i,
                                         k);
        /* Zero-byte blocks are distinct too. */
        assert_ptr_not_equal(precis_arena_alloc(&a, 0),
                             precis_arena_alloc(&a, 0));
        precis_arena_done(&a);
        assert_null(a.head);
        /* Reusable after done (leaks would show under ASan). */
        assert_non_null(precis_arena_alloc(&a, 10));
        precis_arena_done(&a);
}

static void strndup_copies_and_terminates(void **state)
{
        struct precis_arena a = { 0 };
        char *s;

        (void) state;
        s = precis_arena_strndup(&a, "Syria talks", 5);
        assert_string_equal(s, "Syria");
        s = precis_arena_strndup(&a, "", 0);
        assert_string_equal(s, "");
        precis_arena_done(&a);
}

static void impossible_size_fails_cleanly(void **state)
{
        struct precis_arena a = { 0 };

        (void) state;
        assert_null(precis_arena_alloc(&a, SIZE_MAX));
        assert_null(precis_arena_alloc(&a, SIZE_MAX / 2 + 1));
        /* The arena is still usable. */
        assert_non_null(precis_arena_alloc(&a, 64));
        precis_arena_done(&a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(blocks_are_aligned_and_apart),
                cmocka_unit_test(strndup_copies_and_terminates),
                cmocka_unit_test(impossible_size_fails_cleanly),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
