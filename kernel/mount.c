/* SPDX-License-Identifier: MIT */
/* kernel/mount.c: the mount table and the path walk over the overlay, tmpfs, /dev and /proc. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cred.h"
#include "fs.h"
#include "log.h"
#include "platform.h"
#include "task.h"
#include "vfs.h"

/* The remaining path of a walk grows by a symlink body at a time; this caps it. */
#define WALK_BUF_MAX (16 * LINUX_PATH_MAX)

/* ---- the mount table ---- */

static struct fs_super *sb_new(struct vfs_ns *ns, enum fs_kind kind, const char *path,
                               const char *type, const char *source, const char *opts,
                               uint32_t major, uint32_t minor)
{
    struct fs_super *sb = calloc(1, sizeof(*sb));

    if (!sb)
        return NULL;
    sb->kind = kind;
    sb->type = type;
    sb->source = source;
    sb->opts = opts;
    snprintf(sb->path, sizeof(sb->path), "%s", path);
    sb->dev_major = major;
    sb->dev_minor = minor;
    sb->ns = ns;
    sb->mnt_id = 20 + ns->nmnt;
    /* Below 2^32 but clear of small host numbers, so copied-up and new inodes rarely clash. */
    sb->next_ino = kind == FS_OVERLAY ? 0x7f000000ULL : 2;
    ns->mnt[ns->nmnt++] = sb;
    return sb;
}

static struct mnode *dir_root(struct fs_super *sb, uint32_t mode)
{
    struct mnode *m = mnode_new(sb, LINUX_S_IFDIR | mode, 0, 0);

    if (m) {
        m->nlink = 2;
        if (sb->kind != FS_OVERLAY)
            m->ino = 1;
    }
    return m;
}

static void ns_free(struct vfs_ns *ns)
{
    for (int i = 0; i < ns->nmnt; i++) {
        struct mnode *r = ns->mnt[i]->root;

        if (r) {
            /* The root is held by its superblock, not by a directory entry. */
            r->nlink = 0;
            mnode_put(r);
        }
    }
    /* Indexed inodes keep links for lower names that no directory holds: drop those too. */
    for (size_t i = 0; i < ns->nindex; i++) {
        ns->index[i].m->nlink = 0;
        mnode_put(ns->index[i].m);
    }
    free(ns->index);
    for (int i = 0; i < ns->nmnt; i++)
        free(ns->mnt[i]);
    free(ns);
}

/*
 * The fixed tree of DESIGN.md: the overlay at "/", whose upper root takes the host
 * root's attributes, then /tmp, /dev and /proc over whatever the host has there.
 */
static struct vfs_ns *ns_create(struct fs_context *fs)
{
    struct vfs_ns *ns = calloc(1, sizeof(*ns));
    struct linux_statx sx;
    struct fs_super *sb;

    if (!ns)
        return NULL;
    ns->root_fd = fs->root_fd;
    if (vfs_host_statx(fs->root_fd, "", AT_EMPTY_PATH, LINUX_STATX_BASIC_STATS, &sx) < 0) {
        memset(&sx, 0, sizeof(sx));
        sx.stx_mode = LINUX_S_IFDIR | 0755;
        sx.stx_nlink = 2;
    }
    sb = sb_new(ns, FS_OVERLAY, "/", "overlay", "overlay", "rw,relatime", sx.stx_dev_major,
                sx.stx_dev_minor);
    if (!sb || !(sb->root = dir_root(sb, sx.stx_mode & 07777)))
        goto fail;
    sb->root->uid = sx.stx_uid;
    sb->root->gid = sx.stx_gid;
    sb->root->ino = sx.stx_ino;
    sb->root->nlink = sx.stx_nlink < 2 ? 2 : sx.stx_nlink;
    sb->root->lower_dir_size = sx.stx_size;
    sb->root->atime = sx.stx_atime;
    sb->root->mtime = sx.stx_mtime;
    sb->root->ctime = sx.stx_ctime;
    if (!fs->host_tmp) {
        sb = sb_new(ns, FS_TMPFS, "/tmp", "tmpfs", "tmpfs", "rw,nosuid,nodev", 0, 30);
        if (!sb || !(sb->root = dir_root(sb, 01777)))
            goto fail;
    }
    sb = sb_new(ns, FS_DEVTMPFS, "/dev", "devtmpfs", "udev", "rw,nosuid,relatime,mode=755", 0, 5);
    if (!sb || !(sb->root = dir_root(sb, 0755)) || devfs_populate(sb) < 0)
        goto fail;
    sb = sb_new(ns, FS_PROC, "/proc", "proc", "proc", "rw,nosuid,nodev,noexec,relatime", 0, 22);
    if (!sb)
        goto fail;
    return ns;
fail:
    ns_free(ns);
    return NULL;
}

struct vfs_ns *vfs_ns_of(struct fs_context *fs)
{
    if (!fs->ns)
        fs->ns = ns_create(fs);
    return fs->ns;
}

void vfs_fs_fini(struct fs_context *fs)
{
    if (fs->ns)
        ns_free(fs->ns);
    fs->ns = NULL;
}

/* ---- vnodes ---- */

void vnode_release(struct vnode *v)
{
    mnode_put(v->m);
    v->m = NULL;
    if (v->magic)
        file_put(v->magic);
    v->magic = NULL;
}

void vnode_copy(struct vnode *dst, const struct vnode *src)
{
    if (dst == src)
        return;
    memcpy(dst, src, offsetof(struct vnode, path));
    strcpy(dst->path, src->path);
    memcpy((char *)dst + offsetof(struct vnode, m), (const char *)src + offsetof(struct vnode, m),
           sizeof(*dst) - offsetof(struct vnode, m));
    mnode_get(dst->m);
    if (dst->magic)
        file_get(dst->magic);
}

static void vnode_root_of(struct fs_super *sb, struct vnode *v)
{
    memset(v, 0, offsetof(struct vnode, path));
    v->sb = sb;
    strcpy(v->path, sb->path);
    memset((char *)v + offsetof(struct vnode, m), 0, sizeof(*v) - offsetof(struct vnode, m));
    v->m = mnode_get(sb->root);
    v->lower = sb->kind == FS_OVERLAY;
}

int fs_magic_has_path(struct file *f)
{
    struct mnode *m = fs_file_mnode(f);

    return f->path && f->path[0] == '/' && !(m && m->nlink == 0);
}

int vnode_statx(struct task *t, const struct vnode *v, struct linux_statx *sx)
{
    if (v->magic && v->pnode == FS_PNODE_MAGIC)
        return vfs_statx_file(v->magic, 0, LINUX_STATX_BASIC_STATS, sx);
    if (v->m) {
        mnode_statx(v->m, sx);
        return 0;
    }
    if (v->sb->kind == FS_PROC)
        return procfs_statx(t, v, sx);
    if (v->lower) {
        *sx = v->lsx;
        return 0;
    }
    return -LINUX_ENOENT;
}

uint32_t vnode_mode(struct task *t, const struct vnode *v)
{
    struct linux_statx sx;

    if (v->magic && v->pnode == FS_PNODE_MAGIC)
        return vnode_statx(t, v, &sx) < 0 ? 0 : sx.stx_mode;
    if (v->m)
        return v->m->mode;
    if (v->lower)
        return v->lsx.stx_mode;
    if (vnode_statx(t, v, &sx) < 0)
        return 0;
    return sx.stx_mode;
}

static int vnode_is_dir(struct task *t, const struct vnode *v)
{
    return (vnode_mode(t, v) & LINUX_S_IFMT) == LINUX_S_IFDIR;
}

int vnode_permission(struct task *t, const struct vnode *v, int mask)
{
    struct linux_statx sx;
    int r = vnode_statx(t, v, &sx);

    if (r < 0)
        return r;
    if (!t)
        return 0; /* the runtime's own lookups (the first exec): no guest credentials yet */
    return vfs_permission_caps(sx.stx_mode, sx.stx_uid, sx.stx_gid, t->fsuid,
                               cred_gid_for(t, t->fsgid, sx.stx_gid), cred_dac_caps(t, 0), mask);
}

long vnode_readlink(struct task *t, const struct vnode *v, char *buf, size_t len)
{
    ssize_t n;
    int fd;

    if ((vnode_mode(t, v) & LINUX_S_IFMT) != LINUX_S_IFLNK)
        return -LINUX_EINVAL;
    if (v->m) {
        size_t l = strlen(v->m->target);

        if (l >= len)
            return -LINUX_ENAMETOOLONG;
        memcpy(buf, v->m->target, l + 1);
        return (long)l;
    }
    if (v->sb->kind == FS_PROC)
        return procfs_readlink(t, v, buf, len);
    fd = ovl_open_lower(v->sb->ns, v->path, O_PATH | O_NOFOLLOW);
    if (fd < 0)
        return fd;
    n = readlinkat(fd, "", buf, len - 1);
    close(fd);
    if (n < 0)
        return vfs_host_err(errno);
    buf[n] = '\0';
    return (long)n;
}

/* ---- lookup ---- */

int fs_path_child(char *out, const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int sep = !(dl == 1 && dir[0] == '/');

    if (dl + sep + nl >= LINUX_PATH_MAX)
        return -LINUX_ENAMETOOLONG;
    memmove(out, dir, dl);
    if (sep)
        out[dl] = '/';
    memcpy(out + dl + sep, name, nl + 1);
    return 0;
}

int vfs_lookup_child(struct task *t, const struct vnode *dir, const char *name, struct vnode *out)
{
    struct vfs_ns *ns = dir->sb->ns;
    struct mdirent *e;
    int r;

    memset(out, 0, offsetof(struct vnode, path));
    memset((char *)out + offsetof(struct vnode, m), 0, sizeof(*out) - offsetof(struct vnode, m));
    out->sb = dir->sb;
    r = fs_path_child(out->path, dir->path, name);
    if (r < 0)
        return r;
    for (int i = 1; i < ns->nmnt; i++) {
        if (strcmp(ns->mnt[i]->path, out->path) == 0) {
            vnode_root_of(ns->mnt[i], out);
            return 0;
        }
    }
    switch (dir->sb->kind) {
    case FS_OVERLAY:
        if (dir->m) {
            e = mdir_find(dir->m, name);
            if (e) {
                if (!e->node)
                    return -LINUX_ENOENT; /* whited out */
                out->m = mnode_get(e->node);
                out->lower = (e->node->mode & LINUX_S_IFMT) == LINUX_S_IFDIR && !e->node->opaque;
                return 0;
            }
            if (dir->m->opaque)
                return -LINUX_ENOENT;
        }
        if (!dir->lower)
            return -LINUX_ENOENT;
        r = ovl_probe(ns, out->path, &out->lsx);
        if (r < 0)
            return r;
        if ((out->lsx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFDIR && out->lsx.stx_nlink > 1) {
            /* A lower name of a hard-linked file already up: the shared upper inode. */
            struct mnode *shared = ovl_index_find(ns, &out->lsx);

            if (shared) {
                out->m = mnode_get(shared);
                return 0;
            }
        }
        out->lower = 1;
        return 0;
    case FS_TMPFS:
    case FS_DEVTMPFS:
        e = mdir_find(dir->m, name);
        if (!e || !e->node)
            return -LINUX_ENOENT;
        out->m = mnode_get(e->node);
        return 0;
    case FS_PROC:
        return procfs_lookup(t, dir, name, out);
    }
    return -LINUX_ENOENT;
}

static int may_lookup(struct task *t, const struct vnode *dir, int flags)
{
    if (!vnode_is_dir(t, dir))
        return -LINUX_ENOTDIR;
    if (flags & WALK_NOPERM)
        return 0;
    return vnode_permission(t, dir, LINUX_X_OK);
}

/* ".." from a canonical path: the parent, walked again from the root (mounts included). */
static int walk_parent(struct task *t, struct fs_context *fs, struct vnode *cur)
{
    char parent[LINUX_PATH_MAX];
    struct vnode *p;
    char *slash;
    int r;

    if (strcmp(cur->path, "/") == 0)
        return 0;
    strcpy(parent, cur->path);
    slash = strrchr(parent, '/');
    if (slash == parent)
        slash[1] = '\0';
    else
        *slash = '\0';
    p = malloc(sizeof(*p));
    if (!p)
        return -LINUX_ENOMEM;
    r = vfs_walk_abs(t, fs, parent, WALK_NOPERM, p, NULL);
    if (r == 0) {
        vnode_release(cur);
        memcpy(cur, p, sizeof(*p));
    }
    free(p);
    return r;
}

static int last_type(const char *name, size_t n)
{
    if (n == 1 && name[0] == '.')
        return LAST_DOT;
    if (n == 2 && name[0] == '.' && name[1] == '.')
        return LAST_DOTDOT;
    return LAST_NORM;
}

int vfs_walk_abs(struct task *t, struct fs_context *fs, const char *abs, int flags,
                 struct vnode *out, struct walk_last *last)
{
    struct vfs_ns *ns = vfs_ns_of(fs);
    struct vnode *child = NULL;
    char *buf, *pos;
    int nlinks = 0, r = 0, want_dir = 0;

    if (!ns)
        return -LINUX_ENOMEM;
    if (!ns->mf && t && t->platform)
        ns->mf = t->platform->mf;
    buf = strdup(abs);
    child = malloc(sizeof(*child));
    if (!buf || !child) {
        free(buf);
        free(child);
        return -LINUX_ENOMEM;
    }
    vnode_root_of(ns->mnt[0], out);
    if (last) {
        last->type = LAST_ROOT;
        last->name[0] = '\0';
        last->slash = 0;
    }
    pos = buf;
    for (;;) {
        size_t n, skip;
        int is_last, slash, type;
        char name[FS_NAME_MAX + 1];
        char *rest;

        while (*pos == '/')
            pos++;
        if (!*pos)
            break;
        n = strcspn(pos, "/");
        if (n > FS_NAME_MAX) {
            r = -LINUX_ENAMETOOLONG;
            break;
        }
        memcpy(name, pos, n);
        name[n] = '\0';
        rest = pos + n;
        skip = strspn(rest, "/");
        is_last = rest[skip] == '\0';
        slash = is_last && skip > 0;
        type = last_type(name, n);
        want_dir = slash;
        r = may_lookup(t, out, flags);
        if (r < 0)
            break;
        if (is_last && (flags & WALK_PARENT)) {
            if (last) {
                strcpy(last->name, name);
                last->type = type;
                last->slash = slash;
            }
            break;
        }
        if (type == LAST_DOT) {
            pos = rest;
            continue;
        }
        if (type == LAST_DOTDOT) {
            r = walk_parent(t, fs, out);
            if (r < 0)
                break;
            pos = rest;
            continue;
        }
        r = vfs_lookup_child(t, out, name, child);
        if (r < 0)
            break;
        if ((vnode_mode(t, child) & LINUX_S_IFMT) == LINUX_S_IFLNK &&
            (!is_last || slash || (flags & WALK_FOLLOW))) {
            char target[LINUX_PATH_MAX];
            size_t tl, rl;
            char *nb;
            long l;

            if (++nlinks > FS_MAXSYMLINKS) {
                r = -LINUX_ELOOP;
                vnode_release(child);
                break;
            }
            /*
             * A /proc fd link of a file with no path to follow (a pipe, the host's
             * stdio, an unlinked file) stands for the open file itself, as Linux's
             * magic links do; a file with a path is opened again by that path.
             */
            if (child->magic && is_last && !slash && !fs_magic_has_path(child->magic)) {
                vnode_release(out);
                memcpy(out, child, sizeof(*child));
                out->pnode = FS_PNODE_MAGIC;
                break;
            }
            l = vnode_readlink(t, child, target, sizeof(target));
            vnode_release(child);
            if (l < 0) {
                r = (int)l;
                break;
            }
            if (l == 0) {
                r = -LINUX_ENOENT;
                break;
            }
            /* The target takes the link's place: rest is "" or starts with "/". */
            tl = (size_t)l;
            rl = strlen(rest);
            if (tl + rl + 1 > WALK_BUF_MAX) {
                r = -LINUX_ENAMETOOLONG;
                break;
            }
            nb = malloc(tl + rl + 1);
            if (!nb) {
                r = -LINUX_ENOMEM;
                break;
            }
            memcpy(nb, target, tl);
            memcpy(nb + tl, rest, rl + 1);
            free(buf);
            buf = pos = nb;
            if (target[0] == '/') {
                vnode_release(out);
                vnode_root_of(ns->mnt[0], out);
            }
            continue;
        }
        vnode_release(out);
        memcpy(out, child, sizeof(*child));
        pos = rest;
    }
    if (r == 0 && !(flags & WALK_PARENT) && want_dir && !vnode_is_dir(t, out))
        r = -LINUX_ENOTDIR; /* "file/" */
    free(buf);
    free(child);
    if (r < 0)
        vnode_release(out);
    return r;
}

int vfs_walk(struct task *t, int dirfd, const char *path, int flags, struct vnode *out,
             struct walk_last *last)
{
    char *abs = malloc(VFS_JOIN_MAX);
    int r;

    if (!abs)
        return -LINUX_ENOMEM;
    r = vfs_resolve(t, dirfd, path, abs, VFS_JOIN_MAX);
    if (r >= 0)
        r = vfs_walk_abs(t, t->fs, abs, flags, out, last);
    free(abs);
    return r;
}
