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

/*
 * clone(2) argument order: arm64 selects CONFIG_CLONE_BACKWARDS
 * (arch/arm64/Kconfig), so tls comes before child_tid (kernel/fork.c: SYSCALL_DEFINE5(clone)).
 */
#define LINUX_CLONE_ARG_TLS 3
#define LINUX_CLONE_ARG_CTID 4

/*
 * AT_HWCAP / AT_HWCAP2 bits (arch/arm64/include/uapi/asm/hwcap.h) for features
 * whose state or mappings the sandbox does not carry yet: SVE and SME register
 * state (signal frames hold FPSIMD only), MTE tags and BTI guarded pages.
 */
#define LINUX_HWCAP_SVE (1ULL << 22)
/* The kernel emulates EL0 MRS of the ID registers (Documentation/arm64/cpu-feature-registers.rst). */
#define LINUX_HWCAP_CPUID (1ULL << 11)
#define LINUX_HWCAP2_SVE2 (1ULL << 1)
#define LINUX_HWCAP2_SVEAES (1ULL << 2)
#define LINUX_HWCAP2_SVEPMULL (1ULL << 3)
#define LINUX_HWCAP2_SVEBITPERM (1ULL << 4)
#define LINUX_HWCAP2_SVESHA3 (1ULL << 5)
#define LINUX_HWCAP2_SVESM4 (1ULL << 6)
#define LINUX_HWCAP2_SVEI8MM (1ULL << 9)
#define LINUX_HWCAP2_SVEF32MM (1ULL << 10)
#define LINUX_HWCAP2_SVEF64MM (1ULL << 11)
#define LINUX_HWCAP2_SVEBF16 (1ULL << 12)
#define LINUX_HWCAP2_BTI (1ULL << 17)
#define LINUX_HWCAP2_MTE (1ULL << 18)
#define LINUX_HWCAP2_MTE3 (1ULL << 22)
/* HWCAP2_SME .. HWCAP2_SME_FA64: bits 23..30. */
#define LINUX_HWCAP2_SME_ALL (0xffULL << 23)
#define LINUX_HWCAP2_SVE_EBF16 (1ULL << 33)

/* struct epoll_event: naturally aligned here (EPOLL_PACKED is x86_64's only). */
struct linux_epoll_event {
    uint32_t events;
    uint64_t data;
};
_Static_assert(sizeof(struct linux_epoll_event) == 16, "arm64 struct epoll_event");

#endif
