/* SPDX-License-Identifier: MIT */
/* tests/unit/test_memfile.c: the memory file's extent allocator, zeroing and accounting. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../kernel/memfile.h"

#define PAGE 4096ULL
#define MF_PAGES 64ULL
#define MF_SIZE (MF_PAGES * PAGE)

static int setup(void **state)
{
    static struct memfile mf;
    if (memfile_init(&mf, MF_SIZE) < 0)
        return -1;
    *state = &mf;
    return 0;
}

static int teardown(void **state)
{
    memfile_fini(*state);
    return 0;
}

/* The free list holds exactly one extent covering everything but page 0. */
static void assert_pristine(const struct memfile *mf)
{
    assert_int_equal(mf->allocated, 0);
    assert_int_equal(mf->nfree, 1);
    assert_int_equal(mf->free[0].off, PAGE);
    assert_int_equal(mf->free[0].len, MF_SIZE - PAGE);
}

static void test_init(void **state)
{
    struct memfile *mf = *state;
    assert_true(mf->fd >= 0);
    assert_non_null(mf->base);
    assert_int_equal(mf->size, MF_SIZE);
    assert_int_equal(lseek(mf->fd, 0, SEEK_END), (off_t)MF_SIZE);
    assert_pristine(mf);
    /* The runtime's mapping is shared with the fd: a write shows in pread. */
    memcpy(memfile_ptr(mf, 5 * PAGE), "abc", 3);
    char buf[3];
    assert_int_equal(pread(mf->fd, buf, 3, (off_t)(5 * PAGE)), 3);
    assert_memory_equal(buf, "abc", 3);
    memset(memfile_ptr(mf, 5 * PAGE), 0, 3);
}

static void test_alloc_never_returns_zero(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, PAGE);
    assert_true(a > 0);
    assert_int_equal(a, PAGE);
    assert_int_equal(mf->allocated, PAGE);
    memfile_free(mf, (uint64_t)a, PAGE);
    assert_pristine(mf);
}

static void test_alloc_first_fit_and_disjoint(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, 2 * PAGE);
    int64_t b = memfile_alloc(mf, 3 * PAGE);
    int64_t c = memfile_alloc(mf, PAGE);
    assert_int_equal(a, PAGE);
    assert_int_equal(b, 3 * PAGE);
    assert_int_equal(c, 6 * PAGE);
    assert_int_equal(mf->allocated, 6 * PAGE);
    /* A hole of two pages is reused first by a request that fits it. */
    memfile_free(mf, (uint64_t)a, 2 * PAGE);
    assert_int_equal(memfile_alloc(mf, 3 * PAGE), 7 * PAGE);
    assert_int_equal(memfile_alloc(mf, PAGE), PAGE);
    assert_int_equal(memfile_alloc(mf, PAGE), 2 * PAGE);
    memfile_free(mf, PAGE, 2 * PAGE);
    memfile_free(mf, (uint64_t)b, 3 * PAGE);
    memfile_free(mf, (uint64_t)c, PAGE);
    memfile_free(mf, 7 * PAGE, 3 * PAGE);
    assert_pristine(mf);
}

static void test_alloc_exhaustion(void **state)
{
    struct memfile *mf = *state;
    assert_int_equal(memfile_alloc(mf, MF_SIZE), -ENOMEM);
    int64_t all = memfile_alloc(mf, MF_SIZE - PAGE);
    assert_int_equal(all, PAGE);
    assert_int_equal(mf->nfree, 0);
    assert_int_equal(memfile_alloc(mf, PAGE), -ENOMEM);
    memfile_free(mf, PAGE, MF_SIZE - PAGE);
    assert_pristine(mf);
}

static void test_fragmentation_enomem(void **state)
{
    struct memfile *mf = *state;
    int64_t off[MF_PAGES];
    size_t n = 0;
    for (int64_t o; (o = memfile_alloc(mf, PAGE)) > 0;)
        off[n++] = o;
    assert_int_equal(n, MF_PAGES - 1);
    /* Free every other page: plenty of free bytes, no two contiguous. */
    for (size_t i = 0; i < n; i += 2)
        memfile_free(mf, (uint64_t)off[i], PAGE);
    assert_int_equal(mf->nfree, (n + 1) / 2);
    assert_int_equal(memfile_alloc(mf, 2 * PAGE), -ENOMEM);
    for (size_t i = 1; i < n; i += 2)
        memfile_free(mf, (uint64_t)off[i], PAGE);
    assert_pristine(mf);
}

static void test_coalesce_prev_next_both(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, PAGE);
    int64_t b = memfile_alloc(mf, PAGE);
    int64_t c = memfile_alloc(mf, PAGE);
    int64_t d = memfile_alloc(mf, PAGE);
    assert_int_equal(mf->nfree, 1);

    memfile_free(mf, (uint64_t)a, PAGE); /* new extent before the tail */
    assert_int_equal(mf->nfree, 2);
    memfile_free(mf, (uint64_t)b, PAGE); /* merges with the previous (a) */
    assert_int_equal(mf->nfree, 2);
    assert_int_equal(mf->free[0].off, (uint64_t)a);
    assert_int_equal(mf->free[0].len, 2 * PAGE);

    memfile_free(mf, (uint64_t)d, PAGE); /* merges with the next (the tail) */
    assert_int_equal(mf->nfree, 2);
    assert_int_equal(mf->free[1].off, (uint64_t)d);

    memfile_free(mf, (uint64_t)c, PAGE); /* bridges both into one */
    assert_pristine(mf);
}

static void test_free_out_of_order_sorted(void **state)
{
    struct memfile *mf = *state;
    int64_t o[6];
    for (int i = 0; i < 6; i++)
        o[i] = memfile_alloc(mf, PAGE);
    memfile_free(mf, (uint64_t)o[4], PAGE);
    memfile_free(mf, (uint64_t)o[0], PAGE);
    memfile_free(mf, (uint64_t)o[2], PAGE);
    assert_int_equal(mf->nfree, 4);
    for (size_t i = 1; i < mf->nfree; i++)
        assert_true(mf->free[i - 1].off + mf->free[i - 1].len < mf->free[i].off);
    memfile_free(mf, (uint64_t)o[5], PAGE);
    memfile_free(mf, (uint64_t)o[1], PAGE);
    memfile_free(mf, (uint64_t)o[3], PAGE);
    assert_pristine(mf);
}

static void test_freed_memory_reads_zero(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, 2 * PAGE);
    uint8_t *p = memfile_ptr(mf, (uint64_t)a);
    memset(p, 0xa5, 2 * PAGE);
    memfile_free(mf, (uint64_t)a, 2 * PAGE);
    int64_t b = memfile_alloc(mf, 2 * PAGE);
    assert_int_equal(b, a); /* first fit hands the same bytes out again */
    p = memfile_ptr(mf, (uint64_t)b);
    for (uint64_t i = 0; i < 2 * PAGE; i++)
        if (p[i] != 0)
            fail_msg("byte %llu reads %#x after free, want 0", (unsigned long long)i, p[i]);
    /* Also through the fd: the pages were punched, not just cleared in the mapping. */
    uint8_t buf[64];
    assert_int_equal(pread(mf->fd, buf, sizeof(buf), (off_t)b), (ssize_t)sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0);
    memfile_free(mf, (uint64_t)b, 2 * PAGE);
    assert_pristine(mf);
}

static void test_partial_free(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, 4 * PAGE);
    memset(memfile_ptr(mf, (uint64_t)a), 0x11, 4 * PAGE);
    /* mm frees pieces of a VMA's backing (munmap of part of it). */
    memfile_free(mf, (uint64_t)a + PAGE, 2 * PAGE);
    assert_int_equal(mf->allocated, 2 * PAGE);
    assert_int_equal(*(uint8_t *)memfile_ptr(mf, (uint64_t)a), 0x11);
    assert_int_equal(*(uint8_t *)memfile_ptr(mf, (uint64_t)a + 3 * PAGE), 0x11);
    assert_int_equal(*(uint8_t *)memfile_ptr(mf, (uint64_t)a + PAGE), 0);
    memfile_free(mf, (uint64_t)a, PAGE);
    memfile_free(mf, (uint64_t)a + 3 * PAGE, PAGE);
    assert_pristine(mf);
}

static void test_free_zero_len_is_noop(void **state)
{
    struct memfile *mf = *state;
    memfile_free(mf, 12345, 0);
    assert_pristine(mf);
}

static void test_extend_in_place(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, PAGE);
    memset(memfile_ptr(mf, (uint64_t)a), 0x77, PAGE);
    assert_int_equal(memfile_extend(mf, (uint64_t)a, PAGE, 3 * PAGE), 0);
    assert_int_equal(mf->allocated, 3 * PAGE);
    assert_int_equal(*(uint8_t *)memfile_ptr(mf, (uint64_t)a), 0x77);
    assert_int_equal(*(uint8_t *)memfile_ptr(mf, (uint64_t)a + 2 * PAGE), 0);
    /* The grown bytes are really taken: the next allocation comes after them. */
    int64_t b = memfile_alloc(mf, PAGE);
    assert_int_equal(b, a + (int64_t)(3 * PAGE));
    /* ... and now the first allocation can no longer grow. */
    assert_int_equal(memfile_extend(mf, (uint64_t)a, 3 * PAGE, 4 * PAGE), -ENOMEM);
    assert_int_equal(mf->allocated, 4 * PAGE);
    memfile_free(mf, (uint64_t)a, 3 * PAGE);
    memfile_free(mf, (uint64_t)b, PAGE);
    assert_pristine(mf);
}

static void test_extend_consumes_whole_extent(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, PAGE);
    int64_t b = memfile_alloc(mf, 2 * PAGE);
    int64_t c = memfile_alloc(mf, PAGE);
    memfile_free(mf, (uint64_t)b, 2 * PAGE);
    assert_int_equal(mf->nfree, 2);
    /* Too big for the two-page hole after a. */
    assert_int_equal(memfile_extend(mf, (uint64_t)a, PAGE, 4 * PAGE), -ENOMEM);
    assert_int_equal(mf->allocated, 2 * PAGE);
    /* Exactly the hole: the extent disappears from the free list. */
    assert_int_equal(memfile_extend(mf, (uint64_t)a, PAGE, 3 * PAGE), 0);
    assert_int_equal(mf->nfree, 1);
    assert_int_equal(mf->allocated, 4 * PAGE);
    memfile_free(mf, (uint64_t)a, 3 * PAGE);
    memfile_free(mf, (uint64_t)c, PAGE);
    assert_pristine(mf);
}

static void test_many_extents_grow_table(void **state)
{
    (void)state;
    /* More free extents than the table's first capacity (64). */
    struct memfile mf;
    const uint64_t pages = 512;
    assert_int_equal(memfile_init(&mf, pages * PAGE), 0);
    int64_t off[512];
    size_t n = 0;
    for (int64_t o; (o = memfile_alloc(&mf, PAGE)) > 0;)
        off[n++] = o;
    assert_int_equal(n, pages - 1);
    for (size_t i = 0; i < n; i += 2)
        memfile_free(&mf, (uint64_t)off[i], PAGE);
    assert_int_equal(mf.nfree, (n + 1) / 2);
    assert_true(mf.capfree >= mf.nfree);
    for (size_t i = 1; i < n; i += 2)
        memfile_free(&mf, (uint64_t)off[i], PAGE);
    assert_int_equal(mf.allocated, 0);
    assert_int_equal(mf.nfree, 1);
    assert_int_equal(mf.free[0].len, (pages - 1) * PAGE);
    memfile_fini(&mf);
    assert_int_equal(mf.fd, -1);
    assert_null(mf.base);
}

/* Run @fn(@mf) in a child with stderr silenced; return the child's wait status. */
static int in_child(struct memfile *mf, void (*fn)(struct memfile *))
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDERR_FILENO);
        fn(mf);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void double_free(struct memfile *mf)
{
    int64_t a = memfile_alloc(mf, PAGE);
    memfile_alloc(mf, PAGE); /* keep a from merging into the tail */
    memfile_free(mf, (uint64_t)a, PAGE);
    memfile_free(mf, (uint64_t)a, PAGE);
}

static void overlapping_free(struct memfile *mf)
{
    int64_t a = memfile_alloc(mf, 4 * PAGE);
    memfile_free(mf, (uint64_t)a + PAGE, PAGE);
    memfile_free(mf, (uint64_t)a, 2 * PAGE); /* second page already free */
}

static void free_of_unallocated_tail(struct memfile *mf)
{
    memfile_alloc(mf, PAGE);
    memfile_free(mf, 20 * PAGE, PAGE); /* inside the never-allocated tail extent */
}

static void free_unaligned(struct memfile *mf)
{
    int64_t a = memfile_alloc(mf, PAGE);
    memfile_free(mf, (uint64_t)a + 1, PAGE);
}

static void free_past_end(struct memfile *mf)
{
    memfile_alloc(mf, MF_SIZE - PAGE);
    memfile_free(mf, MF_SIZE - PAGE, 2 * PAGE);
}

static void alloc_unaligned(struct memfile *mf)
{
    memfile_alloc(mf, PAGE + 1);
}

static void alloc_zero(struct memfile *mf)
{
    memfile_alloc(mf, 0);
}

static void extend_shrinking(struct memfile *mf)
{
    int64_t a = memfile_alloc(mf, 2 * PAGE);
    memfile_extend(mf, (uint64_t)a, 2 * PAGE, PAGE);
}

static void no_bug(struct memfile *mf)
{
    int64_t a = memfile_alloc(mf, PAGE);
    memfile_free(mf, (uint64_t)a, PAGE);
}

static void assert_aborts(struct memfile *mf, void (*fn)(struct memfile *), const char *what)
{
    int st = in_child(mf, fn);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGABRT)
        fail_msg("%s: child status %#x, want SIGABRT from BUG_ON", what, st);
}

static void test_bug_on_misuse(void **state)
{
    struct memfile *mf = *state;
    /* The harness itself: a correct sequence exits cleanly. */
    int st = in_child(mf, no_bug);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_aborts(mf, double_free, "double free");
    assert_aborts(mf, overlapping_free, "free overlapping a free extent");
    assert_aborts(mf, free_of_unallocated_tail, "free inside the free tail");
    assert_aborts(mf, free_unaligned, "unaligned free");
    assert_aborts(mf, free_past_end, "free past the end of the file");
    assert_aborts(mf, alloc_unaligned, "unaligned alloc");
    assert_aborts(mf, alloc_zero, "zero-length alloc");
    assert_aborts(mf, extend_shrinking, "extend to a smaller size");
    /* The parent's allocator was not touched by the children. */
    assert_pristine(mf);
}

/* A shared range survives its first owner's free: bytes kept, nothing released. */
static void test_share_keeps_pages_until_last_owner(void **state)
{
    struct memfile *mf = *state;
    int64_t a = memfile_alloc(mf, 4 * PAGE);
    assert_true(a > 0);
    memset(memfile_ptr(mf, (uint64_t)a), 0x5a, 4 * PAGE);
    assert_int_equal(memfile_share(mf, (uint64_t)a, 4 * PAGE), 0);
    assert_true(memfile_is_shared(mf, (uint64_t)a, 4 * PAGE));
    memfile_free(mf, (uint64_t)a, 4 * PAGE);
    assert_int_equal(mf->allocated, 4 * PAGE);
    assert_int_equal(((uint8_t *)memfile_ptr(mf, (uint64_t)a))[4 * PAGE - 1], 0x5a);
    assert_false(memfile_is_shared(mf, (uint64_t)a, 4 * PAGE));
    memfile_free(mf, (uint64_t)a, 4 * PAGE);
    assert_int_equal(mf->allocated, 0);
    assert_int_equal(mf->nshared, 0);
    assert_int_equal(((uint8_t *)memfile_ptr(mf, (uint64_t)a))[0], 0);
    assert_pristine(mf);
}

/*
 * Overlapping shares and frees of subranges: each page is released exactly
 * when its owner count reaches zero, whatever order the owners leave in.
 */
static void test_share_subranges(void **state)
{
    struct memfile *mf = *state;
    uint64_t a = (uint64_t)memfile_alloc(mf, 8 * PAGE);
    /* Owners per page (0..7): 1 1 2 3 3 2 1 1 */
    assert_int_equal(memfile_share(mf, a + 2 * PAGE, 4 * PAGE), 0);
    assert_int_equal(memfile_share(mf, a + 3 * PAGE, 2 * PAGE), 0);
    assert_false(memfile_is_shared(mf, a, 2 * PAGE));
    assert_true(memfile_is_shared(mf, a, 3 * PAGE));
    assert_false(memfile_is_shared(mf, a + 6 * PAGE, 2 * PAGE));
    /* The whole allocation's owner leaves: pages 0, 1, 6, 7 go. */
    memfile_free(mf, a, 8 * PAGE);
    assert_int_equal(mf->allocated, 4 * PAGE);
    /* Counts now: - - 1 2 2 1 - - */
    memfile_free(mf, a + 3 * PAGE, 2 * PAGE);
    assert_int_equal(mf->allocated, 4 * PAGE);
    assert_false(memfile_is_shared(mf, a + 2 * PAGE, 4 * PAGE));
    memfile_free(mf, a + 2 * PAGE, 2 * PAGE);
    assert_int_equal(mf->allocated, 2 * PAGE);
    memfile_free(mf, a + 4 * PAGE, 2 * PAGE);
    assert_int_equal(mf->allocated, 0);
    assert_int_equal(mf->nshared, 0);
    assert_pristine(mf);
}

/* Sharing a range twice over, then freeing: three owners, three frees. */
static void test_share_twice(void **state)
{
    struct memfile *mf = *state;
    uint64_t a = (uint64_t)memfile_alloc(mf, 2 * PAGE);
    assert_int_equal(memfile_share(mf, a, 2 * PAGE), 0);
    assert_int_equal(memfile_share(mf, a, PAGE), 0);
    memfile_free(mf, a, 2 * PAGE);
    assert_int_equal(mf->allocated, 2 * PAGE);
    memfile_free(mf, a, 2 * PAGE);
    assert_int_equal(mf->allocated, PAGE); /* page 1 had two owners, page 0 three */
    memfile_free(mf, a, PAGE);
    assert_int_equal(mf->allocated, 0);
    assert_pristine(mf);
}

/* Resident bytes are what was written, counted only as far as the cap needs. */
static void test_resident(void **state)
{
    struct memfile *mf = *state;
    uint64_t a = (uint64_t)memfile_alloc(mf, 40 * PAGE);
    assert_int_equal(memfile_resident(mf, a, 40 * PAGE, 40 * PAGE), 0);
    memset(memfile_ptr(mf, a + 3 * PAGE), 1, 2 * PAGE);
    memset(memfile_ptr(mf, a + 30 * PAGE) + 100, 1, 1);
    assert_int_equal(memfile_resident(mf, a, 40 * PAGE, 40 * PAGE), 3 * PAGE);
    assert_int_equal(memfile_resident(mf, a + 4 * PAGE, 10 * PAGE, 40 * PAGE), PAGE);
    memset(memfile_ptr(mf, a), 1, 40 * PAGE);
    /* Over the cap: some count above it, not necessarily all of it. */
    uint64_t n = memfile_resident(mf, a, 40 * PAGE, 8 * PAGE);
    assert_true(n > 8 * PAGE && n <= 40 * PAGE);
    memfile_free(mf, a, 40 * PAGE);
    assert_int_equal(memfile_resident(mf, a, 40 * PAGE, 40 * PAGE), 0);
}

/* Zeroing reads back as zeroes, keeps the bytes around it, and leaves whole pages as holes. */
static void test_zero(void **state)
{
    struct memfile *mf = *state;
    uint64_t a = (uint64_t)memfile_alloc(mf, 8 * PAGE);
    uint8_t *p = memfile_ptr(mf, a);
    memset(p, 0xab, 8 * PAGE);
    /* From the middle of page 1 to the middle of page 5: pages 2-4 become holes. */
    memfile_zero(mf, a + PAGE + 100, 4 * PAGE);
    /* Checked first: reading a hole of a shared mapping fills it again. */
    assert_int_equal(memfile_resident(mf, a, 8 * PAGE, 8 * PAGE), 5 * PAGE);
    /* Within one page: bytes only, the page stays. */
    memfile_zero(mf, a + 10, 20);
    assert_int_equal(memfile_resident(mf, a, 8 * PAGE, 8 * PAGE), 5 * PAGE);
    assert_int_equal(p[PAGE + 99], 0xab);
    for (uint64_t i = PAGE + 100; i < 5 * PAGE + 100; i++)
        if (p[i] != 0)
            fail_msg("byte %llu is 0x%x", (unsigned long long)i, p[i]);
    assert_int_equal(p[5 * PAGE + 100], 0xab);
    assert_int_equal(p[9], 0xab);
    assert_int_equal(p[10], 0);
    assert_int_equal(p[29], 0);
    assert_int_equal(p[30], 0xab);
    /* The range stays allocated: freeing it still works once. */
    memfile_free(mf, a, 8 * PAGE);
    assert_int_equal(memfile_resident(mf, a, 8 * PAGE, 8 * PAGE), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_never_returns_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_first_fit_and_disjoint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_exhaustion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragmentation_enomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coalesce_prev_next_both, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_out_of_order_sorted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freed_memory_reads_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_zero_len_is_noop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extend_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extend_consumes_whole_extent, setup, teardown),
        cmocka_unit_test(test_many_extents_grow_table),
        cmocka_unit_test_setup_teardown(test_bug_on_misuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_share_keeps_pages_until_last_owner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_share_subranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_share_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resident, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero, setup, teardown),
    };
    return cmocka_run_group_tests_name("memfile", tests, NULL, NULL);
}
