/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/mmapshared.c: shared file mappings are the file: stores reach read(), writes reach the mapping, across fork. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define PAGE 4096

static char path[64];

/* The file's bytes [off, off+n) as read(2) sees them, printed as text. */
static void show_file(const char *what, int fd, off_t off, size_t n)
{
    char buf[64] = {0};
    ssize_t r = pread(fd, buf, n < sizeof(buf) - 1 ? n : sizeof(buf) - 1, off);
    printf("%s: %zd \"%s\"\n", what, r, r > 0 ? buf : "");
}

static void show_mem(const char *what, const char *p, size_t n)
{
    printf("%s: \"%.*s\"\n", what, (int)n, p);
}

static int make_file(size_t size)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
        printf("setup: %s\n", ename(errno));
        return -1;
    }
    return fd;
}

/* Stores through the mapping are the file's bytes, at once and after munmap. */
static void stores_reach_file(void)
{
    int fd = make_file(2 * PAGE);
    char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        show_value("mmap", -1);
        return;
    }
    memcpy(p, "hello", 5);
    memcpy(p + PAGE + 10, "second page", 11);
    show_file("read after store", fd, 0, 5);
    show_file("read page 2", fd, PAGE + 10, 11);
    show_value("msync MS_SYNC", msync(p, 2 * PAGE, MS_SYNC));
    show_value("msync MS_ASYNC|MS_INVALIDATE", msync(p, PAGE, MS_ASYNC | MS_INVALIDATE));
    show_value("munmap", munmap(p, 2 * PAGE));
    show_file("read after munmap", fd, 0, 5);
    /* And the other way: write(2) shows in a new mapping and in a live one. */
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    show_value("pwrite", pwrite(fd, "world", 5, 0));
    show_mem("mapping after pwrite", p, 5);
    char *q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    show_mem("second mapping", q, 5);
    p[0] = 'W';
    show_mem("second mapping after store", q, 5);
    munmap(q, PAGE);
    munmap(p, PAGE);
    close(fd);
    /* Reopened: the bytes stayed in the file. */
    fd = open(path, O_RDONLY);
    show_file("reopened", fd, 0, 5);
    close(fd);
}

/* A mapping at an offset, and MAP_SHARED_VALIDATE, which is the same kind of mapping. */
static void offset_and_validate(void)
{
    int fd = make_file(3 * PAGE);
    char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE, fd, 2 * PAGE);
    if (p == MAP_FAILED) {
        show_value("mmap validate", -1);
        return;
    }
    memcpy(p + 1, "third", 5);
    show_file("read at offset", fd, 2 * PAGE + 1, 5);
    munmap(p, PAGE);
    close(fd);
}

/* A child's stores through an inherited shared mapping reach the parent and the file. */
static void across_fork(void)
{
    int fd = make_file(PAGE);
    char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        show_value("mmap", -1);
        return;
    }
    memcpy(p, "parent", 6);
    pid_t c = fork();
    if (c == 0) {
        memcpy(p, "child!", 6);
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    show_mem("parent sees", p, 6);
    show_file("file has", fd, 0, 6);
    /* A private mapping of the same file is a copy: its stores stay in it. */
    char *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    q[0] = 'X';
    show_mem("private copy", q, 6);
    show_file("file after private store", fd, 0, 6);
    show_mem("shared after private store", p, 6);
    munmap(q, PAGE);
    munmap(p, PAGE);
    close(fd);
}

/* The file grows after it was mapped: the mapping still is the file. */
static void growth_while_mapped(void)
{
    int fd = make_file(PAGE);
    char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        show_value("mmap", -1);
        return;
    }
    show_value("ftruncate 4 pages", ftruncate(fd, 4 * PAGE));
    memcpy(p + 3 * PAGE, "grown", 5);
    show_file("read grown page", fd, 3 * PAGE, 5);
    show_value("pwrite page 2", pwrite(fd, "later", 5, 2 * PAGE));
    show_mem("mapping page 2", p + 2 * PAGE, 5);
    munmap(p, 4 * PAGE);
    close(fd);
}

/* What mmap and msync refuse. */
static void errors(void)
{
    int fd = make_file(PAGE);
    int ro = open(path, O_RDONLY);
    errno = 0;
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    show_value("shared writable on O_RDONLY", p == MAP_FAILED ? -1 : 0);
    p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
    show_value("shared read-only on O_RDONLY", p == MAP_FAILED ? -1 : 0);
    if (p != MAP_FAILED) {
        show_value("pwrite", pwrite(fd, "seen", 4, 0));
        show_mem("read-only mapping", p, 4);
        show_value("msync bad flags", msync(p, PAGE, 8));
        show_value("msync both", msync(p, PAGE, MS_SYNC | MS_ASYNC));
        show_value("msync unaligned", msync((char *)p + 1, PAGE, MS_SYNC));
        show_value("msync zero length", msync(p, 0, MS_SYNC));
        show_value("msync no flags", msync(p, PAGE, 0));
        show_value("msync partial page", msync(p, 100, MS_ASYNC));
        munmap(p, PAGE);
        show_value("msync unmapped", msync(p, PAGE, MS_SYNC));
        show_value("msync unmapped async", msync(p, PAGE, MS_ASYNC));
    }
    /* A hole in the middle: ENOMEM, with or without MS_ASYNC. */
    char *r = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(r + PAGE, PAGE);
    show_value("msync over a hole", msync(r, 3 * PAGE, MS_SYNC));
    show_value("msync over a hole async", msync(r, 3 * PAGE, MS_ASYNC));
    show_value("msync before the hole", msync(r, PAGE, MS_SYNC));
    munmap(r, 3 * PAGE);
    close(ro);
    close(fd);
}

int main(int argc, char **argv)
{
    snprintf(path, sizeof(path), "%s/rf-mmapshared-%d", argc > 1 ? argv[1] : "/tmp", (int)getpid());
    stores_reach_file();
    offset_and_validate();
    across_fork();
    growth_while_mapped();
    errors();
    unlink(path);
    return 0;
}
