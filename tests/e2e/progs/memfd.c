/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/memfd.c: memfd_create: an anonymous file, shared over fork and mmap, and its seals. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010 /* include/uapi/linux/fcntl.h, Linux 5.1 */
#endif

static void show_seals(const char *what, int fd)
{
    errno = 0;
    int s = fcntl(fd, F_GET_SEALS);
    if (s < 0)
        show_value(what, -1);
    else
        printf("%s: %#x\n", what, s);
    fflush(stdout);
}

/* Copy this program into a memfd and run it from there (fexecve, as loaders of packed binaries do). */
static void exec_from_memfd(char *self_path)
{
    int src = open(self_path, O_RDONLY), m = memfd_create("prog", MFD_CLOEXEC);
    char buf[65536];
    ssize_t n;
    while ((n = read(src, buf, sizeof(buf))) > 0)
        write(m, buf, (size_t)n);
    close(src);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        char *argv[] = {"memfd", "child", NULL}, *envp[] = {NULL};
        fexecve(m, argv, envp);
        printf("fexecve: %s\n", ename(errno));
        _exit(1);
    }
    int st = 0;
    waitpid(c, &st, 0);
    printf("exec from a memfd: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(m);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("running from a memfd\n");
        return 7;
    }
    char longname[300];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    show_value("bad flags", memfd_create("x", 0x100));
    show_value("name too long", memfd_create(longname, 0));
    longname[249] = 0;
    int maxfd = memfd_create(longname, 0);
    show_value("name of 249", maxfd < 0 ? -1 : 0);
    close(maxfd);
    show_value("bad name pointer", syscall(SYS_memfd_create, (void *)8, 0));

    int fd = memfd_create("test", MFD_CLOEXEC);
    printf("cloexec %d, flags %#o\n", fcntl(fd, F_GETFD), fcntl(fd, F_GETFL) & ~0100000);
    struct stat st;
    fstat(fd, &st);
    printf("mode %o nlink %lu size %lld\n", st.st_mode, (unsigned long)st.st_nlink,
           (long long)st.st_size);
    char link[64], self[64];
    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(self, link, sizeof(link) - 1);
    printf("link: %.*s\n", n > 0 ? (int)n : 0, link);
    show_value("write", write(fd, "hello memfd", 11));
    show_value("ftruncate 8192", ftruncate(fd, 8192));
    char buf[16] = {0};
    pread(fd, buf, 11, 0);
    printf("pread: %s\n", buf);
    /* Shared memory between processes: the child's store is the parent's. */
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        memcpy(p + 4096, "from the child", 14);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("parent sees: %.14s\n", p + 4096);
    pread(fd, buf, 14, 4096);
    printf("file has: %.14s\n", buf);
    munmap(p, 8192);

    /* Without MFD_ALLOW_SEALING the file is sealed against sealing. */
    show_seals("seals, not allowed", fd);
    errno = 0;
    show_value("add seals, not allowed", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    int plain = open("/proc/self/exe", O_RDONLY);
    show_seals("seals of another file", plain);
    close(plain);
    close(fd);

    int s = memfd_create("sealed", MFD_ALLOW_SEALING);
    show_seals("seals, allowed", s);
    write(s, "0123456789", 10);
    show_value("add an unknown seal", fcntl(s, F_ADD_SEALS, 0x100));
    show_value("add shrink", fcntl(s, F_ADD_SEALS, F_SEAL_SHRINK));
    show_value("truncate smaller", ftruncate(s, 5));
    show_value("truncate larger", ftruncate(s, 20));
    show_value("add grow", fcntl(s, F_ADD_SEALS, F_SEAL_GROW));
    show_value("write past the end", pwrite(s, "x", 1, 20));
    show_value("write inside", pwrite(s, "ab", 2, 0));
    show_value("truncate to the same size", ftruncate(s, 20));
    /* A writable shared mapping stands in the way of F_SEAL_WRITE. */
    char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
    show_value("add write while mapped", fcntl(s, F_ADD_SEALS, F_SEAL_WRITE));
    munmap(w, 4096);
    show_value("add write", fcntl(s, F_ADD_SEALS, F_SEAL_WRITE));
    show_value("write", pwrite(s, "z", 1, 0));
    w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
    show_value("shared writable mapping", w == MAP_FAILED ? -1 : 0);
    w = mmap(NULL, 4096, PROT_READ, MAP_SHARED, s, 0);
    show_value("shared read-only mapping", w == MAP_FAILED ? -1 : 0);
    w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, s, 0);
    show_value("private writable mapping", w == MAP_FAILED ? -1 : 0);
    show_value("add seal", fcntl(s, F_ADD_SEALS, F_SEAL_SEAL));
    show_seals("seals now", s);
    show_value("add after seal", fcntl(s, F_ADD_SEALS, F_SEAL_GROW));
    pread(s, buf, 10, 0);
    printf("contents: %.10s\n", buf);
    int ro = open(self, O_RDONLY);
    (void)ro;
    snprintf(self, sizeof(self), "/proc/self/fd/%d", s);
    int rdonly = open(self, O_RDONLY);
    show_value("reopen read-only", rdonly < 0 ? -1 : 0);
    show_seals("seals through the reopened file", rdonly);
    memset(buf, 0, sizeof(buf));
    show_value("read the reopened file from its own start", read(rdonly, buf, 10));
    printf("  %.10s\n", buf);
    /* So does a file of the root's (a lower-layer file in the sandbox). */
    int pw = open("/proc/self/exe", O_RDONLY);
    char first[4], again[4];
    show_value("read 4 from a host file", read(pw, first, 4));
    snprintf(self, sizeof(self), "/proc/self/fd/%d", pw);
    int pw2 = open(self, O_RDONLY);
    show_value("reopen it read-only", pw2 < 0 ? -1 : 0);
    show_value("  read 4 from the reopened file", read(pw2, again, 4));
    printf("  own position: %s\n", memcmp(first, again, 4) ? "no" : "yes");
    show_value("  the first file's position", lseek(pw, 0, SEEK_CUR));
    fcntl(pw2, F_SETFL, O_NONBLOCK);
    printf("  own flags: %s\n", fcntl(pw, F_GETFL) & O_NONBLOCK ? "no" : "yes");
    close(pw2);
    close(pw);
    int s2 = memfd_create("s2", MFD_ALLOW_SEALING);
    int r2 = open((snprintf(self, sizeof(self), "/proc/self/fd/%d", s2), self), O_RDONLY);
    show_value("add seals through a read-only open", fcntl(r2, F_ADD_SEALS, F_SEAL_GROW));
    /* F_SEAL_FUTURE_WRITE: a read-only shared mapping may never become writable (VM_MAYWRITE). */
    int fw = memfd_create("fw", MFD_ALLOW_SEALING);
    show_value("size", ftruncate(fw, 4096));
    show_value("add future write", fcntl(fw, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    char *fr = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fw, 0);
    show_value("future-write sealed, shared read-only mapping", fr == MAP_FAILED ? -1 : 0);
    show_value("  mprotect it writable", mprotect(fr, 4096, PROT_READ | PROT_WRITE));
    char *fp = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fw, 0);
    show_value("  private read-only mapping", fp == MAP_FAILED ? -1 : 0);
    show_value("  mprotect that writable", mprotect(fp, 4096, PROT_READ | PROT_WRITE));
    /* So are the shared mappings of a file opened read-only. */
    int rofd = open("/proc/self/exe", O_RDONLY);
    char *ror = mmap(NULL, 4096, PROT_READ, MAP_SHARED, rofd, 0);
    show_value("shared mapping of a file open read-only", ror == MAP_FAILED ? -1 : 0);
    show_value("  mprotect it writable", mprotect(ror, 4096, PROT_READ | PROT_WRITE));
    show_value("  mprotect it executable", mprotect(ror, 4096, PROT_READ | PROT_EXEC));
    exec_from_memfd("/proc/self/exe");
    return 0;
}
