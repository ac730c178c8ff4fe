/* SPDX-License-Identifier: MIT */
/* kernel/fs_file.c: open(2) over the guest's tree, and the open files of in-memory and /proc objects. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cred.h"
#include "fs.h"
#include "inotify.h"
#include "mm.h"
#include "pipe.h"
#include "sched.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

#define DT_UNKNOWN_ 0
#define DT_FIFO_ 1
#define DT_CHR_ 2
#define DT_DIR_ 4
#define DT_BLK_ 6
#define DT_REG_ 8
#define DT_LNK_ 10
#define DT_SOCK_ 12

uint8_t fs_dt_of(uint32_t mode)
{
    switch (mode & LINUX_S_IFMT) {
    case LINUX_S_IFREG: return DT_REG_;
    case LINUX_S_IFDIR: return DT_DIR_;
    case LINUX_S_IFLNK: return DT_LNK_;
    case LINUX_S_IFCHR: return DT_CHR_;
    case LINUX_S_IFBLK: return DT_BLK_;
    case LINUX_S_IFIFO: return DT_FIFO_;
    case LINUX_S_IFSOCK: return DT_SOCK_;
    default: return DT_UNKNOWN_;
    }
}

/*
 * The state of every file kind this layer opens itself (f->priv). Directories
 * list from a snapshot taken at the first getdents64 (and again after a rewind),
 * so d_off cookies are stable indexes whatever happens to the directory.
 */
struct vfile {
    struct vnode v;          /* the object (its references held) */
    uint64_t pos;
    struct fs_dirent *ents;  /* directory snapshot */
    size_t nents;
    int snap;
    char *buf;               /* /proc text, generated at open */
    size_t len;
};

static const struct file_ops mreg_ops, vdir_ops, proc_ops, vpath_ops;

static void vfile_release(struct file *f)
{
    struct vfile *vf = f->priv;

    if (!vf)
        return;
    vnode_release(&vf->v);
    fs_dirents_free(vf->ents, vf->nents);
    free(vf->buf);
    free(vf);
}

static long vfile_fstat(struct file *f, struct linux_stat *st)
{
    struct vfile *vf = f->priv;
    struct linux_statx sx;
    int r;

    if (f->host_fd >= 0)
        r = vfs_host_statx(f->host_fd, "", AT_EMPTY_PATH, LINUX_STATX_BASIC_STATS, &sx);
    else
        r = vnode_statx(NULL, &vf->v, &sx);
    if (r < 0)
        return r;
    vfs_statx_to_stat(&sx, st);
    return 0;
}

int fs_file_statx(struct file *f, struct linux_statx *sx)
{
    struct vfile *vf = f->priv;

    if (f->host_fd >= 0)
        return vfs_host_statx(f->host_fd, "", AT_EMPTY_PATH,
                              LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME | LINUX_STATX_MNT_ID, sx);
    return vnode_statx(NULL, &vf->v, sx);
}

static int is_vfile(const struct file *f)
{
    return f->ops == &mreg_ops || f->ops == &vdir_ops || f->ops == &proc_ops ||
           f->ops == &vpath_ops;
}

int fs_file_is_ours(const struct file *f)
{
    return is_vfile(f);
}

int fs_file_vnode(struct task *t, struct file *f, struct vnode *out)
{
    if (is_vfile(f)) {
        vnode_copy(out, &((struct vfile *)f->priv)->v);
        return 0;
    }
    if (!f->path || f->path[0] != '/')
        return -LINUX_ENOENT;
    return vfs_walk_abs(t, t->fs, f->path, WALK_NOPERM, out, NULL);
}

struct mnode *fs_file_mnode(struct file *f)
{
    if (f->ops != &mreg_ops)
        return NULL;
    return ((struct vfile *)f->priv)->v.m;
}

/* ---- regular files in memory ---- */

static void touch_mc(struct mnode *m)
{
    fs_now(&m->mtime);
    m->ctime = m->mtime;
}

static long mreg_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct vfile *vf = f->priv;
    struct mnode *m = vf->v.m;
    uint64_t pos = off ? (uint64_t)*off : vf->pos, n;

    if (pos >= m->size || len == 0)
        return 0;
    n = m->size - pos < len ? m->size - pos : len;
    if (copy_to_user(t->mm, buf, mnode_data(m) + pos, n) < 0) {
        /* A fault part way: as much as the guest could take, else EFAULT. */
        uint64_t done = 0;

        while (done < n && copy_to_user(t->mm, buf + done, mnode_data(m) + pos + done, 1) == 0)
            done++;
        if (done == 0)
            return -LINUX_EFAULT;
        n = done;
    }
    if (!off)
        vf->pos = pos + n;
    return (long)n;
}

/*
 * Copy @len guest bytes at @buf into @m at @pos (room already made). Returns
 * how many came before the first page the guest cannot read: a write keeps
 * those, as Linux's (generic_perform_write()) does.
 */
static uint64_t copy_in(struct task *t, struct mnode *m, uint64_t pos, uaddr_t buf, uint64_t len)
{
    const uint64_t page = 4096;
    uint64_t done = 0;

    if (copy_from_user(t->mm, mnode_data(m) + pos, buf, len) == 0)
        return len;
    while (done < len) {
        uint64_t chunk = page - ((buf + done) & (page - 1));

        if (chunk > len - done)
            chunk = len - done;
        if (copy_from_user(t->mm, mnode_data(m) + pos + done, buf + done, chunk) < 0)
            break;
        done += chunk;
    }
    return done;
}

static long mreg_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct vfile *vf = f->priv;
    struct mnode *m = vf->v.m;
    uint64_t pos = off ? (uint64_t)*off : vf->pos, end;
    int r;

    /* O_APPEND writes at the end, pwrite included (Linux's documented pwrite bug). */
    if (f->flags & LINUX_O_APPEND)
        pos = m->size;
    if (len == 0)
        return 0;
    if (__builtin_add_overflow(pos, len, &end) || end > (uint64_t)INT64_MAX)
        return -LINUX_EFBIG;
    /* shmem_write_begin(): a memfd's write seals, and its grow seal past the end. */
    if ((m->seals & (LINUX_F_SEAL_WRITE | LINUX_F_SEAL_FUTURE_WRITE)) ||
        ((m->seals & LINUX_F_SEAL_GROW) && end > m->size))
        return -LINUX_EPERM;
    uint64_t old = m->size, n;
    if (end > old) {
        r = mnode_resize(m, end);
        if (r < 0)
            return r;
    }
    n = copy_in(t, m, pos, buf, len);
    /* The size grows only by what was copied; the rest reads as zeroes again. */
    if (n < len && end > old)
        mnode_resize(m, n && pos + n > old ? pos + n : old);
    if (n == 0)
        return -LINUX_EFAULT;
    len = n;
    touch_mc(m);
    /* A write without CAP_FSETID drops set-user-ID (file_remove_privs()). */
    if (!cred_capable(t, LINUX_CAP_FSETID))
        m->mode &= ~(uint32_t)04000;
    if (!off)
        vf->pos = pos + len;
    return (long)len;
}

static long vfile_lseek(struct file *f, int64_t off, int whence)
{
    struct vfile *vf = f->priv;
    int64_t base, size = vf->v.m && f->ops == &mreg_ops ? (int64_t)vf->v.m->size
                                                         : (int64_t)vf->len;

    switch (whence) {
    case LINUX_SEEK_SET: base = 0; break;
    case LINUX_SEEK_CUR: base = (int64_t)vf->pos; break;
    case LINUX_SEEK_END:
        if (f->ops == &vdir_ops)
            return -LINUX_EINVAL;
        base = size;
        break;
    case LINUX_SEEK_DATA:
    case LINUX_SEEK_HOLE:
        if (f->ops == &vdir_ops)
            return -LINUX_EINVAL;
        /* No holes are tracked: all data, then the hole at the end. */
        if (off < 0 || off >= size)
            return -LINUX_ENXIO;
        if (whence == LINUX_SEEK_HOLE)
            off = size;
        base = 0;
        break;
    default:
        return -LINUX_EINVAL;
    }
    if (__builtin_add_overflow(base, off, &base) || base < 0)
        return -LINUX_EINVAL;
    if (f->ops == &vdir_ops && base == 0) {
        /* rewinddir(): the next listing is a fresh one */
        fs_dirents_free(vf->ents, vf->nents);
        vf->ents = NULL;
        vf->nents = 0;
        vf->snap = 0;
    }
    vf->pos = (uint64_t)base;
    return base;
}

static long mreg_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    struct vfile *vf = f->priv;
    int32_t v;

    if (req != LINUX_FIONREAD)
        return -LINUX_ENOTTY;
    v = (int32_t)((int64_t)vf->v.m->size - (int64_t)vf->pos);
    return copy_to_user(t->mm, arg, &v, sizeof(v));
}

static long mreg_pread_kernel(struct file *f, void *dst, uint64_t len, uint64_t off)
{
    struct mnode *m = ((struct vfile *)f->priv)->v.m;
    uint64_t n;

    if (off >= m->size)
        return 0;
    n = m->size - off < len ? m->size - off : len;
    memcpy(dst, mnode_data(m) + off, n);
    return (long)n;
}

static const struct file_ops mreg_ops = {
    .read = mreg_read,
    .write = mreg_write,
    .lseek = vfile_lseek,
    .fstat = vfile_fstat,
    .ioctl = mreg_ioctl,
    .pread_kernel = mreg_pread_kernel,
    .release = vfile_release,
};

/* ---- /proc files: text generated at open, read like a file ---- */

static long proc_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct vfile *vf = f->priv;
    uint64_t pos = off ? (uint64_t)*off : vf->pos, n;

    if (pos >= vf->len || len == 0)
        return 0;
    n = vf->len - pos < len ? vf->len - pos : len;
    if (copy_to_user(t->mm, buf, vf->buf + pos, n) < 0)
        return -LINUX_EFAULT;
    if (!off)
        vf->pos = pos + n;
    return (long)n;
}

static long proc_pread_kernel(struct file *f, void *dst, uint64_t len, uint64_t off)
{
    struct vfile *vf = f->priv;
    uint64_t n;

    if (off >= vf->len)
        return 0;
    n = vf->len - off < len ? vf->len - off : len;
    memcpy(dst, vf->buf + off, n);
    return (long)n;
}

static long proc_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct vfile *vf = f->priv;
    char head[16];
    uint64_t n = len < sizeof(head) ? len : sizeof(head);

    (void)off;
    /* Only the first bytes can matter (a task name); Linux copies no more either. */
    if (n && copy_from_user(t->mm, head, buf, n) < 0)
        return -LINUX_EFAULT;
    return procfs_write(t, &vf->v, head, n, len);
}

static const struct file_ops proc_ops = {
    .read = proc_read,
    .write = proc_write,
    .lseek = vfile_lseek,
    .fstat = vfile_fstat,
    .pread_kernel = proc_pread_kernel,
    .release = vfile_release,
};

/* ---- directories ---- */

static long dir_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    (void)f, (void)t, (void)buf, (void)len, (void)off;
    return -LINUX_EISDIR;
}

static int add_ent(struct fs_dirent **v, size_t *n, size_t *cap, const char *name, uint64_t ino,
                   uint8_t type, int lower)
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
    (*v)[*n].type = type;
    (*v)[*n].lower = (uint8_t)lower;
    (*n)++;
    return 0;
}

static uint64_t parent_ino(struct task *t, const struct vnode *dir)
{
    struct linux_statx sx;
    struct vnode *p;
    char path[LINUX_PATH_MAX];
    char *slash;
    uint64_t ino = 0;

    if (strcmp(dir->path, "/") == 0)
        return vnode_statx(t, dir, &sx) == 0 ? sx.stx_ino : 0;
    strcpy(path, dir->path);
    slash = strrchr(path, '/');
    if (slash == path)
        slash[1] = '\0';
    else
        *slash = '\0';
    p = malloc(sizeof(*p));
    if (p && vfs_walk_abs(t, t->fs, path, WALK_NOPERM, p, NULL) == 0) {
        if (vnode_statx(t, p, &sx) == 0)
            ino = sx.stx_ino;
        vnode_release(p);
    }
    free(p);
    return ino;
}

/*
 * The entries of directory @v now. An overlay directory lists its upper entries,
 * then the lower ones neither shadowed nor whited out; a purely lower one keeps
 * the host's order, "." and ".." included.
 */
int fs_list_dir(struct task *t, const struct vnode *v, struct fs_dirent **out, size_t *nout)
{
    struct fs_dirent *ents = NULL, *low = NULL;
    size_t n = 0, cap = 0, nlow = 0;
    struct mnode *up = v->m;
    struct linux_statx sx;
    int r = 0;

    *out = NULL;
    *nout = 0;
    if (v->sb->kind == FS_PROC)
        return procfs_list(t, v, out, nout);
    if (v->sb->kind == FS_OVERLAY && !up)
        up = ovl_upper_find(v->sb->ns, v->path);
    if (v->sb->kind == FS_OVERLAY && !up)
        return fs_list_host(v->sb->ns, v->path, out, nout);
    r = vnode_statx(t, v, &sx);
    if (r == 0)
        r = add_ent(&ents, &n, &cap, ".", sx.stx_ino, DT_DIR_, 0);
    if (r == 0)
        r = add_ent(&ents, &n, &cap, "..", parent_ino(t, v), DT_DIR_, 0);
    for (uint32_t i = 0; r == 0 && up && i < up->nents; i++) {
        struct mnode *m = up->ents[i].node;

        if (m)
            r = add_ent(&ents, &n, &cap, up->ents[i].name, m->ino, fs_dt_of(m->mode), 0);
    }
    if (r == 0 && v->sb->kind == FS_OVERLAY && !up->opaque) {
        r = fs_list_host(v->sb->ns, v->path, &low, &nlow);
        if (r == -LINUX_ENOENT || r == -LINUX_ENOTDIR)
            r = 0;
        for (size_t i = 0; r == 0 && i < nlow; i++) {
            const char *nm = low[i].name;

            if (!strcmp(nm, ".") || !strcmp(nm, "..") || mdir_find(up, nm))
                continue;
            r = add_ent(&ents, &n, &cap, nm, low[i].ino, low[i].type, 1);
        }
        fs_dirents_free(low, nlow);
    }
    if (r < 0) {
        fs_dirents_free(ents, n);
        return r;
    }
    *out = ents;
    *nout = n;
    return 0;
}

/* Whether snapshot entry @e is still there: deletions made since the snapshot hide it. */
static int still_there(const struct vnode *v, const struct fs_dirent *e)
{
    struct mnode *up = v->m;
    struct mdirent *d;

    if (v->sb->kind == FS_PROC || !strcmp(e->name, ".") || !strcmp(e->name, ".."))
        return 1;
    if (v->sb->kind == FS_OVERLAY && !up)
        up = ovl_upper_find(v->sb->ns, v->path);
    if (!up)
        return 1;
    d = mdir_find(up, e->name);
    if (e->lower)
        return d == NULL && !up->opaque;
    return d && d->node;
}

#define DIRENT_HDR offsetof(struct linux_dirent64, d_name)

static long vdir_getdents64(struct file *f, struct task *t, uaddr_t buf, uint64_t len)
{
    struct vfile *vf = f->priv;
    struct iovec iov[17];
    size_t used = 0, covered = 0;
    uint8_t *out;
    long r;

    if (!vf->snap) {
        r = fs_list_dir(t, &vf->v, &vf->ents, &vf->nents);
        if (r < 0)
            return r;
        vf->snap = 1;
    }
    if (len > 65536)
        len = 65536;
    /* How much of the buffer the guest can take: entries past that stay for the next call. */
    if (len && user_iov(t->mm, buf, len, 1, iov, 17, &covered) < 0)
        covered = 0;
    out = malloc(len ? len : 1);
    if (!out)
        return -LINUX_ENOMEM;
    while (vf->pos < vf->nents) {
        const struct fs_dirent *e = &vf->ents[vf->pos];
        size_t nl = strlen(e->name), rl = (DIRENT_HDR + nl + 1 + 7) & ~(size_t)7;
        struct linux_dirent64 hdr;

        if (!still_there(&vf->v, e)) {
            vf->pos++;
            continue;
        }
        if (rl > len - used || rl > covered - used) {
            if (used == 0) {
                free(out);
                return rl > len ? -LINUX_EINVAL : -LINUX_EFAULT;
            }
            break;
        }
        memset(out + used, 0, rl);
        hdr.d_ino = e->ino;
        hdr.d_off = (int64_t)vf->pos + 1;
        hdr.d_reclen = (uint16_t)rl;
        hdr.d_type = e->type;
        memcpy(out + used, &hdr, DIRENT_HDR);
        memcpy(out + used + DIRENT_HDR, e->name, nl);
        used += rl;
        vf->pos++;
    }
    r = (long)used;
    if (used && copy_to_user(t->mm, buf, out, used) < 0)
        r = -LINUX_EFAULT; /* the mapping went away in between: cannot happen under the lock */
    free(out);
    return r;
}

static const struct file_ops vdir_ops = {
    .read = dir_read,
    .lseek = vfile_lseek,
    .fstat = vfile_fstat,
    .getdents64 = vdir_getdents64,
    .release = vfile_release,
};

/* O_PATH on anything this layer holds: fstat, and a place to start *at() lookups. */
static const struct file_ops vpath_ops = {
    .fstat = vfile_fstat,
    .release = vfile_release,
};

/* ---- open ---- */

static int vfile_new(const struct file_ops *ops, struct vnode *v, uint32_t flags, int host_fd,
                     struct file **out)
{
    struct vfile *vf = calloc(1, sizeof(*vf));
    struct file *f;

    if (!vf)
        return -LINUX_ENOMEM;
    f = file_alloc(ops, host_fd, flags, v->path);
    if (!f) {
        free(vf);
        return -LINUX_ENOMEM;
    }
    vnode_copy(&vf->v, v);
    f->priv = vf;
    *out = f;
    return 0;
}

static uint32_t kept_flags(uint32_t lf)
{
    if (lf & LINUX_O_PATH)
        return lf & (LINUX_O_PATH | LINUX_O_DIRECTORY | LINUX_O_NOFOLLOW);
    return (lf & ~(LINUX_O_CREAT | LINUX_O_EXCL | LINUX_O_NOCTTY | LINUX_O_TRUNC |
                   LINUX_O_CLOEXEC | LINUX_O_TMPFILE_BASE)) |
           LINUX_O_LARGEFILE;
}

/* The upper inode behind an overlay regular file opened for writing: copy-up now. */
static int upper_for_write(struct task *t, struct vnode *v)
{
    struct vfs_ns *ns = v->sb->ns;
    char parent[LINUX_PATH_MAX];
    struct mnode *up, *m;
    char *slash;
    int err = 0;

    (void)t;
    strcpy(parent, v->path);
    slash = strrchr(parent, '/');
    if (slash == parent)
        slash[1] = '\0';
    else
        *slash = '\0';
    up = ovl_upper_dir(ns, parent, &err);
    if (!up)
        return err;
    m = ovl_copy_up(ns, up, v->path, &err);
    if (!m)
        return err;
    v->m = mnode_get(m);
    v->lower = 0;
    return 0;
}

int fs_open_vnode(struct task *t, struct vnode *v, uint32_t lf, struct file **out)
{
    uint32_t acc = lf & LINUX_O_ACCMODE, mode = vnode_mode(t, v), kept = kept_flags(lf);
    int wr = acc == LINUX_O_WRONLY || acc == LINUX_O_RDWR;
    int mask = (acc == LINUX_O_RDONLY || acc == LINUX_O_RDWR ? LINUX_R_OK : 0) |
               (wr || (lf & LINUX_O_TRUNC) ? LINUX_W_OK : 0);
    int r, fd;

    if (acc == 3)
        mask = LINUX_R_OK | LINUX_W_OK; /* "3" asks for both and gives neither */
    if (v->magic && v->pnode == FS_PNODE_MAGIC) {
        /*
         * /proc/<pid>/fd/N of a file in memory opens its inode anew, with these
         * flags, its own position and the permission check, as Linux does. Other
         * kinds are the same open file (the host stdio is shared, as a dup is).
         */
        if (fs_file_mnode(v->magic) && !(lf & LINUX_O_PATH)) {
            struct vnode *iv = malloc(sizeof(*iv));
            if (!iv)
                return -LINUX_ENOMEM;
            r = fs_file_vnode(t, v->magic, iv);
            if (r == 0) {
                r = fs_open_vnode(t, iv, lf, out);
                vnode_release(iv);
            }
            free(iv);
            return r;
        }
        *out = file_get(v->magic);
        return 0;
    }
    if (lf & LINUX_O_PATH) {
        fd = -1;
        if (!v->m && v->lower) {
            fd = ovl_open_lower(v->sb->ns, v->path, O_PATH | O_NOFOLLOW);
            if (fd < 0)
                return fd;
        }
        r = vfile_new(&vpath_ops, v, kept, fd, out);
        if (r < 0 && fd >= 0)
            close(fd);
        return r;
    }
    switch (mode & LINUX_S_IFMT) {
    case LINUX_S_IFDIR:
        if (wr || (lf & LINUX_O_TRUNC))
            return -LINUX_EISDIR; /* O_TRUNC asks for write access too (may_open()) */
        break;
    case LINUX_S_IFLNK:
        return -LINUX_ELOOP;
    case LINUX_S_IFSOCK:
        return -LINUX_ENXIO;
    default:
        break;
    }
    r = vnode_permission(t, v, mask);
    if (r < 0)
        return r;
    if (v->sb->kind == FS_PROC) {
        struct vfile *vf;

        if ((mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
            return vfile_new(&vdir_ops, v, kept, -1, out);
        if (wr && (r = procfs_open_write(v)) < 0)
            return r;
        r = vfile_new(&proc_ops, v, kept, -1, out);
        if (r < 0)
            return r;
        vf = (*out)->priv;
        r = procfs_content(t, v, &vf->buf, &vf->len);
        if (r < 0) {
            file_put(*out);
            *out = NULL;
        }
        return r;
    }
    if ((mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        return vfile_new(&vdir_ops, v, kept, -1, out);
    if (!v->m) {
        /* Lower only. Read-only opens go to the host file; writes copy it up first. */
        if ((mode & LINUX_S_IFMT) != LINUX_S_IFREG) {
            int hf = O_RDONLY | O_NOFOLLOW | ((lf & LINUX_O_NONBLOCK) ? O_NONBLOCK : 0);

            /* Host devices and fifos beneath the root are never opened for writing. */
            if (wr || (lf & LINUX_O_TRUNC))
                return -LINUX_EROFS;
            fd = ovl_open_lower(v->sb->ns, v->path, hf);
            if (fd < 0)
                return fd;
            *out = vfs_host_file(fd, kept, v->path, mode);
            if (!*out) {
                close(fd);
                return -LINUX_ENOMEM;
            }
            return 0;
        }
        if (!wr && !(lf & LINUX_O_TRUNC)) {
            fd = ovl_open_lower(v->sb->ns, v->path, O_RDONLY | O_NOFOLLOW);
            if (fd < 0)
                return fd;
            *out = vfs_host_file(fd, kept, v->path, mode);
            if (!*out) {
                close(fd);
                return -LINUX_ENOMEM;
            }
            return 0;
        }
        r = upper_for_write(t, v);
        if (r < 0)
            return r;
    }
    switch (mode & LINUX_S_IFMT) {
    case LINUX_S_IFREG:
        r = mnode_load(v->m);
        if (r < 0)
            return r;
        if ((lf & LINUX_O_TRUNC) && (wr || acc == LINUX_O_RDONLY)) {
            r = mnode_resize(v->m, 0);
            if (r < 0)
                return r;
            touch_mc(v->m);
            inotify_vnode(t, v, LINUX_IN_MODIFY); /* handle_truncate(), before the open's LINUX_IN_OPEN */
        }
        return vfile_new(&mreg_ops, v, kept, -1, out);
    case LINUX_S_IFCHR:
        return devfs_open(t, v->m, kept, v->path, out);
    case LINUX_S_IFIFO:
        return pipe_open_fifo(&v->m->fifo, t, kept, out);
    case LINUX_S_IFBLK:
        return -LINUX_ENXIO; /* no block devices */
    default:
        return -LINUX_ENXIO;
    }
}

int fs_open_created(struct task *t, struct vnode *v, uint32_t lf, struct file **out)
{
    (void)t;
    return vfile_new(&mreg_ops, v, kept_flags(lf), -1, out);
}

/* ---- ftruncate and fallocate ---- */

long vfs_ftruncate(struct task *t, struct file *f, int64_t len)
{
    struct mnode *m = fs_file_mnode(f);
    int r;

    (void)t;
    if (len < 0)
        return -LINUX_EINVAL;
    /* A /proc file open for writing takes it and stays as it is (proc_setattr()). */
    if (f->ops == &proc_ops && file_can_write(f))
        return 0;
    /* do_ftruncate(): a regular file open for writing, else EINVAL. */
    if (!m || !file_can_write(f))
        return vfs_file_is_dir(f) && file_can_write(f) ? -LINUX_EISDIR : -LINUX_EINVAL;
    r = mnode_seal_resize(m, (uint64_t)len);
    if (r == 0)
        r = mnode_resize(m, (uint64_t)len);
    if (r == 0)
        touch_mc(m);
    return r;
}

/* Whether any task maps @m's bytes shared and writable (mapping_writably_mapped()). */
static int writably_mapped(const struct mnode *m)
{
    if (m->mf_off < 0)
        return 0;
    for (int pid = 1; pid <= pid_high(); pid++) {
        struct task *o = task_find(pid);
        if (o && o->mm && mm_maps_writable(o->mm, (uint64_t)m->mf_off, m->cap))
            return 1;
    }
    return 0;
}

long vfs_file_seals(struct file *f, int add, uint32_t seals)
{
    struct mnode *m = fs_file_mnode(f);
    /*
     * Which files have seals (memfd_file_seals_ptr(): every shmem file): a
     * memfd its own; any other tmpfs file F_SEAL_SEAL, as shmem_get_inode()
     * gives it; a host file what the host's filesystem says (tmpfs or not).
     */
    int sealable = m && (m->memfd || m->sb->kind == FS_TMPFS);
    uint32_t cur = m && m->memfd ? m->seals : LINUX_F_SEAL_SEAL;
    if (!add) {
        if (!m && f->host_fd >= 0) {
            int r = fcntl(f->host_fd, F_GET_SEALS);
            return r < 0 ? vfs_host_err(errno) : r;
        }
        return sealable ? (long)cur : -LINUX_EINVAL;
    }
    /* memfd_add_seals(): the file's mode, the seals, the kind, F_SEAL_SEAL, then the mappings. */
    if (!file_can_write(f))
        return -LINUX_EPERM;
    if (seals & ~(uint32_t)LINUX_F_ALL_SEALS)
        return -LINUX_EINVAL;
    if (!sealable)
        return -LINUX_EINVAL;
    if (cur & LINUX_F_SEAL_SEAL)
        return -LINUX_EPERM;
    /* F_SEAL_EXEC on an executable file implies the write seals (W^X). */
    if ((seals & LINUX_F_SEAL_EXEC) && (m->mode & 0111))
        seals |= LINUX_F_SEAL_SHRINK | LINUX_F_SEAL_GROW | LINUX_F_SEAL_WRITE |
                 LINUX_F_SEAL_FUTURE_WRITE;
    if ((seals & LINUX_F_SEAL_WRITE) && !(m->seals & LINUX_F_SEAL_WRITE) && writably_mapped(m))
        return -LINUX_EBUSY;
    m->seals |= seals;
    return 0;
}

long vfs_fallocate(struct task *t, struct file *f, int mode, int64_t off, int64_t len)
{
    const int supported = LINUX_FALLOC_FL_KEEP_SIZE | LINUX_FALLOC_FL_PUNCH_HOLE;
    struct mnode *m = fs_file_mnode(f);
    uint64_t end;
    int r;

    (void)t;
    /* vfs_fallocate()'s order: arguments, mode, access, file type, size. */
    if (off < 0 || len <= 0)
        return -LINUX_EINVAL;
    if (mode & ~(LINUX_FALLOC_FL_KEEP_SIZE | LINUX_FALLOC_FL_PUNCH_HOLE |
                 LINUX_FALLOC_FL_COLLAPSE_RANGE | LINUX_FALLOC_FL_ZERO_RANGE |
                 LINUX_FALLOC_FL_INSERT_RANGE | LINUX_FALLOC_FL_UNSHARE_RANGE))
        return -LINUX_EOPNOTSUPP;
    if ((mode & LINUX_FALLOC_FL_PUNCH_HOLE) && !(mode & LINUX_FALLOC_FL_KEEP_SIZE))
        return -LINUX_EOPNOTSUPP;
    if (!file_can_write(f))
        return -LINUX_EBADF;
    if (!m) {
        uint32_t type = file_type(f, NULL);
        if (type == LINUX_S_IFIFO)
            return -LINUX_ESPIPE;
        return type == LINUX_S_IFDIR ? -LINUX_EISDIR : -LINUX_ENODEV;
    }
    if (__builtin_add_overflow((uint64_t)off, (uint64_t)len, &end) || end > (uint64_t)INT64_MAX)
        return -LINUX_EFBIG;
    if (mode & ~supported)
        return -LINUX_EOPNOTSUPP; /* shmem_fallocate() knows these two only */
    /* shmem_fallocate(): a hole is a write; growth is growth. */
    if ((mode & LINUX_FALLOC_FL_PUNCH_HOLE) &&
        (m->seals & (LINUX_F_SEAL_WRITE | LINUX_F_SEAL_FUTURE_WRITE)))
        return -LINUX_EPERM;
    if (!(mode & LINUX_FALLOC_FL_KEEP_SIZE) && end > m->size && (m->seals & LINUX_F_SEAL_GROW))
        return -LINUX_EPERM;
    if (mode & LINUX_FALLOC_FL_PUNCH_HOLE) {
        if ((uint64_t)off < m->size)
            mnode_zero(m, (uint64_t)off, (end < m->size ? end : m->size) - (uint64_t)off);
        touch_mc(m);
        return 0;
    }
    if (!(mode & LINUX_FALLOC_FL_KEEP_SIZE) && end > m->size) {
        r = mnode_resize(m, end);
        if (r < 0)
            return r;
        fs_now(&m->ctime);
    }
    return 0;
}
