/* SPDX-License-Identifier: MIT */
/* kernel/socket.c: AF_UNIX sockets inside the sandbox (net/unix/af_unix.c semantics, in part). */
#include <stddef.h>
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
 *   Control data (SCM_RIGHTS) rides beside the bytes as records of the stream
 *   offsets it came with.
 * - SOCK_DGRAM and SOCK_SEQPACKET sockets keep a queue of whole messages per
 *   receiving end (the skbs of a sk_receive_queue), charged to their sender
 *   (sk_wmem_alloc against sk_sndbuf); a datagram socket's queue also holds
 *   at most max_dgram_qlen + 1 messages from senders it is not connected to.
 * - sendmsg/recvmsg (and the mmsg forms) with SCM_RIGHTS and SCM_CREDENTIALS.
 * - Sockets of every type bind to a path (a socket file in the sandbox's own
 *   tree), to an abstract name, or to an automatic one; stream and seqpacket
 *   sockets listen, and connect/accept make a pair between the two ends;
 *   datagram sockets send to names and connect to a default destination. Only names bound in this sandbox
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

/*
 * A message queued for a socket (an skb): a datagram or seqpacket message
 * with its bytes, or on a stream a record of the control data that came with
 * the bytes at [pos, pos + len) of the stream (the bytes are in the pipe).
 */
struct sock_msg {
    struct sock_msg *next;
    struct sock *from;      /* the sender, charged for it (a reference); NULL for records */
    uint64_t id;            /* to find a record again after its sender blocked */
    uint64_t len;           /* bytes */
    uint64_t pos;           /* stream record: stream offset of its first byte */
    uint64_t charge;        /* what it adds to from->wmem (its truesize) */
    struct sock_cred cred;  /* the sender's, or what SCM_CREDENTIALS claimed */
    int nfiles;
    struct file **files;    /* SCM_RIGHTS: references in flight */
    uint8_t data[];
};

struct sock {
    int type;          /* LINUX_SOCK_STREAM, _DGRAM or _SEQPACKET */
    int refs;          /* its file's, a peer's peer_sock, each message it sent */
    int dead;          /* its file is released (SOCK_DEAD) */
    int passcred;      /* SO_PASSCRED */
    struct sock *peer_sock; /* unix_peer(): where its messages go (a reference), or NULL */
    /* receive queue: messages (datagram, seqpacket) or a stream's control records */
    struct sock_msg *rq, **rq_tail;
    unsigned rq_n;
    uint64_t rq_bytes;
    uint64_t wmem;           /* charge of its messages still queued (sk_wmem_alloc) */
    uint64_t tx_pos, rx_pos; /* stream: bytes written to tx, read from rx */
    /* the garbage collector's (sock_gc()) */
    struct file *file;       /* its open file, while it is open */
    int inflight;            /* references to that file in socket queues */
    struct sock *live_next, **live_pprev; /* every open socket */
    int gc_refs, gc_cand, gc_alive;
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

int sock_signals_itself(const struct file *f)
{
    return f && f->ops == &sock_ops;
}

/* The pipe end @end with the socket's O_NONBLOCK, or forced non-blocking. */
static void sync_nonblock(struct file *end, const struct file *f, int force)
{
    end->flags &= ~(uint32_t)LINUX_O_NONBLOCK;
    if (force || (f->flags & LINUX_O_NONBLOCK))
        end->flags |= LINUX_O_NONBLOCK;
}

/* net.unix.max_dgram_qlen: a datagram socket's queue for senders it is not connected to. */
#define MAX_DGRAM_QLEN 10
/* An skb's overhead beyond its bytes, charged against the sender's sndbuf (SKB_TRUESIZE). */
#define MSG_OVERHEAD 768
/* net.core.optmem_max of Linux 6.1: the largest control buffer sendmsg copies in. */
#define OPTMEM_MAX 20480

/* Files in flight in every socket's queue (unix_tot_inflight): bounded by RLIMIT_NOFILE. */
static uint64_t files_in_flight;
/* Every socket whose file is open: where the garbage collector looks. */
static struct sock *live_socks;
static uint64_t next_msg_id;

/*
 * One sendmsg/recvmsg as a socket sees it: the guest's buffers, the flags,
 * the destination given, and the control data going out or coming in.
 */
struct sock_io {
    const struct linux_iovec *iov;
    int iovlen;
    uint64_t len;              /* the iovecs' total */
    uint64_t flags;            /* MSG_*, with MSG_DONTWAIT for an O_NONBLOCK file */
    uint32_t to_len;           /* send: bytes of to_raw, the address given; 0: none */
    uint8_t to_raw[128];
    struct file **files;       /* SCM_RIGHTS, out or in: references owned here */
    int nfiles;
    int has_cred;              /* send: SCM_CREDENTIALS given; recv: to deliver */
    struct sock_cred cred;
    uint32_t msg_flags;        /* recv: MSG_TRUNC, MSG_CTRUNC... */
    struct sock_name from;     /* recv: the sender's name; len 0: none */
};

static void io_release(struct sock_io *io)
{
    for (int i = 0; i < io->nfiles; i++)
        if (io->files[i])
            file_put(io->files[i]);
    free(io->files);
    io->files = NULL;
    io->nfiles = 0;
}

static void sock_put(struct sock *s)
{
    BUG_ON(s->refs <= 0);
    if (--s->refs == 0)
        free(s);
}

static struct sock_msg *msg_alloc(uint64_t len)
{
    struct sock_msg *m = calloc(1, sizeof(*m) + len);
    if (m) {
        m->len = len;
        m->id = ++next_msg_id;
    }
    return m;
}

/* Move @io's files into @m (they are in flight from now on). */
static void msg_take_files(struct sock_msg *m, struct sock_io *io)
{
    m->files = io->files;
    m->nfiles = io->nfiles;
    files_in_flight += (uint64_t)io->nfiles;
    for (int i = 0; i < m->nfiles; i++)
        if (sock_of(m->files[i]))
            ((struct sock *)m->files[i]->priv)->inflight++;
    io->files = NULL;
    io->nfiles = 0;
}

/* Give @m's files to @io: copies for a peek, else the message's own. 0 or -LINUX_ENOMEM. */
static long msg_give_files(struct sock_msg *m, struct sock_io *io, int peek)
{
    if (!m->nfiles)
        return 0;
    if (peek) {
        io->files = calloc((size_t)m->nfiles, sizeof(*io->files));
        if (!io->files)
            return -LINUX_ENOMEM;
        for (int i = 0; i < m->nfiles; i++)
            io->files[i] = file_get(m->files[i]);
        io->nfiles = m->nfiles;
        return 0;
    }
    io->files = m->files;
    io->nfiles = m->nfiles;
    files_in_flight -= (uint64_t)m->nfiles;
    for (int i = 0; i < m->nfiles; i++)
        if (sock_of(m->files[i]))
            ((struct sock *)m->files[i]->priv)->inflight--;
    m->files = NULL;
    m->nfiles = 0;
    return 0;
}

/* Free a message off any queue: its files are closed, its sender uncharged (sock_wfree()). */
static void msg_free(struct sock_msg *m)
{
    for (int i = 0; i < m->nfiles; i++) {
        if (sock_of(m->files[i]))
            ((struct sock *)m->files[i]->priv)->inflight--;
        file_put(m->files[i]);
    }
    files_in_flight -= (uint64_t)m->nfiles;
    free(m->files);
    if (m->from) {
        BUG_ON(m->from->wmem < m->charge);
        m->from->wmem -= m->charge;
        sock_changed(m->from); /* room in its sndbuf */
        sock_put(m->from);
    }
    free(m);
}

static void rq_push(struct sock *s, struct sock_msg *m)
{
    m->next = NULL;
    if (!s->rq)
        s->rq_tail = &s->rq;
    *s->rq_tail = m;
    s->rq_tail = &m->next;
    s->rq_n++;
    if (s->type != LINUX_SOCK_STREAM) /* a stream's records hold no bytes of their own */
        s->rq_bytes += m->len;
}

/* Unlink @m from @s's queue; 0 when it was not there. */
static int rq_unlink(struct sock *s, struct sock_msg *m)
{
    for (struct sock_msg **pp = &s->rq; *pp; pp = &(*pp)->next)
        if (*pp == m) {
            *pp = m->next;
            if (s->rq_tail == &m->next)
                s->rq_tail = pp;
            s->rq_n--;
            if (s->type != LINUX_SOCK_STREAM)
                s->rq_bytes -= m->len;
            return 1;
        }
    return 0;
}

/* Drop every queued message (skb_queue_purge()). */
static void rq_purge(struct sock *s)
{
    while (s->rq) {
        struct sock_msg *m = s->rq;
        rq_unlink(s, m);
        msg_free(m);
    }
}

/* Mark the candidates @s's queue (and, a listener, its unaccepted ends' queues) holds in flight. */
static void gc_scan(struct sock *s, void (*fn)(struct sock *))
{
    for (struct sock_msg *m = s->rq; m; m = m->next)
        for (int i = 0; i < m->nfiles; i++) {
            struct sock *c = sock_of(m->files[i]);
            if (c && c->gc_cand)
                fn(c);
        }
    for (size_t i = 0; i < s->nqueue; i++)
        gc_scan(s->queue[i]->priv, fn);
}

static void gc_unref(struct sock *c)
{
    c->gc_refs--;
}

static int gc_changed;

/* Move @s's queue onto *@dead. */
static void gc_take(struct sock *s, struct sock_msg **dead)
{
    while (s->rq) {
        struct sock_msg *m = s->rq;
        rq_unlink(s, m);
        m->next = *dead;
        *dead = m;
    }
}

static void gc_mark(struct sock *c)
{
    if (!c->gc_alive) {
        c->gc_alive = 1;
        gc_changed = 1;
    }
}

/*
 * unix_gc(): a socket whose every reference is in flight in the queues of
 * such sockets can never be received, so a cycle of them (a socket sent
 * over itself) would live for ever. Candidates are the sockets referenced
 * only from queues; those with a reference from outside a candidate's
 * queue are alive, as is all they reach; the queues of the rest are purged,
 * which releases them.
 */
static void sock_gc(void)
{
    static int running;
    if (running || !files_in_flight)
        return;
    running = 1;
    for (struct sock *s = live_socks; s; s = s->live_next) {
        s->gc_cand = s->inflight > 0 && s->inflight == s->file->refs;
        s->gc_refs = s->file->refs;
        s->gc_alive = 0;
    }
    for (struct sock *s = live_socks; s; s = s->live_next)
        if (s->gc_cand)
            gc_scan(s, gc_unref);
    for (struct sock *s = live_socks; s; s = s->live_next)
        if (s->gc_cand && s->gc_refs > 0)
            s->gc_alive = 1;
    do {
        gc_changed = 0;
        for (struct sock *s = live_socks; s; s = s->live_next)
            if (s->gc_cand && s->gc_alive)
                gc_scan(s, gc_mark);
    } while (gc_changed);
    /* Take the garbage's messages first: freeing them releases sockets of this list. */
    struct sock_msg *dead = NULL;
    for (struct sock *s = live_socks; s; s = s->live_next) {
        if (!s->gc_cand || s->gc_alive)
            continue;
        gc_take(s, &dead);
        for (size_t i = 0; i < s->nqueue; i++)
            gc_take(s->queue[i]->priv, &dead);
    }
    while (dead) {
        struct sock_msg *m = dead;
        dead = m->next;
        msg_free(m);
    }
    running = 0;
}

/* @s's peer reference to @p (NULL: none), dropping the old one. */
static void set_peer(struct sock *s, struct sock *p)
{
    struct sock *old = s->peer_sock;
    if (p)
        p->refs++;
    s->peer_sock = p;
    if (old)
        sock_put(old);
}

/* Copy @len bytes of @src to the guest buffers of @io, in order. 0 or -LINUX_EFAULT. */
static long iov_out(struct task *t, const struct sock_io *io, const uint8_t *src, uint64_t len)
{
    for (int i = 0; i < io->iovlen && len; i++) {
        uint64_t n = io->iov[i].iov_len < len ? io->iov[i].iov_len : len;
        if (n && copy_to_user(t->mm, io->iov[i].iov_base, src, n) < 0)
            return -LINUX_EFAULT;
        src += n;
        len -= n;
    }
    return 0;
}

/* Gather all of @io's guest buffers into @dst. 0 or -LINUX_EFAULT. */
static long iov_in(struct task *t, const struct sock_io *io, uint8_t *dst)
{
    for (int i = 0; i < io->iovlen; i++) {
        if (io->iov[i].iov_len &&
            copy_from_user(t->mm, dst, io->iov[i].iov_base, io->iov[i].iov_len) < 0)
            return -LINUX_EFAULT;
        dst += io->iov[i].iov_len;
    }
    return 0;
}

/* sock_error(): a reset connection is reported once. */
static long take_reset(struct sock *s)
{
    if (s->conn && s->conn->reset) {
        s->conn->reset = 0;
        return -LINUX_ECONNRESET;
    }
    return 0;
}

/* A receiver's stream records beyond this carry no credentials of their own (a bound on memory). */
#define MAX_STREAM_RECORDS 1024

/* The credentials a message carries unless SCM_CREDENTIALS says otherwise (scm_send()): real ids. */
static struct sock_cred scm_cred_of(const struct task *t)
{
    return (struct sock_cred){t->pid, t->uid, t->gid};
}

static int cred_eq(const struct sock_cred *a, const struct sock_cred *b)
{
    return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* The last message of @s's queue, or NULL. */
static struct sock_msg *rq_last(struct sock *s)
{
    return s->rq ? (struct sock_msg *)((char *)s->rq_tail - offsetof(struct sock_msg, next)) : NULL;
}

/*
 * SO_PASSCRED on a stream (unix_stream_read_generic()): the credentials of
 * the next byte in *@c, and how many bytes from there have the same ones: a
 * read never glues the bytes of two writers. Bytes that came without a
 * record (written before SO_PASSCRED was set) count as the peer's.
 */
static uint64_t cred_span(struct sock *s, struct sock_cred *c)
{
    uint64_t at = s->rx_pos;
    struct sock_msg *m = s->rq;
    *c = m && m->pos <= at ? m->cred : s->peer_cred;
    for (; m; m = m->next) {
        if (m->pos > at) {
            if (!cred_eq(&s->peer_cred, c))
                return at - s->rx_pos;
            at = m->pos;
        }
        if (!cred_eq(&m->cred, c))
            return at - s->rx_pos;
        if (m->pos + m->len > at)
            at = m->pos + m->len;
    }
    return cred_eq(&s->peer_cred, c) ? UINT64_MAX : at - s->rx_pos;
}

/*
 * unix_stream_read_generic() on the pipe: the first bytes may block, the
 * rest only with MSG_WAITALL. A read stops at the end of the bytes that
 * carried files and takes the files with it (unix_detach_fds()).
 */
static long stream_recv(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    /* unix_stream_read_generic(): not connected (listening too) is EINVAL. */
    if (!s->connected)
        return -LINUX_EINVAL;
    long r = take_reset(s);
    if (r < 0)
        return r;
    if ((s->shut & 1) || !s->rx) /* shut for reading, maybe before it was connected */
        return 0;
    int peek = (io->flags & LINUX_MSG_PEEK) != 0, waitall = (io->flags & LINUX_MSG_WAITALL) != 0;
    int dontwait = (io->flags & LINUX_MSG_DONTWAIT) != 0;
    while (s->rq && s->rq->pos + s->rq->len <= s->rx_pos) { /* bytes already read */
        struct sock_msg *old = s->rq;
        rq_unlink(s, old);
        msg_free(old);
    }
    /* The first record still carrying files; one whose files went with an earlier read no longer stops a read. */
    struct sock_msg *rec = s->rq;
    while (rec && !rec->nfiles)
        rec = rec->next;
    uint64_t cap = io->len;
    if (rec && rec->pos + rec->len - s->rx_pos < cap)
        cap = rec->pos + rec->len - s->rx_pos;
    struct sock_cred cred;
    if (s->passcred) {
        uint64_t span = cred_span(s, &cred);
        if (span < cap)
            cap = span;
    }
    struct file *rx = file_get(s->rx);
    uint64_t done = 0, in_seg = 0;
    int i = 0;
    r = 0;
    while (done < cap) {
        while (i < io->iovlen && in_seg == io->iov[i].iov_len) {
            i++;
            in_seg = 0;
        }
        if (i == io->iovlen)
            break;
        uint64_t want = io->iov[i].iov_len - in_seg;
        if (want > cap - done)
            want = cap - done;
        uaddr_t at = io->iov[i].iov_base + in_seg;
        if (peek) {
            sync_nonblock(rx, f, dontwait);
            r = pipe_peek(rx, t, at, want, done, done == 0);
        } else {
            sync_nonblock(rx, f, dontwait || (done && !waitall));
            r = rx->ops->read(rx, t, at, want, NULL);
        }
        if (r <= 0)
            break;
        done += (uint64_t)r;
        in_seg += (uint64_t)r;
    }
    file_put(rx);
    if (!done)
        return cap ? r : 0;
    if (rec && s->rx_pos + done > rec->pos && msg_give_files(rec, io, peek) < 0)
        io->msg_flags |= LINUX_MSG_CTRUNC;
    if (s->passcred) {
        io->has_cred = 1;
        io->cred = cred;
    }
    if (!peek)
        s->rx_pos += done;
    if (s->peer_sock) /* unix_copy_addr() of the sending end */
        io->from = s->peer_sock->name;
    return (long)done;
}

/* unix_stream_sendmsg() on the pipe; files go as a record of the bytes they came with. */
static long stream_send(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    if (io->flags & LINUX_MSG_OOB)
        return -LINUX_EOPNOTSUPP;
    if (io->to_len)
        return s->connected ? -LINUX_EISCONN : -LINUX_EOPNOTSUPP;
    if (!s->connected)
        return -LINUX_ENOTCONN;
    if (!s->tx || (s->shut & 2))
        return -LINUX_EPIPE;
    struct sock *peer = s->peer_sock;
    uint64_t rec_id = 0, merged_len = 0;
    int merged = 0;
    if ((io->nfiles || (peer && peer->passcred)) && io->len && peer && !peer->dead) {
        /*
         * Queued first: a reader may take the first bytes while a long write
         * still blocks. Bytes without files extend the record before them when
         * the credentials are the same (or records are too many: then theirs).
         */
        struct sock_cred c = io->has_cred ? io->cred : scm_cred_of(t);
        struct sock_msg *last = rq_last(peer);
        if (!io->nfiles && last && !last->nfiles && last->pos + last->len == s->tx_pos &&
            (cred_eq(&last->cred, &c) || peer->rq_n >= MAX_STREAM_RECORDS)) {
            merged = 1;
            merged_len = last->len;
            last->len += io->len;
            rec_id = last->id;
        } else if (io->nfiles || peer->rq_n < MAX_STREAM_RECORDS) {
            struct sock_msg *rec = msg_alloc(0);
            if (!rec)
                return -LINUX_ENOMEM;
            rec->pos = s->tx_pos;
            rec->len = io->len;
            rec->cred = c;
            msg_take_files(rec, io);
            rec_id = rec->id;
            rq_push(peer, rec);
        }
    }
    struct file *tx = file_get(s->tx);
    uint64_t done = 0;
    long r = 0;
    for (int i = 0; i < io->iovlen; i++) {
        if (!io->iov[i].iov_len)
            continue;
        sync_nonblock(tx, f, (io->flags & LINUX_MSG_DONTWAIT) != 0);
        r = tx->ops->write(tx, t, io->iov[i].iov_base, io->iov[i].iov_len, NULL);
        if (r < 0)
            break;
        done += (uint64_t)r;
        if ((uint64_t)r < io->iov[i].iov_len)
            break;
    }
    file_put(tx);
    s->tx_pos += done;
    if (rec_id) {
        /* The record covers what was written; nothing written, nothing sent. */
        for (struct sock_msg *m = peer->rq; m; m = m->next)
            if (m->id == rec_id) {
                if (merged || done) {
                    m->len = merged_len + done;
                } else {
                    rq_unlink(peer, m);
                    msg_free(m);
                }
                break;
            }
    }
    return done ? (long)done : r;
}

/* unix_may_send(): a socket connected elsewhere takes messages only from its peer. */
static int may_send(const struct sock *s, const struct sock *other)
{
    return !other->peer_sock || other->peer_sock == s;
}

/* unix_recvq_full() as unix_dgram_sendmsg() applies it: not to itself, nor from its peer. */
static int dgram_peer_full(const struct sock *s, const struct sock *other)
{
    return s->type == LINUX_SOCK_DGRAM && other != s && other->peer_sock != s &&
           other->rq_n > MAX_DGRAM_QLEN;
}

static long get_name_raw(const uint8_t *raw, uint64_t len, struct sock_name *n);
static struct sock *find_bound(struct task *t, const struct sock_name *n, int type, long *err);

/* unix_dgram_disconnected(): a socket that leaves its peer drops what it had queued. */
static void dgram_disconnect(struct sock *s)
{
    set_peer(s, NULL);
    s->connected = 0;
    rq_purge(s);
    sock_changed(s);
}

/*
 * unix_dgram_sendmsg() (and unix_seqpacket_sendmsg()): one message, to the
 * name given or the peer; the order of the checks is Linux's.
 */
static long dgram_send(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    long r = take_reset(s);
    if (r < 0)
        return r;
    if (s->type == LINUX_SOCK_SEQPACKET) {
        if (!s->connected)
            return -LINUX_ENOTCONN;
        io->to_len = 0; /* unix_seqpacket_sendmsg(): an address is ignored */
    }
    if (io->flags & LINUX_MSG_OOB)
        return -LINUX_EOPNOTSUPP;
    struct sock_name to;
    if (io->to_len) {
        r = get_name_raw(io->to_raw, io->to_len, &to);
        if (r < 0)
            return r;
    } else if (!s->peer_sock) {
        return -LINUX_ENOTCONN;
    }
    if (io->len > SOCK_BUF_DEFAULT - 32)
        return -LINUX_EMSGSIZE;
    int dontwait = (io->flags & LINUX_MSG_DONTWAIT) != 0;
    /* sock_alloc_send_pskb(): room in the sndbuf, or wait for it. */
    for (;;) {
        if (s->shut & 2)
            return -LINUX_EPIPE;
        if (s->wmem < SOCK_BUF_DEFAULT)
            break;
        if (dontwait)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(s, 0);
    }
    struct sock_msg *m = msg_alloc(io->len);
    if (!m)
        return -LINUX_ENOMEM;
    if (iov_in(t, io, m->data) < 0) {
        msg_free(m);
        return -LINUX_EFAULT;
    }
    for (;;) {
        struct sock *other = s->peer_sock;
        if (io->to_len) {
            other = find_bound(t, &to, s->type, &r);
            if (!other) {
                msg_free(m);
                return r;
            }
            if (other->type != s->type) {
                msg_free(m);
                return -LINUX_EPROTOTYPE;
            }
        } else if (!other) {
            msg_free(m);
            return -LINUX_ENOTCONN;
        }
        if (!may_send(s, other)) {
            msg_free(m);
            return -LINUX_EPERM;
        }
        if (other->dead) {
            /* Only a peer can be dead: a seqpacket's is a broken pipe, a datagram's refuses once. */
            msg_free(m);
            if (s->type == LINUX_SOCK_SEQPACKET)
                return -LINUX_EPIPE;
            dgram_disconnect(s);
            return -LINUX_ECONNREFUSED;
        }
        if (other->shut & 1) {
            msg_free(m);
            return -LINUX_EPIPE;
        }
        if (dgram_peer_full(s, other)) {
            /* unix_wait_for_peer(): the receiver's queue must drain. */
            if (dontwait) {
                msg_free(m);
                return -LINUX_EAGAIN;
            }
            if (signal_pending(t)) {
                msg_free(m);
                return -LINUX_ERESTARTSYS;
            }
            sched_wait_for(other, 0);
            continue; /* the name may be another socket's now */
        }
        m->cred = io->has_cred ? io->cred : scm_cred_of(t);
        msg_take_files(m, io);
        m->from = s;
        s->refs++;
        m->charge = m->len + MSG_OVERHEAD;
        s->wmem += m->charge;
        rq_push(other, m);
        sock_changed(other);
        return (long)m->len;
    }
}

/* __unix_dgram_recvmsg(): one message, cut to the buffers (MSG_TRUNC). */
static long dgram_recv(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    if (io->flags & LINUX_MSG_OOB)
        return -LINUX_EOPNOTSUPP;
    /* unix_seqpacket_recvmsg(): only an established connection reads. */
    if (s->type == LINUX_SOCK_SEQPACKET && (!s->connected || s->listening))
        return -LINUX_ENOTCONN;
    long r = take_reset(s);
    if (r < 0)
        return r;
    /* __skb_wait_for_more_packets(): a socket shut for reading reads end of file. */
    while (!s->rq) {
        if (s->shut & 1)
            return 0;
        if (io->flags & LINUX_MSG_DONTWAIT)
            return -LINUX_EAGAIN;
        if (signal_pending(t))
            return -LINUX_ERESTARTSYS;
        sched_wait_for(s, 0);
    }
    struct sock_msg *m = s->rq;
    int peek = (io->flags & LINUX_MSG_PEEK) != 0;
    if (!peek) {
        rq_unlink(s, m);
        sock_changed(s); /* room for senders waiting on the queue */
    }
    uint64_t n = m->len < io->len ? m->len : io->len;
    if (n < m->len)
        io->msg_flags |= LINUX_MSG_TRUNC;
    r = iov_out(t, io, m->data, n);
    if (r == 0) {
        if (m->from)
            io->from = m->from->name;
        if (s->passcred) {
            io->has_cred = 1;
            io->cred = m->cred;
        }
        if (msg_give_files(m, io, peek) < 0)
            io->msg_flags |= LINUX_MSG_CTRUNC;
        r = (io->flags & LINUX_MSG_TRUNC) ? (long)m->len : (long)n;
    }
    if (!peek)
        msg_free(m);
    return r;
}

static long sock_sendmsg(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    return s->type == LINUX_SOCK_STREAM ? stream_send(f, t, io) : dgram_send(f, t, io);
}

static long sock_recvmsg(struct file *f, struct task *t, struct sock_io *io)
{
    struct sock *s = f->priv;
    return s->type == LINUX_SOCK_STREAM ? stream_recv(f, t, io) : dgram_recv(f, t, io);
}

/* readv(2) and writev(2) (sock_read_iter()): one message, no flags but the file's own. */
static long sock_rwv(struct file *f, struct task *t, int send, const struct linux_iovec *v, int n)
{
    struct sock_io io;
    memset(&io, 0, sizeof(io));
    io.iov = v;
    io.iovlen = n;
    for (int i = 0; i < n; i++)
        io.len += v[i].iov_len; /* the caller checked and capped them */
    if (!io.len && !send) /* sock_read_iter(): "match SYS5 behaviour"; an empty write is a message */
        return 0;
    io.flags = f->flags & LINUX_O_NONBLOCK ? LINUX_MSG_DONTWAIT : 0;
    long r = send ? sock_sendmsg(f, t, &io) : sock_recvmsg(f, t, &io);
    io_release(&io); /* files that came with the bytes, and no room for them */
    if (send && r == -LINUX_EPIPE && ((struct sock *)f->priv)->type == LINUX_SOCK_STREAM)
        signal_send(t, LINUX_SIGPIPE); /* unix_stream_sendmsg() */
    return r;
}

/* read(2) and write(2): a vector of one. */
static long sock_read(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct linux_iovec v = {buf, len};
    return off ? -LINUX_ESPIPE : sock_rwv(f, t, 0, &v, 1);
}

static long sock_write(struct file *f, struct task *t, uaddr_t buf, uint64_t len, int64_t *off)
{
    struct linux_iovec v = {buf, len};
    return off ? -LINUX_ESPIPE : sock_rwv(f, t, 1, &v, 1);
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
        if (s->type != LINUX_SOCK_STREAM) {
            /* unix_inq_len(): a datagram socket's next message, a seqpacket's every byte */
            int32_t n = (int32_t)(s->type == LINUX_SOCK_DGRAM ? (s->rq ? s->rq->len : 0) : s->rq_bytes);
            return copy_to_user(t->mm, arg, &n, sizeof(n));
        }
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
    if (s->type != LINUX_SOCK_STREAM) /* a sender is writable again as its peer drains */
        return s->gen + (s->peer_sock ? s->peer_sock->gen : 0);
    return s->gen + (s->rx ? s->rx->ops->gen(s->rx) : 0) + (s->tx ? s->tx->ops->gen(s->tx) : 0);
}

/* unix_dgram_poll(), for datagram and connected seqpacket sockets. */
static int dgram_poll(struct sock *s)
{
    int ev = 0;
    if (s->conn && s->conn->reset)
        ev |= LINUX_POLLERR;
    if (s->shut & 1)
        ev |= LINUX_POLLRDHUP | LINUX_POLLIN | LINUX_POLLRDNORM;
    if (s->shut == 3)
        ev |= LINUX_POLLHUP;
    if (s->rq)
        ev |= LINUX_POLLIN | LINUX_POLLRDNORM;
    if (s->type == LINUX_SOCK_SEQPACKET && !s->connected)
        ev |= LINUX_POLLHUP;
    /* unix_writable(): a quarter of the sndbuf in use at most, and the peer's queue not full. */
    int writable = s->wmem * 4 <= SOCK_BUF_DEFAULT;
    if (writable && s->peer_sock && !s->peer_sock->dead && dgram_peer_full(s, s->peer_sock))
        writable = 0;
    if (writable)
        ev |= LINUX_POLLOUT | LINUX_POLLWRNORM | LINUX_POLLWRBAND;
    return ev;
}

static int sock_poll(struct file *f)
{
    struct sock *s = f->priv;
    if (s->listening) /* unix_poll(): readable when a connection waits or once shut; never writable */
        return (s->nqueue ? LINUX_POLLIN | LINUX_POLLRDNORM : 0) |
               (s->shut & 1 ? LINUX_POLLIN | LINUX_POLLRDNORM | LINUX_POLLRDHUP : 0) |
               (s->shut == 3 ? LINUX_POLLHUP : 0);
    if (s->type != LINUX_SOCK_STREAM)
        return dgram_poll(s);
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
    s->dead = 1;
    *s->live_pprev = s->live_next;
    if (s->live_next)
        s->live_next->live_pprev = s->live_pprev;
    s->file = NULL;
    rq_purge(s); /* messages and files never received are released */
    struct sock *peer = s->peer_sock;
    if (peer && s->type == LINUX_SOCK_SEQPACKET) {
        /* unix_release_sock(): a connection's other end is shut both ways (pipes tell a stream's) */
        peer->shut = 3;
        sock_changed(peer);
    } else if (peer) {
        sock_changed(peer); /* its senders blocked on a full queue here look again */
    }
    set_peer(s, NULL);
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
    sock_put(s);
    sock_gc(); /* the last outside reference of a cycle may have gone with it (unix_release_sock()) */
}

static const struct file_ops sock_ops = {
    .read = sock_read,
    .write = sock_write,
    .fstat = sock_fstat,
    .ioctl = sock_ioctl,
    .poll = sock_poll,
    .gen = sock_gen,
    .release = sock_release,
    .rwv = sock_rwv,
};

static struct file *sock_alloc(int type, uint32_t nonblock)
{
    struct sock *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->type = type;
    s->refs = 1;
    s->rq_tail = &s->rq;
    s->ino = next_sock_ino++;
    char name[40];
    snprintf(name, sizeof(name), "socket:[%llu]", (unsigned long long)s->ino);
    struct file *f = file_alloc(&sock_ops, -1, LINUX_O_RDWR | nonblock, name);
    if (!f) {
        free(s);
        return NULL;
    }
    f->priv = s;
    s->file = f;
    s->live_next = live_socks;
    if (live_socks)
        live_socks->live_pprev = &s->live_next;
    s->live_pprev = &live_socks;
    live_socks = s;
    return f;
}

/*
 * Connect @a and @b, each the other's peer; stream sockets get two pipes,
 * one for each direction. 0 or -LINUX_E*.
 */
static long sock_join(struct file *a, struct file *b)
{
    struct file *end[2] = {a, b}, *rd[2] = {NULL, NULL}, *wr[2] = {NULL, NULL};
    long r = 0;
    struct sock *sa = a->priv, *sb = b->priv;
    if (sa->type != LINUX_SOCK_STREAM) {
        set_peer(sa, sb);
        set_peer(sb, sa);
        sa->connected = sb->connected = 1;
        sa->gen++;
        sb->gen++;
        return 0;
    }
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
        set_peer(s, end[1 - i]->priv);
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
 * A sockaddr_un of @len bytes (unix_validate_addr()): the family and at
 * least one byte of name. The name is cut at its first NUL if it is a path;
 * an abstract one keeps all its bytes. Returns 0 or -LINUX_E*.
 */
static long get_name_raw(const uint8_t *raw, uint64_t len, struct sock_name *n)
{
    if (len <= 2 || len > 2 + LINUX_UNIX_PATH_MAX)
        return -LINUX_EINVAL;
    memset(n, 0, sizeof(*n));
    memcpy(n->addr, raw, len);
    uint16_t family;
    memcpy(&family, n->addr, sizeof(family));
    if (family != LINUX_AF_UNIX)
        return -LINUX_EINVAL;
    /* unix_mkname_bsd(): a path ends at its NUL; getsockname shows it with one. */
    n->len = n->addr[2] ? (uint32_t)(2 + strnlen(n->addr + 2, len - 2) + 1) : (uint32_t)len;
    return 0;
}

/* get_name_raw() of a guest sockaddr_un; a fault is EFAULT. */
static long get_name(struct task *t, uaddr_t uaddr, uint64_t len, struct sock_name *n)
{
    uint8_t raw[2 + LINUX_UNIX_PATH_MAX];
    if (len <= 2 || len > 2 + LINUX_UNIX_PATH_MAX)
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, raw, uaddr, len) < 0)
        return -LINUX_EFAULT;
    return get_name_raw(raw, len, n);
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

/*
 * unix_dgram_connect(): a default destination (or none, with AF_UNSPEC);
 * a socket that leaves a peer drops what it had queued.
 */
static long dgram_connect(struct task *t, struct sock *s, uaddr_t uaddr, uint64_t len)
{
    uint16_t family;
    if (len < sizeof(family))
        return -LINUX_EINVAL;
    if (copy_from_user(t->mm, &family, uaddr, sizeof(family)) < 0)
        return -LINUX_EFAULT;
    struct sock *other = NULL;
    if (family != LINUX_AF_UNSPEC) {
        struct sock_name n;
        long r = get_name(t, uaddr, len, &n);
        if (r < 0)
            return r;
        other = find_bound(t, &n, s->type, &r);
        if (!other)
            return r;
        if (other->type != s->type)
            return -LINUX_EPROTOTYPE;
        if (!may_send(s, other))
            return -LINUX_EPERM;
    }
    if (s->peer_sock && s->peer_sock != other) {
        set_peer(s, other);
        rq_purge(s);
    } else {
        set_peer(s, other);
    }
    s->connected = other != NULL;
    if (other)
        s->peer = other->name;
    sock_changed(s);
    return 0;
}

SYS(connect)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct sock *s = f->priv;
    if (s->type == LINUX_SOCK_DGRAM)
        return dgram_connect(t, s, a[1], (uint32_t)a[2]);
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
    /* unix_shutdown(): a seqpacket connection's peer is shut the other way. */
    if (s->type == LINUX_SOCK_SEQPACKET && s->peer_sock) {
        int mode = (int)a[1] + 1;
        s->peer_sock->shut |= (mode & 1 ? 2 : 0) | (mode & 2 ? 1 : 0);
        sock_changed(s->peer_sock);
    }
    if (!s->connected || s->type != LINUX_SOCK_STREAM)
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

/* access_ok(): a range in the user half, mapped or not. */
static int range_ok(uaddr_t addr, uint64_t len)
{
    uint64_t max = arch_user_max();
    return len <= max && addr <= max - len;
}

/*
 * import_iovec(): @n iovecs at @uv into @io (malloc'd), each in the user
 * half, the total cut to MAX_RW_COUNT. 0 or -LINUX_E*.
 */
static long import_iov(struct task *t, uaddr_t uv, uint64_t n, struct sock_io *io)
{
    if (n > LINUX_UIO_MAXIOV)
        return -LINUX_EMSGSIZE;
    io->iovlen = (int)n;
    io->len = 0;
    if (!n)
        return 0;
    struct linux_iovec *v = malloc(n * sizeof(*v));
    io->iov = v;
    if (!v)
        return -LINUX_ENOMEM;
    if (copy_from_user(t->mm, v, uv, n * sizeof(*v)) < 0)
        return -LINUX_EFAULT;
    for (uint64_t i = 0; i < n; i++) {
        if ((int64_t)v[i].iov_len < 0)
            return -LINUX_EINVAL;
        if (!range_ok(v[i].iov_base, v[i].iov_len))
            return -LINUX_EFAULT;
        if (v[i].iov_len > VFS_MAX_RW_COUNT - io->len)
            v[i].iov_len = VFS_MAX_RW_COUNT - io->len;
        io->len += v[i].iov_len;
    }
    return 0;
}

/*
 * scm_check_creds(): SCM_CREDENTIALS may claim the sender's own process and
 * one of its user and group ids (root may claim any).
 */
static long check_creds(const struct task *t, const struct linux_ucred *u)
{
    int root = t->euid == 0;
    if ((u->pid == t->pid || root) &&
        (u->uid == t->uid || u->uid == t->euid || u->uid == t->suid || root) &&
        (u->gid == t->gid || u->gid == t->egid || u->gid == t->sgid || root))
        return 0;
    return -LINUX_EPERM;
}

/*
 * __scm_send(): walk the control messages of @len bytes at @uctl. Those of
 * SOL_SOCKET must be SCM_RIGHTS (open descriptors, SCM_MAX_FD at most in
 * all) or SCM_CREDENTIALS; other levels are skipped. 0 or -LINUX_E*; the
 * files taken are @io's to release.
 */
static long scm_send(struct task *t, uaddr_t uctl, uint64_t len, struct sock_io *io)
{
    if (len > INT32_MAX)
        return -LINUX_ENOBUFS;
    if (len < sizeof(struct linux_cmsghdr))
        return 0;
    if (len > OPTMEM_MAX) /* sock_kmalloc() refuses more than optmem_max */
        return -LINUX_ENOBUFS;
    uint8_t *ctl = malloc(len);
    if (!ctl)
        return -LINUX_ENOMEM;
    long r = copy_from_user(t->mm, ctl, uctl, len) < 0 ? -LINUX_EFAULT : 0;
    for (uint64_t off = 0; r == 0 && len - off >= sizeof(struct linux_cmsghdr);) {
        struct linux_cmsghdr h;
        memcpy(&h, ctl + off, sizeof(h));
        /* CMSG_OK(): a header, and no more than the buffer holds. */
        if (h.cmsg_len < sizeof(h) || h.cmsg_len > len - off) {
            r = -LINUX_EINVAL;
            break;
        }
        const uint8_t *data = ctl + off + sizeof(h);
        uint64_t dlen = h.cmsg_len - sizeof(h);
        if (h.cmsg_level != LINUX_SOL_SOCKET) {
            /* other levels are not the socket layer's */
        } else if (h.cmsg_type == LINUX_SCM_RIGHTS) {
            /* scm_fp_copy(): every descriptor open (O_PATH too), SCM_MAX_FD in all */
            int num = (int)(dlen / sizeof(int32_t));
            if (num > 0 && io->nfiles + num > LINUX_SCM_MAX_FD) {
                r = -LINUX_EINVAL;
                break;
            }
            if (num > 0 && !io->files) {
                io->files = calloc(LINUX_SCM_MAX_FD, sizeof(*io->files));
                if (!io->files) {
                    r = -LINUX_ENOMEM;
                    break;
                }
            }
            for (int i = 0; i < num; i++) {
                int32_t fd;
                memcpy(&fd, data + i * sizeof(fd), sizeof(fd));
                struct file *fp = fd < 0 ? NULL : fd_lookup(t->files, fd);
                if (!fp) {
                    r = -LINUX_EBADF;
                    break;
                }
                io->files[io->nfiles++] = file_get(fp);
            }
        } else if (h.cmsg_type == LINUX_SCM_CREDENTIALS) {
            struct linux_ucred u;
            if (dlen != sizeof(u)) {
                r = -LINUX_EINVAL;
                break;
            }
            memcpy(&u, data, sizeof(u));
            r = check_creds(t, &u);
            io->has_cred = 1;
            io->cred = (struct sock_cred){u.pid, u.uid, u.gid};
        } else {
            r = -LINUX_EINVAL;
            break;
        }
        off += LINUX_CMSG_ALIGN(h.cmsg_len);
    }
    free(ctl);
    return r;
}

/*
 * sendmsg as ____sys_sendmsg() then the socket: the address and control
 * data of @h, the flags with the file's O_NONBLOCK, and SIGPIPE for a
 * stream's EPIPE unless MSG_NOSIGNAL (unix_stream_sendmsg()).
 */
static long send_common(struct task *t, struct file *f, struct sock_io *io, uaddr_t uctl,
                        uint64_t ctllen)
{
    struct sock *s = f->priv;
    if (f->flags & LINUX_O_NONBLOCK)
        io->flags |= LINUX_MSG_DONTWAIT;
    long r = scm_send(t, uctl, ctllen, io);
    /* unix_attach_fds(): too many files in flight is ETOOMANYREFS (too_many_unix_fds()). */
    if (r == 0 && io->nfiles && files_in_flight > (uint64_t)fdtable_limit(t->files)) {
        sock_gc(); /* wait_for_unix_gc() */
        if (files_in_flight > (uint64_t)fdtable_limit(t->files))
            r = -LINUX_ETOOMANYREFS;
    }
    if (r == 0) {
        file_get(f);
        r = sock_sendmsg(f, t, io);
        file_put(f);
    }
    io_release(io);
    if (r == -LINUX_EPIPE && s->type == LINUX_SOCK_STREAM && !(io->flags & LINUX_MSG_NOSIGNAL))
        signal_send(t, LINUX_SIGPIPE);
    return r;
}

/* Copy in the address of a send (move_addr_to_kernel()); none when @len is 0. */
static long get_dest(struct task *t, uaddr_t uaddr, int64_t len, struct sock_io *io)
{
    if (len < 0 || len > (int64_t)sizeof(io->to_raw))
        return -LINUX_EINVAL;
    if (!uaddr || !len)
        return 0;
    if (copy_from_user(t->mm, io->to_raw, uaddr, (size_t)len) < 0)
        return -LINUX_EFAULT;
    io->to_len = (uint32_t)len;
    return 0;
}

static long do_sendmsg(struct task *t, struct file *f, uaddr_t umsg, uint64_t flags)
{
    struct linux_msghdr h;
    if (copy_from_user(t->mm, &h, umsg, sizeof(h)) < 0)
        return -LINUX_EFAULT;
    struct sock_io io;
    memset(&io, 0, sizeof(io));
    io.flags = (uint32_t)flags;
    /* __copy_msghdr(): a negative length is EINVAL, a long one is cut to a sockaddr_storage. */
    int64_t namelen = h.msg_name ? h.msg_namelen : 0;
    if (namelen < 0)
        return -LINUX_EINVAL;
    long r = get_dest(t, h.msg_name, namelen > 128 ? 128 : namelen, &io);
    if (r == 0)
        r = import_iov(t, h.msg_iov, h.msg_iovlen, &io);
    if (r == 0)
        r = send_common(t, f, &io, h.msg_control, h.msg_controllen);
    free((void *)io.iov);
    return r;
}

SYS(sendto)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    struct linux_iovec v = {a[1], a[2] > VFS_MAX_RW_COUNT ? VFS_MAX_RW_COUNT : a[2]};
    if (!range_ok(a[1], a[2]))
        return -LINUX_EFAULT;
    struct sock_io io;
    memset(&io, 0, sizeof(io));
    io.iov = &v;
    io.iovlen = 1;
    io.len = v.iov_len;
    io.flags = (uint32_t)a[3];
    long r = get_dest(t, a[4], (int32_t)a[5], &io);
    return r < 0 ? r : send_common(t, f, &io, 0, 0);
}

SYS(sendmsg)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    return f ? do_sendmsg(t, f, a[1], (uint32_t)a[2]) : err;
}

SYS(sendmmsg)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    /* __sys_sendmmsg(): at most UIO_MAXIOV; an error after some messages is not reported. */
    uint64_t vlen = (uint32_t)a[2] > LINUX_UIO_MAXIOV ? LINUX_UIO_MAXIOV : (uint32_t)a[2];
    long n = 0, r = 0;
    file_get(f);
    for (uint64_t i = 0; i < vlen; i++) {
        uaddr_t e = a[1] + i * sizeof(struct linux_mmsghdr);
        r = do_sendmsg(t, f, e, (uint32_t)a[3]);
        if (r < 0)
            break;
        uint32_t len = (uint32_t)r;
        r = copy_to_user(t->mm, e + offsetof(struct linux_mmsghdr, msg_len), &len, sizeof(len));
        if (r < 0) {
            r = -LINUX_EFAULT;
            break;
        }
        n++;
    }
    file_put(f);
    return n ? n : r;
}

/* move_addr_to_user(): @klen bytes of @n (0: no address), cut to the guest's length, which reads back as @klen. */
static long put_addr(struct task *t, const struct sock_name *n, uaddr_t uaddr, uaddr_t ulen)
{
    int32_t len;
    uint32_t klen = n->len;
    if (copy_from_user(t->mm, &len, ulen, sizeof(len)) < 0)
        return -LINUX_EFAULT;
    if (len > (int32_t)klen)
        len = (int32_t)klen;
    if (len < 0)
        return -LINUX_EINVAL;
    if (len && copy_to_user(t->mm, uaddr, n->addr, (size_t)len) < 0)
        return -LINUX_EFAULT;
    return copy_to_user(t->mm, ulen, &klen, sizeof(klen)) < 0 ? -LINUX_EFAULT : 0;
}

/*
 * put_cmsg(): one control message at *@ctl with *@room bytes left; a short
 * buffer gets what fits and MSG_CTRUNC. 0 or -LINUX_EFAULT.
 */
static long put_cmsg(struct task *t, struct sock_io *io, uaddr_t *ctl, uint64_t *room, int type,
                     const void *data, uint64_t len)
{
    uint64_t cmlen = LINUX_CMSG_LEN(len);
    if (!*ctl || *room < sizeof(struct linux_cmsghdr)) {
        io->msg_flags |= LINUX_MSG_CTRUNC;
        return 0;
    }
    if (*room < cmlen) {
        io->msg_flags |= LINUX_MSG_CTRUNC;
        cmlen = *room;
    }
    struct linux_cmsghdr h = {cmlen, LINUX_SOL_SOCKET, type};
    if (copy_to_user(t->mm, *ctl, &h, sizeof(h)) < 0 ||
        copy_to_user(t->mm, *ctl + sizeof(h), data, cmlen - sizeof(h)) < 0)
        return -LINUX_EFAULT;
    uint64_t used = LINUX_CMSG_SPACE(len) < *room ? LINUX_CMSG_SPACE(len) : *room;
    *ctl += used;
    *room -= used;
    return 0;
}

/*
 * scm_recv(): credentials, then scm_detach_fds(): as many new descriptors
 * as the buffer has room for (MSG_CMSG_CLOEXEC makes them close-on-exec),
 * MSG_CTRUNC for the rest, which are closed.
 */
static void scm_recv(struct task *t, struct sock_io *io, uaddr_t *ctl, uint64_t *room)
{
    if (io->has_cred) {
        struct linux_ucred u = {io->cred.pid, io->cred.uid, io->cred.gid};
        if (put_cmsg(t, io, ctl, room, LINUX_SCM_CREDENTIALS, &u, sizeof(u)) < 0)
            return;
    }
    if (!io->nfiles)
        return;
    int fdmax = *room <= sizeof(struct linux_cmsghdr)
                    ? 0 : (int)((*room - sizeof(struct linux_cmsghdr)) / sizeof(int32_t));
    if (fdmax > io->nfiles)
        fdmax = io->nfiles;
    int cloexec = (io->msg_flags & LINUX_MSG_CMSG_CLOEXEC) != 0, i;
    for (i = 0; i < fdmax; i++) {
        int fd = fd_install(t->files, io->files[i], 0, cloexec);
        if (fd < 0)
            break;
        io->files[i] = NULL; /* the descriptor's now */
        int32_t v = fd;
        if (copy_to_user(t->mm, *ctl + sizeof(struct linux_cmsghdr) + (uint64_t)i * sizeof(v), &v,
                         sizeof(v)) < 0) {
            fd_close(t->files, fd);
            break;
        }
    }
    if (i > 0) {
        struct linux_cmsghdr h = {LINUX_CMSG_LEN((uint64_t)i * sizeof(int32_t)), LINUX_SOL_SOCKET,
                                  LINUX_SCM_RIGHTS};
        if (copy_to_user(t->mm, *ctl, &h, sizeof(h)) == 0) {
            uint64_t used = LINUX_CMSG_SPACE((uint64_t)i * sizeof(int32_t));
            if (used > *room)
                used = *room;
            *ctl += used;
            *room -= used;
        }
    }
    if (i < io->nfiles || fdmax <= 0)
        io->msg_flags |= LINUX_MSG_CTRUNC;
}

static long do_recvmsg(struct task *t, struct file *f, uaddr_t umsg, uint64_t flags)
{
    struct linux_msghdr h;
    if (copy_from_user(t->mm, &h, umsg, sizeof(h)) < 0)
        return -LINUX_EFAULT;
    if (h.msg_name && h.msg_namelen < 0)
        return -LINUX_EINVAL;
    struct sock_io io;
    memset(&io, 0, sizeof(io));
    long r = import_iov(t, h.msg_iov, h.msg_iovlen, &io);
    if (r < 0) {
        free((void *)io.iov);
        return r;
    }
    /* ____sys_recvmsg(): msg_flags start as the call's MSG_CMSG_CLOEXEC. */
    io.msg_flags = (uint32_t)(flags & LINUX_MSG_CMSG_CLOEXEC);
    io.flags = flags | (f->flags & LINUX_O_NONBLOCK ? LINUX_MSG_DONTWAIT : 0);
    file_get(f);
    r = sock_recvmsg(f, t, &io);
    file_put(f);
    free((void *)io.iov);
    if (r < 0) {
        io_release(&io);
        return r;
    }
    uaddr_t ctl = h.msg_control;
    uint64_t room = h.msg_controllen;
    scm_recv(t, &io, &ctl, &room);
    io_release(&io); /* those without room are closed */
    long e = 0;
    if (h.msg_name)
        e = put_addr(t, &io.from, h.msg_name, umsg + offsetof(struct linux_msghdr, msg_namelen));
    uint32_t mf = io.msg_flags & ~(uint32_t)LINUX_MSG_CMSG_COMPAT;
    uint64_t used = h.msg_controllen - room;
    if (e == 0 && (copy_to_user(t->mm, umsg + offsetof(struct linux_msghdr, msg_flags), &mf,
                                sizeof(mf)) < 0 ||
                   copy_to_user(t->mm, umsg + offsetof(struct linux_msghdr, msg_controllen), &used,
                                sizeof(used)) < 0))
        e = -LINUX_EFAULT;
    return e < 0 ? e : r;
}

SYS(recvfrom)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    if (!range_ok(a[1], a[2]))
        return -LINUX_EFAULT;
    struct linux_iovec v = {a[1], a[2] > VFS_MAX_RW_COUNT ? VFS_MAX_RW_COUNT : a[2]};
    struct sock_io io;
    memset(&io, 0, sizeof(io));
    io.iov = &v;
    io.iovlen = 1;
    io.len = v.iov_len;
    io.flags = (uint32_t)a[3] | (f->flags & LINUX_O_NONBLOCK ? LINUX_MSG_DONTWAIT : 0);
    file_get(f);
    long r = sock_recvmsg(f, t, &io);
    file_put(f);
    io_release(&io); /* no room for files: they are closed */
    if (r >= 0 && a[4]) {
        long e = put_addr(t, &io.from, a[4], a[5]);
        if (e < 0)
            return e;
    }
    return r;
}

SYS(recvmsg)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    return f ? do_recvmsg(t, f, a[1], (uint32_t)a[2]) : err;
}

/*
 * do_recvmmsg(): messages until @vlen, an error or (MSG_WAITFORONE) the
 * first that would block; an error after some messages is not reported. A
 * timeout is only looked at between messages, as Linux does.
 */
SYS(recvmmsg)
{
    uint64_t flags = (uint32_t)a[3], deadline = 0;
    struct linux_timespec ts;
    /* __sys_recvmmsg(): the timeout is read and checked before the descriptor. */
    if (a[4]) {
        if (copy_from_user(t->mm, &ts, a[4], sizeof(ts)) < 0)
            return -LINUX_EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -LINUX_EINVAL;
        deadline = sched_now_ns() + (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    long n = 0, r = 0;
    file_get(f);
    for (uint64_t i = 0; i < (uint32_t)a[2]; i++) {
        uaddr_t e = a[1] + i * sizeof(struct linux_mmsghdr);
        r = do_recvmsg(t, f, e, flags & ~(uint64_t)LINUX_MSG_WAITFORONE);
        if (r < 0)
            break;
        uint32_t len = (uint32_t)r;
        if (copy_to_user(t->mm, e + offsetof(struct linux_mmsghdr, msg_len), &len, sizeof(len)) < 0) {
            r = -LINUX_EFAULT;
            break;
        }
        n++;
        if (flags & LINUX_MSG_WAITFORONE)
            flags |= LINUX_MSG_DONTWAIT;
        if (deadline && sched_now_ns() >= deadline)
            break;
    }
    file_put(f);
    if (a[4] && n > 0) {
        uint64_t now = sched_now_ns(), left = now < deadline ? deadline - now : 0;
        ts.tv_sec = (int64_t)(left / 1000000000u);
        ts.tv_nsec = (int64_t)(left % 1000000000u);
        if (copy_to_user(t->mm, a[4], &ts, sizeof(ts)) < 0)
            return -LINUX_EFAULT;
    }
    return n ? n : r;
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
    if (!s->connected)
        return -LINUX_ENOTCONN;
    /* unix_getname(): the peer's name now, which it may have bound since */
    return put_name(t, s->peer_sock ? &s->peer_sock->name : &s->peer, a[1], a[2]);
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
    case LINUX_SO_PASSCRED: v = s->passcred; break;
    case LINUX_SO_SNDBUF:
    case LINUX_SO_RCVBUF: v = SOCK_BUF_DEFAULT; break;
    default: return -LINUX_ENOPROTOOPT;
    }
    return put_opt(t, a[3], a[4], &v, sizeof(v));
}

SYS(setsockopt)
{
    long err;
    struct file *f = sock_fd(t, a[0], &err);
    if (!f)
        return err;
    if (a[1] != LINUX_SOL_SOCKET)
        return -LINUX_EOPNOTSUPP;
    switch (a[2]) {
    case LINUX_SO_PASSCRED: {
        int32_t v;
        if ((uint32_t)a[4] < sizeof(v))
            return -LINUX_EINVAL;
        if (copy_from_user(t->mm, &v, a[3], sizeof(v)) < 0)
            return -LINUX_EFAULT;
        ((struct sock *)f->priv)->passcred = v != 0;
        return 0;
    }
    case LINUX_SO_SNDBUF:
    case LINUX_SO_RCVBUF:
        /* Accepted and ignored: the buffers keep their default sizes. */
        return (uint32_t)a[4] < sizeof(int32_t) ? -LINUX_EINVAL : 0;
    default:
        return -LINUX_ENOPROTOOPT;
    }
}
