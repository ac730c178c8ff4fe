/* SPDX-License-Identifier: MIT */
/* kernel/exec.c: program images: ELF and #! scripts into a fresh address space (fs/exec.c). */
#include "exec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "cputime.h"
#include "cred.h"
#include "file.h"
#include "loader.h"
#include "log.h"
#include "mm.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "task.h"
#include "vfs.h"

/* Gap between the stack and the mmap area, as Linux's mmap_base() keeps (mm/util.c). */
#define STACK_GAP (128ULL << 20)
/* fs/binfmt_script.c reads this much of the file for the #! line (BINPRM_BUF_SIZE). */
#define SHEBANG_MAX 256
/* fs/exec.c: a script's interpreter may itself be a script, to this depth. */
#define MAX_INTERP_DEPTH 4

static int count(char *const *v)
{
    int n = 0;
    while (v && v[n])
        n++;
    return n;
}

/*
 * Parse "#!interp [arg]\n" as fs/binfmt_script.c does: blanks around the
 * interpreter are skipped, the rest of the line (trimmed) is one argument.
 * Returns 1 for a script, 0 for not a script, -LINUX_ENOEXEC for a bad line.
 */
static int parse_shebang(const char *buf, size_t n, char *interp, size_t ilen, char *arg,
                         size_t alen)
{
    if (n < 2 || buf[0] != '#' || buf[1] != '!')
        return 0;
    const char *end = memchr(buf, '\n', n);
    if (!end)
        end = buf + n; /* a line cut at the buffer end still counts (Linux >= 5.0) */
    const char *p = buf + 2;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    const char *q = p;
    while (q < end && *q != ' ' && *q != '\t' && *q != '\0')
        q++;
    if (q == p || (size_t)(q - p) >= ilen)
        return -LINUX_ENOEXEC;
    memcpy(interp, p, (size_t)(q - p));
    interp[q - p] = 0;
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    const char *e = end;
    while (e > q && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\0'))
        e--;
    if ((size_t)(e - q) >= alen)
        return -LINUX_ENOEXEC;
    memcpy(arg, q, (size_t)(e - q));
    arg[e - q] = 0;
    return 1;
}

/*
 * Map a dynamic program's interpreter (its PT_INTERP path, looked up in the
 * sandbox like any exec) into @mm; the program then starts at the
 * interpreter's entry, and AT_BASE tells it where that is. An interpreter that
 * cannot be opened fails the exec with the open's errno, as in Linux.
 */
static int load_interp(struct task *t, struct mm *mm, struct exec_image *ei, uaddr_t *start,
                       const char **why)
{
    static char msg[sizeof(ei->interp) + 32]; /* under the kernel lock, read at once */
    int fd = vfs_open_exec(t->fs, ei->interp);
    if (fd < 0) {
        snprintf(msg, sizeof(msg), "its ELF interpreter %s", ei->interp);
        *why = msg;
        return fd;
    }
    int err = loader_load_interp(mm, fd, start, &ei->interp_base, why);
    close(fd);
    return err;
}

static int prepare(struct task *t, const char *path, char *const argv[], char *const envp[],
                   const char *execfn, int depth, struct exec_image_new *img, const char **why)
{
    *why = NULL;
    /*
     * /proc/self/exe is a magic link to the running binary; host resolution
     * refuses magic links, so it is answered from the task itself (busybox
     * re-executes itself this way).
     */
    char self_exe[32];
    snprintf(self_exe, sizeof(self_exe), "/proc/%d/exe", t->pid);
    if (!strcmp(path, "/proc/self/exe") || !strcmp(path, "/proc/thread-self/exe") ||
        !strcmp(path, self_exe))
        path = t->exe;
    int fd = vfs_open_exec(t->fs, path);
    if (fd < 0)
        return fd;

    char head[SHEBANG_MAX];
    ssize_t n = pread(fd, head, sizeof(head), 0);
    if (n < 0) {
        close(fd);
        return -LINUX_EIO;
    }
    char interp[SHEBANG_MAX], arg[SHEBANG_MAX];
    int script = parse_shebang(head, (size_t)n, interp, sizeof(interp), arg, sizeof(arg));
    if (script < 0) {
        close(fd);
        *why = "bad #! line";
        return script;
    }
    if (script) {
        close(fd);
        if (depth >= MAX_INTERP_DEPTH)
            return -LINUX_ELOOP;
        /* New argv: interpreter, its optional argument, the script, then argv[1..]. */
        int argc = count(argv);
        char **nargv = calloc((size_t)argc + 4, sizeof(char *));
        if (!nargv)
            return -LINUX_ENOMEM;
        int k = 0;
        nargv[k++] = interp;
        if (arg[0])
            nargv[k++] = arg;
        nargv[k++] = (char *)path;
        for (int i = 1; i < argc; i++)
            nargv[k++] = argv[i];
        nargv[k] = NULL;
        int r = prepare(t, interp, nargv, envp, execfn, depth + 1, img, why);
        free(nargv);
        return r;
    }

    int err = 0;
    struct mm *mm = mm_create(t->platform->mf, t->platform, &err);
    if (!mm) {
        close(fd);
        return err;
    }
    mm->stack_top = mm->max_addr - ARCH_PAGE_SIZE;
    mm->mmap_base = mm->stack_top - LOADER_STACK_SIZE - STACK_GAP;

    struct exec_image *ei = malloc(sizeof(*ei));
    err = ei ? loader_load_elf(mm, fd, ei, why) : -LINUX_ENOMEM;
    uaddr_t start = ei ? ei->entry : 0;
    if (err == 0 && ei->interp[0])
        err = load_interp(t, mm, ei, &start, why);
    if (err == 0) {
        mm->brk_start = mm->brk = ei->brk;
        const struct platform_vdso *pv = t->platform->vdso;
        struct stack_args sa = {.argc = count(argv), .argv = argv, .envc = count(envp),
                                .envp = envp, .execfn = execfn, .uid = t->uid, .euid = t->euid,
                                .gid = t->gid, .egid = t->egid,
                                .sysinfo_ehdr = pv ? pv->ehdr : 0};
        /* After the image: the loader's cache records only the ELF's own VMAs. */
        err = mm_map_platform(mm);
        int64_t sp = err < 0 ? err : loader_build_stack(mm, ei, &sa);
        if (sp < 0)
            err = (int)sp;
        img->sp = (uaddr_t)sp;
        img->entry = start;
    }
    free(ei);
    /* /proc/self/exe is the canonical guest path (glibc asserts it is absolute). */
    if (err == 0 && vfs_canonical(t->fs, fd, img->exe, sizeof(img->exe)) < 0)
        vfs_path_join(img->exe, sizeof(img->exe), t->fs->cwd, path);
    close(fd);
    if (err < 0) {
        mm_destroy(mm);
        return err;
    }
    img->mm = mm;
    return 0;
}

int exec_prepare(struct task *t, const char *path, char *const argv[], char *const envp[],
                 struct exec_image_new *img, const char **why)
{
    memset(img, 0, sizeof(*img));
    /* __set_task_comm(kbasename(filename)), cut to TASK_COMM_LEN - 1 bytes. */
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t blen = strnlen(base, sizeof(img->comm) - 1);
    memcpy(img->comm, base, blen);
    img->comm[blen] = 0;
    return prepare(t, path, argv, envp, path, 0, img, why);
}

void exec_discard(struct exec_image_new *img)
{
    mm_destroy(img->mm);
    img->mm = NULL;
}

int exec_commit(struct task *t, struct exec_image_new *img)
{
    const struct platform_ops *ops = t->platform->ops;
    int err = 0;
    struct platform_ctx *ctx = ops->ctx_create(img->mm->as, &err);
    if (!ctx) {
        exec_discard(img);
        return err;
    }
    uint64_t user, sys;
    task_cpu_time(t, &user, &sys);
    /* Reuse the old image's execution resources where the platform can. */
    if (t->mm && ops->as_transfer)
        ops->as_transfer(t->mm->as, img->mm->as);
    if (t->ctx)
        ops->ctx_destroy(t->ctx);
    if (t->mm)
        mm_destroy(t->mm);
    t->ctx = ctx;
    task_cpu_exec(t, user, sys); /* CPU time carries over exec, as in Linux */
    t->mm = img->mm;
    img->mm = NULL;
    arch_regs_init_user(&t->regs, img->entry, img->sp);
    t->fp.size = 0;
    snprintf(t->exe, sizeof(t->exe), "%s", img->exe);
    memcpy(t->comm, img->comm, sizeof(t->comm));
    t->clear_child_tid = 0;

    /* begin_new_exec(): close-on-exec descriptors go, caught signals reset to default. */
    for (int fd = 0; fd < t->files->size; fd++)
        if (t->files->fd[fd] && t->files->cloexec[fd])
            fd_close(t->files, fd);
    for (int s = 0; s < LINUX_NSIG; s++) {
        struct linux_sigaction *a = &t->sighand->action[s];
        if (a->handler != LINUX_SIG_IGN) {
            memset(a, 0, sizeof(*a));
        } else {
            a->flags = 0;
            a->mask = 0;
            a->restorer = 0;
        }
    }
    memset(&t->altstack, 0, sizeof(t->altstack));
    ptimers_release(t); /* exit_itimers(): POSIX timers do not survive exec */
    cred_exec(t);
    t->did_exec = 1;
    /* A vfork parent resumes once its child has its own image (fs/exec.c: exec_mm_release). */
    if (t->vfork_parent) {
        t->vfork_parent = NULL;
        sched_wake();
    }
    return 0;
}
