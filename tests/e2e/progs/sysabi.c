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
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, long r)
{
    int e = errno;
    if (r < 0)
        printf("%s: -1 %s (%d)\n", what, ename(e), e);
    else
        printf("%s: ok\n", what);
}

/* ioprio_set(2)'s value: class in bits 13..15 (glibc has no wrapper or macros). */
#define IOP(cls, level) ((cls) << 13 | (level))

/* One ioprio_get ('g', value shown) or ioprio_set ('s') call. */
static void iop(const char *what, int op, int which, int who, int prio)
{
    errno = 0;
    long r = op == 'g' ? syscall(SYS_ioprio_get, which, who)
                       : syscall(SYS_ioprio_set, which, who, prio);
    if (op == 'g' && r >= 0)
        printf("%s: %#lx\n", what, r);
    else
        show(what, r);
    fflush(stdout);
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

    /* Nice values relative to the start, which a native run inherits. */
    errno = 0;
    int nice0 = getpriority(PRIO_PROCESS, 0);
    show("getpriority self", errno ? -1 : 0);
    errno = 0;
    show("setpriority self +3", setpriority(PRIO_PROCESS, 0, nice0 + 3));
    printf("nice now start+%d\n", getpriority(PRIO_PROCESS, 0) - nice0);
    /* A group of its own first: the native run's group holds the test harness. */
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) {
        setpgid(0, 0);
        errno = 0;
        show("child: setpriority own group +1", setpriority(PRIO_PGRP, 0, nice0 + 4));
        printf("child: nice now start+%d\n", getpriority(PRIO_PROCESS, getpid()) - nice0);
        fflush(stdout);
        _exit(0);
    }
    waitpid(kid, NULL, 0);
    printf("nice now start+%d\n", getpriority(PRIO_PROCESS, 0) - nice0);
    errno = 0;
    show("setpriority which 3", setpriority(3, 0, 0));
    errno = 0;
    show("getpriority which -1", getpriority(-1, 0) == -1 && errno ? -1 : 0);
    errno = 0;
    show("setpriority no such pid", setpriority(PRIO_PROCESS, 999999, 0));
    errno = 0;
    show("getpriority no such pid", getpriority(PRIO_PROCESS, 999999) == -1 && errno ? -1 : 0);
    errno = 0;
    show("setpriority no such group", setpriority(PRIO_PGRP, 999999, 0));
    errno = 0;
    show("setpriority above 19", setpriority(PRIO_PROCESS, 0, 100));
    printf("nice now %d\n", getpriority(PRIO_PROCESS, 0));
    fflush(stdout);
    kid = fork();
    if (kid == 0) {
        printf("child nice %d\n", getpriority(PRIO_PROCESS, 0));
        fflush(stdout);
        _exit(0);
    }
    waitpid(kid, NULL, 0);
    FILE *st = fopen("/proc/self/stat", "r");
    char line[1024];
    if (st && fgets(line, sizeof(line), st)) {
        /* Fields 18 and 19 (priority, nice), counted after the ")" of comm. */
        char *p = strrchr(line, ')');
        int field = 2, prio = 0, nv = 0;
        for (; p && *p; p++)
            if (*p == ' ' && ++field == 18)
                sscanf(p + 1, "%d %d", &prio, &nv);
        printf("/proc/self/stat priority %d nice %d\n", prio, nv);
    }
    if (st)
        fclose(st);

    /*
     * I/O priorities, in a child with a group of its own (the native run's
     * group holds the test harness). Its nice value is 19 from above, so the
     * group's effective level is known: best effort, (19 + 20) / 5 = 7.
     */
    fflush(stdout);
    kid = fork();
    if (kid == 0) {
        setpgid(0, 0);
        iop("ioprio_get self at start", 'g', 1, 0, 0);
        iop("ioprio_get own group", 'g', 2, 0, 0);
        iop("ioprio_set self BE 3", 's', 1, 0, IOP(2, 3));
        iop("ioprio_get self", 'g', 1, 0, 0);
        iop("ioprio_get own group", 'g', 2, 0, 0);
        iop("ioprio_set self IDLE", 's', 1, getpid(), IOP(3, 0));
        iop("ioprio_get self", 'g', 1, getpid(), 0);
        iop("ioprio_set class none level 1", 's', 1, 0, IOP(0, 1));
        iop("ioprio_set class 4", 's', 1, 0, IOP(4, 0));
        iop("ioprio_set -1", 's', 1, 0, -1);
        iop("ioprio_set which 0", 's', 0, 0, IOP(2, 0));
        iop("ioprio_set which 4", 's', 4, 0, IOP(2, 0));
        iop("ioprio_get which 0", 'g', 0, 0, 0);
        iop("ioprio_set no such pid", 's', 1, 999999, IOP(2, 0));
        iop("ioprio_get no such pid", 'g', 1, 999999, 0);
        iop("ioprio_set no such group", 's', 2, 999999, IOP(2, 0));
        iop("ioprio_get no such group", 'g', 2, 999999, 0);
        iop("ioprio_set user -1", 's', 3, -1, IOP(2, 0));
        iop("ioprio_get user -1", 'g', 3, -1, 0);
        iop("ioprio_set own group BE 5", 's', 2, 0, IOP(2, 5));
        iop("ioprio_get self", 'g', 1, 0, 0);
        fflush(stdout);
        pid_t g = fork();
        if (g == 0) {
            iop("grandchild: ioprio_get self", 'g', 1, 0, 0);
            _exit(0);
        }
        waitpid(g, NULL, 0);
        iop("ioprio_set self none", 's', 1, 0, IOP(0, 0));
        iop("ioprio_get self", 'g', 1, 0, 0);
        iop("ioprio_get own group", 'g', 2, 0, 0);
        fflush(stdout);
        g = fork();
        if (g == 0) {
            iop("grandchild: ioprio_get self", 'g', 1, 0, 0);
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(kid, NULL, 0);

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

    /*
     * /proc files opened for writing: root may open them (a 0444 mode binds it
     * only under /proc/sys), writes fail by kind, ftruncate is taken.
     */
    static const char *const procs[] = {"/proc/self/status", "/proc/self/maps", "/proc/cpuinfo",
                                        "/proc/uptime", "/proc/sys/kernel/ostype"};
    for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
        char what[96];
        errno = 0;
        int w = open(procs[i], O_WRONLY);
        snprintf(what, sizeof(what), "open %s to write", procs[i]);
        show(what, w);
        if (w < 0)
            continue;
        errno = 0;
        snprintf(what, sizeof(what), "write %s", procs[i]);
        show(what, write(w, "1", 1));
        errno = 0;
        snprintf(what, sizeof(what), "ftruncate %s", procs[i]);
        show(what, ftruncate(w, 0));
        close(w);
    }
    /* comm keeps what was written, newline and all, up to 15 bytes. */
    int cw = open("/proc/self/comm", O_WRONLY);
    errno = 0;
    show("write /proc/self/comm", cw < 0 ? -1 : write(cw, "renamed-by-sysabi\n", 18));
    if (cw >= 0)
        close(cw);
    int cr = open("/proc/self/comm", O_RDONLY);
    char comm[32] = {0};
    if (cr >= 0 && read(cr, comm, sizeof(comm) - 1) > 0)
        printf("comm now %s", comm);
    if (cr >= 0)
        close(cr);
    /* An empty write names it "" (not the program's file name). */
    cw = open("/proc/self/comm", O_WRONLY);
    errno = 0;
    show("empty write /proc/self/comm", cw < 0 ? -1 : write(cw, "", 0));
    if (cw >= 0)
        close(cw);
    cr = open("/proc/self/comm", O_RDONLY);
    memset(comm, 0, sizeof(comm));
    if (cr >= 0 && read(cr, comm, sizeof(comm) - 1) >= 0)
        printf("comm now [%s]\n", strtok(comm, "\n") ? comm : "");
    if (cr >= 0)
        close(cr);

    /* close_range: closes, or marks close-on-exec, what is open in the range. */
    dup2(null, 10);
    dup2(null, 11);
    dup2(null, 12);
    errno = 0;
    show("close_range 11..12", syscall(SYS_close_range, 11, 12, 0));
    errno = 0;
    show("fcntl 11 after close_range", fcntl(11, F_GETFD));
    errno = 0;
    show("close_range 10 CLOEXEC", syscall(SYS_close_range, 10, 10, 4));
    printf("fd 10 flags %d\n", fcntl(10, F_GETFD));
    errno = 0;
    show("close_range first > last", syscall(SYS_close_range, 5, 4, 0));
    errno = 0;
    show("close_range flag 1", syscall(SYS_close_range, 10, 10, 1));
    errno = 0;
    show("close_range 1000..~0", syscall(SYS_close_range, 1000, ~0U, 0));

    /* Memory policy on a one-node machine: what is set is read back. */
    struct {
        const char *what;
        int mode;
        unsigned long mask;
        unsigned long maxnode;
    } pol[] = {
        {"set_mempolicy BIND {0}", 2, 1, 65},
        {"set_mempolicy PREFERRED {}", 1, 0, 65},
        {"set_mempolicy DEFAULT {0}", 0, 1, 65},
        {"set_mempolicy INTERLEAVE {}", 3, 0, 65},
        {"set_mempolicy LOCAL {0}", 4, 1, 65},
        {"set_mempolicy mode 9", 9, 1, 65},
        {"set_mempolicy BIND STATIC|RELATIVE", 2 | 3 << 14, 1, 65},
        {"set_mempolicy DEFAULT", 0, 0, 0},
    };
    for (unsigned i = 0; i < sizeof(pol) / sizeof(pol[0]); i++) {
        int mode = -1;
        unsigned long nodes[2] = {7, 7};
        errno = 0;
        show(pol[i].what, syscall(SYS_set_mempolicy, pol[i].mode, &pol[i].mask, pol[i].maxnode));
        errno = 0;
        long r = syscall(SYS_get_mempolicy, &mode, nodes, 128, 0, 0);
        printf("  get_mempolicy: %ld mode %d nodes %#lx %#lx\n", r, mode, nodes[0], nodes[1]);
    }
    int pmode = -1;
    unsigned long pnodes = 7;
    errno = 0;
    show("get_mempolicy MEMS_ALLOWED", syscall(SYS_get_mempolicy, &pmode, &pnodes, 64, 0, 4));
    printf("  mode %d nodes %#lx\n", pmode, pnodes);
    errno = 0;
    show("get_mempolicy NODE|ADDR", syscall(SYS_get_mempolicy, &pmode, NULL, 0, &pmode, 3));
    printf("  node %d\n", pmode);
    errno = 0;
    show("get_mempolicy NODE alone", syscall(SYS_get_mempolicy, &pmode, NULL, 0, 0, 1));
    errno = 0;
    show("get_mempolicy ADDR unmapped", syscall(SYS_get_mempolicy, &pmode, NULL, 0, 4096, 2));
    errno = 0;
    show("get_mempolicy addr without ADDR", syscall(SYS_get_mempolicy, &pmode, NULL, 0, 4096, 0));
    errno = 0;
    show("get_mempolicy flag 8", syscall(SYS_get_mempolicy, &pmode, NULL, 0, 0, 8));

    /* Extended attributes: the errors every filesystem gives alike. */
    char big[300];
    memset(big, 'a', sizeof(big));
    memcpy(big, "user.", 5);
    big[299] = 0;
    static char value[70000];
    errno = 0;
    show("getxattr missing file", getxattr("/no/such/file", "user.x", value, 10));
    errno = 0;
    show("lgetxattr missing file", lgetxattr("/no/such/file", "user.x", value, 10));
    errno = 0;
    show("getxattr empty name", getxattr("/", "", value, 10));
    errno = 0;
    show("getxattr name too long", getxattr("/", big, value, 10));
    errno = 0;
    show("getxattr unknown namespace", getxattr("/", "bogus.x", value, 10));
    errno = 0;
    show("fgetxattr closed fd", fgetxattr(999, "user.x", value, 10));
    errno = 0;
    show("listxattr missing file", listxattr("/no/such/file", value, 10));
    errno = 0;
    show("flistxattr closed fd", flistxattr(999, value, 10));
    errno = 0;
    show("setxattr bad flags", setxattr("/", "user.x", "v", 1, 8));
    errno = 0;
    show("setxattr value too big", setxattr("/", "user.x", value, sizeof(value), 0));
    errno = 0;
    show("removexattr missing file", removexattr("/no/such/file", "user.x"));
    errno = 0;
    show("removexattr empty name", removexattr("/", ""));
    return 0;
}
