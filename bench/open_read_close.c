/* SPDX-License-Identifier: MIT */
/* bench/open_read_close.c: open a small file, read 64 bytes, close (path walk, fd table, read). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);

const char bench_name[] = "open_read_close";
const long bench_default_iters = 150000;

static const char *path = "/etc/passwd";
static ssize_t expect;
static volatile long sink;

void bench_setup(int argc, char **argv)
{
    char buf[64];
    int fd;

    if (argc >= 3)
        path = argv[2];
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        perror(path);
        exit(1);
    }
    expect = read(fd, buf, sizeof(buf));
    if (expect <= 0) {
        fprintf(stderr, "%s: empty or unreadable\n", path);
        exit(1);
    }
    close(fd);
}

void bench_loop(long iters)
{
    char buf[64];
    long acc = 0;

    for (long i = 0; i < iters; i++) {
        int fd = open(path, O_RDONLY);

        if (fd < 0) {
            perror("open");
            exit(1);
        }
        if (read(fd, buf, sizeof(buf)) != expect) {
            perror("read");
            exit(1);
        }
        if (close(fd) != 0) {
            perror("close");
            exit(1);
        }
        acc += buf[0];
    }
    sink = acc;
}
