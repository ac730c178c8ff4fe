/* SPDX-License-Identifier: MIT */
/* arch/stub_params.h: the ptrace stub's start parameters and batch table, shared by ptrace_stub.S and ptrace/. */
#ifndef ARCH_STUB_PARAMS_H
#define ARCH_STUB_PARAMS_H

/*
 * A stub process is an exec of a small ELF file the platform builds at start-up:
 * the stub image (arch/<a>/ptrace_stub.S, from arch_stub_start) at
 * arch_stub_base(), then its seccomp program. The platform fills the parameter
 * block (arch_stub_params, inside the image) in that file, and the image's
 * start code reads it by these offsets. Same layout on every architecture.
 */
#define STUB_P_UNMAP_END 0    /* clear [0, unmap_end): the vDSO window's base, or the image's */
#define STUB_P_IMAGE_END 8    /* clear [image_end, top of user space) */
#define STUB_P_TABLE 16       /* map the batch table here, read-write ... */
#define STUB_P_TABLE_LEN 24   /* ... this many bytes */
#define STUB_P_FPROG 32       /* struct sock_fprog: u16 length, then a pointer at +8 */
#define STUB_P_NVDSO 48       /* vDSO regions to move, at most STUB_VDSO_MAX */
#define STUB_P_VDSO 56        /* per region: offset from AT_SYSINFO_EHDR, length, destination */
#define STUB_VDSO_MAX 4
#define STUB_VDSO_ENTRY 24
#define STUB_PARAMS_SIZE (STUB_P_VDSO + STUB_VDSO_MAX * STUB_VDSO_ENTRY)

/*
 * A batch of host calls: the tracer writes entries (number, then six
 * arguments) into the table and starts the stub at arch_stub_batch with the
 * table's address and the entry count. The stub runs them in order and stops
 * after the last, or at the first that fails; the arch reports how many
 * succeeded (arch_ptrace_batch_result).
 */
#define STUB_OP_SIZE 56

#ifndef __ASSEMBLER__
#include <stdint.h>

struct stub_op {
    uint64_t nr;
    uint64_t a[6];
};

struct stub_params {
    uint64_t unmap_end;
    uint64_t image_end;
    uint64_t table;
    uint64_t table_len;
    uint64_t fprog_len; /* struct sock_fprog's unsigned short, little-endian */
    uint64_t fprog_filter;
    uint64_t nvdso;
    struct {
        int64_t from_ehdr;
        uint64_t len;
        uint64_t to;
    } vdso[STUB_VDSO_MAX];
};

_Static_assert(sizeof(struct stub_op) == STUB_OP_SIZE, "stub_op layout");
_Static_assert(sizeof(struct stub_params) == STUB_PARAMS_SIZE, "stub_params layout");
_Static_assert(__builtin_offsetof(struct stub_params, fprog_len) == STUB_P_FPROG, "fprog");
_Static_assert(__builtin_offsetof(struct stub_params, nvdso) == STUB_P_NVDSO, "nvdso");
_Static_assert(__builtin_offsetof(struct stub_params, vdso) == STUB_P_VDSO, "vdso");
_Static_assert(__builtin_offsetof(struct stub_params, table_len) == STUB_P_TABLE_LEN, "table");
#endif

#endif
