/* SPDX-License-Identifier: MIT */
/* kernel/inotify.c: inotify instances, watches and events (fs/notify/inotify/, include/linux/fsnotify.h). */
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "fs.h"
#include "inotify.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * Watches name an inode by (st_dev, st_ino), which the overlay keeps when it
 * copies a file up, and see what the sandbox's own processes do to it: the
 * VFS calls the hooks of inotify.h where Linux calls fsnotify. A change made
 * outside the sandbox (to a host directory it binds) is not seen.
 *
 * Limits: Linux's defaults of max_queued_events (16384; then one
 * LINUX_IN_Q_OVERFLOW) and max_user_watches (a bound of 65536 here), so a guest
 * cannot make the runtime allocate without end.
 */
#define MAX_QUEUED_EVENTS 16384
#define MAX_WATCHES 65536
#define EVENT_HDR 16 /* struct inotify_event without its name */

int inotify_nwatches;

struct ino_key {
    uint64_t dev, ino;
};

struct inotify_event_q {
    struct inotify_event_q *next;
    int32_t wd;
    uint32_t mask, cookie, len; /* len: the name's bytes, NUL-padded to 16 */
    char name[];
};

struct inotify_inst;

struct watch {
    struct watch *next_all;  /* every watch of the sandbox */
    struct watch *next_inst; /* the watches of its instance */
    struct inotify_inst *in;
    int32_t wd;
    uint32_t mask;
    struct ino_key key;
};

struct inotify_inst {
    struct watch *watches;
    struct inotify_event_q *head, *tail;
    int nqueued;
    uint64_t bytes;
    int32_t last_wd;
    uint64_t gen;
};

static struct watch *all_watches;
static uint32_t next_cookie;

static struct ino_key key_of_statx(const struct linux_statx *sx)
{
    return (struct ino_key){(uint64_t)sx->stx_dev_major << 32 | sx->stx_dev_minor, sx->stx_ino};
}

static void inst_changed(struct inotify_inst *in)
{
    in->gen++;
    sched_wake_chan(in);
}

/* inotify_merge(): an event equal to the last one queued is not queued again. */
static int same_as_last(const struct inotify_inst *in, int32_t wd, uint32_t mask, uint32_t cookie,
                        const char *name, size_t nlen)
{
    const struct inotify_event_q *l = in->tail;
    if (!l || l->wd != wd || l->mask != mask || l->cookie != cookie)
        return 0;
    (void)nlen;
    if (!name)
        return l->len == 0;
    return l->len && strcmp(l->name, name) == 0;
}

/* inotify_handle_inode_event(): queue one event, or LINUX_IN_Q_OVERFLOW once the queue is full. */
static void queue_event(struct inotify_inst *in, int32_t wd, uint32_t mask, uint32_t cookie,
                        const char *name)
{
    size_t nlen = name ? strlen(name) : 0;
    uint32_t len = name ? (uint32_t)((nlen + 1 + EVENT_HDR - 1) / EVENT_HDR * EVENT_HDR) : 0;
    if (in->nqueued >= MAX_QUEUED_EVENTS) {
        if (in->tail && in->tail->mask == LINUX_IN_Q_OVERFLOW)
            return;
        wd = -1, mask = LINUX_IN_Q_OVERFLOW, cookie = 0, name = NULL, nlen = 0, len = 0;
    } else if (same_as_last(in, wd, mask, cookie, name, nlen)) {
        return;
    }
    struct inotify_event_q *e = calloc(1, sizeof(*e) + len);
    if (!e)
        return; /* as Linux drops an event it cannot allocate, after an overflow event */
    e->wd = wd;
    e->mask = mask;
    e->cookie = cookie;
    e->len = len;
    if (name)
        memcpy(e->name, name, nlen);
    if (in->tail)
        in->tail->next = e;
    else
        in->head = e;
    in->tail = e;
    in->nqueued++;
    in->bytes += EVENT_HDR + len;
    inst_changed(in);
}

/* Take @w off both lists and free it. */
static void drop_watch(struct watch *w)
{
    for (struct watch **pp = &all_watches; *pp; pp = &(*pp)->next_all)
        if (*pp == w) {
            *pp = w->next_all;
            break;
        }
    for (struct watch **pp = &w->in->watches; *pp; pp = &(*pp)->next_inst)
        if (*pp == w) {
            *pp = w->next_inst;
            break;
        }
    inotify_nwatches--;
    free(w);
}

/* The watch goes, and its instance learns it (LINUX_IN_IGNORED). */
static void ignore_watch(struct watch *w)
{
    queue_event(w->in, w->wd, LINUX_IN_IGNORED, 0, NULL);
    drop_watch(w);
}

/* Report @mask on @key to every watch that asked for it; @name for directory watches. */
static void notify(struct ino_key key, uint32_t mask, uint32_t cookie, const char *name)
{
    for (struct watch *w = all_watches, *next; w; w = next) {
        next = w->next_all;
        if (w->key.dev != key.dev || w->key.ino != key.ino || !(w->mask & mask & LINUX_IN_ALL_EVENTS))
            continue;
        queue_event(w->in, w->wd, mask & (LINUX_IN_ALL_EVENTS | LINUX_IN_ISDIR), cookie, name);
        if (w->mask & LINUX_IN_ONESHOT)
            ignore_watch(w);
    }
}

void inotify_entry(const struct linux_statx *dir, const char *name, int isdir, uint32_t ev,
                   uint32_t cookie)
{
    if (!inotify_nwatches)
        return;
    notify(key_of_statx(dir), ev | (isdir ? LINUX_IN_ISDIR : 0), cookie, name);
}

void inotify_inode(const struct linux_statx *dir, const char *name, const struct linux_statx *obj,
                   uint32_t ev)
{
    if (!inotify_nwatches)
        return;
    uint32_t mask = ev | ((obj->stx_mode & LINUX_S_IFMT) == LINUX_S_IFDIR ? LINUX_IN_ISDIR : 0);
    if (dir && name)
        notify(key_of_statx(dir), mask, 0, name);
    notify(key_of_statx(obj), mask, 0, NULL);
}

void inotify_self(const struct linux_statx *obj, uint32_t ev)
{
    if (!inotify_nwatches)
        return;
    struct ino_key key = key_of_statx(obj);
    /* No LINUX_IN_ISDIR on these (a removed directory's LINUX_IN_DELETE_SELF has none on Linux 6.18). */
    if (ev != LINUX_IN_DELETE_SELF) {
        notify(key, ev, 0, NULL);
        return;
    }
    /* fsnotify_inoderemove(): LINUX_IN_DELETE_SELF where asked, then every watch of the inode ends. */
    for (struct watch *w = all_watches, *next; w; w = next) {
        next = w->next_all;
        if (w->key.dev != key.dev || w->key.ino != key.ino)
            continue;
        if (w->mask & LINUX_IN_DELETE_SELF)
            queue_event(w->in, w->wd, LINUX_IN_DELETE_SELF, 0, NULL);
        ignore_watch(w);
    }
}

uint32_t inotify_cookie(void)
{
    return ++next_cookie;
}

void inotify_path(struct task *t, const char *path, const struct linux_statx *obj, uint32_t ev)
{
    if (!inotify_nwatches)
        return;
    /* The directory of @path now, found by its name (a rename since loses it). */
    const char *slash = path && path[0] == '/' ? strrchr(path, '/') : NULL;
    const char *name = slash ? slash + 1 : NULL;
    struct linux_statx dsx;
    int have_dir = 0;
    if (t && t->fs && name && *name) {
        char dir[LINUX_PATH_MAX];
        size_t n = (size_t)(slash - path);
        if (n < sizeof(dir)) {
            memcpy(dir, path, n ? n : 1);
            dir[n ? n : 1] = 0;
            struct vnode *v = malloc(sizeof(*v));
            if (v && vfs_walk_abs(t, t->fs, dir, WALK_FOLLOW | WALK_NOPERM, v, NULL) == 0) {
                have_dir = vnode_statx(t, v, &dsx) == 0;
                vnode_release(v);
            }
            free(v);
        }
    }
    inotify_inode(have_dir ? &dsx : NULL, have_dir ? name : NULL, obj, ev);
}

void inotify_file(struct task *t, struct file *f, uint32_t ev)
{
    if (!inotify_nwatches || !f->path || f->path[0] != '/' || (f->flags & LINUX_O_PATH))
        return;
    struct linux_stat st;
    memset(&st, 0, sizeof(st));
    if (!f->ops->fstat || f->ops->fstat(f, &st) < 0)
        return;
    struct linux_statx obj;
    vfs_stat_to_statx(&st, &obj);
    inotify_path(t, f->path, &obj, ev);
}

void inotify_vnode(struct task *t, const struct vnode *v, uint32_t ev)
{
    struct linux_statx sx;
    if (inotify_nwatches && vnode_statx(t, v, &sx) == 0)
        inotify_path(t, v->path, &sx, ev);
}

/* ---- the instance as a file ---- */

static long inst_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct inotify_inst *in = f->priv;
    (void)off;
    while (!in->head) {
        if (f->flags & LINUX_O_NONBLOCK)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(in, 0);
    }
    /* copy_event_to_user(): whole events only; none fits: EINVAL. */
    uint64_t done = 0;
    while (in->head && done + EVENT_HDR + in->head->len <= len) {
        struct inotify_event_q *e = in->head;
        uint32_t hdr[4] = {(uint32_t)e->wd, e->mask, e->cookie, e->len};
        if (copy_to_user(t->mm, buf + done, hdr, sizeof(hdr)) < 0 ||
            (e->len && copy_to_user(t->mm, buf + done + EVENT_HDR, e->name, e->len) < 0))
            return done ? (long)done : -LINUX_EFAULT;
        done += EVENT_HDR + e->len;
        in->head = e->next;
        if (!in->head)
            in->tail = NULL;
        in->nqueued--;
        in->bytes -= EVENT_HDR + e->len;
        free(e);
    }
    if (!done)
        return -LINUX_EINVAL;
    inst_changed(in);
    return (long)done;
}

static int inst_poll(struct file *f)
{
    const struct inotify_inst *in = f->priv;
    return in->head ? LINUX_POLLIN | LINUX_POLLRDNORM : 0;
}

static uint64_t inst_gen(struct file *f)
{
    return ((struct inotify_inst *)f->priv)->gen;
}

static long inst_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    const struct inotify_inst *in = f->priv;
    if (req != LINUX_FIONREAD)
        return -LINUX_ENOTTY;
    int32_t v = (int32_t)in->bytes;
    return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -LINUX_EFAULT : 0;
}

static void inst_release(struct file *f)
{
    struct inotify_inst *in = f->priv;
    while (in->watches)
        drop_watch(in->watches);
    for (struct inotify_event_q *e = in->head, *n; e; e = n) {
        n = e->next;
        free(e);
    }
    free(in);
}

static const struct file_ops inotify_ops = {
    .read = inst_read,
    .fstat = file_anon_fstat,
    .ioctl = inst_ioctl,
    .poll = inst_poll,
    .gen = inst_gen,
    .release = inst_release,
};

/* SYSCALL_DEFINE1(inotify_init1): LINUX_IN_NONBLOCK and LINUX_IN_CLOEXEC (O_NONBLOCK, O_CLOEXEC). */
SYS(inotify_init1)
{
    if (a[0] & ~(uint64_t)(LINUX_O_NONBLOCK | LINUX_O_CLOEXEC))
        return -LINUX_EINVAL;
    return file_anon_install(t->files, &inotify_ops, calloc(1, sizeof(struct inotify_inst)),
                             "inotify", a[0]);
}

SYS(inotify_init)
{
    (void)a;
    return file_anon_install(t->files, &inotify_ops, calloc(1, sizeof(struct inotify_inst)),
                             "inotify", 0);
}

static struct inotify_inst *inst_of(struct task *t, uint64_t fd, long *err)
{
    struct file *f = (int)fd < 0 ? NULL : fd_lookup(t->files, (int)fd);
    *err = !f ? -LINUX_EBADF : f->ops != &inotify_ops ? -LINUX_EINVAL : 0;
    return *err ? NULL : f->priv;
}

/* SYSCALL_DEFINE3(inotify_add_watch): one watch per inode and instance; its wd, new or not. */
SYS(inotify_add_watch)
{
    uint32_t mask = (uint32_t)a[2];
    const uint32_t all_bits = LINUX_IN_ALL_EVENTS | LINUX_IN_UNMOUNT | LINUX_IN_Q_OVERFLOW | LINUX_IN_IGNORED | LINUX_IN_ONLYDIR |
                              LINUX_IN_DONT_FOLLOW | LINUX_IN_EXCL_UNLINK | LINUX_IN_MASK_CREATE | LINUX_IN_MASK_ADD |
                              LINUX_IN_ISDIR | LINUX_IN_ONESHOT;
    if (!(mask & all_bits))
        return -LINUX_EINVAL;
    if ((mask & LINUX_IN_MASK_ADD) && (mask & LINUX_IN_MASK_CREATE))
        return -LINUX_EINVAL;
    long err;
    struct inotify_inst *in = inst_of(t, a[0], &err);
    if (!in)
        return err;
    char path[LINUX_PATH_MAX];
    long n = strncpy_from_user(t->mm, path, a[1], sizeof(path));
    if (n < 0)
        return n;
    if (n == 0)
        return -LINUX_ENOENT;
    struct vnode v;
    int r = vfs_walk(t, LINUX_AT_FDCWD, path, (mask & LINUX_IN_DONT_FOLLOW) ? 0 : WALK_FOLLOW, &v, NULL);
    if (r < 0)
        return r;
    struct linux_statx sx;
    r = vnode_statx(t, &v, &sx);
    if (r == 0 && (mask & LINUX_IN_ONLYDIR) && (sx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFDIR)
        r = -LINUX_ENOTDIR;
    if (r == 0)
        r = vnode_permission(t, &v, LINUX_R_OK); /* inotify_find_inode(): MAY_READ */
    vnode_release(&v);
    if (r < 0)
        return r;
    struct ino_key key = key_of_statx(&sx);
    uint32_t events = mask & (LINUX_IN_ALL_EVENTS | LINUX_IN_ONESHOT | LINUX_IN_EXCL_UNLINK);
    for (struct watch *w = in->watches; w; w = w->next_inst)
        if (w->key.dev == key.dev && w->key.ino == key.ino) {
            if (mask & LINUX_IN_MASK_CREATE)
                return -LINUX_EEXIST;
            w->mask = (mask & LINUX_IN_MASK_ADD) ? w->mask | events : events;
            return w->wd;
        }
    if (inotify_nwatches >= MAX_WATCHES)
        return -LINUX_ENOSPC;
    struct watch *w = calloc(1, sizeof(*w));
    if (!w)
        return -LINUX_ENOMEM;
    /* idr_alloc_cyclic(): numbers count up from 1, not reusing freed ones at once. */
    *w = (struct watch){.next_all = all_watches, .next_inst = in->watches, .in = in,
                        .wd = ++in->last_wd, .mask = events, .key = key};
    all_watches = w;
    in->watches = w;
    inotify_nwatches++;
    return w->wd;
}

/* SYSCALL_DEFINE2(inotify_rm_watch): the watch ends with LINUX_IN_IGNORED. */
SYS(inotify_rm_watch)
{
    long err;
    struct inotify_inst *in = inst_of(t, a[0], &err);
    if (!in)
        return err;
    for (struct watch *w = in->watches; w; w = w->next_inst)
        if (w->wd == (int32_t)a[1]) {
            ignore_watch(w);
            return 0;
        }
    return -LINUX_EINVAL;
}
