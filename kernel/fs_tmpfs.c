/* SPDX-License-Identifier: MIT */
/* kernel/fs_tmpfs.c: in-memory inodes: directories, symlinks, file bytes in the memory file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "log.h"
#include "memfile.h"
#include "vfs.h"

#define PAGE 4096ULL
/* A file larger than this is EFBIG: the memory file is 64 GiB of address space in all. */
#define MNODE_MAX_SIZE (16ULL << 30)
/* Without a memory file (unit tests) the bytes are on the heap, zeroed by hand: keep them small. */
#define MNODE_MAX_HEAP (64ULL << 20)

void fs_now(struct linux_statx_timestamp *ts)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    ts->tv_sec = now.tv_sec;
    ts->tv_nsec = (uint32_t)now.tv_nsec;
    ts->__reserved = 0;
}

struct mnode *mnode_new(struct fs_super *sb, uint32_t mode, uint32_t uid, uint32_t gid)
{
    struct mnode *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    m->sb = sb;
    m->refs = 1;
    m->mode = mode;
    m->uid = uid;
    m->gid = gid;
    m->ino = sb->next_ino++;
    m->dev_major = sb->dev_major;
    m->dev_minor = sb->dev_minor;
    m->mf_off = -1;
    fs_now(&m->btime);
    m->atime = m->mtime = m->ctime = m->btime;
    sb->inodes++;
    return m;
}

struct mnode *mnode_get(struct mnode *m)
{
    if (m)
        m->refs++;
    return m;
}

static void free_data(struct mnode *m)
{
    struct vfs_ns *ns = m->sb->ns;

    if (m->mf_off >= 0 && ns && ns->mf)
        memfile_free(ns->mf, (uint64_t)m->mf_off, m->cap);
    free(m->heap);
    if (!m->lower)
        m->sb->bytes -= m->size; /* a metacopy's size was never counted */
    m->mf_off = -1;
    m->heap = NULL;
    m->cap = m->size = 0;
}

static void mnode_free(struct mnode *m)
{
    for (uint32_t i = 0; i < m->nents; i++) {
        free(m->ents[i].name);
        if (m->ents[i].node)
            mnode_unlink(m->ents[i].node);
    }
    free(m->ents);
    free_data(m);
    free(m->lower);
    free(m->target);
    m->sb->inodes--;
    free(m);
}

void mnode_put(struct mnode *m)
{
    if (!m)
        return;
    BUG_ON(m->refs == 0);
    if (--m->refs == 0 && m->nlink == 0)
        mnode_free(m);
}

void mnode_link(struct mnode *m)
{
    m->nlink++;
}

void mnode_unlink(struct mnode *m)
{
    BUG_ON(m->nlink == 0);
    /* A directory entry holds two links of a directory ("." and its name). */
    if ((m->mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        m->nlink = 0;
    else
        m->nlink--;
    if (m->nlink == 0 && m->refs == 0)
        mnode_free(m);
}

/* ---- directories ---- */

struct mdirent *mdir_find(struct mnode *d, const char *name)
{
    for (uint32_t i = 0; i < d->nents; i++)
        if (strcmp(d->ents[i].name, name) == 0)
            return &d->ents[i];
    return NULL;
}

int mdir_add(struct mnode *d, const char *name, struct mnode *node)
{
    struct mdirent *e = mdir_find(d, name);

    if (e) {
        /* Replacing: the old inode loses this link (rename over, whiteout over). */
        struct mnode *old = e->node;

        e->node = node;
        if (node)
            mnode_link(node);
        if (old)
            mnode_unlink(old);
        return 0;
    }
    if (d->nents == d->capents) {
        uint32_t cap = d->capents ? d->capents * 2 : 8;
        struct mdirent *n = realloc(d->ents, cap * sizeof(*n));

        if (!n)
            return -LINUX_ENOMEM;
        d->ents = n;
        d->capents = cap;
    }
    e = &d->ents[d->nents];
    e->name = strdup(name);
    if (!e->name)
        return -LINUX_ENOMEM;
    e->node = node;
    d->nents++;
    if (node)
        mnode_link(node);
    return 0;
}

struct mnode *mdir_detach(struct mnode *d, const char *name)
{
    struct mdirent *e = mdir_find(d, name);
    struct mnode *node;
    size_t i;

    if (!e)
        return NULL;
    node = e->node;
    free(e->name);
    i = (size_t)(e - d->ents);
    memmove(e, e + 1, (d->nents - i - 1) * sizeof(*e));
    d->nents--;
    return node;
}

int mdir_attach(struct mnode *d, const char *name, struct mnode *node)
{
    int r = mdir_add(d, name, node);

    if (r == 0 && node)
        node->nlink--; /* the caller's link moves into the entry */
    return r;
}

void mdir_remove(struct mnode *d, const char *name)
{
    struct mdirent *e = mdir_find(d, name);
    struct mnode *old;
    size_t i;

    if (!e)
        return;
    old = e->node;
    free(e->name);
    i = (size_t)(e - d->ents);
    /* Keep the order: listings show entries in creation order, as tmpfs does. */
    memmove(e, e + 1, (d->nents - i - 1) * sizeof(*e));
    d->nents--;
    if (old)
        mnode_unlink(old);
}

uint32_t mdir_count(const struct mnode *d)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < d->nents; i++)
        n += d->ents[i].node != NULL;
    return n;
}

/* ---- file contents ---- */

uint8_t *mnode_data(struct mnode *m)
{
    if (m->mf_off >= 0)
        return memfile_ptr(m->sb->ns->mf, (uint64_t)m->mf_off);
    return m->heap;
}

/* Room for @need bytes. The memory file grows in place when it can, else moves. */
static int reserve(struct mnode *m, uint64_t need)
{
    struct memfile *mf = m->sb->ns ? m->sb->ns->mf : NULL;
    uint8_t *old = mnode_data(m);
    uint64_t cap;
    int64_t off;

    if (need <= m->cap)
        return 0;
    if (need > (mf ? MNODE_MAX_SIZE : MNODE_MAX_HEAP))
        return -LINUX_EFBIG;
    cap = m->cap ? m->cap : PAGE;
    while (cap < need)
        cap *= 2;
    cap = (cap + PAGE - 1) & ~(PAGE - 1);
    if (!mf) {
        uint8_t *n = realloc(m->heap, cap);

        if (!n)
            return -LINUX_ENOSPC;
        memset(n + m->cap, 0, cap - m->cap);
        m->heap = n;
        m->cap = cap;
        return 0;
    }
    if (m->mf_off >= 0 && memfile_extend(mf, (uint64_t)m->mf_off, m->cap, cap) == 0) {
        m->cap = cap;
        return 0;
    }
    off = memfile_alloc(mf, cap);
    if (off < 0)
        return -LINUX_ENOSPC;
    /* Shared mappings keep the old pages: known limit (mnode_map_shared()). */
    if (m->mf_off >= 0 && memfile_is_shared(mf, (uint64_t)m->mf_off, m->cap))
        log_debug("tmpfs: inode %llu moved in the memory file; its shared mappings keep the old bytes",
                  (unsigned long long)m->ino);
    if (old)
        memcpy(memfile_ptr(mf, (uint64_t)off), old, m->size);
    if (m->mf_off >= 0)
        memfile_free(mf, (uint64_t)m->mf_off, m->cap);
    free(m->heap); /* bytes written before the memory file was known */
    m->heap = NULL;
    m->mf_off = off;
    m->cap = cap;
    return 0;
}

/*
 * A shared mapping holds a reference to the file's own pages, so the two are
 * one copy. The file can move in the memory file only when it grows past its
 * room, and room for the whole mapping is made here, so that only growth past
 * a mapping's end, while it is mapped, parts the two (it is then logged).
 */
int mnode_map_shared(struct mnode *m, uint64_t off, uint64_t len, uint64_t *mf_off)
{
    struct memfile *mf = m->sb->ns ? m->sb->ns->mf : NULL;
    uint64_t end;

    if (!mf || __builtin_add_overflow(off, len, &end))
        return mf ? -LINUX_ENOMEM : -LINUX_ENODEV;
    if (m->lower) {
        int r = mnode_load(m);
        if (r < 0)
            return r;
    }
    int r = reserve(m, end);
    if (r < 0)
        return r == -LINUX_EFBIG ? -LINUX_ENOMEM : r;
    if (m->mf_off < 0)
        return -LINUX_ENODEV;
    if (memfile_share(mf, (uint64_t)m->mf_off + off, len) < 0)
        return -LINUX_ENOMEM;
    *mf_off = (uint64_t)m->mf_off + off;
    return 0;
}

void mnode_zero(struct mnode *m, uint64_t off, uint64_t len)
{
    if (len == 0)
        return;
    BUG_ON(off + len < off || off + len > m->cap);
    if (m->mf_off >= 0)
        memfile_zero(m->sb->ns->mf, (uint64_t)m->mf_off + off, len);
    else
        memset(m->heap + off, 0, len);
}

int mnode_resize(struct mnode *m, uint64_t size)
{
    int r;

    if (size > m->size) {
        r = reserve(m, size);
        if (r < 0)
            return r;
    } else if (size < m->size) {
        /* What lies past the end must read back as zeroes when the file grows again. */
        mnode_zero(m, size, m->size - size);
    }
    m->sb->bytes += size - m->size;
    m->size = size;
    if (size == 0)
        free_data(m);
    return 0;
}

int mnode_load(struct mnode *m)
{
    uint64_t done = 0, size = 0, shown;
    struct linux_statx sx;
    char *lower = m->lower;
    int fd, r;

    if (!lower)
        return 0;
    fd = ovl_open_lower(m->sb->ns, lower, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return fd;
    /* The size a metacopy shows is the lower one's; the bytes start from nothing here. */
    shown = m->size;
    m->size = 0;
    m->lower = NULL;
    r = vfs_host_statx(fd, "", AT_EMPTY_PATH, LINUX_STATX_SIZE, &sx);
    if (r == 0) {
        size = sx.stx_size;
        r = mnode_resize(m, size);
    }
    while (r == 0 && done < size) {
        ssize_t n = pread(fd, mnode_data(m) + done, size - done, (off_t)done);

        if (n < 0)
            r = (int)vfs_host_err(errno);
        else if (n == 0)
            break;
        else
            done += (uint64_t)n;
    }
    close(fd);
    if (r < 0) {
        free_data(m);
        m->size = shown;
        m->lower = lower;
        return r;
    }
    if (done < size)
        mnode_resize(m, done); /* the host file shrank meanwhile */
    free(lower);
    return 0;
}

void mnode_statx(const struct mnode *m, struct linux_statx *sx)
{
    memset(sx, 0, sizeof(*sx));
    sx->stx_mask = LINUX_STATX_BASIC_STATS | LINUX_STATX_BTIME;
    sx->stx_blksize = 4096;
    sx->stx_nlink = m->nlink;
    sx->stx_uid = m->uid;
    sx->stx_gid = m->gid;
    sx->stx_mode = (uint16_t)m->mode;
    sx->stx_ino = m->ino;
    sx->stx_size = m->size;
    if ((m->mode & LINUX_S_IFMT) == LINUX_S_IFLNK)
        sx->stx_size = strlen(m->target);
    else if ((m->mode & LINUX_S_IFMT) == LINUX_S_IFDIR && !m->lower_dir_size)
        sx->stx_size = 40 + 20 * (uint64_t)mdir_count(m); /* shmem's BOGO_DIRENT_SIZE */
    else if ((m->mode & LINUX_S_IFMT) == LINUX_S_IFDIR)
        sx->stx_size = m->lower_dir_size; /* a copied-up directory keeps the size it showed */
    /* Blocks actually held, in 512-byte units, as tmpfs counts whole pages. */
    if ((m->mode & LINUX_S_IFMT) == LINUX_S_IFREG)
        sx->stx_blocks = ((m->size + PAGE - 1) & ~(PAGE - 1)) / 512;
    sx->stx_atime = m->atime;
    sx->stx_mtime = m->mtime;
    sx->stx_ctime = m->ctime;
    sx->stx_btime = m->btime;
    sx->stx_rdev_major = m->rdev_major;
    sx->stx_rdev_minor = m->rdev_minor;
    sx->stx_dev_major = m->dev_major;
    sx->stx_dev_minor = m->dev_minor;
    sx->stx_mnt_id = (uint64_t)m->sb->mnt_id;
    sx->stx_mask |= LINUX_STATX_MNT_ID;
}
