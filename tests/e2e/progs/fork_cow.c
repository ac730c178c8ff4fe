/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/fork_cow.c: after fork, each process's private memory is its own, however it is written. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (4UL << 20) /* well above what fork copies at once */
#define PG 4096UL

static unsigned char data_seg[3 * PG] = {1}; /* .data: small, copied or shared */

static unsigned char pat(size_t i, unsigned seed)
{
    return (unsigned char)((i * 131u + seed * 7u) ^ (i >> 9));
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pat(i, seed);
}

/* The first index that differs from pattern @seed, or -1. */
static long first_diff(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != pat(i, seed))
            return (long)i;
    return -1;
}

static int report(const char *who, const char *what, long diff)
{
    if (diff < 0) {
        printf("%s: %s ok\n", who, what);
        return 0;
    }
    printf("%s: %s differs at %ld\n", who, what, diff);
    return 1;
}

/* Run @fn in a child; its exit status is the number of failed checks. */
static int in_child(int (*fn)(unsigned char *), unsigned char *big)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {
        int bad = fn(big);
        fflush(stdout);
        _exit(bad);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
        printf("child did not exit normally (status %#x)\n", st);
        return 1;
    }
    return WEXITSTATUS(st);
}

/* The child scribbles on everything: stores, a read(2) into the buffer, DONTNEED. */
static int child_writes(unsigned char *big)
{
    int bad = report("child", "sees the parent's bytes", first_diff(big, BIG, 1));
    fill(big + 5 * PG, 3 * PG, 9);          /* a few pages in the middle */
    big[BIG - 1] ^= 0xff;                   /* the last page */
    int p[2];
    if (pipe(p) < 0)
        return 99;
    char msg[100];
    memset(msg, 'k', sizeof(msg));
    if (write(p[1], msg, sizeof(msg)) != (ssize_t)sizeof(msg) ||
        read(p[0], big + 2 * PG - 50, sizeof(msg)) != (ssize_t)sizeof(msg)) /* spans two pages */
        bad++;
    bad += report("child", "kernel store", memcmp(big + 2 * PG - 50, msg, sizeof(msg)) ? 0 : -1);
    if (madvise(big + 64 * PG, 16 * PG, MADV_DONTNEED) < 0)
        bad++;
    bad += report("child", "DONTNEED zeroes", big[64 * PG] == 0 && big[80 * PG - 1] == 0 ? -1 : 0);
    fill(data_seg, sizeof(data_seg), 4);
    return bad;
}

/* The parent wrote after fork; the child must still see the bytes of fork time. */
static int child_reads(unsigned char *big)
{
    int bad = report("child", "bytes of fork time", first_diff(big, BIG, 1));
    /* Made read-only then writable again: still a private copy to write. */
    if (mprotect(big, 8 * PG, PROT_READ) < 0 || mprotect(big, 8 * PG, PROT_READ | PROT_WRITE) < 0)
        bad++;
    big[3] = 0x77;
    /* A grandchild forked from this copy-on-write state sees it as well. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(big[3] == 0x77 && big[4] == pat(4, 1) &&
              big[BIG - 1] == pat(BIG - 1, 1) ? 0 : 1);
    int st;
    waitpid(pid, &st, 0);
    bad += report("grandchild", "bytes", WIFEXITED(st) && WEXITSTATUS(st) == 0 ? -1 : 0);
    return bad;
}

int main(void)
{
    unsigned char *big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (big == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    fill(big, BIG, 1);
    fill(data_seg, sizeof(data_seg), 2);
    int bad = in_child(child_writes, big);
    bad += report("parent", "bytes after the child wrote", first_diff(big, BIG, 1));
    bad += report("parent", ".data after the child wrote", first_diff(data_seg, sizeof(data_seg), 2));

    /* Now the parent writes while a child still shares the memory. */
    int p[2];
    if (pipe(p) < 0)
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        if (read(p[0], &c, 1) != 1) /* wait until the parent has written */
            _exit(99);
        int bad = child_reads(big);
        fflush(stdout);
        _exit(bad);
    }
    close(p[0]);
    fill(big, BIG / 2, 3);
    if (write(p[1], "x", 1) != 1)
        return 1;
    int st;
    waitpid(pid, &st, 0);
    bad += WIFEXITED(st) ? WEXITSTATUS(st) : 1;
    bad += report("parent", "own writes", first_diff(big, BIG / 2, 3));
    bad += report("parent", "untouched half", first_diff(big + BIG / 2, BIG / 2, 1));
    printf("%d failed\n", bad);
    return bad != 0;
}
