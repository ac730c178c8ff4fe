/* SPDX-License-Identifier: MIT */
/* kernel/syscalls.h: every syscall handler the table in kernel/syscall.c dispatches to. */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include <stdint.h>

struct task;

/* A handler gets the six raw argument registers and returns >= 0 or -LINUX_E*. */
typedef long (*syscall_fn)(struct task *t, const uint64_t a[6]);

#define SYS(name) long sys_##name(struct task *t, const uint64_t a[6])

/* kernel/sys_fs.c: files and directories */
SYS(read); SYS(write); SYS(readv); SYS(writev); SYS(pread64); SYS(pwrite64);
SYS(lseek); SYS(close); SYS(openat); SYS(open); SYS(fstat); SYS(newfstatat);
SYS(stat); SYS(lstat); SYS(statx); SYS(getdents64); SYS(readlinkat); SYS(readlink);
SYS(faccessat); SYS(faccessat2); SYS(access); SYS(fcntl); SYS(ioctl); SYS(dup);
SYS(dup2); SYS(dup3); SYS(getcwd); SYS(chdir); SYS(fchdir); SYS(sendfile);
SYS(pipe2); SYS(pipe); SYS(creat); SYS(mkdirat); SYS(mkdir); SYS(mknodat); SYS(mknod);
SYS(unlinkat); SYS(unlink); SYS(rmdir); SYS(renameat2); SYS(renameat); SYS(rename);
SYS(symlinkat); SYS(symlink); SYS(linkat); SYS(link); SYS(fchmodat); SYS(chmod); SYS(fchmod);
SYS(fchownat); SYS(chown); SYS(lchown); SYS(fchown); SYS(utimensat); SYS(truncate);
SYS(ftruncate); SYS(fallocate); SYS(fadvise64); SYS(fsync); SYS(fdatasync); SYS(sync); SYS(syncfs);
SYS(statfs); SYS(fstatfs);
SYS(pidfd_open); SYS(pidfd_send_signal); SYS(pidfd_getfd);
SYS(inotify_init1); SYS(inotify_init); SYS(inotify_add_watch); SYS(inotify_rm_watch);
SYS(close_range); SYS(eventfd2); SYS(eventfd); SYS(epoll_create1); SYS(epoll_ctl); SYS(epoll_pwait); SYS(epoll_pwait2);
SYS(epoll_create); SYS(epoll_wait); SYS(copy_file_range); SYS(get_mempolicy); SYS(set_mempolicy);
SYS(timer_create); SYS(timer_settime); SYS(timer_gettime); SYS(timer_getoverrun); SYS(timer_delete);
SYS(signalfd4); SYS(signalfd); SYS(flock); SYS(memfd_create); SYS(execveat);
SYS(setuid); SYS(setgid); SYS(setreuid); SYS(setregid); SYS(setresuid); SYS(setresgid);
SYS(setfsuid); SYS(setfsgid); SYS(setgroups); SYS(capget); SYS(capset);
SYS(sched_setscheduler); SYS(sched_getscheduler); SYS(sched_setparam); SYS(sched_getparam);
SYS(sched_get_priority_max); SYS(sched_get_priority_min); SYS(sched_rr_get_interval); SYS(sched_getattr); SYS(sched_setattr);
SYS(timerfd_create); SYS(timerfd_settime); SYS(timerfd_gettime);
SYS(getxattr); SYS(lgetxattr); SYS(fgetxattr); SYS(listxattr); SYS(llistxattr); SYS(flistxattr);
SYS(setxattr); SYS(lsetxattr); SYS(fsetxattr); SYS(removexattr); SYS(lremovexattr); SYS(fremovexattr);

/* kernel/socket.c: AF_UNIX sockets */
SYS(socket); SYS(socketpair); SYS(connect); SYS(bind); SYS(listen); SYS(accept); SYS(accept4); SYS(shutdown); SYS(sendto); SYS(recvfrom);
SYS(sendmsg); SYS(recvmsg); SYS(sendmmsg); SYS(recvmmsg);
SYS(getsockname); SYS(getpeername); SYS(getsockopt); SYS(setsockopt);

/* kernel/sys_poll.c */
SYS(poll); SYS(ppoll); SYS(select); SYS(pselect6);

/* kernel/sys_exec.c */
SYS(execve);

/* kernel/sys_mm.c: memory */
SYS(brk); SYS(mmap); SYS(munmap); SYS(mprotect); SYS(mremap); SYS(madvise);
SYS(msync);

/* kernel/sys_proc.c: process identity, limits, time, exit */
SYS(exit); SYS(exit_group); SYS(getpid); SYS(gettid); SYS(getuid);
SYS(geteuid); SYS(getgid); SYS(getegid); SYS(getresuid); SYS(getresgid); SYS(getgroups);
SYS(set_tid_address); SYS(set_robust_list); SYS(rseq); SYS(uname); SYS(getrandom);
SYS(prlimit64); SYS(getrlimit); SYS(setrlimit); SYS(clock_gettime); SYS(clock_getres);
SYS(gettimeofday); SYS(time); SYS(arch_prctl); SYS(umask); SYS(sched_yield);
SYS(nanosleep); SYS(clock_nanosleep); SYS(restart_syscall);
SYS(sysinfo); SYS(prctl); SYS(getcpu); SYS(sched_getaffinity); SYS(sched_setaffinity); SYS(getpriority); SYS(setpriority); SYS(ioprio_get); SYS(ioprio_set); SYS(futex); SYS(getrusage); SYS(times);

/* kernel/process.c: processes, groups, sessions, timers */
SYS(clone); SYS(clone3); SYS(fork); SYS(vfork); SYS(wait4); SYS(waitid); SYS(getppid);
SYS(setpgid); SYS(getpgid); SYS(getpgrp); SYS(getsid); SYS(setsid); SYS(getitimer);
SYS(setitimer); SYS(alarm);

/* kernel/sys_signal.c: signal bookkeeping */
SYS(rt_sigaction); SYS(rt_sigprocmask); SYS(sigaltstack); SYS(kill); SYS(tgkill);
SYS(tkill); SYS(rt_sigreturn); SYS(rt_sigpending); SYS(rt_sigsuspend); SYS(pause);
SYS(rt_sigtimedwait); SYS(rt_sigqueueinfo); SYS(rt_tgsigqueueinfo);

#endif
