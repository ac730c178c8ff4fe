/* SPDX-License-Identifier: MIT */
/* kernel/sys_cred.c: the credential calls: set*id, setfs*id, groups, capabilities and their prctls (kernel/sys.c, kernel/groups.c, kernel/capability.c). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "cred.h"
#include "sched.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * A task's ids and capabilities are the sandbox's own: they decide access
 * inside it (the VFS checks the filesystem ids, the supplementary groups and
 * the DAC capabilities) and never reach the host. The first task starts with
 * the launcher's; changes follow kernel/sys.c, kernel/capability.c and
 * security/commoncap.c, including the capability "fixups" that make a root
 * process lose its capabilities when it gives up uid 0. The filesystem ids
 * follow the effective ones except through setfsuid/setfsgid. File
 * capabilities and set-user-ID executables are not modelled: exec recomputes
 * the sets as for a plain file.
 */
#define NGROUPS_MAX 65536    /* include/uapi/linux/limits.h */
#define ID_NONE 0xffffffffU  /* (uid_t)-1: "unchanged", and never a valid id */

int cred_init_groups(struct task *t)
{
    int n = getgroups(0, NULL);
    if (n <= 0)
        return 0;
    gid_t *host = calloc((size_t)n, sizeof(*host));
    uint32_t *g = calloc((size_t)n, sizeof(*g));
    if (!host || !g) {
        free(host);
        free(g);
        return -LINUX_ENOMEM;
    }
    n = getgroups(n, host);
    for (int i = 0; i < n; i++)
        g[i] = host[i];
    free(host);
    t->groups = g;
    t->ngroups = n < 0 ? 0 : n;
    return 0;
}

uint32_t cred_gid_for(const struct task *t, uint32_t primary, uint32_t fgid)
{
    if (fgid == primary)
        return fgid;
    for (int i = 0; i < t->ngroups; i++)
        if (t->groups[i] == fgid)
            return fgid;
    return primary;
}

int cred_in_group(const struct task *t, uint32_t gid)
{
    return cred_gid_for(t, t->fsgid, gid) == gid;
}

int cred_capable(const struct task *t, int cap)
{
    return (unsigned)cap <= LINUX_CAP_LAST_CAP && ((t->cap_eff >> cap) & 1);
}

unsigned cred_dac_caps(const struct task *t, int real)
{
    uint64_t set = t->cap_eff;
    /* do_faccessat(): as the real uid, with all permitted capabilities for uid 0, none else. */
    if (real && !(t->securebits & (1u << LINUX_SECURE_NO_SETUID_FIXUP)))
        set = t->uid == 0 ? t->cap_prm : 0;
    return ((set >> LINUX_CAP_DAC_OVERRIDE) & 1 ? VFS_CAP_DAC_OVERRIDE : 0) |
           ((set >> LINUX_CAP_DAC_READ_SEARCH) & 1 ? VFS_CAP_DAC_READ_SEARCH : 0);
}

/* The credentials commit_creds() compares, to know what a change did. */
struct cred_snap {
    uint32_t uid, euid, suid, fsuid, egid, fsgid;
    uint64_t prm;
};

static struct cred_snap snap(const struct task *t)
{
    return (struct cred_snap){t->uid, t->euid, t->suid, t->fsuid, t->egid, t->fsgid, t->cap_prm};
}

/*
 * After a change of @t's ids from @o: the fixups of cap_task_fix_setuid() (@fix:
 * FIX_SETXUID for the setuid calls, FIX_FS for setfsuid, 0 for the gid calls and
 * capset), then commit_creds(), which forgets the parent-death signal when the
 * effective or fs ids moved or the permitted set grew.
 */
enum { FIX_NONE, FIX_SETXUID, FIX_FS };

static void commit(struct task *t, const struct cred_snap *o, int fix)
{
    if (fix == FIX_SETXUID && !(t->securebits & (1u << LINUX_SECURE_NO_SETUID_FIXUP))) {
        int had_root = o->uid == 0 || o->euid == 0 || o->suid == 0;
        int has_root = t->uid == 0 || t->euid == 0 || t->suid == 0;
        if (had_root && !has_root) {
            if (!(t->securebits & (1u << LINUX_SECURE_KEEP_CAPS)))
                t->cap_prm = t->cap_eff = 0;
            t->cap_amb = 0;
        }
        if (o->euid == 0 && t->euid != 0)
            t->cap_eff = 0;
        if (o->euid != 0 && t->euid == 0)
            t->cap_eff = t->cap_prm;
    }
    if (fix == FIX_FS && !(t->securebits & (1u << LINUX_SECURE_NO_SETUID_FIXUP))) {
        if (o->fsuid == 0 && t->fsuid != 0)
            t->cap_eff &= ~LINUX_CAP_FS_SET;
        if (o->fsuid != 0 && t->fsuid == 0)
            t->cap_eff |= t->cap_prm & LINUX_CAP_FS_SET;
    }
    if (o->euid != t->euid || o->egid != t->egid || o->fsuid != t->fsuid ||
        o->fsgid != t->fsgid || (t->cap_prm & ~o->prm))
        t->pdeath_signal = 0;
}

/* __sys_setuid(): with CAP_SETUID all three; else only the effective id, to the real or saved one. */
SYS(setuid)
{
    uint32_t uid = (uint32_t)a[0];
    struct cred_snap o = snap(t);
    if (uid == ID_NONE)
        return -LINUX_EINVAL;
    if (cred_capable(t, LINUX_CAP_SETUID))
        t->uid = t->suid = uid;
    else if (uid != t->uid && uid != t->suid)
        return -LINUX_EPERM;
    t->euid = t->fsuid = uid;
    commit(t, &o, FIX_SETXUID);
    return 0;
}

SYS(setgid)
{
    uint32_t gid = (uint32_t)a[0];
    struct cred_snap o = snap(t);
    if (gid == ID_NONE)
        return -LINUX_EINVAL;
    if (cred_capable(t, LINUX_CAP_SETGID))
        t->gid = t->sgid = gid;
    else if (gid != t->gid && gid != t->sgid)
        return -LINUX_EPERM;
    t->egid = t->fsgid = gid;
    commit(t, &o, FIX_NONE);
    return 0;
}

/*
 * __sys_setreuid(): the real id may become the real or effective one, the
 * effective id any of the three; the saved id follows the new effective one
 * when the real id is set or the effective one moves off the old real id.
 * @cap (CAP_SETUID or CAP_SETGID) lifts the limits.
 */
static long set_re(struct task *t, int cap, uint32_t r, uint32_t e, uint32_t *ro, uint32_t *eo,
                   uint32_t *so, uint32_t *fso)
{
    uint32_t old_r = *ro;
    if (!cred_capable(t, cap)) {
        if (r != ID_NONE && r != *ro && r != *eo)
            return -LINUX_EPERM;
        if (e != ID_NONE && e != *ro && e != *eo && e != *so)
            return -LINUX_EPERM;
    }
    if (r != ID_NONE)
        *ro = r;
    if (e != ID_NONE)
        *eo = e;
    if (r != ID_NONE || (e != ID_NONE && e != old_r))
        *so = *eo;
    *fso = *eo;
    return 0;
}

/* __sys_setresuid(): without @cap, each new id must be one of the three current ones. */
static long set_res(struct task *t, int cap, uint32_t r, uint32_t e, uint32_t s, uint32_t *ro,
                    uint32_t *eo, uint32_t *so, uint32_t *fso)
{
    const uint32_t want[3] = {r, e, s};
    /* A call that changes nothing leaves even the filesystem id alone. */
    if ((r == ID_NONE || r == *ro) && (e == ID_NONE || e == *eo) && (s == ID_NONE || s == *so))
        return 0;
    if (!cred_capable(t, cap))
        for (int i = 0; i < 3; i++)
            if (want[i] != ID_NONE && want[i] != *ro && want[i] != *eo && want[i] != *so)
                return -LINUX_EPERM;
    if (r != ID_NONE)
        *ro = r;
    if (e != ID_NONE)
        *eo = e;
    if (s != ID_NONE)
        *so = s;
    *fso = *eo;
    return 0;
}

/* Run one of the id changes above, then its fixups: @r is its result. */
static long committed(struct task *t, const struct cred_snap *o, int fix, long r)
{
    if (r == 0)
        commit(t, o, fix);
    return r;
}

SYS(setreuid)
{
    struct cred_snap o = snap(t);
    return committed(t, &o, FIX_SETXUID,
                     set_re(t, LINUX_CAP_SETUID, (uint32_t)a[0], (uint32_t)a[1], &t->uid, &t->euid,
                            &t->suid, &t->fsuid));
}

SYS(setregid)
{
    struct cred_snap o = snap(t);
    return committed(t, &o, FIX_NONE,
                     set_re(t, LINUX_CAP_SETGID, (uint32_t)a[0], (uint32_t)a[1], &t->gid, &t->egid,
                            &t->sgid, &t->fsgid));
}

SYS(setresuid)
{
    struct cred_snap o = snap(t);
    return committed(t, &o, FIX_SETXUID,
                     set_res(t, LINUX_CAP_SETUID, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2],
                             &t->uid, &t->euid, &t->suid, &t->fsuid));
}

SYS(setresgid)
{
    struct cred_snap o = snap(t);
    return committed(t, &o, FIX_NONE,
                     set_res(t, LINUX_CAP_SETGID, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2],
                             &t->gid, &t->egid, &t->sgid, &t->fsgid));
}

/* __sys_setfsuid(): the old id, always; the new one only if it is one of the four, or with @cap. */
static long set_fs(struct task *t, int cap, uint32_t id, uint32_t r, uint32_t e, uint32_t s,
                   uint32_t *fs)
{
    uint32_t old = *fs;
    if (id != ID_NONE && (cred_capable(t, cap) || id == r || id == e || id == s || id == old))
        *fs = id;
    return old;
}

SYS(setfsuid)
{
    struct cred_snap o = snap(t);
    long old = set_fs(t, LINUX_CAP_SETUID, (uint32_t)a[0], t->uid, t->euid, t->suid, &t->fsuid);
    if (t->fsuid != o.fsuid)
        commit(t, &o, FIX_FS);
    return old;
}

SYS(setfsgid)
{
    struct cred_snap o = snap(t);
    long old = set_fs(t, LINUX_CAP_SETGID, (uint32_t)a[0], t->gid, t->egid, t->sgid, &t->fsgid);
    commit(t, &o, FIX_NONE);
    return old;
}

static long put_ids(struct task *t, const uint64_t a[6], uint32_t r, uint32_t e, uint32_t s)
{
    const uint32_t v[3] = {r, e, s};
    for (int i = 0; i < 3; i++)
        if (copy_to_user(t->mm, a[i], &v[i], sizeof(v[i])) < 0)
            return -LINUX_EFAULT;
    return 0;
}

SYS(getresuid)
{
    return put_ids(t, a, t->uid, t->euid, t->suid);
}

SYS(getresgid)
{
    return put_ids(t, a, t->gid, t->egid, t->sgid);
}

SYS(getgroups)
{
    int size = (int)a[0];
    if (size < 0)
        return -LINUX_EINVAL;
    if (size == 0)
        return t->ngroups;
    if (size < t->ngroups)
        return -LINUX_EINVAL;
    if (t->ngroups && copy_to_user(t->mm, a[1], t->groups, (size_t)t->ngroups * sizeof(uint32_t)) < 0)
        return -LINUX_EFAULT;
    return t->ngroups;
}

static int cmp_gid(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* SYSCALL_DEFINE2(setgroups): the privilege, then the size, then the list, kept sorted. */
SYS(setgroups)
{
    int size = (int)a[0];
    if (!cred_capable(t, LINUX_CAP_SETGID))
        return -LINUX_EPERM;
    if ((uint32_t)size > NGROUPS_MAX)
        return -LINUX_EINVAL;
    uint32_t *g = NULL;
    if (size) {
        g = malloc((size_t)size * sizeof(*g));
        if (!g)
            return -LINUX_ENOMEM;
        if (copy_from_user(t->mm, g, a[1], (size_t)size * sizeof(*g)) < 0) {
            free(g);
            return -LINUX_EFAULT;
        }
        qsort(g, (size_t)size, sizeof(*g), cmp_gid);
    }
    free(t->groups);
    t->groups = g;
    t->ngroups = size;
    return 0;
}

/* ---- capabilities ---- */

void cred_init_caps(struct task *t)
{
    /* The launcher's sets, as a process it started would have them (version 3: 64 bits). */
    struct linux_cap_header h = {LINUX_CAPABILITY_VERSION_3, 0};
    struct linux_cap_data d[2];
    memset(d, 0, sizeof(d));
    if (syscall(SYS_capget, &h, d) == 0) {
        t->cap_eff = d[0].effective | (uint64_t)d[1].effective << 32;
        t->cap_prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
        t->cap_inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
    }
    t->cap_bnd = t->cap_amb = 0;
    for (int cap = 0; cap <= LINUX_CAP_LAST_CAP; cap++) {
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
            t->cap_bnd |= 1ULL << cap;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1)
            t->cap_amb |= 1ULL << cap;
    }
    /* Capabilities this kernel has and Linux 6.1's list does not name are left out. */
    t->cap_eff &= LINUX_CAP_FULL_SET;
    t->cap_prm &= LINUX_CAP_FULL_SET;
    t->cap_inh &= LINUX_CAP_FULL_SET;
    int sb = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
    t->securebits = sb > 0 ? (uint32_t)sb & (LINUX_SECURE_ALL_BITS | LINUX_SECURE_ALL_LOCKS) : 0;
    t->no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
}

int cred_copy(struct task *c, const struct task *t)
{
    c->uid = t->uid, c->gid = t->gid, c->euid = t->euid, c->egid = t->egid;
    c->suid = t->suid, c->sgid = t->sgid, c->fsuid = t->fsuid, c->fsgid = t->fsgid;
    c->cap_inh = t->cap_inh, c->cap_prm = t->cap_prm, c->cap_eff = t->cap_eff;
    c->cap_bnd = t->cap_bnd, c->cap_amb = t->cap_amb;
    c->securebits = t->securebits;
    c->no_new_privs = t->no_new_privs;
    /* copy_process(): the parent-death signal and subreaper mark are not inherited. */
    c->pdeath_signal = 0;
    c->child_subreaper = 0;
    c->groups = NULL;
    c->ngroups = 0;
    if (t->ngroups) {
        c->groups = malloc((size_t)t->ngroups * sizeof(*c->groups));
        if (!c->groups)
            return -LINUX_ENOMEM;
        memcpy(c->groups, t->groups, (size_t)t->ngroups * sizeof(*c->groups));
        c->ngroups = t->ngroups;
    }
    return 0;
}

void cred_exec(struct task *t)
{
    /* handle_privileged_root(): uid 0 gets the bounding and inheritable sets, effective
     * only for an effective uid of 0; otherwise only the ambient set carries over. */
    uint64_t prm = 0;
    int effective = 0;
    if (!(t->securebits & (1u << LINUX_SECURE_NOROOT))) {
        if (t->euid == 0 || t->uid == 0)
            prm = t->cap_bnd | t->cap_inh;
        effective = t->euid == 0;
    }
    t->suid = t->fsuid = t->euid;
    t->sgid = t->fsgid = t->egid;
    t->cap_prm = prm | t->cap_amb;
    t->cap_eff = effective ? t->cap_prm : t->cap_amb;
    t->securebits &= ~(1u << LINUX_SECURE_KEEP_CAPS);
}

int cred_may_signal(const struct task *from, const struct task *to, int sig)
{
    /* kill_ok_by_cred(): either of the sender's real and effective ids is the target's
     * real or saved one, or the sender has CAP_KILL. SIGCONT within a session is fine. */
    if (from == to || from->euid == to->suid || from->euid == to->uid || from->uid == to->suid ||
        from->uid == to->uid || cred_capable(from, LINUX_CAP_KILL))
        return 0;
    if (sig == LINUX_SIGCONT && from->sid == to->sid)
        return 0;
    return -LINUX_EPERM;
}

static int cap_valid(uint64_t cap)
{
    return cap <= LINUX_CAP_LAST_CAP;
}

/* cap_task_prctl(), PR_SET/GET_NO_NEW_PRIVS, PR_SET/GET_PDEATHSIG and the subreaper (kernel/sys.c). */
long cred_prctl(struct task *t, const uint64_t a[6])
{
    const uint32_t keep = 1u << LINUX_SECURE_KEEP_CAPS;
    switch ((int)a[0]) {
    case LINUX_PR_CAPBSET_READ:
        return cap_valid(a[1]) ? (long)((t->cap_bnd >> a[1]) & 1) : -LINUX_EINVAL;
    case LINUX_PR_CAPBSET_DROP:
        if (!cred_capable(t, LINUX_CAP_SETPCAP))
            return -LINUX_EPERM;
        if (!cap_valid(a[1]))
            return -LINUX_EINVAL;
        t->cap_bnd &= ~(1ULL << a[1]);
        return 0;
    case LINUX_PR_SET_SECUREBITS: {
        uint64_t old = t->securebits, want = a[1];
        /* A locked bit may not change, a lock may not be dropped, unknown bits are refused. */
        if ((((old & LINUX_SECURE_ALL_LOCKS) >> 1) & (old ^ want)) ||
            (old & LINUX_SECURE_ALL_LOCKS & ~want) ||
            (want & ~(uint64_t)(LINUX_SECURE_ALL_LOCKS | LINUX_SECURE_ALL_BITS)) ||
            !cred_capable(t, LINUX_CAP_SETPCAP))
            return -LINUX_EPERM;
        t->securebits = (uint32_t)want;
        return 0;
    }
    case LINUX_PR_GET_SECUREBITS:
        return t->securebits;
    case LINUX_PR_GET_KEEPCAPS:
        return (t->securebits & keep) != 0;
    case LINUX_PR_SET_KEEPCAPS:
        if (a[1] > 1)
            return -LINUX_EINVAL;
        if (t->securebits & (1u << LINUX_SECURE_KEEP_CAPS_LOCKED))
            return -LINUX_EPERM;
        t->securebits = a[1] ? t->securebits | keep : t->securebits & ~keep;
        return 0;
    case LINUX_PR_CAP_AMBIENT:
        if (a[1] == LINUX_PR_CAP_AMBIENT_CLEAR_ALL) {
            if (a[2] | a[3] | a[4])
                return -LINUX_EINVAL;
            t->cap_amb = 0;
            return 0;
        }
        if (!cap_valid(a[2]) || a[3] || a[4])
            return -LINUX_EINVAL;
        if (a[1] == LINUX_PR_CAP_AMBIENT_IS_SET)
            return (long)((t->cap_amb >> a[2]) & 1);
        if (a[1] == LINUX_PR_CAP_AMBIENT_RAISE) {
            if (!((t->cap_prm >> a[2]) & 1) || !((t->cap_inh >> a[2]) & 1) ||
                (t->securebits & (1u << LINUX_SECURE_NO_CAP_AMBIENT_RAISE)))
                return -LINUX_EPERM;
            t->cap_amb |= 1ULL << a[2];
            return 0;
        }
        if (a[1] == LINUX_PR_CAP_AMBIENT_LOWER) {
            t->cap_amb &= ~(1ULL << a[2]);
            return 0;
        }
        return -LINUX_EINVAL;
    case LINUX_PR_SET_NO_NEW_PRIVS:
        if (a[1] != 1 || a[2] || a[3] || a[4])
            return -LINUX_EINVAL;
        t->no_new_privs = 1;
        return 0;
    case LINUX_PR_GET_NO_NEW_PRIVS:
        if (a[1] || a[2] || a[3] || a[4])
            return -LINUX_EINVAL;
        return t->no_new_privs;
    case LINUX_PR_SET_PDEATHSIG:
        if (a[1] > LINUX_NSIG)
            return -LINUX_EINVAL;
        t->pdeath_signal = (int)a[1];
        return 0;
    case LINUX_PR_GET_PDEATHSIG: {
        int32_t v = t->pdeath_signal;
        return copy_to_user(t->mm, a[1], &v, sizeof(v)) < 0 ? -LINUX_EFAULT : 0;
    }
    case LINUX_PR_SET_CHILD_SUBREAPER:
        t->child_subreaper = a[1] != 0;
        return 0;
    case LINUX_PR_GET_CHILD_SUBREAPER: {
        int32_t v = t->child_subreaper;
        return copy_to_user(t->mm, a[1], &v, sizeof(v)) < 0 ? -LINUX_EFAULT : 0;
    }
    default:
        return -LINUX_ENOSYS;
    }
}

/*
 * cap_validate_magic(): how many data structs the header's version passes. An
 * unknown version is EINVAL, and the header learns the one the kernel prefers.
 */
static long cap_version(struct task *t, uaddr_t uh, int *ndata)
{
    struct linux_cap_header h;
    if (copy_from_user(t->mm, &h, uh, sizeof(h)) < 0)
        return -LINUX_EFAULT;
    switch (h.version) {
    case LINUX_CAPABILITY_VERSION_1:
        *ndata = 1;
        return 0;
    case LINUX_CAPABILITY_VERSION_2:
    case LINUX_CAPABILITY_VERSION_3:
        *ndata = 2;
        return 0;
    default: {
        uint32_t v3 = LINUX_CAPABILITY_VERSION_3;
        if (copy_to_user(t->mm, uh, &v3, sizeof(v3)) < 0)
            return -LINUX_EFAULT;
        return -LINUX_EINVAL;
    }
    }
}

SYS(capget)
{
    int ndata = 0;
    long r = cap_version(t, a[0], &ndata);
    /* A NULL data pointer asks only for the version: no error for an unknown one. */
    if (!a[1] || r != 0)
        return !a[1] && r == -LINUX_EINVAL ? 0 : r;
    int32_t pid;
    if (copy_from_user(t->mm, &pid, a[0] + offsetof(struct linux_cap_header, pid), sizeof(pid)) < 0)
        return -LINUX_EFAULT;
    if (pid < 0)
        return -LINUX_EINVAL;
    const struct task *o = pid == 0 || pid == t->pid ? t : task_find(pid);
    if (!o)
        return -LINUX_ESRCH;
    struct linux_cap_data d[2];
    for (int i = 0; i < 2; i++) {
        d[i].effective = (uint32_t)(o->cap_eff >> (32 * i));
        d[i].permitted = (uint32_t)(o->cap_prm >> (32 * i));
        d[i].inheritable = (uint32_t)(o->cap_inh >> (32 * i));
    }
    return copy_to_user(t->mm, a[1], d, (size_t)ndata * sizeof(d[0])) < 0 ? -LINUX_EFAULT : 0;
}

/* capset() and cap_capset(): only the caller's own sets, and none may grow past what it holds. */
SYS(capset)
{
    int ndata = 0;
    long r = cap_version(t, a[0], &ndata);
    if (r != 0)
        return r;
    int32_t pid;
    if (copy_from_user(t->mm, &pid, a[0] + offsetof(struct linux_cap_header, pid), sizeof(pid)) < 0)
        return -LINUX_EFAULT;
    if (pid != 0 && pid != t->pid)
        return -LINUX_EPERM;
    struct linux_cap_data d[2];
    memset(d, 0, sizeof(d));
    if (copy_from_user(t->mm, d, a[1], (size_t)ndata * sizeof(d[0])) < 0)
        return -LINUX_EFAULT;
    uint64_t eff = d[0].effective | (uint64_t)d[1].effective << 32;
    uint64_t prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
    uint64_t inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
    /* Bits past the last capability are dropped (mk_kernel_cap() masks with CAP_VALID_MASK). */
    eff &= LINUX_CAP_FULL_SET, prm &= LINUX_CAP_FULL_SET, inh &= LINUX_CAP_FULL_SET;
    if (!cred_capable(t, LINUX_CAP_SETPCAP) && (inh & ~(t->cap_inh | t->cap_prm)))
        return -LINUX_EPERM;
    if (inh & ~(t->cap_inh | t->cap_bnd))
        return -LINUX_EPERM;
    if (prm & ~t->cap_prm)
        return -LINUX_EPERM;
    if (eff & ~prm)
        return -LINUX_EPERM;
    struct cred_snap o = snap(t);
    t->cap_eff = eff, t->cap_prm = prm, t->cap_inh = inh;
    t->cap_amb &= prm & inh;
    commit(t, &o, FIX_NONE);
    return 0;
}
