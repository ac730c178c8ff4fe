/* SPDX-License-Identifier: MIT */
/* kernel/syscall.c: the syscall table, indexed by abi/ numbers, and the common entry. */
#include "syscall.h"

#include <stddef.h>
#include <stdio.h>

#include "../abi/linux.h"
#include "log.h"
#include "strace.h"
#include "task.h"
#include "usercopy.h"

#define E(name) [LINUX_NR_##name] = sys_##name

static const syscall_fn table[] = {
    E(read), E(write), E(readv), E(writev), E(pread64), E(pwrite64), E(lseek), E(close),
    E(openat), E(fstat), E(newfstatat), E(statx), E(getdents64), E(readlinkat),
    E(faccessat), E(faccessat2), E(fcntl), E(ioctl), E(dup), E(dup3), E(getcwd), E(chdir),
    E(fchdir), E(sendfile), E(pipe2), E(execve), E(ppoll), E(pselect6),
    E(mkdirat), E(mknodat), E(unlinkat), E(renameat2), E(symlinkat), E(linkat), E(fchmodat),
    E(fchmod), E(fchownat), E(fchown), E(utimensat), E(truncate), E(ftruncate), E(fallocate), E(fadvise64),
    E(fsync), E(fdatasync), E(sync), E(syncfs), E(statfs), E(fstatfs),
    E(timer_create), E(timer_settime), E(timer_gettime), E(timer_getoverrun), E(timer_delete),
    E(signalfd4), E(flock), E(memfd_create), E(execveat),
    E(setuid), E(setgid), E(setreuid), E(setregid), E(setresuid), E(setresgid),
    E(setfsuid), E(setfsgid), E(setgroups), E(capget), E(capset),
    E(sched_setscheduler), E(sched_getscheduler), E(sched_setparam), E(sched_getparam),
    E(sched_get_priority_max), E(sched_get_priority_min), E(sched_rr_get_interval), E(sched_getattr), E(sched_setattr),
    E(timerfd_create), E(timerfd_settime), E(timerfd_gettime),
    E(epoll_create1), E(epoll_ctl), E(epoll_pwait), E(epoll_pwait2),
    E(pidfd_open), E(pidfd_send_signal), E(pidfd_getfd),
    E(inotify_init1), E(inotify_add_watch), E(inotify_rm_watch),
    E(eventfd2), E(close_range), E(copy_file_range), E(get_mempolicy), E(set_mempolicy), E(getxattr), E(lgetxattr), E(fgetxattr), E(listxattr), E(llistxattr), E(flistxattr),
    E(setxattr), E(lsetxattr), E(fsetxattr), E(removexattr), E(lremovexattr), E(fremovexattr),
    E(brk), E(mmap), E(munmap), E(mprotect), E(mremap), E(madvise), E(msync),
    E(exit), E(exit_group), E(getpid), E(gettid), E(getppid), E(getuid), E(geteuid),
    E(clone), E(clone3), E(waitid), E(setpgid), E(setsid), E(getitimer), E(setitimer),
    E(rt_sigpending), E(rt_sigsuspend), E(rt_sigtimedwait), E(rt_sigqueueinfo),
    E(rt_tgsigqueueinfo),
    E(getgid), E(getegid), E(getresuid), E(getresgid), E(getgroups), E(set_tid_address),
    E(set_robust_list), E(rseq), E(uname), E(getrandom), E(prlimit64), E(clock_gettime),
    E(clock_getres), E(gettimeofday), E(umask), E(sched_yield), E(nanosleep),
    E(clock_nanosleep), E(restart_syscall), E(getpgid), E(getsid), E(sysinfo), E(prctl), E(getcpu),
    E(sched_getaffinity), E(sched_setaffinity), E(getpriority), E(setpriority), E(ioprio_get), E(ioprio_set), E(getrlimit), E(setrlimit), E(futex), E(getrusage), E(times), E(wait4),
    E(rt_sigaction), E(rt_sigprocmask), E(sigaltstack), E(kill), E(tgkill), E(tkill), E(rt_sigreturn),
    E(socket), E(socketpair), E(connect), E(bind), E(listen), E(accept), E(accept4), E(shutdown), E(sendto), E(recvfrom), E(getsockname),
    E(sendmsg), E(recvmsg), E(sendmmsg), E(recvmmsg),
    E(getpeername), E(getsockopt), E(setsockopt),
/* Calls only the x86_64 table has; arm64 programs use the *at forms. */
#ifdef LINUX_NR_open
    E(open), E(stat), E(lstat), E(readlink), E(access), E(dup2), E(getpgrp), E(time), E(pipe), E(fork), E(vfork), E(pause), E(alarm), E(poll), E(select),
    E(creat), E(mkdir), E(mknod), E(unlink), E(rmdir), E(rename), E(symlink), E(link),
    E(chmod), E(chown), E(lchown),
#endif
#ifdef LINUX_NR_renameat
    E(renameat),
#endif
#ifdef LINUX_NR_epoll_wait
    E(epoll_create), E(epoll_wait), E(eventfd),
#endif
#ifdef LINUX_NR_signalfd
    E(signalfd),
#endif
#ifdef LINUX_NR_inotify_init
    E(inotify_init),
#endif
#ifdef LINUX_NR_arch_prctl
    E(arch_prctl),
#endif
};

#define NR_ENTRIES ((long)(sizeof(table) / sizeof(table[0])))

syscall_fn syscall_lookup(long nr)
{
    return nr >= 0 && nr < NR_ENTRIES ? table[nr] : NULL;
}

static int strace_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    return copy_from_user(ctx, buf, addr, len);
}

static char trace_line[16384]; /* strace prints paths up to PATH_MAX, escaped */

/* Like strace -f, lines of every task but the first carry "[pid N] ". */
/* What a call overwrites that strace shows as it was passed. */
struct trace_entry {
    int has_namelen, has_ts;
    int32_t namelen;
    struct linux_timespec ts;
};

static size_t trace_format(struct task *t, long nr, const uint64_t a[6], long ret, int no_return,
                           const struct trace_entry *e)
{
    struct strace_mem mem = {.ctx = t->mm, .read = strace_read};
    if (e) {
        mem.has_entry = e->has_namelen;
        mem.entry_namelen = e->namelen;
        mem.has_entry_ts = e->has_ts;
        mem.entry_ts[0] = e->ts.tv_sec;
        mem.entry_ts[1] = e->ts.tv_nsec;
    }
    size_t n = 0;
    if (t->pid != 1)
        n = (size_t)snprintf(trace_line, sizeof(trace_line), "[pid %5d] ", t->pid);
    /* strace shows what restart_syscall resumed, which only the task knows. */
    uint64_t ra[6] = {(uint64_t)t->restart.nr, 0, 0, 0, 0, 0};
    if (nr == LINUX_NR_restart_syscall)
        a = ra;
    return n + strace_format(trace_line + n, sizeof(trace_line) - n, nr, a, ret, no_return, &mem);
}

void syscall_dispatch(struct task *t)
{
    long nr = arch_syscall_nr(&t->regs);
    uint64_t a[6];
    arch_syscall_args(&t->regs, a);
    syscall_fn fn = syscall_lookup(nr);
    long ret;
    /* A successful execve replaces the memory its arguments live in: format first. */
    size_t pre = 0;
    if (t->strace && nr == LINUX_NR_execve)
        pre = trace_format(t, nr, a, 0, 0, NULL);
    /* recvmsg overwrites msg_namelen and recvmmsg its timeout: strace shows them as passed. */
    struct trace_entry entry = {0};
    if (t->strace && nr == LINUX_NR_recvmsg)
        entry.has_namelen =
            copy_from_user(t->mm, &entry.namelen, a[1] + offsetof(struct linux_msghdr, msg_namelen),
                           sizeof(entry.namelen)) == 0;
    if (t->strace && nr == LINUX_NR_recvmmsg && a[4])
        entry.has_ts = copy_from_user(t->mm, &entry.ts, a[4], sizeof(entry.ts)) == 0;
    if (fn) {
        ret = fn(t, a);
    } else {
        /* One line per unknown syscall number, as gVisor's "unsupported syscall" events. */
        static uint64_t reported[1024 / 64];
        if (nr < 0 || nr >= 1024 || !(reported[nr / 64] & (1ULL << (nr % 64)))) {
            const char *name = strace_syscall_name(nr);
            log_warn("unsupported syscall %s (%ld): returning ENOSYS", name ? name : "?", nr);
            if (nr >= 0 && nr < 1024)
                reported[nr / 64] |= 1ULL << (nr % 64);
        }
        ret = -LINUX_ENOSYS;
    }
    if (t->strace) {
        size_t n = pre && ret == 0 ? pre : trace_format(t, nr, a, ret, t->exited, &entry);
        log_raw(trace_line, n);
    }
    if (!t->exited) {
        arch_syscall_set_return(&t->regs, ret);
        t->syscall_ret = ret;
        t->after_syscall = 1;
    }
}
