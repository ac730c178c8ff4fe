/* SPDX-License-Identifier: MIT */
/* bench/pipe_throughput.c: stream 64 KiB writes through a pipe to a child that reads and discards them. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char bench_name[];
extern const long bench_default_iters;
void bench_setup(int argc, char **argv);
void bench_loop(long iters);
void bench_spawn_piped(void (*body)(int in, int out), int *to, int *from);

/* One operation = one 64 KiB write; MB/s = 65536 * 1000 / ns_per_op. */
#define CHUNK 65536

const char bench_name[] = "pipe_throughput";
const long bench_default_iters = 20000;

static int data_fd = -1;
static int ack_fd = -1;
static char buf[CHUNK];

static int read_full(int fd, void *p, size_t len)
{
    char *c = p;

    while (len > 0) {
        ssize_t n = read(fd, c, len);

        if (n <= 0)
            return n == 0 ? 0 : -1;
        c += n;
        len -= (size_t)n;
    }
    return 1;
}

/*
 * The sink child. Each batch on the data pipe is an 8-byte chunk count
 * followed by that many 64 KiB chunks; the child reads them into its own
 * buffer, then answers one byte on the ack pipe so the parent's clock stops
 * only when the last byte has been consumed (not merely buffered). EOF on
 * the count ends it.
 */
static void sink_child(int in, int ack)
{
    static char sink[CHUNK];
    uint64_t chunks;
    int r;

    for (;;) {
        r = read_full(in, &chunks, sizeof(chunks));
        if (r == 0)
            _exit(0);
        if (r < 0)
            _exit(1);
        for (uint64_t left = chunks * CHUNK; left > 0;) {
            ssize_t n = read(in, sink, left < CHUNK ? left : CHUNK);

            if (n <= 0)
                _exit(1);
            left -= (uint64_t)n;
        }
        if (write(ack, "k", 1) != 1)
            _exit(1);
    }
}

void bench_setup(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    memset(buf, 0xa5, sizeof(buf));
    bench_spawn_piped(sink_child, &data_fd, &ack_fd);
}

void bench_loop(long iters)
{
    uint64_t chunks = (uint64_t)iters;
    char c;

    if (write(data_fd, &chunks, sizeof(chunks)) != (ssize_t)sizeof(chunks)) {
        perror("pipe_throughput: write count");
        exit(1);
    }
    for (long i = 0; i < iters; i++) {
        size_t off = 0;

        while (off < CHUNK) {
            ssize_t n = write(data_fd, buf + off, CHUNK - off);

            if (n <= 0) {
                perror("pipe_throughput: write");
                exit(1);
            }
            off += (size_t)n;
        }
    }
    if (read(ack_fd, &c, 1) != 1) {
        fprintf(stderr, "pipe_throughput: no ack from the sink child\n");
        exit(1);
    }
}
