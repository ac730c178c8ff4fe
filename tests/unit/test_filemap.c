/* SPDX-License-Identifier: MIT */
/* tests/unit/test_filemap.c: the private file mapping cache (kernel/filemap.c): hits, misses, eviction, references. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../kernel/filemap.h"
#include "../../kernel/memfile.h"

#define PAGE 4096ULL
#define MB (1ULL << 20)

static struct memfile mf;
static char path[64];

static int setup(void **state)
{
    (void)state;
    if (memfile_init(&mf, 1ULL << 30) < 0)
        return -1;
    snprintf(path, sizeof(path), "/var/tmp/rf-test-filemap-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    filemap_flush();
    unlink(path);
    uint64_t left = mf.allocated;
    memfile_fini(&mf);
    if (left) {
        print_error("%llu memory-file bytes left after the flush\n", (unsigned long long)left);
        return -1;
    }
    return 0;
}

/* A memory-file range of @len bytes filled with @byte, as a freshly filled mapping is. */
static uint64_t filled(uint64_t len, int byte)
{
    int64_t o = memfile_alloc(&mf, len);
    assert_true(o > 0);
    memset(memfile_ptr(&mf, (uint64_t)o), byte, len);
    return (uint64_t)o;
}

static int open_file(void)
{
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    return fd;
}

/* The file's key now: the cache's callers take it once per mapping. */
static struct file_key key_of(int fd)
{
    struct file_key k;
    assert_int_equal(file_key_of(fd, &k), 0);
    return k;
}
#define K(fd) ((struct file_key[1]){key_of(fd)})[0]

/* A kept range comes back as a new reference to the same bytes; other ranges miss. */
static void test_hit_and_miss(void **state)
{
    (void)state;
    int fd = open_file();
    uint64_t got, src = filled(3 * PAGE, 0x5a);
    assert_int_equal(filemap_get(&mf, &K(fd), 0, 3 * PAGE, &got), -1);
    filemap_put(&mf, &K(fd), 0, 3 * PAGE, src);
    memfile_free(&mf, src, 3 * PAGE); /* the mapping goes; the cache keeps its copy */

    assert_int_equal(filemap_get(&mf, &K(fd), 0, 3 * PAGE, &got), 0);
    assert_true(got != src || memfile_is_shared(&mf, got, 3 * PAGE));
    assert_int_equal(*(uint8_t *)memfile_ptr(&mf, got + 3 * PAGE - 1), 0x5a);
    /* The caller holds its own reference: the range has two owners now. */
    assert_true(memfile_is_shared(&mf, got, 3 * PAGE));
    memfile_free(&mf, got, 3 * PAGE);

    assert_int_equal(filemap_get(&mf, &K(fd), PAGE, 3 * PAGE, &got), -1);
    assert_int_equal(filemap_get(&mf, &K(fd), 0, 2 * PAGE, &got), -1);
    close(fd);
}

/* A changed file (size, mtime) is another file: its old bytes are never handed out. */
static void test_changed_file_misses(void **state)
{
    (void)state;
    int fd = open_file();
    uint64_t got, src = filled(PAGE, 1);
    filemap_put(&mf, &K(fd), 0, PAGE, src);
    memfile_free(&mf, src, PAGE);
    assert_int_equal(filemap_get(&mf, &K(fd), 0, PAGE, &got), 0);
    memfile_free(&mf, got, PAGE);

    assert_int_equal(pwrite(fd, "x", 1, 0), 1);
    assert_int_equal(filemap_get(&mf, &K(fd), 0, PAGE, &got), -1);
    close(fd);
}

/* Only named regular files have a key: an unlinked one (nlink 0) and a pipe are never kept. */
static void test_uncacheable_files(void **state)
{
    (void)state;
    char tmp[] = "/var/tmp/rf-test-filemap-gone-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    struct file_key k;
    assert_int_equal(file_key_of(fd, &k), 0);
    unlink(tmp);
    assert_int_equal(file_key_of(fd, &k), -1);
    close(fd);
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(file_key_of(p[0], &k), -1);
    close(p[0]);
    close(p[1]);
    int dir = open("/", O_RDONLY | O_DIRECTORY);
    assert_true(dir >= 0);
    assert_int_equal(file_key_of(dir, &k), -1);
    close(dir);
}

/*
 * The cache holds at most 128 MiB, 16 MiB per range: a larger range is not kept,
 * and a ninth 16 MiB range pushes out the least recently used one.
 */
static void test_eviction(void **state)
{
    (void)state;
    int fd = open_file();
    uint64_t got, src = filled(16 * MB + PAGE, 3);
    filemap_put(&mf, &K(fd), 0, 16 * MB + PAGE, src);
    assert_int_equal(mf.allocated, 16 * MB + PAGE);
    assert_int_equal(filemap_get(&mf, &K(fd), 0, 16 * MB + PAGE, &got), -1);
    memfile_free(&mf, src, 16 * MB + PAGE);

    src = filled(16 * MB, 4);
    for (uint64_t i = 0; i < 8; i++)
        filemap_put(&mf, &K(fd), i * 16 * MB, 16 * MB, src);
    assert_int_equal(mf.allocated, 9 * 16 * MB);
    /* Range 0 is used again, so range 1 is the least recently used. */
    assert_int_equal(filemap_get(&mf, &K(fd), 0, 16 * MB, &got), 0);
    memfile_free(&mf, got, 16 * MB);
    filemap_put(&mf, &K(fd), 8 * 16 * MB, 16 * MB, src);
    assert_int_equal(mf.allocated, 9 * 16 * MB);
    assert_int_equal(filemap_get(&mf, &K(fd), 16 * MB, 16 * MB, &got), -1);
    for (uint64_t i = 0; i <= 8; i++) {
        if (i == 1)
            continue;
        assert_int_equal(filemap_get(&mf, &K(fd), i * 16 * MB, 16 * MB, &got), 0);
        memfile_free(&mf, got, 16 * MB);
    }
    memfile_free(&mf, src, 16 * MB);
    filemap_flush();
    assert_int_equal(mf.allocated, 0);
    close(fd);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_hit_and_miss),
        T(test_changed_file_misses),
        T(test_uncacheable_files),
        T(test_eviction),
    };
#undef T
    return cmocka_run_group_tests_name("filemap", tests, NULL, NULL);
}
