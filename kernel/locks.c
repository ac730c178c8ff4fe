/* SPDX-License-Identifier: MIT */
/* kernel/locks.c: advisory file locks: POSIX record locks, open-file-description locks and flock() (fs/locks.c). */
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "locks.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"

/*
 * Locks belong to a file's inode, named by (st_dev, st_ino), and to an owner:
 *  - POSIX record locks (F_SETLK): the process's descriptor table, as Linux's
 *    fl_owner = current->files. A fork's child has a table of its own, so it
 *    does not inherit them, and closing any descriptor of the inode drops them
 *    all (locks_remove_posix() from filp_close());
 *  - OFD locks (F_OFD_SETLK) and flock(): the open file description, shared by
 *    dup and fork, dropped when its last reference goes.
 * POSIX and OFD locks are ranges and conflict with each other; flock() locks
 * cover the whole file and see only one another, as in Linux. One list holds
 * them all; it is short, and every change wakes the waiters to look again.
 * A process that would wait for a record lock is told EDEADLK when the
 * lock's owner is itself waiting, through a chain of waiters, for one of its
 * locks (posix_locks_deadlock()); OFD and flock() waiters are not checked.
 */
#define OFFSET_MAX INT64_MAX

enum lock_kind { LK_POSIX, LK_OFD, LK_FLOCK };

struct lock_rec {
    struct lock_rec *next;
    uint64_t dev, ino;
    int kind;
    const void *owner;
    int pid;            /* the locker, as F_GETLK reports it */
    int type;           /* LINUX_F_RDLCK or LINUX_F_WRLCK */
    int64_t start, end; /* inclusive; end OFFSET_MAX: to the end of the file, however long */
    /*
     * Where the owner's locks sit in Linux's per-inode list (flc_posix): an
     * owner's locks stay together, ordered by start, and an owner that had
     * none on the inode joins at the end. Records of one owner and inode share
     * the number; a smaller one is earlier. F_GETLK and a blocked F_SETLK name
     * the first conflict in that order.
     */
    uint64_t group;
};

static uint64_t next_group;

static struct lock_rec *all_locks;

/* A process blocked in F_SETLKW, and the owner of the lock it waits for. */
struct lock_waiter {
    struct lock_waiter *next;
    const void *owner, *waits_for;
};

static struct lock_waiter *waiters;

#define MAX_DEADLK_ITERATIONS 10 /* fs/locks.c */

/* Whether @owner waiting for @holder closes a cycle of waiting processes. */
static int would_deadlock(const void *owner, const void *holder)
{
    for (int i = 0; i <= MAX_DEADLK_ITERATIONS; i++) {
        if (holder == owner)
            return 1;
        const struct lock_waiter *w = waiters;
        while (w && w->owner != holder)
            w = w->next;
        if (!w)
            return 0;
        holder = w->waits_for;
    }
    return 0;
}

struct lock_key {
    uint64_t dev, ino;
};

static int key_of(struct file *f, struct lock_key *k)
{
    struct linux_stat st;
    memset(&st, 0, sizeof(st));
    if (!file_type(f, &st) && !st.st_ino)
        return -1;
    k->dev = st.st_dev;
    k->ino = st.st_ino;
    return 0;
}

static int same_key(const struct lock_rec *r, const struct lock_key *k)
{
    return r->dev == k->dev && r->ino == k->ino;
}

static void unlink_rec(struct lock_rec **pp)
{
    struct lock_rec *gone = *pp;
    *pp = gone->next;
    free(gone);
}

/* Whether @r stands in the way of a @type lock on [@s, @e] by @owner (posix_locks_conflict()). */
static int conflicts(const struct lock_rec *r, int flock_class, const void *owner, int type,
                     int64_t s, int64_t e)
{
    if ((r->kind == LK_FLOCK) != flock_class || r->owner == owner)
        return 0;
    if (r->end < s || r->start > e)
        return 0;
    return r->type == LINUX_F_WRLCK || type == LINUX_F_WRLCK;
}

static struct lock_rec *find_conflict(const struct lock_key *k, int flock_class, const void *owner,
                                      int type, int64_t s, int64_t e)
{
    struct lock_rec *first = NULL;
    for (struct lock_rec *r = all_locks; r; r = r->next)
        if (same_key(r, k) && conflicts(r, flock_class, owner, type, s, e) &&
            (!first || r->group < first->group ||
             (r->group == first->group && r->start < first->start)))
            first = r;
    return first;
}

/*
 * posix_lock_inode() for a request with no conflict: @owner's locks on
 * [@s, @e] are cut away (split where they reach past both ends), the new one
 * goes in, and it absorbs the owner's locks of its type that touch it.
 * 0, or -LINUX_ENOLCK when no memory is left (nothing changed then).
 */
static int posix_apply(const struct lock_key *k, int kind, const void *owner, int pid, int type,
                       int64_t s, int64_t e)
{
    struct lock_rec *add = NULL, *split = NULL;
    if (type != LINUX_F_UNLCK && !(add = calloc(1, sizeof(*add))))
        return -LINUX_ENOLCK;
    uint64_t group = 0;
    for (struct lock_rec *r = all_locks; r; r = r->next)
        if (same_key(r, k) && r->owner == owner && r->kind != LK_FLOCK) {
            group = r->group; /* the owner keeps its place, even if this request replaces it all */
            if (r->start < s && r->end > e)
                split = r;
        }
    struct lock_rec *right = NULL;
    if (split && !(right = malloc(sizeof(*right)))) {
        free(add);
        return -LINUX_ENOLCK;
    }
    if (split) {
        *right = *split;
        right->start = e + 1;
        split->end = s - 1;
        right->next = all_locks;
        all_locks = right;
    }
    for (struct lock_rec **pp = &all_locks; *pp;) {
        struct lock_rec *r = *pp;
        if (!same_key(r, k) || r->owner != owner || r->kind == LK_FLOCK || r->end < s ||
            r->start > e) {
            pp = &r->next;
            continue;
        }
        if (r->start >= s && r->end <= e) {
            unlink_rec(pp);
            continue;
        }
        if (r->start < s)
            r->end = s - 1;
        else
            r->start = e + 1;
        pp = &r->next;
    }
    if (add) {
        *add = (struct lock_rec){.dev = k->dev, .ino = k->ino, .kind = kind, .owner = owner,
                                 .pid = pid, .type = type, .start = s, .end = e,
                                 .group = group ? group : ++next_group};
        for (struct lock_rec **pp = &all_locks; *pp;) {
            struct lock_rec *r = *pp;
            int touches = (add->start == 0 || r->end >= add->start - 1) &&
                          (add->end == OFFSET_MAX || r->start <= add->end + 1);
            if (same_key(r, k) && r->owner == owner && r->kind != LK_FLOCK && r->type == type &&
                touches) {
                add->start = r->start < add->start ? r->start : add->start;
                add->end = r->end > add->end ? r->end : add->end;
                unlink_rec(pp);
                continue;
            }
            pp = &r->next;
        }
        /* At the tail, so F_GETLK finds older locks first. */
        struct lock_rec **pp = &all_locks;
        while (*pp)
            pp = &(*pp)->next;
        *pp = add;
    }
    sched_wake_chan(&all_locks);
    return 0;
}

/* struct flock as both 64-bit ABIs lay it out (include/uapi/asm-generic/fcntl.h). */
struct linux_flock {
    int16_t l_type, l_whence;
    int32_t __pad0;
    int64_t l_start, l_len;
    int32_t l_pid, __pad1;
};
_Static_assert(sizeof(struct linux_flock) == 32, "struct flock");

/* flock64_to_posix_lock(): the range [*s, *e] the request names. 0 or -LINUX_E*. */
static int to_range(struct file *f, const struct linux_flock *fl, int64_t *s, int64_t *e)
{
    int64_t base = 0;
    struct linux_stat st;
    switch (fl->l_whence) {
    case LINUX_SEEK_SET:
        break;
    case LINUX_SEEK_CUR:
        base = f->ops && f->ops->lseek ? f->ops->lseek(f, 0, LINUX_SEEK_CUR) : 0;
        base = base < 0 ? 0 : base;
        break;
    case LINUX_SEEK_END:
        memset(&st, 0, sizeof(st));
        file_type(f, &st);
        base = st.st_size;
        break;
    default:
        return -LINUX_EINVAL;
    }
    if (fl->l_start > OFFSET_MAX - base)
        return -LINUX_EOVERFLOW;
    *s = base + fl->l_start;
    if (*s < 0)
        return -LINUX_EINVAL;
    if (fl->l_len > 0) {
        if (fl->l_len - 1 > OFFSET_MAX - *s)
            return -LINUX_EOVERFLOW;
        *e = *s + (fl->l_len - 1);
    } else if (fl->l_len < 0) {
        if (*s + fl->l_len < 0)
            return -LINUX_EINVAL;
        *e = *s - 1;
        *s += fl->l_len;
    } else {
        *e = OFFSET_MAX;
    }
    return 0;
}

/* fcntl_getlk(): the first lock in the way, or F_UNLCK. */
static long getlk(struct task *t, struct file *f, uint32_t cmd, struct linux_flock *fl, uaddr_t arg)
{
    int ofd = cmd == LINUX_F_OFD_GETLK;
    int64_t s, e;
    /* F_UNLCK asks an OFD lock's own file for its locks (Linux 6.7+). */
    if (fl->l_type != LINUX_F_RDLCK && fl->l_type != LINUX_F_WRLCK &&
        !(ofd && fl->l_type == LINUX_F_UNLCK))
        return -LINUX_EINVAL;
    int r = to_range(f, fl, &s, &e);
    if (r < 0)
        return r;
    if (ofd && fl->l_pid != 0)
        return -LINUX_EINVAL;
    const void *owner = ofd ? (const void *)f : (const void *)t->files;
    struct lock_key k;
    struct lock_rec *held = NULL;
    if (key_of(f, &k) == 0) {
        if (fl->l_type == LINUX_F_UNLCK) {
            for (struct lock_rec *q = all_locks; q && !held; q = q->next)
                if (same_key(q, &k) && q->owner == owner && q->kind != LK_FLOCK &&
                    q->end >= s && q->start <= e)
                    held = q;
        } else {
            held = find_conflict(&k, 0, owner, fl->l_type, s, e);
        }
    }
    if (held) {
        fl->l_type = (int16_t)held->type;
        fl->l_whence = LINUX_SEEK_SET;
        fl->l_start = held->start;
        fl->l_len = held->end == OFFSET_MAX ? 0 : held->end - held->start + 1;
        fl->l_pid = held->kind == LK_OFD ? -1 : held->pid;
    } else {
        fl->l_type = LINUX_F_UNLCK;
    }
    return copy_to_user(t->mm, arg, fl, sizeof(*fl)) < 0 ? -LINUX_EFAULT : 0;
}

long locks_fcntl(struct task *t, struct file *f, uint32_t cmd, uaddr_t arg)
{
    struct linux_flock fl;
    if (copy_from_user(t->mm, &fl, arg, sizeof(fl)) < 0)
        return -LINUX_EFAULT;
    if (cmd == LINUX_F_GETLK || cmd == LINUX_F_OFD_GETLK)
        return getlk(t, f, cmd, &fl, arg);
    /* fcntl_setlk(): the range, the type, the descriptor's mode, then the OFD rule. */
    int64_t s, e;
    int r = to_range(f, &fl, &s, &e);
    if (r < 0)
        return r;
    if (fl.l_type != LINUX_F_RDLCK && fl.l_type != LINUX_F_WRLCK && fl.l_type != LINUX_F_UNLCK)
        return -LINUX_EINVAL;
    if ((f->flags & LINUX_O_PATH) || (fl.l_type == LINUX_F_RDLCK && !file_can_read(f)) ||
        (fl.l_type == LINUX_F_WRLCK && !file_can_write(f)))
        return -LINUX_EBADF;
    int ofd = cmd == LINUX_F_OFD_SETLK || cmd == LINUX_F_OFD_SETLKW;
    if (ofd && fl.l_pid != 0)
        return -LINUX_EINVAL;
    int wait = cmd == LINUX_F_SETLKW || cmd == LINUX_F_OFD_SETLKW;
    const void *owner = ofd ? (const void *)f : (const void *)t->files;
    struct lock_key k;
    if (key_of(f, &k) < 0)
        return fl.l_type == LINUX_F_UNLCK ? 0 : -LINUX_ENOLCK;
    struct lock_waiter me = {.owner = owner};
    long r2 = 0;
    struct lock_rec *held;
    while (fl.l_type != LINUX_F_UNLCK && (held = find_conflict(&k, 0, owner, fl.l_type, s, e))) {
        r2 = !wait ? -LINUX_EAGAIN
             : !ofd && held->kind == LK_POSIX && would_deadlock(owner, held->owner)
                 ? -LINUX_EDEADLK
             : signal_pending(t) ? -LINUX_ERESTARTSYS
                                 : 0;
        if (r2)
            break;
        if (!me.waits_for) {
            me.next = waiters;
            waiters = &me;
        }
        me.waits_for = held->owner;
        sched_wait_for(&all_locks, 0);
    }
    if (me.waits_for)
        for (struct lock_waiter **pp = &waiters; *pp; pp = &(*pp)->next)
            if (*pp == &me) {
                *pp = me.next;
                break;
            }
    if (r2)
        return r2;
    return posix_apply(&k, ofd ? LK_OFD : LK_POSIX, owner, t->pid, fl.l_type, s, e);
}

/* SYSCALL_DEFINE2(flock): LOCK_MAND is ignored, then the operation, then the descriptor. */
SYS(flock)
{
    uint32_t cmd = (uint32_t)a[1];
    if (cmd & LINUX_LOCK_MAND)
        return 0;
    int type;
    switch (cmd & ~(uint32_t)LINUX_LOCK_NB) {
    case LINUX_LOCK_SH: type = LINUX_F_RDLCK; break;
    case LINUX_LOCK_EX: type = LINUX_F_WRLCK; break;
    case LINUX_LOCK_UN: type = LINUX_F_UNLCK; break;
    default: return -LINUX_EINVAL;
    }
    struct file *f = fd_lookup(t->files, (int)a[0]);
    if (!f)
        return -LINUX_EBADF;
    if (type != LINUX_F_UNLCK && (f->flags & LINUX_O_PATH))
        return -LINUX_EBADF;
    struct lock_key k;
    if (key_of(f, &k) < 0)
        return type == LINUX_F_UNLCK ? 0 : -LINUX_ENOLCK;
    /* flock_lock_inode(): the file's own lock goes first, so a conversion is not atomic. */
    for (struct lock_rec **pp = &all_locks; *pp; pp = &(*pp)->next)
        if ((*pp)->kind == LK_FLOCK && (*pp)->owner == f) {
            if ((*pp)->type == type)
                return 0;
            unlink_rec(pp);
            sched_wake_chan(&all_locks);
            break;
        }
    if (type == LINUX_F_UNLCK)
        return 0;
    while (find_conflict(&k, 1, f, type, 0, OFFSET_MAX)) {
        if (cmd & LINUX_LOCK_NB)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(&all_locks, 0);
    }
    struct lock_rec *r = calloc(1, sizeof(*r));
    if (!r)
        return -LINUX_ENOLCK;
    *r = (struct lock_rec){.next = all_locks, .dev = k.dev, .ino = k.ino, .kind = LK_FLOCK,
                           .owner = f, .pid = t->pid, .type = type, .start = 0, .end = OFFSET_MAX};
    all_locks = r;
    return 0;
}

/* Drop the locks of @owner that @match picks; wake the waiters if any went. */
static void remove_where(int (*match)(const struct lock_rec *r, const void *owner,
                                      const struct lock_key *k),
                         const void *owner, const struct lock_key *k)
{
    int gone = 0;
    for (struct lock_rec **pp = &all_locks; *pp;) {
        if (match(*pp, owner, k)) {
            unlink_rec(pp);
            gone = 1;
        } else {
            pp = &(*pp)->next;
        }
    }
    if (gone)
        sched_wake_chan(&all_locks);
}

static int posix_of(const struct lock_rec *r, const void *owner, const struct lock_key *k)
{
    return r->kind == LK_POSIX && r->owner == owner && same_key(r, k);
}

static int file_owned(const struct lock_rec *r, const void *owner, const struct lock_key *k)
{
    (void)k;
    return r->kind != LK_POSIX && r->owner == owner;
}

void locks_remove_posix(const struct fdtable *owner, struct file *f)
{
    /* Most closes are by processes that hold no record lock: they need not ask the
     * file for its inode (an fstat, for a host file). */
    const struct lock_rec *r = all_locks;
    while (r && !(r->kind == LK_POSIX && r->owner == owner))
        r = r->next;
    struct lock_key k;
    if (r && key_of(f, &k) == 0)
        remove_where(posix_of, owner, &k);
}

void locks_remove_file(struct file *f)
{
    remove_where(file_owned, f, NULL);
}

int locks_held(void)
{
    return all_locks != NULL;
}
