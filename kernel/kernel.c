/* SPDX-License-Identifier: MIT */
/* kernel/kernel.c: builds the sandbox for one program (memory file, platform, mm, task) and runs it. */
#include "kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "confine.h"
#include "cred.h"
#include "exec.h"
#include "file.h"
#include "filemap.h"
#include "loader.h"
#include "verdict.h"
#include "log.h"
#include "memfile.h"
#include "mm.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "task.h"
#include "vfs.h"
#include "../kvm/kvm_platform.h"

/* 64 GiB of guest memory address space; sparse, so it costs only what is touched. */
#define MEMFILE_SIZE (64ULL << 30)
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *env_get(char *const *envp, const char *name)
{
    size_t n = strlen(name);
    for (; envp && *envp; envp++)
        if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
            return *envp + n + 1;
    return NULL;
}

static const struct platform_ops *choose_platform(const char *name)
{
    char why[256];
    if (!strcmp(name, "ptrace")) {
        log_debug("platform: ptrace (requested)");
        return &ptrace_platform_ops;
    }
    if (!strcmp(name, "auto") || !strcmp(name, "kvm")) {
        /* The self-test proves the KVM faithful: a guest syscall must enter our ring 0. */
        int ok = !strcmp(name, "auto") ? verdict_read("kvm-probe", why, sizeof(why)) : -1;
        if (ok < 0) {
            ok = kvm_platform_probe(why, sizeof(why)) == 0;
            verdict_write("kvm-probe", ok, why);
        }
        if (ok) {
            log_debug("platform: kvm (%s: self-test passed: %s)", name, why);
            return &kvm_platform_ops;
        }
        if (!strcmp(name, "kvm")) {
            log_error("--platform=kvm: KVM is not usable: %s", why);
            return NULL;
        }
        log_debug("platform: ptrace (auto: KVM self-test failed: %s)", why);
        return &ptrace_platform_ops;
    }
    log_error("unknown platform '%s' (auto, ptrace or kvm)", name);
    return NULL;
}

static void init_rlimits(struct task *t)
{
    for (int i = 0; i < LINUX_RLIM_NLIMITS; i++) {
        struct rlimit r;
        if (getrlimit(i, &r) == 0) {
            t->rlimit[i].rlim_cur = r.rlim_cur == RLIM_INFINITY ? LINUX_RLIM_INFINITY : r.rlim_cur;
            t->rlimit[i].rlim_max = r.rlim_max == RLIM_INFINITY ? LINUX_RLIM_INFINITY : r.rlim_max;
        } else {
            t->rlimit[i].rlim_cur = t->rlimit[i].rlim_max = LINUX_RLIM_INFINITY;
        }
    }
    /* The inherited descriptor limit, within what the table can ever hold. */
    if (t->rlimit[LINUX_RLIMIT_NOFILE].rlim_cur > FDTABLE_MAX)
        t->rlimit[LINUX_RLIMIT_NOFILE].rlim_cur = FDTABLE_MAX;
    if (t->rlimit[LINUX_RLIMIT_NOFILE].rlim_max > FDTABLE_MAX)
        t->rlimit[LINUX_RLIMIT_NOFILE].rlim_max = FDTABLE_MAX;
    t->files->limit = (int)t->rlimit[LINUX_RLIMIT_NOFILE].rlim_cur;
}

/* Default guest cwd: the host's, when the root is "/" and it is reachable; else "/". */
static void init_cwd(struct fs_context *fs, const struct run_config *c)
{
    const char *want = c->cwd;
    char host[sizeof(fs->cwd)];
    if (!want && !strcmp(c->root, "/") && getcwd(host, sizeof(host)))
        want = host;
    snprintf(fs->cwd, sizeof(fs->cwd), "%s", want ? want : "/");
}

/*
 * Pin the runtime (and so every stub it forks) to the CPU it is on. Each guest
 * syscall on ptrace is a tracer<->stub hand-off; on one CPU that is a plain
 * context switch, across CPUs a wake-up IPI, which costs a VM exit when the
 * host is itself a VM. Measured with bench/ (getpid): see README "Performance".
 */
static void pin_to_current_cpu(void)
{
    int cpu = sched_getcpu();
    cpu_set_t set;
    if (cpu < 0)
        return;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) < 0)
        log_debug("cpu pinning failed: %s", strerror(errno));
    else
        log_debug("pinned to cpu %d", cpu);
}

static int exec_status(int status)
{
    if ((status & 0x7f) == 0)
        return (status >> 8) & 0xff;
    return 128 + (status & 0x7f);
}

/*
 * Host signals meant for the program (a terminal's Ctrl-C, a supervisor's
 * SIGTERM) are forwarded into the sandbox instead of killing the runtime, as
 * runsc does for its container: terminal signals go to init's process group,
 * the others to init. They are blocked in every runtime thread and taken here.
 */
static const int forwarded[] = {SIGINT, SIGQUIT, SIGTSTP, SIGWINCH, SIGTERM, SIGHUP,
                                SIGUSR1, SIGUSR2, SIGCONT};

static void forwarded_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
        sigaddset(set, forwarded[i]);
}

static void *forward_thread(void *arg)
{
    (void)arg;
    sigset_t set;
    forwarded_set(&set);
    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        kernel_lock();
        struct task *init = task_find(1);
        if (init && init->state == TASK_ALIVE) {
            /* Host and guest share signal numbers on both architectures (asm-generic). */
            int tty = sig == SIGINT || sig == SIGQUIT || sig == SIGTSTP || sig == SIGWINCH;
            struct linux_siginfo info;
            memset(&info, 0, sizeof(info));
            info.si_signo = sig;
            info.si_code = LINUX_SI_USER; /* from outside the sandbox: pid 0 */
            process_kill(NULL, tty ? -init->pgid : 1, sig, &info); /* NULL: no permission check */
        }
        kernel_unlock();
    }
    return NULL;
}

static int start_forwarding(void)
{
    sigset_t set;
    forwarded_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_t th;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    int r = pthread_create(&th, &a, forward_thread, NULL);
    pthread_attr_destroy(&a);
    return -r;
}

/* Host descriptors the runtime holds, for the leak report. */
static int count_host_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n - 3; /* ".", ".." and the directory's own descriptor */
}

/*
 * --debug: what the runtime still holds when the sandbox ends. The leak test
 * (tests/e2e/leak.sh) checks these lines: no guest memory left in the memory
 * file, as many host descriptors as before the guest ran, bounded peak RSS.
 */
static void report_resources(const char *when, const struct memfile *mf)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    log_debug("resources %s: memfile_bytes=%llu host_fds=%d peak_rss_kib=%ld", when,
              (unsigned long long)mf->allocated, count_host_fds(), ru.ru_maxrss);
}

/* After init: every other task has been killed; wait for their threads, free them. */
static void reap_all(void)
{
    while (sched_threads() > 0)
        sched_wait(0);
    for (int pid = 1; pid <= pid_high(); pid++) {
        struct task *x = task_find(pid);
        if (x)
            process_reap(x);
    }
}

int kernel_run(const struct run_config *c)
{
    static struct fs_context root_fs;
    static struct memfile mf;
    struct platform platform = {0};
    int status = RUN_ERROR, err = 0;

    /*
     * A program started natively inherits its launcher's ignored signals (execve
     * keeps SIG_IGN); record them before the runtime changes its own.
     */
    uint64_t inherited_ign = 0;
    for (int sig = 1; sig <= LINUX_NSIG; sig++) {
        struct sigaction old;
        if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            inherited_ign |= 1ULL << (sig - 1);
    }
    /* A guest's closed pipe must come back as EPIPE (and its SIGPIPE), not kill us. */
    signal(SIGPIPE, SIG_IGN);
    /* Before any other thread exists, so all of them inherit the blocked set. */
    if (start_forwarding() < 0)
        log_warn("host signals will not be forwarded to the sandbox");

    const struct platform_ops *ops = choose_platform(c->platform);
    if (!ops)
        return RUN_ERROR;

    root_fs.root_fd = open(c->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fs.root_fd < 0) {
        log_error("--root %s: %s", c->root, strerror(errno));
        return RUN_ERROR;
    }
    init_cwd(&root_fs, c);
    /* With the host's own root, its /tmp (where users put programs) stays visible. */
    root_fs.host_tmp = !strcmp(c->root, "/");

    /* Find the program the way execvp would, beneath the root. */
    const char *prog = c->argv[0];
    char found[4096];
    if (!strchr(prog, '/')) {
        const char *path = env_get(c->envp, "PATH");
        int r = vfs_find_program(&root_fs, prog, path ? path : DEFAULT_PATH, found,
                                 sizeof(found));
        if (r < 0) {
            log_error("%s: %s", prog, r == -LINUX_EACCES ? "permission denied" : "command not found");
            close(root_fs.root_fd);
            return r == -LINUX_EACCES ? RUN_NOEXEC : RUN_NOTFOUND;
        }
        prog = found;
    }

    err = memfile_init(&mf, MEMFILE_SIZE);
    if (err < 0) {
        log_error("memory file: %s", strerror(-err));
        goto out_root;
    }
    if (!c->no_pin)
        pin_to_current_cpu();
    platform.ops = ops;
    err = ops->init(&platform, &mf);
    if (err < 0) {
        log_error("platform %s: %s", ops->name, strerror(-err));
        goto out_mf;
    }

    /* The sandbox's init: pid 1, its own session and process group. */
    struct task *t = calloc(1, sizeof(*t));
    if (t) {
        t->files = calloc(1, sizeof(*t->files));
        t->fs = malloc(sizeof(*t->fs));
        t->sighand = calloc(1, sizeof(*t->sighand));
    }
    if (!t || !t->files || !t->fs || !t->sighand) {
        log_error("out of memory");
        if (t)
            task_free(t);
        goto out_platform;
    }
    *t->fs = root_fs;
    t->platform = &platform;
    kernel_lock();
    task_set_current(t);
    t->pid = t->tid = pid_alloc(t);
    BUG_ON(t->pid != 1);
    t->pgid = t->sid = t->pid;
    t->ppid = 0;
    t->state = TASK_ALIVE;
    t->exit_signal = LINUX_SIGCHLD;
    t->start_ns = sched_now_ns();
    /* The launcher's umask, as a natively started program would have it. */
    mode_t um = umask(022);
    umask(um);
    t->umask = (uint32_t)um & 0777;
    /* And its nice value (getpriority(2) answers -20..19 here; -1 may be an error). */
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    t->nice = errno ? 0 : nice;
    /* And its I/O priority, also inherited natively (0 if the call fails). */
    long iop = syscall(SYS_ioprio_get, LINUX_IOPRIO_WHO_PROCESS, 0);
    t->ioprio = iop > 0 ? (uint16_t)iop : 0;
    for (int sig = 1; sig <= LINUX_NSIG; sig++)
        if (inherited_ign & (1ULL << (sig - 1)))
            t->sighand->action[sig - 1].handler = LINUX_SIG_IGN;
    t->strace = c->strace;
    t->uid = getuid();
    t->gid = getgid();
    t->euid = geteuid();
    t->egid = getegid();
    sched_policy_init(t);
    t->suid = t->fsuid = t->euid;
    t->sgid = t->fsgid = t->egid;
    cred_init_caps(t);
    /* The launcher's supplementary groups, as a process it started would have them. */
    if (cred_init_groups(t) < 0) {
        log_error("supplementary groups: out of memory");
        goto out_task;
    }
    init_rlimits(t);

    struct exec_image_new img;
    const char *why;
    err = exec_prepare(t, prog, c->argv, c->envp, &img, &why);
    if (err < 0) {
        if (err == -LINUX_ENOEXEC)
            log_error("%s: cannot execute: %s", prog, why ? why : "exec format error");
        else if (err == -LINUX_E2BIG)
            log_error("%s: argument list too long", prog);
        else if (why)
            log_error("%s: %s: %s", prog, why, strerror(-err));
        else
            log_error("%s: %s", prog, strerror(-err));
        status = err == -LINUX_ENOENT || err == -LINUX_ENOTDIR ? RUN_NOTFOUND
                 : err == -LINUX_ENOMEM || err == -LINUX_E2BIG ? RUN_ERROR
                                                                 : RUN_NOEXEC;
        goto out_task;
    }
    err = exec_commit(t, &img);
    if (err < 0) {
        log_error("execution context: %s", strerror(-err));
        goto out_task;
    }
    t->did_exec = 0;
    err = vfs_init_stdio(t->files);
    if (err < 0) {
        log_error("stdio: %s", strerror(-err));
        goto out_task;
    }

    /* Last step before the first guest instruction: the runtime confines itself. */
    err = confine_runtime();
    if (err < 0) {
        log_error("cannot confine the runtime: %s", strerror(-err));
        goto out_task;
    }
    report_resources("at start", &mf);

    /* This thread is init's: it runs pid 1 and, when init ends, ends the sandbox. */
    int wstatus = task_run(t);
    task_exit_finish(t);
    reap_all();
    loader_cache_flush();
    filemap_flush();
    kernel_unlock();
    report_resources("at exit", &mf);
    status = exec_status(wstatus);
    goto out_platform;

out_task:
    task_exit_finish(t);
    reap_all();
    loader_cache_flush();
    filemap_flush();
    kernel_unlock();
out_platform:
    ops->fini(&platform);
out_mf:
    memfile_fini(&mf);
out_root:
    close(root_fs.root_fd);
    return status;
}

const char *task_exe_path(struct task *t)
{
    return t->exe;
}
