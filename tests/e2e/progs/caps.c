/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/caps.c: capability sets, their prctls, the setuid fixups, exec, kill permission, parent death. */
/*
 * usage: caps DIR      (a directory root can write; run as root, as the tests are)
 *        caps show FILE   (internal: print the sets after an exec)
 * The sets printed are whatever the process starts with: the sandbox must
 * start with the launcher's, so the native run and the sandboxed one agree
 * on any host (a container may lack some capabilities). Run as another user,
 * every privileged step fails alike in both runs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define BIT(c) (1ULL << (c))

/* include/uapi/linux/capability.h (musl ships no kernel headers). */
#define _LINUX_CAPABILITY_VERSION_1 0x19980330
#define _LINUX_CAPABILITY_VERSION_2 0x20071026
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_KILL 5
#define CAP_SETPCAP 8
#define CAP_NET_BIND_SERVICE 10
#define CAP_SYS_TIME 25
struct __user_cap_header_struct {
    uint32_t version;
    int pid;
};
struct __user_cap_data_struct {
    uint32_t effective, permitted, inheritable;
};

struct caps {
    uint64_t eff, prm, inh;
};

static int cap_get(int pid, uint32_t version, struct caps *c)
{
    struct __user_cap_header_struct h = {version, pid};
    struct __user_cap_data_struct d[2];
    memset(d, 0, sizeof(d));
    if (syscall(SYS_capget, &h, d) != 0)
        return -1;
    c->eff = d[0].effective | (uint64_t)d[1].effective << 32;
    c->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
    c->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
    return 0;
}

static int cap_set(const struct caps *c)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2] = {
        {(uint32_t)c->eff, (uint32_t)c->prm, (uint32_t)c->inh},
        {(uint32_t)(c->eff >> 32), (uint32_t)(c->prm >> 32), (uint32_t)(c->inh >> 32)},
    };
    return (int)syscall(SYS_capset, &h, d);
}

static uint64_t ambient(void)
{
    uint64_t a = 0;
    for (int c = 0; c < 64; c++)
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) == 1)
            a |= BIT(c);
    return a;
}

static uint64_t bounding(void)
{
    uint64_t b = 0;
    for (int c = 0; c < 64; c++)
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
            b |= BIT(c);
    return b;
}

static void show(const char *what)
{
    struct caps c = {0, 0, 0};
    int r = cap_get(0, _LINUX_CAPABILITY_VERSION_3, &c);
    uid_t u[3];
    getresuid(&u[0], &u[1], &u[2]);
    printf("%s: uid %u %u %u fsuid %d capget %d eff %llx prm %llx inh %llx amb %llx bnd %llx "
           "keep %d secbits %#x\n",
           what, u[0], u[1], u[2], setfsuid(-1), r, (unsigned long long)c.eff,
           (unsigned long long)c.prm, (unsigned long long)c.inh, (unsigned long long)ambient(),
           (unsigned long long)bounding(), prctl(PR_GET_KEEPCAPS), prctl(PR_GET_SECUREBITS));
    fflush(stdout);
}

static void result(const char *what, long r)
{
    printf("%s: %s\n", what, r < 0 ? ename(errno) : r == 0 ? "ok" : "positive");
    fflush(stdout);
}

static void show_status(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "Cap", 3) || !strncmp(line, "NoNewPrivs", 10))
            printf("status %s", line);
    if (f)
        fclose(f);
    fflush(stdout);
}

static char file0[4096]; /* mode 0000, owned by root */

static void try_open(const char *what)
{
    int fd = open(file0, O_RDONLY);
    printf("%s: open mode-0 file: %s\n", what, fd >= 0 ? "ok" : ename(errno));
    if (fd >= 0)
        close(fd);
    fflush(stdout);
}

/* Run @fn in a child and wait for it, so each case starts from the same credentials. */
static void in_child(const char *name, void (*fn)(void))
{
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("%s: child status %#x\n", name, st);
    fflush(stdout);
}

static void reexec(void)
{
    fflush(stdout);
    char *argv[] = {"caps", "show", file0, NULL};
    execv("/proc/self/exe", argv);
    printf("exec: %s\n", ename(errno));
    _exit(1);
}

static void case_capget_api(void)
{
    struct caps c, c1;
    cap_get(0, _LINUX_CAPABILITY_VERSION_3, &c);
    result("capget v1", cap_get(0, _LINUX_CAPABILITY_VERSION_1, &c1));
    printf("v1 sets: eff %llx prm %llx (low words of v3's: %d)\n", (unsigned long long)c1.eff,
           (unsigned long long)c1.prm,
           c1.eff == (uint32_t)c.eff && c1.prm == (uint32_t)c.prm);
    result("capget v2", cap_get(0, _LINUX_CAPABILITY_VERSION_2, &c1));
    struct __user_cap_header_struct h = {0x12345678, 0};
    struct __user_cap_data_struct d[2];
    result("capget bad version", syscall(SYS_capget, &h, d));
    printf("version written back: %#x\n", h.version);
    h.version = 0x12345678;
    result("capget bad version, no data", syscall(SYS_capget, &h, NULL));
    h.version = _LINUX_CAPABILITY_VERSION_3;
    h.pid = -1;
    result("capget pid -1", syscall(SYS_capget, &h, d));
    result("capget own pid", cap_get(getpid(), _LINUX_CAPABILITY_VERSION_3, &c1));
    result("capget no such pid", cap_get(4000000, _LINUX_CAPABILITY_VERSION_3, &c1));
    result("capget NULL header", syscall(SYS_capget, NULL, d));
    h.pid = getppid();
    h.version = _LINUX_CAPABILITY_VERSION_3;
    result("capset another pid", syscall(SYS_capset, &h, d));
    result("PR_CAPBSET_READ 41", prctl(PR_CAPBSET_READ, 41, 0, 0, 0));
    result("PR_CAPBSET_READ -1", prctl(PR_CAPBSET_READ, -1, 0, 0, 0));
    result("PR_CAP_AMBIENT bad op", prctl(PR_CAP_AMBIENT, 9, 0, 0, 0));
    result("PR_CAP_AMBIENT CLEAR_ALL extra", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0));
    result("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2));
    result("PR_SET_SECUREBITS unknown", prctl(PR_SET_SECUREBITS, 0x10000));
}

static void case_drop_effective(void)
{
    struct caps c;
    cap_get(0, _LINUX_CAPABILITY_VERSION_3, &c);
    struct caps d = c;
    d.eff &= ~(BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) | BIT(CAP_CHOWN));
    result("capset drop dac+chown from effective", cap_set(&d));
    try_open("without dac");
    result("chown without CAP_CHOWN", chown(file0, 1234, 1234));
    result("capset back", cap_set(&c));
    try_open("with dac again");
    result("chown with CAP_CHOWN", chown(file0, 0, 0));
    d = c;
    d.prm &= ~BIT(CAP_SYS_TIME);
    d.eff &= d.prm;
    result("capset drop SYS_TIME from permitted", cap_set(&d));
    struct caps e = d;
    e.prm |= BIT(CAP_SYS_TIME);
    result("capset raise permitted", cap_set(&e));
    e = d;
    e.eff |= BIT(CAP_SYS_TIME);
    result("capset effective outside permitted", cap_set(&e));
    e = d;
    e.inh |= BIT(CAP_SYS_TIME);
    result("capset inheritable outside permitted with SETPCAP", cap_set(&e));
    d.prm &= ~BIT(CAP_SETPCAP);
    d.eff &= ~BIT(CAP_SETPCAP);
    result("capset drop SETPCAP", cap_set(&d));
    result("PR_CAPBSET_DROP without SETPCAP", prctl(PR_CAPBSET_DROP, CAP_SYS_TIME, 0, 0, 0));
    result("PR_SET_SECUREBITS without SETPCAP", prctl(PR_SET_SECUREBITS, 0x10, 0, 0, 0));
    d.inh = BIT(CAP_SETPCAP);
    result("capset inheritable outside permitted without SETPCAP", cap_set(&d));
    show("after drops");
}

static void case_keepcaps(void)
{
    result("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
    result("setresuid 1000", setresuid(1000, 1000, 1000));
    show("keepcaps, uid 1000");
    struct caps c;
    cap_get(0, _LINUX_CAPABILITY_VERSION_3, &c);
    c.eff = c.prm;
    result("capset effective = permitted", cap_set(&c));
    try_open("uid 1000 with caps");
    result("kill parent, signal 0", kill(getppid(), 0));
    reexec();
}

static void case_no_keepcaps(void)
{
    result("setresuid 1000", setresuid(1000, 1000, 1000));
    show("no keepcaps, uid 1000");
    try_open("uid 1000");
    result("kill parent, signal 0", kill(getppid(), 0));
    result("kill parent, SIGCONT", kill(getppid(), SIGCONT));
    result("setgroups", setgroups(0, NULL));
    result("setuid 0", setuid(0));
    result("PR_CAP_AMBIENT_RAISE", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
}

static void case_euid(void)
{
    result("seteuid 1000", seteuid(1000));
    show("euid 1000");
    try_open("euid 1000");
    result("seteuid 0", seteuid(0));
    show("euid 0 again");
    int old = setfsuid(1000);
    printf("setfsuid 1000: old %d\n", old);
    show("fsuid 1000");
    try_open("fsuid 1000");
    setfsuid(0);
    show("fsuid 0 again");
    result("setresuid 1000 keeping saved 0", setresuid(1000, 1000, 0));
    show("saved uid 0");
    result("setresuid back to 0", setresuid(0, 0, 0));
    show("back to 0");
}

static void case_ambient(void)
{
    result("ambient raise without inheritable", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
    struct caps c;
    cap_get(0, _LINUX_CAPABILITY_VERSION_3, &c);
    c.inh = c.prm & (BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_DAC_OVERRIDE));
    result("capset inheritable", cap_set(&c));
    result("ambient raise KILL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
    result("ambient raise DAC_OVERRIDE", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_DAC_OVERRIDE, 0, 0));
    result("ambient is set KILL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0));
    result("ambient lower KILL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_KILL, 0, 0));
    show("ambient");
    c.inh &= ~BIT(CAP_NET_BIND_SERVICE);
    result("capset inheritable smaller", cap_set(&c));
    show("ambient after capset");
    /* No fixups: the ids change, the sets stay, and exec as uid 1000 keeps the ambient set. */
    result("secbits NO_SETUID_FIXUP", prctl(PR_SET_SECUREBITS, 0x4, 0, 0, 0));
    result("setresuid 1000", setresuid(1000, 1000, 1000));
    show("uid 1000, no fixup");
    reexec();
}

static void case_bounding(void)
{
    result("PR_CAPBSET_DROP SYS_TIME", prctl(PR_CAPBSET_DROP, CAP_SYS_TIME, 0, 0, 0));
    result("PR_CAPBSET_DROP 99", prctl(PR_CAPBSET_DROP, 99, 0, 0, 0));
    result("PR_CAPBSET_READ SYS_TIME", prctl(PR_CAPBSET_READ, CAP_SYS_TIME, 0, 0, 0));
    result("secbits KEEP_CAPS|lock", prctl(PR_SET_SECUREBITS, 0x30, 0, 0, 0));
    result("clear locked KEEP_CAPS", prctl(PR_SET_SECUREBITS, 0x20, 0, 0, 0));
    result("PR_SET_KEEPCAPS 0 when locked", prctl(PR_SET_KEEPCAPS, 0));
    show("bounding");
    /* exec as root: permitted = bounding | inheritable; KEEP_CAPS goes, its lock stays. */
    reexec();
}

static void case_nnp(void)
{
    result("NO_NEW_PRIVS get", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    result("NO_NEW_PRIVS set 0", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
    result("NO_NEW_PRIVS set 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    printf("NO_NEW_PRIVS now %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    result("NO_NEW_PRIVS get with arg", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
    show_status();
    printf("THP_DISABLE %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    result("THP_DISABLE set with arg", prctl(PR_SET_THP_DISABLE, 1, 1, 0, 0));
    result("THP_DISABLE set", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
    pid_t p = fork();
    if (p == 0) {
        printf("NO_NEW_PRIVS in child %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
        printf("THP_DISABLE in child %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
}

static volatile sig_atomic_t got;
static void on_usr1(int sig)
{
    got = sig;
}

/* A subreaper gets its orphaned grandchild, and the grandchild its parent-death signal. */
static void case_pdeath(void)
{
    int v = -1;
    result("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1));
    prctl(PR_GET_CHILD_SUBREAPER, &v);
    printf("subreaper %d\n", v);
    result("PR_SET_PDEATHSIG 65", prctl(PR_SET_PDEATHSIG, 65));
    pid_t me = getpid();
    int ready[2];
    if (pipe(ready) != 0)
        return;
    fflush(stdout);
    pid_t b = fork();
    if (b == 0) {
        prctl(PR_GET_CHILD_SUBREAPER, &v);
        printf("subreaper in child %d\n", v);
        fflush(stdout);
        pid_t c = fork();
        if (c == 0) {
            sigset_t block, old;
            sigemptyset(&block);
            sigaddset(&block, SIGUSR1);
            sigprocmask(SIG_BLOCK, &block, &old);
            signal(SIGUSR1, on_usr1);
            v = -1;
            prctl(PR_GET_PDEATHSIG, &v);
            printf("pdeathsig after fork %d\n", v);
            prctl(PR_SET_PDEATHSIG, SIGUSR1);
            prctl(PR_GET_PDEATHSIG, &v);
            printf("pdeathsig set %d\n", v);
            fflush(stdout);
            (void)!write(ready[1], "r", 1);
            while (!got)
                sigsuspend(&old);
            printf("grandchild got signal %d; parent is the subreaper: %s\n", got,
                   getppid() == me ? "yes" : "no");
            fflush(stdout);
            _exit(7);
        }
        char x;
        (void)!read(ready[0], &x, 1);
        _exit(3);
    }
    int st, st2 = 0;
    waitpid(b, &st, 0);
    pid_t w = wait(&st2);
    printf("middle child status %#x\n", st);
    printf("reaped the grandchild: %s, status %#x\n", w > 0 ? "yes" : ename(errno), st2);
    fflush(stdout);
}

static void case_rlimit(void)
{
    struct rlimit rl = {256, 512};
    result("lower NOFILE hard limit", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_max = 1024;
    result("raise NOFILE hard limit", setrlimit(RLIMIT_NOFILE, &rl));
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "show")) {
        snprintf(file0, sizeof(file0), "%s", argv[2]);
        show("after exec");
        try_open("after exec");
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: caps DIR\n");
        return 2;
    }
    snprintf(file0, sizeof(file0), "%s/caps-mode0.%d", argv[1], (int)getpid() % 100);
    unlink(file0);
    int fd = open(file0, O_CREAT | O_WRONLY, 0);
    if (fd < 0) {
        printf("create: %s\n", ename(errno));
        return 1;
    }
    fchmod(fd, 0);
    close(fd);
    show("start");
    show_status();
    in_child("capget api", case_capget_api);
    in_child("drop effective", case_drop_effective);
    in_child("keepcaps", case_keepcaps);
    in_child("no keepcaps", case_no_keepcaps);
    in_child("euid", case_euid);
    in_child("ambient", case_ambient);
    in_child("bounding", case_bounding);
    in_child("rlimit", case_rlimit);
    in_child("pdeath", case_pdeath);
    in_child("nnp", case_nnp);
    unlink(file0);
    return 0;
}
