/* SPDX-License-Identifier: MIT */
/* abi/amd64/arch_abi.h: x86_64-only Linux ABI values and layouts. */
#ifndef ABI_AMD64_ARCH_ABI_H
#define ABI_AMD64_ARCH_ABI_H

#include <stdint.h>

/* open(2) flags that differ by arch (arch/x86 uses the asm-generic values). */
#define LINUX_O_DIRECT 00040000
#define LINUX_O_LARGEFILE 00100000
#define LINUX_O_DIRECTORY 00200000
#define LINUX_O_NOFOLLOW 00400000

/* arch_prctl(2) codes (arch/x86/include/uapi/asm/prctl.h). */
#define LINUX_ARCH_SET_GS 0x1001
#define LINUX_ARCH_SET_FS 0x1002
#define LINUX_ARCH_GET_FS 0x1003
#define LINUX_ARCH_GET_GS 0x1004
#define LINUX_ARCH_GET_CPUID 0x1011
#define LINUX_ARCH_SET_CPUID 0x1012

/* struct stat as x86_64 lays it out (arch/x86/include/uapi/asm/stat.h). */
struct linux_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t __pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;
    uint64_t st_atime_sec, st_atime_nsec;
    uint64_t st_mtime_sec, st_mtime_nsec;
    uint64_t st_ctime_sec, st_ctime_nsec;
    int64_t __unused[3];
};
_Static_assert(sizeof(struct linux_stat) == 144, "x86_64 struct stat");

#define LINUX_ELF_MACHINE 62 /* EM_X86_64 */
#define LINUX_UNAME_MACHINE "x86_64"

/* clone(2) argument order on x86_64: flags, stack, parent_tid, child_tid, tls (kernel/fork.c). */
#define LINUX_CLONE_ARG_CTID 3
#define LINUX_CLONE_ARG_TLS 4

/* mmap(2) flags only x86 has (arch/x86/include/uapi/asm/mman.h). */
#define LINUX_MAP_32BIT 0x40
#define LINUX_MAP_ABOVE4G 0x80

/* struct epoll_event: packed on x86_64 only (include/uapi/linux/eventpoll.h, EPOLL_PACKED). */
struct linux_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));
_Static_assert(sizeof(struct linux_epoll_event) == 12, "x86_64 struct epoll_event");

#endif
