/* SPDX-License-Identifier: MIT */
/* abi/arm64/arch_abi.h: arm64-only Linux ABI values and layouts. */
#ifndef ABI_ARM64_ARCH_ABI_H
#define ABI_ARM64_ARCH_ABI_H

#include <stdint.h>

/* open(2) flags that differ by arch (arch/arm64/include/uapi/asm/fcntl.h). */
#define LINUX_O_DIRECTORY 040000
#define LINUX_O_NOFOLLOW 0100000
#define LINUX_O_DIRECT 0200000
#define LINUX_O_LARGEFILE 0400000

/* struct stat in the asm-generic layout arm64 uses (include/uapi/asm-generic/stat.h). */
struct linux_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t __pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t __pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t __unused4, __unused5;
};
_Static_assert(sizeof(struct linux_stat) == 128, "arm64 struct stat");

#define LINUX_ELF_MACHINE 183 /* EM_AARCH64 */
#define LINUX_UNAME_MACHINE "aarch64"

#endif
