/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/unixsrv.c: AF_UNIX stream servers: bind, listen, accept, connect, names and credentials. */
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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

/*
 * usage: unixsrv DIR
 * DIR is a writable directory for the socket files. Every line printed is a
 * call and its result (errno names, not messages; no pids or paths, which
 * differ between runs), so the native run is the oracle. exit status: 0.
 */

/* Where results go: stdout, or a buffer while a child prints (see main). */
static FILE *out;

static void show(const char *what, long r)
{
    if (r < 0)
        fprintf(out, "%s -> %s\n", what, ename(errno));
    else
        fprintf(out, "%s -> %ld\n", what, r);
    fflush(out);
}

/* A sockaddr_un for @path (abstract: a leading NUL, then @path); its length. */
static socklen_t mkaddr(struct sockaddr_un *sa, const char *path, int abstract)
{
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    strncpy(sa->sun_path + abstract, path, sizeof(sa->sun_path) - 1 - abstract);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + abstract + strlen(path) +
                       !abstract);
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

/* Whether getsockname/getpeername names @path (length and bytes), printed. */
static void show_name(const char *what, int fd, int peer, const char *path, int abstract)
{
    struct sockaddr_un sa, want;
    socklen_t len = sizeof(sa);
    memset(&sa, 0, sizeof(sa));
    long r = peer ? getpeername(fd, (struct sockaddr *)&sa, &len)
                  : getsockname(fd, (struct sockaddr *)&sa, &len);
    if (r < 0) {
        show(what, r);
        return;
    }
    socklen_t wlen = path ? mkaddr(&want, path, abstract) : sizeof(sa_family_t);
    fprintf(out, "%s -> family %d, %s\n", what, sa.sun_family,
           len == wlen && (!path || memcmp(&sa, &want, wlen) == 0) ? "the expected name"
                                                                    : "another name");
}

/* SO_PEERCRED, compared with the expected pid, and with our own ids. */
static void show_cred(const char *what, int fd, pid_t pid)
{
    struct ucred c;
    socklen_t len = sizeof(c);
    long r = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &len);
    if (r < 0) {
        show(what, r);
        return;
    }
    fprintf(out, "%s -> len %u, pid %s, uid %s, gid %s\n", what, (unsigned)len,
           c.pid == pid ? "as expected" : c.pid == 0 ? "0" : "other",
           c.uid == geteuid() ? "ours" : c.uid == (uid_t)-1 ? "-1" : "other",
           c.gid == getegid() ? "ours" : c.gid == (gid_t)-1 ? "-1" : "other");
}

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
    (void)sig;
    got_alarm = 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unixsrv DIR\n");
        return 2;
    }
    char path[200], missing[220];
    out = stdout;
    snprintf(path, sizeof(path), "%s/unixsrv.%d.sock", argv[1], (int)getpid());
    snprintf(missing, sizeof(missing), "%s/no-such-dir/s.sock", argv[1]);
    unlink(path);
    umask(022);

    /* Binding. */
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    show("listen(unbound)", listen(l, 5));
    show("bind(missing directory)", do_bind(l, missing, 0));
    show("bind(path)", do_bind(l, path, 0));
    struct stat st;
    show("stat(socket file)", stat(path, &st));
    fprintf(out, "  socket %d mode %o\n", S_ISSOCK(st.st_mode), (unsigned)(st.st_mode & 07777));
    show("bind(again)", do_bind(l, path, 0));
    int other = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind(path in use)", do_bind(other, path, 0));
    show_name("getsockname(bound)", l, 0, path, 0);
    show("connect(bound, not listening)", do_connect(other, path, 0));
    show("accept(not listening)", accept(l, NULL, NULL));
    show("listen(5)", listen(l, 5));
    int v = -1;
    socklen_t vlen = sizeof(v);
    show("getsockopt(SO_ACCEPTCONN)", getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &vlen));
    fprintf(out, "  acceptconn %d\n", v);
    /* The raw call: musl retries a refused accept4 as accept, which would block. */
    show("accept4(bad flags)", syscall(SYS_accept4, l, NULL, NULL, 0x4000));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("listen(datagram)", listen(d, 5));
    close(d);
    int sp = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    show("connect(seqpacket to a stream listener)", do_connect(sp, path, 0));
    close(sp);
    show_cred("SO_PEERCRED(unconnected)", other, 0);
    close(other);

    struct pollfd p = {.fd = l, .events = POLLIN | POLLOUT};
    show("poll(listener, none waiting)", poll(&p, 1, 0));

    /*
     * One client: connect, talk, names and credentials on both sides. The
     * child prints as it goes; the parent keeps its lines until the child is
     * done, so that the order does not depend on scheduling.
     */
    fflush(stdout);
    char *kept = NULL;
    size_t nkept = 0;
    out = open_memstream(&kept, &nkept);
    if (!out)
        return 1;
    pid_t kid = fork();
    if (kid == 0) {
        out = stdout;
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        show("child: connect", do_connect(c, path, 0));
        show("child: connect(again)", do_connect(c, path, 0));
        show_name("child: getpeername", c, 1, path, 0);
        show_name("child: getsockname", c, 0, NULL, 0);
        show_cred("child: SO_PEERCRED", c, getppid());
        show("child: write", write(c, "ping", 4));
        char buf[16] = {0};
        show("child: read", read(c, buf, sizeof(buf) - 1));
        fprintf(out, "child:   '%s'\n", buf);
        fflush(stdout);
        _exit(0);
    }
    struct sockaddr_un from;
    socklen_t flen = sizeof(from);
    int a = accept(l, (struct sockaddr *)&from, &flen);
    show("accept", a >= 0 ? 0 : -1);
    fprintf(out, "  peer address: family %d len %u\n", from.sun_family, (unsigned)flen);
    show_name("getsockname(accepted)", a, 0, path, 0);
    show_name("getpeername(accepted)", a, 1, NULL, 0);
    show_cred("SO_PEERCRED(accepted)", a, kid);
    char buf[16] = {0};
    show("read", read(a, buf, sizeof(buf) - 1));
    fprintf(out, "  '%s'\n", buf);
    show("write", write(a, "pong", 4));
    waitpid(kid, NULL, 0);
    fclose(out);
    out = stdout;
    fputs(kept, stdout);
    free(kept);
    show("read(client gone)", read(a, buf, sizeof(buf)));
    close(a);

    /* Three clients queue before any accept; they are accepted in order. */
    int cs[3];
    for (int i = 0; i < 3; i++) {
        cs[i] = socket(AF_UNIX, SOCK_STREAM, 0);
        show("connect(queued)", do_connect(cs[i], path, 0));
        dprintf(cs[i], "client %d", i);
    }
    p.revents = 0;
    show("poll(listener, three waiting)", poll(&p, 1, 0));
    fprintf(out, "  in %d out %d\n", !!(p.revents & POLLIN), !!(p.revents & POLLOUT));
    for (int i = 0; i < 3; i++) {
        a = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        show("accept4(CLOEXEC|NONBLOCK)", a >= 0 ? 0 : -1);
        fprintf(out, "  cloexec %d nonblock %d\n", (fcntl(a, F_GETFD) & FD_CLOEXEC) != 0,
               (fcntl(a, F_GETFL) & O_NONBLOCK) != 0);
        memset(buf, 0, sizeof(buf));
        show("read", read(a, buf, sizeof(buf) - 1));
        fprintf(out, "  '%s'\n", buf);
        show("read(nothing more)", read(a, buf, sizeof(buf)));
        close(a);
        close(cs[i]);
    }
    fcntl(l, F_SETFL, O_NONBLOCK);
    show("accept(none waiting, nonblocking)", accept(l, NULL, NULL));
    /* A blocked accept ends with EINTR for a handler without SA_RESTART. */
    fcntl(l, F_SETFL, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 200000}};
    setitimer(ITIMER_REAL, &it, NULL);
    show("accept(blocked, then a signal)", accept(l, NULL, NULL));
    fprintf(out, "  alarm handled %d\n", (int)got_alarm);

    /* An abstract name, and an automatic one. */
    char abs_name[64];
    snprintf(abs_name, sizeof(abs_name), "unixsrv-%d", (int)getpid());
    int la = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind(abstract)", do_bind(la, abs_name, 1));
    show("listen(abstract)", listen(la, 1));
    show_name("getsockname(abstract)", la, 0, abs_name, 1);
    int ca = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect(abstract)", do_connect(ca, abs_name, 1));
    a = accept(la, NULL, NULL);
    show("accept(abstract)", a >= 0 ? 0 : -1);
    show_name("getpeername(abstract client)", ca, 1, abs_name, 1);
    /* A client that binds once connected: the accepted end sees the new name. */
    char late[64];
    snprintf(late, sizeof(late), "unixsrv-late-%d", (int)getpid());
    show("bind(client, after connect)", do_bind(ca, late, 1));
    show_name("getpeername(accepted, client bound late)", a, 1, late, 1);
    close(a);
    close(ca);
    close(la);
    ca = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect(abstract, closed)", do_connect(ca, abs_name, 1));
    struct sockaddr_un autoname;
    socklen_t alen = sizeof(sa_family_t);
    memset(&autoname, 0, sizeof(autoname));
    autoname.sun_family = AF_UNIX;
    show("bind(automatic)", bind(ca, (struct sockaddr *)&autoname, alen));
    alen = sizeof(autoname);
    show("getsockname(automatic)", getsockname(ca, (struct sockaddr *)&autoname, &alen));
    fprintf(out, "  len %u, abstract %d\n", (unsigned)alen, autoname.sun_path[0] == '\0');
    close(ca);

    /* The listener gone: its file stays but refuses; then the file gone too. */
    close(l);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect(listener closed)", do_connect(c, path, 0));
    show("unlink(socket file)", unlink(path));
    show("connect(file removed)", do_connect(c, path, 0));

    /* Reads and shutdown without a peer. */
    char b;
    show("read(unconnected)", read(c, &b, 1));
    show("shutdown(unconnected, SHUT_RD)", shutdown(c, SHUT_RD));
    p.fd = c;
    p.events = POLLIN | POLLOUT;
    show("poll(unconnected, shut for reading)", poll(&p, 1, 0));
    fprintf(out, "  revents %#x\n", (unsigned)p.revents);
    close(c);
    snprintf(abs_name, sizeof(abs_name), "unixsrv-b-%d", (int)getpid());
    la = socket(AF_UNIX, SOCK_STREAM, 0);
    do_bind(la, abs_name, 1);
    listen(la, 1);
    show("read(listener)", read(la, &b, 1));
    show("write(listener)", write(la, "x", 1));
    show("connect(listener)", do_connect(la, abs_name, 1));
    show("shutdown(listener)", shutdown(la, SHUT_RDWR));
    p.fd = la;
    p.events = POLLIN | POLLOUT;
    show("poll(listener, shut)", poll(&p, 1, 0));
    fprintf(out, "  revents %#x\n", (unsigned)p.revents);
    show("accept(listener shut)", accept(la, NULL, NULL));
    int ioc = 0;
    show("ioctl(listener, FIONREAD)", ioctl(la, FIONREAD, &ioc));
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect(listener shut)", do_connect(c, abs_name, 1));
    close(la);

    /* Errors in Linux's order: the name before this socket's own state. */
    la = socket(AF_UNIX, SOCK_STREAM, 0);
    do_bind(la, abs_name, 1); /* free again: its listener is closed */
    listen(la, 4);
    show("connect", do_connect(c, abs_name, 1));
    show("connect(connected, missing path)", do_connect(c, missing, 0));
    show("connect(connected, nobody's abstract name)", do_connect(c, "unixsrv-nobody", 1));
    show("connect(listening, missing path)", do_connect(la, missing, 0));
    int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("connect(datagram to a stream abstract name)", do_connect(dg, abs_name, 1));
    close(dg);

    /* No free fd: EMFILE, and the connection stays queued for the next accept. */
    struct rlimit rl, low;
    getrlimit(RLIMIT_NOFILE, &rl);
    low = rl;
    low.rlim_cur = 3;
    setrlimit(RLIMIT_NOFILE, &low);
    show("accept(no free fd)", accept(la, NULL, NULL));
    setrlimit(RLIMIT_NOFILE, &rl);
    a = accept(la, NULL, NULL);
    show("accept(fd free again)", a >= 0 ? 0 : -1);
    show("write(to the kept connection)", write(a, "k", 1));
    show("read(client)", read(c, &b, 1));
    close(a);
    close(c);

    /* A connection its listener never accepted is reset when the listener closes. */
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect(queued, never accepted)", do_connect(c, abs_name, 1));
    close(la);
    p.fd = c;
    p.events = POLLIN | POLLOUT;
    show("poll(after the listener closed)", poll(&p, 1, 0));
    fprintf(out, "  revents %#x\n", (unsigned)p.revents);
    show("read(after the listener closed)", read(c, &b, 1));
    show("read(again)", read(c, &b, 1));
    close(c);
    la = socket(AF_UNIX, SOCK_STREAM, 0);
    do_bind(la, abs_name, 1);
    listen(la, 4);

    /* A shutdown before connect still holds once connected. */
    signal(SIGPIPE, SIG_IGN);
    c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    show("shutdown(unconnected, SHUT_RDWR)", shutdown(c, SHUT_RDWR));
    show("connect(after shutdown)", do_connect(c, abs_name, 1));
    show("write(shut for writing)", write(c, "x", 1));
    show("read(shut for reading)", read(c, &b, 1));
    close(c);
    close(la);
    return 0;
}
