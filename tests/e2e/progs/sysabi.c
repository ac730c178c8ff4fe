/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/sysabi.c: small system-call answers a sandbox tends to get wrong (fsync on devices, affinity checks). */
/*
 * usage: sysabi
 * Prints each call's result as "-1 ERRNO-NAME" or "ok", never values that
 * depend on the machine (CPU masks, sizes), for comparison with native.
 * exit status: 0.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The errno names this program can meet (musl has no strerrorname_np). */
static const char *errname(int e)
{
    switch (e) {
    case EINVAL: return "EINVAL";
    case ESRCH: return "ESRCH";
    case EFAULT: return "EFAULT";
    case EBADF: return "EBADF";
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case ESPIPE: return "ESPIPE";
    default: return "other";
    }
}

static void show(const char *what, long r)
{
    int e = errno;
    if (r < 0)
        printf("%s: -1 %s (%d)\n", what, errname(e), e);
    else
        printf("%s: ok\n", what);
}

int main(void)
{
    char path[64];
    int p[2];
    cpu_set_t set, none;

    int null = open("/dev/null", O_RDWR);
    errno = 0;
    show("fsync /dev/null", fsync(null));
    errno = 0;
    show("fdatasync /dev/null", fdatasync(null));
    if (pipe(p) != 0)
        return 1;
    errno = 0;
    show("fsync pipe", fsync(p[0]));
    snprintf(path, sizeof(path), "/tmp/sysabi.%d", (int)getpid());
    int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    unlink(path);
    errno = 0;
    show("fsync file", fsync(f));
    errno = 0;
    show("fsync /tmp", fsync(open("/tmp", O_RDONLY | O_DIRECTORY)));

    /* posix_fadvise returns the error instead of setting errno. */
    static const struct {
        const char *what;
        int fd, advice;
        long len;
    } fadv[] = {
        {"fadvise file DONTNEED", -2, POSIX_FADV_DONTNEED, 0},
        {"fadvise file SEQUENTIAL", -2, POSIX_FADV_SEQUENTIAL, 4096},
        {"fadvise file NOREUSE", -2, POSIX_FADV_NOREUSE, 0},
        {"fadvise file advice 6", -2, 6, 0},
        {"fadvise file negative length", -2, POSIX_FADV_NORMAL, -1},
        {"fadvise /dev/null", -3, POSIX_FADV_WILLNEED, 0},
        {"fadvise pipe", -4, POSIX_FADV_NORMAL, 0},
        {"fadvise pipe advice 6", -4, 6, 0},
        {"fadvise closed fd", 999, POSIX_FADV_NORMAL, 0},
    };
    for (unsigned i = 0; i < sizeof(fadv) / sizeof(fadv[0]); i++) {
        int fd = fadv[i].fd == -2 ? f : fadv[i].fd == -3 ? null : fadv[i].fd == -4 ? p[0] : fadv[i].fd;
        errno = posix_fadvise(fd, 0, fadv[i].len, fadv[i].advice);
        show(fadv[i].what, errno ? -1 : 0);
    }

    CPU_ZERO(&set);
    CPU_ZERO(&none);
    errno = 0;
    show("getaffinity self", syscall(SYS_sched_getaffinity, 0, sizeof(set), &set));
    errno = 0;
    show("getaffinity no such pid", syscall(SYS_sched_getaffinity, 999999, sizeof(set), &set));
    errno = 0;
    show("getaffinity 4-byte mask", syscall(SYS_sched_getaffinity, 0, 4, &set));
    errno = 0;
    show("setaffinity self, own mask", syscall(SYS_sched_setaffinity, 0, sizeof(set), &set));
    errno = 0;
    show("setaffinity getpid(), own mask", syscall(SYS_sched_setaffinity, getpid(), sizeof(set), &set));
    errno = 0;
    show("setaffinity no such pid", syscall(SYS_sched_setaffinity, 999999, sizeof(set), &set));
    errno = 0;
    show("setaffinity empty mask", syscall(SYS_sched_setaffinity, 0, sizeof(none), &none));
    errno = 0;
    show("setaffinity bad pointer", syscall(SYS_sched_setaffinity, 0, sizeof(set), (void *)8));
    return 0;
}
