/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/unixmsg.c: AF_UNIX messages: sendmsg/recvmsg, datagram and seqpacket sockets, SCM_RIGHTS. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

/*
 * usage: unixmsg DIR
 * DIR is a writable directory for socket and data files. Every line printed
 * is a call and its result (errno names, lengths, flags; never pids, fds or
 * addresses), so the native run is the oracle. Forked peers print nothing:
 * they report through their exit status. exit status: 0.
 */

static void show(const char *what, long r)
{
    show_value(what, r);
}

static volatile sig_atomic_t sigpipes, alarms;

static void on_sigpipe(int sig)
{
    (void)sig;
    sigpipes++;
}

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void msleep(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* The MSG_* bits of recvmsg's msg_flags that matter here, as words. */
static const char *mflags(int f)
{
    static char buf[64];
    buf[0] = '\0';
    if (f & MSG_TRUNC)
        strcat(buf, "|MSG_TRUNC");
    if (f & MSG_CTRUNC)
        strcat(buf, "|MSG_CTRUNC");
    if (f & MSG_EOR)
        strcat(buf, "|MSG_EOR");
    if (f & ~(MSG_TRUNC | MSG_CTRUNC | MSG_EOR))
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "|%#x",
                 f & ~(MSG_TRUNC | MSG_CTRUNC | MSG_EOR));
    return buf[0] ? buf + 1 : "0";
}

static const char *pflags(int ev)
{
    static char buf[128];
    static const struct {
        int bit;
        const char *name;
    } n[] = {{POLLIN, "IN"},     {POLLPRI, "PRI"},       {POLLOUT, "OUT"},
             {POLLERR, "ERR"},   {POLLHUP, "HUP"},       {POLLNVAL, "NVAL"},
             {POLLRDHUP, "RDHUP"}};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++)
        if (ev & n[i].bit) {
            strcat(buf, "|");
            strcat(buf, n[i].name);
        }
    return buf[0] ? buf + 1 : "0";
}

static void show_poll(const char *what, int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLPRI};
    int r = poll(&p, 1, 0);
    if (r < 0)
        show(what, r);
    else
        printf("%s: %d %s\n", what, r, pflags(p.revents));
    fflush(stdout);
}

/* recv into a buffer of @cap and print the result and the bytes. */
static void show_recv(const char *what, int fd, size_t cap, int flags)
{
    char buf[512];
    memset(buf, 0, sizeof(buf));
    long r = recv(fd, buf, cap, flags);
    if (r < 0) {
        show(what, r);
        return;
    }
    size_t n = (size_t)r < cap ? (size_t)r : cap;
    printf("%s: %ld '%.*s'\n", what, r, (int)n, buf);
    fflush(stdout);
}

/* recvmsg into one buffer of @cap: the length, bytes and msg_flags. */
static void show_recvmsg(const char *what, int fd, size_t cap, int flags)
{
    char buf[512];
    memset(buf, 0, sizeof(buf));
    struct iovec iov = {buf, cap};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    long r = recvmsg(fd, &m, flags);
    if (r < 0) {
        show(what, r);
        return;
    }
    size_t n = (size_t)r < cap ? (size_t)r : cap;
    printf("%s: %ld '%.*s' flags %s\n", what, r, (int)n, buf, mflags(m.msg_flags));
    fflush(stdout);
}

static long send_str(int fd, const char *s, int flags)
{
    return send(fd, s, strlen(s), flags);
}

/* A sockaddr_un for @path (abstract: a leading NUL, then @path); its length. */
static socklen_t mkaddr(struct sockaddr_un *sa, const char *path, int abstract)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    size_t n = strlen(path), max = sizeof(sa->sun_path) - 1 - (size_t)abstract;
    if (n > max)
        n = max;
    memcpy(sa->sun_path + abstract, path, n);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)abstract + n + !abstract);
}

static long do_bind(int fd, const char *path, int abstract)
{
    struct sockaddr_un sa;
    socklen_t len = mkaddr(&sa, path, abstract);
    return bind(fd, (struct sockaddr *)&sa, len);
}

static long do_connect(int fd, const char *path, int abstract)
{
    struct sockaddr_un sa;
    socklen_t len = mkaddr(&sa, path, abstract);
    return connect(fd, (struct sockaddr *)&sa, len);
}

static long do_sendto(int fd, const char *s, const char *path, int abstract)
{
    struct sockaddr_un sa;
    socklen_t len = mkaddr(&sa, path, abstract);
    return sendto(fd, s, strlen(s), 0, (struct sockaddr *)&sa, len);
}

/* recvfrom: the bytes and the sender's address, shown as its length and name. */
static void show_recvfrom(const char *what, int fd)
{
    char buf[64] = {0};
    struct sockaddr_un sa;
    memset(&sa, 0x55, sizeof(sa));
    socklen_t len = sizeof(sa);
    long r = recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT, (struct sockaddr *)&sa, &len);
    if (r < 0) {
        show(what, r);
        return;
    }
    if (len > 2 && sa.sun_path[0]) {
        /* A path: its last part past the pid, and the length as path + 3. */
        const char *dot = strrchr(sa.sun_path, '.');
        printf("%s: %ld '%s' from len %s family %d path %s\n", what, r, buf,
               len == strlen(sa.sun_path) + 3 ? "path+3" : "other", sa.sun_family,
               dot ? dot + 1 : "?");
        fflush(stdout);
        return;
    }
    if (len > 2) {
        /* An abstract name: up to the pid, and the length as name + 3. */
        int n = (int)(len - 3);
        const char *dot = memchr(sa.sun_path + 1, '.', n);
        printf("%s: %ld '%s' from len %s family %d abstract @%.*s\n", what, r, buf,
               n == (int)strnlen(sa.sun_path + 1, n) ? "name+3" : "other", sa.sun_family,
               dot ? (int)(dot - sa.sun_path - 1) : n, sa.sun_path + 1);
        fflush(stdout);
        return;
    }
    printf("%s: %ld '%s' from len %u", what, r, buf, (unsigned)len);
    if (len >= 2)
        printf(" family %d", sa.sun_family);
    printf("\n");
    fflush(stdout);
}

/* sendmsg of @s with the descriptors @fds[0..@n) as SCM_RIGHTS. */
static long send_fds(int sock, const char *s, const int *fds, int n)
{
    union {
        char buf[CMSG_SPACE(300 * sizeof(int))];
        struct cmsghdr align;
    } c;
    memset(&c, 0, sizeof(c));
    struct iovec iov = {(void *)s, strlen(s)};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    if (n > 0) {
        m.msg_control = c.buf;
        m.msg_controllen = CMSG_SPACE(n * sizeof(int));
        struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
        cm->cmsg_level = SOL_SOCKET;
        cm->cmsg_type = SCM_RIGHTS;
        cm->cmsg_len = CMSG_LEN(n * sizeof(int));
        memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
    }
    /* The raw call: musl's sendmsg copies the control data into a buffer too small for 253 fds. */
    return syscall(SYS_sendmsg, sock, &m, 0);
}

/*
 * recvmsg with a control buffer of @clen bytes: prints the data, msg_flags,
 * msg_controllen and each control message; the received fds go to @fds
 * (up to @max), their count is returned (or -1).
 */
static int recv_fds(const char *what, int sock, size_t clen, int flags, int *fds, int max)
{
    union {
        char buf[CMSG_SPACE(16 * sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } c;
    memset(&c, 0, sizeof(c));
    char data[64] = {0};
    struct iovec iov = {data, sizeof(data) - 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = clen ? c.buf : NULL,
                       .msg_controllen = clen};
    long r = recvmsg(sock, &m, flags);
    if (r < 0) {
        show(what, r);
        return -1;
    }
    printf("%s: %ld '%s' flags %s controllen %zu\n", what, r, data, mflags(m.msg_flags),
           (size_t)m.msg_controllen);
    int got = 0;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
        printf("  cmsg level %d type %d len %zu", cm->cmsg_level, cm->cmsg_type,
               (size_t)cm->cmsg_len);
        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
            int n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            for (int i = 0; i < n; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(fd));
                int fl = fcntl(fd, F_GETFD);
                printf(" fd%d%s", i, fl < 0 ? " bad" : fl & FD_CLOEXEC ? " cloexec" : "");
                if (got < max)
                    fds[got++] = fd;
                else
                    close(fd);
            }
        } else if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS) {
            struct ucred u;
            memcpy(&u, CMSG_DATA(cm), sizeof(u));
            printf(" pid %s uid %s gid %s", u.pid == getpid() ? "ours" : "other",
                   u.uid == getuid() ? "ours" : "other", u.gid == getgid() ? "ours" : "other");
        }
        printf("\n");
    }
    fflush(stdout);
    return got;
}

/* The exit status of child @pid, shown. */
static void show_child(const char *what, pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    printf("%s: %s %d\n", what, WIFEXITED(st) ? "exit" : "signal",
           WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    fflush(stdout);
}

static void section(const char *name)
{
    printf("== %s\n", name);
    fflush(stdout);
}

static void test_msg_api(void)
{
    section("sendmsg/recvmsg on a stream pair");
    int sv[2];
    show("socketpair(STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    struct iovec in[3] = {{"ab", 2}, {"cde", 3}, {"", 0}};
    struct msghdr m = {.msg_iov = in, .msg_iovlen = 3};
    show("sendmsg(3 iovecs)", sendmsg(sv[0], &m, 0));
    char b1[2], b2[10];
    memset(b2, 0, sizeof(b2));
    struct iovec out[2] = {{b1, 2}, {b2, 10}};
    struct sockaddr_un sa;
    struct msghdr r = {.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = out, .msg_iovlen = 2};
    long n = recvmsg(sv[1], &r, 0);
    show("recvmsg(2 iovecs)", n);
    printf("  '%.2s' '%s' namelen %u flags %s\n", b1, b2, (unsigned)r.msg_namelen,
           mflags(r.msg_flags));
    struct iovec big[1025];
    for (int i = 0; i < 1025; i++)
        big[i] = (struct iovec){b2, 1};
    struct msghdr mb = {.msg_iov = big, .msg_iovlen = 1025};
    show("sendmsg(1025 iovecs)", sendmsg(sv[0], &mb, 0));
    show("recvmsg(1025 iovecs)", recvmsg(sv[1], &mb, 0));
    mb.msg_iovlen = 1024;
    show("sendmsg(1024 iovecs)", sendmsg(sv[0], &mb, 0));
    show("recv(MSG_WAITALL, 1024 bytes)", recv(sv[1], b2 + 0, 0, 0));
    char many[1100];
    show("recv(MSG_WAITALL, 1024)", recv(sv[1], many, 1024, MSG_WAITALL));
    /* The raw calls where a bad pointer is the point: musl copies the msghdr itself. */
    show("sendmsg(bad msghdr)", syscall(SYS_sendmsg, sv[0], (struct msghdr *)8, 0));
    show("recvmsg(bad msghdr)", syscall(SYS_recvmsg, sv[1], (struct msghdr *)8, MSG_DONTWAIT));
    struct msghdr bad = {.msg_iov = (struct iovec *)8, .msg_iovlen = 1};
    show("sendmsg(bad iovec array)", sendmsg(sv[0], &bad, 0));
    show("recvmsg(bad iovec array)", recvmsg(sv[1], &bad, MSG_DONTWAIT));
    struct iovec neg = {b2, (size_t)-1};
    struct msghdr mn = {.msg_iov = &neg, .msg_iovlen = 1};
    show("sendmsg(iov_len -1)", sendmsg(sv[0], &mn, 0));
    struct iovec badbuf = {(void *)8, 4};
    struct msghdr mbb = {.msg_iov = &badbuf, .msg_iovlen = 1};
    show("sendmsg(bad buffer)", sendmsg(sv[0], &mbb, 0));
    show("recvmsg(empty, MSG_DONTWAIT)", recvmsg(sv[1], &m, MSG_DONTWAIT));
    show("sendmsg(0 iovecs)", sendmsg(sv[0], &(struct msghdr){0}, 0));

    /* readv takes what is there: the second buffer does not wait for more. */
    show("send(xy)", send_str(sv[0], "xy", 0));
    char x1[3] = {0}, x2[10] = {0};
    struct iovec xv[2] = {{x1, 2}, {x2, 9}};
    show("readv(2+9, 2 there)", readv(sv[1], xv, 2));
    printf("  '%s' '%s'\n", x1, x2);
    show("send(hello)", send_str(sv[0], "hello", 0));
    show_recv("recv(MSG_PEEK, 3)", sv[1], 3, MSG_PEEK);
    show_recv("recv(MSG_PEEK, 10)", sv[1], 10, MSG_PEEK);
    show_recv("recv(10)", sv[1], 10, 0);
    show("send(world)", send_str(sv[0], "world", 0));
    show_recvmsg("recvmsg(MSG_TRUNC, 2)", sv[1], 2, MSG_TRUNC);
    show_recv("recv(rest)", sv[1], 10, 0);

    /* MSG_WAITALL collects writes that come one by one. */
    pid_t kid = fork();
    if (kid == 0) {
        for (int i = 0; i < 3; i++) {
            msleep(30);
            if (write(sv[0], "abc", 3) != 3)
                _exit(1);
        }
        _exit(0);
    }
    show_recv("recv(MSG_WAITALL, 9)", sv[1], 9, MSG_WAITALL);
    show_child("writer", kid);

    /* EPIPE and SIGPIPE, unless MSG_NOSIGNAL. */
    signal(SIGPIPE, on_sigpipe);
    close(sv[1]);
    sigpipes = 0;
    show("send(peer closed)", send_str(sv[0], "x", 0));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    struct iovec one = {"x", 1};
    struct msghdr m1 = {.msg_iov = &one, .msg_iovlen = 1};
    show("sendmsg(peer closed)", sendmsg(sv[0], &m1, 0));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    show("sendmsg(peer closed, MSG_NOSIGNAL)", sendmsg(sv[0], &m1, MSG_NOSIGNAL));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    show("write(peer closed)", write(sv[0], "x", 1));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    close(sv[0]);

    int fd = open("/dev/null", O_RDONLY);
    show("sendmsg(not a socket)", sendmsg(fd, &m1, 0));
    show("recvmsg(not a socket)", recvmsg(fd, &m1, 0));
    close(fd);
    show("sendmsg(bad fd)", sendmsg(999, &m1, 0));
}

/* Message boundaries, truncation, peeking and readiness, as DGRAM and SEQPACKET share them. */
static void test_pair_common(int type, const char *name)
{
    int sv[2];
    char what[80];
    snprintf(what, sizeof(what), "socketpair(%s)", name);
    show(what, socketpair(AF_UNIX, type, 0, sv));
    show_poll("poll(empty)", sv[1]);
    show("send(one)", send_str(sv[0], "one", 0));
    show("send(two)", send_str(sv[0], "two", 0));
    show("send(empty)", send_str(sv[0], "", 0));
    show("send(three)", send_str(sv[0], "three", 0));
    show_poll("poll(queued)", sv[1]);
    int q = -1;
    show("ioctl(FIONREAD)", ioctl(sv[1], FIONREAD, &q));
    printf("  %d\n", q);
    show_recvmsg("recvmsg(2 of one)", sv[1], 2, 0);
    show_recv("recv(MSG_PEEK)", sv[1], 10, MSG_PEEK);
    show_recv("recv(MSG_TRUNC, 1 of two)", sv[1], 1, MSG_TRUNC);
    show_recvmsg("recvmsg(empty message)", sv[1], 10, 0);
    show_recvmsg("recvmsg(MSG_PEEK|MSG_TRUNC, 0)", sv[1], 0, MSG_PEEK | MSG_TRUNC);
    show_recvmsg("recvmsg(three)", sv[1], 10, 0);
    show_recv("recv(empty queue, MSG_DONTWAIT)", sv[1], 10, MSG_DONTWAIT);
    show("read(nothing, O_NONBLOCK)", (fcntl(sv[1], F_SETFL, O_NONBLOCK), read(sv[1], what, 4)));
    fcntl(sv[1], F_SETFL, 0);
    show("write(0 bytes)", write(sv[0], "", 0));
    show_poll("poll(an empty message)", sv[1]);
    show("read(0 bytes: reads nothing)", read(sv[1], what, 0));
    show_recv("recv(the empty message)", sv[1], 10, MSG_DONTWAIT);
    struct iovec w2[2] = {{"wr", 2}, {"itev", 4}};
    show("writev(2 iovecs, one message)", writev(sv[0], w2, 2));
    char r1[4] = {0}, r2[8] = {0};
    struct iovec rv[2] = {{r1, 3}, {r2, 7}};
    show("readv(3+7)", readv(sv[1], rv, 2));
    printf("  '%s' '%s'\n", r1, r2);
    show("write(four)", write(sv[0], "four", 4));
    char rb[8] = {0};
    show("read(2 of four)", read(sv[1], rb, 2));
    printf("  '%s'\n", rb);
    show("recv(MSG_DONTWAIT, rest gone)", recv(sv[1], rb, 8, MSG_DONTWAIT));
    struct iovec v[2] = {{"ab", 2}, {"cd", 2}};
    struct msghdr m = {.msg_iov = v, .msg_iovlen = 2};
    show("sendmsg(2 iovecs, one message)", sendmsg(sv[0], &m, 0));
    char b1[3] = {0}, b2[3] = {0};
    struct iovec o[2] = {{b1, 1}, {b2, 2}};
    struct msghdr mo = {.msg_iov = o, .msg_iovlen = 2};
    long n = recvmsg(sv[1], &mo, 0);
    show("recvmsg(1+2 iovecs)", n);
    printf("  '%s' '%s' flags %s\n", b1, b2, mflags(mo.msg_flags));
    static char huge[300000];
    show("send(300000 bytes)", send(sv[0], huge, sizeof(huge), 0));
    show("send(100000 bytes)", send(sv[0], huge, 100000, 0));
    show("recv(100000 bytes into 10)", recv(sv[1], huge, 10, MSG_TRUNC));
    show("send(MSG_OOB)", send(sv[0], "x", 1, MSG_OOB));

    /* A full buffer: EAGAIN without blocking, everything readable afterwards. */
    int sent = 0;
    long r;
    while ((r = send(sv[0], huge, 1000, MSG_DONTWAIT)) == 1000 && sent < 100000)
        sent++;
    show("send(until full, MSG_DONTWAIT)", r);
    show_poll("poll(sender, full)", sv[0]);
    int got = 0;
    while (recv(sv[1], huge, 2000, MSG_DONTWAIT) == 1000)
        got++;
    printf("  all %s received: %s\n", sent > 10 ? "(many)" : "(few)", got == sent ? "yes" : "no");
    show_poll("poll(sender, drained)", sv[0]);

    /* A blocked reader woken by a forked writer. */
    pid_t kid = fork();
    if (kid == 0) {
        msleep(50);
        _exit(send_str(sv[0], "late", 0) == 4 ? 0 : 1);
    }
    show_recv("recv(blocks for a forked writer)", sv[1], 10, 0);
    show_child("writer", kid);

    /* Interrupted by a signal: EINTR without SA_RESTART, restarted with it. */
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
    show_recv("recv(interrupted)", sv[1], 10, 0);
    printf("  alarms %d\n", (int)alarms);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    kid = fork();
    if (kid == 0) {
        msleep(150);
        _exit(send_str(sv[0], "after", 0) == 5 ? 0 : 1);
    }
    setitimer(ITIMER_REAL, &it, NULL);
    show_recv("recv(SA_RESTART)", sv[1], 10, 0);
    printf("  alarms %d\n", (int)alarms);
    show_child("writer", kid);
    signal(SIGALRM, SIG_DFL);

    /* shutdown: SHUT_RD ends reading; the writer learns of it. */
    show("send(left)", send_str(sv[0], "left", 0));
    show("shutdown(reader, SHUT_RD)", shutdown(sv[1], SHUT_RD));
    show_poll("poll(reader shut)", sv[1]);
    show_recv("recv(queued before shutdown)", sv[1], 10, 0);
    show_recv("recv(shut, empty)", sv[1], 10, 0);
    sigpipes = 0;
    show("send(to a reader shut)", send_str(sv[0], "x", 0));
    show("send(to a reader shut, MSG_NOSIGNAL)", send_str(sv[0], "x", MSG_NOSIGNAL));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    show("shutdown(writer, SHUT_WR)", shutdown(sv[0], SHUT_WR));
    show("send(shut for writing)", send_str(sv[0], "x", MSG_NOSIGNAL));
    show_poll("poll(writer shut)", sv[0]);
    close(sv[0]);
    close(sv[1]);

    /* The peer closes with messages queued: they are read, then what the type says. */
    show(what, socketpair(AF_UNIX, type, 0, sv));
    show("send(bye)", send_str(sv[0], "bye", 0));
    close(sv[0]);
    show_poll("poll(peer closed)", sv[1]);
    show_recv("recv(queued)", sv[1], 10, MSG_DONTWAIT);
    show_recv("recv(peer closed, MSG_DONTWAIT)", sv[1], 10, MSG_DONTWAIT);
    sigpipes = 0;
    show("send(peer closed)", send_str(sv[1], "x", 0));
    show("send(peer closed, again)", send_str(sv[1], "x", 0));
    show("write(peer closed)", write(sv[1], "x", 1));
    struct iovec wv = {"x", 1};
    show("writev(peer closed)", writev(sv[1], &wv, 1));
    printf("  SIGPIPE %d\n", (int)sigpipes);
    close(sv[1]);
}

static void test_dgram_named(const char *dir)
{
    section("named datagram sockets");
    char p1[200], p2[200], ps[200], abn[64], none[64];
    /* Abstract names carry the pid too: the native runs of the flavours share one namespace. */
    snprintf(abn, sizeof(abn), "unixmsg-ab.%d", (int)getpid());
    snprintf(none, sizeof(none), "unixmsg-none.%d", (int)getpid());
    snprintf(p1, sizeof(p1), "%s/unixmsg.%d.d1", dir, (int)getpid());
    snprintf(p2, sizeof(p2), "%s/unixmsg.%d.d2", dir, (int)getpid());
    snprintf(ps, sizeof(ps), "%s/unixmsg.%d.st", dir, (int)getpid());
    unlink(p1);
    unlink(p2);
    unlink(ps);
    int r1 = socket(AF_UNIX, SOCK_DGRAM, 0);
    int r2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("bind(r1, path)", do_bind(r1, p1, 0));
    show("bind(r2, path)", do_bind(r2, p2, 0));
    show("bind(ab, abstract)", do_bind(ab, abn, 1));
    show("bind(r1 again)", do_bind(r1, p2, 0));
    show("send(unconnected, no address)", send_str(s, "x", 0));
    show("sendto(r1)", do_sendto(s, "hi r1", p1, 0));
    show_recvfrom("recvfrom(r1, unbound sender)", r1);
    show("sendto(r1 from abstract)", do_sendto(ab, "from ab", p1, 0));
    show_recvfrom("recvfrom(r1, abstract sender)", r1);
    show("sendto(r2 from r1)", do_sendto(r1, "from r1", p2, 0));
    show_recvfrom("recvfrom(r2, path sender)", r2);
    show("sendto(itself)", do_sendto(r1, "self", p1, 0));
    show_recvfrom("recvfrom(itself)", r1);
    show_recvfrom("recvfrom(empty, MSG_DONTWAIT)", r1);
    show("sendto(abstract name)", do_sendto(s, "to ab", abn, 1));
    show_recvfrom("recvfrom(ab)", ab);
    show("sendto(missing path)", do_sendto(s, "x", "/nonexistent/unixmsg", 0));
    show("sendto(unbound abstract)", do_sendto(s, "x", none, 1));
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind(stream socket)", do_bind(st, ps, 0));
    show("listen(stream socket)", listen(st, 1));
    show("sendto(a stream socket's path)", do_sendto(s, "x", ps, 0));
    show("connect(dgram to a stream socket's path)", do_connect(s, ps, 0));
    struct sockaddr_un sa;
    show("sendto(address length 1)", sendto(s, "x", 1, 0, (struct sockaddr *)&sa, 1));
    show("sendto(bad address)", sendto(s, "x", 1, 0, (struct sockaddr *)8, 20));
    show("listen(dgram)", listen(r1, 1));
    show("accept(dgram)", accept(r1, NULL, NULL));
    show("shutdown(dgram, unconnected)", shutdown(s, SHUT_RDWR));
    close(s);
    s = socket(AF_UNIX, SOCK_DGRAM, 0);

    /* connect() sets the default destination; getpeername shows it. */
    show("connect(s, r1)", do_connect(s, p1, 0));
    socklen_t len = sizeof(sa);
    show("getpeername(s)", getpeername(s, (struct sockaddr *)&sa, &len));
    printf("  len %s\n", len == mkaddr(&(struct sockaddr_un){0}, p1, 0) ? "of r1's path" : "other");
    show("send(connected)", send_str(s, "default", 0));
    show_recvfrom("recvfrom(r1)", r1);
    show("sendto(r2, while connected)", do_sendto(s, "explicit", p2, 0));
    show_recvfrom("recvfrom(r2)", r2);
    show("connect(s, r2)", do_connect(s, p2, 0));
    show("send(reconnected)", send_str(s, "moved", 0));
    show_recvfrom("recvfrom(r2)", r2);
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    show("connect(AF_UNSPEC)", connect(s, &unspec, sizeof(unspec)));
    show("send(disconnected)", send_str(s, "x", 0));
    len = sizeof(sa);
    show("getpeername(disconnected)", getpeername(s, (struct sockaddr *)&sa, &len));

    /* A socket connected elsewhere takes datagrams only from its peer. */
    show("connect(r2, ab)", do_connect(r2, abn, 1));
    show("sendto(r2 from s)", do_sendto(s, "x", p2, 0));
    show("sendto(r2 from its peer)", do_sendto(ab, "peer", p2, 0));
    show_recvfrom("recvfrom(r2)", r2);
    show("connect(r2, AF_UNSPEC)", connect(r2, &unspec, sizeof(unspec)));

    /* The receive queue holds max_dgram_qlen + 1 datagrams from others. */
    int n = 0;
    long r;
    while ((r = sendto(s, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&sa,
                       mkaddr(&sa, p1, 0))) == 1 && n < 100)
        n++;
    show("sendto(until r1's queue is full)", r);
    printf("  queued %d\n", n);
    show("connect(s, r1)", do_connect(s, p1, 0));
    show_poll("poll(s, peer full)", s);
    show("send(full, MSG_DONTWAIT)", send_str(s, "x", MSG_DONTWAIT));
    pid_t kid = fork();
    if (kid == 0)
        _exit(send_str(s, "blocked", 0) == 7 ? 0 : 1);
    msleep(100);
    show_recv("recv(r1, one)", r1, 10, 0);
    show_child("blocked sender", kid);
    int left = 0;
    char last[16] = {0}, tmp[16];
    while ((r = recv(r1, tmp, sizeof(tmp) - 1, MSG_DONTWAIT)) >= 0) {
        left++;
        tmp[r] = '\0';
        strcpy(last, tmp);
    }
    printf("  then %d more, the last '%s'\n", left, last);
    show_poll("poll(s, peer drained)", s);

    /* A bound socket closed: its name refuses; its connected senders learn it once. */
    close(r1);
    show("send(connected peer closed)", send_str(s, "x", 0));
    show("send(again)", send_str(s, "x", 0));
    show("sendto(closed socket's path)", do_sendto(s, "x", p1, 0));
    close(s);
    close(r2);
    close(ab);
    close(st);
    unlink(p1);
    unlink(p2);
    unlink(ps);
}

static void test_rights(const char *dir)
{
    section("SCM_RIGHTS");
    int sv[2], pfd[2], fds[16];
    char buf[64];
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    show("pipe", pipe(pfd));
    show("sendmsg(pipe write end)", send_fds(sv[0], "fd", &pfd[1], 1));
    close(pfd[1]);
    int got = recv_fds("recvmsg(fd)", sv[1], CMSG_SPACE(sizeof(int)), 0, fds, 16);
    if (got == 1) {
        show("write(received fd)", write(fds[0], "through", 7));
        close(fds[0]);
        memset(buf, 0, sizeof(buf));
        show("read(pipe)", read(pfd[0], buf, sizeof(buf)));
        printf("  '%s'\n", buf);
        show("read(pipe, every writer gone)", read(pfd[0], buf, sizeof(buf)));
    }
    close(pfd[0]);

    /* A file's offset is shared with the copy that went through the socket. */
    char path[200];
    snprintf(path, sizeof(path), "%s/unixmsg.%d.data", dir, (int)getpid());
    int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    show("write(file)", write(f, "0123456789", 10));
    lseek(f, 2, SEEK_SET);
    int three[3] = {f, f, f};
    show("sendmsg(3 fds)", send_fds(sv[0], "three", three, 3));
    got = recv_fds("recvmsg(3 fds, MSG_CMSG_CLOEXEC)", sv[1], sizeof(buf), MSG_CMSG_CLOEXEC, fds,
                   16);
    if (got == 3) {
        memset(buf, 0, sizeof(buf));
        show("read(received file, 3)", read(fds[1], buf, 3));
        printf("  '%s' offset of the original now %ld\n", buf, (long)lseek(f, 0, SEEK_CUR));
        for (int i = 0; i < got; i++)
            close(fds[i]);
    }

    /* Too small a control buffer: what fits, MSG_CTRUNC; the rest are closed. */
    show("pipe", pipe(pfd));
    int mixed[3] = {f, pfd[1], pfd[1]};
    show("sendmsg(file, pipe, pipe)", send_fds(sv[0], "ctrunc", mixed, 3));
    close(pfd[1]);
    got = recv_fds("recvmsg(room for 1)", sv[1], CMSG_SPACE(sizeof(int)), 0, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);
    show("read(pipe, dropped writers)", read(pfd[0], buf, sizeof(buf)));
    close(pfd[0]);
    show("pipe", pipe(pfd));
    show("sendmsg(pipe)", send_fds(sv[0], "noroom", &pfd[1], 1));
    show("sendmsg(pipe)", send_fds(sv[0], "short", &pfd[1], 1));
    close(pfd[1]);
    got = recv_fds("recvmsg(no control buffer)", sv[1], 0, 0, fds, 16);
    got = recv_fds("recvmsg(control shorter than a header)", sv[1], 8, MSG_DONTWAIT, fds, 16);
    show("read(pipe, dropped writer)", read(pfd[0], buf, sizeof(buf)));
    close(pfd[0]);

    /* Peeking gives copies; the message keeps its own. */
    show("sendmsg(file)", send_fds(sv[0], "peek", &f, 1));
    got = recv_fds("recvmsg(MSG_PEEK)", sv[1], 64, MSG_PEEK, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);
    got = recv_fds("recvmsg(after peek)", sv[1], 64, 0, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);

    /* Files in flight are released when nobody receives them. */
    show("pipe", pipe(pfd));
    show("sendmsg(pipe, never received)", send_fds(sv[0], "lost", &pfd[1], 1));
    close(pfd[1]);
    close(sv[0]);
    close(sv[1]);
    show("read(pipe, in-flight writer released)", read(pfd[0], buf, sizeof(buf)));
    close(pfd[0]);

    /*
     * A socket sent over itself, its last descriptor closed: only the garbage
     * collector frees it, when its peer goes (unix_gc()); the pipe end it
     * carried goes with it.
     */
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    show("pipe", pipe(pfd));
    int cycle[2] = {sv[1], pfd[1]};
    show("sendmsg(the receiver itself, pipe)", send_fds(sv[0], "cycle", cycle, 2));
    close(pfd[1]);
    close(sv[1]);
    close(sv[0]);
    struct pollfd pp = {.fd = pfd[0], .events = POLLIN};
    int ready = poll(&pp, 1, 5000);
    show("poll(pipe, 5 s)", ready);
    if (ready == 1)
        show("read(pipe, writer collected)", read(pfd[0], buf, sizeof(buf)));
    close(pfd[0]);

    /* Bad control messages. */
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    int badfd = 999;
    show("sendmsg(SCM_RIGHTS, bad fd)", send_fds(sv[0], "x", &badfd, 1));
    int many[254];
    for (int i = 0; i < 254; i++)
        many[i] = f;
    show("sendmsg(253 fds)", send_fds(sv[0], "253", many, 253));
    got = recv_fds("recvmsg(253 fds, room for 16)", sv[1], CMSG_SPACE(16 * sizeof(int)), 0, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);
    show("sendmsg(254 fds)", send_fds(sv[0], "254", many, 254));
    union {
        char b[CMSG_SPACE(sizeof(int)) * 2];
        struct cmsghdr align;
    } c;
    struct iovec iov = {"x", 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.b,
                       .msg_controllen = CMSG_SPACE(sizeof(int))};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int)) + 64;
    memcpy(CMSG_DATA(cm), &f, sizeof(int));
    show("sendmsg(cmsg_len past the buffer)", sendmsg(sv[0], &m, 0));
    cm->cmsg_len = 8;
    show("sendmsg(cmsg_len < header)", sendmsg(sv[0], &m, 0));
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    cm->cmsg_type = 77;
    show("sendmsg(unknown SOL_SOCKET type)", sendmsg(sv[0], &m, 0));
    cm->cmsg_level = 6;
    show("sendmsg(other level, ignored)", sendmsg(sv[0], &m, 0));
    got = recv_fds("recvmsg(other level)", sv[1], 64, 0, fds, 16);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(0);
    show("sendmsg(SCM_RIGHTS, no fds)", sendmsg(sv[0], &m, 0));
    got = recv_fds("recvmsg(no fds)", sv[1], 64, 0, fds, 16);
    m.msg_control = (void *)8;
    show("sendmsg(bad control pointer)", syscall(SYS_sendmsg, sv[0], &m, 0));
    close(sv[0]);
    close(sv[1]);

    /* SEQPACKET and STREAM carry fds too; on a stream they come with their bytes. */
    show("socketpair(SEQPACKET)", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
    show("sendmsg(seqpacket, fd)", send_fds(sv[0], "seq", &f, 1));
    got = recv_fds("recvmsg(seqpacket)", sv[1], 64, 0, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);
    close(sv[0]);
    close(sv[1]);
    show("socketpair(STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    show("sendmsg(stream, 'ab' + fd)", send_fds(sv[0], "ab", &f, 1));
    show("send(stream, 'cd')", send_str(sv[0], "cd", 0));
    got = recv_fds("recvmsg(stream)", sv[1], 64, 0, fds, 16);
    for (int i = 0; i < got; i++)
        close(fds[i]);
    got = recv_fds("recvmsg(stream, rest)", sv[1], 64, 0, fds, 16);
    show("sendmsg(stream, 'wxyz' + fd)", send_fds(sv[0], "wxyz", &f, 1));
    char two[3] = {0};
    show("recv(stream, 2)", recv(sv[1], two, 2, 0));
    got = recv_fds("recvmsg(stream, after a plain read)", sv[1], 64, 0, fds, 16);
    show("pipe", pipe(pfd));
    show("sendmsg(stream, pipe, never received)", send_fds(sv[0], "gone", &pfd[1], 1));
    close(pfd[1]);
    close(sv[0]);
    close(sv[1]);
    show("read(pipe, in-flight writer released)", read(pfd[0], buf, sizeof(buf)));
    close(pfd[0]);

    close(f);
    unlink(path);
}

static void test_creds(void)
{
    section("SCM_CREDENTIALS");
    int sv[2], fds[4];
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    int on = 1;
    show("setsockopt(SO_PASSCRED)", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
    int v = -1;
    socklen_t len = sizeof(v);
    show("getsockopt(SO_PASSCRED)", getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &len));
    printf("  %d\n", v);
    show("send(plain)", send_str(sv[0], "cred", 0));
    recv_fds("recvmsg(SO_PASSCRED)", sv[1], 64, 0, fds, 4);
    union {
        char b[CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } c;
    struct ucred u = {getpid(), getuid(), getgid()};
    struct iovec iov = {"own", 3};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.b,
                       .msg_controllen = sizeof(c.b)};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_CREDENTIALS;
    cm->cmsg_len = CMSG_LEN(sizeof(u));
    memcpy(CMSG_DATA(cm), &u, sizeof(u));
    show("sendmsg(SCM_CREDENTIALS, own)", sendmsg(sv[0], &m, 0));
    recv_fds("recvmsg(SO_PASSCRED)", sv[1], 64, 0, fds, 4);
    cm->cmsg_len = CMSG_LEN(sizeof(u)) - 1;
    show("sendmsg(SCM_CREDENTIALS, short)", sendmsg(sv[0], &m, 0));
    show("send(unread)", send_str(sv[0], "plain", 0));
    recv_fds("recvmsg(credentials, control too small)", sv[1], sizeof(struct cmsghdr) + 4, 0,
             fds, 4);
    on = 0;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
    show("send(after SO_PASSCRED off)", send_str(sv[0], "none", 0));
    recv_fds("recvmsg(no SO_PASSCRED)", sv[1], 64, 0, fds, 4);
    close(sv[0]);
    close(sv[1]);

    /* A stream: the credentials of the bytes read, never glued across writers. */
    show("socketpair(STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    on = 1;
    show("setsockopt(SO_PASSCRED)", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
    show("send(ab)", send_str(sv[0], "ab", 0));
    show("send(cd)", send_str(sv[0], "cd", 0));
    recv_fds("recvmsg(stream, one writer)", sv[1], 64, 0, fds, 4);
    pid_t kid = fork();
    if (kid == 0)
        _exit(send_str(sv[0], "child", 0) == 5 ? 0 : 1);
    show_child("writer", kid);
    show("send(parent)", send_str(sv[0], "parent", 0));
    recv_fds("recvmsg(stream, the child's bytes)", sv[1], 64, 0, fds, 4);
    recv_fds("recvmsg(stream, the parent's)", sv[1], 64, 0, fds, 4);
    close(sv[0]);
    close(sv[1]);
    /* Bytes written before SO_PASSCRED was set: what they carry differs between Linux versions. */
}

static void test_mmsg(void)
{
    section("sendmmsg/recvmmsg");
    int sv[2];
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    struct iovec iv[3] = {{"first", 5}, {"2nd", 3}, {"", 0}};
    struct mmsghdr mm[3];
    memset(mm, 0, sizeof(mm));
    for (int i = 0; i < 3; i++) {
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    show("sendmmsg(3)", sendmmsg(sv[0], mm, 3, 0));
    printf("  lengths %u %u %u\n", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
    char b[4][8];
    struct iovec ov[4];
    struct mmsghdr rm[4];
    memset(rm, 0, sizeof(rm));
    memset(b, 0, sizeof(b));
    for (int i = 0; i < 4; i++) {
        ov[i] = (struct iovec){b[i], 4};
        rm[i].msg_hdr.msg_iov = &ov[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }
    show("recvmmsg(4, MSG_DONTWAIT)", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
    for (int i = 0; i < 3; i++)
        printf("  %u '%s' flags %s\n", rm[i].msg_len, b[i], mflags(rm[i].msg_hdr.msg_flags));
    show("recvmmsg(empty, MSG_DONTWAIT)", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
    show("sendmmsg(0)", sendmmsg(sv[0], mm, 0, 0));
    mm[1].msg_hdr.msg_iovlen = 2000;
    show("sendmmsg(second bad)", sendmmsg(sv[0], mm, 3, 0));
    show("recvmmsg(1 of 1)", recvmmsg(sv[1], rm, 1, MSG_DONTWAIT, NULL));
    show("recvmmsg(empty, MSG_DONTWAIT)", recvmmsg(sv[1], rm, 4, MSG_DONTWAIT, NULL));
    close(sv[0]);
    close(sv[1]);
}

static void test_seqpacket_server(const char *dir)
{
    section("SEQPACKET server");
    char path[200];
    snprintf(path, sizeof(path), "%s/unixmsg.%d.sp", dir, (int)getpid());
    unlink(path);
    int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    show("bind", do_bind(l, path, 0));
    show("listen", listen(l, 4));
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    show("send(unconnected)", send_str(c, "x", MSG_NOSIGNAL));
    show("recv(unconnected)", recv(c, path + 190, 1, MSG_DONTWAIT));
    show("connect", do_connect(c, path, 0));
    show_poll("poll(listener)", l);
    int a = accept(l, NULL, NULL);
    show("accept", a >= 0 ? 0 : -1);
    show("send(one)", send_str(c, "one", 0));
    show("send(two)", send_str(c, "two", 0));
    show_recvmsg("recvmsg(1 of one)", a, 1, 0);
    show_recv("recv(two)", a, 10, 0);
    show("send(back)", send_str(a, "back", 0));
    show_recv("recv(back)", c, 10, 0);
    close(a);
    show_recv("recv(server gone)", c, 10, 0);
    show("send(server gone)", send_str(c, "x", MSG_NOSIGNAL));
    close(c);

    /* Never accepted: the listener's close resets the connection. */
    c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    show("connect", do_connect(c, path, 0));
    show("send(to the queue)", send_str(c, "lost", 0));
    close(l);
    show_poll("poll(reset)", c);
    show_recv("recv(reset)", c, 10, MSG_DONTWAIT);
    show_recv("recv(after the reset)", c, 10, MSG_DONTWAIT);
    close(c);
    unlink(path);

    /* An automatic name for a datagram sender: what its receiver sees. */
    int sv[2];
    show("socketpair(DGRAM)", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    show("bind(autobind)", bind(sv[0], (struct sockaddr *)&sa, sizeof(sa_family_t)));
    show("send", send_str(sv[0], "auto", 0));
    char buf[8];
    socklen_t len = sizeof(sa);
    show("recvfrom", recvfrom(sv[1], buf, sizeof(buf), 0, (struct sockaddr *)&sa, &len));
    printf("  len %u abstract %d\n", (unsigned)len, len > 2 && sa.sun_path[0] == '\0');
    close(sv[0]);
    close(sv[1]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unixmsg DIR\n");
        return 2;
    }
    test_msg_api();
    section("DGRAM pair");
    test_pair_common(SOCK_DGRAM, "DGRAM");
    section("SEQPACKET pair");
    test_pair_common(SOCK_SEQPACKET, "SEQPACKET");
    test_dgram_named(argv[1]);
    test_rights(argv[1]);
    test_creds();
    test_mmsg();
    test_seqpacket_server(argv[1]);
    return 0;
}
