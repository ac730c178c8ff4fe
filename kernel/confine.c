/* SPDX-License-Identifier: MIT */
/* kernel/confine.c: the runtime confines itself: no_new_privs and a libseccomp allowlist. */
#include "confine.h"

#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "log.h"

/*
 * Every host syscall the runtime makes once the guest may run, with the reason.
 * Keep it minimal and current: a new host call in the runtime needs a line here,
 * and the e2e suite runs with the filter on, so a missing one fails loudly.
 */
static const struct {
    const char *name;
    const char *why;
} allow[] = {
    /* Driving the guest through the ptrace platform. */
    {"ptrace", "PTRACE_SYSEMU/GETREGSET/SETREGSET/CONT/GETSIGINFO on the stubs"},
    {"wait4", "waiting for stub stops"},
    {"kill", "killing a stub when its address space dies"},
    {"clone", "a new stub process (CLONE_VM until it execs its image)"},
    {"execveat", "a new stub execs its image (the runtime's filter stays on it)"},
    {"personality", "a new stub's fixed layout (ADDR_NO_RANDOMIZE)"},
    {"process_vm_writev", "ptrace: a stub's table of batched memory calls"},
    {"clone3", "glibc's fork() may use clone3"},
    {"pipe2", "start-up handshake with a new stub"},
    {"prctl", "PR_SET_PDEATHSIG in a new stub; NO_NEW_PRIVS / SECCOMP in its image"},
    {"close_range", "a new stub closes every descriptor but the memory file"},
    {"rseq", "glibc registers each new task thread"},
    {"seccomp", "a new stub loads its own filter"},
    {"set_robust_list", "glibc's fork() child bookkeeping"},
    /* Driving the guest through the KVM platform. */
    {"rt_sigtimedwait", "kvm: consuming the vCPU kick signal after KVM_RUN returns EINTR"},
    /* Guest file syscalls served from the host root (read-only). */
    {"openat", "opening host files beneath the root"},
    {"openat2", "RESOLVE_IN_ROOT path resolution beneath the root"},
    {"close", "closing host descriptors"},
    {"read", "guest reads, stdio"},
    {"write", "guest writes to stdio, the log"},
    {"readv", "guest readv into guest memory"},
    {"writev", "guest writev from guest memory"},
    {"pread64", "guest pread, ELF loading, file mappings"},
    {"pwrite64", "guest pwrite"},
    {"preadv", "guest pread into guest memory"},
    {"pwritev", "guest pwrite from guest memory"},
    {"lseek", "guest lseek"},
    {"fstat", "guest fstat"},
    {"newfstatat", "guest stat family"},
    {"statx", "guest statx"},
    {"getdents64", "guest directory listing"},
    {"readlinkat", "guest readlink"},
    {"faccessat", "guest access checks"},
    {"faccessat2", "guest access checks"},
    {"fcntl", "descriptor flags of host files"},
    {"ioctl", "terminal ioctls on the host's stdio (TCGETS, TIOCGWINSZ, ...); kvm: KVM_RUN, "
              "KVM_CREATE_VCPU and vCPU setup, KVM_INTERRUPT"},
    {"dup", "duplicating host descriptors"},
    {"fchdir", "resolving against a directory"},
    {"sendfile", "guest sendfile between host files"},
    {"poll", "readiness of host files for guest poll/select, waits on host streams"},
    {"ppoll", "the same on arm64, where glibc's poll() is ppoll"},
    {"restart_syscall", "the host resumes an interrupted poll/futex wait of ours"},
    {"getcwd", "resolving relative paths"},
    {"fstatfs", "guest statfs of the overlay root reports the host root's sizes"},
    {"memfd_create", "exec of a program from the in-memory layers: the loader reads a host fd"},
    /* Guest memory: the memory file. */
    {"fallocate", "punching freed guest memory out of the memory file"},
    {"mincore", "counting the memory file's written pages (fork: copy or share)"},
    {"copy_file_range", "fork copies a parent's pages within the memory file"},
    {"mmap", "malloc in the runtime; kvm: a new vCPU's kvm_run area"},
    {"munmap", "malloc in the runtime"},
    {"mremap", "realloc in the runtime"},
    {"mprotect", "malloc in the runtime"},
    {"brk", "malloc in the runtime"},
    {"madvise", "malloc trimming in the runtime"},
    /* Time, identity and randomness for guest syscalls. */
    {"clock_gettime", "guest clock_gettime, time, gettimeofday"},
    {"clock_getres", "guest clock_getres"},
    {"clock_nanosleep", "guest nanosleep / clock_nanosleep"},
    {"nanosleep", "guest nanosleep"},
    {"gettimeofday", "glibc time() fallback"},
    {"getrandom", "guest getrandom, AT_RANDOM"},
    {"uname", "guest uname"},
    {"sysinfo", "guest sysinfo"},
    {"sched_getaffinity", "guest sched_getaffinity"},
    {"getrlimit", "rlimit defaults"},
    {"getrusage", "--debug resource report (peak RSS)"},
    {"prlimit64", "rlimit defaults"},
    {"getpid", "abort() on a runtime BUG"},
    {"gettid", "abort() on a runtime BUG"},
    {"tgkill", "abort() on a runtime BUG; kvm: kicking a task thread out of KVM_RUN"},
    {"rt_sigprocmask", "abort(), signal masks"},
    {"rt_sigaction", "abort()"},
    {"rt_sigreturn", "return from the SIGSYS reporter"},
    {"rt_sigtimedwait", "sigwait() of the thread forwarding host signals to the guest"},
    {"futex", "the kernel lock and wait condition between task threads"},
    {"sched_yield", "lock contention between task threads"},
    {"membarrier", "glibc thread start-up"},
    {"exit_group", "runtime exit"},
    {"exit", "a task thread ends"},
};

/* A denied call kills the runtime, but first says which call it was. */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    char msg[128];
    int n = snprintf(msg, sizeof(msg),
                     "ringfence: error: host syscall %d denied by the runtime's own seccomp "
                     "filter (a bug in ringfence)\n",
                     si->si_syscall);
    if (n > 0)
        (void)!write(STDERR_FILENO, msg, (size_t)n);
    _exit(125);
}

int confine_runtime(void)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return -errno;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGSYS, &sa, NULL) < 0)
        return -errno;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
    if (!ctx)
        return -ENOMEM;
    int r = 0;
    for (size_t i = 0; i < sizeof(allow) / sizeof(allow[0]); i++) {
        int nr = seccomp_syscall_resolve_name(allow[i].name);
        if (nr == __NR_SCMP_ERROR)
            continue; /* not a syscall on this architecture (e.g. legacy calls on arm64) */
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
        if (r < 0) {
            log_error("seccomp: cannot allow %s: %s", allow[i].name, strerror(-r));
            break;
        }
    }
    if (r == 0)
        r = seccomp_load(ctx);
    seccomp_release(ctx);
    return r;
}
