/* SPDX-License-Identifier: MIT */
/* kernel/socket.c: AF_UNIX sockets inside the sandbox (net/unix/af_unix.c semantics, in part). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi/linux.h"
#include "file.h"
#include "log.h"
#include "pipe.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "task.h"
#include "usercopy.h"
#include "vfs.h"

/*
 * What the sandbox offers:
 * - socket(AF_UNIX, any of stream/dgram/seqpacket): an unconnected socket.
 * - socketpair(AF_UNIX, SOCK_STREAM): a connected pair, each direction an
 *   in-sandbox pipe, so reads, writes, poll, EOF and EPIPE behave as pipes do.
 * - Stream sockets bind to a path (a socket file in the sandbox's own tree),
 *   to an abstract name, or to an automatic one; listen, and connect/accept
 *   make such a pair between the two ends. Only names bound in this sandbox
 *   answer: a socket file of the host (its lower layer) has no listener the
 *   guest may reach, so connect() fails there as Linux does when nobody
 *   listens (ECONNREFUSED; ENOENT for a missing path). glibc's nscd client
 *   takes that path on every getpwuid().
 * - Other families get EAFNOSUPPORT: the sandbox has no network.
 */

/* The default of net.core.{w,r}mem_default, reported for SO_SNDBUF/SO_RCVBUF. */
#define SOCK_BUF_DEFAULT 212992
/* Sockets live on Linux's anonymous "sockfs" device; its minor is boot-specific. */
#define SOCKFS_MINOR 8

/* An AF_UNIX address as bind(2) took it: family, then a path or an abstract name. */
struct sock_name {
    uint32_t len; /* bytes of addr in use; 0: unnamed */
    char addr[2 + LINUX_UNIX_PATH_MAX + 1];
};

/* The peer's credentials at connect time (SO_PEERCRED, struct ucred). */
struct sock_cred {
    int32_t pid;
    uint32_t uid, gid;
};

/*
 * What connect() shares between the two ends it makes, so that either may
 * go first: a client whose connection was never accepted learns of it once
 * (Linux sets sk_err to ECONNRESET when it drops the embryo).
 */
struct sock_conn {
    int refs;
    int reset;
    struct sock *end[2]; /* client, server; NULL once released */
};

struct sock {
    int type;          /* LINUX_SOCK_STREAM, _DGRAM or _SEQPACKET */
    int shut;          /* what shutdown() closed, connected or not: SHUT_RD + 1 bits, as sk_shutdown */
    int connected;     /* has (or had) a peer: a socketpair, connect or accept */
    struct file *rx;   /* pipe read end carrying the peer's bytes, or NULL */
    struct file *tx;   /* pipe write end towards the peer, or NULL */
    uint64_t ino;
    struct sock_name name, peer; /* getsockname, getpeername */
    struct sock_cred peer_cred;
    struct sock_conn *conn; /* made by connect(), or NULL */
    /* bound: where connect() finds it (a socket file's device and inode) */
    int bound_path;
    uint64_t bound_dev, bound_ino;
    struct sock *next_bound;
    /* listening: server ends that connect() made and accept() has not taken */
    int listening, backlog;
    struct file **queue;
    size_t nqueue, capqueue;
    uint64_t gen; /* its own state changes (shutdown, queue, connect); data moves the pipes' */
};

/* A state change: wake those waiting on @s and move its count (file_ops.gen). */
static void sock_changed(struct sock *s)
{
    s->gen++;
    sched_wake_chan(s);
}

/* The bound sockets (kernel lock held): where connect() looks names up. */
static struct sock *bound_list;
static uint32_t next_autobind;

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
    /* unix_stream_read_generic(): not connected (listening too) is EINVAL. */
    if (!s->connected)
        return s->type == LINUX_SOCK_STREAM ? -LINUX_EINVAL : -LINUX_ENOTCONN;
    if (s->conn && s->conn->reset) { /* sock_error(): reported once, then end of file */
        s->conn->reset = 0;
        return -LINUX_ECONNRESET;
    }
    if (s->shut & 1) /* shut for reading, maybe before it was connected */
        return 0;
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
    if (!s->tx || (s->shut & 2))
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
        if (s->listening) /* unix_ioctl(SIOCINQ) */
            return -LINUX_EINVAL;
        if (s->rx)
            return s->rx->ops->ioctl(s->rx, t, req, arg);
        return copy_to_user(t->mm, arg, &(int32_t){0}, sizeof(int32_t));
    }
    return -LINUX_ENOTTY;
}

/* Its own changes and those of the pipes under it (EPOLLET). */
static uint64_t sock_gen(struct file *f)
{
    struct sock *s = f->priv;
    return s->gen + (s->rx ? s->rx->ops->gen(s->rx) : 0) + (s->tx ? s->tx->ops->gen(s->tx) : 0);
}

static int sock_poll(struct file *f)
{
    struct sock *s = f->priv;
    if (s->listening) /* unix_poll(): readable when a connection waits or once shut; never writable */
        return (s->nqueue ? LINUX_POLLIN | LINUX_POLLRDNORM : 0) |
               (s->shut & 1 ? LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP : 0) |
               (s->shut == 3 ? LINUX_POLLHUP : 0);
    if (!s->connected) /* unix_poll(), no peer: hung up, writable, readable once shut */
        return LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLWRBAND | LINUX_POLLHUP |
               (s->shut & 1 ? LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP : 0);
    /*
     * unix_poll() in pipe terms: no writer on the way in is RCV_SHUTDOWN
     * (readable, RDHUP), no reader on the way out SEND_SHUTDOWN; both is
     * POLLHUP. Writable means room, or nowhere to write (the error shows at
     * write). POLLERR only for a pending error (a reset connection).
     */
    int rx = s->rx && !(s->shut & 1) ? s->rx->ops->poll(s->rx) : LINUX_POLLHUP;
    int tx = s->tx && !(s->shut & 2) ? s->tx->ops->poll(s->tx) : LINUX_POLLERR;
    int ev = 0;
    if (rx & LINUX_POLLIN)
        ev |= LINUX_POLLIN | LINUX_POLLRDNORM;
    if (rx & LINUX_POLLHUP)
        ev |= LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP;
    if ((rx & LINUX_POLLHUP) && (tx & LINUX_POLLERR))
        ev |= LINUX_POLLHUP;
    if (tx & (LINUX_POLLOUT | LINUX_POLLERR))
        ev |= LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLWRBAND;
    if (s->conn && s->conn->reset)
        ev |= LINUX_POLLERR;
    return ev;
}

static void unbind(struct sock *s)
{
    for (struct sock **pp = &bound_list; *pp; pp = &(*pp)->next_bound)
        if (*pp == s) {
            *pp = s->next_bound;
            break;
        }
}

static void sock_release(struct file *f)
{
    struct sock *s = f->priv;
    if (s->rx)
        file_put(s->rx);
    if (s->tx)
        file_put(s->tx);
    unbind(s);
    sock_changed(s); /* connects waiting for room find no listener now */
    /* Connections never accepted are reset: their clients read ECONNRESET once. */
    for (size_t i = 0; i < s->nqueue; i++) {
        struct sock *q = s->queue[i]->priv;
        if (q->conn)
            q->conn->reset = 1;
        file_put(s->queue[i]);
    }
    free(s->queue);
    if (s->conn) {
        for (int i = 0; i < 2; i++)
            if (s->conn->end[i] == s)
                s->conn->end[i] = NULL;
        if (--s->conn->refs == 0)
            free(s->conn);
    }
    free(s);
}

static const struct file_ops sock_ops = {
    .read = sock_read,
    .write = sock_write,
    .fstat = sock_fstat,
    .ioctl = sock_ioctl,
    .poll = sock_poll,
    .gen = sock_gen,
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

/* Join @a and @b with two pipes, one for each direction. 0 or -LINUX_E*. */
static long sock_join(struct file *a, struct file *b)
{
    struct file *end[2] = {a, b}, *rd[2] = {NULL, NULL}, *wr[2] = {NULL, NULL};
    long r = 0;
    for (int i = 0; i < 2 && r == 0; i++)
        r = pipe_create(0, &rd[i], &wr[i]);
    if (r < 0) {
        for (int i = 0; i < 2; i++) {
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
        s->gen++;
        s->tx = wr[i];
        s->rx = rd[1 - i];
    }
    return 0;
}

static struct sock_cred cred_of(const struct task *t)
{
    return (struct sock_cred){t->pid, t->euid, t->egid};
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
    long r = end[0] && end[1] ? sock_join(end[0], end[1]) : -LINUX_ENFILE;
    if (r < 0) {
        for (int i = 0; i < 2; i++)
            if (end[i])
                file_put(end[i]);
        return r;
    }
    /* Each end's peer is the process that made the pair (init_peercred()). */
    for (int i = 0; i < 2; i++)
        ((struct sock *)end[i]->priv)->peer_cred = cred_of(t);
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

/*
 * Copy in a sockaddr_un of @len bytes (unix_validate_addr()): the family
 * and at least one byte of name. The name is cut at its first NUL if it is
 * a path; an abstract one keeps all its bytes. Returns 0 or -LINUX_E*.
 */
static long get_name(struct task *t, uaddr_t uaddr, uint64_t len, struct sock_name *n)
{
    if (len <= 2 || len > 2 + LINUX_UNIX_PATH_MAX)
        return -LINUX_EINVAL;
    memset(n, 0, sizeof(*n));
    if (copy_from_user(t->mm, n->addr, uaddr, len) < 0)
        return -LINUX_EFAULT;
    uint16_t family;
    memcpy(&family, n->addr, sizeof(family));
    if (family != LINUX_AF_UNIX)
        return -LINUX_EINVAL;
    /* unix_mkname_bsd(): a path ends at its NUL; getsockname shows it with one. */
    n->len = n->addr[2] ? (uint32_t)(2 + strnlen(n->addr + 2, len - 2) + 1) : (uint32_t)len;
    return 0;
}

/*
 * The bound socket named @n (a path's socket file, or an abstract name), or
 * NULL. Abstract names are per socket type (Linux hashes them with it); a
 * path names one socket of whatever type.
 */
static struct sock *find_bound(struct task *t, const struct sock_name *n, int type, long *err)
{
    *err = -LINUX_ECONNREFUSED;
    if (n->addr[2] == '\0') {
        for (struct sock *b = bound_list; b; b = b->next_bound)
            if (!b->bound_path && b->type == type && b->name.len == n->len &&
                !memcmp(b->name.addr, n->addr, n->len))
                return b;
        return NULL;
    }
    struct linux_statx sx;
    int r = vfs_statx_path(t, LINUX_AT_FDCWD, n->addr + 2, 0, 0, LINUX_STATX_BASIC_STATS, &sx);
    if (r < 0) {
        *err = r;
        return NULL;
    }
    /* unix_find_bsd(): a file that is no socket, or a host socket, has no listener here. */
    if ((sx.stx_mode & LINUX_S_IFMT) != LINUX_S_IFSOCK)
        return NULL;
    for (struct sock *b = bound_list; b; b = b->next_bound)
        if (b->bound_path && b->bound_ino == sx.stx_ino &&
            b->bound_dev == vfs_encode_dev(sx.stx_dev_major, sx.stx_dev_minor))
            return b;
    return NULL;
}

SYS(connect)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    struct sock_name n;
    long r = get_name(t, a[1], (uint32_t)a[2], &n);
    if (r < 0)
        return r;
    file_get(f);
    for (;;) {
        /*
         * unix_stream_connect()'s order: the name (unix_find_other(): a path
         * bound by another socket type is EPROTOTYPE), a listener that is not
         * shut, room in its queue, and only then this socket's own state.
         */
        struct sock *l = find_bound(t, &n, s->type, &r);
        if (!l || !l->listening || l->type != s->type || (l->shut & 1)) {
            r = !l ? r : l->type != s->type ? -LINUX_EPROTOTYPE : -LINUX_ECONNREFUSED;
            break;
        }
        if (s->type != LINUX_SOCK_STREAM) {
            log_warn("connect: only SOCK_STREAM connections are implemented; returning EOPNOTSUPP");
            r = -LINUX_EOPNOTSUPP;
            break;
        }
        /* unix_recvq_full(): more than backlog waiting blocks the connect. */
        if (l->nqueue > (size_t)l->backlog) {
            if (f->flags & LINUX_O_NONBLOCK) {
                r = -LINUX_EAGAIN;
                break;
            }
            if (signal_pending(t)) {
                r = -LINUX_ERESTARTSYS;
                break;
            }
            sched_wait_for(l, 0);
            continue; /* the listener may have gone meanwhile: look it up again */
        }
        if (s->connected || s->listening) {
            r = s->connected ? -LINUX_EISCONN : -LINUX_EINVAL;
            break;
        }
        r = -LINUX_ENOMEM;
        if (l->nqueue == l->capqueue) {
            size_t cap = l->capqueue ? 2 * l->capqueue : 8;
            struct file **q = realloc(l->queue, cap * sizeof(*q));
            if (!q)
                break;
            l->queue = q;
            l->capqueue = cap;
        }
        struct sock_conn *conn = calloc(1, sizeof(*conn));
        struct file *srv = conn ? sock_alloc(s->type, 0) : NULL;
        if (!srv) {
            free(conn);
            break;
        }
        r = sock_join(f, srv);
        if (r < 0) {
            free(conn);
            file_put(srv);
            break;
        }
        struct sock *ss = srv->priv;
        conn->refs = 2;
        conn->end[0] = s;
        conn->end[1] = ss;
        s->conn = ss->conn = conn;
        ss->name = l->name;        /* accepted: named as its listener */
        ss->peer = s->name;        /* ... and its peer is the client's name, if any */
        ss->peer_cred = cred_of(t);
        s->peer = l->name;
        s->peer_cred = l->peer_cred; /* the listener's, from listen() */
        l->queue[l->nqueue++] = srv;
        sock_changed(l);
        r = 0;
        break;
    }
    file_put(f);
    return r;
}

SYS(bind)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    uint64_t len = (uint32_t)a[2];
    struct sock_name n;
    memset(&n, 0, sizeof(n));
    uint16_t family = 0;
    if (len >= 2 && len <= 2 + LINUX_UNIX_PATH_MAX &&
        copy_from_user(t->mm, &family, a[1], sizeof(family)) < 0)
        return -LINUX_EFAULT;
    int autobind = len == 2 && family == LINUX_AF_UNIX;
    if (!autobind) {
        long r = get_name(t, a[1], len, &n);
        if (r < 0)
            return r;
    }
    if (s->type != LINUX_SOCK_STREAM) {
        log_warn("bind: only SOCK_STREAM sockets can be bound; returning EOPNOTSUPP");
        return -LINUX_EOPNOTSUPP;
    }
    if (autobind) {
        /* unix_autobind(): a bound socket stays as it is; else five hex digits, abstract. */
        if (s->name.len)
            return 0;
        n.len = 2 + 1 + 5;
        memcpy(n.addr, &family, sizeof(family));
        for (uint32_t tries = 0;; tries++) {
            long e;
            if (tries > 0xfffff)
                return -LINUX_ENOSPC; /* every name taken, as unix_autobind() gives up */
            snprintf(n.addr + 3, sizeof(n.addr) - 3, "%05x", next_autobind++ & 0xfffff);
            if (!find_bound(t, &n, s->type, &e))
                break;
        }
    } else if (n.addr[2]) {
        /*
         * unix_bind_bsd(): the socket file first (mode 0777 less the umask;
         * a taken name is EADDRINUSE), then "already bound" (EINVAL), which
         * takes the new file away again.
         */
        long r = vfs_mknod(t, LINUX_AT_FDCWD, n.addr + 2, LINUX_S_IFSOCK | 0777, 0);
        if (r == -LINUX_EEXIST)
            return -LINUX_EADDRINUSE;
        if (r < 0)
            return r;
        struct linux_statx sx;
        r = s->name.len ? -LINUX_EINVAL
                        : vfs_statx_path(t, LINUX_AT_FDCWD, n.addr + 2, 1, 0,
                                         LINUX_STATX_BASIC_STATS, &sx);
        if (r < 0) {
            vfs_unlink(t, LINUX_AT_FDCWD, n.addr + 2, 0);
            return r;
        }
        s->bound_path = 1;
        s->bound_ino = sx.stx_ino;
        s->bound_dev = vfs_encode_dev(sx.stx_dev_major, sx.stx_dev_minor);
    } else {
        /* unix_bind_abstract(): already bound is EINVAL, a taken name EADDRINUSE. */
        long e;
        if (s->name.len)
            return -LINUX_EINVAL;
        if (find_bound(t, &n, s->type, &e))
            return -LINUX_EADDRINUSE;
    }
    s->name = n;
    s->next_bound = bound_list;
    bound_list = s;
    /* A connected socket binding late: its peer's getpeername shows the name (unix_getname()). */
    if (s->conn)
        for (int i = 0; i < 2; i++)
            if (s->conn->end[i] && s->conn->end[i] != s)
                s->conn->end[i]->peer = n;
    return 0;
}

SYS(listen)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    /* unix_listen(): a stream socket, bound, not connected. */
    if (s->type == LINUX_SOCK_DGRAM)
        return -LINUX_EOPNOTSUPP;
    if (!s->name.len || s->connected)
        return -LINUX_EINVAL;
    if (s->type != LINUX_SOCK_STREAM) {
        log_warn("listen: only SOCK_STREAM sockets can listen; returning EOPNOTSUPP");
        return -LINUX_EOPNOTSUPP;
    }
    /* __sys_listen(): the backlog is capped at net.core.somaxconn (4096). */
    int backlog = (int)a[1];
    if ((unsigned)backlog > 4096)
        backlog = 4096;
    s->backlog = backlog;
    s->peer_cred = cred_of(t); /* what a client's SO_PEERCRED reads (init_peercred()) */
    s->listening = 1;
    sock_changed(s); /* a larger backlog may let blocked connects in */
    return 0;
}

static long put_name(struct task *t, const struct sock_name *n, uaddr_t uaddr, uaddr_t ulen);

static long do_accept(struct task *t, uint64_t fd, uaddr_t uaddr, uaddr_t ulen, uint64_t flags)
{
    long err;
    if (flags & ~(uint64_t)(LINUX_SOCK_CLOEXEC | LINUX_SOCK_NONBLOCK))
        return -LINUX_EINVAL;
    struct file *f = sock_fd(t, fd, &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    if (s->type == LINUX_SOCK_DGRAM)
        return -LINUX_EOPNOTSUPP;
    if (!s->listening)
        return -LINUX_EINVAL;
    file_get(f);
    long r = 0;
    while (!s->nqueue) {
        /* skb_recv_datagram(): non-blocking EAGAIN; a listener shut for reading EINVAL. */
        if (f->flags & LINUX_O_NONBLOCK)
            r = -LINUX_EAGAIN;
        else if (s->shut & 1)
            r = -LINUX_EINVAL;
        else if (signal_pending(t))
            r = -LINUX_ERESTARTSYS;
        if (r < 0) {
            file_put(f);
            return r;
        }
        sched_wait_for(s, 0);
    }
    /* The fd first (Linux reserves it before it dequeues): EMFILE keeps the connection waiting. */
    struct file *c = s->queue[0];
    int nfd = fd_install(t->files, c, 0, (flags & LINUX_SOCK_CLOEXEC) != 0);
    if (nfd < 0) {
        file_put(f);
        return nfd;
    }
    /* The queue's reference is now the fd's. */
    memmove(s->queue, s->queue + 1, --s->nqueue * sizeof(*s->queue));
    sock_changed(s); /* room for a blocked connect */
    file_put(f);
    c->flags |= (uint32_t)(flags & LINUX_SOCK_NONBLOCK);
    struct sock *cs = c->priv;
    if (uaddr && (r = put_name(t, &cs->peer, uaddr, ulen)) < 0) {
        fd_close(t->files, nfd); /* the connection is lost, as when Linux fails to copy the address */
        return r;
    }
    return nfd;
}

SYS(accept4)
{
    return do_accept(t, a[0], a[1], a[2], a[3]);
}

SYS(accept)
{
    return do_accept(t, a[0], a[1], a[2], 0);
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
    /* unix_shutdown(): no peer needed; the socket only notes it (poll shows it). */
    s->shut |= (int)a[1] + 1;
    sock_changed(s); /* a blocked accept ends, blocked connects are refused */
    if (!s->connected)
        return 0;
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
    /* unix_stream_recvmsg() gives no address for stream data: the length reads back as 0. */
    if (r >= 0 && a[4] && a[5] && copy_to_user(t->mm, a[5], &(uint32_t){0}, sizeof(uint32_t)) < 0)
        return -LINUX_EFAULT;
    return r;
}

/* An AF_UNIX address for getsockname and friends (unix_getname()); unnamed: just the family. */
static long put_name(struct task *t, const struct sock_name *n, uaddr_t uaddr, uaddr_t ulen)
{
    uint32_t len;
    if (copy_from_user(t->mm, &len, ulen, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    if ((int32_t)len < 0)
        return -LINUX_EINVAL;
    struct sock_name unnamed = {2, {0}};
    uint16_t family = LINUX_AF_UNIX;
    memcpy(unnamed.addr, &family, sizeof(family));
    const struct sock_name *w = n->len ? n : &unnamed;
    if (copy_to_user(t->mm, uaddr, w->addr, len < w->len ? len : w->len) < 0)
        return -LINUX_EFAULT;
    len = w->len; /* the full length, even when cut (move_addr_to_user()) */
    return copy_to_user(t->mm, ulen, &len, sizeof(len)) < 0 ? -LINUX_EFAULT : 0;
}

SYS(getsockname)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    return f ? put_name(t, &((struct sock *)f->priv)->name, a[1], a[2]) : err;
}

SYS(getpeername)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    return s->connected ? put_name(t, &s->peer, a[1], a[2]) : -LINUX_ENOTCONN;
}

/* sk_getsockopt(): the value, cut to the buffer the caller gave, and its length. */
static long put_opt(struct task *t, uaddr_t uval, uaddr_t ulen, const void *v, size_t size)
{
    int32_t len;
    if (copy_from_user(t->mm, &len, ulen, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    if (len < 0)
        return -LINUX_EINVAL;
    if ((size_t)len > size)
        len = (int32_t)size;
    if (copy_to_user(t->mm, uval, v, (size_t)len) < 0 ||
        copy_to_user(t->mm, ulen, &len, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    return 0;
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
    case LINUX_SO_ACCEPTCONN: v = s->listening; break;
    case LINUX_SO_PEERCRED: {
        /* struct ucred; a socket never connected reads pid 0 and uid/gid -1. */
        struct sock_cred c = s->connected || s->listening ? s->peer_cred
                                                          : (struct sock_cred){0, ~0u, ~0u};
        return put_opt(t, a[3], a[4], &c, sizeof(c));
    }
    case LINUX_SO_PASSCRED: v = 0; break;
    case LINUX_SO_SNDBUF:
    case LINUX_SO_RCVBUF: v = SOCK_BUF_DEFAULT; break;
    default: return -LINUX_ENOPROTOOPT;
    }
    return put_opt(t, a[3], a[4], &v, sizeof(v));
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
