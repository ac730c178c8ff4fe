/* SPDX-License-Identifier: MIT */
/* tests/unit/test_abi_layout.c: abi/ layouts and numbers for x86_64 and arm64, and the host's. */

/*
 * Both architectures' abi headers are checked in one program, whatever the
 * build architecture. The arch_abi.h headers can share a translation unit
 * (struct linux_stat is renamed for the second, and the few macros both
 * define are captured and undefined first). The syscall_nr.h headers cannot:
 * every LINUX_NR_* would be redefined. So this file is compiled twice: once
 * with ABI_LAYOUT_ARM64_NR, which only turns the arm64 syscall table into
 * data, and once normally for the tests (tests/unit/meson.build links both).
 */
#include <stddef.h>
#include <stdint.h>

struct abi_nr {
    const char *name;
    long nr;
};

extern const struct abi_nr abi_arm64_nrs[];
extern const size_t abi_arm64_nnrs;
extern const int abi_arm64_legacy_defined;

#ifdef ABI_LAYOUT_ARM64_NR

#include "../../abi/arm64/syscall_nr.h"

#define ABI_NR_ENTRY(n) {#n, LINUX_NR_##n},
const struct abi_nr abi_arm64_nrs[] = {LINUX_SYSCALL_LIST(ABI_NR_ENTRY)};
const size_t abi_arm64_nnrs = sizeof(abi_arm64_nrs) / sizeof(abi_arm64_nrs[0]);

/* Calls the asm-generic table left out in favour of the *at forms and friends. */
#if defined(LINUX_NR_open) || defined(LINUX_NR_stat) || defined(LINUX_NR_lstat) ||              \
    defined(LINUX_NR_access) || defined(LINUX_NR_dup2) || defined(LINUX_NR_fork) ||              \
    defined(LINUX_NR_arch_prctl) || defined(LINUX_NR_time) || defined(LINUX_NR_getpgrp) ||      \
    defined(LINUX_NR_readlink) || defined(LINUX_NR_pipe) || defined(LINUX_NR_poll) ||           \
    defined(LINUX_NR_select) || defined(LINUX_NR_getdents) || defined(LINUX_NR_vfork)
const int abi_arm64_legacy_defined = 1;
#else
const int abi_arm64_legacy_defined = 0;
#endif

#else /* the tests */

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/auxv.h>
#include <sys/ucontext.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <linux/ioprio.h>
#include <linux/capability.h>
#include <linux/sched/types.h>
#include <sys/inotify.h>
#include <sys/prctl.h>

#include <cmocka.h>

#include "../../abi/consts.h"
#include "../../abi/errno.h"
#include "../../abi/types.h"

#include "../../abi/amd64/arch_abi.h"
#include "../../abi/amd64/syscall_nr.h"

typedef struct linux_stat amd64_stat;
static const long amd64_o_direct = LINUX_O_DIRECT, amd64_o_largefile = LINUX_O_LARGEFILE,
                  amd64_o_directory = LINUX_O_DIRECTORY, amd64_o_nofollow = LINUX_O_NOFOLLOW;
static const int amd64_elf_machine = LINUX_ELF_MACHINE;
static const char amd64_uname_machine[] = LINUX_UNAME_MACHINE;
static const int amd64_clone_arg_tls = LINUX_CLONE_ARG_TLS, amd64_clone_arg_ctid = LINUX_CLONE_ARG_CTID;
#undef LINUX_CLONE_ARG_TLS
#undef LINUX_CLONE_ARG_CTID
#undef LINUX_O_DIRECT
#undef LINUX_O_LARGEFILE
#undef LINUX_O_DIRECTORY
#undef LINUX_O_NOFOLLOW
#undef LINUX_ELF_MACHINE
#undef LINUX_UNAME_MACHINE

#define linux_stat linux_stat_arm64
#define linux_epoll_event linux_epoll_event_arm64
#include "../../abi/arm64/arch_abi.h"
#undef linux_stat
#undef linux_epoll_event
typedef struct linux_stat_arm64 arm64_stat;
static const long arm64_o_direct = LINUX_O_DIRECT, arm64_o_largefile = LINUX_O_LARGEFILE,
                  arm64_o_directory = LINUX_O_DIRECTORY, arm64_o_nofollow = LINUX_O_NOFOLLOW;
static const int arm64_elf_machine = LINUX_ELF_MACHINE;
static const char arm64_uname_machine[] = LINUX_UNAME_MACHINE;
static const int arm64_clone_arg_tls = LINUX_CLONE_ARG_TLS, arm64_clone_arg_ctid = LINUX_CLONE_ARG_CTID;

/* Both signal frames: their type and macro names carry the arch, so they share this unit. */
#include "../../abi/amd64/signal.h"
#include "../../abi/arm64/signal.h"

/* Host headers describe the same ABI only on a 64-bit Linux host of one of the two arches. */
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define HOST_LINUX_64 1
#else
#define HOST_LINUX_64 0
#endif

#define assert_off(type, field, want) assert_int_equal(offsetof(type, field), (want))

/* ---- struct stat ---- */

static void test_stat_amd64(void **state)
{
    (void)state;
    assert_int_equal(sizeof(amd64_stat), 144);
    assert_off(amd64_stat, st_dev, 0);
    assert_off(amd64_stat, st_ino, 8);
    assert_off(amd64_stat, st_nlink, 16);
    assert_off(amd64_stat, st_mode, 24);
    assert_off(amd64_stat, st_uid, 28);
    assert_off(amd64_stat, st_gid, 32);
    assert_off(amd64_stat, st_rdev, 40);
    assert_off(amd64_stat, st_size, 48);
    assert_off(amd64_stat, st_blksize, 56);
    assert_off(amd64_stat, st_blocks, 64);
    assert_off(amd64_stat, st_atime_sec, 72);
    assert_off(amd64_stat, st_atime_nsec, 80);
    assert_off(amd64_stat, st_mtime_sec, 88);
    assert_off(amd64_stat, st_mtime_nsec, 96);
    assert_off(amd64_stat, st_ctime_sec, 104);
    assert_off(amd64_stat, st_ctime_nsec, 112);
    assert_int_equal(sizeof(((amd64_stat *)0)->st_nlink), 8);
    assert_int_equal(sizeof(((amd64_stat *)0)->st_blksize), 8);
#if defined(__linux__) && defined(__x86_64__)
    /* glibc's x86_64 struct stat is the kernel's. */
    assert_int_equal(sizeof(struct stat), sizeof(amd64_stat));
    assert_off(struct stat, st_nlink, offsetof(amd64_stat, st_nlink));
    assert_off(struct stat, st_mode, offsetof(amd64_stat, st_mode));
    assert_off(struct stat, st_rdev, offsetof(amd64_stat, st_rdev));
    assert_off(struct stat, st_size, offsetof(amd64_stat, st_size));
    assert_off(struct stat, st_blocks, offsetof(amd64_stat, st_blocks));
    assert_off(struct stat, st_mtim, offsetof(amd64_stat, st_mtime_sec));
    assert_off(struct stat, st_ctim, offsetof(amd64_stat, st_ctime_sec));
#endif
}

static void test_stat_arm64(void **state)
{
    (void)state;
    assert_int_equal(sizeof(arm64_stat), 128);
    assert_off(arm64_stat, st_dev, 0);
    assert_off(arm64_stat, st_ino, 8);
    assert_off(arm64_stat, st_mode, 16);
    assert_off(arm64_stat, st_nlink, 20);
    assert_off(arm64_stat, st_uid, 24);
    assert_off(arm64_stat, st_gid, 28);
    assert_off(arm64_stat, st_rdev, 32);
    assert_off(arm64_stat, st_size, 48);
    assert_off(arm64_stat, st_blksize, 56);
    assert_off(arm64_stat, st_blocks, 64);
    assert_off(arm64_stat, st_atime_sec, 72);
    assert_off(arm64_stat, st_atime_nsec, 80);
    assert_off(arm64_stat, st_mtime_sec, 88);
    assert_off(arm64_stat, st_ctime_sec, 104);
    assert_off(arm64_stat, st_ctime_nsec, 112);
    assert_int_equal(sizeof(((arm64_stat *)0)->st_nlink), 4);
    assert_int_equal(sizeof(((arm64_stat *)0)->st_blksize), 4);
#if defined(__linux__) && defined(__aarch64__)
    assert_int_equal(sizeof(struct stat), sizeof(arm64_stat));
    assert_off(struct stat, st_mode, offsetof(arm64_stat, st_mode));
    assert_off(struct stat, st_size, offsetof(arm64_stat, st_size));
    assert_off(struct stat, st_blocks, offsetof(arm64_stat, st_blocks));
    assert_off(struct stat, st_mtim, offsetof(arm64_stat, st_mtime_sec));
#endif
}

/* ---- the layouts both arches share ---- */

static void test_statx(void **state)
{
    (void)state;
    typedef struct linux_statx sx;
    assert_int_equal(sizeof(sx), 256);
    assert_off(sx, stx_mask, 0);
    assert_off(sx, stx_blksize, 4);
    assert_off(sx, stx_attributes, 8);
    assert_off(sx, stx_nlink, 16);
    assert_off(sx, stx_uid, 20);
    assert_off(sx, stx_gid, 24);
    assert_off(sx, stx_mode, 28);
    assert_off(sx, stx_ino, 32);
    assert_off(sx, stx_size, 40);
    assert_off(sx, stx_blocks, 48);
    assert_off(sx, stx_attributes_mask, 56);
    assert_off(sx, stx_atime, 64);
    assert_off(sx, stx_btime, 80);
    assert_off(sx, stx_ctime, 96);
    assert_off(sx, stx_mtime, 112);
    assert_off(sx, stx_rdev_major, 128);
    assert_off(sx, stx_rdev_minor, 132);
    assert_off(sx, stx_dev_major, 136);
    assert_off(sx, stx_dev_minor, 140);
    assert_off(sx, stx_mnt_id, 144);
    assert_int_equal(sizeof(struct linux_statx_timestamp), 16);
    assert_off(struct linux_statx_timestamp, tv_nsec, 8);
#if HOST_LINUX_64 && defined(STATX_BASIC_STATS)
    assert_int_equal(sizeof(struct statx), sizeof(sx));
    assert_off(struct statx, stx_mode, offsetof(sx, stx_mode));
    assert_off(struct statx, stx_ino, offsetof(sx, stx_ino));
    assert_off(struct statx, stx_size, offsetof(sx, stx_size));
    assert_off(struct statx, stx_btime, offsetof(sx, stx_btime));
    assert_off(struct statx, stx_mtime, offsetof(sx, stx_mtime));
    assert_off(struct statx, stx_dev_minor, offsetof(sx, stx_dev_minor));
#ifdef STATX_MNT_ID
    assert_off(struct statx, stx_mnt_id, offsetof(sx, stx_mnt_id));
#endif
#endif
}

static void test_siginfo(void **state)
{
    (void)state;
    typedef struct linux_siginfo si;
    assert_int_equal(sizeof(si), 128);
    assert_off(si, si_signo, 0);
    assert_off(si, si_errno, 4);
    assert_off(si, si_code, 8);
    assert_off(si, u.fault.addr, 16);
    assert_off(si, u.chld.pid, 16);
    assert_off(si, u.chld.uid, 20);
    assert_off(si, u.chld.status, 24);
    assert_off(si, u.chld.utime, 32);
    assert_off(si, u.chld.stime, 40);
    assert_off(si, u.rt.pid, 16);
    assert_off(si, u.rt.uid, 20);
    assert_off(si, u.rt.value, 24);
#if HOST_LINUX_64
    assert_int_equal(sizeof(siginfo_t), sizeof(si));
    assert_off(siginfo_t, si_code, offsetof(si, si_code));
    assert_off(siginfo_t, si_addr, offsetof(si, u.fault.addr));
    assert_off(siginfo_t, si_pid, offsetof(si, u.chld.pid));
    assert_off(siginfo_t, si_uid, offsetof(si, u.chld.uid));
    assert_off(siginfo_t, si_status, offsetof(si, u.chld.status));
    assert_off(siginfo_t, si_utime, offsetof(si, u.chld.utime));
    assert_off(siginfo_t, si_value, offsetof(si, u.rt.value));
    assert_off(siginfo_t, si_timerid, offsetof(si, u.timer.tid));
    assert_off(siginfo_t, si_overrun, offsetof(si, u.timer.overrun));
    assert_off(siginfo_t, si_value, offsetof(si, u.timer.value));
#endif
    assert_off(si, u.timer.tid, 16);
    assert_off(si, u.timer.overrun, 20);
    assert_off(si, u.timer.value, 24);
}

/* struct epoll_event: 12 packed bytes on x86_64, 16 on arm64; the host's own matches its arch's. */
static void test_epoll_event(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct linux_epoll_event), 12);
    assert_off(struct linux_epoll_event, data, 4);
    assert_int_equal(sizeof(struct linux_epoll_event_arm64), 16);
    assert_off(struct linux_epoll_event_arm64, data, 8);
#if HOST_LINUX_64
#if defined(__x86_64__)
    typedef struct linux_epoll_event ours;
#else
    typedef struct linux_epoll_event_arm64 ours;
#endif
    assert_int_equal(sizeof(struct epoll_event), sizeof(ours));
    assert_off(struct epoll_event, data, offsetof(ours, data));
    assert_int_equal(EPOLLET, LINUX_EPOLLET);
    assert_int_equal(EPOLLONESHOT, LINUX_EPOLLONESHOT);
    assert_int_equal(EPOLLEXCLUSIVE, LINUX_EPOLLEXCLUSIVE);
    assert_int_equal(EPOLLWAKEUP, LINUX_EPOLLWAKEUP);
    assert_int_equal(EPOLL_CLOEXEC, LINUX_EPOLL_CLOEXEC);
#endif
}

/* struct sigevent and itimerspec, as timer_create and timer_settime read them. */
static void test_sigevent(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct linux_sigevent), 64);
    assert_off(struct linux_sigevent, value, 0);
    assert_off(struct linux_sigevent, signo, 8);
    assert_off(struct linux_sigevent, notify, 12);
    assert_off(struct linux_sigevent, tid, 16);
    assert_int_equal(sizeof(struct linux_itimerspec), 32);
    assert_off(struct linux_itimerspec, value, 16);
#if HOST_LINUX_64
    assert_int_equal(sizeof(struct sigevent), sizeof(struct linux_sigevent));
    assert_off(struct sigevent, sigev_value, offsetof(struct linux_sigevent, value));
    assert_off(struct sigevent, sigev_signo, offsetof(struct linux_sigevent, signo));
    assert_off(struct sigevent, sigev_notify, offsetof(struct linux_sigevent, notify));
    assert_off(struct itimerspec, it_value, offsetof(struct linux_itimerspec, value));
    assert_int_equal(SIGEV_SIGNAL, LINUX_SIGEV_SIGNAL);
    assert_int_equal(SIGEV_NONE, LINUX_SIGEV_NONE);
    assert_int_equal(SIGEV_THREAD, LINUX_SIGEV_THREAD);
    assert_int_equal(SIGEV_THREAD_ID, LINUX_SIGEV_THREAD_ID);
    assert_int_equal(TIMER_ABSTIME, LINUX_TIMER_ABSTIME);
    assert_int_equal(CLOCK_TAI, LINUX_CLOCK_TAI);
    assert_int_equal(CLOCK_REALTIME_ALARM, LINUX_CLOCK_REALTIME_ALARM);
    assert_int_equal(CLOCK_BOOTTIME_ALARM, LINUX_CLOCK_BOOTTIME_ALARM);
#endif
}

/* Capabilities, sched_attr, inotify and prctl numbers, against the host's headers. */
static void test_caps_sched_inotify(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct linux_cap_header), sizeof(struct __user_cap_header_struct));
    assert_int_equal(sizeof(struct linux_cap_data), sizeof(struct __user_cap_data_struct));
    assert_off(struct __user_cap_data_struct, inheritable, offsetof(struct linux_cap_data, inheritable));
    assert_int_equal(LINUX_CAPABILITY_VERSION_3, _LINUX_CAPABILITY_VERSION_3);
    assert_int_equal(LINUX_CAP_LAST_CAP, CAP_LAST_CAP);
    assert_int_equal(LINUX_CAP_SYS_PTRACE, CAP_SYS_PTRACE);
    assert_int_equal(LINUX_CAP_MKNOD, CAP_MKNOD);
    assert_int_equal(LINUX_CAP_MAC_OVERRIDE, CAP_MAC_OVERRIDE);
    assert_int_equal(sizeof(struct linux_sched_attr), sizeof(struct sched_attr));
    assert_off(struct sched_attr, sched_nice, offsetof(struct linux_sched_attr, sched_nice));
    assert_off(struct sched_attr, sched_period, offsetof(struct linux_sched_attr, sched_period));
    assert_off(struct sched_attr, sched_util_max, offsetof(struct linux_sched_attr, sched_util_max));
    assert_int_equal(LINUX_IN_ALL_EVENTS, IN_ALL_EVENTS);
    assert_int_equal(LINUX_IN_IGNORED, IN_IGNORED);
    assert_int_equal(LINUX_IN_ONESHOT, IN_ONESHOT);
    assert_int_equal(LINUX_IN_MASK_CREATE, 0x10000000); /* glibc 2.36 lacks the name */
    assert_int_equal(LINUX_IN_EXCL_UNLINK, IN_EXCL_UNLINK);
    assert_int_equal(LINUX_PR_CAP_AMBIENT, PR_CAP_AMBIENT);
    assert_int_equal(LINUX_PR_CAPBSET_DROP, PR_CAPBSET_DROP);
    assert_int_equal(LINUX_PR_SET_SECUREBITS, PR_SET_SECUREBITS);
    assert_int_equal(LINUX_PR_GET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER);
    assert_int_equal(LINUX_PR_SET_THP_DISABLE, PR_SET_THP_DISABLE);
}

/* signalfd's record and the signalfd/timerfd flags, against the host's headers. */
static void test_signalfd_timerfd(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct linux_signalfd_siginfo), 128);
    assert_off(struct linux_signalfd_siginfo, ssi_code, 8);
    assert_off(struct linux_signalfd_siginfo, ssi_status, 40);
    assert_off(struct linux_signalfd_siginfo, ssi_ptr, 48);
    assert_off(struct linux_signalfd_siginfo, ssi_addr, 72);
    assert_off(struct linux_signalfd_siginfo, ssi_syscall, 84);
    assert_off(struct linux_signalfd_siginfo, ssi_arch, 96);
#if HOST_LINUX_64
    assert_int_equal(sizeof(struct signalfd_siginfo), sizeof(struct linux_signalfd_siginfo));
    assert_off(struct signalfd_siginfo, ssi_pid, offsetof(struct linux_signalfd_siginfo, ssi_pid));
    assert_off(struct signalfd_siginfo, ssi_int, offsetof(struct linux_signalfd_siginfo, ssi_int));
    assert_off(struct signalfd_siginfo, ssi_utime,
               offsetof(struct linux_signalfd_siginfo, ssi_utime));
    assert_off(struct signalfd_siginfo, ssi_addr_lsb,
               offsetof(struct linux_signalfd_siginfo, ssi_addr_lsb));
    assert_off(struct signalfd_siginfo, ssi_call_addr,
               offsetof(struct linux_signalfd_siginfo, ssi_call_addr));
    assert_int_equal(SFD_CLOEXEC, LINUX_SFD_CLOEXEC);
    assert_int_equal(SFD_NONBLOCK, LINUX_SFD_NONBLOCK);
    assert_int_equal(TFD_CLOEXEC, LINUX_TFD_CLOEXEC);
    assert_int_equal(TFD_NONBLOCK, LINUX_TFD_NONBLOCK);
    assert_int_equal(TFD_TIMER_ABSTIME, LINUX_TFD_TIMER_ABSTIME);
    assert_int_equal(TFD_TIMER_CANCEL_ON_SET, LINUX_TFD_TIMER_CANCEL_ON_SET);
#endif
}

static void test_sigaction_and_stack(void **state)
{
    (void)state;
    /* The kernel's struct sigaction (not glibc's): handler, flags, restorer, mask. */
    assert_int_equal(sizeof(struct linux_sigaction), 32);
    assert_off(struct linux_sigaction, handler, 0);
    assert_off(struct linux_sigaction, flags, 8);
    assert_off(struct linux_sigaction, restorer, 16);
    assert_off(struct linux_sigaction, mask, 24);
    assert_int_equal(sizeof(linux_sigset_t), 8);
    assert_int_equal(sizeof(struct linux_stack), 24);
    assert_off(struct linux_stack, ss_flags, 8);
    assert_off(struct linux_stack, ss_size, 16);
#if HOST_LINUX_64
    assert_int_equal(sizeof(stack_t), sizeof(struct linux_stack));
    assert_off(stack_t, ss_flags, offsetof(struct linux_stack, ss_flags));
    assert_off(stack_t, ss_size, offsetof(struct linux_stack, ss_size));
#endif
}

static void test_dirent_utsname_misc(void **state)
{
    (void)state;
    assert_off(struct linux_dirent64, d_ino, 0);
    assert_off(struct linux_dirent64, d_off, 8);
    assert_off(struct linux_dirent64, d_reclen, 16);
    assert_off(struct linux_dirent64, d_type, 18);
    assert_off(struct linux_dirent64, d_name, 19);
    assert_int_equal(sizeof(struct linux_utsname), 390);
    assert_off(struct linux_utsname, nodename, 65);
    assert_off(struct linux_utsname, release, 130);
    assert_off(struct linux_utsname, version, 195);
    assert_off(struct linux_utsname, machine, 260);
    assert_off(struct linux_utsname, domainname, 325);
    assert_int_equal(sizeof(struct linux_timespec), 16);
    assert_int_equal(sizeof(struct linux_timeval), 16);
    assert_int_equal(sizeof(struct linux_iovec), 16);
    assert_int_equal(sizeof(struct linux_rlimit), 16);
    assert_int_equal(sizeof(struct linux_winsize), 8);
#if HOST_LINUX_64
    assert_off(struct dirent64, d_name, offsetof(struct linux_dirent64, d_name));
    assert_off(struct dirent64, d_type, offsetof(struct linux_dirent64, d_type));
    assert_off(struct dirent64, d_reclen, offsetof(struct linux_dirent64, d_reclen));
    assert_int_equal(sizeof(struct utsname), sizeof(struct linux_utsname));
    assert_off(struct utsname, machine, offsetof(struct linux_utsname, machine));
    assert_off(struct utsname, domainname, offsetof(struct linux_utsname, domainname));
    assert_int_equal(sizeof(struct iovec), sizeof(struct linux_iovec));
    assert_int_equal(sizeof(struct winsize), sizeof(struct linux_winsize));
#endif
}

/* ---- arch-specific values ---- */

static void test_arch_values(void **state)
{
    (void)state;
    assert_int_equal(amd64_elf_machine, EM_X86_64);
    assert_int_equal(arm64_elf_machine, EM_AARCH64);
    assert_string_equal(amd64_uname_machine, "x86_64");
    assert_string_equal(arm64_uname_machine, "aarch64");
    assert_int_equal(amd64_o_directory, 0200000);
    assert_int_equal(amd64_o_nofollow, 0400000);
    assert_int_equal(amd64_o_direct, 040000);
    assert_int_equal(amd64_o_largefile, 0100000);
    assert_int_equal(arm64_o_directory, 040000);
    assert_int_equal(arm64_o_nofollow, 0100000);
    assert_int_equal(arm64_o_direct, 0200000);
    assert_int_equal(arm64_o_largefile, 0400000);
#if defined(__linux__) && defined(__x86_64__)
    assert_int_equal(amd64_o_directory, O_DIRECTORY);
    assert_int_equal(amd64_o_nofollow, O_NOFOLLOW);
    assert_int_equal(amd64_o_direct, O_DIRECT);
#elif defined(__linux__) && defined(__aarch64__)
    assert_int_equal(arm64_o_directory, O_DIRECTORY);
    assert_int_equal(arm64_o_nofollow, O_NOFOLLOW);
    assert_int_equal(arm64_o_direct, O_DIRECT);
#endif
    assert_int_equal(LINUX_ARCH_SET_FS, 0x1002);
    assert_int_equal(LINUX_ARCH_GET_FS, 0x1003);
    /* clone(2): x86_64 passes child_tid before tls; arm64 is CLONE_BACKWARDS. */
    assert_int_equal(amd64_clone_arg_ctid, 3);
    assert_int_equal(amd64_clone_arg_tls, 4);
    assert_int_equal(arm64_clone_arg_tls, 3);
    assert_int_equal(arm64_clone_arg_ctid, 4);
    /* uapi/asm/hwcap.h bits the arm64 guest never sees. */
    assert_true(LINUX_HWCAP_SVE == 1ULL << 22);
    assert_true(LINUX_HWCAP2_SVE2 == 1ULL << 1);
    assert_true(LINUX_HWCAP2_BTI == 1ULL << 17);
    assert_true(LINUX_HWCAP2_MTE == 1ULL << 18);
    assert_true(LINUX_HWCAP2_SME_ALL == (0xffULL << 23));
#if defined(__linux__) && defined(__aarch64__) && defined(HWCAP2_SME)
    assert_true(LINUX_HWCAP_SVE == HWCAP_SVE);
    assert_true(LINUX_HWCAP2_SVE2 == HWCAP2_SVE2);
    assert_true(LINUX_HWCAP2_BTI == HWCAP2_BTI);
    assert_true(LINUX_HWCAP2_MTE3 == HWCAP2_MTE3);
    assert_true(LINUX_HWCAP2_SVE_EBF16 == HWCAP2_SVE_EBF16);
    assert_true((LINUX_HWCAP2_SME_ALL & HWCAP2_SME) && (LINUX_HWCAP2_SME_ALL & HWCAP2_SME_FA64));
#endif
}

/* ---- signal frames ---- */

static void test_sigframe_amd64(void **state)
{
    (void)state;
    typedef struct linux_rt_sigframe_amd64 fr;
    assert_int_equal(sizeof(fr), 440);
    assert_off(fr, pretcode, 0);
    assert_off(fr, uc, 8);
    assert_off(fr, info, 312);
    assert_off(fr, uc.uc_mcontext, 8 + 40);
    assert_off(fr, uc.uc_sigmask, 8 + 296);
    assert_off(struct linux_sigcontext_amd64, rip, 128);
    assert_off(struct linux_sigcontext_amd64, cr2, 176);
#if defined(__linux__) && defined(__x86_64__)
    assert_int_equal(offsetof(ucontext_t, uc_mcontext), offsetof(struct linux_ucontext_amd64, uc_mcontext));
    assert_int_equal(offsetof(ucontext_t, uc_stack), offsetof(struct linux_ucontext_amd64, uc_stack));
#endif
}

/*
 * arch/arm64/kernel/signal.c: struct rt_sigframe { siginfo; ucontext }, records in
 * uc_mcontext.__reserved; figures from uapi/asm/sigcontext.h and ucontext.h.
 */
static void test_sigframe_arm64(void **state)
{
    (void)state;
    typedef struct linux_rt_sigframe_arm64 fr;
    typedef struct linux_sigcontext_arm64 sc;
    typedef struct linux_ucontext_arm64 uc;
    assert_int_equal(sizeof(fr), 4688);
    assert_int_equal(sizeof(fr) % 16, 0);
    assert_off(fr, info, 0);
    assert_off(fr, uc, 128);
    assert_int_equal(sizeof(uc), 4560);
    assert_off(uc, uc_flags, 0);
    assert_off(uc, uc_link, 8);
    assert_off(uc, uc_stack, 16);
    assert_off(uc, uc_sigmask, 40);
    assert_off(uc, uc_mcontext, 176);
    assert_int_equal(sizeof(sc), 4384);
    assert_off(sc, fault_address, 0);
    assert_off(sc, regs, 8);
    assert_off(sc, regs[7], 64);
    assert_off(sc, regs[30], 248);
    assert_off(sc, sp, 256);
    assert_off(sc, pc, 264);
    assert_off(sc, pstate, 272);
    assert_off(sc, __reserved, 288);
    assert_int_equal(sizeof(((sc *)0)->__reserved), 4096);
    /* The __reserved area is 16-aligned within the frame, as records require. */
    assert_int_equal(offsetof(fr, uc.uc_mcontext.__reserved) % 16, 0);
    assert_int_equal(offsetof(fr, uc.uc_mcontext.__reserved), 592);
    assert_int_equal(sizeof(struct linux_aarch64_ctx), 8);
    assert_int_equal(sizeof(struct linux_fpsimd_context), 528);
    assert_off(struct linux_fpsimd_context, head.magic, 0);
    assert_off(struct linux_fpsimd_context, head.size, 4);
    assert_off(struct linux_fpsimd_context, fpsr, 8);
    assert_off(struct linux_fpsimd_context, fpcr, 12);
    assert_off(struct linux_fpsimd_context, vregs, 16);
    assert_int_equal(sizeof(struct linux_esr_context), 16);
    assert_off(struct linux_esr_context, esr, 8);
    assert_int_equal(sizeof(struct linux_frame_record_arm64), 16);
    assert_int_equal(LINUX_FPSIMD_MAGIC, 0x46508001);
    assert_int_equal(LINUX_ESR_MAGIC, 0x45535201);
    assert_int_equal(LINUX_EXTRA_MAGIC, 0x45585401);
    assert_int_equal(LINUX_SVE_MAGIC, 0x53564501);
    /* NT_PRFPREG: the same registers, V first. */
    assert_int_equal(sizeof(struct linux_user_fpsimd_state), 528);
    assert_off(struct linux_user_fpsimd_state, vregs, 0);
    assert_off(struct linux_user_fpsimd_state, fpsr, 512);
    assert_off(struct linux_user_fpsimd_state, fpcr, 516);
#if defined(__linux__) && defined(__aarch64__)
    /* The host's own definitions (glibc <sys/ucontext.h>, kernel <asm/sigcontext.h>). */
    assert_int_equal(sizeof(mcontext_t), sizeof(sc));
    assert_int_equal(offsetof(ucontext_t, uc_mcontext), offsetof(uc, uc_mcontext));
    assert_int_equal(offsetof(ucontext_t, uc_sigmask), offsetof(uc, uc_sigmask));
    assert_int_equal(offsetof(mcontext_t, fault_address), offsetof(sc, fault_address));
    assert_int_equal(offsetof(mcontext_t, pstate), offsetof(sc, pstate));
    assert_int_equal(offsetof(mcontext_t, __reserved), offsetof(sc, __reserved));
    assert_int_equal(sizeof(struct fpsimd_context), sizeof(struct linux_fpsimd_context));
    assert_int_equal(offsetof(struct fpsimd_context, vregs), offsetof(struct linux_fpsimd_context, vregs));
    assert_int_equal(FPSIMD_MAGIC, LINUX_FPSIMD_MAGIC);
    assert_int_equal(ESR_MAGIC, LINUX_ESR_MAGIC);
    assert_int_equal(sizeof(struct esr_context), sizeof(struct linux_esr_context));
#endif
}

/* ---- numbers shared by both arches, against the host's ---- */

static void test_errno_values(void **state)
{
    (void)state;
#if HOST_LINUX_64
#define E(n) assert_int_equal(LINUX_##n, n)
    E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(ENXIO); E(E2BIG); E(ENOEXEC);
    E(EBADF); E(ECHILD); E(EAGAIN); E(ENOMEM); E(EACCES); E(EFAULT); E(ENOTBLK); E(EBUSY);
    E(EEXIST); E(EXDEV); E(ENODEV); E(ENOTDIR); E(EISDIR); E(EINVAL); E(ENFILE); E(EMFILE);
    E(ENOTTY); E(ETXTBSY); E(EFBIG); E(ENOSPC); E(ESPIPE); E(EROFS); E(EMLINK); E(EPIPE);
    E(EDOM); E(ERANGE); E(EDEADLK); E(ENAMETOOLONG); E(ENOLCK); E(ENOSYS); E(ENOTEMPTY);
    E(ELOOP); E(ENOMSG); E(ENODATA); E(ETIME); E(EOVERFLOW); E(EBADFD); E(EILSEQ);
    E(ERESTART); E(ENOTSOCK); E(EDESTADDRREQ); E(EMSGSIZE); E(EPROTOTYPE); E(ENOPROTOOPT);
    E(EPROTONOSUPPORT); E(EOPNOTSUPP); E(EAFNOSUPPORT); E(EADDRINUSE); E(ENETUNREACH);
    E(ECONNRESET); E(ENOBUFS); E(EISCONN); E(ENOTCONN); E(ETIMEDOUT); E(ECONNREFUSED);
    E(EALREADY); E(EINPROGRESS); E(ESTALE); E(EDQUOT); E(ENOTSUP);
#undef E
#endif
    assert_int_equal(LINUX_EFAULT, 14);
    assert_int_equal(LINUX_ENOSYS, 38);
    assert_int_equal(LINUX_ERESTARTSYS, 512);
    assert_int_equal(LINUX_ERESTARTNOINTR, 513);
    assert_int_equal(LINUX_ERESTARTNOHAND, 514);
    assert_int_equal(LINUX_ERESTART_RESTARTBLOCK, 516);
}

static void test_consts_values(void **state)
{
    (void)state;
#if HOST_LINUX_64
#define C(n) assert_int_equal(LINUX_##n, n)
    C(O_ACCMODE); C(O_RDONLY); C(O_WRONLY); C(O_RDWR); C(O_CREAT); C(O_EXCL); C(O_NOCTTY);
    C(O_TRUNC); C(O_APPEND); C(O_NONBLOCK); C(O_DSYNC); C(O_ASYNC); C(O_NOATIME);
    C(O_CLOEXEC); C(O_SYNC); C(O_PATH);
    C(AT_FDCWD); C(AT_SYMLINK_NOFOLLOW); C(AT_EACCESS); C(AT_REMOVEDIR); C(AT_SYMLINK_FOLLOW);
    C(AT_NO_AUTOMOUNT); C(AT_EMPTY_PATH);
    C(F_DUPFD); C(F_GETFD); C(F_SETFD); C(F_GETFL); C(F_SETFL); C(F_GETLK); C(F_SETLK);
    C(F_SETLKW); C(F_DUPFD_CLOEXEC); C(F_GETPIPE_SZ); C(FD_CLOEXEC);
    C(SEEK_SET); C(SEEK_CUR); C(SEEK_END);
    C(PROT_NONE); C(PROT_READ); C(PROT_WRITE); C(PROT_EXEC); C(PROT_GROWSDOWN);
    C(PROT_GROWSUP); C(MAP_SHARED); C(MAP_PRIVATE); C(MAP_SHARED_VALIDATE); C(MAP_TYPE);
    C(MAP_FIXED); C(MAP_ANONYMOUS); C(MAP_GROWSDOWN); C(MAP_DENYWRITE); C(MAP_EXECUTABLE);
    C(MAP_LOCKED); C(MAP_NORESERVE); C(MAP_POPULATE); C(MAP_NONBLOCK); C(MAP_STACK);
    C(MAP_HUGETLB); C(MAP_FIXED_NOREPLACE); C(MREMAP_MAYMOVE); C(MREMAP_FIXED);
    C(MREMAP_DONTUNMAP); C(MADV_DONTNEED); C(MADV_HWPOISON);
    C(PRIO_PROCESS); C(PRIO_PGRP); C(PRIO_USER); C(RLIMIT_NICE);
    C(POSIX_FADV_NORMAL); C(POSIX_FADV_RANDOM); C(POSIX_FADV_SEQUENTIAL); C(POSIX_FADV_WILLNEED);
    C(POSIX_FADV_DONTNEED); C(POSIX_FADV_NOREUSE);
    C(IOPRIO_WHO_PROCESS); C(IOPRIO_WHO_PGRP); C(IOPRIO_WHO_USER); C(IOPRIO_CLASS_NONE);
    C(IOPRIO_CLASS_RT); C(IOPRIO_CLASS_BE); C(IOPRIO_CLASS_IDLE); C(IOPRIO_CLASS_SHIFT);
    C(IOPRIO_CLASS_MASK);
    C(SIGHUP); C(SIGINT); C(SIGQUIT); C(SIGILL); C(SIGTRAP); C(SIGABRT); C(SIGBUS); C(SIGFPE);
    C(SIGKILL); C(SIGUSR1); C(SIGSEGV); C(SIGUSR2); C(SIGPIPE); C(SIGALRM); C(SIGTERM);
    C(SIGSTKFLT); C(SIGCHLD); C(SIGCONT); C(SIGSTOP); C(SIGTSTP); C(SIGTTIN); C(SIGTTOU);
    C(SIGURG); C(SIGXCPU); C(SIGXFSZ); C(SIGVTALRM); C(SIGPROF); C(SIGWINCH); C(SIGIO);
    C(SIGPWR); C(SIGSYS);
    C(SIG_BLOCK); C(SIG_UNBLOCK); C(SIG_SETMASK);
    C(SA_NOCLDSTOP); C(SA_NOCLDWAIT); C(SA_SIGINFO); C(SA_ONSTACK); C(SA_RESTART);
    C(SA_NODEFER); C(SA_RESETHAND);
    C(SI_USER); C(SI_KERNEL); C(SI_TKILL); C(ILL_ILLOPC); C(ILL_ILLOPN); C(ILL_PRVOPC);
    C(FPE_INTDIV); C(FPE_INTOVF); C(FPE_FLTDIV); C(SEGV_MAPERR); C(SEGV_ACCERR);
    C(BUS_ADRALN); C(BUS_ADRERR); C(TRAP_BRKPT); C(TRAP_TRACE);
    C(AT_NULL); C(AT_PHDR); C(AT_PHENT); C(AT_PHNUM); C(AT_PAGESZ); C(AT_BASE); C(AT_FLAGS);
    C(AT_ENTRY); C(AT_UID); C(AT_EUID); C(AT_GID); C(AT_EGID); C(AT_PLATFORM); C(AT_HWCAP);
    C(AT_CLKTCK); C(AT_SECURE); C(AT_RANDOM); C(AT_HWCAP2); C(AT_EXECFN); C(AT_SYSINFO_EHDR);
    C(TCGETS); C(TCSETS); C(TCSETSW); C(TCSETSF); C(TIOCGPGRP); C(TIOCSPGRP); C(TIOCGWINSZ);
    C(TIOCSWINSZ); C(FIONREAD); C(FIONBIO); C(FIOCLEX); C(FIONCLEX);
    C(S_IFMT); C(S_IFSOCK); C(S_IFLNK); C(S_IFREG); C(S_IFBLK); C(S_IFDIR); C(S_IFCHR);
    C(S_IFIFO);
    C(CLOCK_REALTIME); C(CLOCK_MONOTONIC); C(CLOCK_PROCESS_CPUTIME_ID);
    C(CLOCK_THREAD_CPUTIME_ID); C(CLOCK_MONOTONIC_RAW); C(CLOCK_REALTIME_COARSE);
    C(CLOCK_MONOTONIC_COARSE); C(CLOCK_BOOTTIME);
    C(GRND_NONBLOCK); C(GRND_RANDOM);
    C(RLIMIT_CPU); C(RLIMIT_FSIZE); C(RLIMIT_DATA); C(RLIMIT_STACK); C(RLIMIT_CORE);
    C(RLIMIT_RSS); C(RLIMIT_NPROC); C(RLIMIT_NOFILE); C(RLIMIT_MEMLOCK); C(RLIMIT_AS);
    C(RLIM_INFINITY);
#undef C
    assert_int_equal(LINUX_RLIM_NLIMITS, RLIM_NLIMITS);
    assert_int_equal(LINUX_NSIG, _NSIG - 1); /* glibc's _NSIG counts signal 0 */
#endif
    assert_int_equal(LINUX_SA_RESTORER, 0x04000000);
    assert_int_equal(LINUX_SIGRTMIN, 32); /* the kernel's, not glibc's (34) */
    assert_int_equal(LINUX_NSIG, 64);
    assert_int_equal(LINUX_AT_MINSIGSTKSZ, 51);
    assert_int_equal(LINUX_GRND_INSECURE, 4);
    assert_int_equal(LINUX_O_TMPFILE_BASE, 020000000);
    assert_int_equal(LINUX_SIG_DFL, 0);
    assert_int_equal(LINUX_SIG_IGN, 1);
}

/* ---- syscall numbers ---- */

#define ABI_NR_ENTRY(n) {#n, LINUX_NR_##n},
static const struct abi_nr amd64_nrs[] = {LINUX_SYSCALL_LIST(ABI_NR_ENTRY)};
static const size_t amd64_nnrs = sizeof(amd64_nrs) / sizeof(amd64_nrs[0]);

static long lookup(const struct abi_nr *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].name, name))
            return t[i].nr;
    return -1;
}

static long amd64(const char *name)
{
    return lookup(amd64_nrs, amd64_nnrs, name);
}

static long arm64(const char *name)
{
    return lookup(abi_arm64_nrs, abi_arm64_nnrs, name);
}

static void test_syscall_nr_amd64(void **state)
{
    (void)state;
    assert_int_equal(LINUX_NR_read, 0);
    assert_int_equal(LINUX_NR_write, 1);
    assert_int_equal(LINUX_NR_open, 2);
    assert_int_equal(LINUX_NR_mmap, 9);
    assert_int_equal(LINUX_NR_brk, 12);
    assert_int_equal(LINUX_NR_rt_sigreturn, 15);
    assert_int_equal(LINUX_NR_getpid, 39);
    assert_int_equal(LINUX_NR_clone, 56);
    assert_int_equal(LINUX_NR_fork, 57);
    assert_int_equal(LINUX_NR_execve, 59);
    assert_int_equal(LINUX_NR_exit, 60);
    assert_int_equal(LINUX_NR_arch_prctl, 158);
    assert_int_equal(LINUX_NR_gettid, 186);
    assert_int_equal(LINUX_NR_getdents64, 217);
    assert_int_equal(LINUX_NR_exit_group, 231);
    assert_int_equal(LINUX_NR_openat, 257);
    assert_int_equal(LINUX_NR_newfstatat, 262);
    assert_int_equal(LINUX_NR_statx, 332);
    assert_int_equal(LINUX_NR_rseq, 334);
    assert_int_equal(LINUX_NR_clone3, 435);
    assert_int_equal(LINUX_NR_faccessat2, 439);
    /* The X-list and the macros agree. */
    assert_int_equal(amd64("openat"), 257);
    assert_int_equal(amd64("getpid"), 39);
    assert_int_equal(amd64("no_such_call"), -1);
#if defined(__linux__) && defined(__x86_64__)
#define H(n) assert_int_equal(LINUX_NR_##n, SYS_##n)
    H(read); H(write); H(open); H(close); H(stat); H(fstat); H(lstat); H(mmap); H(munmap);
    H(mprotect); H(brk); H(rt_sigaction); H(rt_sigprocmask); H(ioctl); H(pread64);
    H(readv); H(writev); H(access); H(mremap); H(madvise); H(dup); H(dup2); H(nanosleep);
    H(getpid); H(clone); H(fork); H(execve); H(exit); H(wait4); H(kill); H(uname); H(fcntl);
    H(getcwd); H(chdir); H(fchdir); H(readlink); H(umask); H(gettimeofday); H(getrlimit);
    H(sysinfo); H(getuid); H(getgid); H(geteuid); H(getegid); H(getppid); H(getpgrp);
    H(getgroups); H(getresuid); H(getresgid); H(getpgid); H(getsid); H(sigaltstack);
    H(arch_prctl); H(setrlimit); H(gettid); H(tkill); H(time); H(sched_getaffinity);
    H(getdents64); H(set_tid_address); H(clock_gettime); H(clock_getres);
    H(clock_nanosleep); H(exit_group); H(tgkill); H(openat); H(newfstatat); H(readlinkat);
    H(faccessat); H(set_robust_list); H(dup3); H(prlimit64); H(getcpu); H(getrandom);
#undef H
#endif
}

static void test_syscall_nr_arm64(void **state)
{
    (void)state;
    assert_int_equal(arm64("openat"), 56);
    assert_int_equal(arm64("close"), 57);
    assert_int_equal(arm64("getdents64"), 61);
    assert_int_equal(arm64("read"), 63);
    assert_int_equal(arm64("write"), 64);
    assert_int_equal(arm64("newfstatat"), 79);
    assert_int_equal(arm64("fstat"), 80);
    assert_int_equal(arm64("exit"), 93);
    assert_int_equal(arm64("exit_group"), 94);
    assert_int_equal(arm64("rt_sigreturn"), 139);
    assert_int_equal(arm64("uname"), 160);
    assert_int_equal(arm64("getpid"), 172);
    assert_int_equal(arm64("gettid"), 178);
    assert_int_equal(arm64("brk"), 214);
    assert_int_equal(arm64("munmap"), 215);
    assert_int_equal(arm64("clone"), 220);
    assert_int_equal(arm64("execve"), 221);
    assert_int_equal(arm64("mmap"), 222);
    assert_int_equal(arm64("statx"), 291);
    assert_int_equal(arm64("rseq"), 293);
    assert_int_equal(arm64("clone3"), 435);
    /* The legacy calls do not exist on arm64: neither as macros nor in the list. */
    assert_int_equal(abi_arm64_legacy_defined, 0);
    static const char *const legacy[] = {"open", "stat", "lstat", "access", "dup2", "fork",
                                         "vfork", "arch_prctl", "time", "getpgrp",
                                         "readlink", "pipe", "poll", "select", "getdents"};
    for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
        if (arm64(legacy[i]) != -1)
            fail_msg("arm64 table has %s (%ld)", legacy[i], arm64(legacy[i]));
#if defined(__linux__) && defined(__aarch64__)
    assert_int_equal(arm64("openat"), SYS_openat);
    assert_int_equal(arm64("getpid"), SYS_getpid);
    assert_int_equal(arm64("mmap"), SYS_mmap);
    assert_int_equal(arm64("clone"), SYS_clone);
#endif
}

static void check_table(const struct abi_nr *t, size_t n, const char *arch, size_t min_entries)
{
    if (n < min_entries)
        fail_msg("%s: only %zu syscalls listed", arch, n);
    for (size_t i = 0; i < n; i++) {
        if (t[i].nr < 0 || t[i].nr >= 1024)
            fail_msg("%s: %s has number %ld", arch, t[i].name, t[i].nr);
        for (size_t j = i + 1; j < n; j++) {
            if (t[i].nr == t[j].nr)
                fail_msg("%s: %s and %s share number %ld", arch, t[i].name, t[j].name, t[i].nr);
            if (!strcmp(t[i].name, t[j].name))
                fail_msg("%s: %s listed twice", arch, t[i].name);
        }
    }
}

static void test_syscall_tables_consistent(void **state)
{
    (void)state;
    check_table(amd64_nrs, amd64_nnrs, "amd64", 330);
    check_table(abi_arm64_nrs, abi_arm64_nnrs, "arm64", 280);
    /* From 424 on, every arch uses the same numbers (the unified syscall table). */
    size_t shared = 0;
    for (size_t i = 0; i < amd64_nnrs; i++) {
        if (amd64_nrs[i].nr < 424)
            continue;
        long a = arm64(amd64_nrs[i].name);
        if (a != amd64_nrs[i].nr)
            fail_msg("%s is %ld on amd64 but %ld on arm64", amd64_nrs[i].name, amd64_nrs[i].nr, a);
        shared++;
    }
    assert_true(shared >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stat_amd64),
        cmocka_unit_test(test_stat_arm64),
        cmocka_unit_test(test_statx),
        cmocka_unit_test(test_siginfo),
        cmocka_unit_test(test_sigevent),
        cmocka_unit_test(test_signalfd_timerfd),
        cmocka_unit_test(test_caps_sched_inotify),
        cmocka_unit_test(test_epoll_event),
        cmocka_unit_test(test_sigaction_and_stack),
        cmocka_unit_test(test_dirent_utsname_misc),
        cmocka_unit_test(test_arch_values),
        cmocka_unit_test(test_sigframe_amd64),
        cmocka_unit_test(test_sigframe_arm64),
        cmocka_unit_test(test_errno_values),
        cmocka_unit_test(test_consts_values),
        cmocka_unit_test(test_syscall_nr_amd64),
        cmocka_unit_test(test_syscall_nr_arm64),
        cmocka_unit_test(test_syscall_tables_consistent),
    };
    return cmocka_run_group_tests_name("abi_layout", tests, NULL, NULL);
}

#endif
