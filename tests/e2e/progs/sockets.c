/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/sockets.c: AF_UNIX sockets: creation errors, failed connects, socketpair streams. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

/*
 * usage: sockets FILE DIR
 * FILE is an existing regular file and DIR an existing directory. Every line
 * printed is a call and its result (errno names, not messages), so the
 * native run is the oracle.
 */

static void show(const char *what, long r)
{
    if (r < 0)
        printf("%s -> %s\n", what, ename(errno));
    else
        printf("%s -> %ld\n", what, r);
    fflush(stdout);
}

static long try_connect(int fd, const char *path, int abstract)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strncpy(sa.sun_path + abstract, path, sizeof(sa.sun_path) - 1 - abstract);
    socklen_t len = offsetof(struct sockaddr_un, sun_path) + abstract + strlen(path) + 1;
    return connect(fd, (struct sockaddr *)&sa, len);
}

/* Every event poll can report for a socket, as they came back. */
static void pollshow(const char *what, int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP | POLLWRBAND | POLLPRI};
    long r = poll(&p, 1, 0);
    printf("poll(%s) -> %ld revents %#x\n", what, r, (unsigned)p.revents);
    fflush(stdout);
}

static volatile sig_atomic_t got_pipe;

static void on_pipe(int sig)
{
    (void)sig;
    got_pipe = 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: sockets FILE DIR\n");
        return 2;
    }

    /* socket(2)'s argument checks. */
    show("socket(AF_UNIX, 99)", socket(AF_UNIX, 99, 0));
    show("socket(AF_UNIX, STREAM, 7)", socket(AF_UNIX, SOCK_STREAM, 7));
    show("socket(AF_UNIX, STREAM|0x100000)", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));

    /* Connecting where nobody listens: the nscd client's path. */
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    show("socket(AF_UNIX, STREAM|CLOEXEC|NONBLOCK)", s >= 0 ? 0 : -1);
    show("fcntl(F_GETFD)", fcntl(s, F_GETFD));
    show("fcntl(F_GETFL) & O_NONBLOCK", fcntl(s, F_GETFL) & O_NONBLOCK ? 1 : 0);
    show("connect(missing)", try_connect(s, "/nonexistent/nscd/socket", 0));
    show("connect(directory)", try_connect(s, argv[2], 0));
    show("connect(regular file)", try_connect(s, argv[1], 0));
    show("connect(abstract)", try_connect(s, "ringfence-test-nobody-listens", 1));
    struct sockaddr_storage bad;
    memset(&bad, 0, sizeof(bad));
    bad.ss_family = AF_INET6;
    show("connect(AF_INET6 address)", connect(s, (struct sockaddr *)&bad, 28));
    show("connect(len 1)", connect(s, (struct sockaddr *)&bad, 1));
    char c = 'x';
    show("write(unconnected)", write(s, &c, 1));
    struct sockaddr_un name;
    socklen_t nlen = sizeof(name);
    show("getpeername(unconnected)", getpeername(s, (struct sockaddr *)&name, &nlen));
    nlen = sizeof(name);
    show("getsockname", getsockname(s, (struct sockaddr *)&name, &nlen));
    printf("  family %d len %u\n", name.sun_family, (unsigned)nlen);
    int v = -1;
    socklen_t vlen = sizeof(v);
    show("getsockopt(SO_TYPE)", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &vlen));
    printf("  type %d len %u\n", v, (unsigned)vlen);
    vlen = sizeof(v);
    show("getsockopt(SO_DOMAIN)", getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &vlen));
    printf("  domain %d\n", v);
    vlen = sizeof(v);
    show("getsockopt(SO_ERROR)", getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &vlen));
    printf("  error %d\n", v);
    struct stat st;
    show("fstat", fstat(s, &st));
    printf("  socket %d\n", S_ISSOCK(st.st_mode));
    close(s);

    /* Calls on descriptors that are not sockets. */
    show("connect(stdin)", try_connect(0, argv[1], 0));
    show("getsockopt(999)", getsockopt(999, SOL_SOCKET, SO_TYPE, &v, &vlen));

    /* A connected stream pair. */
    int sv[2];
    show("socketpair(STREAM)", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    show("write(0)", write(sv[0], "hello", 5));
    show("send(0)", send(sv[0], " world", 6, 0));
    char buf[64] = {0};
    show("read(1)", read(sv[1], buf, sizeof(buf)));
    printf("  '%s'\n", buf);
    show("recv(1, DONTWAIT) empty", recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT));
    show("write(1)", write(sv[1], "back", 4));
    struct pollfd p = {.fd = sv[0], .events = POLLIN | POLLOUT};
    show("poll(0)", poll(&p, 1, 1000));
    printf("  revents in %d out %d\n", !!(p.revents & POLLIN), !!(p.revents & POLLOUT));
    memset(buf, 0, sizeof(buf));
    show("recvfrom(0)", recvfrom(sv[0], buf, sizeof(buf), 0, NULL, NULL));
    printf("  '%s'\n", buf);
    show("getpeername(pair)", getpeername(sv[0], (struct sockaddr *)&name, &nlen));

    /* A child writes through its copy of the pair; the parent reads it. */
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[1]);
        dprintf(sv[0], "from child %d\n", 7);
        _exit(0);
    }
    close(sv[0]);
    int status;
    waitpid(pid, &status, 0);
    memset(buf, 0, sizeof(buf));
    show("read(child's line)", read(sv[1], buf, sizeof(buf)));
    printf("  %s", buf);
    show("read(after peer closed)", read(sv[1], buf, sizeof(buf)));
    show("send(peer closed, NOSIGNAL)", send(sv[1], "x", 1, MSG_NOSIGNAL));
    signal(SIGPIPE, on_pipe);
    show("write(peer closed)", write(sv[1], "x", 1));
    printf("  SIGPIPE %d\n", (int)got_pipe);
    close(sv[1]);

    /* shutdown(SHUT_WR) is end of file for the peer. */
    show("socketpair(STREAM|NONBLOCK)", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
    show("read(empty, nonblocking)", read(sv[1], buf, sizeof(buf)));
    show("shutdown(0, SHUT_WR)", shutdown(sv[0], SHUT_WR));
    show("read(after SHUT_WR)", read(sv[1], buf, sizeof(buf)));
    show("shutdown(0, 7)", shutdown(sv[0], 7));
    show("socketpair(AF_INET)", socketpair(AF_INET, SOCK_STREAM, 0, sv));

    /* poll() as each side shuts down (unix_poll(): RDHUP, HUP only when both ways shut). */
    char b;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pollshow("fresh", sv[0]);
    write(sv[1], "x", 1);
    pollshow("data", sv[0]);
    shutdown(sv[1], SHUT_WR);
    pollshow("peer SHUT_WR, data left", sv[0]);
    read(sv[0], &b, 1);
    pollshow("peer SHUT_WR, drained", sv[0]);
    pollshow("the peer itself", sv[1]);
    close(sv[0]);
    close(sv[1]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    shutdown(sv[1], SHUT_RD);
    pollshow("peer SHUT_RD", sv[0]);
    pollshow("the peer itself", sv[1]);
    close(sv[0]);
    close(sv[1]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    shutdown(sv[0], SHUT_RDWR);
    pollshow("own SHUT_RDWR", sv[0]);
    pollshow("the peer", sv[1]);
    close(sv[1]);
    close(sv[0]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    pollshow("peer closed", sv[0]);
    close(sv[0]);
    return 0;
}
