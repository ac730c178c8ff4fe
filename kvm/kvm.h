/* SPDX-License-Identifier: MIT */
/* kvm/kvm.h: the KVM platform's internal API: VM, arena, page tables, vCPUs (used by tests/kvm and bench). */
#ifndef KVM_KVM_H
#define KVM_KVM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "../arch/arch.h"

struct memfile;

/* One VM per runtime: created by the first probe or init, shared by every address space. */
struct kvm_vm {
    int kvm_fd, vm_fd;
    size_t run_size;          /* KVM_GET_VCPU_MMAP_SIZE */
    struct arch_kvm *arch;
    uint8_t *arena;           /* ARCH_KVM_ARENA_SIZE bytes at ARCH_KVM_ARENA_GPA */
    uint8_t *user_base;       /* the memory file's host mapping */
    uint64_t user_size;
    uint64_t user_gpa_end;    /* end of the memory-file slot (0: none yet) */
    struct kvm_as *kernel_as; /* root with only the upper half: the vCPUs' first CR3 */
    uint64_t uimg_va, uimg_len, uimg_gpa; /* arch_kvm_user_image() (len 0: none) */

    pthread_mutex_t lock;     /* page-table pool, vCPU pool */
    uint32_t *pt_free;        /* free page-table pages (arena page numbers) */
    uint32_t pt_nfree, pt_next, pt_end;
    struct kvm_vcpu *vcpus[ARCH_KVM_MAX_VCPUS];
    unsigned nvcpus;

    uint64_t exits;           /* ring-0 exits to the host, for bench/ and tests */
};

/* An address space: a root table whose upper half is the shared ring-0 image. */
struct kvm_as {
    struct kvm_vm *vm;
    uint64_t root;            /* GPA of the root table */
    uint64_t gen;             /* bumped when a present entry changes: flush before re-entry */
    struct platform_ctx *ctxs; /* contexts bound to it (kicked on unmap/protect) */
};

struct kvm_vcpu {
    int fd;
    unsigned id;
    struct kvm_run *run;
    uint8_t *block;            /* host view of its 64 KiB block */
    struct arch_kvm_page *page;
    struct kvm_as *cur_as;     /* address space and generation last loaded in CR3 */
    uint64_t cur_gen;
    int in_use;
    int dead;                  /* ring 0 broke: never used again */
};

/** kvm_vm_get - the runtime's VM, created on first use. NULL with a reason in @why. */
struct kvm_vm *kvm_vm_get(char *why, size_t whylen);
/** kvm_vm_add_user_memory - register the memory file as guest memory at ARCH_KVM_USER_GPA. */
int kvm_vm_add_user_memory(struct kvm_vm *vm, const struct memfile *mf);

/** kvm_vm_cover_user - make sure memory-file bytes [0, @end_off) are guest memory. */
int kvm_vm_cover_user(struct kvm_vm *vm, uint64_t end_off);

struct kvm_vcpu *kvm_vcpu_get(struct kvm_vm *vm, char *why, size_t whylen);
void kvm_vcpu_put(struct kvm_vm *vm, struct kvm_vcpu *v);

/* KVM_RUN until the ring-0 image exits to the host. */
enum kvm_run_result {
    KVM_RUN_RING0 = 0, /* the image exited (page holds why) */
    KVM_RUN_SIGNAL,    /* KVM_RUN returned EINTR (a kick) */
    KVM_RUN_ERROR,     /* anything else: reported on stderr with registers */
};
enum kvm_run_result kvm_vcpu_run(struct kvm_vm *vm, struct kvm_vcpu *v);
/** kvm_vcpu_report - the crash report: registers, page, disassembly at pc. */
void kvm_vcpu_report(struct kvm_vm *vm, struct kvm_vcpu *v, struct kvm_as *as, const char *what);

/* Page tables (kvm/pagetables.c). */
struct kvm_as *kvm_as_new(struct kvm_vm *vm, int *err);
void kvm_as_free(struct kvm_as *as);
/** kvm_pt_map - map [va, va+len) to [gpa, ...) with ARCH_PROT_* and ARCH_PTE_* attributes. */
int kvm_pt_map(struct kvm_as *as, uint64_t va, uint64_t len, uint64_t gpa, int prot, int attr);
int kvm_pt_unmap(struct kvm_as *as, uint64_t va, uint64_t len);
int kvm_pt_protect(struct kvm_as *as, uint64_t va, uint64_t len, int prot);
/** kvm_pt_lookup - the leaf entry for @va (0 if none). */
uint64_t kvm_pt_lookup(struct kvm_as *as, uint64_t va);
/** kvm_pt_tables - page-table pages in use in the pool (tests, leak checks). */
unsigned kvm_pt_tables(struct kvm_vm *vm);
/** kvm_gpa_ptr - host pointer of guest-physical @gpa (arena or memory file), or NULL. */
void *kvm_gpa_ptr(struct kvm_vm *vm, uint64_t gpa);
/** kvm_read_guest - copy up to @n bytes at guest virtual @va of @as (for decode). */
size_t kvm_read_guest(struct kvm_as *as, uint64_t va, uint8_t *buf, size_t n);

/* The platform (kvm/platform.c). */
/** kvm_platform_probe - is there a faithful KVM? 0, or -1 with a one-line reason. */
int kvm_platform_probe(char *why, size_t whylen);
/** kvm_platform_exits - ring-0 exits so far (every one is one VM exit). */
uint64_t kvm_platform_exits(void);

#endif
