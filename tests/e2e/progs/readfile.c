/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/readfile.c: read a file with open/read/fstat/lseek/pread; print size, checksum, first lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit codes: the root-escape tests rely on EXIT_OPEN meaning "the guest ran but could not open". */
enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_OPEN = 3, EXIT_IO = 4, EXIT_MISMATCH = 5 };

#define MAX_LINES 5

static uint64_t fnv1a(uint64_t h, const unsigned char *p, size_t n)
{
    while (n--) {
        h ^= *p++;
        h *= 0x100000001b3ULL;
    }
    return h;
}

int main(int argc, char **argv)
{
    /* Odd-sized chunks so reads straddle page and buffer boundaries. */
    unsigned char buf[1021];
    unsigned char line[256];
    size_t line_len = 0;
    int lines = 0;
    uint64_t h = 0xcbf29ce484222325ULL;
    long long total = 0;
    struct stat st;
    off_t end, mid;
    ssize_t n;
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: readfile PATH|-\n");
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "-") == 0) {
        fd = 0;
    } else {
        fd = open(argv[1], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "readfile: open %s: %s\n", argv[1], strerror(errno));
            return EXIT_OPEN;
        }
    }
    if (fstat(fd, &st) < 0) {
        fprintf(stderr, "readfile: fstat: %s\n", strerror(errno));
        return EXIT_IO;
    }
    printf("type %s\n", S_ISREG(st.st_mode) ? "regular" : S_ISDIR(st.st_mode) ? "directory"
                        : S_ISCHR(st.st_mode) ? "chardev" : S_ISFIFO(st.st_mode) ? "fifo" : "other");
    printf("fstat size %lld\n", (long long)st.st_size);

    for (;;) {
        n = read(fd, buf, sizeof(buf));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "readfile: read: %s\n", strerror(errno));
            return EXIT_IO;
        }
        if (n == 0)
            break;
        h = fnv1a(h, buf, (size_t)n);
        for (ssize_t i = 0; i < n && lines < MAX_LINES; i++) {
            if (buf[i] == '\n' || line_len == sizeof(line) - 1) {
                printf("line %d: %.*s\n", lines + 1, (int)line_len, line);
                lines++;
                line_len = 0;
            } else {
                line[line_len++] = buf[i];
            }
        }
        total += n;
    }
    if (line_len > 0 && lines < MAX_LINES)
        printf("line %d (no newline): %.*s\n", lines + 1, (int)line_len, line);
    printf("read total %lld\n", total);
    printf("fnv1a64 %016llx\n", (unsigned long long)h);

    /* A second read at EOF must return 0, not an error. */
    n = read(fd, buf, sizeof(buf));
    printf("read at eof %zd\n", n);

    if (!S_ISREG(st.st_mode))
        return EXIT_OK;

    end = lseek(fd, 0, SEEK_END);
    printf("lseek end %lld\n", (long long)end);
    if (end != st.st_size || total != st.st_size) {
        fprintf(stderr, "readfile: size mismatch fstat %lld read %lld lseek %lld\n",
                (long long)st.st_size, total, (long long)end);
        return EXIT_MISMATCH;
    }
    mid = end / 2;
    n = pread(fd, buf, 16, mid);
    printf("pread 16 at %lld -> %zd:", (long long)mid, n);
    for (ssize_t i = 0; i < n; i++)
        printf(" %02x", buf[i]);
    printf("\n");
    /* pread must not move the file offset. */
    printf("offset after pread %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("lseek set mid %lld\n", (long long)lseek(fd, mid, SEEK_SET));
    n = read(fd, line, 16);
    printf("read after seek %zd match %s\n", n,
           n >= 0 && pread(fd, buf, (size_t)n, mid) == n && memcmp(buf, line, (size_t)n) == 0 ? "yes" : "no");
    printf("lseek cur %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("pread past end %zd\n", pread(fd, buf, 16, end + 100));
    if (close(fd) < 0) {
        fprintf(stderr, "readfile: close: %s\n", strerror(errno));
        return EXIT_IO;
    }
    return EXIT_OK;
}
