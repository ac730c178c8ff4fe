/* SPDX-License-Identifier: MIT */
/* kernel/socket.c: AF_UNIX sockets inside the sandbox (net/unix/af_unix.c semantics, in part). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "log.h"
#include "pipe.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * What the sandbox offers:
 * - socket(AF_UNIX, any of stream/dgram/seqpacket): an unconnected socket.
 *   connect() finds no listener anywhere (the guest may not reach the host's
 *   sockets, and bind/listen are not implemented yet), so it fails as Linux
 *   does when nobody listens: ENOENT for a missing path, ECONNREFUSED else.
 *   This is the path glibc's nscd client takes on every getpwuid().
 * - socketpair(AF_UNIX, SOCK_STREAM): a connected pair, each direction an
 *   in-sandbox pipe, so reads, writes, poll, EOF and EPIPE behave as pipes do.
 * - Other families get EAFNOSUPPORT: the sandbox has no network.
 */

/* The default of net.core.{w,r}mem_default, reported for SO_SNDBUF/SO_RCVBUF. */
#define SOCK_BUF_DEFAULT 212992
/* Sockets live on Linux's anonymous "sockfs" device; its minor is boot-specific. */
#define SOCKFS_MINOR 8

struct sock {
    int type;          /* LINUX_SOCK_STREAM, _DGRAM or _SEQPACKET */
    int connected;     /* one of a socketpair: has (or had) a peer */
    struct file *rx;   /* pipe read end carrying the peer's bytes, or NULL */
    struct file *tx;   /* pipe write end towards the peer, or NULL */
    uint64_t ino;
};

static uint64_t next_sock_ino = 0x2000;

static const struct file_ops sock_ops;

static struct sock *sock_of(struct file *f)
{
    return f && f->ops == &sock_ops ? f->priv : NULL;
}

/* The pipe end @end with the socket's O_NONBLOCK, or forced non-blocking. */
static void sync_nonblock(struct file *end, const struct file *f, int force)
{
    end->flags &= ~(uint32_t)LINUX_O_NONBLOCK;
    if (force || (f->flags & LINUX_O_NONBLOCK))
        end->flags |= LINUX_O_NONBLOCK;
}

static long sock_recv(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int dontwait)
{
    struct sock *s = f->priv;
    if (!s->connected)
        return -LINUX_ENOTCONN;
    if (!s->rx) /* shut down for reading: end of file */
        return 0;
    struct file *rx = file_get(s->rx);
    sync_nonblock(rx, f, dontwait);
    long r = rx->ops->read(rx, t, buf, len, NULL);
    file_put(rx);
    return r;
}

static long sock_send(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int dontwait)
{
    struct sock *s = f->priv;
    if (!s->connected)
        return -LINUX_ENOTCONN;
    if (!s->tx)
        return -LINUX_EPIPE;
    struct file *tx = file_get(s->tx);
    sync_nonblock(tx, f, dontwait);
    long r = tx->ops->write(tx, t, buf, len, NULL);
    file_put(tx);
    return r;
}

static long sock_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    return off ? -LINUX_ESPIPE : sock_recv(f, t, buf, len, 0);
}

static long sock_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    return off ? -LINUX_ESPIPE : sock_send(f, t, buf, len, 0);
}

static long sock_fstat(struct file *f, struct linux_stat *st)
{
    struct sock *s = f->priv;
    memset(st, 0, sizeof(*st));
    st->st_mode = LINUX_S_IFSOCK | 0777;
    st->st_nlink = 1;
    st->st_ino = s->ino;
    st->st_blksize = 4096;
    st->st_dev = vfs_encode_dev(0, SOCKFS_MINOR);
    return 0;
}

static long sock_ioctl(struct file *f, struct task *t, uint64_t req, uint64_t arg)
{
    struct sock *s = f->priv;
    if (req == LINUX_FIONREAD) {
        if (s->rx)
            return s->rx->ops->ioctl(s->rx, t, req, arg);
        return copy_to_user(t->mm, arg, &(int32_t){0}, sizeof(int32_t));
    }
    return -LINUX_ENOTTY;
}

static int sock_poll(struct file *f)
{
    struct sock *s = f->priv;
    if (!s->connected)
        return LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLHUP; /* unix_poll(), no peer */
    int ev = 0;
    if (s->rx)
        ev |= s->rx->ops->poll(s->rx) & (LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLHUP);
    else
        ev |= LINUX_POLLIN | LINUX_POLLRDNORM;
    if (s->tx)
        ev |= s->tx->ops->poll(s->tx) & (LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLERR);
    return ev;
}

static void sock_release(struct file *f)
{
    struct sock *s = f->priv;
    if (s->rx)
        file_put(s->rx);
    if (s->tx)
        file_put(s->tx);
    free(s);
}

static const struct file_ops sock_ops = {
    .read = sock_read,
    .write = sock_write,
    .fstat = sock_fstat,
    .ioctl = sock_ioctl,
    .poll = sock_poll,
    .release = sock_release,
};

static struct file *sock_alloc(int type, uint32_t nonblock)
{
    struct sock *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->type = type;
    s->ino = next_sock_ino++;
    char name[40];
    snprintf(name, sizeof(name), "socket:[%llu]", (unsigned long long)s->ino);
    struct file *f = file_alloc(&sock_ops, -1, LINUX_O_RDWR | nonblock, name);
    if (!f) {
        free(s);
        return NULL;
    }
    f->priv = s;
    return f;
}

/* Check socket(2)'s domain, type and protocol; the type without its flags, or -LINUX_E*. */
static long check_socket_args(uint64_t domain, uint64_t type, uint64_t proto)
{
    if (type & ~(uint64_t)(LINUX_SOCK_TYPE_MASK | LINUX_SOCK_CLOEXEC | LINUX_SOCK_NONBLOCK))
        return -LINUX_EINVAL;
    if (domain != LINUX_AF_UNIX)
        return -LINUX_EAFNOSUPPORT; /* no network in the sandbox */
    /* unix_create() */
    if (proto && proto != LINUX_AF_UNIX)
        return -LINUX_EPROTONOSUPPORT;
    long kind = (long)(type & LINUX_SOCK_TYPE_MASK);
    if (kind != LINUX_SOCK_STREAM && kind != LINUX_SOCK_DGRAM && kind != LINUX_SOCK_SEQPACKET)
        return -LINUX_ESOCKTNOSUPPORT;
    return kind;
}

/* Install @f at the lowest free fd, consuming the reference either way. */
static long install(struct task *t, struct file *f, uint64_t type)
{
    int fd = fd_install(t->files, f, 0, (type & LINUX_SOCK_CLOEXEC) != 0);
    if (fd < 0)
        file_put(f);
    return fd;
}

SYS(socket)
{
    long kind = check_socket_args(a[0], a[1], a[2]);
    if (kind < 0)
        return kind;
    struct file *f = sock_alloc((int)kind, a[1] & LINUX_SOCK_NONBLOCK);
    return f ? install(t, f, a[1]) : -LINUX_ENFILE;
}

SYS(socketpair)
{
    /* Linux creates an inet socket, then finds it cannot be paired. */
    if (a[0] == LINUX_AF_INET || a[0] == LINUX_AF_INET6)
        return -LINUX_EOPNOTSUPP;
    long kind = check_socket_args(a[0], a[1], a[2]);
    if (kind < 0)
        return kind;
    if (kind != LINUX_SOCK_STREAM) {
        /* Datagram pairs need message boundaries, which pipes do not keep. */
        log_warn("socketpair: only SOCK_STREAM pairs are implemented; returning EOPNOTSUPP");
        return -LINUX_EOPNOTSUPP;
    }
    uint32_t nb = a[1] & LINUX_SOCK_NONBLOCK;
    struct file *end[2] = {sock_alloc((int)kind, nb), sock_alloc((int)kind, nb)};
    struct file *rd[2] = {NULL, NULL}, *wr[2] = {NULL, NULL};
    long r = end[0] && end[1] ? 0 : -LINUX_ENFILE;
    for (int i = 0; i < 2 && r == 0; i++)
        r = pipe_create(0, &rd[i], &wr[i]);
    if (r < 0) {
        for (int i = 0; i < 2; i++) {
            if (end[i])
                file_put(end[i]);
            if (rd[i])
                file_put(rd[i]);
            if (wr[i])
                file_put(wr[i]);
        }
        return r;
    }
    /* Pipe i carries what end i writes to end 1 - i. */
    for (int i = 0; i < 2; i++) {
        struct sock *s = end[i]->priv;
        s->connected = 1;
        s->tx = wr[i];
        s->rx = rd[1 - i];
    }
    int fds[2];
    fds[0] = (int)install(t, end[0], a[1]);
    if (fds[0] < 0) {
        file_put(end[1]);
        return fds[0];
    }
    fds[1] = (int)install(t, end[1], a[1]);
    if (fds[1] < 0) {
        fd_close(t->files, fds[0]);
        return fds[1];
    }
    if (copy_to_user(t->mm, a[3], fds, sizeof(fds)) < 0) {
        fd_close(t->files, fds[0]);
        fd_close(t->files, fds[1]);
        return -LINUX_EFAULT;
    }
    return 0;
}

/* The socket at @fd (no reference), or NULL with *@err set to EBADF or ENOTSOCK. */
static struct file *sock_fd(struct task *t, uint64_t fd, long *err)
{
    struct file *f = fd > (uint64_t)INT32_MAX ? NULL : fd_lookup(t->files, (int)fd);
    *err = !f ? -LINUX_EBADF : !sock_of(f) ? -LINUX_ENOTSOCK : 0;
    return *err ? NULL : f;
}

SYS(connect)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    uint64_t len = (uint32_t)a[2];
    /* unix_mkname(): at least a family, at most a whole sockaddr_un. */
    if (len < 2 || len > 2 + LINUX_UNIX_PATH_MAX)
        return -LINUX_EINVAL;
    char addr[2 + LINUX_UNIX_PATH_MAX + 1];
    if (copy_from_user(t->mm, addr, a[1], len) < 0)
        return -LINUX_EFAULT;
    addr[len] = '\0';
    uint16_t family;
    memcpy(&family, addr, sizeof(family));
    if (family != LINUX_AF_UNIX)
        return -LINUX_EINVAL;
    if (s->connected)
        return s->type == LINUX_SOCK_DGRAM ? -LINUX_ECONNREFUSED : -LINUX_EISCONN;
    if (len == 2) /* no name at all */
        return -LINUX_EINVAL;
    const char *path = addr + 2;
    if (path[0] == '\0') /* the abstract namespace: nobody is bound in it */
        return -LINUX_ECONNREFUSED;
    struct linux_statx sx;
    int r = vfs_statx_path(t, LINUX_AT_FDCWD, path, 0, 0, LINUX_STATX_TYPE, &sx);
    if (r < 0)
        return r;
    /* A host socket file has no listener the guest may reach; anything else is not a socket. */
    return -LINUX_ECONNREFUSED;
}

SYS(shutdown)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    if (a[1] > LINUX_SHUT_RDWR)
        return -LINUX_EINVAL;
    if (!s->connected)
        return -LINUX_ENOTCONN;
    if (a[1] != LINUX_SHUT_WR && s->rx) {
        file_put(s->rx);
        s->rx = NULL;
    }
    if (a[1] != LINUX_SHUT_RD && s->tx) {
        file_put(s->tx); /* the peer reads end of file */
        s->tx = NULL;
    }
    return 0;
}

/* MSG_* flags sendto/recvfrom accept; others are EOPNOTSUPP (unix_stream_sendmsg()). */
#define SEND_FLAGS (LINUX_MSG_DONTWAIT | LINUX_MSG_NOSIGNAL)
#define RECV_FLAGS (LINUX_MSG_DONTWAIT | LINUX_MSG_CMSG_CLOEXEC)

SYS(sendto)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    if (a[3] & ~(uint64_t)SEND_FLAGS)
        return -LINUX_EOPNOTSUPP;
    if (a[4] && (uint32_t)a[5])
        return s->connected ? -LINUX_EISCONN : -LINUX_EOPNOTSUPP;
    file_get(f);
    long r = sock_send(f, t, a[1], a[2], (a[3] & LINUX_MSG_DONTWAIT) != 0);
    file_put(f);
    if (r == -LINUX_EPIPE && !(a[3] & LINUX_MSG_NOSIGNAL))
        signal_send(t, LINUX_SIGPIPE);
    return r;
}

SYS(recvfrom)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    if (a[3] & ~(uint64_t)RECV_FLAGS)
        return -LINUX_EOPNOTSUPP;
    file_get(f);
    long r = sock_recv(f, t, a[1], a[2], (a[3] & LINUX_MSG_DONTWAIT) != 0);
    file_put(f);
    /* A socketpair peer has no name: the address length reads back as 0. */
    if (r >= 0 && a[4] && a[5] && copy_to_user(t->mm, a[5], &(uint32_t){0}, sizeof(uint32_t)) < 0)
        return -LINUX_EFAULT;
    return r;
}

/* An unnamed AF_UNIX address: just the family (unix_getname()). */
static long put_unnamed(struct task *t, uaddr_t uaddr, uaddr_t ulen)
{
    uint32_t len;
    if (copy_from_user(t->mm, &len, ulen, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    if ((int32_t)len < 0)
        return -LINUX_EINVAL;
    uint16_t family = LINUX_AF_UNIX;
    if (copy_to_user(t->mm, uaddr, &family, len < sizeof(family) ? len : sizeof(family)) < 0)
        return -LINUX_EFAULT;
    len = sizeof(family);
    return copy_to_user(t->mm, ulen, &len, sizeof(len)) < 0 ? -LINUX_EFAULT : 0;
}

SYS(getsockname)
{
    long err;
    return sock_fd(t, a[0], &err) ? put_unnamed(t, a[1], a[2]) : err;
}

SYS(getpeername)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    return s->connected ? put_unnamed(t, a[1], a[2]) : -LINUX_ENOTCONN;
}

SYS(getsockopt)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    if (a[1] != LINUX_SOL_SOCKET)
        return -LINUX_EOPNOTSUPP;
    int32_t v;
    switch (a[2]) {
    case LINUX_SO_TYPE: v = s->type; break;
    case LINUX_SO_DOMAIN: v = LINUX_AF_UNIX; break;
    case LINUX_SO_PROTOCOL: v = 0; break;
    case LINUX_SO_ERROR: v = 0; break;
    case LINUX_SO_ACCEPTCONN: v = 0; break;
    case LINUX_SO_PASSCRED: v = 0; break;
    case LINUX_SO_SNDBUF:
    case LINUX_SO_RCVBUF: v = SOCK_BUF_DEFAULT; break;
    default: return -LINUX_ENOPROTOOPT;
    }
    int32_t len;
    if (copy_from_user(t->mm, &len, a[4], sizeof(len)) < 0)
        return -LINUX_EFAULT;
    if (len < 0)
        return -LINUX_EINVAL;
    /* sk_getsockopt(): the value is truncated to the buffer the caller gave. */
    if ((size_t)len > sizeof(v))
        len = sizeof(v);
    if (copy_to_user(t->mm, a[3], &v, (size_t)len) < 0 ||
        copy_to_user(t->mm, a[4], &len, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    return 0;
}

SYS(setsockopt)
{
    long err;
    if (!sock_fd(t, a[0], &err))
        return err;
    if (a[1] != LINUX_SOL_SOCKET)
        return -LINUX_EOPNOTSUPP;
    switch (a[2]) {
    case LINUX_SO_SNDBUF:
    case LINUX_SO_RCVBUF:
    case LINUX_SO_PASSCRED:
        /* Accepted and ignored: buffer sizes and credentials change nothing here. */
        return (uint32_t)a[4] < sizeof(int32_t) ? -LINUX_EINVAL : 0;
    default:
        return -LINUX_ENOPROTOOPT;
    }
}
