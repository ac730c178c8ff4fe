/* SPDX-License-Identifier: MIT */
/* kernel/fs_namei.c: create, remove, rename, link and attribute changes, in Linux's check order. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred.h"
#include "fs.h"
#include "inotify.h"
#include "task.h"
#include "vfs.h"

#define S_ISUID_ 04000
#define S_ISGID_ 02000
#define S_ISVTX_ 01000

static int is_dir(uint32_t mode)
{
    return (mode & LINUX_S_IFMT) == LINUX_S_IFDIR;
}

static void touch_mc(struct mnode *m)
{
    fs_now(&m->mtime);
    m->ctime = m->mtime;
}

static void touch_c(struct mnode *m)
{
    fs_now(&m->ctime);
}

static int is_mount_root(const struct vnode *v)
{
    return strcmp(v->path, v->sb->path) == 0;
}

/* The parent directory's canonical path of canonical @path. */
static void parent_of(const char *path, char *out)
{
    char *slash;

    strcpy(out, path);
    slash = strrchr(out, '/');
    if (slash == out)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
}

/* The upper directory a change in directory @dir is made in. */
static struct mnode *dir_upper(struct vnode *dir, int *err)
{
    switch (dir->sb->kind) {
    case FS_OVERLAY:
        return ovl_upper_dir(dir->sb->ns, dir->path, err);
    case FS_TMPFS:
    case FS_DEVTMPFS:
        return dir->m;
    default:
        break;
    }
    *err = -LINUX_EPERM;
    return NULL;
}

/*
 * The in-memory inode for a change to @v's attributes or contents: an overlay
 * object is copied up (a directory alone, a file as a metacopy). NULL + *err.
 */
static struct mnode *upper_node(struct vnode *v, int *err)
{
    char parent[LINUX_PATH_MAX];
    struct mnode *up, *m;

    if (v->m && !(v->sb->kind == FS_OVERLAY && v->lower && !is_dir(v->m->mode)))
        return v->m;
    if (v->sb->kind != FS_OVERLAY) {
        *err = -LINUX_EPERM;
        return NULL;
    }
    if (is_dir(v->lsx.stx_mode) || (v->m && is_dir(v->m->mode))) {
        m = ovl_upper_dir(v->sb->ns, v->path, err);
    } else {
        parent_of(v->path, parent);
        up = ovl_upper_dir(v->sb->ns, parent, err);
        m = up ? ovl_copy_up(v->sb->ns, up, v->path, err) : NULL;
    }
    if (m && m != v->m) {
        mnode_put(v->m);
        v->m = mnode_get(m);
    }
    return m;
}

/* may_create(): write and search permission on the directory. */
static int may_create(struct task *t, const struct vnode *dir)
{
    return vnode_permission(t, dir, LINUX_W_OK | LINUX_X_OK);
}

/* may_delete(): permission, the sticky bit, then the type the call expects. */
static int may_delete(struct task *t, const struct vnode *dir, const struct vnode *victim,
                      int want_dir)
{
    struct linux_statx d, v;
    int r = vnode_statx(t, dir, &d);

    if (r == 0)
        r = vnode_statx(t, victim, &v);
    if (r < 0)
        return r;
    r = vfs_permission_caps(d.stx_mode, d.stx_uid, d.stx_gid, t->fsuid,
                            cred_gid_for(t, t->fsgid, d.stx_gid), cred_dac_caps(t, 0),
                            LINUX_W_OK | LINUX_X_OK);
    if (r < 0)
        return r;
    /* check_sticky(): the file's or the directory's owner, or CAP_FOWNER. */
    if ((d.stx_mode & S_ISVTX_) && !cred_capable(t, LINUX_CAP_FOWNER) && t->fsuid != v.stx_uid &&
        t->fsuid != d.stx_uid)
        return -LINUX_EPERM;
    if (want_dir) {
        if (!is_dir(v.stx_mode))
            return -LINUX_ENOTDIR;
        if (is_mount_root(victim) || strcmp(victim->path, "/") == 0)
            return -LINUX_EBUSY;
    } else if (is_dir(v.stx_mode)) {
        return -LINUX_EISDIR;
    }
    return 0;
}

int fs_create(struct task *t, struct vnode *dir, const char *name, uint32_t mode,
              const char *target, uint32_t rdev_major, uint32_t rdev_minor, struct vnode *out)
{
    struct linux_statx dsx;
    struct mnode *up, *m;
    uint32_t gid;
    int r, err = 0;

    r = may_create(t, dir);
    if (r < 0)
        return r;
    if (dir->sb->kind == FS_PROC)
        return (mode & LINUX_S_IFMT) == LINUX_S_IFREG ? -LINUX_EACCES : -LINUX_EPERM;
    r = vnode_statx(t, dir, &dsx);
    if (r < 0)
        return r;
    if (dir->m && dir->m->nlink == 0)
        return -LINUX_ENOENT; /* a removed directory takes no new entries */
    up = dir_upper(dir, &err);
    if (!up)
        return err;
    /* BSD group semantics for a set-group-ID directory (inode_init_owner()). */
    gid = t->fsgid;
    if (dsx.stx_mode & S_ISGID_) {
        gid = dsx.stx_gid;
        if (is_dir(mode))
            mode |= S_ISGID_;
    }
    m = mnode_new(up->sb, mode, t->fsuid, gid);
    if (!m)
        return -LINUX_ENOMEM;
    if (is_dir(mode)) {
        m->nlink = 1; /* "."; the name makes two */
        m->opaque = 1; /* nothing of a lower namesake shows through a new directory */
    }
    if (target && !(m->target = strdup(target))) {
        mnode_put(m);
        return -LINUX_ENOMEM;
    }
    m->rdev_major = rdev_major;
    m->rdev_minor = rdev_minor;
    r = mdir_add(up, name, m);
    if (r < 0) {
        mnode_put(m);
        return r;
    }
    if (is_dir(mode))
        up->nlink++;
    touch_mc(up);
    inotify_entry(&dsx, name, is_dir(mode), LINUX_IN_CREATE, 0); /* fsnotify_create(), _mkdir() */
    memset(out, 0, sizeof(*out));
    out->sb = dir->sb;
    fs_path_child(out->path, dir->path, name); /* fits: the lookup of @name built it before */
    out->m = m; /* the reference from mnode_new */
    return 0;
}

/* ---- open with O_CREAT or O_TMPFILE ---- */

static int open_tmpfile(struct task *t, int dirfd, const char *path, uint32_t lf, uint32_t mode,
                        struct file **out)
{
    struct vnode *dir = malloc(sizeof(*dir));
    struct mnode *m;
    int r;

    if (!dir)
        return -LINUX_ENOMEM;
    r = vfs_walk(t, dirfd, path, WALK_FOLLOW, dir, NULL);
    if (r < 0)
        goto out_free;
    if (!is_dir(vnode_mode(t, dir))) {
        r = -LINUX_ENOTDIR;
        goto out;
    }
    r = may_create(t, dir);
    if (r < 0)
        goto out;
    if (dir->sb->kind == FS_PROC) {
        r = -LINUX_EOPNOTSUPP;
        goto out;
    }
    /* An inode with no name: it lives as long as the file, unless linkat() names it. */
    m = mnode_new(dir->sb->kind == FS_OVERLAY ? dir->sb->ns->mnt[0] : dir->sb,
                  LINUX_S_IFREG | (mode & 07777 & ~t->umask), t->fsuid, t->fsgid);
    if (!m) {
        r = -LINUX_ENOMEM;
        goto out;
    }
    mnode_put(dir->m);
    dir->m = m;
    dir->lower = 0;
    {
        char name[32];

        snprintf(name, sizeof(name), "#%llu", (unsigned long long)m->ino);
        if (fs_path_child(dir->path, dir->path, name) < 0)
            strcpy(dir->path, "/#tmpfile");
    }
    r = fs_open_created(t, dir, lf, out);
out:
    vnode_release(dir);
out_free:
    free(dir);
    return r;
}

int fs_open_memfd(struct task *t, const char *name, uint32_t mfd_flags, struct file **out)
{
    struct vnode *v = malloc(sizeof(*v));
    struct mnode *m;
    int r;

    if (!v)
        return -LINUX_ENOMEM;
    /* The root's vnode, made into the new inode's, as open_tmpfile() does with its directory. */
    r = vfs_walk(t, LINUX_AT_FDCWD, "/", WALK_FOLLOW | WALK_NOPERM, v, NULL);
    if (r < 0) {
        free(v);
        return r;
    }
    m = mnode_new(v->sb->kind == FS_OVERLAY ? v->sb->ns->mnt[0] : v->sb, LINUX_S_IFREG | 0777,
                  t->fsuid, t->fsgid);
    if (!m) {
        r = -LINUX_ENOMEM;
        goto out;
    }
    m->memfd = 1;
    if (mfd_flags & LINUX_MFD_NOEXEC_SEAL) {
        m->mode &= ~(uint32_t)0111;
        m->seals = LINUX_F_SEAL_EXEC;
    } else if (!(mfd_flags & LINUX_MFD_ALLOW_SEALING)) {
        m->seals = LINUX_F_SEAL_SEAL;
    }
    mnode_put(v->m);
    v->m = m;
    v->lower = 0;
    if (snprintf(v->path, sizeof(v->path), "/memfd:%s", name) >= (int)sizeof(v->path))
        strcpy(v->path, "/memfd:");
    r = fs_open_created(t, v, LINUX_O_RDWR | LINUX_O_LARGEFILE, out);
out:
    vnode_release(v);
    free(v);
    return r;
}

int fs_open(struct task *t, int dirfd, const char *path, uint32_t lf, uint32_t mode,
            struct file **out)
{
    struct vnode *dir, *child;
    struct walk_last last;
    char *abs;
    int r, nlinks = 0;

    *out = NULL;
    if (lf & LINUX_O_TMPFILE_BASE)
        return open_tmpfile(t, dirfd, path, lf, mode, out);
    if (!(lf & LINUX_O_CREAT)) {
        int wf = (lf & LINUX_O_NOFOLLOW) ? 0 : WALK_FOLLOW;

        child = malloc(sizeof(*child));
        if (!child)
            return -LINUX_ENOMEM;
        r = vfs_walk(t, dirfd, path, wf, child, NULL);
        if (r == 0) {
            if ((lf & LINUX_O_DIRECTORY) && !child->magic && !is_dir(vnode_mode(t, child)))
                r = -LINUX_ENOTDIR;
            else
                r = fs_open_vnode(t, child, lf, out);
            vnode_release(child);
        }
        free(child);
        return r;
    }
    abs = malloc(VFS_JOIN_MAX);
    dir = malloc(sizeof(*dir));
    child = malloc(sizeof(*child));
    if (!abs || !dir || !child) {
        r = -LINUX_ENOMEM;
        goto out_free;
    }
    r = vfs_resolve(t, dirfd, path, abs, VFS_JOIN_MAX);
    if (r < 0)
        goto out_free;
    for (;;) {
        char target[LINUX_PATH_MAX];
        long l;

        r = vfs_walk_abs(t, t->fs, abs, WALK_PARENT | WALK_FOLLOW, dir, &last);
        if (r < 0)
            break;
        /* open_last_lookups(): "/", "." and ".." or a trailing "/" cannot be created. */
        if (last.type != LAST_NORM || last.slash) {
            vnode_release(dir);
            r = -LINUX_EISDIR;
            break;
        }
        r = vfs_lookup_child(t, dir, last.name, child);
        if (r == -LINUX_ENOENT) {
            r = fs_create(t, dir, last.name, LINUX_S_IFREG | (mode & 07777 & ~t->umask), NULL, 0,
                          0, child);
            vnode_release(dir);
            if (r == 0) {
                r = fs_open_created(t, child, lf, out);
                vnode_release(child);
            }
            break;
        }
        if (r < 0) {
            vnode_release(dir);
            break;
        }
        if (lf & LINUX_O_EXCL) {
            r = -LINUX_EEXIST;
        } else if (child->magic && !(lf & LINUX_O_NOFOLLOW) && !fs_magic_has_path(child->magic)) {
            child->pnode = FS_PNODE_MAGIC;
            r = fs_open_vnode(t, child, lf, out); /* /proc/<pid>/fd/N: that very file */
        } else if ((vnode_mode(t, child) & LINUX_S_IFMT) == LINUX_S_IFLNK) {
            if ((lf & LINUX_O_NOFOLLOW) || ++nlinks > FS_MAXSYMLINKS) {
                r = -LINUX_ELOOP;
            } else {
                /* Follow it: the target may be created in turn (a dangling link). */
                l = vnode_readlink(t, child, target, sizeof(target));
                if (l == 0)
                    r = -LINUX_ENOENT;
                else if (l < 0)
                    r = (int)l;
                else
                    r = vfs_path_join(abs, VFS_JOIN_MAX, dir->path, target);
                if (r >= 0) {
                    vnode_release(child);
                    vnode_release(dir);
                    continue;
                }
            }
        } else if (is_dir(vnode_mode(t, child))) {
            r = -LINUX_EISDIR;
        } else {
            r = fs_open_vnode(t, child, lf, out);
        }
        vnode_release(child);
        vnode_release(dir);
        break;
    }
out_free:
    free(abs);
    free(dir);
    free(child);
    return r;
}

/* ---- mkdir, mknod, symlink ---- */

/*
 * filename_create(): walk to the parent of a name that must not exist yet, then
 * EEXIST, then a trailing "/" is ENOENT unless a directory is being made
 * (@dir_ok). On success @dir is held (the caller releases it) and @last names
 * the new entry; @scratch is only used for the lookup.
 */
static int new_name_parent(struct task *t, int dirfd, const char *path, int dir_ok,
                           struct vnode *dir, struct walk_last *last, struct vnode *scratch)
{
    int r = vfs_walk(t, dirfd, path, WALK_PARENT | WALK_FOLLOW, dir, last);
    if (r < 0)
        return r;
    if (last->type != LAST_NORM) {
        r = -LINUX_EEXIST;
    } else {
        r = vfs_lookup_child(t, dir, last->name, scratch);
        if (r == 0) {
            vnode_release(scratch);
            r = -LINUX_EEXIST;
        } else if (r == -LINUX_ENOENT) {
            r = last->slash && !dir_ok ? -LINUX_ENOENT : 0;
        }
    }
    if (r < 0)
        vnode_release(dir);
    return r;
}

/* filename_create(): the parent, then EEXIST, then a trailing "/" on a non-directory. */
static int create_at(struct task *t, int dirfd, const char *path, uint32_t mode,
                     const char *target, uint32_t maj, uint32_t min)
{
    struct vnode *dir = malloc(sizeof(*dir)), *child = malloc(sizeof(*child));
    struct walk_last last;
    int r;

    if (!dir || !child) {
        r = -LINUX_ENOMEM;
        goto out_free;
    }
    r = new_name_parent(t, dirfd, path, is_dir(mode), dir, &last, child);
    if (r < 0)
        goto out_free;
    r = fs_create(t, dir, last.name, mode, target, maj, min, child);
    if (r == 0)
        vnode_release(child);
    vnode_release(dir);
out_free:
    free(dir);
    free(child);
    return r;
}

long vfs_mkdir(struct task *t, int dirfd, const char *path, uint32_t mode)
{
    return create_at(t, dirfd, path, LINUX_S_IFDIR | (mode & 07777 & ~t->umask), NULL, 0, 0);
}

long vfs_mknod(struct task *t, int dirfd, const char *path, uint32_t mode, uint64_t dev)
{
    uint32_t type = mode & LINUX_S_IFMT;

    if (type == 0)
        type = LINUX_S_IFREG;
    switch (type) {
    case LINUX_S_IFREG:
    case LINUX_S_IFIFO:
    case LINUX_S_IFSOCK:
        dev = 0;
        break;
    case LINUX_S_IFCHR:
    case LINUX_S_IFBLK:
        if (!cred_capable(t, LINUX_CAP_MKNOD))
            return -LINUX_EPERM;
        break;
    case LINUX_S_IFDIR:
        return -LINUX_EPERM;
    default:
        return -LINUX_EINVAL;
    }
    return create_at(t, dirfd, path, type | (mode & 07777 & ~t->umask), NULL,
                     (uint32_t)((dev >> 8) & 0xfff), (uint32_t)((dev & 0xff) | ((dev >> 12) & 0xfff00)));
}

long vfs_symlink(struct task *t, const char *target, int dirfd, const char *path)
{
    if (!*target)
        return -LINUX_ENOENT;
    return create_at(t, dirfd, path, LINUX_S_IFLNK | 0777, target, 0, 0);
}

/* ---- unlink and rmdir ---- */

/* Whether the lower layer has something at @path that an upper change must hide. */
static int lower_has(struct vfs_ns *ns, struct mnode *up, const char *path)
{
    struct linux_statx sx;

    return !up->opaque && ovl_probe(ns, path, &sx) == 0;
}

static int remove_entry(struct vnode *dir, const char *name, const struct vnode *victim)
{
    struct mnode *up;
    int err = 0;

    up = dir_upper(dir, &err);
    if (!up)
        return err;
    if (dir->sb->kind == FS_OVERLAY && lower_has(dir->sb->ns, up, victim->path)) {
        struct mnode *shared = NULL;

        /* A lower name of a hard-linked file: its inode loses a link, the others see it. */
        if (!mdir_find(up, name) && !is_dir(vnode_mode(NULL, victim)) &&
            (victim->m || victim->lsx.stx_nlink > 1)) {
            shared = victim->m ? victim->m
                               : ovl_index_node(dir->sb->ns, victim->path, &victim->lsx, &err);
            if (!shared)
                return err;
        }
        err = mdir_add(up, name, NULL); /* a whiteout */
        if (err == 0 && shared)
            mnode_unlink(shared);
    } else {
        mdir_remove(up, name);
    }
    if (err < 0)
        return err;
    touch_mc(up);
    return 0;
}

static int dir_is_empty(struct task *t, const struct vnode *v)
{
    struct fs_dirent *ents;
    size_t n;
    int r = fs_list_dir(t, v, &ents, &n), empty = 1;

    if (r < 0)
        return r;
    for (size_t i = 0; i < n; i++)
        if (strcmp(ents[i].name, ".") && strcmp(ents[i].name, ".."))
            empty = 0;
    fs_dirents_free(ents, n);
    return empty;
}

long vfs_unlink(struct task *t, int dirfd, const char *path, int rmdir)
{
    struct vnode *dir = malloc(sizeof(*dir)), *child = malloc(sizeof(*child));
    struct walk_last last;
    int r;

    if (!dir || !child) {
        r = -LINUX_ENOMEM;
        goto out_free;
    }
    r = vfs_walk(t, dirfd, path, WALK_PARENT | WALK_FOLLOW, dir, &last);
    if (r < 0)
        goto out_free;
    if (last.type != LAST_NORM) {
        if (!rmdir)
            r = -LINUX_EISDIR;
        else
            r = last.type == LAST_DOTDOT ? -LINUX_ENOTEMPTY
                : last.type == LAST_DOT  ? -LINUX_EINVAL
                                         : -LINUX_EBUSY;
        goto out;
    }
    r = vfs_lookup_child(t, dir, last.name, child);
    if (r < 0)
        goto out;
    if (!rmdir && last.slash) {
        r = is_dir(vnode_mode(t, child)) ? -LINUX_EISDIR : -LINUX_ENOTDIR;
        goto out_child;
    }
    r = may_delete(t, dir, child, rmdir);
    if (r < 0)
        goto out_child;
    if (is_mount_root(child)) {
        r = -LINUX_EBUSY;
        goto out_child;
    }
    if (dir->sb->kind == FS_PROC) {
        r = -LINUX_EPERM;
        goto out_child;
    }
    if (rmdir) {
        r = dir_is_empty(t, child);
        if (r == 0)
            r = -LINUX_ENOTEMPTY;
        if (r < 0)
            goto out_child;
    }
    struct linux_statx dsx, csx;
    int watched = inotify_nwatches && vnode_statx(t, dir, &dsx) == 0 &&
                  vnode_statx(t, child, &csx) == 0;
    r = remove_entry(dir, last.name, child);
    if (r == 0 && child->m) {
        if (rmdir)
            child->m->nlink = 0;
        else
            touch_c(child->m);
    }
    /* vfs_unlink(): the link count (LINUX_IN_ATTRIB), then the entry (LINUX_IN_DELETE), then, for the
     * last link, the inode itself. Linux reports that when the last open file closes too;
     * here it is at once. */
    if (r == 0 && watched) {
        if (!rmdir)
            inotify_inode(NULL, NULL, &csx, LINUX_IN_ATTRIB);
        inotify_entry(&dsx, last.name, rmdir, LINUX_IN_DELETE, 0);
        if (rmdir || csx.stx_nlink <= 1)
            inotify_self(&csx, LINUX_IN_DELETE_SELF);
    }
    if (r == 0 && rmdir) {
        struct mnode *up = dir->sb->kind == FS_OVERLAY ? ovl_upper_find(dir->sb->ns, dir->path)
                                                       : dir->m;

        if (up && up->nlink > 2)
            up->nlink--;
    }
out_child:
    vnode_release(child);
out:
    vnode_release(dir);
out_free:
    free(dir);
    free(child);
    return r;
}

/* ---- rename ---- */

static int is_under(const char *p, const char *dir)
{
    size_t n = strlen(dir);

    if (strcmp(dir, "/") == 0)
        return p[0] == '/' && p[1] != '\0';
    return strncmp(p, dir, n) == 0 && p[n] == '/';
}

static int same_object(struct task *t, const struct vnode *a, const struct vnode *b)
{
    struct linux_statx x, y;

    if (a->m && b->m)
        return a->m == b->m;
    if (vnode_statx(t, a, &x) < 0 || vnode_statx(t, b, &y) < 0)
        return 0;
    return x.stx_ino == y.stx_ino && x.stx_dev_major == y.stx_dev_major &&
           x.stx_dev_minor == y.stx_dev_minor;
}

/* The node that moves: upper already, or copied up (a directory with all beneath it). */
static struct mnode *moving_node(struct vnode *dir, struct mnode *up, struct vnode *v, int *err)
{
    struct mnode *m;

    if (dir->sb->kind != FS_OVERLAY)
        return v->m;
    m = ovl_copy_up(dir->sb->ns, up, v->path, err);
    return m;
}

long vfs_rename(struct task *t, int odirfd, const char *opath, int ndirfd, const char *npath,
                uint32_t flags)
{
    struct vnode *od = malloc(sizeof(*od)), *nd = malloc(sizeof(*nd));
    struct vnode *ov = malloc(sizeof(*ov)), *nv = malloc(sizeof(*nv));
    struct walk_last ol, nl;
    int r, have_new = 0, odir, exchange = (flags & LINUX_RENAME_EXCHANGE) != 0;
    struct mnode *oup, *nup, *om, *nm = NULL;
    int err = 0;

    if (!od || !nd || !ov || !nv) {
        r = -LINUX_ENOMEM;
        goto out_free;
    }
    if (flags & ~(uint32_t)(LINUX_RENAME_NOREPLACE | LINUX_RENAME_EXCHANGE | LINUX_RENAME_WHITEOUT)) {
        r = -LINUX_EINVAL;
        goto out_free;
    }
    if ((flags & LINUX_RENAME_NOREPLACE) && exchange) {
        r = -LINUX_EINVAL;
        goto out_free;
    }
    if ((flags & LINUX_RENAME_WHITEOUT) && exchange) {
        r = -LINUX_EINVAL;
        goto out_free;
    }
    r = vfs_walk(t, odirfd, opath, WALK_PARENT | WALK_FOLLOW, od, &ol);
    if (r < 0)
        goto out_free;
    r = vfs_walk(t, ndirfd, npath, WALK_PARENT | WALK_FOLLOW, nd, &nl);
    if (r < 0)
        goto out_od;
    if (od->sb != nd->sb) {
        r = -LINUX_EXDEV;
        goto out_nd;
    }
    r = -LINUX_EBUSY;
    if (ol.type != LAST_NORM)
        goto out_nd;
    if (flags & LINUX_RENAME_NOREPLACE)
        r = -LINUX_EEXIST;
    if (nl.type != LAST_NORM)
        goto out_nd;
    if (flags & LINUX_RENAME_WHITEOUT) {
        r = -LINUX_EINVAL; /* whiteouts are this layer's own business */
        goto out_nd;
    }
    r = vfs_lookup_child(t, od, ol.name, ov);
    if (r < 0)
        goto out_nd;
    r = vfs_lookup_child(t, nd, nl.name, nv);
    if (r == 0)
        have_new = 1;
    else if (r != -LINUX_ENOENT)
        goto out_ov;
    if ((flags & LINUX_RENAME_NOREPLACE) && have_new) {
        r = -LINUX_EEXIST;
        goto out_nv;
    }
    if (exchange && !have_new) {
        r = -LINUX_ENOENT;
        goto out_nv;
    }
    odir = is_dir(vnode_mode(t, ov));
    if (!odir && (ol.slash || (!exchange && nl.slash))) {
        r = -LINUX_ENOTDIR;
        goto out_nv;
    }
    if (exchange && nl.slash && !is_dir(vnode_mode(t, nv))) {
        r = -LINUX_ENOTDIR;
        goto out_nv;
    }
    /* lock_rename(): the source may not contain the target, nor the target the source. */
    if (is_under(nd->path, ov->path) || strcmp(nd->path, ov->path) == 0) {
        r = -LINUX_EINVAL;
        goto out_nv;
    }
    if (have_new && (is_under(od->path, nv->path) || strcmp(od->path, nv->path) == 0)) {
        r = exchange ? -LINUX_EINVAL : -LINUX_ENOTEMPTY;
        goto out_nv;
    }
    if (have_new && same_object(t, ov, nv)) {
        r = 0;
        goto out_nv;
    }
    r = may_delete(t, od, ov, odir);
    if (r < 0)
        goto out_nv;
    if (!have_new)
        r = may_create(t, nd);
    else
        r = may_delete(t, nd, nv, exchange ? is_dir(vnode_mode(t, nv)) : odir);
    if (r < 0)
        goto out_nv;
    if (is_mount_root(ov) || (have_new && is_mount_root(nv))) {
        r = -LINUX_EBUSY;
        goto out_nv;
    }
    if (od->sb->kind == FS_PROC) {
        r = -LINUX_EPERM;
        goto out_nv;
    }
    if (have_new && !exchange && odir) {
        r = dir_is_empty(t, nv);
        if (r == 0)
            r = -LINUX_ENOTEMPTY;
        if (r < 0)
            goto out_nv;
    }
    /* Moving a directory to a new parent rewrites its "..": write permission on it. */
    if (odir && strcmp(od->path, nd->path)) {
        r = vnode_permission(t, ov, LINUX_W_OK);
        if (r < 0)
            goto out_nv;
    }
    struct linux_statx osx[2], nsx[2]; /* directory, then object, of each side */
    int watched = inotify_nwatches && vnode_statx(t, od, &osx[0]) == 0 &&
                  vnode_statx(t, ov, &osx[1]) == 0 && vnode_statx(t, nd, &nsx[0]) == 0 &&
                  (!have_new || vnode_statx(t, nv, &nsx[1]) == 0);
    oup = dir_upper(od, &err);
    nup = oup ? dir_upper(nd, &err) : NULL;
    om = nup ? moving_node(od, oup, ov, &err) : NULL;
    if (om && exchange)
        nm = moving_node(nd, nup, nv, &err);
    if (!om || (exchange && !nm)) {
        r = err;
        goto out_nv;
    }
    mnode_get(om);
    if (exchange) {
        mnode_get(nm);
        mdir_detach(oup, ol.name);
        mdir_detach(nup, nl.name);
        r = mdir_attach(nup, nl.name, om);
        if (r == 0)
            r = mdir_attach(oup, ol.name, nm);
        if (r == 0 && oup != nup && is_dir(om->mode) != is_dir(nm->mode)) {
            if (is_dir(om->mode)) {
                oup->nlink--;
                nup->nlink++;
            } else {
                oup->nlink++;
                nup->nlink--;
            }
        }
        touch_c(nm);
        mnode_put(nm);
    } else {
        int replaced_dir = have_new && is_dir(vnode_mode(t, nv));
        int hide = od->sb->kind == FS_OVERLAY && lower_has(od->sb->ns, oup, ov->path);

        mdir_detach(oup, ol.name);
        r = mdir_attach(nup, nl.name, om);
        if (r == 0 && hide)
            r = mdir_add(oup, ol.name, NULL);
        if (r == 0 && is_dir(om->mode)) {
            if (oup != nup) {
                oup->nlink--;
                if (!replaced_dir)
                    nup->nlink++;
            } else if (replaced_dir) {
                nup->nlink--;
            }
        }
    }
    touch_c(om);
    mnode_put(om);
    touch_mc(oup);
    if (nup != oup)
        touch_mc(nup);
    /* fsnotify_move(): the two names under one cookie, the replaced file's link count, the
     * moved object; an exchange is two moves. */
    if (r == 0 && watched) {
        uint32_t cookie = inotify_cookie();
        inotify_entry(&osx[0], ol.name, odir, LINUX_IN_MOVED_FROM, cookie);
        inotify_entry(&nsx[0], nl.name, odir, LINUX_IN_MOVED_TO, cookie);
        if (have_new && !exchange)
            inotify_inode(NULL, NULL, &nsx[1], LINUX_IN_ATTRIB);
        inotify_self(&osx[1], LINUX_IN_MOVE_SELF);
        if (exchange) {
            int ndir = is_dir(nsx[1].stx_mode);
            cookie = inotify_cookie();
            inotify_entry(&nsx[0], nl.name, ndir, LINUX_IN_MOVED_FROM, cookie);
            inotify_entry(&osx[0], ol.name, ndir, LINUX_IN_MOVED_TO, cookie);
            inotify_self(&nsx[1], LINUX_IN_MOVE_SELF);
        } else if (have_new && (is_dir(nsx[1].stx_mode) || nsx[1].stx_nlink <= 1)) {
            inotify_self(&nsx[1], LINUX_IN_DELETE_SELF);
        }
    }
out_nv:
    if (have_new)
        vnode_release(nv);
out_ov:
    vnode_release(ov);
out_nd:
    vnode_release(nd);
out_od:
    vnode_release(od);
out_free:
    free(od);
    free(nd);
    free(ov);
    free(nv);
    return r;
}

/* ---- link ---- */

long vfs_link(struct task *t, int odirfd, const char *opath, int ndirfd, const char *npath,
              uint32_t flags)
{
    struct vnode *ov = malloc(sizeof(*ov)), *nd = malloc(sizeof(*nd)), *nv = malloc(sizeof(*nv));
    struct walk_last last;
    struct mnode *m, *up;
    int r, err = 0;

    if (!ov || !nd || !nv) {
        r = -LINUX_ENOMEM;
        goto out_free;
    }
    if (flags & ~(uint32_t)(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH)) {
        r = -LINUX_EINVAL;
        goto out_free;
    }
    if ((flags & LINUX_AT_EMPTY_PATH) && !*opath) {
        struct file *f = fd_lookup(t->files, odirfd);

        if (odirfd == LINUX_AT_FDCWD)
            r = vfs_walk(t, odirfd, ".", 0, ov, NULL);
        else
            r = f ? fs_file_vnode(t, f, ov) : -LINUX_EBADF;
    } else {
        r = vfs_walk(t, odirfd, opath, (flags & LINUX_AT_SYMLINK_FOLLOW) ? WALK_FOLLOW : 0, ov,
                     NULL);
    }
    if (r < 0)
        goto out_free;
    r = new_name_parent(t, ndirfd, npath, 0, nd, &last, nv);
    if (r < 0)
        goto out_ov;
    if (ov->sb != nd->sb) {
        r = -LINUX_EXDEV;
        goto out_nd;
    }
    r = may_create(t, nd);
    if (r < 0)
        goto out_nd;
    if (is_dir(vnode_mode(t, ov)) || nd->sb->kind == FS_PROC) {
        r = -LINUX_EPERM;
        goto out_nd;
    }
    /* An O_TMPFILE inode may be named; one unlinked after having a name may not. */
    if (ov->m && ov->m->nlink == 0 && !strstr(ov->path, "/#")) {
        r = -LINUX_ENOENT;
        goto out_nd;
    }
    m = ov->m && ov->m->nlink == 0 ? ov->m : upper_node(ov, &err);
    up = m ? dir_upper(nd, &err) : NULL;
    if (!up) {
        r = err;
        goto out_nd;
    }
    r = mdir_add(up, last.name, m);
    if (r == 0) {
        touch_c(m);
        touch_mc(up);
        /* fsnotify_link(): the link count, then the new name. */
        struct linux_statx msx, dsx;
        if (inotify_nwatches && vnode_statx(t, ov, &msx) == 0 && vnode_statx(t, nd, &dsx) == 0) {
            inotify_inode(NULL, NULL, &msx, LINUX_IN_ATTRIB);
            inotify_entry(&dsx, last.name, 0, LINUX_IN_CREATE, 0);
        }
    }
out_nd:
    vnode_release(nd);
out_ov:
    vnode_release(ov);
out_free:
    free(ov);
    free(nd);
    free(nv);
    return r;
}

/* ---- attributes ---- */

/* The object an attribute call names: a path, or the fd itself (AT_EMPTY_PATH / NULL path). */
static int attr_target(struct task *t, int dirfd, const char *path, int nofollow, struct file *f,
                       struct vnode *out)
{
    if (f)
        return fs_file_vnode(t, f, out);
    return vfs_walk(t, dirfd, path, nofollow ? 0 : WALK_FOLLOW, out, NULL);
}

long vfs_chmod(struct task *t, int dirfd, const char *path, struct file *f, uint32_t mode)
{
    struct vnode *v = malloc(sizeof(*v));
    struct linux_statx sx;
    struct mnode *m;
    int r, err = 0;

    if (!v)
        return -LINUX_ENOMEM;
    r = attr_target(t, dirfd, path, 0, f, v);
    if (r < 0)
        goto out_free;
    r = vnode_statx(t, v, &sx);
    if (r < 0)
        goto out;
    if (!cred_capable(t, LINUX_CAP_FOWNER) && t->fsuid != sx.stx_uid) {
        r = -LINUX_EPERM;
        goto out;
    }
    m = upper_node(v, &err);
    if (!m) {
        r = err;
        goto out;
    }
    mode &= 07777;
    /* Not in the file's group and not root: set-group-ID is dropped (inode_init_owner()). */
    if (!cred_capable(t, LINUX_CAP_FSETID) && !cred_in_group(t, m->gid))
        mode &= ~(uint32_t)S_ISGID_;
    m->mode = (m->mode & LINUX_S_IFMT) | mode;
    touch_c(m);
    inotify_vnode(t, v, LINUX_IN_ATTRIB); /* fsnotify_change(ATTR_MODE) */
out:
    vnode_release(v);
out_free:
    free(v);
    return r;
}

long vfs_chown(struct task *t, int dirfd, const char *path, struct file *f, uint32_t uid,
               uint32_t gid, int nofollow)
{
    struct vnode *v = malloc(sizeof(*v));
    struct linux_statx sx;
    struct mnode *m;
    int r, err = 0;

    if (!v)
        return -LINUX_ENOMEM;
    r = attr_target(t, dirfd, path, nofollow, f, v);
    if (r < 0)
        goto out_free;
    r = vnode_statx(t, v, &sx);
    if (r < 0)
        goto out;
    if (uid == (uint32_t)-1)
        uid = sx.stx_uid;
    if (gid == (uint32_t)-1)
        gid = sx.stx_gid;
    /* chown_ok()/chgrp_ok(): only root gives files away; an owner may pick its own group. */
    if (!cred_capable(t, LINUX_CAP_CHOWN) && (uid != sx.stx_uid || t->fsuid != sx.stx_uid ||
                         (gid != sx.stx_gid && !cred_in_group(t, gid)))) {
        r = -LINUX_EPERM;
        goto out;
    }
    m = upper_node(v, &err);
    if (!m) {
        r = err;
        goto out;
    }
    m->uid = uid;
    m->gid = gid;
    /* notify_change(ATTR_KILL_SUID/SGID) for anything but a directory. */
    if (!is_dir(m->mode) && (m->mode & LINUX_S_IFMT) != LINUX_S_IFLNK) {
        m->mode &= ~(uint32_t)S_ISUID_;
        if (m->mode & 010)
            m->mode &= ~(uint32_t)S_ISGID_;
    }
    touch_c(m);
    inotify_vnode(t, v, LINUX_IN_ATTRIB); /* fsnotify_change(ATTR_UID|ATTR_GID) */
out:
    vnode_release(v);
out_free:
    free(v);
    return r;
}

#define UTIME_NOW_ ((1L << 30) - 1)
#define UTIME_OMIT_ ((1L << 30) - 2)

long vfs_utimens(struct task *t, int dirfd, const char *path, struct file *f,
                 const struct linux_timespec *times, int nofollow)
{
    struct vnode *v;
    struct linux_statx sx;
    struct linux_statx_timestamp now;
    struct mnode *m;
    int r, err = 0, explicit_times = 0;

    if (times) {
        for (int i = 0; i < 2; i++) {
            long ns = (long)times[i].tv_nsec;

            if (ns != UTIME_NOW_ && ns != UTIME_OMIT_ && (ns < 0 || ns > 999999999))
                return -LINUX_EINVAL;
            if (ns != UTIME_NOW_ && ns != UTIME_OMIT_)
                explicit_times = 1;
        }
        if (times[0].tv_nsec == UTIME_OMIT_ && times[1].tv_nsec == UTIME_OMIT_)
            return 0;
    }
    v = malloc(sizeof(*v));
    if (!v)
        return -LINUX_ENOMEM;
    r = attr_target(t, dirfd, path, nofollow, f, v);
    if (r < 0)
        goto out_free;
    r = vnode_statx(t, v, &sx);
    if (r < 0)
        goto out;
    /* Setting times to "now" needs write access; anything else ownership (inode_owner_or_capable). */
    if (!cred_capable(t, LINUX_CAP_FOWNER) && t->fsuid != sx.stx_uid) {
        if (explicit_times) {
            r = -LINUX_EPERM;
            goto out;
        }
        r = vfs_permission_caps(sx.stx_mode, sx.stx_uid, sx.stx_gid, t->fsuid,
                                cred_gid_for(t, t->fsgid, sx.stx_gid), cred_dac_caps(t, 0),
                                LINUX_W_OK);
        if (r < 0)
            goto out;
    }
    m = upper_node(v, &err);
    if (!m) {
        r = err;
        goto out;
    }
    fs_now(&now);
    for (int i = 0; i < 2; i++) {
        struct linux_statx_timestamp *ts = i == 0 ? &m->atime : &m->mtime;

        if (!times || times[i].tv_nsec == UTIME_NOW_) {
            *ts = now;
        } else if (times[i].tv_nsec != UTIME_OMIT_) {
            ts->tv_sec = times[i].tv_sec;
            ts->tv_nsec = (uint32_t)times[i].tv_nsec;
        }
    }
    m->ctime = now;
    /* fsnotify_change(): both times are LINUX_IN_ATTRIB, the access time alone LINUX_IN_ACCESS, the
     * modification time alone LINUX_IN_MODIFY. */
    int at = !times || times[0].tv_nsec != UTIME_OMIT_, mt = !times || times[1].tv_nsec != UTIME_OMIT_;
    inotify_vnode(t, v, at && mt ? LINUX_IN_ATTRIB : at ? LINUX_IN_ACCESS : LINUX_IN_MODIFY);
out:
    vnode_release(v);
out_free:
    free(v);
    return r;
}

/* ---- truncate ---- */

long vfs_truncate(struct task *t, const char *path, int64_t len)
{
    struct vnode *v;
    struct mnode *m;
    int r, err = 0;
    uint32_t mode;

    if (len < 0)
        return -LINUX_EINVAL;
    v = malloc(sizeof(*v));
    if (!v)
        return -LINUX_ENOMEM;
    r = vfs_walk(t, LINUX_AT_FDCWD, path, WALK_FOLLOW, v, NULL);
    if (r < 0)
        goto out_free;
    mode = vnode_mode(t, v);
    if (is_dir(mode)) {
        r = -LINUX_EISDIR;
        goto out;
    }
    if ((mode & LINUX_S_IFMT) != LINUX_S_IFREG) {
        r = -LINUX_EINVAL;
        goto out;
    }
    r = vnode_permission(t, v, LINUX_W_OK);
    if (r < 0)
        goto out;
    if (v->sb->kind == FS_PROC) {
        r = -LINUX_EACCES;
        goto out;
    }
    m = upper_node(v, &err);
    r = m ? mnode_load(m) : err;
    if (r == 0)
        r = mnode_seal_resize(m, (uint64_t)len);
    if (r == 0)
        r = mnode_resize(m, (uint64_t)len);
    if (r == 0) {
        touch_mc(m);
        inotify_vnode(t, v, LINUX_IN_MODIFY); /* do_truncate(): ATTR_SIZE */
    }
out:
    vnode_release(v);
out_free:
    free(v);
    return r;
}

/* ---- statfs ---- */

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define ST_NOSUID_ 0x2
#define ST_NODEV_ 0x4
#define ST_NOEXEC_ 0x8
#define ST_RELATIME_ 0x400

static void fill_statfs(struct fs_super *sb, struct linux_statfs *st)
{
    struct vfs_ns *ns = sb->ns;
    struct statvfs_host {
        int64_t f_type, f_bsize;
        uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
        int32_t f_fsid[2];
        int64_t f_namelen, f_frsize, f_flags, f_spare[4];
    } h;
    uint64_t total;

    memset(st, 0, sizeof(*st));
    st->f_bsize = 4096;
    st->f_frsize = 4096;
    st->f_namelen = FS_NAME_MAX;
    st->f_fsid[0] = (int32_t)sb->dev_minor;
    st->f_fsid[1] = (int32_t)sb->dev_major;
    switch (sb->kind) {
    case FS_OVERLAY:
        /* Sizes as the host root reports them: the upper layer lives in memory anyway. */
        st->f_type = OVERLAYFS_SUPER_MAGIC;
        st->f_flags = ST_RELATIME_;
        if (vfs_host_fstatfs(ns->root_fd, &h, sizeof(h)) == 0) {
            st->f_bsize = h.f_bsize;
            st->f_frsize = h.f_frsize;
            st->f_blocks = h.f_blocks;
            st->f_bfree = h.f_bfree;
            st->f_bavail = h.f_bavail;
            st->f_files = h.f_files;
            st->f_ffree = h.f_ffree;
            st->f_namelen = h.f_namelen;
        }
        break;
    case FS_TMPFS:
    case FS_DEVTMPFS:
        /* tmpfs's default size: half of RAM (mm/shmem.c: shmem_default_max_blocks()). */
        st->f_type = TMPFS_MAGIC;
        st->f_flags = ST_NOSUID_ | (sb->kind == FS_TMPFS ? ST_NODEV_ : ST_RELATIME_);
        total = vfs_host_ram() / 2 / 4096;
        st->f_blocks = total;
        st->f_bfree = st->f_bavail = total > sb->bytes / 4096 ? total - (sb->bytes + 4095) / 4096 : 0;
        st->f_files = total;
        st->f_ffree = total > sb->inodes ? total - sb->inodes : 0;
        break;
    case FS_PROC:
        st->f_type = PROC_SUPER_MAGIC;
        st->f_flags = ST_NOSUID_ | ST_NODEV_ | ST_NOEXEC_ | ST_RELATIME_;
        break;
    }
}

long vfs_statfs(struct task *t, const char *path, struct file *f, struct linux_statfs *st)
{
    struct vnode *v = malloc(sizeof(*v));
    int r;

    if (!v)
        return -LINUX_ENOMEM;
    if (f && !f->path) {
        /* stdio, pipes: an anonymous filesystem of their own */
        free(v);
        memset(st, 0, sizeof(*st));
        st->f_type = 0x50495045; /* PIPEFS_MAGIC */
        st->f_bsize = 4096;
        st->f_frsize = 4096;
        st->f_namelen = FS_NAME_MAX;
        return 0;
    }
    r = f ? fs_file_vnode(t, f, v) : vfs_walk(t, LINUX_AT_FDCWD, path, WALK_FOLLOW, v, NULL);
    if (r == 0) {
        fill_statfs(v->sb, st);
        vnode_release(v);
    }
    free(v);
    return r;
}
