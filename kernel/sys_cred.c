/* SPDX-License-Identifier: MIT */
/* kernel/sys_cred.c: the credential calls: set*uid, set*gid, setfs*id, get/setgroups, getres*id (kernel/sys.c, kernel/groups.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../abi/linux.h"
#include "cred.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/*
 * A task's ids are the sandbox's own: they decide access inside it (the VFS
 * checks the filesystem ids and the supplementary groups) and never reach the
 * host. The privilege Linux asks for (CAP_SETUID, CAP_SETGID) is held by an
 * effective uid of 0, as capabilities follow the ids of a process that does
 * not use them otherwise. The filesystem ids follow the effective ones except
 * through setfsuid/setfsgid.
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

static int privileged(const struct task *t)
{
    return t->euid == 0;
}

/* __sys_setuid(): root sets all three; others only the effective id, to the real or saved one. */
SYS(setuid)
{
    uint32_t uid = (uint32_t)a[0];
    if (uid == ID_NONE)
        return -LINUX_EINVAL;
    if (privileged(t))
        t->uid = t->suid = uid;
    else if (uid != t->uid && uid != t->suid)
        return -LINUX_EPERM;
    t->euid = t->fsuid = uid;
    return 0;
}

SYS(setgid)
{
    uint32_t gid = (uint32_t)a[0];
    if (gid == ID_NONE)
        return -LINUX_EINVAL;
    if (privileged(t))
        t->gid = t->sgid = gid;
    else if (gid != t->gid && gid != t->sgid)
        return -LINUX_EPERM;
    t->egid = t->fsgid = gid;
    return 0;
}

/*
 * __sys_setreuid(): the real id may become the real or effective one, the
 * effective id any of the three; the saved id follows the new effective one
 * when the real id is set or the effective one moves off the old real id.
 */
static long set_re(struct task *t, uint32_t r, uint32_t e, uint32_t *ro, uint32_t *eo, uint32_t *so,
                   uint32_t *fso)
{
    uint32_t old_r = *ro;
    if (!privileged(t)) {
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

/* __sys_setresuid(): unprivileged, each new id must be one of the three current ones. */
static long set_res(struct task *t, uint32_t r, uint32_t e, uint32_t s, uint32_t *ro, uint32_t *eo,
                    uint32_t *so, uint32_t *fso)
{
    const uint32_t want[3] = {r, e, s};
    /* A call that changes nothing leaves even the filesystem id alone. */
    if ((r == ID_NONE || r == *ro) && (e == ID_NONE || e == *eo) && (s == ID_NONE || s == *so))
        return 0;
    if (!privileged(t))
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

SYS(setreuid)
{
    return set_re(t, (uint32_t)a[0], (uint32_t)a[1], &t->uid, &t->euid, &t->suid, &t->fsuid);
}

SYS(setregid)
{
    return set_re(t, (uint32_t)a[0], (uint32_t)a[1], &t->gid, &t->egid, &t->sgid, &t->fsgid);
}

SYS(setresuid)
{
    return set_res(t, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2], &t->uid, &t->euid, &t->suid,
                   &t->fsuid);
}

SYS(setresgid)
{
    return set_res(t, (uint32_t)a[0], (uint32_t)a[1], (uint32_t)a[2], &t->gid, &t->egid, &t->sgid,
                   &t->fsgid);
}

/* __sys_setfsuid(): the old id, always; the new one only if it is one of the four, or for root. */
static long set_fs(struct task *t, uint32_t id, uint32_t r, uint32_t e, uint32_t s, uint32_t *fs)
{
    uint32_t old = *fs;
    if (id != ID_NONE && (privileged(t) || id == r || id == e || id == s || id == old))
        *fs = id;
    return old;
}

SYS(setfsuid)
{
    return set_fs(t, (uint32_t)a[0], t->uid, t->euid, t->suid, &t->fsuid);
}

SYS(setfsgid)
{
    return set_fs(t, (uint32_t)a[0], t->gid, t->egid, t->sgid, &t->fsgid);
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
    if (!privileged(t))
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
