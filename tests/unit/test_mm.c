/* SPDX-License-Identifier: MIT */
/* tests/unit/test_mm.c: VMA placement, splitting, protection, mremap, brk, discard and fork's copy-on-write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/memfile.h"
#include "../../kernel/mm.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"

#define P FAKE_PAGE
#define R LINUX_PROT_READ
#define RW (LINUX_PROT_READ | LINUX_PROT_WRITE)
#define RX (LINUX_PROT_READ | LINUX_PROT_EXEC)
#define ANON (LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS)
#define X 0x10000000ULL
#define MAYMOVE LINUX_MREMAP_MAYMOVE
#define MFIXED LINUX_MREMAP_FIXED

static struct fake_env env;

static int setup(void **state)
{
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    *state = &env;
    return 0;
}

static int teardown(void **state)
{
    int64_t left = fake_env_teardown(*state);
    if (left != 0) {
        print_error("mm_destroy left %lld memory-file bytes allocated (or leaked the as)\n",
                    (long long)left);
        return -1;
    }
    return 0;
}

static struct mm *MM(void **state)
{
    return ((struct fake_env *)*state)->mm;
}

static int64_t map_fixed(struct mm *mm, uaddr_t a, uint64_t len, int prot, const char *name)
{
    return mm_map(mm, a, len, prot, ANON, 1, 0, name);
}

/* A store of @byte over guest [a, a+len), whatever its protection: copy-on-write
 * pages are copied first, as the guest's own store would have them. */
static void fill(struct mm *mm, uaddr_t a, uint64_t len, int byte)
{
    for (uaddr_t x = a; x < a + len;) {
        struct vma *v = mm_find(mm, x);
        assert_non_null(v);
        if (v->cow) {
            assert_int_equal(mm_cow_break(mm, x), 0);
            v = mm_find(mm, x);
            assert_non_null(v);
            assert_false(v->cow);
        }
        uint64_t n = (v->end < a + len ? v->end : a + len) - x;
        memset(mm_backing(mm, x, n), byte, n);
        x += n;
    }
}

/* Every byte of guest [a, a+len) (which may span VMAs) equals @byte. */
static void assert_bytes(struct mm *mm, uaddr_t a, uint64_t len, int byte)
{
    for (uaddr_t x = a; x < a + len; x++) {
        const uint8_t *p = mm_backing(mm, x, 1);
        if (!p)
            fail_msg("%#llx is not mapped", (unsigned long long)x);
        if (*p != (uint8_t)byte)
            fail_msg("%#llx reads %#x, want %#x", (unsigned long long)x, *p, byte & 0xff);
    }
}

static void assert_vma(struct mm *mm, size_t i, uaddr_t start, uaddr_t end, int prot)
{
    assert_true(i < mm->nvma);
    if (mm->vma[i].start != start || mm->vma[i].end != end || mm->vma[i].prot != prot)
        fail_msg("VMA %zu is [%#llx, %#llx) prot %d, want [%#llx, %#llx) prot %d", i,
                 (unsigned long long)mm->vma[i].start, (unsigned long long)mm->vma[i].end,
                 mm->vma[i].prot, (unsigned long long)start, (unsigned long long)end, prot);
}

static void assert_call(const struct fake_call *c, uaddr_t addr, uint64_t len)
{
    assert_non_null(c);
    if (c->addr != addr || c->len != len)
        fail_msg("platform call [%#llx, +%#llx), want [%#llx, +%#llx)",
                 (unsigned long long)c->addr, (unsigned long long)c->len,
                 (unsigned long long)addr, (unsigned long long)len);
}

/* ---- placement ---- */

static void test_create_layout(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(mm->nvma, 0);
    assert_int_equal(mm->min_addr, 0x10000);
    assert_int_equal(mm->max_addr, arch_user_max());
    assert_non_null(mm->as);
    assert_int_equal(mm->as->ncalls, 0);
}

static void test_create_failure(void **state)
{
    (void)state;
    struct memfile mf;
    struct platform p;
    assert_int_equal(memfile_init(&mf, 16 * P), 0);
    fake_platform_init(&p, &mf);
    int live = fake_platform_live, err = 0;
    fake_platform_fail_create = -LINUX_EAGAIN;
    assert_null(mm_create(&mf, &p, &err));
    assert_int_equal(err, -LINUX_EAGAIN);
    assert_int_equal(fake_platform_live, live);
    memfile_fini(&mf);
}

static void test_map_topdown(void **state)
{
    struct mm *mm = MM(state);
    int64_t a = mm_map(mm, 0, 3 * P, RW, ANON, 0, 0, "first");
    assert_int_equal(a, mm->mmap_base - 3 * P);
    int64_t b = mm_map(mm, 0, P, R, ANON, 0, 0, NULL);
    assert_int_equal(b, a - (int64_t)P);
    /* A length that is not a page multiple is rounded up. */
    int64_t c = mm_map(mm, 0, 100, R, ANON, 0, 0, NULL);
    assert_int_equal(c, b - (int64_t)P);

    assert_int_equal(mm->nvma, 3);
    assert_vma(mm, 0, (uaddr_t)c, (uaddr_t)c + P, R);
    assert_vma(mm, 1, (uaddr_t)b, (uaddr_t)b + P, R);
    assert_vma(mm, 2, (uaddr_t)a, (uaddr_t)a + 3 * P, RW);
    assert_string_equal(mm->vma[2].name, "first");
    assert_string_equal(mm->vma[1].name, "");
    assert_int_equal(mm->vma[2].flags, ANON);
    assert_int_equal(env.mf.allocated, 5 * P);

    /* The platform was told to map each VMA once, at its backing. */
    assert_int_equal(fake_as_count(mm->as, FAKE_MAP), 3);
    const struct fake_call *first = &mm->as->calls[0];
    assert_int_equal(first->op, FAKE_MAP);
    assert_call(first, (uaddr_t)a, 3 * P);
    assert_int_equal(first->off, mm->vma[2].mf_off);
    assert_int_equal(first->prot, RW);
    assert_platform_matches(mm);

    /* The backing is zeroed and distinct per VMA. */
    assert_bytes(mm, (uaddr_t)c, 5 * P, 0);
    assert_true(mm->vma[0].mf_off != mm->vma[1].mf_off);
}

static void test_map_hint(void **state)
{
    struct mm *mm = MM(state);
    /* A free hint is honoured exactly. */
    assert_int_equal(mm_map(mm, X, 2 * P, RW, ANON, 0, 0, NULL), X);
    /* An unaligned hint is rounded down. */
    assert_int_equal(mm_map(mm, 0x20000123, P, RW, ANON, 0, 0, NULL), 0x20000000);
    /* A hint that overlaps a mapping (fully or partly) is not taken; nothing is replaced. */
    int64_t o1 = mm_map(mm, X + P, P, RW, ANON, 0, 0, NULL);
    assert_int_equal(o1, mm->mmap_base - P);
    int64_t o2 = mm_map(mm, X - P, 2 * P, RW, ANON, 0, 0, NULL);
    assert_int_equal(o2, mm->mmap_base - 3 * P);
    /* A hint below the minimum address falls back to top-down too. */
    int64_t o3 = mm_map(mm, 0x1000, P, RW, ANON, 0, 0, NULL);
    assert_int_equal(o3, mm->mmap_base - 4 * P);
    /* A hint that would run past the user range is not taken. */
    int64_t o4 = mm_map(mm, mm->max_addr - P, 2 * P, RW, ANON, 0, 0, NULL);
    assert_int_equal(o4, mm->mmap_base - 6 * P);
    assert_int_equal(mm->nvma, 6);
    assert_vma(mm, 0, X, X + 2 * P, RW);
    assert_platform_matches(mm);
}

static void test_map_fills_gap_topdown(void **state)
{
    struct mm *mm = MM(state);
    uaddr_t base = mm->mmap_base;
    int64_t a = mm_map(mm, 0, P, RW, ANON, 0, 0, NULL);
    int64_t b = mm_map(mm, 0, 2 * P, RW, ANON, 0, 0, NULL);
    int64_t c = mm_map(mm, 0, P, RW, ANON, 0, 0, NULL);
    assert_int_equal(a, base - P);
    assert_int_equal(b, base - 3 * P);
    assert_int_equal(c, base - 4 * P);
    assert_int_equal(mm_unmap(mm, (uaddr_t)b, 2 * P), 0);
    /* The highest hole that fits wins: the top of the two-page gap. */
    assert_int_equal(mm_map(mm, 0, P, RW, ANON, 0, 0, NULL), base - 2 * P);
    /* Three pages fit only below everything. */
    assert_int_equal(mm_map(mm, 0, 3 * P, RW, ANON, 0, 0, NULL), base - 7 * P);
    /* One page still fits in what is left of the gap. */
    assert_int_equal(mm_map(mm, 0, P, RW, ANON, 0, 0, NULL), base - 3 * P);
    assert_int_equal(mm_find_free(mm, P), base - 8 * P);
    assert_platform_matches(mm);
}

static void test_map_no_room(void **state)
{
    struct mm *mm = MM(state);
    mm->mmap_base = mm->min_addr + 4 * P;
    assert_int_equal(mm_map(mm, 0, 5 * P, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm_map(mm, 0, 4 * P, RW, ANON, 0, 0, NULL), mm->min_addr);
    assert_int_equal(mm_map(mm, 0, P, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm_find_free(mm, P), 0);
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_int_equal(mm->nvma, 1);
}

static void test_map_fixed_replaces(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 4 * P, RW, "old"), X);
    uint64_t old_off = mm->vma[0].mf_off;
    fill(mm, X, 4 * P, 0xaa);
    assert_int_equal(env.mf.allocated, 4 * P);
    fake_as_clear_log(mm->as);

    assert_int_equal(map_fixed(mm, X + P, 2 * P, R, "new"), X + P);
    assert_int_equal(mm->nvma, 3);
    assert_vma(mm, 0, X, X + P, RW);
    assert_vma(mm, 1, X + P, X + 3 * P, R);
    assert_vma(mm, 2, X + 3 * P, X + 4 * P, RW);
    assert_string_equal(mm->vma[1].name, "new");
    assert_string_equal(mm->vma[2].name, "old");
    /* The pieces that stay keep their place in the old backing. */
    assert_int_equal(mm->vma[0].mf_off, old_off);
    assert_int_equal(mm->vma[2].mf_off, old_off + 3 * P);
    /* The replaced middle's backing went back to the memory file. */
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_bytes(mm, X, P, 0xaa);
    assert_bytes(mm, X + P, 2 * P, 0);
    assert_bytes(mm, X + 3 * P, P, 0xaa);
    /* One map call replaces the range on the platform. */
    assert_int_equal(fake_as_count(mm->as, FAKE_MAP), 1);
    const struct fake_call *c = fake_as_last(mm->as, FAKE_MAP);
    assert_call(c, X + P, 2 * P);
    assert_int_equal(c->off, mm->vma[1].mf_off);
    assert_int_equal(c->prot, R);
    assert_platform_matches(mm);
}

static void test_map_fixed_over_several(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, RW, NULL), X + 2 * P);
    assert_int_equal(map_fixed(mm, X + 4 * P, 2 * P, RW, NULL), X + 4 * P);
    assert_int_equal(map_fixed(mm, X, 5 * P, RX, NULL), X);
    assert_int_equal(mm->nvma, 2);
    assert_vma(mm, 0, X, X + 5 * P, RX);
    assert_vma(mm, 1, X + 5 * P, X + 6 * P, RW);
    assert_int_equal(env.mf.allocated, 6 * P);
    assert_platform_matches(mm);
}

static void test_map_fixed_noreplace(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    fill(mm, X, 2 * P, 0x3c);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_map(mm, X + P, 2 * P, R, ANON, 1, 1, NULL), -LINUX_EEXIST);
    assert_int_equal(mm_map(mm, X - P, 2 * P, R, ANON, 1, 1, NULL), -LINUX_EEXIST);
    assert_int_equal(mm->nvma, 1);
    assert_vma(mm, 0, X, X + 2 * P, RW);
    assert_int_equal(env.mf.allocated, 2 * P);
    assert_int_equal(mm->as->ncalls, 0);
    assert_bytes(mm, X, 2 * P, 0x3c);
    /* Adjacent is not overlapping. */
    assert_int_equal(mm_map(mm, X + 2 * P, P, R, ANON, 1, 1, NULL), X + 2 * P);
    assert_int_equal(mm_map(mm, X - P, P, R, ANON, 1, 1, NULL), X - P);
    assert_platform_matches(mm);
}

static void test_map_fixed_errors(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, 0, P, RW, NULL), -LINUX_EPERM);
    assert_int_equal(map_fixed(mm, 0x1000, P, RW, NULL), -LINUX_EPERM);
    assert_int_equal(map_fixed(mm, mm->min_addr - P, P, RW, NULL), -LINUX_EPERM);
    assert_int_equal(map_fixed(mm, X + 1, P, RW, NULL), -LINUX_EINVAL);
    assert_int_equal(map_fixed(mm, mm->max_addr - P, 2 * P, RW, NULL), -LINUX_ENOMEM);
    assert_int_equal(map_fixed(mm, X, mm->max_addr, RW, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm_map(mm, 0, 0, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm_map(mm, 0, UINT64_MAX, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm_map(mm, 0, UINT64_MAX - P, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm->nvma, 0);
    assert_int_equal(env.mf.allocated, 0);
    assert_int_equal(mm->as->ncalls, 0);
    /* The edges themselves are fine. */
    assert_int_equal(map_fixed(mm, mm->min_addr, P, RW, NULL), mm->min_addr);
    assert_int_equal(map_fixed(mm, mm->max_addr - P, P, RW, NULL), mm->max_addr - P);
    assert_platform_matches(mm);
}

static void test_map_platform_failure(void **state)
{
    struct mm *mm = MM(state);
    mm->as->fail_next_map = -LINUX_ENOMEM;
    assert_int_equal(mm_map(mm, 0, 2 * P, RW, ANON, 0, 0, NULL), -LINUX_ENOMEM);
    assert_int_equal(mm->nvma, 0);
    assert_int_equal(env.mf.allocated, 0);
    assert_platform_matches(mm);
    /* And the next mapping works and gets the same place. */
    assert_int_equal(mm_map(mm, 0, 2 * P, RW, ANON, 0, 0, NULL), mm->mmap_base - 2 * P);
}

static void test_map_backing_is_zero_after_reuse(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    fill(mm, X, 2 * P, 0xee);
    assert_int_equal(mm_unmap(mm, X, 2 * P), 0);
    assert_int_equal(map_fixed(mm, X + 8 * P, 2 * P, RW, NULL), X + 8 * P);
    assert_bytes(mm, X + 8 * P, 2 * P, 0);
}

/* ---- lookup ---- */

static void test_find_and_backing(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, R, NULL), X + 2 * P);
    assert_int_equal(map_fixed(mm, X + 5 * P, P, R, NULL), X + 5 * P);
    assert_null(mm_find(mm, X - 1));
    assert_ptr_equal(mm_find(mm, X), &mm->vma[0]);
    assert_ptr_equal(mm_find(mm, X + 2 * P - 1), &mm->vma[0]);
    assert_ptr_equal(mm_find(mm, X + 2 * P), &mm->vma[1]);
    assert_null(mm_find(mm, X + 3 * P));
    assert_null(mm_find(mm, X + 5 * P - 1));
    assert_ptr_equal(mm_find(mm, X + 6 * P - 1), &mm->vma[2]);
    assert_null(mm_find(mm, X + 6 * P));
    /* The hint cache must not return a stale VMA. */
    assert_ptr_equal(mm_find(mm, X), &mm->vma[0]);
    assert_null(mm_find(mm, X + 4 * P));
    assert_ptr_equal(mm_find(mm, X + P), &mm->vma[0]);

    uint8_t *p = mm_backing(mm, X + 10, 2 * P - 10);
    assert_ptr_equal(p, (uint8_t *)memfile_ptr(&env.mf, mm->vma[0].mf_off) + 10);
    assert_null(mm_backing(mm, X + 10, 2 * P - 9)); /* crosses into the next VMA */
    assert_null(mm_backing(mm, X + 3 * P, 1));
}

static void test_format_maps(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RX, "/bin/prog"), X);
    assert_int_equal(mm_map(mm, X + P, P, RW, LINUX_MAP_SHARED | LINUX_MAP_ANONYMOUS, 1, 0, ""),
                     X + P);
    char buf[512];
    size_t n = mm_format_maps(mm, buf, sizeof(buf));
    assert_int_equal(n, strlen(buf));
    assert_non_null(strstr(buf, "10000000-10001000 r-xp 00000000 00:00 0 "));
    assert_non_null(strstr(buf, "/bin/prog\n"));
    assert_non_null(strstr(buf, "10001000-10002000 rw-s 00000000 00:00 0 \n"));
    /* A short buffer is filled, terminated, and not overrun. */
    char small[20];
    memset(small, 'Z', sizeof(small));
    n = mm_format_maps(mm, small, 16);
    assert_true(n < 16);
    assert_int_equal(small[n], '\0');
    assert_int_equal(small[16], 'Z');
}

/* ---- munmap ---- */

static void test_unmap_middle_splits(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 3 * P, RW, "three"), X);
    uint64_t off = mm->vma[0].mf_off;
    fill(mm, X, P, 1);
    fill(mm, X + P, P, 2);
    fill(mm, X + 2 * P, P, 3);
    fake_as_clear_log(mm->as);

    assert_int_equal(mm_unmap(mm, X + P, P), 0);
    assert_int_equal(mm->nvma, 2);
    assert_vma(mm, 0, X, X + P, RW);
    assert_vma(mm, 1, X + 2 * P, X + 3 * P, RW);
    assert_int_equal(mm->vma[0].mf_off, off);
    assert_int_equal(mm->vma[1].mf_off, off + 2 * P);
    assert_string_equal(mm->vma[1].name, "three");
    assert_null(mm_find(mm, X + P));
    assert_bytes(mm, X, P, 1);
    assert_bytes(mm, X + 2 * P, P, 3);
    assert_int_equal(env.mf.allocated, 2 * P);
    /* Exactly one platform call: unmap of exactly the middle page. */
    assert_int_equal(mm->as->ncalls, 1);
    assert_int_equal(mm->as->calls[0].op, FAKE_UNMAP);
    assert_call(&mm->as->calls[0], X + P, P);
    assert_platform_matches(mm);
}

static void test_unmap_across_vmas(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, 2 * P, R, NULL), X + 2 * P);
    assert_int_equal(map_fixed(mm, X + 4 * P, 2 * P, RX, NULL), X + 4 * P);
    fill(mm, X, P, 7);
    fill(mm, X + 5 * P, P, 9);
    assert_int_equal(mm_unmap(mm, X + P, 4 * P), 0);
    assert_int_equal(mm->nvma, 2);
    assert_vma(mm, 0, X, X + P, RW);
    assert_vma(mm, 1, X + 5 * P, X + 6 * P, RX);
    assert_bytes(mm, X, P, 7);
    assert_bytes(mm, X + 5 * P, P, 9);
    assert_int_equal(env.mf.allocated, 2 * P);
    assert_platform_matches(mm);
}

static void test_unmap_holes_and_errors(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    /* Nothing mapped there: fine, and nothing changes. */
    assert_int_equal(mm_unmap(mm, X + 4 * P, 8 * P), 0);
    assert_int_equal(mm->nvma, 1);
    /* A length that is not a page multiple covers the partial page. */
    assert_int_equal(mm_unmap(mm, X, 1), 0);
    assert_int_equal(mm->nvma, 0);
    assert_int_equal(env.mf.allocated, 0);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_unmap(mm, X + 1, P), -LINUX_EINVAL);
    assert_int_equal(mm_unmap(mm, X, 0), -LINUX_EINVAL);
    assert_int_equal(mm_unmap(mm, mm->max_addr + P, P), -LINUX_EINVAL);
    assert_int_equal(mm_unmap(mm, X, mm->max_addr), -LINUX_EINVAL);
    assert_int_equal(mm->as->ncalls, 0);
    assert_platform_matches(mm);
}

/*
 * munmap(addr, len) with a len that page rounding wraps to 0: Linux checks
 * len > TASK_SIZE - addr before rounding (mm/mmap.c: do_vmi_munmap) and
 * returns EINVAL without touching anything.
 */
static void test_unmap_wrapping_len(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 3 * P, RW, NULL), X);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_unmap(mm, X + P, UINT64_MAX), -LINUX_EINVAL);
    assert_int_equal(mm_unmap(mm, X + P, UINT64_MAX - P + 2), -LINUX_EINVAL);
    /* Nothing may change: no VMA split, nothing told to the platform. */
    assert_int_equal(mm->nvma, 1);
    assert_int_equal(mm->as->ncalls, 0);
    assert_int_equal(mm->as->bad_calls, 0);
}

/* ---- mprotect ---- */

static void test_protect_across_vmas(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, "a"), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, 2 * P, RW, "b"), X + 2 * P);
    uint64_t boff = mm->vma[1].mf_off;
    fake_as_clear_log(mm->as);

    assert_int_equal(mm_protect(mm, X + P, 2 * P, R), 0);
    assert_int_equal(mm->nvma, 4);
    assert_vma(mm, 0, X, X + P, RW);
    assert_vma(mm, 1, X + P, X + 2 * P, R);
    assert_vma(mm, 2, X + 2 * P, X + 3 * P, R);
    assert_vma(mm, 3, X + 3 * P, X + 4 * P, RW);
    assert_string_equal(mm->vma[1].name, "a");
    assert_string_equal(mm->vma[2].name, "b");
    assert_int_equal(mm->vma[3].mf_off, boff + P);
    assert_int_equal(mm->as->ncalls, 1);
    const struct fake_call *c = fake_as_last(mm->as, FAKE_PROTECT);
    assert_call(c, X + P, 2 * P);
    assert_int_equal(c->prot, R);
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_platform_matches(mm);

    /* The whole range, length rounded up from a partial page. */
    assert_int_equal(mm_protect(mm, X, 4 * P - 5, LINUX_PROT_NONE), 0);
    for (size_t i = 0; i < mm->nvma; i++)
        assert_int_equal(mm->vma[i].prot, LINUX_PROT_NONE);
    assert_call(fake_as_last(mm->as, FAKE_PROTECT), X, 4 * P);
    assert_platform_matches(mm);
}

static void test_protect_hole_enomem(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, RW, NULL), X + 2 * P);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_protect(mm, X, 3 * P, R), -LINUX_ENOMEM);
    assert_int_equal(mm_protect(mm, X - P, 2 * P, R), -LINUX_ENOMEM);
    assert_int_equal(mm_protect(mm, X + 2 * P, 2 * P, R), -LINUX_ENOMEM);
    assert_int_equal(mm_protect(mm, X + 5 * P, P, R), -LINUX_ENOMEM);
    /* Nothing changed, nothing was split, the platform heard nothing. */
    assert_int_equal(mm->nvma, 2);
    assert_int_equal(mm->vma[0].prot, RW);
    assert_int_equal(mm->vma[1].prot, RW);
    assert_int_equal(mm->as->ncalls, 0);
    /* Argument errors. */
    assert_int_equal(mm_protect(mm, X + 1, P, R), -LINUX_EINVAL);
    assert_int_equal(mm_protect(mm, X, 0, R), 0);
    assert_int_equal(mm_protect(mm, mm->max_addr - P, 2 * P, R), -LINUX_ENOMEM);
    assert_int_equal(mm->as->ncalls, 0);
}

/*
 * mprotect(addr, len) with len that page rounding wraps to 0: Linux
 * (mm/mprotect.c: do_mprotect_pkey) rounds, sees end <= start, ENOMEM.
 */
static void test_protect_wrapping_len(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(mm_protect(mm, X, UINT64_MAX, R), -LINUX_ENOMEM);
    assert_int_equal(mm->vma[0].prot, RW);
}

/* ---- mremap ---- */

static void test_remap_grow_in_place(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, "g"), X);
    uint64_t off = mm->vma[0].mf_off;
    fill(mm, X, 2 * P, 0x61);
    fake_as_clear_log(mm->as);

    assert_int_equal(mm_remap(mm, X, 2 * P, 4 * P, 0, 0), X);
    assert_int_equal(mm->nvma, 1);
    assert_vma(mm, 0, X, X + 4 * P, RW);
    assert_int_equal(mm->vma[0].mf_off, off);
    assert_bytes(mm, X, 2 * P, 0x61);
    assert_bytes(mm, X + 2 * P, 2 * P, 0);
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_int_equal(mm->as->ncalls, 1);
    const struct fake_call *c = fake_as_last(mm->as, FAKE_MAP);
    assert_call(c, X + 2 * P, 2 * P);
    assert_int_equal(c->off, off + 2 * P);
    assert_platform_matches(mm);
}

static void test_remap_grow_in_place_new_backing(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, "g"), X);
    /* Take the memory-file bytes right after X's backing. */
    assert_int_equal(map_fixed(mm, X + 100 * P, P, RW, NULL), X + 100 * P);
    assert_int_equal(mm->vma[1].mf_off, mm->vma[0].mf_off + 2 * P);
    fill(mm, X, 2 * P, 0x62);

    assert_int_equal(mm_remap(mm, X, 2 * P, 5 * P, 0, 0), X);
    assert_bytes(mm, X, 2 * P, 0x62);
    assert_bytes(mm, X + 2 * P, 3 * P, 0);
    assert_non_null(mm_find(mm, X + 5 * P - 1));
    assert_null(mm_find(mm, X + 5 * P));
    assert_int_equal(mm_find(mm, X + 4 * P)->prot, RW);
    assert_int_equal(env.mf.allocated, 6 * P);
    assert_platform_matches(mm);
}

static void test_remap_blocked_without_maymove(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, R, NULL), X + 2 * P);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_remap(mm, X, 2 * P, 3 * P, 0, 0), -LINUX_ENOMEM);
    assert_int_equal(mm->nvma, 2);
    assert_vma(mm, 0, X, X + 2 * P, RW);
    assert_int_equal(env.mf.allocated, 3 * P);
    assert_int_equal(mm->as->ncalls, 0);
}

static void test_remap_move(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, "moveme"), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, R, "wall"), X + 2 * P);
    fill(mm, X, P, 0x71);
    fill(mm, X + P, P, 0x72);
    fill(mm, X + 2 * P, P, 0x73);
    fake_as_clear_log(mm->as);

    int64_t n = mm_remap(mm, X, 2 * P, 3 * P, MAYMOVE, 0);
    assert_true(n > 0);
    assert_int_equal(n, mm->mmap_base - 3 * P);
    struct vma *v = mm_find(mm, (uaddr_t)n);
    assert_non_null(v);
    assert_int_equal(v->start, (uaddr_t)n);
    assert_int_equal(v->end, (uaddr_t)n + 3 * P);
    assert_int_equal(v->prot, RW);
    assert_int_equal(v->flags, ANON);
    assert_string_equal(v->name, "moveme");
    assert_bytes(mm, (uaddr_t)n, P, 0x71);
    assert_bytes(mm, (uaddr_t)n + P, P, 0x72);
    assert_bytes(mm, (uaddr_t)n + 2 * P, P, 0);
    /* The old range is gone, its neighbour untouched. */
    assert_null(mm_find(mm, X));
    assert_null(mm_find(mm, X + P));
    assert_bytes(mm, X + 2 * P, P, 0x73);
    assert_int_equal(env.mf.allocated, 4 * P);
    const struct fake_call *u = fake_as_last(mm->as, FAKE_UNMAP);
    assert_call(u, X, 2 * P);
    assert_platform_matches(mm);
}

static void test_remap_move_part_of_vma(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 4 * P, RW, NULL), X);
    for (int i = 0; i < 4; i++)
        fill(mm, X + (uaddr_t)i * P, P, 0x40 + i);
    /* Grow the middle two pages: they are not at the VMA's end, so they move. */
    int64_t n = mm_remap(mm, X + P, 2 * P, 3 * P, MAYMOVE, 0);
    assert_true(n > 0 && (uaddr_t)n != X + P);
    assert_bytes(mm, (uaddr_t)n, P, 0x41);
    assert_bytes(mm, (uaddr_t)n + P, P, 0x42);
    assert_bytes(mm, (uaddr_t)n + 2 * P, P, 0);
    assert_bytes(mm, X, P, 0x40);
    assert_bytes(mm, X + 3 * P, P, 0x43);
    assert_null(mm_find(mm, X + P));
    assert_null(mm_find(mm, X + 2 * P));
    assert_int_equal(env.mf.allocated, 5 * P);
    assert_platform_matches(mm);
}

/*
 * mremap that cannot grow in place because the platform refuses the new
 * pages, then moves. The failed attempt went through mm_map(), which may
 * reallocate the VMA array; the move must not use a VMA pointer taken
 * before that (run under -Db_sanitize=address to see a stale one).
 */
static void test_remap_move_after_failed_grow(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RX, "grow"), X);
    /* Take the memory-file bytes after X's backing: growing needs a second VMA. */
    assert_int_equal(map_fixed(mm, X + 200 * P, P, RW, NULL), X + 200 * P);
    /* Fill the VMA array to its capacity, so that the next insertion reallocates it. */
    for (uaddr_t a = X + 300 * P; mm->nvma < mm->capvma; a += 2 * P)
        assert_int_equal(map_fixed(mm, a, P, R, NULL), a);
    assert_int_equal(mm->nvma, mm->capvma);
    size_t before = mm->nvma;
    fill(mm, X, 2 * P, 0x6e);
    mm->as->fail_next_map = -LINUX_ENOMEM;
    int64_t n = mm_remap(mm, X, 2 * P, 4 * P, MAYMOVE, 0);
    assert_true(n > 0);
    assert_true((uaddr_t)n != X);
    struct vma *v = mm_find(mm, (uaddr_t)n);
    assert_non_null(v);
    assert_int_equal(v->end - v->start, 4 * P);
    assert_int_equal(v->prot, RX);
    assert_string_equal(v->name, "grow");
    assert_bytes(mm, (uaddr_t)n, 2 * P, 0x6e);
    assert_bytes(mm, (uaddr_t)n + 2 * P, 2 * P, 0);
    assert_null(mm_find(mm, X));
    assert_int_equal(mm->nvma, before);
    assert_platform_matches(mm);
}

static void test_remap_shrink(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 4 * P, RW, NULL), X);
    fill(mm, X, 4 * P, 0x55);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_remap(mm, X, 4 * P, P + 1, 0, 0), X);
    assert_int_equal(mm->nvma, 1);
    assert_vma(mm, 0, X, X + 2 * P, RW);
    assert_bytes(mm, X, 2 * P, 0x55);
    assert_int_equal(env.mf.allocated, 2 * P);
    assert_int_equal(mm->as->ncalls, 1);
    assert_call(fake_as_last(mm->as, FAKE_UNMAP), X + 2 * P, 2 * P);
    /* Same size: nothing to do. */
    assert_int_equal(mm_remap(mm, X, 2 * P, 2 * P, 0, 0), X);
    assert_int_equal(mm->as->ncalls, 1);
    assert_platform_matches(mm);
}

static void test_remap_fixed(void **state)
{
    struct mm *mm = MM(state);
    const uaddr_t D = 0x30000000;
    assert_int_equal(map_fixed(mm, X, 2 * P, RX, "src"), X);
    assert_int_equal(map_fixed(mm, D + P, 2 * P, RW, "victim"), D + P);
    fill(mm, X, 2 * P, 0x19);
    fill(mm, D + P, 2 * P, 0x20);

    assert_int_equal(mm_remap(mm, X, 2 * P, 2 * P, MAYMOVE, D), X); /* no FIXED: stays */
    assert_int_equal(mm_remap(mm, X, 2 * P, 2 * P, MAYMOVE | MFIXED, D), D);
    assert_null(mm_find(mm, X));
    assert_bytes(mm, D, 2 * P, 0x19);
    assert_int_equal(mm_find(mm, D)->prot, RX);
    /* The victim's first page was replaced, its second survives. */
    assert_bytes(mm, D + 2 * P, P, 0x20);
    assert_string_equal(mm_find(mm, D + 2 * P)->name, "victim");
    assert_int_equal(env.mf.allocated, 3 * P);

    /* Overlapping source and destination, unaligned destination, FIXED without MAYMOVE. */
    assert_int_equal(mm_remap(mm, D, 2 * P, 2 * P, MAYMOVE | MFIXED, D + P), -LINUX_EINVAL);
    assert_int_equal(mm_remap(mm, D, 2 * P, 2 * P, MAYMOVE | MFIXED, D - P), -LINUX_EINVAL);
    assert_int_equal(mm_remap(mm, D, 2 * P, 2 * P, MAYMOVE | MFIXED, X + 1), -LINUX_EINVAL);
    assert_int_equal(mm_remap(mm, D, 2 * P, 2 * P, MFIXED, X), -LINUX_EINVAL);
    assert_bytes(mm, D, 2 * P, 0x19);
    assert_platform_matches(mm);
}

static void test_remap_errors(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + P, P, R, NULL), X + P);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_remap(mm, X + 4 * P, P, 2 * P, MAYMOVE, 0), -LINUX_EFAULT);
    assert_int_equal(mm_remap(mm, X, 2 * P, 3 * P, MAYMOVE, 0), -LINUX_EFAULT);
    assert_int_equal(mm_remap(mm, X, P, 0, MAYMOVE, 0), -LINUX_EINVAL);
    assert_int_equal(mm_remap(mm, X + 1, P, 2 * P, MAYMOVE, 0), -LINUX_EINVAL);
    assert_int_equal(mm_remap(mm, X, P, 2 * P, LINUX_MREMAP_DONTUNMAP | MAYMOVE, 0),
                     -LINUX_EINVAL);
    assert_int_equal(mm->nvma, 2);
    assert_int_equal(env.mf.allocated, 2 * P);
    assert_int_equal(mm->as->ncalls, 0);
}

/*
 * Linux merges adjacent anonymous VMAs with equal attributes, so after an
 * mprotect that is undone the range is one VMA again and mremap of the whole
 * range works (mm/mremap.c: vma_to_resize needs one VMA). The core never
 * merges, so the old range spans two VMAs and mremap says EFAULT.
 */
static void test_remap_after_protect_roundtrip(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    fill(mm, X, 2 * P, 0x2b);
    assert_int_equal(mm_protect(mm, X + P, P, R), 0);
    assert_int_equal(mm_protect(mm, X + P, P, RW), 0);
    int64_t n = mm_remap(mm, X, 2 * P, 4 * P, MAYMOVE, 0);
    assert_true(n > 0);
    assert_bytes(mm, (uaddr_t)n, 2 * P, 0x2b);
    assert_platform_matches(mm);
}

/* ---- brk ---- */

#define B 0x20000000ULL

static void test_brk_grow_shrink(void **state)
{
    struct mm *mm = MM(state);
    mm->brk_start = mm->brk = B;
    assert_int_equal(mm_set_brk(mm, 0), B); /* the query glibc starts with */
    assert_int_equal(mm->nvma, 0);

    assert_int_equal(mm_set_brk(mm, B + 100), B + 100);
    assert_int_equal(mm->brk, B + 100);
    assert_int_equal(mm->nvma, 1);
    assert_vma(mm, 0, B, B + P, RW);
    assert_string_equal(mm->vma[0].name, "[heap]");
    assert_int_equal(mm->vma[0].flags, ANON);
    fill(mm, B, 100, 0x42);

    /* Growing within the same page maps nothing new. */
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_set_brk(mm, B + 200), B + 200);
    assert_int_equal(mm->as->ncalls, 0);

    assert_int_equal(mm_set_brk(mm, B + 3 * P + 5), B + 3 * P + 5);
    assert_int_equal(mm->nvma, 1);
    assert_vma(mm, 0, B, B + 4 * P, RW);
    assert_bytes(mm, B, 100, 0x42);
    assert_int_equal(env.mf.allocated, 4 * P);
    fill(mm, B + 2 * P, P, 0x43);
    assert_platform_matches(mm);

    /* Shrink: the pages above the new break are unmapped and freed. */
    assert_int_equal(mm_set_brk(mm, B + 10), B + 10);
    assert_vma(mm, 0, B, B + P, RW);
    assert_int_equal(env.mf.allocated, P);
    assert_call(fake_as_last(mm->as, FAKE_UNMAP), B + P, 3 * P);
    /* Growing again gives zeroes, not the old contents. */
    assert_int_equal(mm_set_brk(mm, B + 3 * P), B + 3 * P);
    assert_bytes(mm, B + 2 * P, P, 0);
    assert_bytes(mm, B, 10, 0x42);

    /* Back to the start: no heap at all. */
    assert_int_equal(mm_set_brk(mm, B), B);
    assert_int_equal(mm->nvma, 0);
    assert_int_equal(env.mf.allocated, 0);
    assert_int_equal(mm_set_brk(mm, B + P), B + P);
    assert_vma(mm, 0, B, B + P, RW);
    assert_bytes(mm, B, P, 0);
    assert_platform_matches(mm);
}

static void test_brk_refusals(void **state)
{
    struct mm *mm = MM(state);
    mm->brk_start = mm->brk = B;
    assert_int_equal(mm_set_brk(mm, B + P), B + P);
    /* Below the start: refused, the break does not move. */
    assert_int_equal(mm_set_brk(mm, B - 1), B + P);
    assert_int_equal(mm_set_brk(mm, B - P), B + P);
    assert_int_equal(mm->brk, B + P);
    /* Into another mapping: refused. */
    assert_int_equal(map_fixed(mm, B + 3 * P, P, R, NULL), B + 3 * P);
    assert_int_equal(mm_set_brk(mm, B + 4 * P), B + P);
    assert_int_equal(mm_set_brk(mm, B + 3 * P + 1), B + P);
    /* Up to a page short of the mapping is fine (Linux's brk() keeps that gap). */
    assert_int_equal(mm_set_brk(mm, B + 2 * P), B + 2 * P);
    /* At or past the mmap area: refused. */
    assert_int_equal(mm_set_brk(mm, mm->mmap_base), B + 2 * P);
    assert_int_equal(mm_set_brk(mm, UINT64_MAX), B + 2 * P);
    for (uaddr_t a = B; a < B + 2 * P; a += P)
        assert_int_equal(mm_find(mm, a)->prot, RW);
    assert_null(mm_find(mm, B + 2 * P));
    assert_int_equal(mm_find(mm, B + 3 * P)->prot, R);
    assert_int_equal(env.mf.allocated, 3 * P);
    assert_platform_matches(mm);
}

static void test_brk_grow_when_backing_is_taken(void **state)
{
    struct mm *mm = MM(state);
    mm->brk_start = mm->brk = B;
    assert_int_equal(mm_set_brk(mm, B + P), B + P);
    fill(mm, B, P, 0x48);
    /* An mmap takes the memory-file bytes after the heap's. */
    assert_true(mm_map(mm, 0, P, RW, ANON, 0, 0, NULL) > 0);
    assert_int_equal(mm_set_brk(mm, B + 3 * P), B + 3 * P);
    assert_bytes(mm, B, P, 0x48);
    assert_bytes(mm, B + P, 2 * P, 0);
    for (uaddr_t a = B; a < B + 3 * P; a += P)
        assert_int_equal(mm_find(mm, a)->prot, RW);
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_platform_matches(mm);
    /* Shrinking across the two pieces works too. */
    assert_int_equal(mm_set_brk(mm, B), B);
    assert_int_equal(env.mf.allocated, P);
    assert_platform_matches(mm);
}

/* ---- madvise(MADV_DONTNEED) ---- */

static void test_discard_zeroes(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 4 * P, RW, NULL), X);
    fill(mm, X, 4 * P, 0x5a);
    fake_as_clear_log(mm->as);
    assert_int_equal(mm_discard(mm, X + P, P), 0);
    assert_bytes(mm, X, P, 0x5a);
    assert_bytes(mm, X + P, P, 0);
    assert_bytes(mm, X + 2 * P, 2 * P, 0x5a);
    /* A partial page length covers the whole page. */
    assert_int_equal(mm_discard(mm, X + 2 * P, 1), 0);
    assert_bytes(mm, X + 2 * P, P, 0);
    assert_bytes(mm, X + 3 * P, P, 0x5a);
    /* The mapping itself is unchanged; only the contents went. */
    assert_int_equal(mm->nvma, 1);
    assert_int_equal(env.mf.allocated, 4 * P);
    assert_int_equal(mm->as->ncalls, 0);
    assert_int_equal(mm_discard(mm, X, 0), 0);
    assert_int_equal(mm_discard(mm, X + 1, P), -LINUX_EINVAL);
    assert_bytes(mm, X + 3 * P, P, 0x5a);
}

static void test_discard_across_vmas(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, 2 * P, R, NULL), X + 2 * P);
    fill(mm, X, 2 * P, 0x11);
    fill(mm, X + 2 * P, 2 * P, 0x22);
    assert_int_equal(mm_discard(mm, X + P, 2 * P), 0);
    assert_bytes(mm, X, P, 0x11);
    assert_bytes(mm, X + P, 2 * P, 0);
    assert_bytes(mm, X + 3 * P, P, 0x22);
}

static void test_discard_unmapped_enomem(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(mm_discard(mm, X, P), -LINUX_ENOMEM);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    fill(mm, X, P, 0x33);
    /* Mapped then a hole at the end: the mapped part is still discarded. */
    assert_int_equal(mm_discard(mm, X, 2 * P), -LINUX_ENOMEM);
    assert_bytes(mm, X, P, 0);
}

/*
 * A hole in the middle of the range: Linux (mm/madvise.c: madvise_walk_vmas)
 * records ENOMEM and carries on with the VMAs after the hole; the comment in
 * mm_discard says the same. The VMA after the hole must be zeroed too.
 */
static void test_discard_continues_past_hole(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(map_fixed(mm, X + 2 * P, P, RW, NULL), X + 2 * P);
    fill(mm, X, P, 0x44);
    fill(mm, X + 2 * P, P, 0x45);
    assert_int_equal(mm_discard(mm, X, 3 * P), -LINUX_ENOMEM);
    assert_bytes(mm, X, P, 0);
    assert_bytes(mm, X + 2 * P, P, 0);
}

/* madvise with a len that rounds to 0 is EINVAL in Linux (mm/madvise.c: len_in && !len). */
static void test_discard_wrapping_len(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, P, RW, NULL), X);
    assert_int_equal(mm_discard(mm, X, UINT64_MAX), -LINUX_EINVAL);
}

/* ---- mm_destroy ---- */

static void test_destroy_returns_everything(void **state)
{
    (void)state;
    struct fake_env e;
    assert_int_equal(fake_env_setup(&e, FAKE_MF_SIZE), 0);
    struct mm *mm = e.mm;
    int live = fake_platform_live;
    mm->brk_start = mm->brk = B;
    assert_int_equal(mm_set_brk(mm, B + 5 * P), B + 5 * P);
    for (int i = 0; i < 40; i++)
        assert_true(mm_map(mm, 0, (uint64_t)(i % 5 + 1) * P, RW, ANON, 0, 0, NULL) > 0);
    assert_int_equal(map_fixed(mm, X, 16 * P, RW, NULL), X);
    assert_int_equal(mm_protect(mm, X + P, P, R), 0);
    assert_int_equal(mm_protect(mm, X + 5 * P, 3 * P, LINUX_PROT_NONE), 0);
    assert_int_equal(mm_unmap(mm, X + 10 * P, P), 0);
    assert_true(mm_remap(mm, X + 11 * P, 2 * P, 6 * P, MAYMOVE, 0) > 0);
    assert_int_equal(map_fixed(mm, X + 2 * P, 2 * P, RX, NULL), X + 2 * P);
    assert_int_equal(mm_set_brk(mm, B + 2 * P), B + 2 * P);
    assert_true(mm->nvma > 40);
    assert_true(e.mf.allocated > 0);
    assert_platform_matches(mm);
    assert_int_equal(fake_env_teardown(&e), 0);
    assert_int_equal(fake_platform_live, live - 1);
}

/* ---- fork: what is shared and what is copied ---- */

static void test_fork_shares_readonly_copies_writable(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 2 * P, RX, "text"), X);
    assert_int_equal(map_fixed(mm, X + 4 * P, 2 * P, RW, "data"), X + 4 * P);
    assert_int_equal(mm_map(mm, X + 8 * P, P, RW, LINUX_MAP_SHARED | LINUX_MAP_ANONYMOUS, 1, 0,
                            NULL), X + 8 * P);
    fill(mm, X, 2 * P, 0x11);
    fill(mm, X + 4 * P, 2 * P, 0x22);
    fill(mm, X + 8 * P, P, 0x33);
    uint64_t before = env.mf.allocated;
    int err = 0;
    struct mm *child = mm_fork(mm, &err);
    assert_non_null(child);
    /* Only the writable private VMA took new backing. */
    assert_int_equal(env.mf.allocated, before + 2 * P);
    assert_int_equal(child->vma[0].mf_off, mm->vma[0].mf_off);
    assert_true(child->vma[1].mf_off != mm->vma[1].mf_off);
    assert_int_equal(child->vma[2].mf_off, mm->vma[2].mf_off);
    assert_bytes(child, X, 2 * P, 0x11);
    assert_bytes(child, X + 4 * P, 2 * P, 0x22);
    /* Private data diverges; the shared mapping is one object for both. */
    fill(child, X + 4 * P, P, 0x44);
    assert_bytes(mm, X + 4 * P, P, 0x22);
    fill(child, X + 8 * P, P, 0x55);
    assert_bytes(mm, X + 8 * P, P, 0x55);
    /* Making the shared text writable in the child copies nothing yet: the
     * platform keeps it read-only until the first store, which copies. */
    fake_as_clear_log(child->as);
    assert_int_equal(mm_protect(child, X + P, P, RW), 0);
    assert_int_equal(child->vma[1].mf_off, mm->vma[0].mf_off + P);
    assert_true(child->vma[1].cow);
    assert_int_equal(fake_as_prot_at(child->as, X + P), R);
    assert_platform_matches(child);
    assert_int_equal(mm_fault(child, X + P), 0);
    assert_true(child->vma[1].mf_off != mm->vma[0].mf_off + P);
    assert_int_equal(fake_as_prot_at(child->as, X + P), RW);
    assert_bytes(child, X + P, P, 0x11);
    fill(child, X + P, P, 0x66);
    assert_bytes(mm, X, 2 * P, 0x11);
    assert_bytes(child, X, P, 0x11);
    assert_platform_matches(child);
    /* Discarding shared read-only pages in the child leaves the parent's alone. */
    assert_int_equal(mm_discard(child, X, P), 0);
    assert_bytes(child, X, P, 0);
    assert_bytes(mm, X, 2 * P, 0x11);
    assert_platform_matches(child);
    mm_destroy(child);
    /* What the parent still maps is all that is left. */
    assert_int_equal(env.mf.allocated, before);
    assert_bytes(mm, X, 2 * P, 0x11);
    assert_bytes(mm, X + 8 * P, P, 0x55);
    assert_platform_matches(mm);
}

/* The parent going first leaves the child's shared pages intact. */
static void test_fork_parent_exits_first(void **state)
{
    struct fake_env e;
    (void)state;
    assert_int_equal(fake_env_setup(&e, FAKE_MF_SIZE), 0);
    assert_int_equal(map_fixed(e.mm, X, 3 * P, R, "ro"), X);
    fill(e.mm, X, 3 * P, 0x77);
    int err = 0;
    struct mm *child = mm_fork(e.mm, &err);
    assert_non_null(child);
    assert_int_equal(mm_unmap(e.mm, X, 3 * P), 0);
    assert_bytes(child, X, 3 * P, 0x77);
    assert_int_equal(e.mf.allocated, 3 * P);
    mm_destroy(child);
    assert_int_equal(e.mf.allocated, 0);
    assert_int_equal(fake_env_teardown(&e), 0);
}

/* Large private writable memory is shared at fork and copied a window at a time. */
static void test_fork_cow_copies_on_write(void **state)
{
    struct mm *mm = MM(state);
    const uint64_t n = 64;
    assert_int_equal(map_fixed(mm, X, n * P, RW, "[heap]"), X);
    fill(mm, X, n * P, 0x22);
    uint64_t before = env.mf.allocated;
    int err = 0;
    struct mm *child = mm_fork(mm, &err);
    assert_non_null(child);
    assert_int_equal(env.mf.allocated, before); /* nothing copied */
    assert_true(mm->vma[0].cow && child->vma[0].cow);
    assert_int_equal(fake_as_prot_at(mm->as, X), R);
    assert_int_equal(fake_as_prot_at(child->as, X + 5 * P), R);
    assert_platform_matches(mm);
    assert_platform_matches(child);

    /* The child's store copies the aligned 16-page window around it, no more. */
    assert_int_equal(mm_fault(child, X + 3 * P + 8), 0);
    assert_int_equal(env.mf.allocated, before + 16 * P);
    assert_int_equal(fake_as_prot_at(child->as, X + 15 * P), RW);
    assert_int_equal(fake_as_prot_at(child->as, X + 16 * P), R);
    fill(child, X + 3 * P, P, 0x44);
    assert_bytes(mm, X, n * P, 0x22);
    assert_bytes(child, X, 3 * P, 0x22);
    assert_bytes(child, X + 3 * P, P, 0x44);
    assert_bytes(child, X + 4 * P, (n - 4) * P, 0x22);
    /* The next window continues the first one's backing: still one VMA there. */
    fill(child, X + 20 * P, P, 0x45);
    assert_false(child->vma[0].cow);
    assert_int_equal(child->vma[0].end, X + 32 * P);
    assert_platform_matches(child);

    /* The kernel's own stores (read(2) into a buffer) copy as well. */
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    assert_int_equal(copy_to_user(mm, X + 40 * P - 4, buf, sizeof(buf)), 0);
    assert_bytes(child, X + 32 * P, 32 * P, 0x22);
    uint8_t back[8];
    assert_int_equal(copy_from_user(mm, back, X + 40 * P - 4, sizeof(back)), 0);
    assert_memory_equal(back, buf, sizeof(buf));
    assert_platform_matches(mm);

    /* Split or not, each is one VMA to the guest: one maps line, one mremap. */
    char maps[512];
    mm_format_maps(child, maps, sizeof(maps));
    assert_string_equal(maps, "10000000-10040000 rw-p 00000000 00:00 0                           [heap]\n");
    int64_t moved = mm_remap(child, X, n * P, (n + 8) * P, MAYMOVE, 0);
    assert_true(moved > 0);
    assert_bytes(child, (uaddr_t)moved, 3 * P, 0x22);
    assert_bytes(child, (uaddr_t)moved + 3 * P, P, 0x44);
    assert_bytes(child, (uaddr_t)moved + 20 * P, P, 0x45);
    assert_bytes(child, (uaddr_t)moved + 21 * P, (n - 21) * P, 0x22);
    assert_bytes(child, (uaddr_t)moved + n * P, 8 * P, 0);
    assert_platform_matches(child);
    mm_destroy(child);

    /* Alone again, the parent's first store makes the rest writable without a copy. */
    uint64_t alone = env.mf.allocated;
    assert_true(mm->nvma > 1);
    assert_int_equal(mm_fault(mm, X), 0);
    assert_int_equal(env.mf.allocated, alone);
    for (size_t i = 0; i < mm->nvma; i++)
        assert_false(mm->vma[i].cow);
    assert_platform_matches(mm);
}

/* Only a store the guest may make is a copy-on-write fault. */
static void test_fork_cow_fault_rules(void **state)
{
    struct mm *mm = MM(state);
    assert_int_equal(map_fixed(mm, X, 32 * P, R, NULL), X);
    assert_int_equal(map_fixed(mm, X + 32 * P, 32 * P, RW, NULL), X + 32 * P);
    int err = 0;
    struct mm *child = mm_fork(mm, &err);
    assert_non_null(child);
    assert_int_equal(mm_fault(child, X), -LINUX_EFAULT);      /* read-only: the guest's SIGSEGV */
    assert_int_equal(mm_fault(child, X + 64 * P), -LINUX_EFAULT); /* unmapped */
    assert_int_equal(copy_to_user(child, X, "x", 1), -LINUX_EFAULT);
    /* MADV_DONTNEED of shared pages zeroes the child's view only. */
    fill(mm, X + 32 * P, 32 * P, 0x5a);
    mm_destroy(child);
    child = mm_fork(mm, &err);
    assert_non_null(child);
    assert_int_equal(mm_discard(child, X + 40 * P, 2 * P), 0);
    assert_bytes(child, X + 40 * P, 2 * P, 0);
    assert_bytes(mm, X + 32 * P, 32 * P, 0x5a);
    assert_bytes(child, X + 42 * P, 22 * P, 0x5a);
    assert_platform_matches(child);
    assert_platform_matches(mm);
    mm_destroy(child);
}

/* ---- randomised check against a page model ---- */

#define WPAGES 48
#define W 0x40000000ULL

struct page_model {
    int mapped;
    int prot;
    uint32_t tag; /* first word of the page; 0 for fresh memory */
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(uint64_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state % n;
}

static void check_model(struct mm *mm, const struct page_model *m, int step)
{
    for (int i = 0; i < WPAGES; i++) {
        uaddr_t a = W + (uaddr_t)i * P;
        struct vma *v = mm_find(mm, a);
        if (!!v != m[i].mapped)
            fail_msg("step %d: page %d mapped=%d, model says %d", step, i, !!v, m[i].mapped);
        if (!v)
            continue;
        if (v->prot != m[i].prot)
            fail_msg("step %d: page %d prot %d, model says %d", step, i, v->prot, m[i].prot);
        uint32_t tag;
        memcpy(&tag, mm_backing(mm, a, 4), 4);
        if (tag != m[i].tag)
            fail_msg("step %d: page %d holds %#x, model says %#x", step, i, tag, m[i].tag);
    }
    for (size_t k = 0; k < mm->nvma; k++)
        if (mm->vma[k].start < W || mm->vma[k].end > W + WPAGES * P)
            fail_msg("step %d: VMA [%#llx, %#llx) outside the window", step,
                     (unsigned long long)mm->vma[k].start, (unsigned long long)mm->vma[k].end);
    assert_platform_matches(mm);
}

static void test_random_ops_match_model(void **state)
{
    struct mm *mm = MM(state);
    struct page_model m[WPAGES];
    memset(m, 0, sizeof(m));
    static const int prots[] = {LINUX_PROT_NONE, R, RW, RX};
    uint32_t next_tag = 1;

    for (int step = 0; step < 4000; step++) {
        int op = (int)rnd(6);
        int p = (int)rnd(WPAGES);
        int n = 1 + (int)rnd((uint64_t)(WPAGES - p < 8 ? WPAGES - p : 8));
        uaddr_t a = W + (uaddr_t)p * P;
        int prot = prots[rnd(4)];
        if (op == 0) { /* mmap(MAP_FIXED) */
            assert_int_equal(map_fixed(mm, a, (uint64_t)n * P, prot, NULL), a);
            for (int i = p; i < p + n; i++)
                m[i] = (struct page_model){1, prot, 0};
        } else if (op == 1) { /* munmap */
            assert_int_equal(mm_unmap(mm, a, (uint64_t)n * P), 0);
            for (int i = p; i < p + n; i++)
                m[i].mapped = 0;
        } else if (op == 2) { /* mprotect */
            int all = 1;
            for (int i = p; i < p + n; i++)
                all &= m[i].mapped;
            assert_int_equal(mm_protect(mm, a, (uint64_t)n * P, prot), all ? 0 : -LINUX_ENOMEM);
            for (int i = p; all && i < p + n; i++)
                m[i].prot = prot;
        } else if (op == 3) { /* a guest store (host side: prot does not matter) */
            if (m[p].mapped) {
                m[p].tag = next_tag++;
                memcpy(mm_backing(mm, a, 4), &m[p].tag, 4);
            }
        } else if (op == 4) { /* madvise(DONTNEED) over fully mapped ranges */
            int all = 1;
            for (int i = p; i < p + n; i++)
                all &= m[i].mapped;
            if (all) {
                assert_int_equal(mm_discard(mm, a, (uint64_t)n * P), 0);
                for (int i = p; i < p + n; i++)
                    m[i].tag = 0;
            }
        } else if (mm->nvma > 0) { /* mremap(MAYMOVE|FIXED) of part of one VMA */
            struct vma v = mm->vma[rnd(mm->nvma)];
            int vp = (int)((v.start - W) / P), vn = (int)((v.end - v.start) / P);
            int op0 = vp + (int)rnd((uint64_t)vn);
            int olen = 1 + (int)rnd((uint64_t)(vp + vn - op0));
            int nlen = 1 + (int)rnd(6);
            int np = (int)rnd((uint64_t)(WPAGES - nlen + 1));
            if (np < op0 + olen && op0 < np + nlen)
                continue; /* overlapping: EINVAL, covered elsewhere */
            int64_t r = mm_remap(mm, W + (uaddr_t)op0 * P, (uint64_t)olen * P,
                                 (uint64_t)nlen * P, MAYMOVE | MFIXED, W + (uaddr_t)np * P);
            assert_int_equal(r, W + (uaddr_t)np * P);
            struct page_model moved[8];
            for (int i = 0; i < nlen; i++)
                moved[i] = (struct page_model){1, v.prot, i < olen ? m[op0 + i].tag : 0};
            for (int i = op0; i < op0 + olen; i++)
                m[i].mapped = 0;
            for (int i = 0; i < nlen; i++)
                m[np + i] = moved[i];
        }
        check_model(mm, m, step);
    }
}

/*
 * Two processes forked from each other, random stores, mprotect, DONTNEED,
 * mmap and munmap in either, and fork again: each must keep its own page
 * contents, and the platform must never let a store reach a shared page.
 */
static void test_random_fork_model(void **state)
{
    struct mm *mm[2] = {MM(state), NULL};
    struct page_model m[2][WPAGES];
    memset(m, 0, sizeof(m));
    static const int prots[] = {R, RW, RW, RX};
    uint32_t next_tag = 1;
    int err = 0;
    assert_int_equal(map_fixed(mm[0], W, WPAGES * P, RW, NULL), W);
    for (int i = 0; i < WPAGES; i++)
        m[0][i] = (struct page_model){1, RW, 0};

    for (int step = 0; step < 3000; step++) {
        int op = (int)rnd(8), who = mm[1] ? (int)rnd(2) : 0;
        int p = (int)rnd(WPAGES);
        int n = 1 + (int)rnd((uint64_t)(WPAGES - p < 20 ? WPAGES - p : 20));
        uaddr_t a = W + (uaddr_t)p * P;
        struct mm *t = mm[who];
        struct page_model *tm = m[who];
        int all = 1;
        for (int i = p; i < p + n; i++)
            all &= tm[i].mapped;
        if (op <= 2) { /* a store, as the guest (needs write access) or the kernel makes it */
            if (tm[p].mapped && (tm[p].prot & LINUX_PROT_WRITE)) {
                uint32_t tag = next_tag++;
                if (op == 0) {
                    if (fake_as_prot_at(t->as, a) != RW)
                        assert_int_equal(mm_fault(t, a + 12), 0);
                    assert_int_equal(fake_as_prot_at(t->as, a), RW);
                    memcpy(mm_backing(t, a, 4), &tag, 4);
                } else {
                    assert_int_equal(copy_to_user(t, a, &tag, 4), 0);
                }
                tm[p].tag = tag;
            }
        } else if (op == 3) { /* fork from either; the old child goes */
            struct mm *c = mm_fork(t, &err);
            assert_non_null(c);
            struct page_model snap[WPAGES];
            memcpy(snap, tm, sizeof(snap));
            if (mm[1 - who])
                mm_destroy(mm[1 - who]);
            mm[0] = t;
            mm[1] = c;
            memcpy(m[0], snap, sizeof(snap));
            memcpy(m[1], snap, sizeof(snap));
            ((struct fake_env *)*state)->mm = t; /* the fixture destroys this one */
        } else if (op == 4 && all) { /* mprotect */
            int prot = prots[rnd(4)];
            assert_int_equal(mm_protect(t, a, (uint64_t)n * P, prot), 0);
            for (int i = p; i < p + n; i++)
                tm[i].prot = prot;
        } else if (op == 5 && all) { /* madvise(DONTNEED) */
            assert_int_equal(mm_discard(t, a, (uint64_t)n * P), 0);
            for (int i = p; i < p + n; i++)
                tm[i].tag = 0;
        } else if (op == 6) { /* munmap */
            assert_int_equal(mm_unmap(t, a, (uint64_t)n * P), 0);
            for (int i = p; i < p + n; i++)
                tm[i].mapped = 0;
        } else if (op == 7) { /* mmap(MAP_FIXED) */
            assert_int_equal(map_fixed(t, a, (uint64_t)n * P, RW, NULL), a);
            for (int i = p; i < p + n; i++)
                tm[i] = (struct page_model){1, RW, 0};
        }
        check_model(mm[0], m[0], step);
        if (mm[1])
            check_model(mm[1], m[1], step);
    }
    mm_destroy(mm[1]); /* the fixture destroys mm[0] and checks nothing leaked */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_create_layout),
        cmocka_unit_test(test_create_failure),
        T(test_map_topdown),
        T(test_map_hint),
        T(test_map_fills_gap_topdown),
        T(test_map_no_room),
        T(test_map_fixed_replaces),
        T(test_map_fixed_over_several),
        T(test_map_fixed_noreplace),
        T(test_map_fixed_errors),
        T(test_map_platform_failure),
        T(test_map_backing_is_zero_after_reuse),
        T(test_find_and_backing),
        T(test_format_maps),
        T(test_unmap_middle_splits),
        T(test_unmap_across_vmas),
        T(test_unmap_holes_and_errors),
        T(test_unmap_wrapping_len),
        T(test_protect_across_vmas),
        T(test_protect_hole_enomem),
        T(test_protect_wrapping_len),
        T(test_remap_grow_in_place),
        T(test_remap_grow_in_place_new_backing),
        T(test_remap_blocked_without_maymove),
        T(test_remap_move),
        T(test_remap_move_part_of_vma),
        T(test_remap_move_after_failed_grow),
        T(test_remap_shrink),
        T(test_remap_fixed),
        T(test_remap_errors),
        T(test_remap_after_protect_roundtrip),
        T(test_brk_grow_shrink),
        T(test_brk_refusals),
        T(test_brk_grow_when_backing_is_taken),
        T(test_discard_zeroes),
        T(test_discard_across_vmas),
        T(test_discard_unmapped_enomem),
        T(test_discard_continues_past_hole),
        T(test_discard_wrapping_len),
        cmocka_unit_test_setup_teardown(test_fork_shares_readonly_copies_writable, setup, teardown),
        cmocka_unit_test(test_fork_parent_exits_first),
        T(test_fork_cow_copies_on_write),
        T(test_fork_cow_fault_rules),
        T(test_random_fork_model),
        cmocka_unit_test(test_destroy_returns_everything),
        T(test_random_ops_match_model),
    };
#undef T
    return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}
