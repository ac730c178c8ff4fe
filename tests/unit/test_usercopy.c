/* SPDX-License-Identifier: MIT */
/* tests/unit/test_usercopy.c: checked guest memory access in kernel/usercopy.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/mm.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"

#define P FAKE_PAGE
#define R LINUX_PROT_READ
#define RW (LINUX_PROT_READ | LINUX_PROT_WRITE)
#define RX (LINUX_PROT_READ | LINUX_PROT_EXEC)
#define NONE LINUX_PROT_NONE
#define ANON (LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS)
#define X 0x10000000ULL
#define SPACER 0x50000000ULL

static struct fake_env env;

/* Adjacent RW VMAs A = [X, X+2P) and B = [X+2P, X+4P); @split: backing not contiguous. */
static int setup_pair(void **state, int split)
{
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    if (mm_map(env.mm, X, 2 * P, RW, ANON, 1, 0, "A") != (int64_t)X)
        return -1;
    if (split && mm_map(env.mm, SPACER, P, RW, ANON, 1, 0, "spacer") != (int64_t)SPACER)
        return -1;
    if (mm_map(env.mm, X + 2 * P, 2 * P, RW, ANON, 1, 0, "B") != (int64_t)(X + 2 * P))
        return -1;
    *state = env.mm;
    return 0;
}

static int setup_contig(void **state)
{
    return setup_pair(state, 0);
}

static int setup_split(void **state)
{
    return setup_pair(state, 1);
}

static int teardown(void **state)
{
    (void)state;
    return fake_env_teardown(&env) == 0 ? 0 : -1;
}

static uint8_t *host(struct mm *mm, uaddr_t a)
{
    uint8_t *p = mm_backing(mm, a, 1);
    assert_non_null(p);
    return p;
}

static int backing_contiguous(struct mm *mm)
{
    return host(mm, X + 2 * P - 1) + 1 == host(mm, X + 2 * P);
}

/* ---- copy_to_user / copy_from_user ---- */

static void test_layout(void **state)
{
    struct mm *mm = *state;
    int split = mm->nvma == 3;
    assert_int_equal(backing_contiguous(mm), !split);
}

static void test_copy_across_vmas(void **state)
{
    struct mm *mm = *state;
    uint8_t src[300], dst[300];
    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i * 7 + 1);
    uaddr_t a = X + 2 * P - 100;
    assert_int_equal(copy_to_user(mm, a, src, sizeof(src)), 0);
    /* The bytes are where the guest expects them, on both sides of the boundary. */
    assert_memory_equal(host(mm, a), src, 100);
    assert_memory_equal(host(mm, X + 2 * P), src + 100, 200);
    memset(dst, 0, sizeof(dst));
    assert_int_equal(copy_from_user(mm, dst, a, sizeof(dst)), 0);
    assert_memory_equal(dst, src, sizeof(src));
    /* Neighbouring bytes were not touched. */
    assert_int_equal(*host(mm, a - 1), 0);
    assert_int_equal(*host(mm, a + sizeof(src)), 0);
}

static void test_copy_whole_range(void **state)
{
    struct mm *mm = *state;
    static uint8_t src[4 * P], dst[4 * P];
    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i ^ (i >> 8));
    assert_int_equal(copy_to_user(mm, X, src, sizeof(src)), 0);
    assert_int_equal(copy_from_user(mm, dst, X, sizeof(dst)), 0);
    assert_memory_equal(dst, src, sizeof(src));
    assert_int_equal(copy_from_user(mm, dst, X, sizeof(dst) + 1), -LINUX_EFAULT);
}

static void test_copy_unmapped_efault(void **state)
{
    struct mm *mm = *state;
    uint8_t buf[32] = {0};
    assert_int_equal(copy_from_user(mm, buf, X + 4 * P, 1), -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, X - 1, 1), -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, 0, 8), -LINUX_EFAULT);
    /* Starts mapped, runs off the end. */
    assert_int_equal(copy_from_user(mm, buf, X + 4 * P - 16, 32), -LINUX_EFAULT);
    assert_int_equal(copy_to_user(mm, X + 4 * P - 16, buf, 32), -LINUX_EFAULT);
    /* Starts unmapped, runs into the mapping. */
    assert_int_equal(copy_to_user(mm, X - 16, buf, 32), -LINUX_EFAULT);
    /* The exact last byte is fine. */
    assert_int_equal(copy_to_user(mm, X + 4 * P - 1, "z", 1), 0);
    assert_int_equal(copy_from_user(mm, buf, X + 4 * P - 1, 1), 0);
    assert_int_equal(buf[0], 'z');
    /* Zero bytes never fault. */
    assert_int_equal(copy_from_user(mm, buf, 0, 0), 0);
    assert_int_equal(copy_to_user(mm, 0, buf, 0), 0);
}

static void test_copy_after_unmap_efault(void **state)
{
    struct mm *mm = *state;
    uint8_t buf[8];
    assert_int_equal(copy_from_user(mm, buf, X + P, 8), 0);
    assert_int_equal(mm_unmap(mm, X + P, P), 0);
    assert_int_equal(copy_from_user(mm, buf, X + P, 8), -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, X + P - 4, 8), -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, X, 8), 0);
}

static void test_copy_protection(void **state)
{
    struct mm *mm = *state;
    uint8_t buf[16];
    memset(host(mm, X + 2 * P), 0x5e, 16);
    /* B becomes read-only: reads work, writes fault and change nothing. */
    assert_int_equal(mm_protect(mm, X + 2 * P, 2 * P, R), 0);
    assert_int_equal(copy_to_user(mm, X + 2 * P, "overwrite!", 10), -LINUX_EFAULT);
    assert_int_equal(*host(mm, X + 2 * P), 0x5e);
    assert_int_equal(copy_from_user(mm, buf, X + 2 * P, 16), 0);
    assert_int_equal(buf[15], 0x5e);
    /* A write that starts in writable A and runs into read-only B faults. */
    assert_int_equal(copy_to_user(mm, X + 2 * P - 4, "12345678", 8), -LINUX_EFAULT);
    /* Executable and readable is readable. */
    assert_int_equal(mm_protect(mm, X + 2 * P, P, RX), 0);
    assert_int_equal(copy_from_user(mm, buf, X + 2 * P, 16), 0);
    /* PROT_NONE: neither. */
    assert_int_equal(mm_protect(mm, X, P, NONE), 0);
    assert_int_equal(copy_from_user(mm, buf, X, 1), -LINUX_EFAULT);
    assert_int_equal(copy_to_user(mm, X, "x", 1), -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, X + P - 8, 16), -LINUX_EFAULT);
    /* Back to RW: accessible again. */
    assert_int_equal(mm_protect(mm, X, P, RW), 0);
    assert_int_equal(copy_to_user(mm, X, "x", 1), 0);
}

static void test_copy_wraparound(void **state)
{
    struct mm *mm = *state;
    uint8_t buf[32] = {0};
    assert_int_equal(copy_from_user(mm, buf, UINT64_MAX - 9, 20), -LINUX_EFAULT);
    assert_int_equal(copy_to_user(mm, UINT64_MAX - 9, buf, 20), -LINUX_EFAULT);
    /* Address + length wraps exactly to a mapped address: still a fault. */
    assert_int_equal(copy_from_user(mm, buf, UINT64_MAX - 15, (size_t)(X + 16 + 16)),
                     -LINUX_EFAULT);
    assert_int_equal(copy_from_user(mm, buf, X, SIZE_MAX), -LINUX_EFAULT);
    assert_int_equal(copy_to_user(mm, X, buf, SIZE_MAX), -LINUX_EFAULT);
}

/* ---- strncpy_from_user ---- */

static void put(struct mm *mm, uaddr_t a, const void *s, size_t n)
{
    assert_int_equal(copy_to_user(mm, a, s, n), 0);
}

static void test_strncpy_basic(void **state)
{
    struct mm *mm = *state;
    char dst[64];
    put(mm, X + 10, "hello", 6);
    memset(dst, 'Q', sizeof(dst));
    assert_int_equal(strncpy_from_user(mm, dst, X + 10, sizeof(dst)), 5);
    assert_string_equal(dst, "hello");
    assert_int_equal(dst[6], 'Q'); /* nothing past the NUL */
    /* The empty string. */
    put(mm, X + 100, "", 1);
    assert_int_equal(strncpy_from_user(mm, dst, X + 100, 1), 0);
    assert_string_equal(dst, "");
}

static void test_strncpy_exact_length(void **state)
{
    struct mm *mm = *state;
    char dst[16];
    put(mm, X + 40, "abcdefg", 8);
    /* Exactly room for the string and its NUL. */
    memset(dst, 'Q', sizeof(dst));
    assert_int_equal(strncpy_from_user(mm, dst, X + 40, 8), 7);
    assert_string_equal(dst, "abcdefg");
    /* One byte short: no NUL within n bytes. */
    memset(dst, 'Q', sizeof(dst));
    assert_int_equal(strncpy_from_user(mm, dst, X + 40, 7), -LINUX_ENAMETOOLONG);
    assert_int_equal(dst[7], 'Q'); /* never writes more than n bytes */
}

static void test_strncpy_no_nul(void **state)
{
    struct mm *mm = *state;
    char dst[300];
    memset(host(mm, X), 'a', 2 * P);
    memset(dst, 'Q', sizeof(dst));
    assert_int_equal(strncpy_from_user(mm, dst, X, 256), -LINUX_ENAMETOOLONG);
    assert_int_equal(dst[256], 'Q');
}

static void test_strncpy_unmapped(void **state)
{
    struct mm *mm = *state;
    char dst[64];
    assert_int_equal(strncpy_from_user(mm, dst, X + 4 * P, sizeof(dst)), -LINUX_EFAULT);
    assert_int_equal(strncpy_from_user(mm, dst, 0, sizeof(dst)), -LINUX_EFAULT);
    /* Runs off the end of the mapping before a NUL: a fault, not "too long". */
    memset(host(mm, X + 4 * P - 16), 'b', 16);
    assert_int_equal(strncpy_from_user(mm, dst, X + 4 * P - 16, sizeof(dst)), -LINUX_EFAULT);
    /* ... unless n ends first. */
    assert_int_equal(strncpy_from_user(mm, dst, X + 4 * P - 16, 16), -LINUX_ENAMETOOLONG);
    /* A NUL that is the mapping's last byte. */
    *host(mm, X + 4 * P - 1) = 0;
    assert_int_equal(strncpy_from_user(mm, dst, X + 4 * P - 16, sizeof(dst)), 15);
    /* PROT_NONE is unreadable. */
    put(mm, X, "secret", 7);
    assert_int_equal(mm_protect(mm, X, P, NONE), 0);
    assert_int_equal(strncpy_from_user(mm, dst, X, sizeof(dst)), -LINUX_EFAULT);
}

static void test_strncpy_across_vmas(void **state)
{
    struct mm *mm = *state;
    char dst[64];
    put(mm, X + 2 * P - 3, "abcdefghij", 11);
    memset(dst, 'Q', sizeof(dst));
    assert_int_equal(strncpy_from_user(mm, dst, X + 2 * P - 3, sizeof(dst)), 10);
    assert_string_equal(dst, "abcdefghij");
    /* n ends exactly at the boundary. */
    assert_int_equal(strncpy_from_user(mm, dst, X + 2 * P - 3, 3), -LINUX_ENAMETOOLONG);
    /* n ends just after the NUL, on the far side. */
    assert_int_equal(strncpy_from_user(mm, dst, X + 2 * P - 3, 11), 10);
}

static void test_strncpy_wraparound(void **state)
{
    struct mm *mm = *state;
    char dst[64];
    assert_int_equal(strncpy_from_user(mm, dst, UINT64_MAX - 3, sizeof(dst)), -LINUX_EFAULT);
}

/* ---- user_iov ---- */

static void test_iov_single(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[4];
    size_t covered = 12345;
    assert_int_equal(user_iov(mm, X + 5, 100, 0, iov, 4, &covered), 1);
    assert_int_equal(covered, 100);
    assert_ptr_equal(iov[0].iov_base, host(mm, X + 5));
    assert_int_equal(iov[0].iov_len, 100);
    assert_int_equal(user_iov(mm, X, 0, 0, iov, 4, &covered), 0);
    assert_int_equal(covered, 0);
}

static void test_iov_across_vmas(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[4];
    size_t covered = 0;
    int contiguous = backing_contiguous(mm);
    int n = user_iov(mm, X + P, 2 * P, 1, iov, 4, &covered);
    assert_int_equal(covered, 2 * P);
    assert_ptr_equal(iov[0].iov_base, host(mm, X + P));
    if (contiguous) {
        /* Contiguous backing merges into one iovec. */
        assert_int_equal(n, 1);
        assert_int_equal(iov[0].iov_len, 2 * P);
    } else {
        assert_int_equal(n, 2);
        assert_int_equal(iov[0].iov_len, P);
        assert_ptr_equal(iov[1].iov_base, host(mm, X + 2 * P));
        assert_int_equal(iov[1].iov_len, P);
    }
    /* Writes through the iovecs land at the guest addresses. */
    memset(iov[0].iov_base, 0x31, iov[0].iov_len);
    if (n == 2)
        memset(iov[1].iov_base, 0x31, iov[1].iov_len);
    uint8_t b[2];
    assert_int_equal(copy_from_user(mm, b, X + 2 * P - 1, 2), 0);
    assert_int_equal(b[0], 0x31);
    assert_int_equal(b[1], 0x31);
}

static void test_iov_short_when_second_missing(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[4];
    size_t covered = 0;
    assert_int_equal(mm_unmap(mm, X + 2 * P, 2 * P), 0);
    assert_int_equal(user_iov(mm, X + P + 10, 3 * P, 0, iov, 4, &covered), 1);
    assert_int_equal(covered, P - 10);
    assert_int_equal(iov[0].iov_len, P - 10);
    /* First byte inaccessible: EFAULT and nothing covered. */
    covered = 99;
    assert_int_equal(user_iov(mm, X + 2 * P, P, 0, iov, 4, &covered), -LINUX_EFAULT);
    assert_int_equal(covered, 0);
}

static void test_iov_protection(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[4];
    size_t covered = 0;
    assert_int_equal(mm_protect(mm, X + 2 * P, 2 * P, R), 0);
    /* Reading from the range needs PROT_WRITE (the guest buffer is written). */
    assert_int_equal(user_iov(mm, X + P, 2 * P, 1, iov, 4, &covered), 1);
    assert_int_equal(covered, P);
    assert_int_equal(user_iov(mm, X + 2 * P, P, 1, iov, 4, &covered), -LINUX_EFAULT);
    /* Writing from the range only needs PROT_READ. */
    assert_true(user_iov(mm, X + P, 2 * P, 0, iov, 4, &covered) >= 1);
    assert_int_equal(covered, 2 * P);
    assert_int_equal(mm_protect(mm, X, P, NONE), 0);
    assert_int_equal(user_iov(mm, X, P, 0, iov, 4, &covered), -LINUX_EFAULT);
}

static void test_iov_max(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[4];
    size_t covered = 0;
    /* Split A in two VMAs (same backing run) so the range is three VMAs long. */
    assert_int_equal(mm_protect(mm, X + P, P, RX), 0);
    int contiguous = backing_contiguous(mm);
    /* Merged chunks do not use up iovecs: A's halves share one, B needs another if split. */
    int n = user_iov(mm, X, 4 * P, 0, iov, 2, &covered);
    assert_int_equal(n, contiguous ? 1 : 2);
    assert_int_equal(covered, 4 * P);
    assert_int_equal(iov[0].iov_len, contiguous ? 4 * P : 2 * P);
    /* With room for one iovec the result is cut short but consistent. */
    n = user_iov(mm, X, 4 * P, 0, iov, 1, &covered);
    assert_int_equal(n, 1);
    assert_true(covered >= P);
    assert_int_equal(iov[0].iov_len, covered);
    assert_ptr_equal(iov[0].iov_base, host(mm, X));
}

static void test_iov_wraparound(void **state)
{
    struct mm *mm = *state;
    struct iovec iov[2];
    size_t covered = 0;
    assert_int_equal(user_iov(mm, UINT64_MAX - 9, 100, 0, iov, 2, &covered), -LINUX_EFAULT);
    /* A length that wraps is cut at the top of the address space, not rejected whole. */
    assert_int_equal(user_iov(mm, X, SIZE_MAX, 0, iov, 2, &covered) > 0, 1);
    assert_int_equal(covered, 4 * P);
}

int main(void)
{
#define C(fn) cmocka_unit_test_setup_teardown(fn, setup_contig, teardown)
#define S(fn) cmocka_unit_test_setup_teardown(fn, setup_split, teardown)
    const struct CMUnitTest tests[] = {
        C(test_layout),
        S(test_layout),
        C(test_copy_across_vmas),
        S(test_copy_across_vmas),
        S(test_copy_whole_range),
        S(test_copy_unmapped_efault),
        S(test_copy_after_unmap_efault),
        S(test_copy_protection),
        S(test_copy_wraparound),
        S(test_strncpy_basic),
        S(test_strncpy_exact_length),
        S(test_strncpy_no_nul),
        S(test_strncpy_unmapped),
        C(test_strncpy_across_vmas),
        S(test_strncpy_across_vmas),
        S(test_strncpy_wraparound),
        S(test_iov_single),
        C(test_iov_across_vmas),
        S(test_iov_across_vmas),
        S(test_iov_short_when_second_missing),
        S(test_iov_protection),
        C(test_iov_max),
        S(test_iov_max),
        S(test_iov_wraparound),
    };
#undef C
#undef S
    return cmocka_run_group_tests_name("usercopy", tests, NULL, NULL);
}
