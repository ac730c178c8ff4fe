/* SPDX-License-Identifier: MIT */
/* abi/types.h: Linux structures whose layout is the same on x86_64 and arm64. */
#ifndef ABI_TYPES_H
#define ABI_TYPES_H

#include <stdint.h>

struct linux_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};
_Static_assert(sizeof(struct linux_timespec) == 16, "timespec");

struct linux_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

/* struct rusage: two timevals and 14 longs on 64-bit Linux (include/uapi/linux/resource.h). */
struct linux_rusage {
    struct linux_timeval ru_utime, ru_stime;
    int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
    int64_t ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct linux_rusage) == 144, "struct rusage");

/* struct tms: four clock_t, in USER_HZ ticks (include/uapi/linux/times.h). */
struct linux_tms {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

struct linux_iovec {
    uint64_t iov_base;
    uint64_t iov_len;
};
_Static_assert(sizeof(struct linux_iovec) == 16, "iovec");

/* struct user_msghdr (include/linux/socket.h), the 64-bit layout. */
struct linux_msghdr {
    uint64_t msg_name;
    int32_t msg_namelen;
    int32_t __pad0;
    uint64_t msg_iov;
    uint64_t msg_iovlen;
    uint64_t msg_control;
    uint64_t msg_controllen;
    uint32_t msg_flags;
    uint32_t __pad1;
};
_Static_assert(sizeof(struct linux_msghdr) == 56, "msghdr");
_Static_assert(__builtin_offsetof(struct linux_msghdr, msg_namelen) == 8, "msg_namelen");
_Static_assert(__builtin_offsetof(struct linux_msghdr, msg_controllen) == 40, "msg_controllen");
_Static_assert(__builtin_offsetof(struct linux_msghdr, msg_flags) == 48, "msg_flags");

/* struct mmsghdr (include/linux/socket.h). */
struct linux_mmsghdr {
    struct linux_msghdr msg_hdr;
    uint32_t msg_len;
    uint32_t __pad;
};
_Static_assert(sizeof(struct linux_mmsghdr) == 64, "mmsghdr");

/* struct cmsghdr: a control message's header; its data follows, 8-byte aligned. */
struct linux_cmsghdr {
    uint64_t cmsg_len;
    int32_t cmsg_level;
    int32_t cmsg_type;
};
_Static_assert(sizeof(struct linux_cmsghdr) == 16, "cmsghdr");
#define LINUX_CMSG_ALIGN(len) (((len) + 7) & ~(uint64_t)7)
#define LINUX_CMSG_LEN(len) (sizeof(struct linux_cmsghdr) + (len))
#define LINUX_CMSG_SPACE(len) (sizeof(struct linux_cmsghdr) + LINUX_CMSG_ALIGN(len))

/* struct ucred (include/linux/socket.h): SCM_CREDENTIALS and SO_PEERCRED. */
struct linux_ucred {
    int32_t pid;
    uint32_t uid;
    uint32_t gid;
};
_Static_assert(sizeof(struct linux_ucred) == 12, "ucred");

#define LINUX_UTS_LEN 65
struct linux_utsname {
    char sysname[LINUX_UTS_LEN];
    char nodename[LINUX_UTS_LEN];
    char release[LINUX_UTS_LEN];
    char version[LINUX_UTS_LEN];
    char machine[LINUX_UTS_LEN];
    char domainname[LINUX_UTS_LEN];
};
_Static_assert(sizeof(struct linux_utsname) == 390, "utsname");

struct linux_rlimit {
    uint64_t rlim_cur;
    uint64_t rlim_max;
};
#define LINUX_RLIM_INFINITY (~0ULL)
#define LINUX_RLIMIT_CPU 0
#define LINUX_RLIMIT_FSIZE 1
#define LINUX_RLIMIT_DATA 2
#define LINUX_RLIMIT_STACK 3
#define LINUX_RLIMIT_CORE 4
#define LINUX_RLIMIT_RSS 5
#define LINUX_RLIMIT_NPROC 6
#define LINUX_RLIMIT_NOFILE 7
#define LINUX_RLIMIT_MEMLOCK 8
#define LINUX_RLIMIT_AS 9
#define LINUX_RLIMIT_NICE 13
#define LINUX_RLIMIT_RTPRIO 14
#define LINUX_RLIM_NLIMITS 16

/* struct linux_dirent64 is variable-length: header then a NUL-terminated name. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};
_Static_assert(sizeof(struct linux_dirent64) == 24, "dirent64 header (with padding)");

/*
 * struct statfs of the 64-bit ABIs (include/uapi/asm-generic/statfs.h with a
 * 64-bit __statfs_word; x86_64 and arm64 lay it out the same).
 */
struct linux_statfs {
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};
_Static_assert(sizeof(struct linux_statfs) == 120, "statfs");

struct linux_statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t __reserved;
};

struct linux_statx {
    uint32_t stx_mask;
    uint32_t stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink;
    uint32_t stx_uid;
    uint32_t stx_gid;
    uint16_t stx_mode;
    uint16_t __spare0;
    uint64_t stx_ino;
    uint64_t stx_size;
    uint64_t stx_blocks;
    uint64_t stx_attributes_mask;
    struct linux_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major;
    uint32_t stx_rdev_minor;
    uint32_t stx_dev_major;
    uint32_t stx_dev_minor;
    uint64_t stx_mnt_id;
    uint64_t __spare2;
    uint64_t __spare3[12];
};
_Static_assert(sizeof(struct linux_statx) == 256, "statx");

struct linux_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* 64-bit sigset as the kernel sees it (rt_sigprocmask sigsetsize must be 8). */
typedef uint64_t linux_sigset_t;

struct linux_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t __pad0;
    union {
        struct {
            uint64_t addr; /* SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP: faulting address */
        } fault;
        struct {
            int32_t pid;
            uint32_t uid;
            int32_t status;
            int32_t __pad;
            int64_t utime, stime;
        } chld;
        struct {
            int32_t pid;
            uint32_t uid;
            uint64_t value;
        } rt;
        struct {
            int32_t tid;     /* the POSIX timer's id */
            int32_t overrun; /* expirations merged into this signal */
            uint64_t value;  /* its sigev_value */
        } timer;
        uint8_t raw[112];
    } u;
};
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo");

/* struct signalfd_siginfo (include/uapi/linux/signalfd.h): 128 bytes on every arch. */
struct linux_signalfd_siginfo {
    uint32_t ssi_signo;
    int32_t ssi_errno;
    int32_t ssi_code;
    uint32_t ssi_pid;
    uint32_t ssi_uid;
    int32_t ssi_fd;
    uint32_t ssi_tid;
    uint32_t ssi_band;
    uint32_t ssi_overrun;
    uint32_t ssi_trapno;
    int32_t ssi_status;
    int32_t ssi_int;
    uint64_t ssi_ptr;
    uint64_t ssi_utime;
    uint64_t ssi_stime;
    uint64_t ssi_addr;
    uint16_t ssi_addr_lsb;
    uint16_t __pad2;
    int32_t ssi_syscall;
    uint64_t ssi_call_addr;
    uint32_t ssi_arch;
    uint8_t __pad[28];
};
_Static_assert(sizeof(struct linux_signalfd_siginfo) == 128, "signalfd_siginfo");

/* capget/capset: struct __user_cap_header_struct and __user_cap_data_struct
 * (include/uapi/linux/capability.h); versions 2 and 3 pass two data structs,
 * the low and the high 32 bits of each set. */
struct linux_cap_header {
    uint32_t version;
    int32_t pid;
};
struct linux_cap_data {
    uint32_t effective, permitted, inheritable;
};
_Static_assert(sizeof(struct linux_cap_header) == 8, "cap_user_header");

/* struct sched_attr (include/uapi/linux/sched/types.h), SCHED_ATTR_SIZE_VER1. */
struct linux_sched_attr {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t sched_util_min, sched_util_max;
};
_Static_assert(sizeof(struct linux_sched_attr) == 56, "sched_attr");
_Static_assert(sizeof(struct linux_cap_data) == 12, "cap_user_data");

/* struct sigevent (include/uapi/asm-generic/siginfo.h): 64 bytes. */
struct linux_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t tid; /* SIGEV_THREAD_ID's thread */
    int32_t __pad[11];
};
_Static_assert(sizeof(struct linux_sigevent) == 64, "sigevent");

struct linux_itimerspec {
    struct linux_timespec interval, value;
};
_Static_assert(sizeof(struct linux_itimerspec) == 32, "itimerspec");

struct linux_stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t __pad;
    uint64_t ss_size;
};
_Static_assert(sizeof(struct linux_stack) == 24, "stack_t");

/* clone3(2)'s argument block, version 0 (include/uapi/linux/sched.h). */
struct linux_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};
#define LINUX_CLONE_ARGS_SIZE_VER0 64

struct linux_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    linux_sigset_t mask;
};

#endif
