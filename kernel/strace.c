/* SPDX-License-Identifier: MIT */
/* kernel/strace.c: formats guest syscalls as strace(1) lines for --strace. */

/*
 * Output mirrors strace 6.x in its default (abbreviated, -s 32) mode: the
 * string quoting of src/util.c string_quote(), the flag printing of
 * src/xlat.c printflags_ex(), and the per-syscall decoders named next to
 * each printer below. Constants that abi/ does not carry are defined here
 * with a LINUX_ prefix and the uapi header they come from.
 */

#include "strace.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../abi/linux.h"

/* include/uapi/asm-generic/fcntl.h */
#define LINUX___O_SYNC 04000000
#define LINUX___O_TMPFILE LINUX_O_TMPFILE_BASE
#define LINUX_FASYNC LINUX_O_ASYNC
#define LINUX_F_SETOWN 8
#define LINUX_F_GETOWN 9
#define LINUX_F_SETSIG 10
#define LINUX_F_GETSIG 11
#define LINUX_F_GETLK64 12
#define LINUX_F_SETLK64 13
#define LINUX_F_SETLKW64 14
#define LINUX_F_SETOWN_EX 15
#define LINUX_F_GETOWN_EX 16
#define LINUX_F_GETOWNER_UIDS 17
#define LINUX_F_EXLCK 4
#define LINUX_F_SHLCK 8
/* include/uapi/linux/fcntl.h */
#define LINUX_F_SETLEASE 1024
#define LINUX_F_GETLEASE 1025
#define LINUX_F_NOTIFY 1026
#define LINUX_F_DUPFD_QUERY 1027
#define LINUX_F_CREATED_QUERY 1028
#define LINUX_F_CANCELLK 1029
#define LINUX_F_SETPIPE_SZ 1031
#define LINUX_AT_RECURSIVE 0x8000
#define LINUX_AT_STATX_SYNC_AS_STAT 0x0000
/* include/uapi/linux/fs.h */
/* include/uapi/asm-generic/fcntl.h (struct flock, 64-bit layout) */
struct linux_flock {
    int16_t l_type;
    int16_t l_whence;
    int32_t __pad;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
    int32_t __pad2;
};

/* access(2) modes: POSIX <unistd.h>, checked as MAY_* in include/linux/fs.h */

/* include/uapi/asm-generic/mman-common.h, include/uapi/linux/mman.h */
#define LINUX_PROT_SEM 0x8
#define LINUX_MAP_FILE 0
#define LINUX_MAP_DROPPABLE 0x08
#define LINUX_MAP_SYNC 0x80000
#define LINUX_MAP_HUGE_SHIFT 26
#define LINUX_MAP_HUGE_MASK 0x3fU
#define LINUX_MADV_NORMAL 0
#define LINUX_MADV_RANDOM 1
#define LINUX_MADV_SEQUENTIAL 2
#define LINUX_MADV_WILLNEED 3
#define LINUX_MADV_FREE 8
#define LINUX_MADV_REMOVE 9
#define LINUX_MADV_DONTFORK 10
#define LINUX_MADV_DOFORK 11
#define LINUX_MADV_MERGEABLE 12
#define LINUX_MADV_UNMERGEABLE 13
#define LINUX_MADV_HUGEPAGE 14
#define LINUX_MADV_NOHUGEPAGE 15
#define LINUX_MADV_DONTDUMP 16
#define LINUX_MADV_DODUMP 17
#define LINUX_MADV_WIPEONFORK 18
#define LINUX_MADV_KEEPONFORK 19
#define LINUX_MADV_COLD 20
#define LINUX_MADV_PAGEOUT 21
#define LINUX_MADV_POPULATE_READ 22
#define LINUX_MADV_POPULATE_WRITE 23
#define LINUX_MADV_DONTNEED_LOCKED 24
#define LINUX_MADV_COLLAPSE 25
#define LINUX_MADV_HWPOISON 100
#define LINUX_MADV_SOFT_OFFLINE 101
#define LINUX_MADV_GUARD_INSTALL 102
#define LINUX_MADV_GUARD_REMOVE 103

/* include/uapi/linux/stat.h */
#define LINUX_STATX_ALL 0x00000fffU
#define LINUX_STATX_DIOALIGN 0x00002000U
#define LINUX_STATX_MNT_ID_UNIQUE 0x00004000U
#define LINUX_STATX_SUBVOL 0x00008000U
#define LINUX_STATX_WRITE_ATOMIC 0x00010000U
#define LINUX_STATX_DIO_READ_ALIGN 0x00020000U
#define LINUX_STATX_ATTR_COMPRESSED 0x00000004
#define LINUX_STATX_ATTR_IMMUTABLE 0x00000010
#define LINUX_STATX_ATTR_APPEND 0x00000020
#define LINUX_STATX_ATTR_NODUMP 0x00000040
#define LINUX_STATX_ATTR_ENCRYPTED 0x00000800
#define LINUX_STATX_ATTR_AUTOMOUNT 0x00001000
#define LINUX_STATX_ATTR_MOUNT_ROOT 0x00002000
#define LINUX_STATX_ATTR_VERITY 0x00100000
#define LINUX_STATX_ATTR_DAX 0x00200000
#define LINUX_STATX_ATTR_WRITE_ATOMIC 0x00400000

/* include/uapi/linux/time.h (the others are in abi/consts.h) */
#define LINUX_CLOCK_SGI_CYCLE 10

/* include/uapi/asm-generic/resource.h */
#define LINUX_RLIMIT_LOCKS 10
#define LINUX_RLIMIT_SIGPENDING 11
#define LINUX_RLIMIT_MSGQUEUE 12
#define LINUX_RLIMIT_RTTIME 15
/* include/uapi/linux/resource.h */
#define LINUX_RUSAGE_SELF 0
#define LINUX_RUSAGE_CHILDREN (-1)
#define LINUX_RUSAGE_THREAD 1

/* include/uapi/linux/wait.h */
#define LINUX___WNOTHREAD 0x20000000
#define LINUX___WALL 0x40000000
#define LINUX___WCLONE 0x80000000
/* include/uapi/linux/ptrace.h */
#define LINUX_PTRACE_EVENT_FORK 1
#define LINUX_PTRACE_EVENT_VFORK 2
#define LINUX_PTRACE_EVENT_CLONE 3
#define LINUX_PTRACE_EVENT_EXEC 4
#define LINUX_PTRACE_EVENT_VFORK_DONE 5
#define LINUX_PTRACE_EVENT_EXIT 6
#define LINUX_PTRACE_EVENT_SECCOMP 7
#define LINUX_PTRACE_EVENT_STOP 128

/* include/uapi/linux/sched.h */

/* include/uapi/asm-generic/signal-defs.h, include/uapi/asm-generic/signal.h */
#define LINUX_SIG_ERR (~0ULL)
#define LINUX_SA_INTERRUPT 0x20000000 /* glibc bits/sigaction.h; strace lists it */
#define LINUX_SS_ONSTACK 1
#define LINUX_SS_DISABLE 2
#define LINUX_SS_AUTODISARM (1U << 31)

/* include/uapi/linux/close_range.h */
#define LINUX_CLOSE_RANGE_UNSHARE (1U << 1)
#define LINUX_CLOSE_RANGE_CLOEXEC (1U << 2)

/* include/uapi/linux/xattr.h */
#define LINUX_XATTR_CREATE 0x1
#define LINUX_XATTR_REPLACE 0x2
#define LINUX_XATTR_SIZE_MAX 65536

/* include/uapi/linux/futex.h */
#define LINUX_FUTEX_WAIT 0
#define LINUX_FUTEX_WAKE 1
#define LINUX_FUTEX_FD 2
#define LINUX_FUTEX_REQUEUE 3
#define LINUX_FUTEX_CMP_REQUEUE 4
#define LINUX_FUTEX_WAKE_OP 5
#define LINUX_FUTEX_LOCK_PI 6
#define LINUX_FUTEX_UNLOCK_PI 7
#define LINUX_FUTEX_TRYLOCK_PI 8
#define LINUX_FUTEX_WAIT_BITSET 9
#define LINUX_FUTEX_WAKE_BITSET 10
#define LINUX_FUTEX_WAIT_REQUEUE_PI 11
#define LINUX_FUTEX_CMP_REQUEUE_PI 12
#define LINUX_FUTEX_LOCK_PI2 13
#define LINUX_FUTEX_PRIVATE_FLAG 128
#define LINUX_FUTEX_CLOCK_REALTIME 256
#define LINUX_FUTEX_BITSET_MATCH_ANY 0xffffffffU

/* include/linux/sched/coredump.h */
#define LINUX_SUID_DUMP_DISABLE 0
#define LINUX_SUID_DUMP_USER 1
#define LINUX_SUID_DUMP_ROOT 2

/* include/uapi/asm-generic/termbits.h, termbits-common.h, ioctls.h */
#define LINUX_TIOCSCTTY 0x540E
#define LINUX_TIOCOUTQ 0x5411
#define LINUX_TCSBRK 0x5409
#define LINUX_TCXONC 0x540A
#define LINUX_TCFLSH 0x540B
#define LINUX_TIOCEXCL 0x540C
#define LINUX_TIOCNXCL 0x540D
#define LINUX_TIOCNOTTY 0x5422
#define LINUX_TIOCGSID 0x5429
#define LINUX_TIOCGPTN 0x80045430
#define LINUX_TIOCSPTLCK 0x40045431
#define LINUX_TIOCGPTPEER 0x5441
#define LINUX_FIOASYNC 0x5452
#define LINUX_IGNBRK 0x001
#define LINUX_BRKINT 0x002
#define LINUX_IGNPAR 0x004
#define LINUX_PARMRK 0x008
#define LINUX_INPCK 0x010
#define LINUX_ISTRIP 0x020
#define LINUX_INLCR 0x040
#define LINUX_IGNCR 0x080
#define LINUX_ICRNL 0x100
#define LINUX_IUCLC 0x0200
#define LINUX_IXON 0x0400
#define LINUX_IXANY 0x0800
#define LINUX_IXOFF 0x1000
#define LINUX_IMAXBEL 0x2000
#define LINUX_IUTF8 0x4000
#define LINUX_OPOST 0x01
#define LINUX_OLCUC 0x02
#define LINUX_ONLCR 0x04
#define LINUX_OCRNL 0x08
#define LINUX_ONOCR 0x10
#define LINUX_ONLRET 0x20
#define LINUX_OFILL 0x40
#define LINUX_OFDEL 0x80
#define LINUX_NLDLY 0x00100
#define LINUX_CRDLY 0x00600
#define LINUX_TABDLY 0x01800
#define LINUX_BSDLY 0x02000
#define LINUX_VTDLY 0x04000
#define LINUX_FFDLY 0x08000
#define LINUX_CBAUD 0x0000100f
#define LINUX_CSIZE 0x00000030
#define LINUX_CSTOPB 0x00000040
#define LINUX_CREAD 0x00000080
#define LINUX_PARENB 0x00000100
#define LINUX_PARODD 0x00000200
#define LINUX_HUPCL 0x00000400
#define LINUX_CLOCAL 0x00000800
#define LINUX_CIBAUD 0x100f0000
#define LINUX_IBSHIFT 16
#define LINUX_CMSPAR 0x40000000
#define LINUX_CRTSCTS 0x80000000U
#define LINUX_ISIG 0x00001
#define LINUX_ICANON 0x00002
#define LINUX_XCASE 0x00004
#define LINUX_ECHO 0x00008
#define LINUX_ECHOE 0x00010
#define LINUX_ECHOK 0x00020
#define LINUX_ECHONL 0x00040
#define LINUX_NOFLSH 0x00080
#define LINUX_TOSTOP 0x00100
#define LINUX_ECHOCTL 0x00200
#define LINUX_ECHOPRT 0x00400
#define LINUX_ECHOKE 0x00800
#define LINUX_FLUSHO 0x01000
#define LINUX_PENDIN 0x04000
#define LINUX_IEXTEN 0x08000
#define LINUX_EXTPROC 0x10000
/* include/uapi/asm-generic/ioctl.h */
#define LINUX_IOC_NRBITS 8
#define LINUX_IOC_TYPEBITS 8
#define LINUX_IOC_SIZEBITS 14
#define LINUX__IOC_NONE 0U
#define LINUX__IOC_WRITE 1U
#define LINUX__IOC_READ 2U

/* struct termios from include/uapi/asm-generic/termbits.h */
struct linux_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[19];
};

/* include/uapi/linux/resource.h (struct rusage, only the prefix strace shows) */
struct linux_rusage_head {
    struct linux_timeval ru_utime;
    struct linux_timeval ru_stime;
};

/* include/linux/errno.h: kernel-internal codes, seen only when a signal interrupts */
#define LINUX_ENOIOCTLCMD 515

/* strace's defaults: -s 32 for strings and arrays, PATH_MAX for paths. */
#define MAX_STRLEN 32
#define PATH_MAX_ 4096

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Output buffer and formatting state */

struct fmt {
    char *buf;
    size_t cap;
    size_t len;
    bool trunc;
    const uint64_t *a;
    long ret;
    int err; /* errno if the call failed, 0 otherwise */
    const struct strace_mem *mem;
};

static void out_n(struct fmt *f, const char *s, size_t n)
{
    if (f->cap == 0) {
        f->trunc = true;
        return;
    }
    size_t room = f->cap - 1 - f->len;
    if (n > room) {
        n = room;
        f->trunc = true;
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
    f->buf[f->len] = '\0';
}

static void out(struct fmt *f, const char *s)
{
    out_n(f, s, strlen(s));
}

static void outf(struct fmt *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void outf(struct fmt *f, const char *fmt, ...)
{
    char tmp[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    out_n(f, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void sep(struct fmt *f)
{
    out(f, ", ");
}

/* ------------------------------------------------------------------------ */
/* Guest memory */

static bool mread(const struct fmt *f, uint64_t addr, void *buf, size_t len)
{
    if (len == 0)
        return true;
    if (!f->mem || !f->mem->read || addr + len < addr)
        return false;
    return f->mem->read(f->mem->ctx, addr, buf, len) >= 0;
}

/*
 * Reads a NUL-terminated string of at most max bytes, a page at a time like
 * strace's umovestr() (src/ucopy.c) so a string that ends just before an
 * unmapped page still reads. Returns -1 on fault, else the length before the
 * NUL; *nul tells whether a NUL was found within max bytes.
 */
static long read_cstr(const struct fmt *f, uint64_t addr, char *buf, size_t max, bool *nul)
{
    size_t got = 0;
    *nul = false;
    while (got < max) {
        size_t chunk = 4096 - (size_t)((addr + got) & 4095);
        if (chunk > max - got)
            chunk = max - got;
        if (!mread(f, addr + got, buf + got, chunk))
            return -1;
        char *z = memchr(buf + got, '\0', chunk);
        if (z) {
            *nul = true;
            return z - buf;
        }
        got += chunk;
    }
    return (long)max;
}

/* ------------------------------------------------------------------------ */
/* Scalars, strings and buffers */

/* printaddr(): NULL or hex. */
static void print_addr(struct fmt *f, uint64_t v)
{
    if (v == 0)
        out(f, "NULL");
    else
        outf(f, "%#llx", (unsigned long long)v);
}

static void print_hex(struct fmt *f, uint64_t v)
{
    outf(f, "%#llx", (unsigned long long)v);
}

/*
 * string_quote() from strace src/util.c: \" \\ \f \n \r \t \v, printable
 * ASCII as itself, other bytes as the shortest octal escape unless the next
 * printed byte is an octal digit (then three digits); hex=true is the
 * QUOTE_FORCE_HEX style getrandom uses.
 */
static void quote(struct fmt *f, const unsigned char *s, size_t n, bool hex)
{
    char tmp[8];
    out(f, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        size_t k = 0;
        if (hex) {
            static const char xd[] = "0123456789abcdef";
            tmp[k++] = '\\';
            tmp[k++] = 'x';
            tmp[k++] = xd[c >> 4];
            tmp[k++] = xd[c & 15];
            out_n(f, tmp, k);
            continue;
        }
        switch (c) {
        case '"':
        case '\\':
            tmp[k++] = '\\';
            tmp[k++] = (char)c;
            break;
        case '\f':
            tmp[k++] = '\\';
            tmp[k++] = 'f';
            break;
        case '\n':
            tmp[k++] = '\\';
            tmp[k++] = 'n';
            break;
        case '\r':
            tmp[k++] = '\\';
            tmp[k++] = 'r';
            break;
        case '\t':
            tmp[k++] = '\\';
            tmp[k++] = 't';
            break;
        case '\v':
            tmp[k++] = '\\';
            tmp[k++] = 'v';
            break;
        default:
            if (c >= ' ' && c < 0x7f) {
                tmp[k++] = (char)c;
            } else {
                bool three = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
                tmp[k++] = '\\';
                if (three || (c >> 6))
                    tmp[k++] = (char)('0' + (c >> 6));
                if (three || (c >> 3))
                    tmp[k++] = (char)('0' + ((c >> 3) & 7));
                tmp[k++] = (char)('0' + (c & 7));
            }
            break;
        }
        out_n(f, tmp, k);
    }
    out(f, "\"");
}

/* printpathn(): a NUL-terminated path of up to n chars, "..." if longer. */
static void print_pathn(struct fmt *f, uint64_t addr, size_t n)
{
    char path[PATH_MAX_];
    bool nul;
    if (!addr) {
        out(f, "NULL");
        return;
    }
    if (n > PATH_MAX_ - 1)
        n = PATH_MAX_ - 1;
    long len = read_cstr(f, addr, path, n + 1, &nul);
    if (len < 0) {
        print_addr(f, addr);
        return;
    }
    if ((size_t)len > n)
        len = (long)n;
    quote(f, (const unsigned char *)path, (size_t)len, false);
    if (!nul)
        out(f, "...");
}

/* printpath(): paths are not cut at -s, only at PATH_MAX. */
static void print_path(struct fmt *f, uint64_t addr)
{
    print_pathn(f, addr, PATH_MAX_ - 1);
}

/* printstr(): a NUL-terminated string cut at 32 chars. */
static void print_str(struct fmt *f, uint64_t addr)
{
    char s[MAX_STRLEN + 1];
    bool nul;
    if (!addr) {
        out(f, "NULL");
        return;
    }
    long len = read_cstr(f, addr, s, sizeof(s), &nul);
    if (len < 0) {
        print_addr(f, addr);
        return;
    }
    if (len > MAX_STRLEN)
        len = MAX_STRLEN;
    quote(f, (const unsigned char *)s, (size_t)len, false);
    if (!nul)
        out(f, "...");
}

/* printstrn() / printstr_ex(): len bytes at addr, cut at 32 with "...". */
static void print_buf_ex(struct fmt *f, uint64_t addr, uint64_t len, bool hex, bool omit_trailing_0)
{
    unsigned char s[MAX_STRLEN + 1] = { 0 };
    if (!addr) {
        out(f, "NULL");
        return;
    }
    /* strace fetches one byte more than it shows when the buffer is longer. */
    size_t size = len > MAX_STRLEN + 1 ? MAX_STRLEN + 1 : (size_t)len;
    if (!mread(f, addr, s, size)) {
        print_addr(f, addr);
        return;
    }
    size = size > MAX_STRLEN ? MAX_STRLEN : size;
    /* QUOTE_OMIT_TRAILING_0: xattr values usually carry their C string's NUL. */
    if (omit_trailing_0 && size && s[size - 1] == '\0')
        size--;
    quote(f, s, size, hex);
    if (len > MAX_STRLEN)
        out(f, "...");
}

static void print_buf(struct fmt *f, uint64_t addr, uint64_t len, bool hex)
{
    print_buf_ex(f, addr, len, hex, false);
}

/* ------------------------------------------------------------------------ */
/* Symbolic constants (strace's xlat tables, in strace's order) */

struct xlat {
    uint64_t val;
    const char *str;
};

#define X(name) { (uint64_t)(LINUX_##name), #name }
#define XLEN(t) (t), ARRAY_SIZE(t)

static const char *xlookup(const struct xlat *x, size_t n, uint64_t v)
{
    for (size_t i = 0; i < n; i++)
        if (x[i].val == v)
            return x[i].str;
    return NULL;
}

/* printxval(): the name, or hex with the "???" default in a comment. */
static void print_xval(struct fmt *f, const struct xlat *x, size_t n, uint64_t v, const char *dflt)
{
    const char *s = xlookup(x, n, v);
    if (s) {
        out(f, s);
    } else {
        print_hex(f, v);
        if (dflt)
            outf(f, " /* %s */", dflt);
    }
}

/*
 * printflags_ex() from strace src/xlat.c: table order, a zero-valued entry
 * only when it is first and flags are 0, leftover bits as |0x...
 */
static void print_flags(struct fmt *f, const struct xlat *x, size_t n, uint64_t flags,
                        const char *dflt)
{
    unsigned cnt = 0;
    for (size_t i = 0; (flags || !cnt) && i < n; i++) {
        uint64_t v = x[i].val;
        if (flags == v || (v && (flags & v) == v)) {
            if (cnt++)
                out(f, "|");
            out(f, x[i].str);
            flags &= ~v;
        }
        if (!flags)
            break;
    }
    if (cnt) {
        if (flags) {
            out(f, "|");
            print_hex(f, flags);
        }
    } else if (flags) {
        print_hex(f, flags);
        if (dflt)
            outf(f, " /* %s */", dflt);
    } else if (dflt) {
        out(f, "0");
    }
}

/* src/xlat/open_mode_flags.in */
static const struct xlat open_mode_flags[] = {
    X(O_CREAT),     X(O_EXCL),      X(O_NOCTTY),   X(O_TRUNC),    X(O_APPEND),
    X(O_NONBLOCK),  X(O_SYNC),      X(__O_SYNC),   X(O_DSYNC),    X(O_DIRECT),
    X(O_LARGEFILE), X(O_NOFOLLOW),  X(O_NOATIME),  X(O_CLOEXEC),  X(O_PATH),
    X(O_TMPFILE),   X(__O_TMPFILE), X(O_DIRECTORY), X(FASYNC),
};

static const struct xlat open_access_modes[] = {
    X(O_RDONLY), X(O_WRONLY), X(O_RDWR), X(O_ACCMODE),
};

/* src/xlat/mmap_prot.in */
static const struct xlat mmap_prot[] = {
    X(PROT_NONE), X(PROT_READ), X(PROT_WRITE), X(PROT_EXEC), X(PROT_SEM),
    X(PROT_GROWSDOWN), X(PROT_GROWSUP),
};

/* src/xlat/mmap_flags.in: the MAP_TYPE values, then the flag bits. */
static const struct xlat mmap_flags[] = {
    X(MAP_SHARED), X(MAP_PRIVATE), X(MAP_SHARED_VALIDATE), X(MAP_DROPPABLE),
    X(MAP_FIXED), X(MAP_ANONYMOUS),
#ifdef LINUX_MAP_32BIT /* x86 only (abi/amd64/arch_abi.h) */
    X(MAP_32BIT), X(MAP_ABOVE4G),
#endif
    X(MAP_NORESERVE), X(MAP_POPULATE), X(MAP_NONBLOCK), X(MAP_GROWSDOWN),
    X(MAP_DENYWRITE), X(MAP_EXECUTABLE), X(MAP_FILE), X(MAP_LOCKED), X(MAP_STACK),
    X(MAP_HUGETLB), X(MAP_SYNC), X(MAP_FIXED_NOREPLACE),
};

static const struct xlat mremap_flags[] = {
    X(MREMAP_MAYMOVE), X(MREMAP_FIXED), X(MREMAP_DONTUNMAP),
};

/* src/xlat/madvise_cmds.in plus madvise_hppa_generic_cmds.in */
static const struct xlat madvise_cmds[] = {
    X(MADV_NORMAL),      X(MADV_RANDOM),        X(MADV_SEQUENTIAL),     X(MADV_WILLNEED),
    X(MADV_DONTNEED),    X(MADV_FREE),          X(MADV_REMOVE),         X(MADV_DONTFORK),
    X(MADV_DOFORK),      X(MADV_MERGEABLE),     X(MADV_UNMERGEABLE),    X(MADV_HUGEPAGE),
    X(MADV_NOHUGEPAGE),  X(MADV_DONTDUMP),      X(MADV_DODUMP),         X(MADV_WIPEONFORK),
    X(MADV_KEEPONFORK),  X(MADV_COLD),          X(MADV_PAGEOUT),        X(MADV_POPULATE_READ),
    X(MADV_POPULATE_WRITE), X(MADV_DONTNEED_LOCKED), X(MADV_COLLAPSE),  X(MADV_HWPOISON),
    X(MADV_SOFT_OFFLINE), X(MADV_GUARD_INSTALL), X(MADV_GUARD_REMOVE),
};

/* src/xlat/msync_flags.in */
static const struct xlat msync_flags[] = {
    X(MS_ASYNC), X(MS_SYNC), X(MS_INVALIDATE),
};

/* src/xlat/at_flags.in */
static const struct xlat at_flags[] = {
    X(AT_SYMLINK_NOFOLLOW), X(AT_REMOVEDIR), X(AT_SYMLINK_FOLLOW),
    X(AT_NO_AUTOMOUNT),     X(AT_EMPTY_PATH), X(AT_RECURSIVE),
};

/* src/xlat/faccessat_flags.in */
static const struct xlat faccessat_flags[] = {
    X(AT_SYMLINK_NOFOLLOW), X(AT_EACCESS), X(AT_EMPTY_PATH),
};

static const struct xlat at_statx_sync_types[] = {
    X(AT_STATX_SYNC_AS_STAT), X(AT_STATX_FORCE_SYNC), X(AT_STATX_DONT_SYNC),
};

/* src/xlat/access_modes.in */
static const struct xlat access_modes[] = {
    X(F_OK), X(R_OK), X(W_OK), X(X_OK),
};

static const struct xlat whence_codes[] = {
    X(SEEK_SET), X(SEEK_CUR), X(SEEK_END), X(SEEK_DATA), X(SEEK_HOLE),
};

/* src/xlat/modetypes.in */
static const struct xlat modetypes[] = {
    X(S_IFREG), X(S_IFSOCK), X(S_IFIFO), X(S_IFLNK), X(S_IFDIR), X(S_IFBLK), X(S_IFCHR),
};

/* src/xlat/statx_masks.in */
static const struct xlat statx_masks[] = {
    X(STATX_ALL),     X(STATX_BASIC_STATS), X(STATX_TYPE),   X(STATX_MODE),
    X(STATX_NLINK),   X(STATX_UID),         X(STATX_GID),    X(STATX_ATIME),
    X(STATX_MTIME),   X(STATX_CTIME),       X(STATX_INO),    X(STATX_SIZE),
    X(STATX_BLOCKS),  X(STATX_BTIME),       X(STATX_MNT_ID), X(STATX_DIOALIGN),
    X(STATX_MNT_ID_UNIQUE), X(STATX_SUBVOL), X(STATX_WRITE_ATOMIC), X(STATX_DIO_READ_ALIGN),
};

/* src/xlat/statx_attrs.in */
static const struct xlat statx_attrs[] = {
    X(STATX_ATTR_COMPRESSED), X(STATX_ATTR_IMMUTABLE),  X(STATX_ATTR_APPEND),
    X(STATX_ATTR_NODUMP),     X(STATX_ATTR_ENCRYPTED),  X(STATX_ATTR_AUTOMOUNT),
    X(STATX_ATTR_MOUNT_ROOT), X(STATX_ATTR_VERITY),     X(STATX_ATTR_DAX),
    X(STATX_ATTR_WRITE_ATOMIC),
};

/* src/xlat/fcntlcmds.in */
static const struct xlat fcntl_cmds[] = {
    X(F_DUPFD),       X(F_GETFD),       X(F_SETFD),         X(F_GETFL),
    X(F_SETFL),       X(F_GETLK),       X(F_SETLK),         X(F_SETLKW),
    X(F_SETOWN),      X(F_GETOWN),      X(F_SETSIG),        X(F_GETSIG),
    X(F_GETLK64),     X(F_SETLK64),     X(F_SETLKW64),      X(F_SETOWN_EX),
    X(F_GETOWN_EX),   X(F_GETOWNER_UIDS), X(F_OFD_GETLK),   X(F_OFD_SETLK),
    X(F_OFD_SETLKW),  X(F_SETLEASE),    X(F_GETLEASE),      X(F_NOTIFY),
    X(F_DUPFD_QUERY), X(F_CREATED_QUERY), X(F_CANCELLK),    X(F_DUPFD_CLOEXEC),
    X(F_SETPIPE_SZ),  X(F_GETPIPE_SZ),  X(F_ADD_SEALS),     X(F_GET_SEALS),
};

static const struct xlat fd_flags[] = {
    X(FD_CLOEXEC),
};

/* src/xlat/lockfcmds.in */
static const struct xlat lockf_cmds[] = {
    X(F_RDLCK), X(F_WRLCK), X(F_UNLCK), X(F_EXLCK), X(F_SHLCK),
};

static const struct xlat f_seals[] = {
    X(F_SEAL_SEAL), X(F_SEAL_SHRINK), X(F_SEAL_GROW), X(F_SEAL_WRITE),
    X(F_SEAL_FUTURE_WRITE), X(F_SEAL_EXEC),
};

static const struct xlat clocknames[] = {
    X(CLOCK_REALTIME),        X(CLOCK_MONOTONIC),      X(CLOCK_PROCESS_CPUTIME_ID),
    X(CLOCK_THREAD_CPUTIME_ID), X(CLOCK_MONOTONIC_RAW), X(CLOCK_REALTIME_COARSE),
    X(CLOCK_MONOTONIC_COARSE), X(CLOCK_BOOTTIME),      X(CLOCK_REALTIME_ALARM),
    X(CLOCK_BOOTTIME_ALARM),  X(CLOCK_SGI_CYCLE),      X(CLOCK_TAI),
};

static const struct xlat clock_flags[] = {
    X(TIMER_ABSTIME),
};

/* src/xlat/resources.in (asm-generic numbering: x86_64 and arm64) */
static const struct xlat rlimit_resources[] = {
    X(RLIMIT_CPU),   X(RLIMIT_FSIZE),   X(RLIMIT_DATA),       X(RLIMIT_STACK),
    X(RLIMIT_CORE),  X(RLIMIT_RSS),     X(RLIMIT_NPROC),      X(RLIMIT_NOFILE),
    X(RLIMIT_MEMLOCK), X(RLIMIT_AS),    X(RLIMIT_LOCKS),      X(RLIMIT_SIGPENDING),
    X(RLIMIT_MSGQUEUE), X(RLIMIT_NICE), X(RLIMIT_RTPRIO),     X(RLIMIT_RTTIME),
};

static const struct xlat rusage_who[] = {
    X(RUSAGE_SELF), X(RUSAGE_CHILDREN), X(RUSAGE_THREAD),
};

static const struct xlat grnd_flags[] = {
    X(GRND_NONBLOCK), X(GRND_RANDOM), X(GRND_INSECURE),
};

/* src/xlat/sigprocmaskcmds.in */
static const struct xlat sigprocmask_cmds[] = {
    X(SIG_BLOCK), X(SIG_UNBLOCK), X(SIG_SETMASK),
};

/* src/xlat/sigact_flags.in */
static const struct xlat sigact_flags[] = {
    X(SA_RESTORER), X(SA_ONSTACK), X(SA_RESTART), X(SA_INTERRUPT), X(SA_NODEFER),
    X(SA_RESETHAND), X(SA_SIGINFO), X(SA_NOCLDSTOP), X(SA_NOCLDWAIT),
};

static const struct xlat sa_handler_values[] = {
    X(SIG_ERR), X(SIG_DFL), X(SIG_IGN),
};

static const struct xlat sigaltstack_flags[] = {
    X(SS_ONSTACK), X(SS_DISABLE), X(SS_AUTODISARM),
};

/* src/xlat/wait4_options.in (WUNTRACED == WSTOPPED prints as WSTOPPED) */
static const struct xlat wait4_options[] = {
    X(WNOHANG), X(WEXITED), X(WSTOPPED), X(WCONTINUED), X(WNOWAIT),
    X(__WCLONE), X(__WALL), X(__WNOTHREAD),
};

static const struct xlat ptrace_events[] = {
    X(PTRACE_EVENT_FORK), X(PTRACE_EVENT_VFORK), X(PTRACE_EVENT_CLONE),
    X(PTRACE_EVENT_EXEC), X(PTRACE_EVENT_VFORK_DONE), X(PTRACE_EVENT_EXIT),
    X(PTRACE_EVENT_SECCOMP), X(PTRACE_EVENT_STOP),
};

/* src/xlat/clone_flags.in */
static const struct xlat clone_flags[] = {
    X(CLONE_VM),            X(CLONE_FS),             X(CLONE_FILES),    X(CLONE_SIGHAND),
    X(CLONE_PIDFD),         X(CLONE_PTRACE),         X(CLONE_VFORK),    X(CLONE_PARENT),
    X(CLONE_THREAD),        X(CLONE_NEWNS),          X(CLONE_SYSVSEM),  X(CLONE_SETTLS),
    X(CLONE_PARENT_SETTID), X(CLONE_CHILD_CLEARTID), X(CLONE_UNTRACED), X(CLONE_CHILD_SETTID),
    X(CLONE_NEWCGROUP),     X(CLONE_NEWUTS),         X(CLONE_NEWIPC),   X(CLONE_NEWUSER),
    X(CLONE_NEWPID),        X(CLONE_NEWNET),         X(CLONE_IO),
};

static const struct xlat rename_flags[] = {
    X(RENAME_NOREPLACE), X(RENAME_EXCHANGE), X(RENAME_WHITEOUT),
};

static const struct xlat efd_flags[] = {
    X(EFD_SEMAPHORE), X(EFD_CLOEXEC), X(EFD_NONBLOCK),
};

static const struct xlat sched_policies[] = {
    X(SCHED_OTHER), X(SCHED_FIFO), X(SCHED_RR), X(SCHED_BATCH), X(SCHED_ISO), X(SCHED_IDLE),
    X(SCHED_DEADLINE),
};

static const struct xlat sfd_flags[] = {
    X(SFD_CLOEXEC), X(SFD_NONBLOCK),
};

/* strace shows timerfd_create's and timerfd_settime's flags from one table. */
static const struct xlat tfd_flags[] = {
    X(TFD_TIMER_ABSTIME), X(TFD_TIMER_CANCEL_ON_SET), X(TFD_CLOEXEC), X(TFD_NONBLOCK),
};

static const struct xlat mfd_flags[] = {
    X(MFD_CLOEXEC), X(MFD_ALLOW_SEALING), X(MFD_HUGETLB), X(MFD_NOEXEC_SEAL), X(MFD_EXEC),
};

static const struct xlat epoll_flags[] = {
    X(EPOLL_CLOEXEC),
};

static const struct xlat epoll_ctl_ops[] = {
    X(EPOLL_CTL_ADD), X(EPOLL_CTL_DEL), X(EPOLL_CTL_MOD),
};

static const struct xlat close_range_flags[] = {
    X(CLOSE_RANGE_UNSHARE), X(CLOSE_RANGE_CLOEXEC),
};

static const struct xlat flock_ops[] = {
    X(LOCK_SH), X(LOCK_EX), X(LOCK_NB), X(LOCK_UN),
};

static const struct xlat prctl_options[] = {
    X(PR_SET_PDEATHSIG),  X(PR_GET_PDEATHSIG),       X(PR_GET_DUMPABLE),
    X(PR_SET_DUMPABLE),   X(PR_SET_NAME),            X(PR_GET_NAME),
    X(PR_GET_SECCOMP),    X(PR_SET_SECCOMP),         X(PR_CAPBSET_READ),
    X(PR_SET_CHILD_SUBREAPER), X(PR_GET_CHILD_SUBREAPER), X(PR_SET_NO_NEW_PRIVS),
    X(PR_GET_NO_NEW_PRIVS), X(PR_SET_THP_DISABLE),   X(PR_GET_THP_DISABLE),
    X(PR_SET_VMA),        X(PR_GET_KEEPCAPS),        X(PR_SET_KEEPCAPS),
    X(PR_CAPBSET_DROP),   X(PR_GET_SECUREBITS),      X(PR_SET_SECUREBITS),
    X(PR_CAP_AMBIENT),
};

static const struct xlat pr_cap_ambient_ops[] = {
    X(PR_CAP_AMBIENT_IS_SET), X(PR_CAP_AMBIENT_RAISE), X(PR_CAP_AMBIENT_LOWER),
    X(PR_CAP_AMBIENT_CLEAR_ALL),
};

/* include/uapi/linux/securebits.h SECBIT_*: 1 << SECURE_*. */
static const struct xlat secbits[] = {
    {1, "SECBIT_NOROOT"},          {2, "SECBIT_NOROOT_LOCKED"},
    {4, "SECBIT_NO_SETUID_FIXUP"}, {8, "SECBIT_NO_SETUID_FIXUP_LOCKED"},
    {0x10, "SECBIT_KEEP_CAPS"},    {0x20, "SECBIT_KEEP_CAPS_LOCKED"},
    {0x40, "SECBIT_NO_CAP_AMBIENT_RAISE"}, {0x80, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED"},
};

/* include/uapi/linux/capability.h, by number. */
static const char *const cap_names[LINUX_CAP_LAST_CAP + 1] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
    "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
    "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
    "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
    "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

static const struct xlat suid_dump_modes[] = {
    X(SUID_DUMP_DISABLE), X(SUID_DUMP_USER), X(SUID_DUMP_ROOT),
};

#ifdef LINUX_NR_arch_prctl
/* src/xlat/archvals.in */
static const struct xlat arch_prctl_codes[] = {
    X(ARCH_SET_GS), X(ARCH_SET_FS), X(ARCH_GET_FS), X(ARCH_GET_GS),
    X(ARCH_GET_CPUID), X(ARCH_SET_CPUID),
    { 0x1021, "ARCH_GET_XCOMP_SUPP" }, { 0x1022, "ARCH_GET_XCOMP_PERM" },
    { 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x1024, "ARCH_GET_XCOMP_GUEST_PERM" },
    { 0x1025, "ARCH_REQ_XCOMP_GUEST_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
    { 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" },
    { 0x4001, "ARCH_GET_UNTAG_MASK" }, { 0x4002, "ARCH_ENABLE_TAGGED_ADDR" },
    { 0x4003, "ARCH_GET_MAX_TAG_BITS" }, { 0x4004, "ARCH_FORCE_TAGGED_SVA" },
    { 0x5001, "ARCH_SHSTK_ENABLE" }, { 0x5002, "ARCH_SHSTK_DISABLE" },
    { 0x5003, "ARCH_SHSTK_LOCK" }, { 0x5004, "ARCH_SHSTK_UNLOCK" },
    { 0x5005, "ARCH_SHSTK_STATUS" },
};
#endif

/* Terminal flags (src/xlat/term_*.in, src/xlat/baud_options.in). */
static const struct xlat term_iflags[] = {
    X(IGNBRK), X(BRKINT), X(IGNPAR), X(PARMRK), X(INPCK), X(ISTRIP), X(INLCR), X(IGNCR),
    X(ICRNL),  X(IUCLC),  X(IXON),   X(IXANY),  X(IXOFF), X(IMAXBEL), X(IUTF8),
};

static const struct xlat term_oflags[] = {
    X(OPOST), X(OLCUC), X(ONLCR), X(OCRNL), X(ONOCR), X(ONLRET), X(OFILL), X(OFDEL),
};

static const struct xlat term_lflags[] = {
    X(ISIG),   X(ICANON), X(XCASE),   X(ECHO),    X(ECHOE),  X(ECHOK),  X(ECHONL), X(NOFLSH),
    X(IEXTEN), X(ECHOCTL), X(ECHOPRT), X(ECHOKE), X(FLUSHO), X(PENDIN), X(TOSTOP), X(EXTPROC),
};

static const struct xlat term_cflags[] = {
    X(CSTOPB), X(CREAD), X(PARENB), X(PARODD), X(HUPCL), X(CLOCAL), X(CMSPAR), X(CRTSCTS),
};

static const struct xlat term_csize[] = {
    { 0x00, "CS5" }, { 0x10, "CS6" }, { 0x20, "CS7" }, { 0x30, "CS8" },
};

static const struct xlat baud_options[] = {
    { 0, "B0" },        { 1, "B50" },        { 2, "B75" },        { 3, "B110" },
    { 4, "B134" },      { 5, "B150" },       { 6, "B200" },       { 7, "B300" },
    { 8, "B600" },      { 9, "B1200" },      { 10, "B1800" },     { 11, "B2400" },
    { 12, "B4800" },    { 13, "B9600" },     { 14, "B19200" },    { 15, "B38400" },
    { 0x1001, "B57600" }, { 0x1002, "B115200" }, { 0x1003, "B230400" },
    { 0x1004, "B460800" }, { 0x1005, "B500000" }, { 0x1006, "B576000" },
    { 0x1007, "B921600" }, { 0x1008, "B1000000" }, { 0x1009, "B1152000" },
    { 0x100a, "B1500000" }, { 0x100b, "B2000000" }, { 0x100c, "B2500000" },
    { 0x100d, "B3000000" }, { 0x100e, "B3500000" }, { 0x100f, "B4000000" },
    { 0x1000, "BOTHER" },
};

/* The termios output delay fields: mask and names by value. */
static const struct {
    uint32_t mask;
    const char *names[4];
    const char *dflt;
} term_delays[] = {
    { LINUX_NLDLY, { "NL0", "NL1", NULL, NULL }, "NL?" },
    { LINUX_CRDLY, { "CR0", "CR1", "CR2", "CR3" }, "CR?" },
    /* strace finds XTABS (== TAB3) first in term_oflags_tabdly */
    { LINUX_TABDLY, { "TAB0", "TAB1", "TAB2", "XTABS" }, "TAB?" },
    { LINUX_BSDLY, { "BS0", "BS1", NULL, NULL }, "BS?" },
    { LINUX_VTDLY, { "VT0", "VT1", NULL, NULL }, "VT?" },
    { LINUX_FFDLY, { "FF0", "FF1", NULL, NULL }, "FF?" },
};

/* src/xlat/tcxonc_options.in, src/xlat/tcflsh_options.in */
static const struct xlat tcxonc_options[] = {
    { 0, "TCOOFF" }, { 1, "TCOON" }, { 2, "TCIOFF" }, { 3, "TCION" },
};

static const struct xlat tcflsh_options[] = {
    { 0, "TCIFLUSH" }, { 1, "TCOFLUSH" }, { 2, "TCIOFLUSH" },
};

static const struct xlat ioctl_dirs[] = {
    X(_IOC_NONE), X(_IOC_READ), X(_IOC_WRITE),
};

/* ioctl request names; strace prints the OSS aliases of the TCSETS* codes too. */
static const struct xlat ioctl_names[] = {
    X(TCGETS),     { LINUX_TCSETS, "SNDCTL_TMR_START or TCSETS" },
    { LINUX_TCSETSW, "SNDCTL_TMR_STOP or TCSETSW" },
    { LINUX_TCSETSF, "SNDCTL_TMR_CONTINUE or TCSETSF" },
    X(TCSBRK),     X(TCXONC),     X(TCFLSH),     X(TIOCEXCL),   X(TIOCNXCL),
    X(TIOCSCTTY),  X(TIOCGPGRP),  X(TIOCSPGRP),  X(TIOCOUTQ),   X(TIOCGWINSZ),
    X(TIOCSWINSZ), X(FIONREAD),   X(FIONBIO),    X(TIOCNOTTY),  X(TIOCGSID),
    X(TIOCGPTN),   X(TIOCSPTLCK), X(TIOCGPTPEER), X(FIONCLEX),  X(FIOCLEX),
    X(FIOASYNC),
};

/* src/xlat/addrfams.in (the families seen in practice) */
static const struct xlat addrfams[] = {
    X(AF_UNSPEC), X(AF_UNIX), X(AF_INET), X(AF_INET6), X(AF_NETLINK), X(AF_PACKET), X(AF_VSOCK),
};

static const struct xlat socktypes[] = {
    X(SOCK_STREAM), X(SOCK_DGRAM), X(SOCK_RAW), X(SOCK_RDM), X(SOCK_SEQPACKET), X(SOCK_DCCP),
    X(SOCK_PACKET),
};

static const struct xlat sock_type_flags[] = {
    X(SOCK_CLOEXEC), X(SOCK_NONBLOCK),
};

static const struct xlat inet_protocols[] = {
    X(IPPROTO_IP), X(IPPROTO_ICMP), X(IPPROTO_TCP), X(IPPROTO_UDP), X(IPPROTO_IPV6),
    X(IPPROTO_ICMPV6), X(IPPROTO_SCTP), X(IPPROTO_RAW),
};

/* src/xlat/priorities.in */
static const struct xlat prio_which[] = {
    X(PRIO_PROCESS), X(PRIO_PGRP), X(PRIO_USER),
};

/* src/xlat/ioprio_who.in, ioprio_class.in */
static const struct xlat ioprio_who[] = {
    X(IOPRIO_WHO_PROCESS), X(IOPRIO_WHO_PGRP), X(IOPRIO_WHO_USER),
};

static const struct xlat ioprio_class[] = {
    X(IOPRIO_CLASS_NONE), X(IOPRIO_CLASS_RT), X(IOPRIO_CLASS_BE), X(IOPRIO_CLASS_IDLE),
};

static const struct xlat shutdown_modes[] = {
    X(SHUT_RD), X(SHUT_WR), X(SHUT_RDWR),
};

static const struct xlat fadvise_advice[] = {
    X(POSIX_FADV_NORMAL), X(POSIX_FADV_RANDOM), X(POSIX_FADV_SEQUENTIAL),
    X(POSIX_FADV_WILLNEED), X(POSIX_FADV_DONTNEED), X(POSIX_FADV_NOREUSE),
};

static const struct xlat xattr_flags[] = {
    X(XATTR_CREATE), X(XATTR_REPLACE),
};

/* ------------------------------------------------------------------------ */
/* errno and signal names */

/* Linux errno names (include/uapi/asm-generic/errno*.h) with glibc's strerror text. */
static const struct {
    const char *name;
    const char *msg;
} errnos[] = {
    [1] = { "EPERM", "Operation not permitted" },
    [2] = { "ENOENT", "No such file or directory" },
    [3] = { "ESRCH", "No such process" },
    [4] = { "EINTR", "Interrupted system call" },
    [5] = { "EIO", "Input/output error" },
    [6] = { "ENXIO", "No such device or address" },
    [7] = { "E2BIG", "Argument list too long" },
    [8] = { "ENOEXEC", "Exec format error" },
    [9] = { "EBADF", "Bad file descriptor" },
    [10] = { "ECHILD", "No child processes" },
    [11] = { "EAGAIN", "Resource temporarily unavailable" },
    [12] = { "ENOMEM", "Cannot allocate memory" },
    [13] = { "EACCES", "Permission denied" },
    [14] = { "EFAULT", "Bad address" },
    [15] = { "ENOTBLK", "Block device required" },
    [16] = { "EBUSY", "Device or resource busy" },
    [17] = { "EEXIST", "File exists" },
    [18] = { "EXDEV", "Invalid cross-device link" },
    [19] = { "ENODEV", "No such device" },
    [20] = { "ENOTDIR", "Not a directory" },
    [21] = { "EISDIR", "Is a directory" },
    [22] = { "EINVAL", "Invalid argument" },
    [23] = { "ENFILE", "Too many open files in system" },
    [24] = { "EMFILE", "Too many open files" },
    [25] = { "ENOTTY", "Inappropriate ioctl for device" },
    [26] = { "ETXTBSY", "Text file busy" },
    [27] = { "EFBIG", "File too large" },
    [28] = { "ENOSPC", "No space left on device" },
    [29] = { "ESPIPE", "Illegal seek" },
    [30] = { "EROFS", "Read-only file system" },
    [31] = { "EMLINK", "Too many links" },
    [32] = { "EPIPE", "Broken pipe" },
    [33] = { "EDOM", "Numerical argument out of domain" },
    [34] = { "ERANGE", "Numerical result out of range" },
    [35] = { "EDEADLK", "Resource deadlock avoided" },
    [36] = { "ENAMETOOLONG", "File name too long" },
    [37] = { "ENOLCK", "No locks available" },
    [38] = { "ENOSYS", "Function not implemented" },
    [39] = { "ENOTEMPTY", "Directory not empty" },
    [40] = { "ELOOP", "Too many levels of symbolic links" },
    [42] = { "ENOMSG", "No message of desired type" },
    [43] = { "EIDRM", "Identifier removed" },
    [44] = { "ECHRNG", "Channel number out of range" },
    [45] = { "EL2NSYNC", "Level 2 not synchronized" },
    [46] = { "EL3HLT", "Level 3 halted" },
    [47] = { "EL3RST", "Level 3 reset" },
    [48] = { "ELNRNG", "Link number out of range" },
    [49] = { "EUNATCH", "Protocol driver not attached" },
    [50] = { "ENOCSI", "No CSI structure available" },
    [51] = { "EL2HLT", "Level 2 halted" },
    [52] = { "EBADE", "Invalid exchange" },
    [53] = { "EBADR", "Invalid request descriptor" },
    [54] = { "EXFULL", "Exchange full" },
    [55] = { "ENOANO", "No anode" },
    [56] = { "EBADRQC", "Invalid request code" },
    [57] = { "EBADSLT", "Invalid slot" },
    [59] = { "EBFONT", "Bad font file format" },
    [60] = { "ENOSTR", "Device not a stream" },
    [61] = { "ENODATA", "No data available" },
    [62] = { "ETIME", "Timer expired" },
    [63] = { "ENOSR", "Out of streams resources" },
    [64] = { "ENONET", "Machine is not on the network" },
    [65] = { "ENOPKG", "Package not installed" },
    [66] = { "EREMOTE", "Object is remote" },
    [67] = { "ENOLINK", "Link has been severed" },
    [68] = { "EADV", "Advertise error" },
    [69] = { "ESRMNT", "Srmount error" },
    [70] = { "ECOMM", "Communication error on send" },
    [71] = { "EPROTO", "Protocol error" },
    [72] = { "EMULTIHOP", "Multihop attempted" },
    [73] = { "EDOTDOT", "RFS specific error" },
    [74] = { "EBADMSG", "Bad message" },
    [75] = { "EOVERFLOW", "Value too large for defined data type" },
    [76] = { "ENOTUNIQ", "Name not unique on network" },
    [77] = { "EBADFD", "File descriptor in bad state" },
    [78] = { "EREMCHG", "Remote address changed" },
    [79] = { "ELIBACC", "Can not access a needed shared library" },
    [80] = { "ELIBBAD", "Accessing a corrupted shared library" },
    [81] = { "ELIBSCN", ".lib section in a.out corrupted" },
    [82] = { "ELIBMAX", "Attempting to link in too many shared libraries" },
    [83] = { "ELIBEXEC", "Cannot exec a shared library directly" },
    [84] = { "EILSEQ", "Invalid or incomplete multibyte or wide character" },
    [85] = { "ERESTART", "Interrupted system call should be restarted" },
    [86] = { "ESTRPIPE", "Streams pipe error" },
    [87] = { "EUSERS", "Too many users" },
    [88] = { "ENOTSOCK", "Socket operation on non-socket" },
    [89] = { "EDESTADDRREQ", "Destination address required" },
    [90] = { "EMSGSIZE", "Message too long" },
    [91] = { "EPROTOTYPE", "Protocol wrong type for socket" },
    [92] = { "ENOPROTOOPT", "Protocol not available" },
    [93] = { "EPROTONOSUPPORT", "Protocol not supported" },
    [94] = { "ESOCKTNOSUPPORT", "Socket type not supported" },
    [95] = { "EOPNOTSUPP", "Operation not supported" },
    [96] = { "EPFNOSUPPORT", "Protocol family not supported" },
    [97] = { "EAFNOSUPPORT", "Address family not supported by protocol" },
    [98] = { "EADDRINUSE", "Address already in use" },
    [99] = { "EADDRNOTAVAIL", "Cannot assign requested address" },
    [100] = { "ENETDOWN", "Network is down" },
    [101] = { "ENETUNREACH", "Network is unreachable" },
    [102] = { "ENETRESET", "Network dropped connection on reset" },
    [103] = { "ECONNABORTED", "Software caused connection abort" },
    [104] = { "ECONNRESET", "Connection reset by peer" },
    [105] = { "ENOBUFS", "No buffer space available" },
    [106] = { "EISCONN", "Transport endpoint is already connected" },
    [107] = { "ENOTCONN", "Transport endpoint is not connected" },
    [108] = { "ESHUTDOWN", "Cannot send after transport endpoint shutdown" },
    [109] = { "ETOOMANYREFS", "Too many references: cannot splice" },
    [110] = { "ETIMEDOUT", "Connection timed out" },
    [111] = { "ECONNREFUSED", "Connection refused" },
    [112] = { "EHOSTDOWN", "Host is down" },
    [113] = { "EHOSTUNREACH", "No route to host" },
    [114] = { "EALREADY", "Operation already in progress" },
    [115] = { "EINPROGRESS", "Operation now in progress" },
    [116] = { "ESTALE", "Stale file handle" },
    [117] = { "EUCLEAN", "Structure needs cleaning" },
    [118] = { "ENOTNAM", "Not a XENIX named type file" },
    [119] = { "ENAVAIL", "No XENIX semaphores available" },
    [120] = { "EISNAM", "Is a named type file" },
    [121] = { "EREMOTEIO", "Remote I/O error" },
    [122] = { "EDQUOT", "Disk quota exceeded" },
    [123] = { "ENOMEDIUM", "No medium found" },
    [124] = { "EMEDIUMTYPE", "Wrong medium type" },
    [125] = { "ECANCELED", "Operation canceled" },
    [126] = { "ENOKEY", "Required key not available" },
    [127] = { "EKEYEXPIRED", "Key has expired" },
    [128] = { "EKEYREVOKED", "Key has been revoked" },
    [129] = { "EKEYREJECTED", "Key was rejected by service" },
    [130] = { "EOWNERDEAD", "Owner died" },
    [131] = { "ENOTRECOVERABLE", "State not recoverable" },
    [132] = { "ERFKILL", "Operation not possible due to RF-kill" },
    [133] = { "EHWPOISON", "Memory page has hardware error" },
};

/* Kernel-internal codes (include/linux/errno.h); glibc has no text for them. */
static const char *const errnos_internal[] = {
    "ERESTARTSYS",  "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",   "ERESTART_RESTARTBLOCK",
    "EPROBE_DEFER", "EOPENSTALE",     "ENOPARAM",       NULL,            "EBADHANDLE",
    "ENOTSYNC",     "EBADCOOKIE",     "ENOTSUPP",       "ETOOSMALL",     "ESERVERFAULT",
    "EBADTYPE",     "EJUKEBOX",       "EIOCBQUEUED",    "ERECALLCONFLICT", "ENOGRACE",
};

const char *strace_errno_name(int err)
{
    if (err < 0)
        err = -err;
    if (err > 0 && (size_t)err < ARRAY_SIZE(errnos))
        return errnos[err].name;
    if (err >= LINUX_ERESTARTSYS && (size_t)(err - LINUX_ERESTARTSYS) < ARRAY_SIZE(errnos_internal))
        return errnos_internal[err - LINUX_ERESTARTSYS];
    return NULL;
}

/* signalent for x86_64/arm64 (strace's linux/signalent.h): 1..31 plus SIGRTMIN. */
static const char *const signames[] = {
    NULL,      "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT",
    "SIGBUS",  "SIGFPE",  "SIGKILL",   "SIGUSR1", "SIGSEGV",   "SIGUSR2", "SIGPIPE",
    "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",
    "SIGTTIN", "SIGTTOU", "SIGURG",    "SIGXCPU", "SIGXFSZ",   "SIGVTALRM", "SIGPROF",
    "SIGWINCH", "SIGIO",  "SIGPWR",    "SIGSYS",  "SIGRTMIN",
};

/* printsignal() / signame() from strace src/signal.c. */
static void print_signal(struct fmt *f, int sig)
{
    if (sig > 0 && (size_t)sig < ARRAY_SIZE(signames))
        out(f, signames[sig]);
    else if (sig > LINUX_SIGRTMIN && sig <= LINUX_NSIG)
        outf(f, "SIGRT_%d", sig - LINUX_SIGRTMIN);
    else
        outf(f, "%d", sig);
}

/* sprintsigmask_n() from strace src/signal.c: ~[...] once 2/3 of the bits are set. */
static void print_sigmask(struct fmt *f, uint64_t mask)
{
    if (__builtin_popcountll(mask) >= 64 * 2 / 3) {
        out(f, "~");
        mask = ~mask;
    }
    out(f, "[");
    bool first = true;
    for (int i = 0; i < 64; i++) {
        if (!(mask & (1ULL << i)))
            continue;
        int sig = i + 1;
        if (!first)
            out(f, " ");
        first = false;
        if ((size_t)sig < ARRAY_SIZE(signames))
            out(f, signames[sig] + 3);
        else
            outf(f, "RT_%d", sig - LINUX_SIGRTMIN);
    }
    out(f, "]");
}

/* ------------------------------------------------------------------------ */
/* Compound arguments */

static bool failed(const struct fmt *f)
{
    return f->err != 0;
}

static void print_fd(struct fmt *f, uint64_t v)
{
    outf(f, "%d", (int)v);
}

/* print_dirfd(): AT_FDCWD by name, any other value as an fd. */
static void print_dirfd(struct fmt *f, uint64_t v)
{
    if ((int)v == LINUX_AT_FDCWD)
        out(f, "AT_FDCWD");
    else
        print_fd(f, v);
}

/* printuid(): -1 stays -1, anything else unsigned. */
static void print_uid(struct fmt *f, uint64_t v)
{
    if ((uint32_t)v == UINT32_MAX)
        out(f, "-1");
    else
        outf(f, "%u", (unsigned)v);
}

static void print_mode_num(struct fmt *f, uint64_t v)
{
    outf(f, "%#03o", (unsigned)(uint16_t)v);
}

/* print_symbolic_mode_t() from strace src/printmode.c. */
static void print_mode_sym(struct fmt *f, unsigned mode)
{
    const char *ifmt = "";
    if (mode & LINUX_S_IFMT) {
        ifmt = xlookup(XLEN(modetypes), mode & LINUX_S_IFMT);
        if (!ifmt) {
            outf(f, "%#03o", mode);
            return;
        }
    }
    outf(f, "%s%s%s%s%s%#03o", ifmt, ifmt[0] ? "|" : "", (mode & LINUX_S_ISUID) ? "S_ISUID|" : "",
         (mode & LINUX_S_ISGID) ? "S_ISGID|" : "", (mode & LINUX_S_ISVTX) ? "S_ISVTX|" : "",
         mode & ~(unsigned)(LINUX_S_IFMT | LINUX_S_ISUID | LINUX_S_ISGID | LINUX_S_ISVTX));
}

/* sprint_open_modes() from strace src/open.c: access mode first, then flags. */
static void print_open_flags(struct fmt *f, uint64_t v)
{
    unsigned flags = (unsigned)v;
    out(f, xlookup(XLEN(open_access_modes), flags & LINUX_O_ACCMODE));
    flags &= ~(unsigned)LINUX_O_ACCMODE;
    if (flags) {
        out(f, "|");
        print_flags(f, XLEN(open_mode_flags), flags, NULL);
    }
}

/* print_mmap_flags() from strace src/mem.c: type, flags, then the huge page size. */
static void print_mmap_flags(struct fmt *f, uint64_t v)
{
    unsigned flags = (unsigned)v;
    unsigned type = flags & LINUX_MAP_TYPE;
    unsigned huge = (flags >> LINUX_MAP_HUGE_SHIFT) & LINUX_MAP_HUGE_MASK;
    flags &= ~(unsigned)LINUX_MAP_TYPE & ~(LINUX_MAP_HUGE_MASK << LINUX_MAP_HUGE_SHIFT);
    if (type == 0)
        out(f, "MAP_FILE");
    else
        print_xval(f, mmap_flags, 4, type, "MAP_???");
    if (flags) {
        out(f, "|");
        print_flags(f, XLEN(mmap_flags), flags, NULL);
    }
    if (huge)
        outf(f, "|%u<<MAP_HUGE_SHIFT", huge);
}

static void print_timespec_val(struct fmt *f, const struct linux_timespec *ts)
{
    outf(f, "{tv_sec=%lld, tv_nsec=%llu}", (long long)ts->tv_sec, (unsigned long long)ts->tv_nsec);
}

static void print_timeval_val(struct fmt *f, const struct linux_timeval *tv)
{
    outf(f, "{tv_sec=%lld, tv_usec=%llu}", (long long)tv->tv_sec, (unsigned long long)tv->tv_usec);
}

static void print_itimerspec_val(struct fmt *f, const struct linux_itimerspec *v)
{
    out(f, "{it_interval=");
    print_timespec_val(f, &v->interval);
    out(f, ", it_value=");
    print_timespec_val(f, &v->value);
    out(f, "}");
}

/* print_sigevent() from strace src/print_sigevent.c: the value only when not zero. */
static const struct xlat sigev_notify_names[] = {
    {LINUX_SIGEV_SIGNAL, "SIGEV_SIGNAL"},
    {LINUX_SIGEV_NONE, "SIGEV_NONE"},
    {LINUX_SIGEV_THREAD, "SIGEV_THREAD"},
    {LINUX_SIGEV_THREAD_ID, "SIGEV_THREAD_ID"},
};

static void print_signal(struct fmt *f, int sig);

static void print_sigevent_val(struct fmt *f, const struct linux_sigevent *ev)
{
    out(f, "{");
    if (ev->value)
        outf(f, "sigev_value={sival_int=%d, sival_ptr=%#llx}, ", (int)ev->value,
             (unsigned long long)ev->value);
    out(f, "sigev_signo=");
    if (ev->notify == LINUX_SIGEV_SIGNAL || ev->notify == LINUX_SIGEV_THREAD ||
        ev->notify == LINUX_SIGEV_THREAD_ID)
        print_signal(f, ev->signo);
    else
        outf(f, "%u", (unsigned)ev->signo);
    out(f, ", sigev_notify=");
    print_xval(f, XLEN(sigev_notify_names), (unsigned)ev->notify, "SIGEV_???");
    if (ev->notify == LINUX_SIGEV_THREAD_ID)
        outf(f, ", sigev_notify_thread_id=%d", ev->tid);
    else if (ev->notify == LINUX_SIGEV_THREAD)
        outf(f, ", sigev_notify_function=%#llx, sigev_notify_attributes=%#llx",
             (unsigned long long)(uint32_t)ev->tid | (unsigned long long)(uint32_t)ev->__pad[0] << 32,
             (unsigned long long)(uint32_t)ev->__pad[1] | (unsigned long long)(uint32_t)ev->__pad[2] << 32);
    out(f, "}");
}

/* print_timespec(): NULL, address on fault, else the struct. */
static void print_timespec(struct fmt *f, uint64_t addr)
{
    struct linux_timespec ts;
    if (!addr)
        out(f, "NULL");
    else if (!mread(f, addr, &ts, sizeof(ts)))
        print_addr(f, addr);
    else
        print_timespec_val(f, &ts);
}

/* Output structs: after a failed call strace shows only the address. */
static bool fetch_out(struct fmt *f, uint64_t addr, void *buf, size_t len)
{
    if (addr && !failed(f) && mread(f, addr, buf, len))
        return true;
    print_addr(f, addr);
    return false;
}

static bool fetch_in(struct fmt *f, uint64_t addr, void *buf, size_t len)
{
    if (addr && mread(f, addr, buf, len))
        return true;
    print_addr(f, addr);
    return false;
}

/*
 * sprinttime() from strace src/util.c as a comment after a time_t. strace
 * uses the tracer's local zone; this always prints UTC ("+0000") so the
 * output does not depend on the host. 0 gets no comment, as in strace.
 */
static void print_time_comment(struct fmt *f, int64_t t, const char *open, const char *close)
{
    if (t == 0 || t < -62167219200LL || t > 253402300799LL) /* years 0000..9999 */
        return;
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    /* civil_from_days(), Howard Hinnant's algorithm */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    outf(f, "%s%04lld-%02lld-%02lldT%02lld:%02lld:%02lld+0000%s", open, (long long)y,
         (long long)m, (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60),
         (long long)(secs % 60), close);
}

/* sprint_rlim64() from strace src/resource.c. */
static void print_rlim(struct fmt *f, uint64_t v)
{
    if (v == LINUX_RLIM_INFINITY)
        out(f, "RLIM64_INFINITY");
    else if (v > 1024 && v % 1024 == 0)
        outf(f, "%llu*1024", (unsigned long long)(v / 1024));
    else
        outf(f, "%llu", (unsigned long long)v);
}

static void print_rlimit_val(struct fmt *f, const struct linux_rlimit *r)
{
    out(f, "{rlim_cur=");
    print_rlim(f, r->rlim_cur);
    out(f, ", rlim_max=");
    print_rlim(f, r->rlim_max);
    out(f, "}");
}

/* glibc gnu_dev_major/minor; strace print_dev_t() prints makedev(%#x, %#x). */
static void print_dev(struct fmt *f, uint64_t dev)
{
    unsigned major = (unsigned)(((dev >> 32) & 0xfffff000U) | ((dev >> 8) & 0xfff));
    unsigned minor = (unsigned)(((dev >> 12) & 0xffffff00U) | (dev & 0xff));
    outf(f, "makedev(%#x, %#x)", major, minor);
}

/* print_struct_stat() from strace src/print_struct_stat.c, abbreviated. */
static void print_stat(struct fmt *f, uint64_t addr)
{
    struct linux_stat st;
    if (!fetch_out(f, addr, &st, sizeof(st)))
        return;
    out(f, "{st_mode=");
    print_mode_sym(f, st.st_mode);
    switch (st.st_mode & LINUX_S_IFMT) {
    case LINUX_S_IFCHR:
    case LINUX_S_IFBLK:
        out(f, ", st_rdev=");
        print_dev(f, st.st_rdev);
        break;
    default:
        outf(f, ", st_size=%llu", (unsigned long long)st.st_size);
        break;
    }
    out(f, ", ...}");
}

/* SYS_FUNC(statx) output from strace src/statx.c, abbreviated. */
static void print_statx(struct fmt *f, uint64_t addr)
{
    struct linux_statx stx;
    if (!fetch_out(f, addr, &stx, sizeof(stx)))
        return;
    out(f, "{stx_mask=");
    print_flags(f, XLEN(statx_masks), stx.stx_mask, "STATX_???");
    out(f, ", stx_attributes=");
    print_flags(f, XLEN(statx_attrs), stx.stx_attributes, "STATX_ATTR_???");
    out(f, ", stx_mode=");
    print_mode_sym(f, stx.stx_mode);
    outf(f, ", stx_size=%llu, ...}", (unsigned long long)stx.stx_size);
}

/* SYS_FUNC(uname) from strace src/uname.c, abbreviated. */
static void print_utsname(struct fmt *f, uint64_t addr)
{
    struct linux_utsname u;
    if (!fetch_out(f, addr, &u, sizeof(u)))
        return;
    out(f, "{sysname=");
    quote(f, (const unsigned char *)u.sysname, strnlen(u.sysname, sizeof(u.sysname)), false);
    out(f, ", nodename=");
    quote(f, (const unsigned char *)u.nodename, strnlen(u.nodename, sizeof(u.nodename)), false);
    out(f, ", ...}");
}

/* decode_new_sigaction() from strace src/signal.c. */
static void print_sigaction_val(struct fmt *f, const struct linux_sigaction *sa)
{
    const char *h = xlookup(XLEN(sa_handler_values), sa->handler);
    out(f, "{sa_handler=");
    if (h)
        out(f, h);
    else
        print_addr(f, sa->handler);
    out(f, ", sa_mask=");
    print_sigmask(f, sa->mask);
    out(f, ", sa_flags=");
    print_flags(f, XLEN(sigact_flags), sa->flags, "SA_???");
    if (sa->flags & LINUX_SA_RESTORER) {
        out(f, ", sa_restorer=");
        print_addr(f, sa->restorer);
    }
    out(f, "}");
}

/* print_sigset_addr_len(): the kernel's 8-byte set, or the address. */
static void print_sigset(struct fmt *f, uint64_t addr, uint64_t len, bool output)
{
    uint64_t mask;
    if (len != sizeof(mask)) {
        print_addr(f, addr);
        return;
    }
    if (output ? fetch_out(f, addr, &mask, sizeof(mask)) : fetch_in(f, addr, &mask, sizeof(mask)))
        print_sigmask(f, mask);
}

/* print_stack_t() from strace src/sigaltstack.c. */
static void print_stack(struct fmt *f, uint64_t addr, bool output)
{
    struct linux_stack ss;
    if (!(output ? fetch_out(f, addr, &ss, sizeof(ss)) : fetch_in(f, addr, &ss, sizeof(ss))))
        return;
    out(f, "{ss_sp=");
    print_addr(f, ss.ss_sp);
    out(f, ", ss_flags=");
    print_flags(f, XLEN(sigaltstack_flags), (uint32_t)ss.ss_flags, "SS_???");
    outf(f, ", ss_size=%llu}", (unsigned long long)ss.ss_size);
}

/* printstatus() from strace src/wait.c. */
static void print_wait_status(struct fmt *f, uint64_t addr)
{
    int32_t st;
    /* With WNOHANG and no child ready the kernel leaves *status alone. */
    if (f->ret == 0) {
        print_addr(f, addr);
        return;
    }
    if (!fetch_out(f, addr, &st, sizeof(st)))
        return;
    unsigned s = (unsigned)st;
    out(f, "[");
    if ((s & 0xff) == 0x7f) {
        unsigned sig = (s >> 8) & 0xff;
        out(f, "{WIFSTOPPED(s) && WSTOPSIG(s) == ");
        print_signal(f, (int)(sig & 0x7f));
        out(f, (sig & 0x80) ? " | 0x80}" : "}");
        s &= ~((sig << 8) | 0x7fU);
    } else if ((s & 0x7f) != 0 && (s & 0x7f) != 0x7f) {
        out(f, "{WIFSIGNALED(s) && WTERMSIG(s) == ");
        print_signal(f, (int)(s & 0x7f));
        out(f, (s & 0x80) ? " && WCOREDUMP(s)}" : "}");
        s &= ~0xffU;
    } else if ((s & 0x7f) == 0) {
        outf(f, "{WIFEXITED(s) && WEXITSTATUS(s) == %u}", (s >> 8) & 0xff);
        s &= ~0xff00U;
    } else if (s == 0xffff) {
        out(f, "{WIFCONTINUED(s)}");
        s = 0;
    } else {
        outf(f, "%#x]", s);
        return;
    }
    if (s >> 16) {
        out(f, " | ");
        print_xval(f, XLEN(ptrace_events), s >> 16, "PTRACE_EVENT_???");
        out(f, " << 16");
        s &= 0xffff;
    }
    if (s)
        outf(f, " | %#x", s);
    out(f, "]");
}

/* printrusage() from strace src/resource.c, abbreviated. */
static void print_rusage(struct fmt *f, uint64_t addr)
{
    struct linux_rusage_head ru;
    if (!fetch_out(f, addr, &ru, sizeof(ru)))
        return;
    out(f, "{ru_utime=");
    print_timeval_val(f, &ru.ru_utime);
    out(f, ", ru_stime=");
    print_timeval_val(f, &ru.ru_stime);
    out(f, ", ...}");
}

/*
 * print_array_ex() from strace src/util.c: @n elements of @esz bytes at
 * @addr, each read into @elem and shown by @show (with its index and @ctx);
 * NULL, [], the address when the array wraps or its first element cannot be
 * read, "..." and the address in a comment where reading stops later, "..." past
 * MAX_STRLEN elements.
 */
static void print_array(struct fmt *f, uint64_t addr, uint64_t n, uint64_t esz, void *elem,
                        void (*show)(struct fmt *f, const void *elem, uint64_t i, void *ctx),
                        void *ctx)
{
    if (!addr) {
        out(f, "NULL");
        return;
    }
    if (n == 0) {
        out(f, "[]");
        return;
    }
    if (n > UINT64_MAX / esz || addr + n * esz <= addr) {
        print_addr(f, addr);
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t cur = addr + i * esz;
        if (i)
            sep(f);
        if (!mread(f, cur, elem, esz)) {
            if (i == 0) {
                print_addr(f, cur);
                return;
            }
            outf(f, "... /* %#llx */", (unsigned long long)cur);
            break;
        }
        if (i == 0)
            out(f, "[");
        if (i >= MAX_STRLEN) {
            out(f, "...");
            break;
        }
        show(f, elem, i, ctx);
    }
    out(f, "]");
}

/* How much of the data print_iov() may still show: UINT64_MAX for all of it. */
struct iov_ctx {
    bool decode;
    uint64_t data_size;
};

static void show_iov(struct fmt *f, const void *elem, uint64_t i, void *ctx)
{
    const struct linux_iovec *iov = elem;
    struct iov_ctx *c = ctx;
    (void)i;
    out(f, "{iov_base=");
    if (c->decode) {
        uint64_t len = iov->iov_len < c->data_size ? iov->iov_len : c->data_size;
        if (c->data_size != UINT64_MAX)
            c->data_size -= len;
        print_buf(f, iov->iov_base, len, false);
    } else {
        print_addr(f, iov->iov_base);
    }
    outf(f, ", iov_len=%llu}", (unsigned long long)iov->iov_len);
}

/* print_iovec() from strace src/io.c. */
static void print_iov(struct fmt *f, uint64_t addr, uint64_t cnt, bool decode, uint64_t data_size)
{
    struct linux_iovec iov;
    struct iov_ctx c = {decode, data_size};
    print_array(f, addr, cnt, sizeof(iov), &iov, show_iov, &c);
}

/* printargv() from strace src/execve.c. */
static void print_argv(struct fmt *f, uint64_t addr)
{
    if (!addr) {
        out(f, "NULL");
        return;
    }
    for (unsigned n = 0;; n++, addr += 8) {
        uint64_t word;
        if (addr < 8 * (uint64_t)n || !mread(f, addr, &word, sizeof(word))) {
            if (n == 0) {
                print_addr(f, addr);
                return;
            }
            outf(f, ", ... /* %#llx */", (unsigned long long)addr);
            break;
        }
        if (n == 0)
            out(f, "[");
        if (word == 0)
            break;
        if (n)
            sep(f);
        if (n + 1 > MAX_STRLEN) {
            out(f, "...");
            break;
        }
        print_str(f, word);
    }
    out(f, "]");
}

/* printargc() from strace src/execve.c: the address and how many entries. */
static void print_envc(struct fmt *f, uint64_t addr)
{
    print_addr(f, addr);
    if (!addr)
        return;
    unsigned n;
    bool unterminated = false;
    /* Bounded so a hostile guest cannot make one line arbitrarily slow. */
    for (n = 0; n < (1U << 20); n++) {
        uint64_t word;
        uint64_t cur = addr + 8 * (uint64_t)n;
        if (cur < addr || !mread(f, cur, &word, sizeof(word))) {
            if (n == 0)
                return;
            unterminated = true;
            break;
        }
        if (word == 0)
            break;
    }
    outf(f, " /* %u var%s%s */", n, n == 1 ? "" : "s", unterminated ? ", unterminated" : "");
}

/* SYS_FUNC(getdents64) from strace src/dirent64.c, abbreviated: count entries. */
static void print_dirents(struct fmt *f, uint64_t addr, unsigned name_off, unsigned reclen_off)
{
    if (failed(f)) {
        print_addr(f, addr);
        return;
    }
    uint64_t len = (uint64_t)f->ret;
    if (f->ret > 1024 * 1024)
        len = 1024 * 1024;
    else if (f->ret < (long)name_off)
        len = 0;
    unsigned dents = 0;
    for (uint64_t i = 0; len && i <= len - name_off;) {
        uint16_t reclen;
        if (!mread(f, addr + i + reclen_off, &reclen, sizeof(reclen))) {
            print_addr(f, addr);
            return;
        }
        if (reclen < name_off)
            break;
        i += reclen;
        dents++;
    }
    print_addr(f, addr);
    outf(f, " /* %u entries */", dents);
}

/*
 * Flag words without a "???" default. strace 6.1 prints nothing at all for
 * 0 here (e.g. "c_iflag=, "), which reads as a glitch; we print 0 instead.
 */
static void print_flags_or0(struct fmt *f, const struct xlat *x, size_t n, uint64_t v)
{
    if (v)
        print_flags(f, x, n, v, NULL);
    else
        out(f, "0");
}

/* decode_termios() from strace src/term.c, abbreviated. */
static void print_termios(struct fmt *f, uint64_t addr, bool output)
{
    struct linux_termios t;
    if (!(output ? fetch_out(f, addr, &t, sizeof(t)) : fetch_in(f, addr, &t, sizeof(t))))
        return;
    out(f, "{c_iflag=");
    print_flags_or0(f, XLEN(term_iflags), t.c_iflag);
    out(f, ", c_oflag=");
    uint32_t v = t.c_oflag;
    for (size_t i = 0; i < ARRAY_SIZE(term_delays); i++) {
        uint32_t m = term_delays[i].mask;
        uint32_t idx = (v & m) / (m & -m);
        if (i)
            out(f, "|");
        if (idx < 4 && term_delays[i].names[idx])
            out(f, term_delays[i].names[idx]);
        else
            outf(f, "%#x /* %s */", v & m, term_delays[i].dflt);
        v &= ~m;
    }
    if (v) {
        out(f, "|");
        print_flags(f, XLEN(term_oflags), v, NULL);
    }
    out(f, ", c_cflag=");
    v = t.c_cflag;
    print_xval(f, XLEN(baud_options), v & LINUX_CBAUD, "B???");
    out(f, "|");
    if (v & LINUX_CIBAUD) {
        print_xval(f, XLEN(baud_options), (v & LINUX_CIBAUD) >> LINUX_IBSHIFT, "B???");
        out(f, "<<IBSHIFT|");
    }
    print_xval(f, XLEN(term_csize), v & LINUX_CSIZE, "CS?");
    v &= ~(uint32_t)(LINUX_CBAUD | LINUX_CIBAUD | LINUX_CSIZE);
    if (v) {
        out(f, "|");
        print_flags(f, XLEN(term_cflags), v, NULL);
    }
    out(f, ", c_lflag=");
    print_flags_or0(f, XLEN(term_lflags), t.c_lflag);
    out(f, ", ...}");
}

static void print_winsize(struct fmt *f, uint64_t addr, bool output)
{
    struct linux_winsize ws;
    if (!(output ? fetch_out(f, addr, &ws, sizeof(ws)) : fetch_in(f, addr, &ws, sizeof(ws))))
        return;
    outf(f, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", ws.ws_row, ws.ws_col,
         ws.ws_xpixel, ws.ws_ypixel);
}

/* printnum_int(): [value] behind a pointer. */
static void print_int_ptr(struct fmt *f, uint64_t addr, bool output, bool is_unsigned)
{
    int32_t v;
    if (output ? fetch_out(f, addr, &v, sizeof(v)) : fetch_in(f, addr, &v, sizeof(v))) {
        if (is_unsigned)
            outf(f, "[%u]", (unsigned)v);
        else
            outf(f, "[%d]", v);
    }
}

/* print_struct_flock64() from strace src/fcntl.c. */
static void print_flock(struct fmt *f, uint64_t addr, bool getlk)
{
    struct linux_flock fl;
    if (!(getlk ? fetch_out(f, addr, &fl, sizeof(fl)) : fetch_in(f, addr, &fl, sizeof(fl))))
        return;
    out(f, "{l_type=");
    print_xval(f, XLEN(lockf_cmds), (uint16_t)fl.l_type, "F_???");
    out(f, ", l_whence=");
    print_xval(f, XLEN(whence_codes), (uint16_t)fl.l_whence, "SEEK_???");
    outf(f, ", l_start=%lld, l_len=%lld", (long long)fl.l_start, (long long)fl.l_len);
    if (getlk)
        outf(f, ", l_pid=%d", fl.l_pid);
    out(f, "}");
}

/* inet_ntop(AF_INET6) as glibc writes it: longest zero run as ::, IPv4 tail when mapped. */
static void print_in6(struct fmt *f, const uint8_t a[16])
{
    unsigned w[8];
    int best = -1, best_len = 0;
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > best_len && j - i >= 2) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            out(f, "::");
            i += best_len - 1;
            continue;
        }
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
            outf(f, "%s%u.%u.%u.%u", i != best + best_len ? ":" : "", a[12], a[13], a[14], a[15]);
            break;
        }
        if (i && i != best + best_len)
            out(f, ":");
        outf(f, "%x", w[i]);
    }
}

/*
 * decode_sockaddr() from strace src/sockaddr.c for AF_UNIX, AF_INET and
 * AF_INET6. strace names a link-local sin6_scope_id with if_nametoindex()
 * from the host's interfaces; here it stays a number.
 */
static void print_sockaddr(struct fmt *f, uint64_t addr, int64_t addrlen)
{
    uint8_t sa[128];
    memset(sa, 0, sizeof(sa));
    if (!addr) {
        out(f, "NULL");
        return;
    }
    size_t len = addrlen > (int64_t)sizeof(sa) ? sizeof(sa) : addrlen > 0 ? (size_t)addrlen : 0;
    if (len < 2 || !mread(f, addr, sa, len)) {
        print_addr(f, addr);
        return;
    }
    const unsigned family = sa[0] | (unsigned)sa[1] << 8;
    const unsigned port = (unsigned)sa[2] << 8 | sa[3];
    switch (family) {
    case LINUX_AF_UNIX:
        out(f, "{sa_family=AF_UNIX");
        if (len > 2) {
            const char *path = (const char *)sa + 2;
            size_t plen = len - 2 > 108 ? 108 : len - 2;
            out(f, ", sun_path=");
            if (path[0]) {
                quote(f, (const unsigned char *)path, strnlen(path, plen), false);
            } else {
                out(f, "@");
                quote(f, (const unsigned char *)path + 1, plen - 1, false);
            }
        }
        out(f, "}");
        return;
    case LINUX_AF_INET:
        if (len < 16)
            break;
        outf(f, "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")}", port,
             sa[4], sa[5], sa[6], sa[7]);
        return;
    case LINUX_AF_INET6:
        if (len < 24)
            break;
        outf(f, "{sa_family=AF_INET6, sin6_port=htons(%u), sin6_flowinfo=htonl(%u), ", port,
             (unsigned)sa[4] << 24 | (unsigned)sa[5] << 16 | (unsigned)sa[6] << 8 | sa[7]);
        out(f, "inet_pton(AF_INET6, \"");
        print_in6(f, sa + 8);
        out(f, "\", &sin6_addr)");
        if (len >= 28)
            outf(f, ", sin6_scope_id=%u", sa[24] | (unsigned)sa[25] << 8 |
                                           (unsigned)sa[26] << 16 | (unsigned)sa[27] << 24);
        out(f, "}");
        return;
    default:
        break;
    }
    /* Other families, and addresses too short for theirs: the raw sa_data bytes. */
    out(f, "{sa_family=");
    print_xval(f, XLEN(addrfams), family, "AF_???");
    out(f, ", sa_data=");
    quote(f, sa + 2, len - 2, false);
    out(f, "}");
}

/* ------------------------------------------------------------------------ */
/* Messages: decode_msghdr() and decode_msg_control() from strace src/msghdr.c */

/* src/xlat/msg_flags.in */
static const struct xlat msg_flags[] = {
    {0x1, "MSG_OOB"},        {0x2, "MSG_PEEK"},         {0x4, "MSG_DONTROUTE"},
    {0x8, "MSG_CTRUNC"},     {0x10, "MSG_PROBE"},       {0x20, "MSG_TRUNC"},
    {0x40, "MSG_DONTWAIT"},  {0x80, "MSG_EOR"},         {0x100, "MSG_WAITALL"},
    {0x200, "MSG_FIN"},      {0x400, "MSG_SYN"},        {0x800, "MSG_CONFIRM"},
    {0x1000, "MSG_RST"},     {0x2000, "MSG_ERRQUEUE"},  {0x4000, "MSG_NOSIGNAL"},
    {0x8000, "MSG_MORE"},    {0x10000, "MSG_WAITFORONE"}, {0x40000, "MSG_BATCH"},
    {0x4000000, "MSG_ZEROCOPY"}, {0x20000000, "MSG_FASTOPEN"},
    {0x40000000, "MSG_CMSG_CLOEXEC"}, {0x80000000, "MSG_CMSG_COMPAT"},
};

/* src/xlat/socketlayers.in, the levels of the common families */
static const struct xlat socketlayers[] = {
    {0, "SOL_IP"},      {1, "SOL_SOCKET"},   {6, "SOL_TCP"},   {17, "SOL_UDP"},
    {41, "SOL_IPV6"},   {58, "SOL_ICMPV6"},  {132, "SOL_SCTP"}, {136, "SOL_UDPLITE"},
    {255, "SOL_RAW"},   {263, "SOL_PACKET"}, {270, "SOL_NETLINK"},
};

/* src/xlat/scmvals.in as strace 6.1 has it */
static const struct xlat scmvals[] = {
    {1, "SCM_RIGHTS"}, {2, "SCM_CREDENTIALS"}, {3, "SCM_SECURITY"},
};

/* strace reads at most this much control data; beyond it "..." (its cap is larger). */
#define CMSG_BUF_MAX 4096

/* print_cmsg_type_data(): SCM_RIGHTS as an fd array, SCM_CREDENTIALS as a ucred. */
static void print_cmsg_type_data(struct fmt *f, int level, int type, const uint8_t *data,
                                 uint64_t len)
{
    if (level != LINUX_SOL_SOCKET) {
        print_hex(f, (uint32_t)type);
        return;
    }
    print_xval(f, XLEN(scmvals), (uint32_t)type, "SCM_???");
    if (type == LINUX_SCM_RIGHTS && len >= sizeof(int32_t)) {
        out(f, ", cmsg_data=[");
        uint64_t n = len / sizeof(int32_t);
        for (uint64_t i = 0; i < n; i++) {
            int32_t fd;
            if (i)
                sep(f);
            if (i >= MAX_STRLEN) {
                out(f, "...");
                break;
            }
            memcpy(&fd, data + i * sizeof(fd), sizeof(fd));
            outf(f, "%d", fd);
        }
        out(f, "]");
    } else if (type == LINUX_SCM_CREDENTIALS && len >= sizeof(struct linux_ucred)) {
        struct linux_ucred u;
        memcpy(&u, data, sizeof(u));
        outf(f, ", cmsg_data={pid=%d, uid=%u, gid=%u}", u.pid, u.uid, u.gid);
    }
}

static void print_msg_control(struct fmt *f, uint64_t addr, uint64_t in_len)
{
    static uint8_t buf[CMSG_BUF_MAX];
    const uint64_t hsz = sizeof(struct linux_cmsghdr);
    if (!in_len)
        return;
    out(f, ", msg_control=");
    uint64_t control_len = in_len > CMSG_BUF_MAX ? CMSG_BUF_MAX : in_len, buf_len = control_len;
    if (buf_len < hsz || !mread(f, addr, buf, buf_len)) {
        print_addr(f, addr);
        return;
    }
    out(f, "[");
    const uint8_t *p = buf;
    while (buf_len >= hsz) {
        struct linux_cmsghdr h;
        memcpy(&h, p, sizeof(h));
        if (p != buf)
            sep(f);
        outf(f, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)h.cmsg_len);
        print_xval(f, XLEN(socketlayers), (uint32_t)h.cmsg_level, "SOL_???");
        out(f, ", cmsg_type=");
        uint64_t len = h.cmsg_len > buf_len ? buf_len : h.cmsg_len;
        print_cmsg_type_data(f, h.cmsg_level, h.cmsg_type, p + hsz, len > hsz ? len - hsz : 0);
        out(f, "}");
        if (len < hsz) {
            buf_len -= hsz;
            break;
        }
        len = (h.cmsg_len + 7) & ~(uint64_t)7;
        if (len >= buf_len || len < h.cmsg_len) {
            buf_len = 0;
            break;
        }
        p += len;
        buf_len -= len;
    }
    if (buf_len)
        outf(f, ", ... /* %#llx */", (unsigned long long)(addr + (control_len - buf_len)));
    else if (control_len < in_len)
        out(f, ", ...");
    out(f, "]");
}

/* print_msghdr(): @entry_namelen is what the guest passed (recvmsg), or NULL. */
static void print_msghdr_val(struct fmt *f, const struct linux_msghdr *m,
                             const int32_t *entry_namelen, uint64_t data_size)
{
    int32_t namelen = entry_namelen && *entry_namelen < m->msg_namelen ? *entry_namelen
                                                                        : m->msg_namelen;
    out(f, "{msg_name=");
    print_sockaddr(f, m->msg_name, namelen);
    out(f, ", msg_namelen=");
    if (entry_namelen && *entry_namelen != m->msg_namelen)
        outf(f, "%d => ", *entry_namelen);
    outf(f, "%d, msg_iov=", m->msg_namelen);
    print_iov(f, m->msg_iov, m->msg_iovlen, true, data_size);
    outf(f, ", msg_iovlen=%llu", (unsigned long long)m->msg_iovlen);
    print_msg_control(f, m->msg_control, m->msg_controllen);
    outf(f, ", msg_controllen=%llu, msg_flags=", (unsigned long long)m->msg_controllen);
    print_flags(f, XLEN(msg_flags), m->msg_flags, "MSG_???");
    out(f, "}");
}

/* SYS_FUNC(sendmsg): the message as it went in. */
static void sys_sendmsg(struct fmt *f)
{
    struct linux_msghdr m;
    print_fd(f, f->a[0]);
    sep(f);
    if (fetch_in(f, f->a[1], &m, sizeof(m)))
        print_msghdr_val(f, &m, NULL, UINT64_MAX);
    sep(f);
    print_flags(f, XLEN(msg_flags), (uint32_t)f->a[2], "MSG_???");
}

/*
 * decode_mmsgvec(): @n entries, the first @with_len with their msg_len (a
 * recvmmsg's data cut to it), at most 32, then "...".
 */
struct mmsg_ctx {
    uint64_t with_len;
    bool use_len;
};

static void show_mmsg(struct fmt *f, const void *elem, uint64_t i, void *ctx)
{
    const struct linux_mmsghdr *m = elem;
    const struct mmsg_ctx *c = ctx;
    out(f, "{msg_hdr=");
    print_msghdr_val(f, &m->msg_hdr, NULL, c->use_len && i < c->with_len ? m->msg_len : UINT64_MAX);
    if (i < c->with_len)
        outf(f, ", msg_len=%u", m->msg_len);
    out(f, "}");
}

static void print_mmsgvec(struct fmt *f, uint64_t addr, uint64_t n, uint64_t with_len, bool use_len)
{
    struct linux_mmsghdr m;
    struct mmsg_ctx c = {with_len, use_len};
    print_array(f, addr, n, sizeof(m), &m, show_mmsg, &c);
}

/* SYS_FUNC(sendmmsg): every entry, as sent; msg_len for those that went. */
static void sys_sendmmsg(struct fmt *f)
{
    print_fd(f, f->a[0]);
    sep(f);
    print_mmsgvec(f, f->a[1], (uint32_t)f->a[2], failed(f) ? 0 : (uint64_t)f->ret, false);
    outf(f, ", %u, ", (unsigned)f->a[2]);
    print_flags(f, XLEN(msg_flags), (uint32_t)f->a[3], "MSG_???");
}

/* SYS_FUNC(recvmmsg): the entries received; the timeout as passed (what is left goes after the result). */
static void sys_recvmmsg(struct fmt *f)
{
    print_fd(f, f->a[0]);
    sep(f);
    if (failed(f))
        print_addr(f, f->a[1]);
    else
        print_mmsgvec(f, f->a[1], (uint64_t)f->ret, (uint64_t)f->ret, true);
    outf(f, ", %u, ", (unsigned)f->a[2]);
    print_flags(f, XLEN(msg_flags), (uint32_t)f->a[3], "MSG_???");
    sep(f);
    const struct strace_mem *mem = f->mem;
    if (f->a[4] && mem && mem->has_entry_ts) {
        struct linux_timespec ts = {mem->entry_ts[0], mem->entry_ts[1]};
        print_timespec_val(f, &ts);
    } else {
        print_timespec(f, f->a[4]);
    }
}

/* SYS_FUNC(recvmsg): a failed call shows the name length passed, a good one the message. */
static void sys_recvmsg(struct fmt *f)
{
    struct linux_msghdr m;
    print_fd(f, f->a[0]);
    sep(f);
    const struct strace_mem *mem = f->mem;
    if (!f->a[1] || !mread(f, f->a[1], &m, sizeof(m))) {
        print_addr(f, f->a[1]);
    } else if (failed(f)) {
        outf(f, "{msg_namelen=%d}", mem && mem->has_entry ? mem->entry_namelen : m.msg_namelen);
    } else {
        print_msghdr_val(f, &m, mem && mem->has_entry ? &mem->entry_namelen : NULL,
                         (uint64_t)f->ret);
    }
    sep(f);
    print_flags(f, XLEN(msg_flags), (uint32_t)f->a[2], "MSG_???");
}

/* ------------------------------------------------------------------------ */
/* Argument kinds */

enum akind {
    A_NONE,
    A_INT,        /* int, decimal */
    A_UINT,       /* unsigned int, decimal */
    A_LONG,       /* long, decimal (offsets) */
    A_ULONG,      /* unsigned long, decimal (sizes) */
    A_HEX,        /* raw value in hex, 0 as 0 */
    A_PTR,        /* address: NULL or hex */
    A_FD,         /* file descriptor */
    A_DIRFD,      /* AT_FDCWD or fd */
    A_UID,        /* uid/gid, -1 kept */
    A_MODE,       /* permission bits in octal */
    A_PATH,       /* path, up to PATH_MAX */
    A_STR,        /* NUL-terminated string, cut at 32 */
    A_INBUF,      /* buffer of length next arg, shown before the call */
    A_OUTBUF,     /* buffer filled by the call, length = ret */
    A_RNDBUF,     /* A_OUTBUF in hex (getrandom) */
    A_CWDBUF,     /* getcwd's buffer: a path of ret - 1 chars */
    A_OFLAGS_BITS, /* O_* flags without an access mode (pipe2, dup3) */
    A_PROT,
    A_MMAP_FLAGS,
    A_MREMAP_FLAGS,
    A_MADV,
    A_MSYNC_FLAGS,
    A_AT_FLAGS,
    A_FACCESSAT_FLAGS,
    A_ACCESS_MODE,
    A_WHENCE,
    A_GRND_FLAGS,
    A_RENAME_FLAGS,
    A_EFD_FLAGS,
    A_TFD_FLAGS,
    A_SCHED_POLICY,
    A_INT_IN,        /* [value] read by the call, signed */
    A_SFD_FLAGS,
    A_MFD_FLAGS,
    A_EPOLL_FLAGS,
    A_EPOLL_OP,
    A_CLOSE_RANGE_FLAGS,
    A_FLOCK_OP,
    A_TIMER_FLAGS,
    A_SIGNUM,
    A_CLOCKID,
    A_RLIMIT_RES,
    A_PRIO_WHICH,
    A_RUSAGE_WHO,
    A_TIMESPEC,      /* struct timespec, input */
    A_TIMESPEC_OUT,  /* struct timespec, output */
    A_TIMEVAL_OUT,
    A_TIME_OUT,      /* time(2)'s [seconds] */
    A_RLIMIT_IN,
    A_RLIMIT_OUT,
    A_UTSNAME,
    A_STAT,
    A_STATX,
    A_PIPEFDS,
    A_UINT_OUT,      /* [value] written by the call */
    A_IOV_IN,        /* iovec array, count next arg, shown with contents */
    A_IOV_OUT,       /* iovec array filled by the call (ret bytes) */
    A_ARGV,
    A_ENVP,
    A_DIRENTS64,
    A_DIRENTS,
    A_WSTATUS,
    A_WOPTIONS,
    A_RUSAGE_WAIT,   /* wait4's rusage: only when a child was reaped */
    A_RUSAGE_OUT,
    A_TMS_OUT,       /* times(2)'s struct tms */
    A_SIGACTION_IN,
    A_SIGACTION_OUT,
    A_SIGSET_IN,     /* sigset, size next arg */
    A_SIGSET_OUT,    /* sigset written by the call, size next arg */
    A_STACK_IN,
    A_STACK_OUT,
    A_SOCKADDR,      /* struct sockaddr, length next arg */
    A_SOCK_FLAGS,    /* SOCK_CLOEXEC|SOCK_NONBLOCK */
    A_SHUTDOWN_HOW,
    A_XATTR_VAL_IN,  /* setxattr's value, size next arg */
    A_XATTR_VAL_OUT, /* getxattr's value: ret bytes */
    A_XATTR_LIST,    /* listxattr's names: ret bytes */
    A_XATTR_FLAGS,
    A_FADVICE,
    A_IOPRIO_WHICH,
    A_IOPRIO,        /* IOPRIO_PRIO_VALUE(class, data) */
    A_SIGEVENT,      /* struct sigevent, input */
    A_ITIMERSPEC,    /* struct itimerspec, input */
    A_ITIMERSPEC_OUT,
    A_INT_OUT,       /* [value] written by the call, signed */
};

enum rkind {
    R_DEC,   /* signed decimal */
    R_HEX,   /* addresses: mmap, brk, mremap */
    R_OCT,   /* umask */
    R_TIME,  /* time(2): decimal with the date */
    R_FCNTL, /* depends on the command */
    R_PRCTL, /* depends on the option */
    R_IOPRIO, /* decimal, then the value decoded */
    R_SCHED_POLICY, /* decimal, then the policy's name when it has one */
    R_RECVMMSG, /* decimal, then "(Timeout)" or the time left */
};

/* sprint_ioprio() from strace src/ioprio.c: class by name, data in decimal. */
static void print_ioprio(struct fmt *f, unsigned v)
{
    unsigned cls = LINUX_IOPRIO_PRIO_CLASS(v);
    const char *s = xlookup(ioprio_class, ARRAY_SIZE(ioprio_class), cls);
    out(f, "IOPRIO_PRIO_VALUE(");
    if (s)
        out(f, s);
    else
        outf(f, "%u", cls);
    outf(f, ", %u)", v & ((1u << LINUX_IOPRIO_CLASS_SHIFT) - 1));
}

static void print_arg(struct fmt *f, int kind, int i)
{
    const uint64_t v = f->a[i];
    const uint64_t next = i < 5 ? f->a[i + 1] : 0;

    switch (kind) {
    case A_INT:
        outf(f, "%d", (int)v);
        break;
    case A_UINT:
        outf(f, "%u", (unsigned)v);
        break;
    case A_LONG:
        outf(f, "%lld", (long long)v);
        break;
    case A_ULONG:
        outf(f, "%llu", (unsigned long long)v);
        break;
    case A_HEX:
        print_hex(f, v);
        break;
    case A_PTR:
        print_addr(f, v);
        break;
    case A_FD:
        print_fd(f, v);
        break;
    case A_DIRFD:
        print_dirfd(f, v);
        break;
    case A_UID:
        print_uid(f, v);
        break;
    case A_MODE:
        print_mode_num(f, v);
        break;
    case A_PATH:
        print_path(f, v);
        break;
    case A_STR:
        print_str(f, v);
        break;
    case A_INBUF:
        print_buf(f, v, next, false);
        break;
    case A_OUTBUF:
    case A_RNDBUF:
        if (failed(f))
            print_addr(f, v);
        else
            print_buf(f, v, (uint64_t)f->ret, kind == A_RNDBUF);
        break;
    case A_CWDBUF:
        if (failed(f))
            print_addr(f, v);
        else
            print_pathn(f, v, f->ret > 0 ? (size_t)f->ret - 1 : 0);
        break;
    case A_OFLAGS_BITS:
        print_flags(f, XLEN(open_mode_flags), (unsigned)v, "O_???");
        break;
    case A_PROT:
        print_flags(f, XLEN(mmap_prot), v, "PROT_???");
        break;
    case A_MMAP_FLAGS:
        print_mmap_flags(f, v);
        break;
    case A_MREMAP_FLAGS:
        print_flags(f, XLEN(mremap_flags), v, "MREMAP_???");
        break;
    case A_MADV:
        print_xval(f, XLEN(madvise_cmds), (unsigned)v, "MADV_???");
        break;
    case A_MSYNC_FLAGS:
        print_flags(f, XLEN(msync_flags), v, "MS_???");
        break;
    case A_AT_FLAGS:
        print_flags(f, XLEN(at_flags), (unsigned)v, "AT_???");
        break;
    case A_FACCESSAT_FLAGS:
        print_flags(f, XLEN(faccessat_flags), (unsigned)v, "AT_???");
        break;
    case A_ACCESS_MODE:
        print_flags(f, XLEN(access_modes), (unsigned)v, "?_OK");
        break;
    case A_WHENCE:
        print_xval(f, XLEN(whence_codes), (unsigned)v, "SEEK_???");
        break;
    case A_GRND_FLAGS:
        print_flags(f, XLEN(grnd_flags), (unsigned)v, "GRND_???");
        break;
    case A_RENAME_FLAGS:
        print_flags(f, XLEN(rename_flags), (unsigned)v, "RENAME_???");
        break;
    case A_EFD_FLAGS:
        print_flags(f, XLEN(efd_flags), (unsigned)v, "EFD_???");
        break;
    case A_SFD_FLAGS:
        print_flags(f, XLEN(sfd_flags), (unsigned)v, "SFD_???");
        break;
    case A_SCHED_POLICY:
        print_xval(f, XLEN(sched_policies), (unsigned)v, "SCHED_???");
        break;
    case A_INT_IN:
        print_int_ptr(f, v, false, false);
        break;
    case A_TFD_FLAGS:
        print_flags(f, XLEN(tfd_flags), (unsigned)v, "TFD_???");
        break;
    case A_MFD_FLAGS:
        print_flags(f, XLEN(mfd_flags), (unsigned)v, "MFD_???");
        break;
    case A_EPOLL_FLAGS:
        print_flags(f, XLEN(epoll_flags), (unsigned)v, "EPOLL_???");
        break;
    case A_EPOLL_OP:
        print_xval(f, XLEN(epoll_ctl_ops), (unsigned)v, "EPOLL_CTL_???");
        break;
    case A_CLOSE_RANGE_FLAGS:
        print_flags(f, XLEN(close_range_flags), (unsigned)v, "CLOSE_RANGE_???");
        break;
    case A_FLOCK_OP:
        print_flags(f, XLEN(flock_ops), (unsigned)v, "LOCK_???");
        break;
    case A_TIMER_FLAGS:
        print_flags(f, XLEN(clock_flags), (unsigned)v, "TIMER_???");
        break;
    case A_SIGNUM:
        print_signal(f, (int)v);
        break;
    case A_CLOCKID:
        print_xval(f, XLEN(clocknames), (unsigned)v, "CLOCK_???");
        break;
    case A_RLIMIT_RES:
        print_xval(f, XLEN(rlimit_resources), (unsigned)v, "RLIMIT_???");
        break;
    case A_PRIO_WHICH:
        print_xval(f, XLEN(prio_which), (unsigned)v, "PRIO_???");
        break;
    case A_RUSAGE_WHO: {
        const char *s = xlookup(XLEN(rusage_who), (uint64_t)(int64_t)(int)v);
        if (s)
            out(f, s);
        else
            outf(f, "%#x /* RUSAGE_??? */", (unsigned)v);
        break;
    }
    case A_TIMESPEC:
        print_timespec(f, v);
        break;
    case A_SIGEVENT: {
        struct linux_sigevent ev;
        if (!v)
            out(f, "NULL");
        else if (fetch_in(f, v, &ev, sizeof(ev)))
            print_sigevent_val(f, &ev);
        break;
    }
    case A_ITIMERSPEC: {
        struct linux_itimerspec it;
        if (!v)
            out(f, "NULL");
        else if (fetch_in(f, v, &it, sizeof(it)))
            print_itimerspec_val(f, &it);
        break;
    }
    case A_ITIMERSPEC_OUT: {
        struct linux_itimerspec it;
        if (!v)
            out(f, "NULL");
        else if (fetch_out(f, v, &it, sizeof(it)))
            print_itimerspec_val(f, &it);
        break;
    }
    case A_INT_OUT:
        print_int_ptr(f, v, true, false);
        break;
    case A_TIMESPEC_OUT: {
        struct linux_timespec ts;
        if (fetch_out(f, v, &ts, sizeof(ts)))
            print_timespec_val(f, &ts);
        break;
    }
    case A_TIMEVAL_OUT: {
        struct linux_timeval tv;
        if (fetch_out(f, v, &tv, sizeof(tv)))
            print_timeval_val(f, &tv);
        break;
    }
    case A_TIME_OUT: {
        int64_t t;
        if (fetch_out(f, v, &t, sizeof(t))) {
            outf(f, "[%lld", (long long)t);
            print_time_comment(f, t, " /* ", " */");
            out(f, "]");
        }
        break;
    }
    case A_RLIMIT_IN:
    case A_RLIMIT_OUT: {
        struct linux_rlimit r;
        bool ok = kind == A_RLIMIT_OUT ? fetch_out(f, v, &r, sizeof(r))
                                       : fetch_in(f, v, &r, sizeof(r));
        if (ok)
            print_rlimit_val(f, &r);
        break;
    }
    case A_UTSNAME:
        print_utsname(f, v);
        break;
    case A_STAT:
        print_stat(f, v);
        break;
    case A_STATX:
        print_statx(f, v);
        break;
    case A_PIPEFDS: {
        int32_t fds[2];
        if (fetch_out(f, v, fds, sizeof(fds)))
            outf(f, "[%d, %d]", fds[0], fds[1]);
        break;
    }
    case A_UINT_OUT:
        print_int_ptr(f, v, true, true);
        break;
    case A_IOV_IN:
        print_iov(f, v, next, true, UINT64_MAX);
        break;
    case A_IOV_OUT:
        print_iov(f, v, next, !failed(f), failed(f) ? 0 : (uint64_t)f->ret);
        break;
    case A_ARGV:
        print_argv(f, v);
        break;
    case A_ENVP:
        print_envc(f, v);
        break;
    case A_DIRENTS64:
        /* struct linux_dirent64: d_reclen at 16, d_name at 19 */
        print_dirents(f, v, 19, 16);
        break;
    case A_DIRENTS:
        /* struct linux_dirent: d_reclen at 16, d_name at 18 */
        print_dirents(f, v, 18, 16);
        break;
    case A_WSTATUS:
        print_wait_status(f, v);
        break;
    case A_WOPTIONS:
        print_flags(f, XLEN(wait4_options), (unsigned)v, "W???");
        break;
    case A_RUSAGE_WAIT:
        if (f->ret > 0)
            print_rusage(f, v);
        else
            print_addr(f, v);
        break;
    case A_RUSAGE_OUT:
        print_rusage(f, v);
        break;
    case A_TMS_OUT: { /* SYS_FUNC(times) in strace src/times.c: ticks, seconds as a comment */
        struct linux_tms tms;
        if (!fetch_out(f, v, &tms, sizeof(tms)))
            break;
        const char *names[4] = {"tms_utime", "tms_stime", "tms_cutime", "tms_cstime"};
        const int64_t vals[4] = {tms.tms_utime, tms.tms_stime, tms.tms_cutime, tms.tms_cstime};
        for (int i = 0; i < 4; i++) {
            outf(f, "%s%s=%lld", i ? ", " : "{", names[i], (long long)vals[i]);
            if (vals[i] > 0)
                outf(f, " /* %lld.%02lld s */", (long long)(vals[i] / 100), (long long)(vals[i] % 100));
        }
        out(f, "}");
        break;
    }
    case A_SIGACTION_IN:
    case A_SIGACTION_OUT: {
        struct linux_sigaction sa;
        bool ok = kind == A_SIGACTION_OUT ? fetch_out(f, v, &sa, sizeof(sa))
                                          : fetch_in(f, v, &sa, sizeof(sa));
        if (ok)
            print_sigaction_val(f, &sa);
        break;
    }
    case A_SIGSET_IN:
        print_sigset(f, v, next, false);
        break;
    case A_SIGSET_OUT:
        print_sigset(f, v, next, true);
        break;
    case A_STACK_IN:
        print_stack(f, v, false);
        break;
    case A_STACK_OUT:
        print_stack(f, v, true);
        break;
    case A_SOCKADDR:
        print_sockaddr(f, v, (int)next);
        break;
    case A_SOCK_FLAGS:
        print_flags(f, XLEN(sock_type_flags), (unsigned)v, "SOCK_???");
        break;
    case A_SHUTDOWN_HOW:
        print_xval(f, XLEN(shutdown_modes), (unsigned)v, "SHUT_???");
        break;
    case A_XATTR_VAL_IN:
        /* print_xattr_val() from strace src/xattr.c */
        if (next > LINUX_XATTR_SIZE_MAX)
            print_addr(f, v);
        else
            print_buf_ex(f, v, next, false, true);
        break;
    case A_XATTR_VAL_OUT:
        if (failed(f) || (uint64_t)f->ret > LINUX_XATTR_SIZE_MAX)
            print_addr(f, v);
        else
            print_buf_ex(f, v, (uint64_t)f->ret, false, true);
        break;
    case A_XATTR_LIST:
        if (failed(f) || !next)
            print_addr(f, v);
        else
            print_buf(f, v, (uint64_t)f->ret, false);
        break;
    case A_XATTR_FLAGS:
        print_flags(f, XLEN(xattr_flags), (unsigned)v, "XATTR_???");
        break;
    case A_FADVICE:
        print_xval(f, XLEN(fadvise_advice), (unsigned)v, "POSIX_FADV_???");
        break;
    case A_IOPRIO_WHICH:
        print_xval(f, XLEN(ioprio_who), (unsigned)v, "IOPRIO_WHO_???");
        break;
    case A_IOPRIO:
        print_ioprio(f, (unsigned)v);
        break;
    default:
        print_hex(f, v);
        break;
    }
}

/* ------------------------------------------------------------------------ */
/* Syscalls whose arguments depend on each other */

static bool is_erestart(const struct fmt *f)
{
    return f->err == LINUX_ERESTARTSYS || f->err == LINUX_ERESTARTNOINTR ||
           f->err == LINUX_ERESTARTNOHAND || f->err == LINUX_ERESTART_RESTARTBLOCK;
}

/* SYS_FUNC(open)/(openat) from strace src/open.c: mode only with O_CREAT or O_TMPFILE. */
static void print_open_tail(struct fmt *f, int i)
{
    print_open_flags(f, f->a[i]);
    if ((unsigned)f->a[i] & (LINUX_O_CREAT | LINUX___O_TMPFILE)) {
        sep(f);
        print_mode_num(f, f->a[i + 1]);
    }
}

static void sys_openat(struct fmt *f)
{
    print_dirfd(f, f->a[0]);
    sep(f);
    print_path(f, f->a[1]);
    sep(f);
    print_open_tail(f, 2);
}

#ifdef LINUX_NR_open
static void sys_open(struct fmt *f)
{
    print_path(f, f->a[0]);
    sep(f);
    print_open_tail(f, 1);
}
#endif

/* decode_mknod() from strace src/mknod.c: symbolic mode, dev only for devices. */
static void print_mknod_tail(struct fmt *f, int i)
{
    const unsigned mode = (unsigned)f->a[i];
    print_path(f, f->a[i - 1]);
    sep(f);
    print_mode_sym(f, mode);
    if ((mode & LINUX_S_IFMT) == LINUX_S_IFCHR || (mode & LINUX_S_IFMT) == LINUX_S_IFBLK) {
        sep(f);
        print_dev(f, f->a[i + 1]);
    }
}

static void sys_mknodat(struct fmt *f)
{
    print_dirfd(f, f->a[0]);
    sep(f);
    print_mknod_tail(f, 2);
}

#ifdef LINUX_NR_mknod
static void sys_mknod(struct fmt *f)
{
    print_mknod_tail(f, 1);
}
#endif

/* SYS_FUNC(statx) from strace src/statx.c. */
static void sys_statx(struct fmt *f)
{
    unsigned flags = (unsigned)f->a[2];
    print_dirfd(f, f->a[0]);
    sep(f);
    print_path(f, f->a[1]);
    sep(f);
    print_flags(f, XLEN(at_statx_sync_types), flags & LINUX_AT_STATX_SYNC_TYPE, NULL);
    flags &= ~(unsigned)LINUX_AT_STATX_SYNC_TYPE;
    if (flags) {
        out(f, "|");
        print_flags(f, XLEN(at_flags), flags, NULL);
    }
    sep(f);
    print_flags(f, XLEN(statx_masks), (unsigned)f->a[3], "STATX_???");
    sep(f);
    print_statx(f, f->a[4]);
}

/* SYS_FUNC(mremap) from strace src/mem.c: new_address only with MAYMOVE|FIXED. */
static void sys_mremap(struct fmt *f)
{
    print_addr(f, f->a[0]);
    outf(f, ", %llu, %llu, ", (unsigned long long)f->a[1], (unsigned long long)f->a[2]);
    print_flags(f, XLEN(mremap_flags), f->a[3], "MREMAP_???");
    if ((f->a[3] & (LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED)) ==
        (LINUX_MREMAP_MAYMOVE | LINUX_MREMAP_FIXED)) {
        sep(f);
        print_addr(f, f->a[4]);
    }
}

/* SYS_FUNC(nanosleep) from strace src/time.c: rem only matters when interrupted. */
static void sys_nanosleep(struct fmt *f)
{
    print_timespec(f, f->a[0]);
    sep(f);
    if (is_erestart(f))
        print_timespec(f, f->a[1]);
    else
        print_addr(f, f->a[1]);
}

static void sys_clock_nanosleep(struct fmt *f)
{
    print_xval(f, XLEN(clocknames), (unsigned)f->a[0], "CLOCK_???");
    sep(f);
    print_flags(f, XLEN(clock_flags), (unsigned)f->a[1], "TIMER_???");
    sep(f);
    print_timespec(f, f->a[2]);
    sep(f);
    if (!f->a[1] && is_erestart(f))
        print_timespec(f, f->a[3]);
    else
        print_addr(f, f->a[3]);
}

/* A gid array of @n entries (strace's print_array of groups: at most 32 shown, then ...). */
static void print_gids(struct fmt *f, uint64_t addr, uint64_t n, bool output)
{
    uint32_t g[32];
    uint64_t shown = n < 32 ? n : 32;
    bool ok = output ? fetch_out(f, addr, g, shown * sizeof(g[0]))
                     : fetch_in(f, addr, g, shown * sizeof(g[0]));
    if (!ok)
        return;
    out(f, "[");
    for (uint64_t i = 0; i < shown; i++)
        outf(f, i ? ", %u" : "%u", g[i]);
    out(f, n > shown ? ", ...]" : "]");
}

/* SYS_FUNC(setgroups) / SYS_FUNC(getgroups) from strace src/uid.c. */
static void sys_setgroups(struct fmt *f)
{
    int n = (int)f->a[0];
    outf(f, "%d, ", n);
    if (n <= 0 || n > 65536 || !f->a[1])
        print_addr(f, f->a[1]);
    else
        print_gids(f, f->a[1], (uint64_t)n, false);
}

static void sys_getgroups(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    if ((int)f->a[0] == 0 || failed(f))
        print_addr(f, f->a[1]);
    else
        print_gids(f, f->a[1], (uint64_t)f->ret, true);
}

/* SYS_FUNC(rt_sigprocmask) from strace src/signal.c. */
static void sys_rt_sigprocmask(struct fmt *f)
{
    print_xval(f, XLEN(sigprocmask_cmds), (unsigned)f->a[0], "SIG_???");
    sep(f);
    print_sigset(f, f->a[1], f->a[3], false);
    sep(f);
    print_sigset(f, f->a[2], f->a[3], true);
    outf(f, ", %llu", (unsigned long long)f->a[3]);
}

/* SYS_FUNC(fcntl) / print_fcntl() from strace src/fcntl.c. */
static void sys_fcntl(struct fmt *f)
{
    const unsigned cmd = (unsigned)f->a[1];
    const uint64_t arg = f->a[2];
    print_fd(f, f->a[0]);
    sep(f);
    print_xval(f, XLEN(fcntl_cmds), cmd, "F_???");
    switch (cmd) {
    case LINUX_F_SETFD:
        sep(f);
        print_flags(f, XLEN(fd_flags), arg, "FD_???");
        break;
    case LINUX_F_SETOWN:
    case LINUX_F_SETPIPE_SZ:
    case LINUX_F_DUPFD:
    case LINUX_F_DUPFD_CLOEXEC:
    case LINUX_F_DUPFD_QUERY:
        outf(f, ", %d", (int)arg);
        break;
    case LINUX_F_SETFL:
        sep(f);
        print_open_flags(f, arg);
        break;
    case LINUX_F_SETLK:
    case LINUX_F_SETLKW:
    case LINUX_F_OFD_SETLK:
    case LINUX_F_OFD_SETLKW:
        sep(f);
        print_flock(f, arg, false);
        break;
    case LINUX_F_GETLK:
    case LINUX_F_OFD_GETLK:
        sep(f);
        print_flock(f, arg, true);
        break;
    case LINUX_F_SETLEASE:
        sep(f);
        print_xval(f, XLEN(lockf_cmds), arg, "F_???");
        break;
    case LINUX_F_ADD_SEALS:
        sep(f);
        print_flags(f, XLEN(f_seals), arg, "F_SEAL_???");
        break;
    case LINUX_F_SETSIG:
        sep(f);
        print_signal(f, (int)arg);
        break;
    case LINUX_F_GETFD:
    case LINUX_F_GETFL:
    case LINUX_F_GETOWN:
    case LINUX_F_GETSIG:
    case LINUX_F_GETLEASE:
    case LINUX_F_GETPIPE_SZ:
    case LINUX_F_GET_SEALS:
        break;
    default:
        sep(f);
        print_hex(f, arg);
        break;
    }
}

static void ret_fcntl(struct fmt *f)
{
    const unsigned cmd = (unsigned)f->a[1];
    const uint64_t r = (uint64_t)f->ret;
    switch (cmd) {
    case LINUX_F_GETFD:
        if (r == 0)
            break;
        print_hex(f, r);
        out(f, " (flags ");
        print_flags(f, XLEN(fd_flags), r, NULL);
        out(f, ")");
        return;
    case LINUX_F_GETFL:
        print_hex(f, r);
        out(f, " (flags ");
        print_open_flags(f, r);
        out(f, ")");
        return;
    case LINUX_F_GETLEASE: {
        const char *s = xlookup(XLEN(lockf_cmds), r);
        print_hex(f, r);
        if (s)
            outf(f, " (%s)", s);
        return;
    }
    case LINUX_F_GET_SEALS:
        if (r == 0)
            break;
        print_hex(f, r);
        out(f, " (seals ");
        print_flags(f, XLEN(f_seals), r, NULL);
        out(f, ")");
        return;
    case LINUX_F_GETSIG:
        outf(f, "%ld", f->ret);
        if (r) {
            out(f, " (");
            print_signal(f, (int)r);
            out(f, ")");
        }
        return;
    default:
        break;
    }
    outf(f, "%ld", f->ret);
}

/* tprint_sock_type() from strace src/net.c, shared by socket() and socketpair(). */
static void print_socket_head(struct fmt *f)
{
    const unsigned family = (unsigned)f->a[0];
    const unsigned type = (unsigned)f->a[1];
    const char *tname = xlookup(XLEN(socktypes), type & LINUX_SOCK_TYPE_MASK);
    unsigned rest = type;
    print_xval(f, XLEN(addrfams), family, "AF_???");
    sep(f);
    /* An unknown base type makes the whole word unknown, as in strace. */
    if (tname) {
        out(f, tname);
        rest &= ~(unsigned)LINUX_SOCK_TYPE_MASK;
        if (rest)
            out(f, "|");
    }
    if (!tname || rest)
        print_flags(f, XLEN(sock_type_flags), rest, "SOCK_???");
    sep(f);
    if (family == LINUX_AF_INET || family == LINUX_AF_INET6)
        print_xval(f, XLEN(inet_protocols), (unsigned)f->a[2], "IPPROTO_???");
    else
        outf(f, "%u", (unsigned)f->a[2]);
}

/* The kernel passes the resumed syscall's number as the first argument. */
static void sys_restart_syscall(struct fmt *f)
{
    const char *name = strace_syscall_name((long)f->a[0]);
    outf(f, "<... resuming interrupted %s ...>", name ? name : "system call");
}

static void sys_socket(struct fmt *f)
{
    print_socket_head(f);
}

static void sys_socketpair(struct fmt *f)
{
    int32_t fds[2];
    print_socket_head(f);
    sep(f);
    if (fetch_out(f, f->a[3], fds, sizeof(fds)))
        outf(f, "[%d, %d]", fds[0], fds[1]);
}

/* Unknown ioctl requests: ioctl_print_code() from strace src/ioctl.c. */
static void print_ioctl_code(struct fmt *f, unsigned code)
{
    const char *name = xlookup(XLEN(ioctl_names), code);
    if (name) {
        out(f, name);
        return;
    }
    const unsigned nr = code & ((1U << LINUX_IOC_NRBITS) - 1);
    const unsigned type = (code >> LINUX_IOC_NRBITS) & ((1U << LINUX_IOC_TYPEBITS) - 1);
    const unsigned shift = LINUX_IOC_NRBITS + LINUX_IOC_TYPEBITS;
    const unsigned size = (code >> shift) & ((1U << LINUX_IOC_SIZEBITS) - 1);
    const unsigned dir = code >> (shift + LINUX_IOC_SIZEBITS);
    out(f, "_IOC(");
    print_flags(f, XLEN(ioctl_dirs), dir, "_IOC_???");
    outf(f, ", %#x, %#x, %#x)", type, nr, size);
}

/* SYS_FUNC(ioctl) with term_ioctl() from strace src/term.c. */
static void sys_ioctl(struct fmt *f)
{
    const unsigned code = (unsigned)f->a[1];
    const uint64_t arg = f->a[2];
    print_fd(f, f->a[0]);
    sep(f);
    print_ioctl_code(f, code);
    switch (code) {
    case LINUX_TCGETS:
        sep(f);
        print_termios(f, arg, true);
        break;
    case LINUX_TCSETS:
    case LINUX_TCSETSW:
    case LINUX_TCSETSF:
        sep(f);
        print_termios(f, arg, false);
        break;
    case LINUX_TIOCGWINSZ:
        sep(f);
        print_winsize(f, arg, true);
        break;
    case LINUX_TIOCSWINSZ:
        sep(f);
        print_winsize(f, arg, false);
        break;
    case LINUX_TIOCGPGRP:
    case LINUX_TIOCGSID:
    case LINUX_TIOCGPTN:
    case LINUX_FIONREAD:
    case LINUX_TIOCOUTQ:
        sep(f);
        print_int_ptr(f, arg, true, false);
        break;
    case LINUX_TIOCSPGRP:
    case LINUX_FIONBIO:
    case LINUX_FIOASYNC:
    case LINUX_TIOCSPTLCK:
        sep(f);
        print_int_ptr(f, arg, false, false);
        break;
    case LINUX_TCSBRK:
    case LINUX_TIOCSCTTY:
        outf(f, ", %d", (int)arg);
        break;
    case LINUX_TCXONC:
        sep(f);
        print_xval(f, XLEN(tcxonc_options), arg, "TC???");
        break;
    case LINUX_TCFLSH:
        sep(f);
        print_xval(f, XLEN(tcflsh_options), arg, "TC???");
        break;
    case LINUX_FIOCLEX:
    case LINUX_FIONCLEX:
    case LINUX_TIOCNOTTY:
    case LINUX_TIOCEXCL:
    case LINUX_TIOCNXCL:
        break;
    default:
        sep(f);
        print_hex(f, arg);
        break;
    }
}

/*
 * SYS_FUNC(clone) from strace src/clone.c. x86_64 passes (flags, stack,
 * parent_tid, child_tid, tls); arm64 has CLONE_BACKWARDS: (flags, stack,
 * parent_tid, tls, child_tid).
 */
static void sys_clone(struct fmt *f)
{
    enum { ARG_TLS = LINUX_CLONE_ARG_TLS, ARG_CTID = LINUX_CLONE_ARG_CTID };
    const uint64_t flags = f->a[0] & ~(uint64_t)LINUX_CSIGNAL;
    const int sig = (int)(f->a[0] & LINUX_CSIGNAL);
    out(f, "child_stack=");
    print_addr(f, f->a[1]);
    out(f, ", flags=");
    if (flags) {
        print_flags(f, XLEN(clone_flags), flags, "CLONE_???");
        if (sig) {
            out(f, "|");
            print_signal(f, sig);
        }
    } else if (sig) {
        print_signal(f, sig);
    } else {
        out(f, "0");
    }
    if (flags & (LINUX_CLONE_PARENT_SETTID | LINUX_CLONE_PIDFD)) {
        out(f, ", parent_tid=");
        print_int_ptr(f, f->a[2], true, (flags & LINUX_CLONE_PARENT_SETTID) != 0);
    }
    if (flags & LINUX_CLONE_SETTLS) {
        out(f, ", tls=");
        print_addr(f, f->a[ARG_TLS]);
    }
    if (flags & (LINUX_CLONE_CHILD_SETTID | LINUX_CLONE_CHILD_CLEARTID)) {
        out(f, ", child_tidptr=");
        print_addr(f, f->a[ARG_CTID]);
    }
}

/* SYS_FUNC(clone3) from strace src/clone.c: the args, then what the kernel wrote back. */
static void sys_clone3(struct fmt *f)
{
    const uint64_t addr = f->a[0];
    const uint64_t size = f->a[1];
    struct linux_clone_args ca;
    size_t fetch = size < sizeof(ca) ? (size_t)size : sizeof(ca);
    memset(&ca, 0, sizeof(ca));
    if (fetch < LINUX_CLONE_ARGS_SIZE_VER0 || !mread(f, addr, &ca, fetch)) {
        print_addr(f, addr);
        outf(f, ", %llu", (unsigned long long)size);
        return;
    }
    out(f, "{flags=");
    print_flags(f, XLEN(clone_flags), ca.flags, "CLONE_???");
    if (ca.flags & LINUX_CLONE_PIDFD) {
        out(f, ", pidfd=");
        print_addr(f, ca.pidfd);
    }
    if (ca.flags & (LINUX_CLONE_CHILD_SETTID | LINUX_CLONE_CHILD_CLEARTID)) {
        out(f, ", child_tid=");
        print_addr(f, ca.child_tid);
    }
    if (ca.flags & LINUX_CLONE_PARENT_SETTID) {
        out(f, ", parent_tid=");
        print_addr(f, ca.parent_tid);
    }
    out(f, ", exit_signal=");
    print_signal(f, (int)ca.exit_signal);
    out(f, ", stack=");
    print_addr(f, ca.stack);
    out(f, ", stack_size=");
    print_hex(f, ca.stack_size);
    if (ca.flags & LINUX_CLONE_SETTLS) {
        out(f, ", tls=");
        print_addr(f, ca.tls);
    }
    if (ca.set_tid || ca.set_tid_size) {
        out(f, ", set_tid=");
        print_addr(f, ca.set_tid);
        outf(f, ", set_tid_size=%llu", (unsigned long long)ca.set_tid_size);
    }
    if (fetch > offsetof(struct linux_clone_args, cgroup) &&
        (ca.cgroup || (ca.flags & LINUX_CLONE_INTO_CGROUP)))
        outf(f, ", cgroup=%llu", (unsigned long long)ca.cgroup);
    out(f, "}");
    if (!failed(f) && (ca.flags & (LINUX_CLONE_PIDFD | LINUX_CLONE_PARENT_SETTID))) {
        out(f, " => {");
        if (ca.flags & LINUX_CLONE_PIDFD) {
            out(f, "pidfd=");
            print_int_ptr(f, ca.pidfd, true, false);
        }
        if (ca.flags & LINUX_CLONE_PARENT_SETTID) {
            if (ca.flags & LINUX_CLONE_PIDFD)
                sep(f);
            out(f, "parent_tid=");
            print_int_ptr(f, ca.parent_tid, true, false);
        }
        out(f, "}");
    }
    outf(f, ", %llu", (unsigned long long)size);
}

#ifdef LINUX_NR_arch_prctl
/* SYS_FUNC(arch_prctl) from strace src/prctl.c. */
static void sys_arch_prctl(struct fmt *f)
{
    const unsigned code = (unsigned)f->a[0];
    print_xval(f, XLEN(arch_prctl_codes), code, "ARCH_???");
    switch (code) {
    case LINUX_ARCH_GET_FS:
    case LINUX_ARCH_GET_GS: {
        uint64_t v;
        sep(f);
        if (fetch_out(f, f->a[1], &v, sizeof(v))) {
            out(f, "[");
            print_addr(f, v);
            out(f, "]");
        }
        break;
    }
    case LINUX_ARCH_GET_CPUID:
        break;
    default:
        sep(f);
        print_hex(f, f->a[1]);
        break;
    }
}
#endif

/* SYS_FUNC(futex) from strace src/futex.c (FUTEX_WAKE_OP's op word left in hex). */
static void sys_futex(struct fmt *f)
{
    const unsigned op = (unsigned)f->a[1];
    const unsigned cmd = op & ~(unsigned)(LINUX_FUTEX_PRIVATE_FLAG | LINUX_FUTEX_CLOCK_REALTIME);
    static const char *const cmds[] = {
        "FUTEX_WAIT",       "FUTEX_WAKE",          "FUTEX_FD",          "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",      "FUTEX_LOCK_PI",     "FUTEX_UNLOCK_PI",
        "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",   "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
        "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
    };
    const unsigned val = (unsigned)f->a[2];
    const unsigned val2 = (unsigned)f->a[3];
    const unsigned val3 = (unsigned)f->a[5];

    print_addr(f, f->a[0]);
    sep(f);
    if (cmd < ARRAY_SIZE(cmds)) {
        out(f, cmds[cmd]);
        if (op & LINUX_FUTEX_PRIVATE_FLAG)
            out(f, "_PRIVATE");
        if (op & LINUX_FUTEX_CLOCK_REALTIME)
            out(f, "|FUTEX_CLOCK_REALTIME");
    } else {
        outf(f, "%#x /* FUTEX_??? */", op);
    }
    switch (cmd) {
    case LINUX_FUTEX_WAIT:
        outf(f, ", %u, ", val);
        print_timespec(f, f->a[3]);
        break;
    case LINUX_FUTEX_LOCK_PI:
    case LINUX_FUTEX_LOCK_PI2:
        sep(f);
        print_timespec(f, f->a[3]);
        break;
    case LINUX_FUTEX_WAIT_BITSET:
        outf(f, ", %u, ", val);
        print_timespec(f, f->a[3]);
        if (val3 == LINUX_FUTEX_BITSET_MATCH_ANY)
            out(f, ", FUTEX_BITSET_MATCH_ANY");
        else
            outf(f, ", %#x", val3);
        break;
    case LINUX_FUTEX_WAKE_BITSET:
        outf(f, ", %u", val);
        if (val3 == LINUX_FUTEX_BITSET_MATCH_ANY)
            out(f, ", FUTEX_BITSET_MATCH_ANY");
        else
            outf(f, ", %#x", val3);
        break;
    case LINUX_FUTEX_REQUEUE:
        outf(f, ", %u, %u, ", val, val2);
        print_addr(f, f->a[4]);
        break;
    case LINUX_FUTEX_CMP_REQUEUE:
    case LINUX_FUTEX_CMP_REQUEUE_PI:
        outf(f, ", %u, %u, ", val, val2);
        print_addr(f, f->a[4]);
        outf(f, ", %u", val3);
        break;
    case LINUX_FUTEX_WAKE_OP:
        outf(f, ", %u, %u, ", val, val2);
        print_addr(f, f->a[4]);
        outf(f, ", %#x", val3);
        break;
    case LINUX_FUTEX_WAIT_REQUEUE_PI:
        outf(f, ", %u, ", val);
        print_timespec(f, f->a[3]);
        sep(f);
        print_addr(f, f->a[4]);
        break;
    case LINUX_FUTEX_FD:
    case LINUX_FUTEX_WAKE:
        outf(f, ", %u", val);
        break;
    case LINUX_FUTEX_UNLOCK_PI:
    case LINUX_FUTEX_TRYLOCK_PI:
        break;
    default:
        outf(f, ", %u, ", val);
        print_hex(f, f->a[3]);
        sep(f);
        print_addr(f, f->a[4]);
        outf(f, ", %#x", val3);
        break;
    }
}

/* include/uapi/linux/sched.h SCHED_FLAG_*. */
static const struct xlat sched_attr_flags[] = {
    {0x01, "SCHED_FLAG_RESET_ON_FORK"}, {0x02, "SCHED_FLAG_RECLAIM"},
    {0x04, "SCHED_FLAG_DL_OVERRUN"},    {0x08, "SCHED_FLAG_KEEP_POLICY"},
    {0x10, "SCHED_FLAG_KEEP_PARAMS"},   {0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"},
    {0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"},
};


/*
 * print_sched_attr() from strace src/sched.c. For sched_setattr (@set) the
 * fields the flags say the kernel ignores are left out (KEEP_POLICY: the
 * policy; KEEP_PARAMS: the policy and the parameters), and a size below the
 * first version's shows alone. The line is made after the call: when
 * sched_setattr refused the size (E2BIG) it has overwritten it, so the
 * address and the size it wrote are shown instead of strace's "{size=N} =>".
 */
static void print_sched_attr(struct fmt *f, uint64_t addr, uint32_t usize, bool set)
{
    struct linux_sched_attr at;
    memset(&at, 0, sizeof(at));
    if (set && f->err == LINUX_E2BIG) {
        uint32_t now;
        print_addr(f, addr);
        if (mread(f, addr, &now, sizeof(now)))
            outf(f, " => {size=%u}", now);
        return;
    }
    if (set) {
        if (!fetch_in(f, addr, &at.size, sizeof(at.size)))
            return;
        usize = at.size ? at.size : 48;
    }
    uint32_t size = usize < sizeof(at) ? usize : (uint32_t)sizeof(at);
    if (size >= 48 && !(set ? fetch_in(f, addr, &at, size) : fetch_out(f, addr, &at, size)))
        return;
    outf(f, "{size=%u", at.size);
    if (size >= 48) {
        bool keep_policy = set && (at.sched_flags & 0x18);
        bool keep_params = set && (at.sched_flags & 0x10);
        if (!keep_policy) {
            out(f, ", sched_policy=");
            print_xval(f, XLEN(sched_policies), at.sched_policy, "SCHED_???");
        }
        out(f, ", sched_flags=");
        print_flags(f, XLEN(sched_attr_flags), at.sched_flags, "SCHED_FLAG_???");
        if (!keep_params)
            outf(f, ", sched_nice=%d, sched_priority=%u, sched_runtime=%llu, sched_deadline=%llu, "
                    "sched_period=%llu",
                 at.sched_nice, at.sched_priority, (unsigned long long)at.sched_runtime,
                 (unsigned long long)at.sched_deadline, (unsigned long long)at.sched_period);
        if (size >= 56 && !keep_params)
            outf(f, ", sched_util_min=%u, sched_util_max=%u", at.sched_util_min,
                 at.sched_util_max);
    }
    out(f, usize > sizeof(at) ? ", ...}" : "}");
}

static void sys_sched_setattr(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    print_sched_attr(f, f->a[1], 0, true);
    outf(f, ", %u", (unsigned)f->a[2]);
}

static void sys_sched_getattr(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    if (failed(f))
        print_addr(f, f->a[1]);
    else
        print_sched_attr(f, f->a[1], (uint32_t)f->a[2], false);
    outf(f, ", %u, %u", (unsigned)f->a[2], (unsigned)f->a[3]);
}

/* include/uapi/linux/inotify.h, in strace's order (src/xlat/inotify_flags.in). */
static const struct xlat inotify_flags[] = {
    X(IN_ACCESS),      X(IN_MODIFY),      X(IN_ATTRIB),        X(IN_CLOSE_WRITE),
    X(IN_CLOSE_NOWRITE), X(IN_OPEN),      X(IN_MOVED_FROM),    X(IN_MOVED_TO),
    X(IN_CREATE),      X(IN_DELETE),      X(IN_DELETE_SELF),   X(IN_MOVE_SELF),
    X(IN_UNMOUNT),     X(IN_Q_OVERFLOW),  X(IN_IGNORED),       X(IN_ONLYDIR),
    X(IN_DONT_FOLLOW), X(IN_EXCL_UNLINK), X(IN_MASK_CREATE),   X(IN_MASK_ADD),
    X(IN_ISDIR),       X(IN_ONESHOT),
};
static const struct xlat inotify_init_flags[] = {
    {LINUX_O_NONBLOCK, "IN_NONBLOCK"}, {LINUX_O_CLOEXEC, "IN_CLOEXEC"},
};

/* SYS_FUNC(inotify_add_watch), (inotify_init1) from strace src/inotify.c. */
static void sys_inotify_add_watch(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    print_str(f, f->a[1]);
    sep(f);
    print_flags(f, XLEN(inotify_flags), (uint32_t)f->a[2], "IN_???");
}

static void sys_inotify_init1(struct fmt *f)
{
    print_flags(f, XLEN(inotify_init_flags), (uint32_t)f->a[0], "IN_???");
}

/* SYS_FUNC(pidfd_open) / (pidfd_send_signal) from strace src/pidfd_open.c, src/signal.c;
 * a siginfo is shown by its address. */
static const struct xlat pidfd_open_flags[] = {{LINUX_O_NONBLOCK, "PIDFD_NONBLOCK"}};

static void sys_pidfd_open(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    print_flags(f, XLEN(pidfd_open_flags), (uint32_t)f->a[1], "PIDFD_???");
}

static void sys_pidfd_getfd(struct fmt *f)
{
    outf(f, "%d, %d, %#x", (int)f->a[0], (int)f->a[1], (unsigned)f->a[2]);
}

static void sys_pidfd_send_signal(struct fmt *f)
{
    outf(f, "%d, ", (int)f->a[0]);
    print_signal(f, (int)f->a[1]);
    sep(f);
    print_addr(f, f->a[2]);
    outf(f, ", %#x", (unsigned)f->a[3]);
}

/* printxval(cap, ..., "CAP_???"): one capability by number. */
static void print_cap(struct fmt *f, uint64_t cap)
{
    if (cap <= LINUX_CAP_LAST_CAP) {
        out(f, cap_names[cap]);
    } else {
        print_hex(f, cap);
        out(f, " /* CAP_??? */");
    }
}

/* printflags(cap_mask0/1, ...) for one 32-bit half: 1<<CAP_X per known bit, the rest in hex. */
static void print_cap_half(struct fmt *f, uint32_t bits, unsigned base)
{
    unsigned cnt = 0;
    for (unsigned b = 0; b < 32 && base + b <= LINUX_CAP_LAST_CAP; b++)
        if ((bits >> b) & 1) {
            outf(f, cnt++ ? "|1<<%s" : "1<<%s", cap_names[base + b]);
            bits &= ~(1u << b);
        }
    if (bits) {
        outf(f, cnt ? "|%#x" : "%#x /* CAP_??? */", bits);
    } else if (!cnt) {
        out(f, "0");
    }
}

/* print_cap_bits() from strace src/capability.c. */
static void print_cap_bits(struct fmt *f, uint32_t lo, uint32_t hi)
{
    if (lo || !hi)
        print_cap_half(f, lo, 0);
    if (hi) {
        if (lo)
            out(f, "|");
        print_cap_half(f, hi, 32);
    }
}

/* get_cap_header() and print_cap_data(); the header is read after the call, so an
 * unknown version reads back as the one capget wrote into it. */
static void print_cap_args(struct fmt *f, bool data_out)
{
    struct linux_cap_header h;
    struct linux_cap_data d[2];
    int n = 0;
    if (fetch_in(f, f->a[0], &h, sizeof(h))) {
        switch (h.version) {
        case LINUX_CAPABILITY_VERSION_1:
            out(f, "{version=_LINUX_CAPABILITY_VERSION_1");
            n = 1;
            break;
        case LINUX_CAPABILITY_VERSION_2:
            out(f, "{version=_LINUX_CAPABILITY_VERSION_2");
            n = 2;
            break;
        case LINUX_CAPABILITY_VERSION_3:
            out(f, "{version=_LINUX_CAPABILITY_VERSION_3");
            n = 2;
            break;
        default:
            outf(f, "{version=%#x /* _LINUX_CAPABILITY_VERSION_??? */", h.version);
            break;
        }
        outf(f, ", pid=%d}", h.pid);
    }
    sep(f);
    memset(d, 0, sizeof(d));
    if (!n || !f->a[1] || (data_out && failed(f))) {
        print_addr(f, f->a[1]);
        return;
    }
    if (!(data_out ? fetch_out(f, f->a[1], d, (size_t)n * sizeof(d[0]))
                   : fetch_in(f, f->a[1], d, (size_t)n * sizeof(d[0]))))
        return;
    out(f, "{effective=");
    print_cap_bits(f, d[0].effective, d[1].effective);
    out(f, ", permitted=");
    print_cap_bits(f, d[0].permitted, d[1].permitted);
    out(f, ", inheritable=");
    print_cap_bits(f, d[0].inheritable, d[1].inheritable);
    out(f, "}");
}

static void sys_capget(struct fmt *f)
{
    print_cap_args(f, true);
}

static void sys_capset(struct fmt *f)
{
    print_cap_args(f, false);
}

/* An int the kernel stored, as [N] (printnum_int), or the address when the call failed. */
static void print_int_out(struct fmt *f, uint64_t addr, bool as_signal)
{
    int32_t v;
    if (failed(f) || !fetch_out(f, addr, &v, sizeof(v))) {
        if (failed(f))
            print_addr(f, addr);
        return;
    }
    out(f, "[");
    if (as_signal)
        print_signal(f, v);
    else
        outf(f, "%d", v);
    out(f, "]");
}

/* SYS_FUNC(prctl) from strace src/prctl.c, for the common options only. */
static void sys_prctl(struct fmt *f)
{
    const unsigned option = (unsigned)f->a[0];
    print_xval(f, XLEN(prctl_options), option, "PR_???");
    switch (option) {
    case LINUX_PR_SET_NAME:
        sep(f);
        print_str(f, f->a[1]);
        break;
    case LINUX_PR_GET_NAME:
        sep(f);
        if (failed(f))
            print_addr(f, f->a[1]);
        else
            print_str(f, f->a[1]);
        break;
    case LINUX_PR_SET_PDEATHSIG:
        sep(f);
        print_signal(f, (int)f->a[1]);
        break;
    case LINUX_PR_SET_DUMPABLE:
        sep(f);
        print_xval(f, XLEN(suid_dump_modes), f->a[1], "SUID_DUMP_???");
        break;
    case LINUX_PR_SET_NO_NEW_PRIVS:
    case LINUX_PR_SET_THP_DISABLE:
        outf(f, ", %llu", (unsigned long long)f->a[1]);
        for (int i = 2; i < 5; i++) {
            sep(f);
            print_hex(f, f->a[i]);
        }
        break;
    case LINUX_PR_GET_DUMPABLE:
    case LINUX_PR_GET_SECCOMP:
    case LINUX_PR_GET_KEEPCAPS:
    case LINUX_PR_GET_SECUREBITS:
        break;
    case LINUX_PR_SET_KEEPCAPS:
    case LINUX_PR_SET_CHILD_SUBREAPER:
        outf(f, ", %llu", (unsigned long long)f->a[1]);
        break;
    case LINUX_PR_SET_SECUREBITS:
        sep(f);
        print_flags(f, XLEN(secbits), f->a[1], "SECBIT_???");
        break;
    case LINUX_PR_CAPBSET_READ:
    case LINUX_PR_CAPBSET_DROP:
        sep(f);
        print_cap(f, f->a[1]);
        break;
    case LINUX_PR_CAP_AMBIENT: {
        sep(f);
        print_xval(f, XLEN(pr_cap_ambient_ops), f->a[1], "PR_CAP_AMBIENT_???");
        int from = 2;
        if (f->a[1] != LINUX_PR_CAP_AMBIENT_CLEAR_ALL &&
            xlookup(XLEN(pr_cap_ambient_ops), f->a[1])) {
            sep(f);
            print_cap(f, f->a[2]);
            from = 3;
        }
        for (int i = from; i < 5; i++) {
            sep(f);
            print_hex(f, f->a[i]);
        }
        break;
    }
    case LINUX_PR_GET_PDEATHSIG:
    case LINUX_PR_GET_CHILD_SUBREAPER:
        sep(f);
        print_int_out(f, f->a[1], option == LINUX_PR_GET_PDEATHSIG);
        break;
    default:
        for (int i = 1; i < 5; i++) {
            sep(f);
            print_hex(f, f->a[i]);
        }
        break;
    }
}

/* ------------------------------------------------------------------------ */
/* The syscall table */

struct sc_desc {
    const char *name;
    void (*custom)(struct fmt *f);
    unsigned char ret;
    unsigned char arg[6];
};

#define SC(n, r, ...) [LINUX_NR_##n] = { #n, NULL, r, { __VA_ARGS__ } }
#define SCF(n, fn, r) [LINUX_NR_##n] = { #n, fn, r, { A_NONE } }

static const struct sc_desc sc_table[] = {
    SC(read, R_DEC, A_FD, A_OUTBUF, A_ULONG),
    SC(write, R_DEC, A_FD, A_INBUF, A_ULONG),
    SC(readv, R_DEC, A_FD, A_IOV_OUT, A_ULONG),
    SC(writev, R_DEC, A_FD, A_IOV_IN, A_ULONG),
    SC(pread64, R_DEC, A_FD, A_OUTBUF, A_ULONG, A_LONG),
    SC(pwrite64, R_DEC, A_FD, A_INBUF, A_ULONG, A_LONG),
    SC(preadv, R_DEC, A_FD, A_IOV_OUT, A_ULONG, A_LONG),
    SC(pwritev, R_DEC, A_FD, A_IOV_IN, A_ULONG, A_LONG),
    SC(lseek, R_DEC, A_FD, A_LONG, A_WHENCE),
    SC(close, R_DEC, A_FD),
    SCF(openat, sys_openat, R_DEC),
    SC(fstat, R_DEC, A_FD, A_STAT),
    SC(newfstatat, R_DEC, A_DIRFD, A_PATH, A_STAT, A_AT_FLAGS),
    SCF(statx, sys_statx, R_DEC),
    SC(getdents64, R_DEC, A_FD, A_DIRENTS64, A_UINT),
    SC(readlinkat, R_DEC, A_DIRFD, A_PATH, A_OUTBUF, A_ULONG),
    SC(faccessat, R_DEC, A_DIRFD, A_PATH, A_ACCESS_MODE),
    SC(faccessat2, R_DEC, A_DIRFD, A_PATH, A_ACCESS_MODE, A_FACCESSAT_FLAGS),
    SCF(fcntl, sys_fcntl, R_FCNTL),
    SCF(ioctl, sys_ioctl, R_DEC),
    SC(dup, R_DEC, A_FD),
    SC(dup3, R_DEC, A_FD, A_FD, A_OFLAGS_BITS),
    SC(getcwd, R_DEC, A_CWDBUF, A_ULONG),
    SC(chdir, R_DEC, A_PATH),
    SC(fchdir, R_DEC, A_FD),
    SC(chroot, R_DEC, A_PATH),
    SC(brk, R_HEX, A_PTR),
    SC(mmap, R_HEX, A_PTR, A_ULONG, A_PROT, A_MMAP_FLAGS, A_FD, A_HEX),
    SC(munmap, R_DEC, A_PTR, A_ULONG),
    SC(mprotect, R_DEC, A_PTR, A_ULONG, A_PROT),
    SCF(mremap, sys_mremap, R_HEX),
    SC(madvise, R_DEC, A_PTR, A_ULONG, A_MADV),
    SC(msync, R_DEC, A_PTR, A_ULONG, A_MSYNC_FLAGS),
    SC(mlock, R_DEC, A_PTR, A_ULONG),
    SC(munlock, R_DEC, A_PTR, A_ULONG),
    SC(exit, R_DEC, A_INT),
    SC(exit_group, R_DEC, A_INT),
    SC(getpid, R_DEC, A_NONE),
    SC(gettid, R_DEC, A_NONE),
    SC(getppid, R_DEC, A_NONE),
    SC(getuid, R_DEC, A_NONE),
    SC(geteuid, R_DEC, A_NONE),
    SC(getgid, R_DEC, A_NONE),
    SC(getegid, R_DEC, A_NONE),
    SC(getpgid, R_DEC, A_INT),
    SC(getsid, R_DEC, A_INT),
    SC(setsid, R_DEC, A_NONE),
    SC(setpgid, R_DEC, A_INT, A_INT),
    SC(setuid, R_DEC, A_UID),
    SC(setgid, R_DEC, A_UID),
    SC(setreuid, R_DEC, A_UID, A_UID),
    SC(setregid, R_DEC, A_UID, A_UID),
    SC(setresuid, R_DEC, A_UID, A_UID, A_UID),
    SC(setresgid, R_DEC, A_UID, A_UID, A_UID),
    SC(setfsuid, R_DEC, A_UID),
    SC(setfsgid, R_DEC, A_UID),
    SCF(setgroups, sys_setgroups, R_DEC),
    SCF(getgroups, sys_getgroups, R_DEC),
    SCF(capget, sys_capget, R_DEC),
    SCF(capset, sys_capset, R_DEC),
    SC(getresuid, R_DEC, A_UINT_OUT, A_UINT_OUT, A_UINT_OUT),
    SC(getresgid, R_DEC, A_UINT_OUT, A_UINT_OUT, A_UINT_OUT),
    SC(set_tid_address, R_DEC, A_PTR),
    SC(set_robust_list, R_DEC, A_PTR, A_ULONG),
    SC(rseq, R_DEC, A_HEX, A_HEX, A_HEX, A_HEX),
    SC(uname, R_DEC, A_UTSNAME),
    SC(getrandom, R_DEC, A_RNDBUF, A_ULONG, A_GRND_FLAGS),
    SC(prlimit64, R_DEC, A_INT, A_RLIMIT_RES, A_RLIMIT_IN, A_RLIMIT_OUT),
    SC(getrlimit, R_DEC, A_RLIMIT_RES, A_RLIMIT_OUT),
    SC(setrlimit, R_DEC, A_RLIMIT_RES, A_RLIMIT_IN),
    SC(getrusage, R_DEC, A_RUSAGE_WHO, A_RUSAGE_OUT),
    SC(times, R_DEC, A_TMS_OUT),
    SC(clock_gettime, R_DEC, A_CLOCKID, A_TIMESPEC_OUT),
    SC(clock_getres, R_DEC, A_CLOCKID, A_TIMESPEC_OUT),
    SC(clock_settime, R_DEC, A_CLOCKID, A_TIMESPEC),
    SC(timer_create, R_DEC, A_CLOCKID, A_SIGEVENT, A_INT_OUT),
    SC(timer_settime, R_DEC, A_INT, A_TIMER_FLAGS, A_ITIMERSPEC, A_ITIMERSPEC_OUT),
    SC(timer_gettime, R_DEC, A_INT, A_ITIMERSPEC_OUT),
    SC(timer_getoverrun, R_DEC, A_INT),
    SC(timer_delete, R_DEC, A_INT),
    SCF(clock_nanosleep, sys_clock_nanosleep, R_DEC),
    SCF(nanosleep, sys_nanosleep, R_DEC),
    SC(gettimeofday, R_DEC, A_TIMEVAL_OUT, A_PTR),
    SC(rt_sigaction, R_DEC, A_SIGNUM, A_SIGACTION_IN, A_SIGACTION_OUT, A_ULONG),
    SCF(rt_sigprocmask, sys_rt_sigprocmask, R_DEC),
    SC(rt_sigreturn, R_DEC, A_NONE),
    SC(rt_sigsuspend, R_DEC, A_SIGSET_IN, A_ULONG),
    SC(rt_sigpending, R_DEC, A_SIGSET_OUT, A_ULONG),
    SC(sigaltstack, R_DEC, A_STACK_IN, A_STACK_OUT),
    SC(kill, R_DEC, A_INT, A_SIGNUM),
    SC(tgkill, R_DEC, A_INT, A_INT, A_SIGNUM),
    SC(tkill, R_DEC, A_INT, A_SIGNUM),
    SC(execve, R_DEC, A_PATH, A_ARGV, A_ENVP),
    SC(execveat, R_DEC, A_DIRFD, A_PATH, A_ARGV, A_ENVP, A_AT_FLAGS),
    SC(wait4, R_DEC, A_INT, A_WSTATUS, A_WOPTIONS, A_RUSAGE_WAIT),
    SCF(clone, sys_clone, R_DEC),
    SCF(clone3, sys_clone3, R_DEC),
    SC(pipe2, R_DEC, A_PIPEFDS, A_OFLAGS_BITS),
    SC(umask, R_OCT, A_MODE),
    SC(unlinkat, R_DEC, A_DIRFD, A_PATH, A_AT_FLAGS),
    SC(mkdirat, R_DEC, A_DIRFD, A_PATH, A_MODE),
    SCF(mknodat, sys_mknodat, R_DEC),
    SC(renameat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH),
    SC(renameat2, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_RENAME_FLAGS),
    SC(linkat, R_DEC, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_AT_FLAGS),
    SC(symlinkat, R_DEC, A_PATH, A_DIRFD, A_PATH),
    SC(fchmod, R_DEC, A_FD, A_MODE),
    SC(fchmodat, R_DEC, A_DIRFD, A_PATH, A_MODE),
    SC(fchown, R_DEC, A_FD, A_UID, A_UID),
    SC(fchownat, R_DEC, A_DIRFD, A_PATH, A_UID, A_UID, A_AT_FLAGS),
    SC(truncate, R_DEC, A_PATH, A_ULONG),
    SC(ftruncate, R_DEC, A_FD, A_ULONG),
    SC(fsync, R_DEC, A_FD),
    SC(fdatasync, R_DEC, A_FD),
    SC(sync, R_DEC, A_NONE),
    SC(flock, R_DEC, A_FD, A_FLOCK_OP),
    SC(utimensat, R_DEC, A_DIRFD, A_PATH, A_PTR, A_AT_FLAGS),
    SC(statfs, R_DEC, A_PATH, A_PTR),
    SC(fstatfs, R_DEC, A_FD, A_PTR),
    SC(sched_yield, R_DEC, A_NONE),
    SC(sched_setscheduler, R_DEC, A_INT, A_SCHED_POLICY, A_INT_IN),
    SC(sched_getscheduler, R_SCHED_POLICY, A_INT),
    SC(sched_setparam, R_DEC, A_INT, A_INT_IN),
    SC(sched_getparam, R_DEC, A_INT, A_INT_OUT),
    SCF(sched_setattr, sys_sched_setattr, R_DEC),
    SCF(sched_getattr, sys_sched_getattr, R_DEC),
    SC(sched_get_priority_max, R_DEC, A_SCHED_POLICY),
    SC(sched_get_priority_min, R_DEC, A_SCHED_POLICY),
    SC(sched_rr_get_interval, R_DEC, A_INT, A_TIMESPEC_OUT),
    SC(sched_getaffinity, R_DEC, A_INT, A_UINT, A_PTR),
    SC(sched_setaffinity, R_DEC, A_INT, A_UINT, A_PTR),
    SC(getpriority, R_DEC, A_PRIO_WHICH, A_INT),
    SC(setpriority, R_DEC, A_PRIO_WHICH, A_INT, A_INT),
    SC(ioprio_get, R_IOPRIO, A_IOPRIO_WHICH, A_INT),
    SC(ioprio_set, R_DEC, A_IOPRIO_WHICH, A_INT, A_IOPRIO),
    SC(getcpu, R_DEC, A_UINT_OUT, A_UINT_OUT, A_PTR),
    SC(sysinfo, R_DEC, A_PTR),
    SCF(futex, sys_futex, R_DEC),
    SCF(prctl, sys_prctl, R_PRCTL),
    SC(ppoll, R_DEC, A_PTR, A_UINT, A_TIMESPEC, A_PTR, A_ULONG),
    SC(pselect6, R_DEC, A_INT, A_PTR, A_PTR, A_PTR, A_TIMESPEC, A_PTR),
    SC(epoll_create1, R_DEC, A_EPOLL_FLAGS),
    SC(epoll_ctl, R_DEC, A_FD, A_EPOLL_OP, A_FD, A_PTR),
    SC(epoll_pwait, R_DEC, A_FD, A_PTR, A_INT, A_INT, A_PTR, A_ULONG),
    SC(eventfd2, R_DEC, A_UINT, A_EFD_FLAGS),
    SCF(pidfd_open, sys_pidfd_open, R_DEC),
    SCF(inotify_init1, sys_inotify_init1, R_DEC),
    SCF(inotify_add_watch, sys_inotify_add_watch, R_DEC),
    SC(inotify_rm_watch, R_DEC, A_FD, A_INT),
    SCF(pidfd_send_signal, sys_pidfd_send_signal, R_DEC),
    SCF(pidfd_getfd, sys_pidfd_getfd, R_DEC),
    SC(signalfd4, R_DEC, A_FD, A_SIGSET_IN, A_ULONG, A_SFD_FLAGS),
    SC(timerfd_create, R_DEC, A_CLOCKID, A_TFD_FLAGS),
    SC(timerfd_settime, R_DEC, A_FD, A_TFD_FLAGS, A_ITIMERSPEC, A_ITIMERSPEC_OUT),
    SC(timerfd_gettime, R_DEC, A_FD, A_ITIMERSPEC_OUT),
    SC(memfd_create, R_DEC, A_STR, A_MFD_FLAGS),
    SC(close_range, R_DEC, A_UINT, A_UINT, A_CLOSE_RANGE_FLAGS),
    SC(sendfile, R_DEC, A_FD, A_FD, A_PTR, A_ULONG),
    SC(copy_file_range, R_DEC, A_FD, A_PTR, A_FD, A_PTR, A_ULONG, A_UINT),
    SC(fadvise64, R_DEC, A_FD, A_LONG, A_LONG, A_FADVICE),
    SCF(socket, sys_socket, R_DEC),
    SCF(socketpair, sys_socketpair, R_DEC),
    SC(connect, R_DEC, A_FD, A_SOCKADDR, A_INT),
    SC(bind, R_DEC, A_FD, A_SOCKADDR, A_INT),
    SC(listen, R_DEC, A_FD, A_INT),
    SC(accept, R_DEC, A_FD, A_PTR, A_PTR),
    SC(accept4, R_DEC, A_FD, A_PTR, A_PTR, A_SOCK_FLAGS),
    SC(shutdown, R_DEC, A_FD, A_SHUTDOWN_HOW),
    SCF(restart_syscall, sys_restart_syscall, R_DEC),
    SC(sendto, R_DEC, A_FD, A_INBUF, A_ULONG, A_HEX, A_PTR, A_INT),
    SC(recvfrom, R_DEC, A_FD, A_OUTBUF, A_ULONG, A_HEX, A_PTR, A_PTR),
    SCF(sendmsg, sys_sendmsg, R_DEC),
    SCF(recvmsg, sys_recvmsg, R_DEC),
    SCF(sendmmsg, sys_sendmmsg, R_DEC),
    SCF(recvmmsg, sys_recvmmsg, R_RECVMMSG),
    SC(getsockname, R_DEC, A_FD, A_PTR, A_PTR),
    SC(getpeername, R_DEC, A_FD, A_PTR, A_PTR),
    SC(getsockopt, R_DEC, A_FD, A_INT, A_INT, A_PTR, A_PTR),
    SC(setsockopt, R_DEC, A_FD, A_INT, A_INT, A_PTR, A_INT),
    SC(getxattr, R_DEC, A_PATH, A_STR, A_XATTR_VAL_OUT, A_ULONG),
    SC(lgetxattr, R_DEC, A_PATH, A_STR, A_XATTR_VAL_OUT, A_ULONG),
    SC(fgetxattr, R_DEC, A_FD, A_STR, A_XATTR_VAL_OUT, A_ULONG),
    SC(setxattr, R_DEC, A_PATH, A_STR, A_XATTR_VAL_IN, A_ULONG, A_XATTR_FLAGS),
    SC(lsetxattr, R_DEC, A_PATH, A_STR, A_XATTR_VAL_IN, A_ULONG, A_XATTR_FLAGS),
    SC(fsetxattr, R_DEC, A_FD, A_STR, A_XATTR_VAL_IN, A_ULONG, A_XATTR_FLAGS),
    SC(listxattr, R_DEC, A_PATH, A_XATTR_LIST, A_ULONG),
    SC(llistxattr, R_DEC, A_PATH, A_XATTR_LIST, A_ULONG),
    SC(flistxattr, R_DEC, A_FD, A_XATTR_LIST, A_ULONG),
#ifdef LINUX_NR_open
    SCF(open, sys_open, R_DEC),
#endif
#ifdef LINUX_NR_creat
    SC(creat, R_DEC, A_PATH, A_MODE),
#endif
#ifdef LINUX_NR_stat
    SC(stat, R_DEC, A_PATH, A_STAT),
#endif
#ifdef LINUX_NR_lstat
    SC(lstat, R_DEC, A_PATH, A_STAT),
#endif
#ifdef LINUX_NR_getdents
    SC(getdents, R_DEC, A_FD, A_DIRENTS, A_UINT),
#endif
#ifdef LINUX_NR_readlink
    SC(readlink, R_DEC, A_PATH, A_OUTBUF, A_ULONG),
#endif
#ifdef LINUX_NR_access
    SC(access, R_DEC, A_PATH, A_ACCESS_MODE),
#endif
#ifdef LINUX_NR_dup2
    SC(dup2, R_DEC, A_FD, A_FD),
#endif
#ifdef LINUX_NR_getpgrp
    SC(getpgrp, R_DEC, A_NONE),
#endif
#ifdef LINUX_NR_time
    SC(time, R_TIME, A_TIME_OUT),
#endif
#ifdef LINUX_NR_arch_prctl
    SCF(arch_prctl, sys_arch_prctl, R_DEC),
#endif
#ifdef LINUX_NR_fork
    SC(fork, R_DEC, A_NONE),
#endif
#ifdef LINUX_NR_vfork
    SC(vfork, R_DEC, A_NONE),
#endif
#ifdef LINUX_NR_pipe
    SC(pipe, R_DEC, A_PIPEFDS),
#endif
#ifdef LINUX_NR_unlink
    SC(unlink, R_DEC, A_PATH),
#endif
#ifdef LINUX_NR_mkdir
    SC(mkdir, R_DEC, A_PATH, A_MODE),
#endif
#ifdef LINUX_NR_mknod
    SCF(mknod, sys_mknod, R_DEC),
#endif
#ifdef LINUX_NR_rmdir
    SC(rmdir, R_DEC, A_PATH),
#endif
#ifdef LINUX_NR_rename
    SC(rename, R_DEC, A_PATH, A_PATH),
#endif
#ifdef LINUX_NR_link
    SC(link, R_DEC, A_PATH, A_PATH),
#endif
#ifdef LINUX_NR_symlink
    SC(symlink, R_DEC, A_PATH, A_PATH),
#endif
#ifdef LINUX_NR_chmod
    SC(chmod, R_DEC, A_PATH, A_MODE),
#endif
#ifdef LINUX_NR_chown
    SC(chown, R_DEC, A_PATH, A_UID, A_UID),
#endif
#ifdef LINUX_NR_lchown
    SC(lchown, R_DEC, A_PATH, A_UID, A_UID),
#endif
#ifdef LINUX_NR_pause
    SC(pause, R_DEC, A_NONE),
#endif
#ifdef LINUX_NR_alarm
    SC(alarm, R_DEC, A_UINT),
#endif
#ifdef LINUX_NR_poll
    SC(poll, R_DEC, A_PTR, A_UINT, A_INT),
#endif
#ifdef LINUX_NR_select
    SC(select, R_DEC, A_INT, A_PTR, A_PTR, A_PTR, A_PTR),
#endif
#ifdef LINUX_NR_epoll_wait
    SC(epoll_wait, R_DEC, A_FD, A_PTR, A_INT, A_INT),
#endif
#ifdef LINUX_NR_signalfd
    SC(signalfd, R_DEC, A_FD, A_SIGSET_IN, A_ULONG),
#endif
#ifdef LINUX_NR_inotify_init
    SC(inotify_init, R_DEC),
#endif
};

/* Every syscall name the arch knows, for calls without a decoder. */
#define NAME_ENTRY(n) [LINUX_NR_##n] = #n,
static const char *const sc_names[] = { LINUX_SYSCALL_LIST(NAME_ENTRY) };
#undef NAME_ENTRY

const char *strace_syscall_name(long nr)
{
    if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(sc_names))
        return NULL;
    return sc_names[nr];
}

static const struct sc_desc *find_desc(long nr)
{
    if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(sc_table) || !sc_table[nr].name)
        return NULL;
    return &sc_table[nr];
}

/* ------------------------------------------------------------------------ */
/* The result, as strace's syscall_exiting_trace() prints it */

static void print_result(struct fmt *f, const struct sc_desc *d, int no_return)
{
    out(f, " = ");
    if (no_return) {
        out(f, "?");
        return;
    }
    if (f->err) {
        const int e = f->err;
        switch (e) {
        case LINUX_ERESTARTSYS:
            out(f, "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
            return;
        case LINUX_ERESTARTNOINTR:
            out(f, "? ERESTARTNOINTR (To be restarted)");
            return;
        case LINUX_ERESTARTNOHAND:
            out(f, "? ERESTARTNOHAND (To be restarted if no handler)");
            return;
        case LINUX_ERESTART_RESTARTBLOCK:
            out(f, "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
            return;
        default:
            break;
        }
        const char *name = strace_errno_name(e);
        const char *msg = (size_t)e < ARRAY_SIZE(errnos) ? errnos[e].msg : NULL;
        if (name)
            outf(f, "-1 %s (", name);
        else
            outf(f, "-1 %d (", e);
        if (msg)
            out(f, msg);
        else
            outf(f, "Unknown error %d", e);
        out(f, ")");
        return;
    }
    switch (d ? d->ret : R_DEC) {
    case R_HEX:
        print_hex(f, (uint64_t)f->ret);
        break;
    case R_OCT:
        outf(f, "%#lo", (unsigned long)f->ret);
        break;
    case R_TIME:
        outf(f, "%ld", f->ret);
        print_time_comment(f, f->ret, " (", ")");
        break;
    case R_FCNTL:
        ret_fcntl(f);
        break;
    case R_SCHED_POLICY: {
        const char *s = xlookup(XLEN(sched_policies), (uint64_t)f->ret);
        outf(f, s ? "%ld (%s)" : "%ld", f->ret, s);
        break;
    }
    case R_IOPRIO:
        outf(f, "%ld (", f->ret);
        print_ioprio(f, (unsigned)f->ret);
        out(f, ")");
        break;
    case R_RECVMMSG:
        outf(f, "%ld", f->ret);
        if (f->ret == 0) {
            out(f, " (Timeout)");
        } else if (f->a[4]) {
            out(f, " (left ");
            print_timespec(f, f->a[4]);
            out(f, ")");
        }
        break;
    case R_PRCTL:
        outf(f, "%ld", f->ret);
        if ((unsigned)f->a[0] == LINUX_PR_GET_DUMPABLE) {
            const char *s = xlookup(XLEN(suid_dump_modes), (uint64_t)f->ret);
            if (s)
                outf(f, " (%s)", s);
        }
        break;
    default:
        outf(f, "%ld", f->ret);
        break;
    }
}

size_t strace_format(char *out_buf, size_t outlen, long nr, const uint64_t args[6], long ret,
                     int no_return, const struct strace_mem *mem)
{
    static const uint64_t zero[6];
    struct fmt f = {
        .buf = out_buf,
        .cap = outlen,
        .a = args ? args : zero,
        .ret = ret,
        .mem = mem,
    };
    if (outlen)
        out_buf[0] = '\0';
    /* Values in -4095..-1 are errors, as in strace's is_negated_errno(). */
    if (!no_return && ret < 0 && ret >= -(long)LINUX_ERANGE_MAX)
        f.err = (int)-ret;

    const struct sc_desc *d = find_desc(nr);
    const char *name = strace_syscall_name(nr);
    if (name)
        out(&f, name);
    else
        outf(&f, "syscall_%#lx", (unsigned long)nr);
    out(&f, "(");
    if (d && d->custom) {
        d->custom(&f);
    } else if (d) {
        for (int i = 0; i < 6 && d->arg[i] != A_NONE; i++) {
            if (i)
                sep(&f);
            print_arg(&f, d->arg[i], i);
        }
    } else {
        /* No decoder: all six registers in hex, like strace's printargs(). */
        for (int i = 0; i < 6; i++) {
            if (i)
                sep(&f);
            print_hex(&f, f.a[i]);
        }
    }
    out(&f, ")");
    print_result(&f, d, no_return);
    out(&f, "\n");
    /* A cut line still ends the log record. */
    if (f.trunc && outlen >= 2) {
        out_buf[outlen - 2] = '\n';
        out_buf[outlen - 1] = '\0';
        f.len = outlen - 1;
    }
    return f.len;
}
