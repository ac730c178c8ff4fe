/* SPDX-License-Identifier: MIT */
/* ptrace/ptrace.c: the ptrace platform: one PTRACE_SYSEMU-traced stub process per address space. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "../arch/stub_params.h"
#include "../kernel/log.h"
#include "../kernel/memfile.h"
#include "../kernel/platform.h"
#include "../kernel/verdict.h"

/*
 * How it works. A stub is a child of the runtime that execs a small ELF file
 * built at start-up: the stub image (arch/<a>/ptrace_stub.S) at a fixed address
 * above the guest's range. Before anything of the guest runs it unmaps all
 * else, loads a tight seccomp filter and stops. From then on:
 *  - guest mappings are created by injecting mmap/munmap/mprotect of the
 *    memory file into the stub (regs -> stub's syscall instruction, PTRACE_CONT,
 *    it stops again at the int3 behind it); the ones queued before a stub
 *    starts, or across an exec, run as one batch (arch_stub_batch);
 *  - the guest runs under PTRACE_SYSEMU, so each of its syscalls stops before
 *    the host executes it, and the core emulates it;
 *  - faults arrive as signal-delivery-stops; the signal is read and suppressed.
 * The stub never executes a guest syscall, and the seccomp filter kills it if
 * anything but the three memory calls it needs ever reaches the host.
 */

/* The host signal used to kick a running stub back to its tracer. */
#define KICK_SIGNAL SIGURG

struct ptrace_platform {
    struct sock_fprog filter; /* the stub's seccomp program, built once */
    int memfd;
    int stub_fd;              /* the stub's ELF file (a sealed memfd), exec'd by every stub */
    uint64_t table;           /* where each stub has its batch table */
    /* The host vDSO: where the runtime has it, and the window every stub moves it to. */
    struct platform_vdso vdso;
    uaddr_t vdso_host[PLATFORM_VDSO_MAX_REGIONS]; /* region i's address in the runtime */
    uaddr_t vdso_host_ehdr;   /* the runtime's AT_SYSINFO_EHDR: a stub finds its regions from its own */
    uaddr_t unmap_end;        /* the stub clears [0, unmap_end): the window's base, or its own */
};

/*
 * The stub's batch table: right above its image, room for STUB_TABLE_LEN /
 * STUB_OP_SIZE host calls per stop (a start or an exec queues 5-15).
 */
#define STUB_TABLE_LEN 16384

/* MFD_EXEC (include/uapi/linux/memfd.h, Linux 6.3): newer than Debian 12's headers. */
#define STUB_MFD_EXEC 0x10U

struct platform_as {
    struct platform *p;
    pid_t pid;                /* 0 until the first switch starts the stub */
    pthread_t tracer;         /* ptrace is per thread: the only thread that may drive it */
    int dead;
    struct arch_regs scratch; /* register image used for injections */
    struct stub_op *ops;      /* mapping changes queued while pid == 0 */
    size_t nops, capops;
    int kicks;                /* interrupts requested before the stub existed */
};

struct platform_ctx {
    struct platform_as *as;
    int fp_live; /* FP state is in the stub, not in the task's struct */
};

static int build_filter(struct sock_fprog *out)
{
    /* Stub syscalls, each for one reason; anything else kills the stub. */
    static const int allowed[] = {
        SCMP_SYS(mmap),       /* guest mappings of the memory file */
        SCMP_SYS(mprotect),   /* guest mprotect */
        SCMP_SYS(munmap),     /* guest munmap, and an exec clearing the old image */
        SCMP_SYS(exit_group), /* the image's failure exit */
    };
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!ctx)
        return -ENOMEM;
    int r = 0;
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]) && r == 0; i++)
        r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
    /* Export to memory: loading in the child must not allocate (Solo5 spt_core.c does the same). */
    int fd = r == 0 ? memfd_create("stub-filter", MFD_CLOEXEC) : -1;
    if (r == 0 && fd < 0)
        r = -errno;
    if (r == 0)
        r = seccomp_export_bpf(ctx, fd);
    seccomp_release(ctx);
    if (r < 0) {
        if (fd >= 0)
            close(fd);
        return r;
    }
    off_t len = lseek(fd, 0, SEEK_END);
    struct sock_filter *prog = malloc((size_t)len);
    if (!prog || pread(fd, prog, (size_t)len, 0) != len) {
        free(prog);
        close(fd);
        return -EIO;
    }
    close(fd);
    out->filter = prog;
    out->len = (unsigned short)(len / (off_t)sizeof(struct sock_filter));
    return 0;
}

/*
 * The host vDSO in stubs. Exec gives every stub the host's [vvar]/[vdso]
 * mappings (plus [vvar_vclock] on newer kernels), laid out as in the runtime
 * relative to AT_SYSINFO_EHDR. The stub moves them together to a fixed window
 * just under its image, keeping their relative offsets (the vDSO finds its
 * data PC-relative), so the guest's libc reads the clock without a syscall. A
 * clock the vDSO cannot serve falls back to the syscall instruction, which
 * stops the stub like any guest syscall. The host time is what the guest's
 * clock_gettime() returns anyway.
 */
#define VDSO_WINDOW_ALIGN 0x10000ULL

/* Find the host's vDSO regions, reserve the window, and check that a fork can move them. */
static void vdso_setup(struct ptrace_platform *pp)
{
    struct platform_vdso *v = &pp->vdso;
    uaddr_t ehdr = getauxval(AT_SYSINFO_EHDR);
    FILE *maps = ehdr ? fopen("/proc/self/maps", "re") : NULL;
    if (!maps)
        return;
    char line[512];
    uaddr_t lo = UINT64_MAX, hi = 0;
    int n = 0, ok = 1;
    while (fgets(line, sizeof(line), maps)) {
        unsigned long long s, e;
        char perms[8], name[64] = "";
        if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %63s", &s, &e, perms, name) < 3)
            continue;
        if (strncmp(name, "[vvar", 5) != 0 && strcmp(name, "[vdso]") != 0)
            continue;
        if (n == PLATFORM_VDSO_MAX_REGIONS) {
            ok = 0;
            break;
        }
        pp->vdso_host[n] = s;
        v->region[n].len = e - s;
        v->region[n].prot = (perms[0] == 'r' ? LINUX_PROT_READ : 0) |
                            (perms[1] == 'w' ? LINUX_PROT_WRITE : 0) |
                            (perms[2] == 'x' ? LINUX_PROT_EXEC : 0);
        snprintf(v->region[n].name, sizeof(v->region[n].name), "%s", name);
        lo = s < lo ? s : lo;
        hi = e > hi ? e : hi;
        n++;
    }
    fclose(maps);
    if (!ok || n == 0 || ehdr < lo || ehdr >= hi || hi - lo > 64 * VDSO_WINDOW_ALIGN)
        return;
    uaddr_t base = (arch_stub_base() - (hi - lo)) & ~(VDSO_WINDOW_ALIGN - 1);
    v->base = base;
    v->ehdr = base + (ehdr - lo);
    pp->vdso_host_ehdr = ehdr;
    v->nregions = n;
    for (int i = 0; i < n; i++)
        v->region[i].start = base + (pp->vdso_host[i] - lo);
    pp->unmap_end = base;
}

/* No vDSO for guests after all. */
static void vdso_drop(struct ptrace_platform *pp)
{
    pp->vdso.nregions = 0;
    pp->unmap_end = arch_stub_base();
}

static int start_stub(struct platform_as *as, int trial);

static void pt_fini_priv(struct ptrace_platform *pp)
{
    if (!pp)
        return;
    vdso_drop(pp);
    if (pp->stub_fd >= 0)
        close(pp->stub_fd);
    free(pp->filter.filter);
    free(pp);
}

/*
 * The stub's ELF file where the host forbids executable memfds: an unnamed
 * O_TMPFILE file (mode 0500) in the first directory that allows exec. Once
 * written, it is reopened read-only and the writable descriptor closed: no
 * one holds it open for writing (exec would fail with ETXTBSY), and, unlinked
 * from the start, no path leads to it. Returns the read-only fd or -errno.
 */
static int stub_tmpfile(const void *file, size_t len)
{
    const char *dirs[] = {getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/dev/shm", "/tmp",
                          "/var/tmp"};
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        if (!dirs[i] || dirs[i][0] != '/')
            continue;
        int wfd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0500);
        if (wfd < 0)
            continue;
        struct statvfs sv;
        char self[64];
        int rfd = -1;
        if (fstatvfs(wfd, &sv) == 0 && !(sv.f_flag & ST_NOEXEC) &&
            pwrite(wfd, file, len, 0) == (ssize_t)len) {
            snprintf(self, sizeof(self), "/proc/self/fd/%d", wfd);
            rfd = open(self, O_RDONLY | O_CLOEXEC);
        }
        close(wfd);
        if (rfd >= 0) {
            log_debug("ptrace: executable memfds are disabled; the stub's file is in %s", dirs[i]);
            return rfd;
        }
    }
    log_error("ptrace: this host forbids executable memfds (vm.memfd_noexec=2), and no "
              "directory of $XDG_RUNTIME_DIR, $TMPDIR, /dev/shm, /tmp, /var/tmp can hold an "
              "executable temporary file (O_TMPFILE on a mount without noexec); set TMPDIR "
              "to one that can");
    return -EACCES;
}

/*
 * The stub's ELF file: one read+execute PT_LOAD of the image at
 * arch_stub_base(), its parameter block filled in, and the seccomp program
 * right behind the image's code. Exec'ing it gives a new stub a fresh, tiny
 * address space: no fork of the runtime's (0.25-0.5 ms here, plus the
 * runtime's copy-on-write faults afterwards), and nothing of it to unmap.
 */
static int build_stub_file(struct ptrace_platform *pp)
{
    const uint64_t base = arch_stub_base(), page = 4096;
    size_t code = (size_t)(arch_stub_end - arch_stub_start);
    size_t filter_off = (code + 7) & ~(size_t)7;
    size_t image = filter_off + pp->filter.len * sizeof(struct sock_filter);
    size_t len = page + image;
    uint8_t *file = calloc(1, len);
    if (!file)
        return -ENOMEM;
    Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
    Elf64_Phdr *ph = (Elf64_Phdr *)(file + sizeof(*eh));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = LINUX_ELF_MACHINE;
    eh->e_version = EV_CURRENT;
    eh->e_entry = base;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 2;
    ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = page,
                         .p_vaddr = base, .p_paddr = base, .p_filesz = image,
                         .p_memsz = image, .p_align = page};
    ph[1] = (Elf64_Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W};
    uint8_t *img = file + page;
    memcpy(img, arch_stub_start, code);
    memcpy(img + filter_off, pp->filter.filter, image - filter_off);
    struct stub_params *sp = (struct stub_params *)(img + (arch_stub_params - arch_stub_start));
    sp->unmap_end = pp->unmap_end;
    sp->image_end = base + ((image + page - 1) & ~(page - 1));
    sp->table = sp->image_end;
    pp->table = sp->table;
    sp->table_len = STUB_TABLE_LEN;
    sp->fprog_len = pp->filter.len;
    sp->fprog_filter = base + filter_off;
    _Static_assert(PLATFORM_VDSO_MAX_REGIONS <= STUB_VDSO_MAX, "vDSO regions fit the parameters");
    sp->nvdso = (uint64_t)pp->vdso.nregions;
    for (int i = 0; i < pp->vdso.nregions; i++) {
        sp->vdso[i].from_ehdr = (int64_t)(pp->vdso_host[i] - pp->vdso_host_ehdr);
        sp->vdso[i].len = pp->vdso.region[i].len;
        sp->vdso[i].to = pp->vdso.region[i].start;
    }
    /* MFD_EXEC keeps newer kernels from warning; older ones reject it. */
    int fd = memfd_create("ringfence-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | STUB_MFD_EXEC);
    if (fd < 0 && errno == EINVAL)
        fd = memfd_create("ringfence-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    int r = fd < 0 ? -errno : 0;
    if (r == -EACCES) {
        /* vm.memfd_noexec=2 (Linux 6.3+): no memfd may be executable. */
        r = stub_tmpfile(file, len);
        free(file);
        if (r < 0)
            return r;
        pp->stub_fd = r;
        return 0;
    }
    if (r == 0 && pwrite(fd, file, len, 0) != (ssize_t)len)
        r = -EIO;
    /* Sealed: nothing in the runtime can change what every stub runs. */
    if (r == 0 && fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
        r = -errno;
    free(file);
    if (r < 0) {
        if (fd >= 0)
            close(fd);
        return r;
    }
    pp->stub_fd = fd;
    return 0;
}

static int pt_init(struct platform *p, struct memfile *mf)
{
    struct ptrace_platform *pp = calloc(1, sizeof(*pp));
    if (!pp)
        return -ENOMEM;
    int r = build_filter(&pp->filter);
    if (r < 0) {
        free(pp);
        return r;
    }
    pp->memfd = mf->fd;
    pp->stub_fd = -1;
    pp->unmap_end = arch_stub_base();
    vdso_setup(pp);
    r = build_stub_file(pp);
    p->priv = pp;
    p->mf = mf;
    /*
     * A stub moves its own vDSO to the window (ptrace_stub.S). A kernel that
     * refuses leaves the guest without one: a stub that cannot start with it
     * is retried without it. A trial stub costs ~0.2 ms, so the verdict is cached.
     */
    int moves = pp->vdso.nregions && r == 0 ? verdict_read("ptrace-vdso", NULL, 0) : 1;
    if (moves < 0) {
        struct platform_as trial = {.p = p};
        moves = start_stub(&trial, 1) == 0;
        if (moves) {
            kill(trial.pid, SIGKILL);
            while (waitpid(trial.pid, NULL, __WALL) < 0 && errno == EINTR)
                ;
        }
        verdict_write("ptrace-vdso", moves,
                      moves ? "a stub moves its vDSO" : "a stub with a vDSO does not start");
    }
    if (!moves) {
        log_debug("ptrace: no vDSO for guests: a stub cannot move the host's");
        vdso_drop(pp);
        close(pp->stub_fd);
        pp->stub_fd = -1;
        r = build_stub_file(pp);
    }
    if (r < 0) {
        log_error("ptrace: cannot build the stub's ELF file: %s", strerror(-r));
        pt_fini_priv(pp);
        p->priv = NULL;
        return r;
    }
    p->vdso = pp->vdso.nregions ? &pp->vdso : NULL;
    return 0;
}

static void pt_fini(struct platform *p)
{
    pt_fini_priv(p->priv);
    p->vdso = NULL;
    p->priv = NULL;
}

/* Wait for the next stop of @pid. Returns the status, or -ESRCH once it is gone. */
static int wait_stop(pid_t pid, int *status)
{
    for (;;) {
        pid_t w = waitpid(pid, status, __WALL);
        if (w == pid)
            return WIFSTOPPED(*status) ? 0 : -ESRCH;
        if (w < 0 && errno != EINTR)
            return -errno;
    }
}

/* What a new stub's first thread needs until it execs. */
struct stub_spawn {
    const struct ptrace_platform *pp;
    int sync_fd;
};

/*
 * The new stub, from clone() to execveat(). It runs on the runtime's memory
 * (CLONE_VM) on a stack of its own, so it only makes system calls; none of
 * them fails in normal operation (a failing one would write the parent
 * thread's errno).
 */
static int stub_exec(void *arg)
{
    const struct stub_spawn *s = arg;
    const struct ptrace_platform *pp = s->pp;
    char c;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Wait until the tracer has seized us, so the image's final int3 is caught. */
    if (read(s->sync_fd, &c, 1) != 1)
        _exit(127);
    /* Keep only the memory file: the stub must hold no other host resource. */
    if (syscall(SYS_close_range, 0, ~0U, CLOSE_RANGE_CLOEXEC) < 0 ||
        fcntl(pp->memfd, F_SETFD, 0) < 0)
        _exit(127);
    /* A fixed layout: the stack exec makes can never land on the image's address. */
    personality(ADDR_NO_RANDOMIZE);
    char *const argv[] = {"ringfence-stub", NULL};
    char *const envp[] = {NULL};
    syscall(SYS_execveat, pp->stub_fd, "", argv, envp, AT_EMPTY_PATH);
    _exit(127);
}

/*
 * Start the stub for @as, on the calling thread, which becomes its tracer
 * (ptrace(2): tracing is per thread). Returns 0 or -errno.
 */
static int start_stub(struct platform_as *as, int trial)
{
    /*
     * stub_exec's stack: free again once the stub has exec'd or died, before we
     * return. Its first calls may bind lazily, and the dynamic linker's resolver
     * saves the extended FP state there (2.7 KiB with AVX-512): 32 KiB is ample.
     */
    static __thread uint64_t spawn_stack[4096];
    struct ptrace_platform *pp = as->p->priv;
    int sync[2], err = 0;
    if (pipe2(sync, O_CLOEXEC) < 0)
        return -errno;
    struct stub_spawn spawn = {pp, sync[0]};
    pid_t pid = clone(stub_exec, spawn_stack + sizeof(spawn_stack) / sizeof(spawn_stack[0]),
                      CLONE_VM | SIGCHLD, &spawn);
    if (pid < 0) {
        err = -errno;
        close(sync[0]);
        close(sync[1]);
        return err;
    }
    /* EXITKILL: the stub never outlives the runtime, however the runtime ends. */
    if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD) < 0) {
        err = -errno;
        goto fail;
    }
    if (write(sync[1], "g", 1) != 1) {
        err = -errno;
        goto fail;
    }
    int st = 0;
    err = wait_stop(pid, &st);
    if (err < 0 || WSTOPSIG(st) != SIGTRAP) {
        /* A trial's failure is an answer (pt_init), not an error. */
        if (trial)
            log_debug("ptrace: trial stub %d did not start (status 0x%x)", pid, st);
        else
            log_error("ptrace: stub %d failed to start (status 0x%x)", pid, st);
        err = err < 0 ? err : -EIO;
        goto fail;
    }
    close(sync[0]);
    close(sync[1]);
    err = arch_ptrace_get_regs(pid, &as->scratch);
    if (err < 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, __WALL);
        return err;
    }
    as->tracer = pthread_self();
    __atomic_store_n(&as->pid, pid, __ATOMIC_RELEASE);
    return 0;
fail:
    /* Killed and reaped: the child has left spawn_stack and the pipe. */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, __WALL);
    close(sync[0]);
    close(sync[1]);
    return err;
}

static struct platform_as *pt_as_create(struct platform *p, int *err)
{
    struct platform_as *as = calloc(1, sizeof(*as));
    if (!as) {
        *err = -ENOMEM;
        return NULL;
    }
    as->p = p;
    return as;
}

static void pt_as_destroy(struct platform_as *as)
{
    if (!as)
        return;
    if (as->pid > 0) {
        kill(as->pid, SIGKILL);
        while (waitpid(as->pid, NULL, __WALL) < 0 && errno == EINTR)
            ;
    }
    free(as->ops);
    free(as);
}

/*
 * Resume the stub at as->scratch (an injected call or batch set up there) and
 * wait for its trap; as->scratch then holds the registers it stopped with.
 * 0, or -errno of the tracing, and the stub is lost. @what names the work in
 * a log line.
 */
static int stub_run(struct platform_as *as, const char *what)
{
    int r = arch_ptrace_set_regs(as->pid, &as->scratch);
    if (r == 0 && ptrace(PTRACE_CONT, as->pid, 0, 0) < 0)
        r = -errno;
    int st = 0;
    if (r == 0)
        r = wait_stop(as->pid, &st);
    /* A kick (interrupt) may arrive meanwhile: suppress it now and re-send it after. */
    int kicked = 0;
    while (r == 0 && WSTOPSIG(st) == KICK_SIGNAL) {
        kicked = 1;
        if (ptrace(PTRACE_CONT, as->pid, 0, 0) < 0)
            r = -errno;
        else
            r = wait_stop(as->pid, &st);
    }
    if (kicked)
        kill(as->pid, KICK_SIGNAL);
    if (r == 0 && WSTOPSIG(st) != SIGTRAP) {
        struct arch_regs cur;
        arch_ptrace_get_regs(as->pid, &cur);
        log_error("ptrace: stub %d stopped by signal %d during %s (pc 0x%llx)", as->pid,
                  WSTOPSIG(st), what, (unsigned long long)arch_regs_pc(&cur));
        r = -EIO;
    }
    if (r == 0)
        r = arch_ptrace_get_regs(as->pid, &as->scratch);
    if (r < 0)
        as->dead = 1;
    return r;
}

/* Queue a host call for the stub @as does not have yet. 0 or -ENOMEM. */
static int queue_op(struct platform_as *as, long nr, const uint64_t a[6])
{
    if (as->nops == as->capops) {
        size_t cap = as->capops ? as->capops * 2 : 16;
        struct stub_op *n = realloc(as->ops, cap * sizeof(*n));
        if (!n)
            return -ENOMEM;
        as->ops = n;
        as->capops = cap;
    }
    as->ops[as->nops].nr = (uint64_t)nr;
    memcpy(as->ops[as->nops].a, a, sizeof(as->ops[0].a));
    as->nops++;
    return 0;
}

/* Run host syscall @nr in the stub. Returns its result, or -errno of the tracing. */
static long stub_syscall(struct platform_as *as, long nr, uint64_t a0, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (as->dead)
        return -ESRCH;
    const uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
    if (as->pid == 0) {
        int r = queue_op(as, nr, a);
        if (r < 0)
            return r;
        /* Run at the first switch; mmap then returns the address it was given. */
        return nr == arch_host_nr_mmap ? (long)a0 : 0;
    }
    BUG_ON(!pthread_equal(as->tracer, pthread_self()));
    uint64_t gadget = arch_stub_base() + (uint64_t)(arch_stub_syscall - arch_stub_start);
    arch_ptrace_prepare_syscall(&as->scratch, gadget, nr, a);
    char what[48];
    snprintf(what, sizeof(what), "host call %ld", nr);
    int r = stub_run(as, what);
    return r < 0 ? r : arch_ptrace_syscall_result(&as->scratch);
}

/*
 * Run @n host calls in the stub, as few stops as the table allows. 0, or the
 * first call's error (the ones before it took effect), or -errno of the tracing.
 */
static long stub_batch(struct platform_as *as, const struct stub_op *ops, size_t n)
{
    const size_t per_stop = STUB_TABLE_LEN / sizeof(*ops);
    const uint64_t loop = arch_stub_base() + (uint64_t)(arch_stub_batch - arch_stub_start);
    BUG_ON(!pthread_equal(as->tracer, pthread_self()));
    struct ptrace_platform *pp = as->p->priv;
    for (size_t done = 0; done < n;) {
        size_t k = n - done < per_stop ? n - done : per_stop;
        struct iovec local = {(void *)(ops + done), k * sizeof(*ops)};
        struct iovec remote = {(void *)(uintptr_t)pp->table, k * sizeof(*ops)};
        if (process_vm_writev(as->pid, &local, 1, &remote, 1, 0) != (ssize_t)local.iov_len) {
            int e = -errno;
            as->dead = 1;
            return e < 0 ? e : -EIO;
        }
        arch_ptrace_prepare_batch(&as->scratch, loop, pp->table, k);
        int r = stub_run(as, "a batch of host calls");
        if (r < 0)
            return r;
        long last;
        uint64_t ok = arch_ptrace_batch_result(&as->scratch, &last);
        if (ok < k)
            return last < 0 ? last : -EIO;
        done += k;
    }
    return 0;
}

static int pt_as_map(struct platform_as *as, uaddr_t addr, uint64_t len, uint64_t off, int prot)
{
    struct ptrace_platform *pp = as->p->priv;
    long r = stub_syscall(as, arch_host_nr_mmap, addr, len, (uint64_t)prot,
                          MAP_SHARED | MAP_FIXED, (uint64_t)pp->memfd, off);
    if (r < 0 && r > -4096)
        return (int)r;
    BUG_ON((uint64_t)r != addr);
    return 0;
}

static int pt_as_unmap(struct platform_as *as, uaddr_t addr, uint64_t len)
{
    long r = stub_syscall(as, arch_host_nr_munmap, addr, len, 0, 0, 0, 0);
    return r < 0 ? (int)r : 0;
}

static int pt_as_protect(struct platform_as *as, uaddr_t addr, uint64_t len, int prot)
{
    long r = stub_syscall(as, arch_host_nr_mprotect, addr, len, (uint64_t)prot, 0, 0, 0);
    return r < 0 ? (int)r : 0;
}

/* Run the mapping changes queued while @as had no stub, as one batch. 0 or the first error. */
static int replay(struct platform_as *as)
{
    long r = as->nops ? stub_batch(as, as->ops, as->nops) : 0;
    free(as->ops);
    as->ops = NULL;
    as->nops = as->capops = 0;
    if (r < 0)
        as->dead = 1;
    return (int)r;
}

/*
 * exec: the old image's stub becomes the new one's. One munmap clears every
 * guest mapping below the stub (and its vDSO window), and the new image's
 * queued mappings follow, in the same batch.
 */
static int pt_as_transfer(struct platform_as *from, struct platform_as *to)
{
    if (from->pid == 0 || from->dead || to->pid != 0 ||
        !pthread_equal(from->tracer, pthread_self()))
        return -EINVAL;
    struct ptrace_platform *pp = from->p->priv;
    const uint64_t clear[6] = {0, pp->unmap_end, 0, 0, 0, 0};
    int r = queue_op(to, arch_host_nr_munmap, clear);
    if (r < 0)
        return r;
    /* The munmap first: it was queued last. */
    struct stub_op first = to->ops[to->nops - 1];
    memmove(to->ops + 1, to->ops, (to->nops - 1) * sizeof(*to->ops));
    to->ops[0] = first;
    to->scratch = from->scratch;
    to->tracer = from->tracer;
    __atomic_store_n(&to->pid, from->pid, __ATOMIC_RELEASE);
    __atomic_store_n(&from->pid, 0, __ATOMIC_RELEASE);
    if (__atomic_exchange_n(&from->kicks, 0, __ATOMIC_ACQ_REL))
        kill(to->pid, KICK_SIGNAL);
    return replay(to);
}

static struct platform_ctx *pt_ctx_create(struct platform_as *as, int *err)
{
    struct platform_ctx *c = calloc(1, sizeof(*c));
    if (!c) {
        *err = -ENOMEM;
        return NULL;
    }
    c->as = as;
    return c;
}

static void pt_ctx_destroy(struct platform_ctx *c)
{
    free(c);
}

/* Turn a signal-delivery-stop of the stub into the guest's fault. */
static int classify_signal(struct platform_as *as, int sig, struct fault_info *f)
{
    siginfo_t si;
    memset(f, 0, sizeof(*f));
    f->vector = -1;
    if (ptrace(PTRACE_GETSIGINFO, as->pid, 0, &si) < 0)
        return -errno;
    /* Only signals the CPU raised in the stub are guest faults (si_code > 0). */
    if (si.si_code <= 0)
        return SWITCH_INTERRUPTED;
    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGTRAP:
        break;
    default:
        return SWITCH_INTERRUPTED;
    }
    /* Host and guest share the signal and si_code numbering (asm-generic). */
    f->signo = sig;
    f->si_code = si.si_code;
    f->addr = (uaddr_t)(uintptr_t)si.si_addr;
    f->access = FAULT_ACCESS_UNKNOWN;
    return SWITCH_FAULT;
}

static int pt_switch(struct platform_ctx *c, struct arch_regs *regs, struct arch_fpstate *fp,
                     struct fault_info *fault)
{
    struct platform_as *as = c->as;
    if (as->dead)
        return -ESRCH;
    int r = 0;
    if (as->pid == 0) {
        r = start_stub(as, 0);
        if (r == 0)
            r = replay(as);
        if (r < 0) {
            log_error("ptrace: cannot start the stub: %s", strerror(-r));
            as->dead = 1;
            return r;
        }
        if (__atomic_exchange_n(&as->kicks, 0, __ATOMIC_ACQ_REL))
            kill(as->pid, KICK_SIGNAL);
    }
    BUG_ON(!pthread_equal(as->tracer, pthread_self()));
    if (fp->size) {
        r = arch_ptrace_set_fp(as->pid, fp);
        fp->size = 0;
    }
    if (r == 0)
        r = arch_ptrace_set_regs(as->pid, regs);
    if (r == 0 && ptrace(PTRACE_SYSEMU, as->pid, 0, 0) < 0)
        r = -errno;
    int st = 0;
    if (r == 0)
        r = wait_stop(as->pid, &st);
    if (r == 0)
        r = arch_ptrace_get_regs(as->pid, regs);
    if (r < 0) {
        as->dead = 1;
        return r;
    }
    c->fp_live = 1;
    int sig = WSTOPSIG(st);
    if (sig == (SIGTRAP | 0x80))
        return SWITCH_SYSCALL;
    if ((st >> 16) == PTRACE_EVENT_STOP)
        return SWITCH_INTERRUPTED;
    return classify_signal(as, sig, fault);
}

static int pt_fp_fetch(struct platform_ctx *c, struct arch_fpstate *fp)
{
    if (c->as->pid == 0) {
        fp->size = 0; /* never ran: nothing live to fetch */
        return 0;
    }
    return arch_ptrace_get_fp(c->as->pid, fp);
}

/*
 * A host signal to the stub stops it (signal-delivery-stop) wherever it is;
 * the tracer suppresses it and reports SWITCH_INTERRUPTED. Pending on a stopped
 * stub, it takes effect at the next resume, so no kick is lost.
 */
static void pt_interrupt(struct platform_ctx *c)
{
    struct platform_as *as = c->as;
    pid_t pid = __atomic_load_n(&as->pid, __ATOMIC_ACQUIRE);
    if (pid > 0) {
        kill(pid, KICK_SIGNAL);
        return;
    }
    __atomic_store_n(&as->kicks, 1, __ATOMIC_RELEASE);
    /* The stub may have started meanwhile and already looked at kicks. */
    pid = __atomic_load_n(&as->pid, __ATOMIC_ACQUIRE);
    if (pid > 0 && __atomic_exchange_n(&as->kicks, 0, __ATOMIC_ACQ_REL))
        kill(pid, KICK_SIGNAL);
}

/*
 * Guest code runs in the stub, so its user time is the guest's; the stub's
 * system time (faults, its stops) and the task thread's time (the core
 * emulating the guest's syscalls, and tracing) are the guest's system time.
 * After an exec that moved the stub, both carry on, as Linux's do.
 */
static void pt_cpu_time(struct platform_ctx *c, int tid, uint64_t *user_ns, uint64_t *sys_ns)
{
    pid_t pid = __atomic_load_n(&c->as->pid, __ATOMIC_ACQUIRE);
    uint64_t user = 0, all = 0;
    if (pid > 0) {
        user = platform_clock_ns(PLATFORM_CPUCLOCK(pid, PLATFORM_CPUCLOCK_VIRT));
        all = platform_clock_ns(PLATFORM_CPUCLOCK(pid, PLATFORM_CPUCLOCK_PROF));
    }
    *user_ns = user;
    *sys_ns = (all > user ? all - user : 0) +
              platform_clock_ns(PLATFORM_CPUCLOCK(tid, PLATFORM_CPUCLOCK_PROF | PLATFORM_CPUCLOCK_THREAD));
}

const struct platform_ops ptrace_platform_ops = {
    .name = "ptrace",
    .init = pt_init,
    .fini = pt_fini,
    .as_create = pt_as_create,
    .as_destroy = pt_as_destroy,
    .as_map = pt_as_map,
    .as_unmap = pt_as_unmap,
    .as_protect = pt_as_protect,
    .ctx_create = pt_ctx_create,
    .ctx_destroy = pt_ctx_destroy,
    .switch_to_user = pt_switch,
    .fp_fetch = pt_fp_fetch,
    .as_transfer = pt_as_transfer,
    .interrupt = pt_interrupt,
    .cpu_time = pt_cpu_time,
};
