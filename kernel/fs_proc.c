/* SPDX-License-Identifier: MIT */
/* kernel/fs_proc.c: /proc synthesized from the sandbox's own state (never the host's /proc). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cputime.h"
#include "fs.h"
#include "memfile.h"
#include "mm.h"
#include "sched.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

enum pnode {
    P_ROOT = 1, P_SELF, P_THREAD_SELF, P_MOUNTS_LINK, P_CPUINFO, P_MEMINFO, P_UPTIME, P_LOADAVG,
    P_VERSION, P_FILESYSTEMS, P_STAT, P_SYS, P_SYS_KERNEL, P_OSTYPE, P_OSRELEASE, P_HOSTNAME,
    P_PID_MAX,
    /* per pid */
    P_PID, P_PID_STAT, P_PID_STATUS, P_PID_STATM, P_PID_CMDLINE, P_PID_COMM, P_PID_EXE, P_PID_CWD,
    P_PID_ROOT, P_PID_FD, P_PID_FD_N, P_PID_MAPS, P_PID_ENVIRON, P_PID_LIMITS, P_PID_MOUNTS,
    P_PID_TASK,
};

struct pent {
    const char *name;
    int node;
    uint32_t mode;
};

static const struct pent root_ents[] = {
    {"cpuinfo", P_CPUINFO, LINUX_S_IFREG | 0444},
    {"filesystems", P_FILESYSTEMS, LINUX_S_IFREG | 0444},
    {"loadavg", P_LOADAVG, LINUX_S_IFREG | 0444},
    {"meminfo", P_MEMINFO, LINUX_S_IFREG | 0444},
    {"mounts", P_MOUNTS_LINK, LINUX_S_IFLNK | 0777},
    {"self", P_SELF, LINUX_S_IFLNK | 0777},
    {"stat", P_STAT, LINUX_S_IFREG | 0444},
    {"sys", P_SYS, LINUX_S_IFDIR | 0555},
    {"thread-self", P_THREAD_SELF, LINUX_S_IFLNK | 0777},
    {"uptime", P_UPTIME, LINUX_S_IFREG | 0444},
    {"version", P_VERSION, LINUX_S_IFREG | 0444},
};

static const struct pent sys_ents[] = {
    {"kernel", P_SYS_KERNEL, LINUX_S_IFDIR | 0555},
};

static const struct pent kernel_ents[] = {
    {"hostname", P_HOSTNAME, LINUX_S_IFREG | 0644},
    {"osrelease", P_OSRELEASE, LINUX_S_IFREG | 0444},
    {"ostype", P_OSTYPE, LINUX_S_IFREG | 0444},
    {"pid_max", P_PID_MAX, LINUX_S_IFREG | 0644},
};

static const struct pent pid_ents[] = {
    {"cmdline", P_PID_CMDLINE, LINUX_S_IFREG | 0444},
    {"comm", P_PID_COMM, LINUX_S_IFREG | 0644},
    {"cwd", P_PID_CWD, LINUX_S_IFLNK | 0777},
    {"environ", P_PID_ENVIRON, LINUX_S_IFREG | 0400},
    {"exe", P_PID_EXE, LINUX_S_IFLNK | 0777},
    {"fd", P_PID_FD, LINUX_S_IFDIR | 0500},
    {"limits", P_PID_LIMITS, LINUX_S_IFREG | 0444},
    {"maps", P_PID_MAPS, LINUX_S_IFREG | 0444},
    {"mounts", P_PID_MOUNTS, LINUX_S_IFREG | 0444},
    {"root", P_PID_ROOT, LINUX_S_IFLNK | 0777},
    {"stat", P_PID_STAT, LINUX_S_IFREG | 0444},
    {"statm", P_PID_STATM, LINUX_S_IFREG | 0444},
    {"status", P_PID_STATUS, LINUX_S_IFREG | 0444},
    {"task", P_PID_TASK, LINUX_S_IFDIR | 0555},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The entry table of directory node @node, or NULL. */
static const struct pent *table_of(int node, size_t *n)
{
    switch (node) {
    case P_ROOT: *n = N(root_ents); return root_ents;
    case P_SYS: *n = N(sys_ents); return sys_ents;
    case P_SYS_KERNEL: *n = N(kernel_ents); return kernel_ents;
    case P_PID: *n = N(pid_ents); return pid_ents;
    default: *n = 0; return NULL;
    }
}

static const struct pent *find_ent(int node)
{
    static const struct pent *const tables[] = {root_ents, sys_ents, kernel_ents, pid_ents};
    static const size_t sizes[] = {N(root_ents), N(sys_ents), N(kernel_ents), N(pid_ents)};

    for (size_t i = 0; i < N(tables); i++)
        for (size_t j = 0; j < sizes[i]; j++)
            if (tables[i][j].node == node)
                return &tables[i][j];
    return NULL;
}

/* The task a /proc/<pid> node is about: the caller itself, or one from the task list. */
static struct task *task_of(struct task *t, int pid)
{
    if (t && t->pid == pid)
        return t;
    return task_find(pid);
}

static int parse_num(const char *s)
{
    long v = 0;

    if (!*s || (s[0] == '0' && s[1]))
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v > 0x3fffffff)
            return -1;
    }
    return (int)v;
}

int procfs_lookup(struct task *t, const struct vnode *dir, const char *name, struct vnode *out)
{
    const struct pent *tab;
    size_t n;
    int num;

    out->pid = dir->pid;
    out->pnode = 0;
    if (strcmp(dir->path, "/proc") == 0 && dir->pnode == 0) {
        /* the mount root comes from the mount table without a node */
        struct vnode root = *dir;

        root.pnode = P_ROOT;
        return procfs_lookup(t, &root, name, out);
    }
    switch (dir->pnode) {
    case P_ROOT:
        num = parse_num(name);
        if (num > 0) {
            if (!task_of(t, num))
                return -LINUX_ENOENT;
            out->pnode = P_PID;
            out->pid = num;
            return 0;
        }
        break;
    case P_PID_TASK:
        num = parse_num(name);
        if (num != dir->pid)
            return -LINUX_ENOENT; /* one thread per process here */
        out->pnode = P_PID;
        return 0;
    case P_PID_FD: {
        struct task *o = task_of(t, dir->pid);
        struct file *f;

        num = parse_num(name);
        if (!o || num < 0 || !(f = fd_lookup(o->files, num)))
            return -LINUX_ENOENT;
        out->pnode = P_PID_FD_N;
        out->fdno = num;
        out->magic = file_get(f);
        return 0;
    }
    default:
        break;
    }
    tab = table_of(dir->pnode, &n);
    for (size_t i = 0; tab && i < n; i++) {
        if (strcmp(tab[i].name, name) == 0) {
            if (tab[i].node >= P_PID && !task_of(t, dir->pid))
                return -LINUX_ENOENT; /* the process is gone */
            out->pnode = tab[i].node;
            return 0;
        }
    }
    return -LINUX_ENOENT;
}

static struct linux_statx_timestamp proc_time(void)
{
    static struct linux_statx_timestamp born;

    if (!born.tv_sec)
        fs_now(&born);
    return born;
}

int procfs_statx(struct task *t, const struct vnode *v, struct linux_statx *sx)
{
    const struct pent *e;
    uint32_t mode;
    int node = v->pnode ? v->pnode : P_ROOT;
    struct task *o = node >= P_PID ? task_of(t, v->pid) : NULL;

    if (node == P_ROOT || node == P_PID || node == P_PID_TASK) {
        mode = LINUX_S_IFDIR | 0555;
    } else if (node == P_PID_FD_N) {
        uint32_t acc = v->magic ? v->magic->flags & LINUX_O_ACCMODE : 0;

        mode = LINUX_S_IFLNK | (acc == LINUX_O_RDWR ? 0700 : acc == LINUX_O_WRONLY ? 0300 : 0500);
    } else {
        e = find_ent(node);
        if (!e)
            return -LINUX_ENOENT;
        mode = e->mode;
    }
    if (node >= P_PID && !o && !(t == NULL && v->pid))
        return -LINUX_ENOENT;
    memset(sx, 0, sizeof(*sx));
    sx->stx_mask = LINUX_STATX_BASIC_STATS | LINUX_STATX_MNT_ID;
    sx->stx_blksize = 1024;
    sx->stx_mode = (uint16_t)mode;
    sx->stx_nlink = (mode & LINUX_S_IFMT) == LINUX_S_IFDIR ? 2 : 1;
    if (o) {
        sx->stx_uid = o->euid;
        sx->stx_gid = o->egid;
    }
    /* Stable, distinct inode numbers: node, pid and fd packed together. */
    sx->stx_ino = ((uint64_t)(unsigned)v->pid << 24) | ((uint64_t)node << 16) |
                  (node == P_PID_FD_N ? (uint64_t)(v->fdno & 0xffff) : 0);
    if (node == P_ROOT)
        sx->stx_ino = 1;
    sx->stx_atime = sx->stx_mtime = sx->stx_ctime = proc_time();
    sx->stx_dev_major = v->sb->dev_major;
    sx->stx_dev_minor = v->sb->dev_minor;
    sx->stx_mnt_id = (uint64_t)v->sb->mnt_id;
    if ((mode & LINUX_S_IFMT) == LINUX_S_IFLNK)
        sx->stx_size = 64;
    return 0;
}

static long put(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static long put(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -LINUX_EIO;
    if ((size_t)n >= len)
        return -LINUX_ENAMETOOLONG;
    return n;
}

/* What /proc/<pid>/fd/N shows for an open file. */
static long fd_target(struct file *f, char *buf, size_t len)
{
    struct linux_stat st;

    if (f->path && f->path[0] == '/') {
        struct mnode *m = fs_file_mnode(f);

        if (m && m->nlink == 0)
            return put(buf, len, "%s (deleted)", f->path);
        return put(buf, len, "%s", f->path);
    }
    if (f->path && strcmp(f->path, "pipe:") == 0 && f->ops->fstat && f->ops->fstat(f, &st) == 0)
        return put(buf, len, "pipe:[%llu]", (unsigned long long)st.st_ino);
    if (f->host_fd >= 0)
        return vfs_host_fd_link(f->host_fd, buf, len); /* the host's stdio: a tty, a pipe... */
    return put(buf, len, "anon_inode:[%s]", f->path ? f->path : "file");
}

long procfs_readlink(struct task *t, const struct vnode *v, char *buf, size_t len)
{
    struct task *o = task_of(t, v->pid);

    if (!t && (v->pnode == P_SELF || v->pnode == P_THREAD_SELF))
        return -LINUX_ENOENT; /* no calling task: nothing is "self" */
    switch (v->pnode) {
    case P_SELF:
        return put(buf, len, "%d", t->pid);
    case P_THREAD_SELF:
        return put(buf, len, "%d/task/%d", t->pid, t->tid);
    case P_MOUNTS_LINK:
        return put(buf, len, "self/mounts");
    case P_PID_EXE:
        if (!o || !o->exe[0])
            return -LINUX_ENOENT;
        return put(buf, len, "%s", o->exe);
    case P_PID_CWD:
        return o ? put(buf, len, "%s", o->fs->cwd) : -LINUX_ENOENT;
    case P_PID_ROOT:
        return o ? put(buf, len, "/") : -LINUX_ENOENT;
    case P_PID_FD_N:
        return v->magic ? fd_target(v->magic, buf, len) : -LINUX_ENOENT;
    default:
        return -LINUX_EINVAL;
    }
}

static int add(struct fs_dirent **v, size_t *n, size_t *cap, const char *name, uint64_t ino,
               uint32_t mode)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        struct fs_dirent *nv = realloc(*v, nc * sizeof(*nv));

        if (!nv)
            return -LINUX_ENOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[*n].name = strdup(name);
    if (!(*v)[*n].name)
        return -LINUX_ENOMEM;
    (*v)[*n].ino = ino;
    (*v)[*n].type = fs_dt_of(mode);
    (*v)[*n].lower = 0;
    (*n)++;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

#define MAX_PIDS 4096

int procfs_list(struct task *t, const struct vnode *v, struct fs_dirent **out, size_t *nout)
{
    struct fs_dirent *ents = NULL;
    size_t n = 0, cap = 0, tn;
    int node = v->pnode ? v->pnode : P_ROOT, r;
    const struct pent *tab = table_of(node, &tn);
    char num[16];

    /* readdir() skips d_ino 0: the dots carry this node's number and a parent-ish one. */
    r = add(&ents, &n, &cap, ".", node == P_ROOT ? 1 : ((uint64_t)(unsigned)v->pid << 24) | ((uint64_t)node << 16),
            LINUX_S_IFDIR);
    if (r == 0)
        r = add(&ents, &n, &cap, "..", node == P_PID || node == P_ROOT || node == P_SYS ? 1
                                       : ((uint64_t)(unsigned)v->pid << 24) | ((uint64_t)P_PID << 16),
                LINUX_S_IFDIR);
    for (size_t i = 0; r == 0 && tab && i < tn; i++)
        r = add(&ents, &n, &cap, tab[i].name, ((uint64_t)(unsigned)v->pid << 24) |
                                                  ((uint64_t)tab[i].node << 16),
                tab[i].mode);
    if (r == 0 && node == P_ROOT) {
        int *pids = malloc(MAX_PIDS * sizeof(int));
        int np = pids ? task_pids(pids, MAX_PIDS - 1) : 0, self = 0;

        if (!pids)
            r = -LINUX_ENOMEM;
        for (int i = 0; pids && i < np; i++)
            self |= pids[i] == t->pid;
        if (pids && !self)
            pids[np++] = t->pid;
        if (pids)
            qsort(pids, (size_t)np, sizeof(int), cmp_int);
        for (int i = 0; r == 0 && i < np; i++) {
            snprintf(num, sizeof(num), "%d", pids[i]);
            r = add(&ents, &n, &cap, num, (uint64_t)(unsigned)pids[i] << 24 | (uint64_t)P_PID << 16,
                    LINUX_S_IFDIR);
        }
        free(pids);
    } else if (r == 0 && node == P_PID_TASK) {
        snprintf(num, sizeof(num), "%d", v->pid);
        r = add(&ents, &n, &cap, num, (uint64_t)(unsigned)v->pid << 24 | (uint64_t)P_PID << 16,
                LINUX_S_IFDIR);
    } else if (r == 0 && node == P_PID_FD) {
        struct task *o = task_of(t, v->pid);

        for (int fd = 0; r == 0 && o && fd < o->files->size; fd++) {
            if (!o->files->fd[fd])
                continue;
            snprintf(num, sizeof(num), "%d", fd);
            r = add(&ents, &n, &cap, num,
                    (uint64_t)(unsigned)v->pid << 24 | (uint64_t)P_PID_FD_N << 16 | (unsigned)fd,
                    LINUX_S_IFLNK);
        }
    }
    if (r < 0) {
        fs_dirents_free(ents, n);
        return r;
    }
    *out = ents;
    *nout = n;
    return 0;
}

/* ---- file contents ---- */

struct sbuf {
    char *p;
    size_t len, cap;
    int err;
};

static void sb_printf(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *s, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (s->err)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(s->p + s->len, s->cap - s->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            s->err = -LINUX_EIO;
            return;
        }
        if ((size_t)n < s->cap - s->len) {
            s->len += (size_t)n;
            return;
        }
        {
            size_t nc = (s->cap + (size_t)n + 1) * 2;
            char *np = realloc(s->p, nc);

            if (!np) {
                s->err = -LINUX_ENOMEM;
                return;
            }
            s->p = np;
            s->cap = nc;
        }
    }
}

static void sb_bytes(struct sbuf *s, const void *b, size_t n)
{
    if (s->err)
        return;
    if (s->cap - s->len < n + 1) {
        size_t nc = (s->cap + n + 1) * 2;
        char *np = realloc(s->p, nc);

        if (!np) {
            s->err = -LINUX_ENOMEM;
            return;
        }
        s->p = np;
        s->cap = nc;
    }
    memcpy(s->p + s->len, b, n);
    s->len += n;
}

/*
 * The task's name, TASK_COMM_LEN (15 bytes and the NUL): exec sets it
 * (kernel/exec.c), fork copies it, prctl and /proc/<pid>/comm rename it;
 * empty is a name too, as on Linux.
 */
static const char *comm_of(struct task *o, char *buf, size_t len)
{
    size_t n = strnlen(o->comm, sizeof(o->comm) - 1);
    if (n >= len)
        n = len - 1;
    memcpy(buf, o->comm, n);
    buf[n] = '\0';
    return buf;
}

static uint64_t vm_bytes(struct mm *mm)
{
    uint64_t n = 0;

    for (size_t i = 0; mm && i < mm->nvma; i++)
        n += mm->vma[i].end - mm->vma[i].start;
    return n;
}

/*
 * Resident bytes: the pages of each VMA's memory-file range that hold data
 * (holes were never touched, or were given back). A page shared with another
 * process counts in both, as Linux counts a shared page in each RSS.
 */
static uint64_t vm_rss(struct mm *mm)
{
    uint64_t n = 0;

    for (size_t i = 0; mm && i < mm->nvma; i++) {
        const struct vma *v = &mm->vma[i];
        uint64_t len = v->end - v->start;
        if (!v->nobacking)
            n += memfile_resident(mm->mf, v->mf_off, len, len);
    }
    return n;
}

static void gen_status(struct sbuf *s, struct task *o)
{
    char comm[16];
    uint64_t vm = vm_bytes(o->mm) / 1024, rss = vm_rss(o->mm) / 1024;
    uint64_t ign = 0, cgt = 0;
    int nfd = 0;

    for (int fd = 0; fd < o->files->size; fd++)
        if (o->files->fd[fd])
            nfd = fd + 1;
    for (int sig = 1; sig <= 64 && o->sighand; sig++) {
        uint64_t h = o->sighand->action[sig - 1].handler;

        if (h == LINUX_SIG_IGN)
            ign |= 1ULL << (sig - 1);
        else if (h != LINUX_SIG_DFL)
            cgt |= 1ULL << (sig - 1);
    }
    sb_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
                 "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
                 "FDSize:\t%d\nGroups:\t",
              comm_of(o, comm, sizeof(comm)), o->umask,
              o->state == TASK_ZOMBIE ? "Z (zombie)" : o->stopped ? "T (stopped)" : "R (running)",
              o->pid, o->pid, o->ppid, o->uid, o->euid, o->suid, o->fsuid, o->gid, o->egid,
              o->sgid, o->fsgid, nfd <= 64 ? 64 : (nfd + 63) & ~63);
    /* task_state(): the groups, space-separated, and then a space that Linux keeps. */
    for (int g = 0; g < o->ngroups; g++)
        sb_printf(s, g ? " %u" : "%u", o->groups[g]);
    sb_printf(s, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", o->pid, o->pid,
              o->pgid, o->sid);
    sb_printf(s, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmLck:\t%8d kB\nVmPin:\t%8d kB\n"
                 "VmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\nRssAnon:\t%8llu kB\nRssFile:\t%8d kB\n"
                 "RssShmem:\t%8d kB\nVmData:\t%8llu kB\nVmStk:\t%8d kB\nVmExe:\t%8d kB\n"
                 "VmLib:\t%8d kB\nVmPTE:\t%8d kB\nVmSwap:\t%8d kB\n",
              (unsigned long long)vm, (unsigned long long)vm, 0, 0, (unsigned long long)rss,
              (unsigned long long)rss, (unsigned long long)rss, 0, 0, (unsigned long long)vm, 132, 0,
              0, 0, 0);
    /* hugetlb_report_usage(), task_core_dumping(), task_thp_status() (Linux 5.0 on). */
    sb_printf(s, "HugetlbPages:\t%8d kB\nCoreDumping:\t0\nTHP_enabled:\t%d\n", 0, !o->thp_disable);
    sb_printf(s, "Threads:\t1\nSigQ:\t0/%llu\nSigPnd:\t%016llx\nShdPnd:\t%016llx\n"
                 "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
              (unsigned long long)o->rlimit[LINUX_RLIMIT_NPROC].rlim_cur,
              (unsigned long long)o->pending, 0ULL, (unsigned long long)o->sigmask,
              (unsigned long long)ign, (unsigned long long)cgt);
    sb_printf(s, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\nCapBnd:\t%016llx\n"
                 "CapAmb:\t%016llx\nNoNewPrivs:\t%d\nSeccomp:\t0\n"
                 "Seccomp_filters:\t0\nSpeculation_Store_Bypass:\tthread vulnerable\n"
                 "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\n"
                 "Mems_allowed_list:\t0\nvoluntary_ctxt_switches:\t0\n"
                 "nonvoluntary_ctxt_switches:\t0\n",
              (unsigned long long)o->cap_inh, (unsigned long long)o->cap_prm,
              (unsigned long long)o->cap_eff, (unsigned long long)o->cap_bnd,
              (unsigned long long)o->cap_amb, o->no_new_privs);
}

static void gen_stat(struct sbuf *s, struct task *o)
{
    char comm[16];
    struct mm *mm = o->mm;
    uint64_t vm = vm_bytes(mm);

    uint64_t user = 0, sys = 0;
    task_cpu_time(o, &user, &sys);
    sb_printf(s, "%d (%s) %c %d %d %d 0 -1 4194304 0 0 0 0 %llu %llu %llu %llu %d %d 1 0 0 %llu %llu "
                 "18446744073709551615 0 0 %llu 0 0 0 %llu 0 0 0 0 0 17 0 %d %d 0 0 0 %llu %llu "
                 "%llu %llu %llu %llu %llu 0\n",
              o->pid, comm_of(o, comm, sizeof(comm)),
              o->state == TASK_ZOMBIE ? 'Z' : o->stopped ? 'T' : 'R', o->ppid, o->pgid, o->sid,
              (unsigned long long)cputime_ticks(user), (unsigned long long)cputime_ticks(sys),
              (unsigned long long)cputime_ticks(o->cchild_user),
              (unsigned long long)cputime_ticks(o->cchild_sys),
              /* task_prio(): -2..-100 for a real-time task, 0..39 for the others */
              o->sched_rt_prio ? -1 - o->sched_rt_prio : 20 + o->nice, o->nice,
              (unsigned long long)vm, (unsigned long long)(vm_rss(mm) / 4096),
              (unsigned long long)(mm ? mm->stack_top : 0), (unsigned long long)o->sigmask,
              o->sched_rt_prio, o->sched_policy,
              (unsigned long long)(mm ? mm->brk_start : 0), (unsigned long long)(mm ? mm->brk : 0),
              (unsigned long long)(mm ? mm->brk_start : 0), (unsigned long long)(mm ? mm->arg_start : 0),
              (unsigned long long)(mm ? mm->arg_end : 0), (unsigned long long)(mm ? mm->env_start : 0),
              (unsigned long long)(mm ? mm->env_end : 0));
}

static void gen_user_range(struct sbuf *s, struct task *o, uaddr_t start, uaddr_t end)
{
    uint8_t chunk[4096];

    if (!o->mm)
        return;
    while (start < end && !s->err) {
        size_t n = end - start < sizeof(chunk) ? (size_t)(end - start) : sizeof(chunk);

        if (copy_from_user(o->mm, chunk, start, n) < 0)
            break; /* unmapped by the program: what was readable */
        sb_bytes(s, chunk, n);
        start += n;
    }
}

static void gen_limits(struct sbuf *s, struct task *o)
{
    static const struct {
        const char *name, *unit;
        int res;
    } lim[] = {
        {"Max cpu time", "seconds", 0},       {"Max file size", "bytes", 1},
        {"Max data size", "bytes", 2},        {"Max stack size", "bytes", 3},
        {"Max core file size", "bytes", 4},   {"Max resident set", "bytes", 5},
        {"Max processes", "processes", 6},    {"Max open files", "files", 7},
        {"Max locked memory", "bytes", 8},    {"Max address space", "bytes", 9},
        {"Max file locks", "locks", 10},      {"Max pending signals", "signals", 11},
        {"Max msgqueue size", "bytes", 12},   {"Max nice priority", "", 13},
        {"Max realtime priority", "", 14},    {"Max realtime timeout", "us", 15},
    };

    sb_printf(s, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
    for (size_t i = 0; i < N(lim); i++) {
        char soft[32], hard[32];
        const struct linux_rlimit *r = &o->rlimit[lim[i].res];

        if (r->rlim_cur == LINUX_RLIM_INFINITY)
            strcpy(soft, "unlimited");
        else
            snprintf(soft, sizeof(soft), "%llu", (unsigned long long)r->rlim_cur);
        if (r->rlim_max == LINUX_RLIM_INFINITY)
            strcpy(hard, "unlimited");
        else
            snprintf(hard, sizeof(hard), "%llu", (unsigned long long)r->rlim_max);
        sb_printf(s, "%-25s %-20s %-20s %-10s\n", lim[i].name, soft, hard, lim[i].unit);
    }
}

static void gen_mounts(struct sbuf *s, struct vfs_ns *ns)
{
    for (int i = 0; i < ns->nmnt; i++)
        sb_printf(s, "%s %s %s %s 0 0\n", ns->mnt[i]->source, ns->mnt[i]->path,
                  ns->mnt[i]->type, ns->mnt[i]->opts);
}

/*
 * Copy maps text, joining lines Linux would show as one VMA: anonymous or
 * [heap] ranges that touch and agree in permissions and name (vma_merge()).
 * The core may keep such neighbours apart when their backing is not contiguous.
 */
static void merge_maps(struct sbuf *s, const char *text, size_t n)
{
    unsigned long long ps = 0, pe = 0;
    char pperm[8] = "", pname[128] = "", pline[512] = "";
    int have = 0;

    for (const char *l = text; l < text + n;) {
        const char *nl = memchr(l, '\n', (size_t)(text + n - l));
        size_t len = nl ? (size_t)(nl - l) + 1 : (size_t)(text + n - l);
        unsigned long long st, en;
        char perm[8], name[128] = "", line[512];
        int mergeable;

        if (len >= sizeof(line)) {
            sb_bytes(s, l, len);
            l += len;
            continue;
        }
        memcpy(line, l, len);
        line[len] = '\0';
        l += len;
        if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %127s", &st, &en, perm, name) < 3) {
            sb_bytes(s, line, len);
            continue;
        }
        mergeable = !name[0] || strcmp(name, "[heap]") == 0;
        if (have && mergeable && st == pe && !strcmp(perm, pperm) && !strcmp(name, pname)) {
            pe = en; /* extend the previous line */
            continue;
        }
        if (have)
            sb_printf(s, "%08llx-%08llx%s", ps, pe, strchr(pline, ' '));
        ps = st;
        pe = en;
        strcpy(pperm, perm);
        strcpy(pname, name);
        strcpy(pline, line);
        have = 1;
    }
    if (have)
        sb_printf(s, "%08llx-%08llx%s", ps, pe, strchr(pline, ' '));
}

static void gen_maps(struct sbuf *s, struct task *o)
{
    size_t cap = 65536;

    if (!o->mm)
        return;
    for (;;) {
        char *b = malloc(cap);
        size_t n;

        if (!b) {
            s->err = -LINUX_ENOMEM;
            return;
        }
        n = mm_format_maps(o->mm, b, cap);
        if (n + 1 < cap || cap >= (64u << 20)) {
            merge_maps(s, b, n);
            free(b);
            return;
        }
        free(b);
        cap *= 4;
    }
}

/* The host's CPU description when the runtime can read it, else a minimal one. */
static void gen_cpuinfo(struct sbuf *s)
{
    char buf[8192];
    int fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    if (fd >= 0) {
        ssize_t n;

        while ((n = read(fd, buf, sizeof(buf))) > 0)
            sb_bytes(s, buf, (size_t)n);
        close(fd);
        if (s->len)
            return;
    }
    for (long i = 0; i < (ncpu > 0 ? ncpu : 1); i++)
        sb_printf(s, "processor\t: %ld\n\n", i);
}

static void gen_meminfo(struct sbuf *s)
{
    struct sysinfo si;
    unsigned long long u, total, free_, bufs, shared, swap, swapfree;

    if (sysinfo(&si) < 0)
        memset(&si, 0, sizeof(si));
    u = si.mem_unit ? si.mem_unit : 1;
    total = si.totalram * u / 1024;
    free_ = si.freeram * u / 1024;
    bufs = si.bufferram * u / 1024;
    shared = si.sharedram * u / 1024;
    swap = si.totalswap * u / 1024;
    swapfree = si.freeswap * u / 1024;
    sb_printf(s, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n"
                 "Buffers:        %8llu kB\nCached:         %8llu kB\nSwapCached:     %8d kB\n"
                 "Active:         %8d kB\nInactive:       %8d kB\nSwapTotal:      %8llu kB\n"
                 "SwapFree:       %8llu kB\nShmem:          %8llu kB\n",
              total, free_, free_ + bufs, bufs, 0ULL, 0, 0, 0, swap, swapfree, shared);
}

/*
 * Opening for writing, once the mode check passed (root passes it on any
 * file, Linux's DAC override). Sysctls bind root to their mode too
 * (proc_sys_permission()); hostname and pid_max, which root may write there,
 * stay the host's here and refuse as the read-only ones do.
 */
int procfs_open_write(const struct vnode *v)
{
    switch (v->pnode) {
    case P_OSTYPE:
    case P_OSRELEASE:
    case P_HOSTNAME:
    case P_PID_MAX:
        return -LINUX_EACCES;
    default:
        return 0;
    }
}

/*
 * /proc/<pid>/comm names the writer's own task (comm_write(): up to 15
 * bytes, newline kept; another task's is EINVAL). Other per-process files
 * have no write method (vfs_write(): EINVAL); the top-level ones have
 * proc_ops without one (proc_reg_write(): EIO).
 */
long procfs_write(struct task *t, const struct vnode *v, const char *head, size_t n, size_t len)
{
    if (v->pnode != P_PID_COMM)
        return v->pnode >= P_PID ? -LINUX_EINVAL : -LINUX_EIO;
    struct task *o = task_of(t, v->pid);
    if (!o)
        return -LINUX_ESRCH;
    if (o != t)
        return -LINUX_EINVAL;
    n = n < sizeof(t->comm) - 1 ? n : sizeof(t->comm) - 1;
    memset(t->comm, 0, sizeof(t->comm));
    memcpy(t->comm, head, n);
    return (long)len;
}

int procfs_content(struct task *t, const struct vnode *v, char **buf, size_t *len)
{
    struct task *o = v->pnode >= P_PID ? task_of(t, v->pid) : NULL;
    struct sbuf s = {NULL, 0, 0, 0};
    struct utsname u;
    struct sysinfo si;
    struct timespec ts;

    if (v->pnode >= P_PID && !o)
        return -LINUX_ESRCH;
    s.p = malloc(256);
    if (!s.p)
        return -LINUX_ENOMEM;
    s.cap = 256;
    if (uname(&u) < 0)
        memset(&u, 0, sizeof(u));
    switch (v->pnode) {
    case P_CPUINFO: gen_cpuinfo(&s); break;
    case P_MEMINFO: gen_meminfo(&s); break;
    case P_UPTIME:
        clock_gettime(CLOCK_BOOTTIME, &ts);
        sb_printf(&s, "%lld.%02ld %lld.%02ld\n", (long long)ts.tv_sec, ts.tv_nsec / 10000000,
                  (long long)ts.tv_sec, ts.tv_nsec / 10000000);
        break;
    case P_LOADAVG:
        if (sysinfo(&si) < 0)
            memset(&si, 0, sizeof(si));
        sb_printf(&s, "%lu.%02lu %lu.%02lu %lu.%02lu 1/1 %d\n", si.loads[0] >> 16,
                  ((si.loads[0] & 0xffff) * 100) >> 16, si.loads[1] >> 16,
                  ((si.loads[1] & 0xffff) * 100) >> 16, si.loads[2] >> 16,
                  ((si.loads[2] & 0xffff) * 100) >> 16, t->pid);
        break;
    case P_VERSION:
        sb_printf(&s, "Linux version %s (ringfence) %s\n", u.release, u.version);
        break;
    case P_FILESYSTEMS:
        sb_printf(&s, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n"
                      "nodev\tdevpts\nnodev\tpipefs\nnodev\toverlay\n");
        break;
    case P_STAT:
        sb_printf(&s, "cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\nctxt 0\nbtime %lld\n"
                      "processes 1\nprocs_running 1\nprocs_blocked 0\n",
                  (long long)proc_time().tv_sec);
        break;
    case P_OSTYPE: sb_printf(&s, "Linux\n"); break;
    case P_OSRELEASE: sb_printf(&s, "%s\n", u.release); break;
    case P_HOSTNAME: sb_printf(&s, "%s\n", u.nodename); break;
    case P_PID_MAX: sb_printf(&s, "4194304\n"); break;
    case P_PID_STAT: gen_stat(&s, o); break;
    case P_PID_STATUS: gen_status(&s, o); break;
    case P_PID_STATM: {
        uint64_t pages = vm_bytes(o->mm) / 4096;

        sb_printf(&s, "%llu %llu 0 0 0 %llu 0\n", (unsigned long long)pages,
                  (unsigned long long)(vm_rss(o->mm) / 4096), (unsigned long long)pages);
        break;
    }
    case P_PID_COMM: {
        char comm[16];

        sb_printf(&s, "%s\n", comm_of(o, comm, sizeof(comm)));
        break;
    }
    case P_PID_CMDLINE:
        if (o->mm)
            gen_user_range(&s, o, o->mm->arg_start, o->mm->arg_end);
        break;
    case P_PID_ENVIRON:
        if (o->mm)
            gen_user_range(&s, o, o->mm->env_start, o->mm->env_end);
        break;
    case P_PID_MAPS: gen_maps(&s, o); break;
    case P_PID_LIMITS: gen_limits(&s, o); break;
    case P_PID_MOUNTS: gen_mounts(&s, v->sb->ns); break;
    default:
        free(s.p);
        return -LINUX_EINVAL;
    }
    if (s.err) {
        free(s.p);
        return s.err;
    }
    *buf = s.p;
    *len = s.len;
    return 0;
}
