/* SPDX-License-Identifier: MIT */
/* kernel/verdict.c: start-up self-test verdicts cached per boot and per runtime binary. */
#include "verdict.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Some start-up checks cost more than the rest of start-up: the KVM self-test
 * (a VM) and the ptrace vDSO check (a fork). Their answers cannot change until
 * the host reboots, but another build may answer differently, so each verdict
 * is kept per boot and per runtime binary. The cache lives in a directory only
 * the runtime's user may write; anything unexpected (wrong owner or mode,
 * another boot or binary) means checking again.
 */
#define VERDICT_DIR "/run/ringfence"

/* The cache key: the boot id, then the runtime binary's identity (device, inode, mtime). */
static int read_key(char *out, size_t len)
{
    int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char id[64];
    ssize_t n = read(fd, id, sizeof(id) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    id[n] = 0;
    id[strcspn(id, "\n")] = 0;
    struct stat st;
    if (stat("/proc/self/exe", &st) < 0)
        return -1;
    int w = snprintf(out, len, "%s/%llx:%llx:%lld.%09ld", id, (unsigned long long)st.st_dev,
                     (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec,
                     st.st_mtim.tv_nsec);
    return w > 0 && (size_t)w < len ? 0 : -1;
}

int verdict_read(const char *name, char *why, size_t whylen)
{
    char key[160], buf[500], path[128];
    if (read_key(key, sizeof(key)) < 0)
        return -1;
    snprintf(path, sizeof(path), VERDICT_DIR "/%s", name);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st, dst;
    ssize_t n = -1;
    if (fstat(fd, &st) == 0 && stat(VERDICT_DIR, &dst) == 0 && st.st_uid == geteuid() &&
        dst.st_uid == geteuid() && !(st.st_mode & 022) && !(dst.st_mode & 022))
        n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    size_t kl = strlen(key);
    if (strncmp(buf, key, kl) != 0 || buf[kl] != ' ' || (buf[kl + 1] != '0' && buf[kl + 1] != '1'))
        return -1;
    buf[strcspn(buf, "\n")] = 0;
    if (why)
        snprintf(why, whylen, "%s (cached for this boot)", buf + kl + 3);
    return buf[kl + 1] == '1';
}

void verdict_write(const char *name, int ok, const char *why)
{
    char key[160], tmp[128], path[128];
    if (read_key(key, sizeof(key)) < 0)
        return;
    mkdir(VERDICT_DIR, 0700);
    snprintf(tmp, sizeof(tmp), VERDICT_DIR "/.%s.XXXXXX", name);
    snprintf(path, sizeof(path), VERDICT_DIR "/%s", name);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return;
    dprintf(fd, "%s %d %s\n", key, ok ? 1 : 0, why ? why : "");
    close(fd);
    if (rename(tmp, path) < 0)
        unlink(tmp);
}
