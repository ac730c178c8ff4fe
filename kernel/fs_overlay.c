/* SPDX-License-Identifier: MIT */
/* kernel/fs_overlay.c: the overlay's lower layer (the host root, read only), copy-up and listings. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs.h"
#include "vfs.h"

/*
 * The lower layer is only ever read: every host access is an openat2 of one
 * canonical guest path beneath the root (vfs_host_open: RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS), O_NOFOLLOW, so a lower symlink is never followed by the
 * host; the walk in mount.c reads it and goes on inside the guest's tree.
 */

int ovl_open_lower(struct vfs_ns *ns, const char *path, int hflags)
{
    struct fs_context fs = {.root_fd = ns->root_fd};

    return vfs_host_open(&fs, path, hflags);
}

int ovl_probe(struct vfs_ns *ns, const char *path, struct linux_statx *sx)
{
    int fd = ovl_open_lower(ns, path, O_PATH | O_NOFOLLOW), r;

    if (fd < 0)
        return fd;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH, LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME, sx);
    close(fd);
    return r;
}

/* The next component of canonical @p at *@pos into @name; 0 at the end. */
static int next_comp(const char *p, size_t *pos, char *name)
{
    size_t n;

    while (p[*pos] == '/')
        (*pos)++;
    n = strcspn(p + *pos, "/");
    if (n == 0 || n > FS_NAME_MAX)
        return 0;
    memcpy(name, p + *pos, n);
    name[n] = '\0';
    *pos += n;
    return 1;
}

struct mnode *ovl_upper_find(struct vfs_ns *ns, const char *path)
{
    struct mnode *m = ns->mnt[0]->root;
    char name[FS_NAME_MAX + 1];
    size_t pos = 0;

    while (next_comp(path, &pos, name)) {
        struct mdirent *e = mdir_find(m, name);

        if (!e || !e->node || (e->node->mode & LINUX_S_IFMT) != LINUX_S_IFDIR)
            return NULL;
        m = e->node;
    }
    return m;
}

/* A new upper inode with the lower object's attributes and identity (st_dev, st_ino). */
static struct mnode *copy_attrs(struct fs_super *sb, const struct linux_statx *sx)
{
    struct mnode *m = mnode_new(sb, sx->stx_mode, sx->stx_uid, sx->stx_gid);

    if (!m)
        return NULL;
    m->ino = sx->stx_ino;
    m->dev_major = sx->stx_dev_major;
    m->dev_minor = sx->stx_dev_minor;
    m->rdev_major = sx->stx_rdev_major;
    m->rdev_minor = sx->stx_rdev_minor;
    m->atime = sx->stx_atime;
    m->mtime = sx->stx_mtime;
    m->ctime = sx->stx_ctime;
    m->btime = sx->stx_btime;
    return m;
}

struct mnode *ovl_upper_dir(struct vfs_ns *ns, const char *path, int *err)
{
    struct fs_super *sb = ns->mnt[0];
    struct mnode *m = sb->root;
    char name[FS_NAME_MAX + 1];
    char sofar[LINUX_PATH_MAX];
    size_t pos = 0;

    sofar[0] = '\0';
    while (next_comp(path, &pos, name)) {
        struct mdirent *e = mdir_find(m, name);
        struct linux_statx sx;
        struct mnode *n;
        int r;

        if (strlen(sofar) + 1 + strlen(name) >= sizeof(sofar)) {
            *err = -LINUX_ENAMETOOLONG;
            return NULL;
        }
        strcat(sofar, "/");
        strcat(sofar, name);
        if (e && e->node) {
            if ((e->node->mode & LINUX_S_IFMT) != LINUX_S_IFDIR) {
                *err = -LINUX_ENOTDIR;
                return NULL;
            }
            m = e->node;
            continue;
        }
        if (e || m->opaque) {
            *err = -LINUX_ENOENT;
            return NULL;
        }
        r = ovl_probe(ns, sofar, &sx);
        if (r == 0 && (sx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFDIR)
            r = -LINUX_ENOTDIR;
        if (r < 0) {
            *err = r;
            return NULL;
        }
        /* Non-opaque: the lower directory's entries keep showing through. */
        n = copy_attrs(sb, &sx);
        if (!n) {
            *err = -LINUX_ENOMEM;
            return NULL;
        }
        n->nlink = sx.stx_nlink < 2 ? 1 : sx.stx_nlink - 1; /* mdir_add counts the name */
        n->lower_dir_size = sx.stx_size;
        r = mdir_add(m, name, n);
        mnode_put(n);
        if (r < 0) {
            *err = r;
            return NULL;
        }
        m = n;
    }
    return m;
}

/* ---- listing the lower layer ---- */

void fs_dirents_free(struct fs_dirent *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].name);
    free(d);
}

int fs_list_host(struct vfs_ns *ns, const char *path, struct fs_dirent **out, size_t *nout)
{
    struct fs_dirent *v = NULL;
    size_t n = 0, cap = 0;
    char *buf = malloc(65536);
    int fd, r = 0;

    *out = NULL;
    *nout = 0;
    if (!buf)
        return -LINUX_ENOMEM;
    fd = ovl_open_lower(ns, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) {
        free(buf);
        return fd;
    }
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, 65536);

        if (got < 0) {
            r = (int)vfs_host_err(errno);
            break;
        }
        if (got == 0)
            break;
        for (long off = 0; off < got;) {
            struct linux_dirent64 d;

            memcpy(&d, buf + off, offsetof(struct linux_dirent64, d_name));
            if (d.d_reclen == 0)
                break;
            if (n == cap) {
                struct fs_dirent *nv;

                cap = cap ? cap * 2 : 64;
                nv = realloc(v, cap * sizeof(*nv));
                if (!nv) {
                    r = -LINUX_ENOMEM;
                    goto out;
                }
                v = nv;
            }
            v[n].name = strdup(buf + off + offsetof(struct linux_dirent64, d_name));
            if (!v[n].name) {
                r = -LINUX_ENOMEM;
                goto out;
            }
            v[n].ino = d.d_ino;
            v[n].type = d.d_type;
            v[n].lower = 1;
            n++;
            off += d.d_reclen;
        }
    }
out:
    close(fd);
    free(buf);
    if (r < 0) {
        fs_dirents_free(v, n);
        return r;
    }
    *out = v;
    *nout = n;
    return 0;
}

/* ---- copy-up ---- */

static int seal(struct vfs_ns *ns, struct mnode *d, const char *path);

/*
 * Copy up lower @path as @name in upper directory @up. A directory comes up with
 * everything beneath it (seal), since an upper directory that moves can no longer
 * find its lower half by path.
 */
/* A new upper inode for lower @path: metacopy for files, the target for symlinks. */
static struct mnode *node_from_lower(struct vfs_ns *ns, const char *path,
                                     const struct linux_statx *sx, int *err)
{
    struct mnode *m = copy_attrs(ns->mnt[0], sx);
    int r = 0;

    if (!m) {
        *err = -LINUX_ENOMEM;
        return NULL;
    }
    switch (sx->stx_mode & LINUX_S_IFMT) {
    case LINUX_S_IFREG:
        /* Metacopy: the bytes stay on the host until the file is opened. */
        m->lower = strdup(path);
        m->size = sx->stx_size;
        if (!m->lower)
            r = -LINUX_ENOMEM;
        break;
    case LINUX_S_IFLNK: {
        char target[LINUX_PATH_MAX];
        int fd = ovl_open_lower(ns, path, O_PATH | O_NOFOLLOW);
        ssize_t l = fd < 0 ? -1 : readlinkat(fd, "", target, sizeof(target) - 1);

        if (fd >= 0)
            close(fd);
        if (l < 0) {
            r = fd < 0 ? fd : (int)vfs_host_err(errno);
            break;
        }
        target[l] = '\0';
        m->target = strdup(target);
        if (!m->target)
            r = -LINUX_ENOMEM;
        break;
    }
    case LINUX_S_IFDIR:
        m->nlink = sx->stx_nlink < 2 ? 1 : sx->stx_nlink - 1;
        m->lower_dir_size = sx->stx_size;
        break;
    default:
        break; /* devices, fifos, sockets: the node alone */
    }
    if (r < 0) {
        mnode_put(m);
        *err = r;
        return NULL;
    }
    return m;
}

struct mnode *ovl_index_find(struct vfs_ns *ns, const struct linux_statx *sx)
{
    for (size_t i = 0; i < ns->nindex; i++) {
        struct ovl_ientry *e = &ns->index[i];

        if (e->ino == sx->stx_ino && e->dev_major == sx->stx_dev_major &&
            e->dev_minor == sx->stx_dev_minor)
            return e->m;
    }
    return NULL;
}

struct mnode *ovl_index_node(struct vfs_ns *ns, const char *path, const struct linux_statx *sx,
                             int *err)
{
    struct mnode *m = ovl_index_find(ns, sx);

    if (m)
        return m;
    if (ns->nindex == ns->capindex) {
        size_t cap = ns->capindex ? ns->capindex * 2 : 16;
        struct ovl_ientry *n = realloc(ns->index, cap * sizeof(*n));

        if (!n) {
            *err = -LINUX_ENOMEM;
            return NULL;
        }
        ns->index = n;
        ns->capindex = cap;
    }
    m = node_from_lower(ns, path, sx, err);
    if (!m)
        return NULL;
    /* Every lower name is a link until it is whited out or becomes an upper entry. */
    m->nlink = sx->stx_nlink;
    ns->index[ns->nindex++] = (struct ovl_ientry){sx->stx_dev_major, sx->stx_dev_minor,
                                                  sx->stx_ino, m};
    return m;
}

/*
 * Copy up lower @path as @name in upper directory @up. A directory comes up with
 * everything beneath it (seal), since an upper directory that moves can no longer
 * find its lower half by path.
 */
static struct mnode *copy_up_one(struct vfs_ns *ns, struct mnode *up, const char *path,
                                 const char *name, int *err)
{
    struct linux_statx sx;
    struct mnode *m;
    int r = ovl_probe(ns, path, &sx);

    if (r < 0) {
        *err = r;
        return NULL;
    }
    if ((sx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFDIR && sx.stx_nlink > 1) {
        /* A hard-linked file: the name turns from a lower link into an upper one. */
        m = ovl_index_node(ns, path, &sx, err);
        if (!m)
            return NULL;
        r = mdir_add(up, name, m);
        if (r < 0) {
            *err = r;
            return NULL;
        }
        m->nlink--;
        return m;
    }
    m = node_from_lower(ns, path, &sx, err);
    if (!m)
        return NULL;
    r = mdir_add(up, name, m);
    mnode_put(m);
    if (r == 0 && (sx.stx_mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        r = seal(ns, m, path);
    if (r < 0) {
        *err = r;
        return NULL;
    }
    return m;
}

/*
 * Make upper directory @d (at @path) self-contained: every lower entry that shows
 * through is copied up, every merged subdirectory sealed in turn, whiteouts dropped,
 * and @d marked opaque.
 */
static int seal(struct vfs_ns *ns, struct mnode *d, const char *path)
{
    struct fs_dirent *ents = NULL;
    size_t n = 0;
    char *child;
    int r = 0;

    if (d->opaque)
        return 0;
    child = malloc(LINUX_PATH_MAX);
    if (!child)
        return -LINUX_ENOMEM;
    r = fs_list_host(ns, path, &ents, &n);
    if (r == -LINUX_ENOENT || r == -LINUX_ENOTDIR)
        r = 0; /* nothing below any more */
    for (size_t i = 0; r == 0 && i < n; i++) {
        const char *nm = ents[i].name;

        if (!strcmp(nm, ".") || !strcmp(nm, "..") || mdir_find(d, nm))
            continue;
        r = fs_path_child(child, path, nm);
        if (r < 0)
            break;
        if (!copy_up_one(ns, d, child, nm, &r) && r == -LINUX_ENOENT)
            r = 0; /* gone from the host meanwhile */
    }
    fs_dirents_free(ents, n);
    for (uint32_t i = 0; r == 0 && i < d->nents;) {
        struct mdirent *e = &d->ents[i];

        if (!e->node) {
            mdir_remove(d, e->name);
            continue;
        }
        if ((e->node->mode & LINUX_S_IFMT) == LINUX_S_IFDIR && !e->node->opaque) {
            r = fs_path_child(child, path, e->name);
            if (r == 0)
                r = seal(ns, e->node, child);
        }
        i++;
    }
    free(child);
    if (r == 0)
        d->opaque = 1;
    return r;
}

struct mnode *ovl_copy_up(struct vfs_ns *ns, struct mnode *up, const char *path, int *err)
{
    const char *name = strrchr(path, '/');
    struct mdirent *e;

    name = name ? name + 1 : path;
    e = mdir_find(up, name);
    if (e && e->node) {
        /* Already upper; a merged directory still needs its lower half. */
        if ((e->node->mode & LINUX_S_IFMT) == LINUX_S_IFDIR && !e->node->opaque) {
            int r = seal(ns, e->node, path);

            if (r < 0) {
                *err = r;
                return NULL;
            }
        }
        return e->node;
    }
    if (e || up->opaque) {
        *err = -LINUX_ENOENT;
        return NULL;
    }
    return copy_up_one(ns, up, path, name, err);
}
