/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/bigfile.c: huge sizes and bad buffers on a file in /tmp, as a hostile guest would use them. */
/*
 * usage: bigfile DIR
 * Each step prints its result and the file's size, for comparison with a
 * native run. None of them needs memory the file does not hold: a runtime
 * that backs files with memory must not make gigabytes resident for them
 * (tests/e2e/bigfile.sh checks the runtime's peak RSS).
 *  - write(1 GiB from address 1): EFAULT, size unchanged;
 *  - pwrite at 4 GiB from a buffer whose second page is unmapped: only the
 *    readable part is written, and the size grows by that much only;
 *  - ftruncate up to 4 GiB and back down to 5 bytes, then read them;
 *  - fallocate(PUNCH_HOLE) over 4 GiB;
 *  - mmap of /dev/null (ENODEV) and 512 MiB of /dev/zero, shared and private
 *    (anonymous memory: one page is written and read back).
 * exit status: 0 all steps ran (their results are in the output), 1 setup failed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define GiB (1LL << 30)
/* Small enough for the test VMs' RAM (a native mapping past it fails there), big enough to see. */
#define MAPLEN (512LL << 20)

static int fd;

static void report(const char *what, long r)
{
    struct stat st;
    int e = errno;
    if (fstat(fd, &st) != 0)
        st.st_size = -1;
    if (r < 0)
        printf("%s: -1 %s, size %lld\n", what, strerror(e), (long long)st.st_size);
    else
        printf("%s: %ld, size %lld\n", what, r, (long long)st.st_size);
}

int main(int argc, char **argv)
{
    char path[4096], buf[8];
    if (argc != 2) {
        fprintf(stderr, "usage: bigfile DIR\n");
        return 1;
    }
    snprintf(path, sizeof(path), "%s/bigfile.%d", argv[1], (int)getpid());
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror("bigfile: open");
        return 1;
    }
    unlink(path);

    void *volatile bad = (void *)1; /* volatile: the compiler must not see through it */
    report("write 1 GiB from address 1", (long)write(fd, bad, (size_t)GiB));

    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || munmap(p + 4096, 4096) != 0) {
        perror("bigfile: mmap");
        return 1;
    }
    memset(p, 'x', 4096);
    report("pwrite 100 bytes at 4 GiB, 10 readable", (long)pwrite(fd, p + 4086, 100, 4 * GiB));

    report("ftruncate to 4 GiB", (long)ftruncate(fd, 4 * GiB));
    report("ftruncate to 5", (long)ftruncate(fd, 5));
    memset(buf, '?', sizeof(buf));
    long n = (long)pread(fd, buf, sizeof(buf), 0);
    report("pread 8 at 0", n);
    printf("bytes:");
    for (long i = 0; i < n; i++)
        printf(" %02x", (unsigned char)buf[i]);
    printf("\n");

    report("ftruncate to 4 GiB again", (long)ftruncate(fd, 4 * GiB));
    report("punch a hole over 4 GiB",
           (long)fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4 * GiB));
    n = (long)pread(fd, buf, sizeof(buf), 4 * GiB - 4);
    report("pread 8 at 4 GiB - 4", n);

    int dev = open("/dev/null", O_RDWR);
    errno = 0;
    char *m = mmap(NULL, MAPLEN, PROT_READ, MAP_SHARED, dev, 0);
    printf("mmap 512 MiB of /dev/null: %s\n", m == MAP_FAILED ? strerror(errno) : "mapped");
    close(dev);
    dev = open("/dev/zero", O_RDWR);
    for (int shared = 1; shared >= 0; shared--) {
        errno = 0;
        m = mmap(NULL, MAPLEN, PROT_READ | PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, dev, 0);
        if (m == MAP_FAILED) {
            printf("mmap 512 MiB of /dev/zero (%s): %s\n", shared ? "shared" : "private", strerror(errno));
            continue;
        }
        m[MAPLEN / 2] = 7;
        printf("mmap 512 MiB of /dev/zero (%s): bytes %d %d %d\n", shared ? "shared" : "private",
               m[0], m[MAPLEN / 2], m[MAPLEN - 1]);
        munmap(m, MAPLEN);
    }
    return 0;
}
