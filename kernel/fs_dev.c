/* SPDX-License-Identifier: MIT */
/* kernel/fs_dev.c: /dev: the memory devices, the terminal, and the stdio links. */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "fs.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/* Character devices served here, by number (Documentation/admin-guide/devices.txt). */
enum dev_kind { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_URANDOM };

static const struct {
    const char *name;
    uint32_t major, minor;
} mem_devs[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9},
};

static const struct {
    const char *name, *target;
} dev_links[] = {
    {"fd", "/proc/self/fd"},
    {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"},
};

static int add_node(struct fs_super *sb, const char *name, uint32_t mode, const char *target,
                    uint32_t major, uint32_t minor)
{
    struct mnode *m = mnode_new(sb, mode, 0, (mode & LINUX_S_IFMT) == LINUX_S_IFCHR && major == 5 ? 5 : 0);
    int r;

    if (!m)
        return -LINUX_ENOMEM;
    m->rdev_major = major;
    m->rdev_minor = minor;
    if ((mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        m->nlink = 1;
    if (target && !(m->target = strdup(target))) {
        mnode_put(m);
        return -LINUX_ENOMEM;
    }
    r = mdir_add(sb->root, name, m);
    mnode_put(m);
    if (r == 0 && (mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        sb->root->nlink++;
    return r;
}

int devfs_populate(struct fs_super *sb)
{
    int r = 0;

    for (size_t i = 0; r == 0 && i < sizeof(mem_devs) / sizeof(mem_devs[0]); i++)
        r = add_node(sb, mem_devs[i].name, LINUX_S_IFCHR | 0666, NULL, mem_devs[i].major,
                     mem_devs[i].minor);
    if (r == 0)
        r = add_node(sb, "tty", LINUX_S_IFCHR | 0666, NULL, 5, 0);
    for (size_t i = 0; r == 0 && i < sizeof(dev_links) / sizeof(dev_links[0]); i++)
        r = add_node(sb, dev_links[i].name, LINUX_S_IFLNK | 0777, dev_links[i].target, 0, 0);
    if (r == 0)
        r = add_node(sb, "shm", LINUX_S_IFDIR | 01777, NULL, 0, 0);
    if (r == 0)
        r = add_node(sb, "pts", LINUX_S_IFDIR | 0755, NULL, 0, 0);
    return r;
}

struct devfile {
    struct mnode *m;
    enum dev_kind kind;
};

#define ZERO_CHUNK 4096

static long fill_zero(struct task *t, uaddr_t buf, uint64_t len)
{
    static const uint8_t zero[ZERO_CHUNK];
    uint64_t done = 0;

    while (done < len) {
        uint64_t n = len - done < ZERO_CHUNK ? len - done : ZERO_CHUNK;

        if (copy_to_user(t->mm, buf + done, zero, n) < 0)
            return done ? (long)done : -LINUX_EFAULT;
        done += n;
    }
    return (long)done;
}

static long fill_random(struct task *t, uaddr_t buf, uint64_t len)
{
    uint8_t chunk[256];
    uint64_t done = 0;

    /* Like Linux's urandom, hand out a bounded amount per call. */
    if (len > (1U << 25))
        len = 1U << 25;
    while (done < len) {
        uint64_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        ssize_t g = getrandom(chunk, n, 0);

        if (g <= 0)
            return done ? (long)done : -LINUX_EIO;
        if (copy_to_user(t->mm, buf + done, chunk, (size_t)g) < 0)
            return done ? (long)done : -LINUX_EFAULT;
        done += (uint64_t)g;
    }
    return (long)done;
}

static long dev_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct devfile *d = f->priv;

    (void)off;
    switch (d->kind) {
    case DEV_NULL:
        return 0;
    case DEV_ZERO:
    case DEV_FULL:
        return fill_zero(t, buf, len);
    default:
        return fill_random(t, buf, len);
    }
}

static long dev_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct devfile *d = f->priv;

    (void)t, (void)buf, (void)off;
    if (d->kind == DEV_FULL)
        return -LINUX_ENOSPC;
    return (long)len; /* null swallows; random takes the bytes as entropy it does not need */
}

static long dev_lseek(struct file *f, int64_t off, int whence)
{
    (void)f, (void)off, (void)whence;
    return 0; /* null_lseek(): the position of a memory device is always 0 */
}

static long dev_fstat(struct file *f, struct linux_stat *st)
{
    struct devfile *d = f->priv;
    struct linux_statx sx;

    mnode_statx(d->m, &sx);
    vfs_statx_to_stat(&sx, st);
    return 0;
}

static long dev_pread_kernel(struct file *f, void *dst, uint64_t len, uint64_t off)
{
    (void)f, (void)off;
    memset(dst, 0, len); /* a private mapping of /dev/zero is anonymous memory */
    return (long)len;
}

static void dev_release(struct file *f)
{
    struct devfile *d = f->priv;

    if (d) {
        mnode_put(d->m);
        free(d);
    }
}

static const struct file_ops dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .lseek = dev_lseek,
    .fstat = dev_fstat,
    .pread_kernel = dev_pread_kernel,
    .release = dev_release,
};

int devfs_open(struct task *t, struct mnode *m, uint32_t flags, const char *path,
               struct file **out)
{
    struct devfile *d;
    struct file *f;
    int kind = -1;

    (void)t;
    if (m->rdev_major == 5 && m->rdev_minor == 0)
        return vfs_open_host_tty(flags, out);
    for (size_t i = 0; i < sizeof(mem_devs) / sizeof(mem_devs[0]); i++)
        if (m->rdev_major == mem_devs[i].major && m->rdev_minor == mem_devs[i].minor)
            kind = (int)i;
    if (kind < 0)
        return -LINUX_ENXIO; /* no such device behind this node */
    d = calloc(1, sizeof(*d));
    f = d ? file_alloc(&dev_ops, -1, flags, path) : NULL;
    if (!f) {
        free(d);
        return -LINUX_ENOMEM;
    }
    d->m = mnode_get(m);
    d->kind = (enum dev_kind)kind;
    f->priv = d;
    *out = f;
    return 0;
}
