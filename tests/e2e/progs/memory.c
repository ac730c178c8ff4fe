/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/memory.c: exercise brk, malloc/realloc and anonymous mmap/mprotect/mremap/munmap. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        failures++;
        printf("FAIL %s (errno %d)\n", what, errno);
    }
}

static unsigned char pat(size_t i, unsigned seed)
{
    return (unsigned char)((i * 131u + seed * 7u) ^ (i >> 8));
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pat(i, seed);
}

static int verify(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != pat(i, seed))
            return 0;
    return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void *raw_brk(void *addr)
{
    return (void *)syscall(SYS_brk, addr);
}

/* Runs before any malloc so moving the break cannot confuse the allocator.
 * musl's sbrk() refuses non-zero increments, so fall back to the raw call. */
static void test_brk(void)
{
    const intptr_t inc = 1 << 20;
    unsigned char *old = sbrk(0);
    unsigned char *got;
    const char *how = "sbrk";

    check((void *)old == raw_brk(NULL), "sbrk(0) is the kernel break");
    got = sbrk(inc);
    if (got == (void *)-1) {
        how = "brk";
        old = raw_brk(NULL);
        got = raw_brk(old + inc);
        check(got == old + inc, "brk grow");
        if (got != old + inc)
            return;
        got = old;
    } else {
        check(got == old, "sbrk returns old break");
        check(sbrk(0) == old + inc, "break moved by inc");
    }
    check(all_zero(got, (size_t)inc), "new brk memory is zero");
    fill(got, (size_t)inc, 1);
    check(verify(got, (size_t)inc, 1), "brk memory holds data");
    if (how[0] == 's') {
        check(sbrk(-inc) != (void *)-1, "sbrk shrink");
        check(sbrk(0) == old, "break restored");
    } else {
        check(raw_brk(old) == old, "brk shrink");
    }
    /* The page just above the restored break must be gone again. */
    check(raw_brk(NULL) == old, "kernel break restored");
    printf("brk: grow/shrink %ld bytes via %s done\n", (long)inc, how);
}

static void test_malloc(void)
{
    enum { N = 200 };
    unsigned char *p[N];
    size_t sz[N];
    size_t total = 0;
    unsigned char *r;
    size_t rsz;
    unsigned char *z;

    for (int i = 0; i < N; i++) {
        /* Sizes from 1 byte to several MiB, crossing glibc's mmap threshold. */
        sz[i] = (size_t)1 << (i % 23);
        sz[i] += (size_t)(i * 37 % 101);
        p[i] = malloc(sz[i]);
        check(p[i] != NULL, "malloc");
        if (!p[i])
            return;
        fill(p[i], sz[i], (unsigned)i);
        total += sz[i];
    }
    /* Free every third block, then refill the holes with new sizes. */
    for (int i = 0; i < N; i += 3) {
        free(p[i]);
        sz[i] = (size_t)(i * 53 % 4099) + 1;
        p[i] = malloc(sz[i]);
        check(p[i] != NULL, "malloc refill");
        if (!p[i])
            return;
        fill(p[i], sz[i], (unsigned)i + 1000);
    }
    for (int i = 0; i < N; i++)
        check(verify(p[i], sz[i], i % 3 == 0 ? (unsigned)i + 1000 : (unsigned)i), "malloc contents");
    for (int i = N - 1; i >= 0; i--)
        free(p[i]);
    printf("malloc: %d blocks, %zu bytes first round\n", N, total);

    /* realloc growth must keep the prefix, shrink must keep what remains. */
    rsz = 16;
    r = malloc(rsz);
    check(r != NULL, "malloc for realloc");
    if (!r)
        return;
    fill(r, rsz, 7);
    while (rsz < ((size_t)8 << 20)) {
        size_t nsz = rsz * 3;
        unsigned char *q = realloc(r, nsz);

        check(q != NULL, "realloc grow");
        if (!q)
            return;
        check(verify(q, rsz, 7), "realloc keeps prefix");
        r = q;
        fill(r, nsz, 7);
        rsz = nsz;
    }
    r = realloc(r, 100);
    check(r != NULL && verify(r, 100, 7), "realloc shrink");
    printf("realloc: grew to %zu bytes and shrank to 100\n", rsz);
    free(r);

    z = calloc(1000, 1000);
    check(z != NULL && all_zero(z, 1000 * 1000), "calloc zeroed");
    free(z);
    printf("calloc: 1000000 zero bytes\n");
}

static void test_mmap(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t len = 16 * (size_t)pg;
    unsigned char *m, *m2, *res;
    size_t big = (size_t)256 << 20;

    m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED, "mmap anon");
    if (m == MAP_FAILED)
        return;
    check(((uintptr_t)m & (uintptr_t)(pg - 1)) == 0, "mmap page aligned");
    check(all_zero(m, len), "mmap zero filled");
    fill(m, len, 3);

    check(mprotect(m, len, PROT_READ) == 0, "mprotect read-only");
    check(verify(m, len, 3), "read after mprotect");
    check(mprotect(m, len, PROT_READ | PROT_WRITE) == 0, "mprotect read-write");
    m[0] ^= 0xff;
    m[0] ^= 0xff;

    m2 = mremap(m, len, 4 * len, MREMAP_MAYMOVE);
    check(m2 != MAP_FAILED, "mremap grow");
    if (m2 == MAP_FAILED)
        return;
    check(verify(m2, len, 3), "mremap keeps data");
    check(all_zero(m2 + len, 3 * len), "mremap tail zero");
    m2 = mremap(m2, 4 * len, len / 2, 0);
    check(m2 != MAP_FAILED, "mremap shrink");
    if (m2 == MAP_FAILED)
        return;
    check(verify(m2, len / 2, 3), "mremap shrink keeps data");

    /* Punch a hole, then map a fresh page into it with MAP_FIXED. */
    check(munmap(m2 + pg, (size_t)pg) == 0, "munmap middle page");
    res = mmap(m2 + pg, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check(res == m2 + pg, "mmap fixed into hole");
    check(res != MAP_FAILED && all_zero(res, (size_t)pg), "fixed page zero");
    check(verify(m2, (size_t)pg, 3), "page before hole intact");
    check(munmap(m2, len / 2) == 0, "munmap all");
    printf("mmap: map/mprotect/mremap/munmap of %zu bytes done\n", len);

    /* Reserve with PROT_NONE, commit a slice: the usual allocator pattern. */
    res = mmap(NULL, big, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check(res != MAP_FAILED, "mmap reserve");
    if (res == MAP_FAILED)
        return;
    check(mprotect(res + big / 2, 4 * (size_t)pg, PROT_READ | PROT_WRITE) == 0, "mprotect commit");
    fill(res + big / 2, 4 * (size_t)pg, 9);
    check(verify(res + big / 2, 4 * (size_t)pg, 9), "committed slice");
    /* Touch one byte per MiB of a large NORESERVE mapping. */
    check(mprotect(res, big, PROT_READ | PROT_WRITE) == 0, "mprotect whole");
    for (size_t off = 0; off < big; off += (size_t)1 << 20)
        res[off] = (unsigned char)(off >> 20);
    for (size_t off = 0; off < big; off += (size_t)1 << 20)
        check(res[off] == (unsigned char)(off >> 20), "sparse touch");
    check(munmap(res, big) == 0, "munmap reserve");
    printf("mmap: reserved %zu MiB and touched sparsely\n", big >> 20);

    /* Length 0 and unaligned addresses are errors, not crashes. */
    errno = 0;
    check(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
          "mmap len 0 EINVAL");
    errno = 0;
    check(munmap((void *)((uintptr_t)res + 1), (size_t)pg) == -1 && errno == EINVAL, "munmap unaligned EINVAL");

    /* madvise (mm/madvise.c): unknown advice EINVAL, an unmapped range ENOMEM, empty 0. */
    unsigned char *ma = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(ma != MAP_FAILED && munmap(ma + pg, (size_t)pg) == 0, "mmap for madvise");
    errno = 0;
    check(madvise(ma, (size_t)pg, 12345) == -1 && errno == EINVAL, "madvise unknown advice EINVAL");
    errno = 0;
    check(madvise(ma, 2 * (size_t)pg, MADV_NORMAL) == -1 && errno == ENOMEM, "madvise part unmapped ENOMEM");
    errno = 0;
    check(madvise(ma + pg, (size_t)pg, MADV_WILLNEED) == -1 && errno == ENOMEM, "madvise unmapped ENOMEM");
    check(madvise(ma, 0, MADV_NORMAL) == 0 && madvise(ma, (size_t)pg, MADV_RANDOM) == 0, "madvise mapped 0");
    errno = 0;
    check(madvise(ma, (size_t)-1, MADV_NORMAL) == -1 && errno == EINVAL, "madvise wrapping length EINVAL");
    munmap(ma, (size_t)pg);
    printf("madvise: advice and ranges checked\n");
}

int main(void)
{
    test_brk();
    test_malloc();
    test_mmap();
    printf("memory: %s (%d failures)\n", failures ? "FAILED" : "ok", failures);
    return failures ? 1 : 0;
}
