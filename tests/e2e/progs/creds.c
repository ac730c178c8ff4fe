/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/creds.c: set*uid, set*gid, setfs*id and groups, and what they change in file access. */
/*
 * usage: creds DIR      (a directory root can write; run as root, as the tests are)
 * Run as another user, every privileged call fails with EPERM, natively and
 * in the sandbox alike, and the output still compares.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static void show_ids(const char *what)
{
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    gid_t g[16];
    int n = getgroups(16, g);
    printf("%s: uid %u %u %u gid %u %u %u groups", what, r, e, s, gr, ge, gs);
    for (int i = 0; i < n; i++)
        printf(" %u", g[i]);
    printf("\n");
    fflush(stdout);
}

/* The Uid/Gid/Groups lines of /proc/self/status. */
static void show_status(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) || !strncmp(line, "Groups:", 7))
            printf("status %s", line);
    if (f)
        fclose(f);
    fflush(stdout);
}

static void try_open(const char *what, const char *path, int flags)
{
    int fd = open(path, flags);
    show_value(what, fd < 0 ? -1 : 0);
    if (fd >= 0)
        close(fd);
}

static char owner_only[256], group_read[256], other_group[256];

/* The unprivileged part, in a child so the parent can clean up as root. */
static void as_user(void)
{
    gid_t gl[] = {1005, 1003};
    show_value("setgroups", setgroups(2, gl));
    show_value("setresgid 1000 1001 1002", setresgid(1000, 1001, 1002));
    show_value("setresuid 1000 1001 0", setresuid(1000, 1001, 0));
    show_ids("after setres*");
    show_status();
    /* Effective 1001, saved 0: root's privilege is back by the saved id only. */
    show_value("setgroups unprivileged", setgroups(0, NULL));
    show_value("setuid 5 unprivileged", setuid(5));
    show_value("setresuid to a foreign id", setresuid(-1, 7, -1));
    show_value("setfsuid 1000 (returns the old)", setfsuid(1000));
    show_value("setfsuid 9 refused (returns the old)", setfsuid(9));
    show_value("setfsuid -1 (asks)", setfsuid(-1));
    show_status();
    /* Access follows the fs ids and the groups; access() the real ids. */
    try_open("owner-only file as fs uid 1000", owner_only, O_RDONLY);
    try_open("group 1003 file through a supplementary group", group_read, O_RDONLY);
    try_open("group 1007 file", other_group, O_RDONLY);
    show_value("setresuid no-op keeps fsuid", setresuid(-1, -1, -1));
    show_value("setfsuid -1 after a no-op", setfsuid(-1));
    show_value("setfsuid 1001", setfsuid(1001));
    try_open("owner-only file as fs uid 1001", owner_only, O_RDONLY);
    show_value("access() of it with real uid 1000", access(owner_only, R_OK));
    show_value("setresuid 1000 1001 0 again resets fsuid", setresuid(1000, 1001, 0));
    show_value("setfsuid -1", setfsuid(-1));
    show_value("seteuid 0 by the saved id", seteuid(0));
    show_ids("root again");
    show_value("setgroups as root again", setgroups(0, NULL));
    show_ids("no groups");
    show_value("setreuid 1001 1002", setreuid(1001, 1002));
    show_ids("after setreuid");
    show_value("setreuid -1 1001 (the real id)", setreuid(-1, 1001));
    show_ids("saved kept");
    show_value("setreuid 0 -1", setreuid(0, -1));
    show_value("setgid 1001 (saved gid is 1002)", setgid(1001));
    show_value("setgid 1002", setgid(1002));
    show_value("setgid -1", setgid(-1));
    show_value("setregid 1000 -1", setregid(1000, -1));
    show_ids("end");
    /* A forked child has the same ids. */
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        show_ids("child");
        _exit(0);
    }
    waitpid(c, NULL, 0);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    snprintf(owner_only, sizeof(owner_only), "%s/rf-creds-%d-a", dir, (int)getpid());
    snprintf(group_read, sizeof(group_read), "%s/rf-creds-%d-b", dir, (int)getpid());
    snprintf(other_group, sizeof(other_group), "%s/rf-creds-%d-c", dir, (int)getpid());
    show_ids("start");
    show_value("setgroups too many", setgroups(65537, NULL));
    show_value("setgroups bad pointer", setgroups(2, (gid_t *)8));
    gid_t one;
    show_value("getgroups negative", syscall(SYS_getgroups, -1, &one));
    int fd = open(owner_only, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(fd);
    chown(owner_only, 1000, 1000);
    fd = open(group_read, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(fd);
    chown(group_read, 0, 1003);
    chmod(group_read, 0040);
    fd = open(other_group, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(fd);
    chown(other_group, 0, 1007);
    chmod(other_group, 0040);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        as_user();
        _exit(0);
    }
    waitpid(c, NULL, 0);
    show_ids("parent unchanged");
    unlink(owner_only);
    unlink(group_read);
    unlink(other_group);
    return 0;
}
