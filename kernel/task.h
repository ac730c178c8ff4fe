/* SPDX-License-Identifier: MIT */
/* kernel/task.h: a guest task (thread), its process relations, and the loop that runs it. */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stdint.h>
#include "../arch/arch.h"
#include "file.h"
#include "platform.h"
#include "types.h"

struct mm;

struct sighand {
    struct linux_sigaction action[LINUX_NSIG];
};

/* One queued instance of a real-time signal (they queue; standard signals merge). */
struct sigqueue {
    struct linux_siginfo info;
    struct sigqueue *next;
};

enum task_state {
    TASK_ALIVE,  /* running guest code or kernel code, or blocked */
    TASK_ZOMBIE, /* exited, waiting for its parent to reap it */
};

/* What a waiting parent may still be told about a child (wait4 WUNTRACED/WCONTINUED). */
#define REPORT_STOPPED 1
#define REPORT_CONTINUED 2

/* A CPU-time interval timer: deadline and interval on the clock it counts; 0 = disarmed. */
struct cpu_itimer {
    uint64_t deadline_ns, interval_ns;
};

struct task {
    struct arch_regs regs;
    struct arch_fpstate fp;
    uint32_t fp_size_seen; /* size of the FP image the platform last gave: what sigreturn loads */

    struct mm *mm;
    struct fdtable *files;
    struct fs_context *fs;
    struct sighand *sighand;
    struct platform *platform;
    struct platform_ctx *ctx;

    int pid, tid, ppid; /* ppid is kept in step with parent for /proc and getppid */
    int pgid, sid;
    struct task *parent;
    enum task_state state;
    int exit_signal;   /* sent to the parent when this task ends (clone's CSIGNAL) */
    int did_exec;      /* setpgid on a child that has exec'd is EACCES */
    struct task *vfork_parent; /* parent blocked in vfork until we exec or exit */
    int stopped;       /* job-control stop in effect */
    int stop_sig;
    int report;        /* REPORT_* not yet collected by a waiter */
    uint64_t start_ns;

    uint32_t uid, gid, euid, egid;
    uint32_t suid, sgid, fsuid, fsgid; /* saved and filesystem ids (kernel/sys_cred.c) */
    uint32_t *groups;  /* supplementary groups, sorted (groups_sort()); malloc'd */
    int ngroups;
    /* Capability sets, bit n = capability n (kernel/sys_cred.c); the launcher's at start. */
    uint64_t cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
    uint32_t securebits;   /* SECURE_* bits and their locks (prctl PR_SET_SECUREBITS) */
    int no_new_privs;      /* PR_SET_NO_NEW_PRIVS: kept over fork and exec, never cleared */
    int pdeath_signal;     /* PR_SET_PDEATHSIG: sent when the parent exits; 0 in a new child */
    int child_subreaper;   /* PR_SET_CHILD_SUBREAPER: orphaned descendants come here, not to init */
    uint32_t umask;
    int nice;          /* -20..19 (setpriority); inherited by fork, kept over exec */
    int sched_policy, sched_rt_prio, sched_reset_on_fork; /* kernel/sys_sched.c */
    uint16_t ioprio;   /* ioprio_set's value as set (class << 13 | level); 0: none set */
    int mempolicy;     /* set_mempolicy's mode and mode flags (0: MPOL_DEFAULT); inherited, kept over exec */
    uint64_t mempolicy_nodes; /* its nodes as get_mempolicy reports them (one node here: bit 0) */
    int thp_disable;   /* PR_SET_THP_DISABLE (MMF_DISABLE_THP): inherited, kept over exec; no effect here */
    uaddr_t clear_child_tid;
    linux_sigset_t sigmask;
    linux_sigset_t pending;        /* bit (sig - 1) */
    linux_sigset_t saved_sigmask;  /* sigsuspend: restored after the handler */
    int has_saved_sigmask;
    struct linux_siginfo siginfo[LINUX_NSIG]; /* info of each pending standard signal */
    struct sigqueue *rtqueue[LINUX_NSIG];     /* queued real-time signals */
    struct linux_stack altstack;
    struct linux_rlimit rlimit[LINUX_RLIM_NLIMITS];

    /* ITIMER_REAL / alarm(2), on the monotonic clock; 0 = disarmed. */
    uint64_t itimer_deadline_ns, itimer_interval_ns;
    /* ITIMER_VIRTUAL on the task's user time, ITIMER_PROF on user + system. */
    struct cpu_itimer itimer_virt, itimer_prof;
    /* timer_create(2)'s timers (kernel/sys_timer.c): NULL until the first; not kept over fork or exec. */
    struct posix_timer *ptimers;
    int next_timer_id; /* ids count up from 0, as Linux hands them out */

    /* CPU time (kernel/cputime.c), in ns. */
    int host_tid;                         /* the host thread running the task */
    int64_t cpu_base_user, cpu_base_sys;  /* carried over an exec */
    int cpu_frozen;                       /* exited: the totals below are final */
    uint64_t cpu_exit_user, cpu_exit_sys;
    uint64_t cchild_user, cchild_sys;     /* waited-for children, theirs included */

    /* The return value of the syscall just handled, for restart decisions. */
    long syscall_ret;
    int after_syscall;
    /*
     * Linux's restart_block: how restart_syscall(2) resumes a call that
     * returned -ERESTART_RESTARTBLOCK (nanosleep: the same deadline, so time
     * spent stopped or in ignored signals counts). fn NULL: restart_syscall
     * returns -EINTR.
     */
    struct {
        long (*fn)(struct task *t);
        long nr;               /* the syscall it resumes, for --strace */
        uint64_t deadline_ns;  /* on the scheduler's monotonic clock */
        uaddr_t rem;
    } restart;

    int in_guest;     /* running guest code: the kernel lock is dropped for switch_to_user */
    int exited;       /* set once exit/exit_group or a fatal signal ends the task */
    int exit_code;    /* status as wait(2) encodes it: (code << 8) or signal number */

    int strace;       /* --strace: print every syscall */
    char exe[4096];   /* guest path of the running program (/proc/self/exe) */
    char comm[16];    /* prctl(PR_SET_NAME), /proc/pid/comm */
};

/**
 * task_run - run @t until it exits. Called on @t's own thread with the kernel
 * lock held; the lock is dropped while guest code runs. Returns the wait status.
 */
int task_run(struct task *t);

/** task_exit_signal - end @t as if killed by @sig (default action of a fatal signal). */
void task_exit_signal(struct task *t, int sig);

/** task_exit - end @t with exit code @code (exit_group). */
void task_exit(struct task *t, int code);

/**
 * task_exit_finish - after the loop ends: release @t's address space and files,
 * reparent its children, and become a zombie for the parent (or be reaped at
 * once when the parent ignores SIGCHLD). Lock held. @t may be freed on return.
 */
void task_exit_finish(struct task *t);

/** task_free - release a reaped task's memory (resources were released at exit). */
void task_free(struct task *t);

/** task_kick - make @t notice a signal or kill: interrupt its guest code, wake its waits. */
void task_kick(struct task *t);

/** task_exe_path - /proc/self/exe of @t. */
const char *task_exe_path(struct task *t);

#endif
