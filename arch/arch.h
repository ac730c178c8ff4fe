/* SPDX-License-Identifier: MIT */
/* arch/arch.h: the per-architecture contract every arch/<a>/ fulfils. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

/*
 * Generic code (kernel/, ptrace/, kvm/) reaches architecture-specific state only
 * through this header. Each arch/<a>/include/machine/ provides the same header
 * names; meson puts exactly one of them on the include path.
 *
 * From <machine/regs.h>:
 *   struct arch_regs       the user integer register file (ptrace layout)
 *   struct arch_fpstate    FP/SIMD state: uint8_t xsave[] is the opaque image
 *                          a signal frame stores and rt_sigreturn copies back
 *                          (amd64: the XSAVE area; arm64: the fpsimd_context
 *                          payload), size its valid bytes, 0 = not held here
 * From <machine/syscall.h> (static inline, like Linux <asm/syscall.h>):
 *   arch_syscall_nr, arch_syscall_args, arch_syscall_set_return,
 *   arch_syscall_rollback, arch_syscall_restart_block, arch_regs_{pc,sp,tls}
 *   and their setters,
 *   ARCH_SYSCALL_INSN_LEN
 */
#include <stddef.h>
#include <stdint.h>

#include <machine/regs.h>
#include <machine/syscall.h>

#include "../abi/linux.h"

#define ARCH_PAGE_SIZE 4096UL
#define ARCH_PAGE_MASK (~(ARCH_PAGE_SIZE - 1))
#define ARCH_STACK_ALIGN 16

/** ARCH_NAME - the guest-visible machine name (uname -m, AT_PLATFORM). */
#define ARCH_NAME LINUX_UNAME_MACHINE

/**
 * arch_regs_init_user - register state for a new process image.
 * @r: cleared and filled: pc = @entry, sp = @sp, user segments, flags.
 */
void arch_regs_init_user(struct arch_regs *r, uint64_t entry, uint64_t sp);

/**
 * arch_elf_hwcap - AT_HWCAP and AT_HWCAP2 values for the guest.
 */
void arch_elf_hwcap(uint64_t *hwcap, uint64_t *hwcap2);

/**
 * arch_user_max - one past the highest guest user address any platform allows.
 * The ptrace stub and the KVM ring-0 image both live above it.
 */
uint64_t arch_user_max(void);

/**
 * arch_sys_arch_prctl - amd64 arch_prctl(2); ENOSYS-equivalent on other arches.
 * @r: the calling task's registers (FS/GS base live there).
 * Returns: 0 / value, or -LINUX_E*. @out receives a value to copy to the guest
 * for the GET codes (*out_valid set to 1), the caller does the copy.
 */
long arch_sys_arch_prctl(struct arch_regs *r, int code, uint64_t arg, uint64_t *out,
                         int *out_valid);

/* ---- Signal frames (arch/<a>/signal.c) ---- */

/* What the core knows about one signal delivery. */
struct arch_sigdelivery {
    int sig;
    const struct linux_sigaction *act;
    const struct linux_siginfo *info;
    const struct linux_stack *uc_stack; /* the sigaltstack state recorded in the frame */
    uint64_t oldmask;                   /* mask to restore on sigreturn */
    int on_altstack;                    /* switching onto the alternate stack (no red zone) */
    uint64_t fault_addr;                /* cr2 / FAR for faults, else 0 */
    int trapno;                         /* architecture trap number, or 0 */
    uint64_t error_code;
};

/**
 * arch_signal_frame - lay out the signal frame for a handler in host @buf, and
 * point @r at the handler (pc, sp and argument registers).
 * @fp: FP state to save in the frame (fp->size bytes valid; 0 = none).
 * @sp: the stack top to build below (current sp, or the alternate stack's top).
 * Returns the image size (copy it to *@frame_addr), or -LINUX_EFAULT when the
 * frame cannot be built (the task then gets SIGSEGV, as Linux's signal_setup_done()).
 */
long arch_signal_frame(struct arch_regs *r, const struct arch_fpstate *fp, uint64_t sp,
                       const struct arch_sigdelivery *d, void *buf, size_t buflen,
                       uint64_t *frame_addr);

/** arch_sigreturn_frame_addr - where rt_sigreturn finds the frame, from its registers. */
uint64_t arch_sigreturn_frame_addr(const struct arch_regs *r);
/** arch_sigframe_size - bytes of the fixed frame part arch_signal_restore() reads. */
size_t arch_sigframe_size(void);

/**
 * arch_signal_restore - rt_sigreturn: take registers, mask, stack record and the
 * FP image address from @frame (a host copy of the guest frame).
 * @r: on entry the registers at the rt_sigreturn syscall (they locate the frame).
 * Returns 0, or -LINUX_EFAULT for a frame Linux rejects (badframe: the task
 * gets SIGSEGV); @fpaddr then names no guest memory, so copying the image fails.
 */
int arch_signal_restore(struct arch_regs *r, const void *frame, uint64_t *mask,
                        struct linux_stack *uc_stack, uint64_t *fpaddr);

/* ---- For the ptrace platform (ptrace/) ---- */

/**
 * ARCH_STUB_BASE - where the ptrace stub image lives in every stub process:
 * just above arch_user_max(), so the guest can never map over it.
 */
uint64_t arch_stub_base(void);

/*
 * The stub image (arch/<a>/ptrace_stub.S), arch_stub_start .. arch_stub_end:
 * the platform execs it at arch_stub_base() as the text of a small ELF file,
 * with its parameter block (arch_stub_params, arch/stub_params.h) filled in.
 * arch_stub_syscall runs one injected host call, arch_stub_batch a table of them.
 */
extern const char arch_stub_start[], arch_stub_syscall[], arch_stub_batch[], arch_stub_params[],
    arch_stub_end[];

/** arch_ptrace_{get,set}_regs - NT_PRSTATUS (plus the TLS register where separate). */
int arch_ptrace_get_regs(int pid, struct arch_regs *r);
int arch_ptrace_set_regs(int pid, const struct arch_regs *r);
/** arch_ptrace_{get,set}_fp - the full FP/SIMD state. 0 or -errno. */
int arch_ptrace_get_fp(int pid, struct arch_fpstate *fp);
int arch_ptrace_set_fp(int pid, const struct arch_fpstate *fp);

/**
 * arch_ptrace_prepare_syscall - make @r execute host syscall @nr(@a) at @pc
 * (the stub's syscall instruction). @r is a scratch copy of the stub's registers.
 */
void arch_ptrace_prepare_syscall(struct arch_regs *r, uint64_t pc, long nr, const uint64_t a[6]);
/** arch_ptrace_syscall_result - the injected syscall's return value. */
long arch_ptrace_syscall_result(const struct arch_regs *r);
/**
 * arch_ptrace_prepare_batch - make @r run the stub's batch loop at @pc over
 * @count entries of the table at @table (arch/stub_params.h).
 */
void arch_ptrace_prepare_batch(struct arch_regs *r, uint64_t pc, uint64_t table, uint64_t count);
/**
 * arch_ptrace_batch_result - after a batch: the number of entries that
 * succeeded, and in @last the result of the last one run.
 */
uint64_t arch_ptrace_batch_result(const struct arch_regs *r, long *last);

/* Host syscall numbers the platform injects into its stub. */
extern const long arch_host_nr_mmap, arch_host_nr_munmap, arch_host_nr_mprotect;

/* ---- For the KVM platform (kvm/) ---- */

#include <machine/layout.h>
#include <machine/pgtable.h>

/*
 * Exit mode: the vCPU runs the arch's ring-0 image (arch/<a>/ring0.S), which
 * enters the application from the per-vCPU page and exits to the host on every
 * trap. kvm/ owns the VM, memory slots, page tables and run loop; the arch
 * owns everything that knows about CPU state. Layout constants come from
 * <machine/layout.h> (ARCH_KVM_*), page-table encoding from <machine/pgtable.h>.
 */

/* A trap as the arch classifies it (kvm/ copies it into the core's fault_info). */
#define ARCH_FAULT_UNKNOWN 0
#define ARCH_FAULT_READ 1
#define ARCH_FAULT_WRITE 2
#define ARCH_FAULT_EXEC 4
struct arch_fault {
    int signo, si_code; /* LINUX_SIG*, LINUX_* si_code */
    uint64_t addr;      /* si_addr */
    int access;         /* ARCH_FAULT_* */
    int vector;         /* the hardware vector */
};

/* Per-VM arch state: the vCPU's CPUID, XSAVE mask, enabled CPU features. */
struct arch_kvm;
struct kvm_run;

/* A KVM capability the platform needs, and its name for the error message. */
struct arch_kvm_cap {
    int cap;
    const char *name;
};

/** arch_kvm_required_caps - the capabilities this arch needs (kvm/ checks them); *@n of them. */
const struct arch_kvm_cap *arch_kvm_required_caps(size_t *n);

/**
 * arch_kvm_create - set up per-VM state (CPUID for the guest, XCR0, CR4
 * features) on @vm_fd, once kvm/ has checked arch_kvm_required_caps().
 * On failure returns NULL and writes a one-line reason into @why.
 */
struct arch_kvm *arch_kvm_create(int kvm_fd, int vm_fd, char *why, size_t whylen);
/**
 * arch_kvm_vm_type - the KVM_CREATE_VM type for this host (amd64: 0; arm64: the
 * IPA size, from KVM_CAP_ARM_VM_IPA_SIZE). Returns it, or -1 with a reason in
 * @why when the host cannot hold the guest-physical layout.
 */
long arch_kvm_vm_type(int kvm_fd, char *why, size_t whylen);
void arch_kvm_destroy(struct arch_kvm *a);
/** arch_kvm_describe - one line of what the vCPU offers, for --debug. */
void arch_kvm_describe(const struct arch_kvm *a, char *buf, size_t len);

/* One range of the arena mapped in the upper half of every address space. */
struct arch_kvm_region {
    uint64_t off, len; /* offset from ARCH_KVM_KBASE */
    uint64_t gpa;      /* guest-physical start (the arena's ARCH_KVM_ARENA_GPA + off, or
                        * a page outside every slot, such as arm64's exit page) */
    int prot;          /* ARCH_PROT_* */
    int attr;          /* ARCH_PTE_* beyond ARCH_PTE_GLOBAL (arm64: ARCH_PTE_DEVICE) */
};
/**
 * arch_kvm_image_install - copy the ring-0 image and build the shared tables
 * (IDT) into the @arena mapping; list the upper-half ranges to map in @out.
 * Returns the number of ranges (at most @max).
 */
size_t arch_kvm_image_install(const struct arch_kvm *a, uint8_t *arena, unsigned max_vcpus,
                              struct arch_kvm_region *out, size_t max);

/**
 * arch_kvm_user_image - code every application address space maps at a fixed
 * user address (arm64: the ptrace stub image, whose rt_sigreturn trampoline a
 * handler without SA_RESTORER returns to, as Linux's vDSO sigreturn; amd64:
 * none). Copies it into @arena; fills @va, @len and @gpa (its read-only,
 * executable user mapping) and returns 1, or returns 0 when there is none.
 */
int arch_kvm_user_image(uint8_t *arena, uint64_t *va, uint64_t *len, uint64_t *gpa);

/**
 * arch_kvm_vcpu_init - give vCPU @id (its block mapped at @block) the state
 * the ring-0 image starts in: CPUID, control registers, GDT/TSS/IDT, MSRs,
 * XCR0, and the first instruction. @root_gpa: a root table with the upper half.
 * Returns 0 or -errno with a reason in @why.
 */
int arch_kvm_vcpu_init(const struct arch_kvm *a, int vcpu_fd, unsigned id, uint8_t *block,
                       uint64_t root_gpa, char *why, size_t whylen);

/**
 * arch_kvm_vcpu_park - point the idle vCPU's live root register at @root_gpa (the
 * kernel-only root), so the address space it last ran can be freed: its next
 * run starts in the ring-0 image, which must still be mapped. Not on the hot path.
 */
int arch_kvm_vcpu_park(int vcpu_fd, uint64_t root_gpa);

/**
 * arch_kvm_sync_icache - the host wrote @len bytes of guest code at @host (its
 * mapping of guest memory) that the guest may fetch: make the write visible to
 * instruction fetch (arm64: clean the data cache to the point of unification
 * and invalidate the instruction cache by address, Arm ARM B2.4.4; amd64:
 * nothing, its caches are coherent). The vCPU invalidates its own instruction
 * cache when it next switches address space.
 */
void arch_kvm_sync_icache(const void *host, size_t len);

/** arch_kvm_exit_is_ring0 - this KVM exit is the ring-0 image's "exit to host". */
int arch_kvm_exit_is_ring0(const struct kvm_run *run);

/**
 * arch_kvm_load_regs - put @r into the vCPU page for the next entry, choosing
 * the fast or full return. Returns 0, or -1 with @f filled when @r cannot be
 * entered (non-canonical pc or TLS base): the task takes that signal.
 */
int arch_kvm_load_regs(struct arch_kvm_page *pg, const struct arch_regs *r, struct arch_fault *f);
/** arch_kvm_set_root - make the next entry load address-space root @root_gpa (and flush). */
void arch_kvm_set_root(struct arch_kvm_page *pg, uint64_t root_gpa);

/* What arch_kvm_decode found in the page after an exit. */
enum arch_kvm_event {
    ARCH_KVM_SYSCALL = 1, /* regs hold a syscall */
    ARCH_KVM_FAULT,       /* a user trap: the arch_fault */
    ARCH_KVM_EMULATE,     /* a trap that may be an instruction the platform emulates (CPUID) */
    ARCH_KVM_KICK,        /* the injected kick interrupt arrived */
    ARCH_KVM_RETRY,       /* nothing to report (spurious FP trap): enter again */
    ARCH_KVM_DONE,        /* a host request (save FP, ping) completed */
    ARCH_KVM_RING0_BUG,   /* ring 0 itself faulted: the vCPU is unusable */
};
/** arch_kvm_decode - read the exit out of the page into @r / @f. */
enum arch_kvm_event arch_kvm_decode(struct arch_kvm_page *pg, struct arch_regs *r,
                                    struct arch_fault *f);

/**
 * arch_kvm_emulate - if @insn (@n bytes read at @r's pc) is an instruction the
 * platform emulates (amd64: CPUID under CPUID faulting), do it on @r and step
 * the pc. Returns 1 if emulated, 0 if not.
 */
int arch_kvm_emulate(const struct arch_kvm *a, struct arch_regs *r, const uint8_t *insn, size_t n);

/* FP state of the vCPU: lives in the vCPU, saved/restored by the image on request. */
/** arch_kvm_fp_load - copy @fp (sanitized) into the block's save area, request a restore. */
void arch_kvm_fp_load(const struct arch_kvm *a, uint8_t *block, const struct arch_fpstate *fp);
/** arch_kvm_fp_init - request the initial FP state (a fresh process's). */
void arch_kvm_fp_init(const struct arch_kvm *a, uint8_t *block);
/** arch_kvm_fp_request_save - ask the image to save the FP state and exit (ARCH_KVM_DONE). */
void arch_kvm_fp_request_save(struct arch_kvm_page *pg);
/** arch_kvm_fp_store - copy the saved state from the block into @fp. */
void arch_kvm_fp_store(const struct arch_kvm *a, const uint8_t *block, struct arch_fpstate *fp);

/**
 * arch_kvm_probe_code - write the self-test's ring-3 program at @code: a loop
 * that makes syscall @nr. Returns the offset just past its syscall instruction.
 */
uint64_t arch_kvm_probe_code(uint8_t *code, uint32_t nr);

/** arch_kvm_request_ping - ask the image to exit at once (by the cheapest exit, or @hlt). */
void arch_kvm_request_ping(struct arch_kvm_page *pg, int alt);

/**
 * arch_kvm_kick - after KVM_RUN was interrupted, make the guest trap to ring 0
 * at its next instruction boundary in ring 3 (amd64: KVM_INTERRUPT with the
 * kick vector, or an interrupt window request). Returns 0 or -errno.
 */
int arch_kvm_kick(int vcpu_fd, struct kvm_run *run);
/** arch_kvm_kick_window - KVM_EXIT_IRQ_WINDOW_OPEN (or equivalent) is the arch's kick point. */
int arch_kvm_exit_is_kick_window(const struct kvm_run *run);

/**
 * arch_kvm_dump - a crash report on @out: registers (KVM_GET_REGS/SREGS: only
 * on this error path), the page, and the instruction at pc disassembled; the
 * bytes are read through @read_insn (guest virtual -> bytes, returns count).
 */
void arch_kvm_dump(int vcpu_fd, const struct arch_kvm_page *pg, void *out_file,
                   size_t (*read_insn)(void *cookie, uint64_t va, uint8_t *buf, size_t n),
                   void *cookie);

/* ---- Instruction decode (arch/<a>/decode.c, the only capstone call site) ---- */

struct arch_insn {
    unsigned len;       /* bytes */
    int is_cpuid;       /* amd64 CPUID */
    char text[96];      /* "mnemonic operands" */
};
/** arch_decode_insn - decode one instruction at @pc. 0, or -1 if it does not decode. */
int arch_decode_insn(const uint8_t *code, size_t n, uint64_t pc, struct arch_insn *out);

/* ---- amd64-only, pure (arch/amd64/ring0.c); unit-tested ---- */
/* gdt holds ARCH_KVM_GDT_ENTRIES entries, tss ARCH_KVM_TSS_SIZE bytes (<machine/layout.h>). */
void arch_kvm_gdt_build(uint64_t *gdt, uint64_t tss_va);
void arch_kvm_tss_build(uint8_t *tss, uint64_t stack_top);
void arch_kvm_idt_build(uint64_t idt[2 * 256], uint64_t vectors_va);
/**
 * arch_kvm_trap_to_fault - Linux's signal for hardware @vector taken in ring 3.
 * Returns 0 (fault filled), 1 (no signal: Linux ignores it), -1 (not a user trap).
 */
int arch_kvm_trap_to_fault(int vector, uint64_t err, uint64_t cr2, uint64_t rip, uint64_t fpu_sw,
                           uint64_t dr6, struct arch_fault *f);

/* ---- arm64-only, pure (arch/arm64/ring0.c); unit-tested ---- */
/**
 * arch_kvm_esr_to_fault - Linux's signal for a synchronous exception from EL0
 * with syndrome @esr (not an SVC), fault address @far, at @pc with stack @sp.
 * Returns 0 (fault filled), 1 (no signal: Linux skips the instruction, e.g. a
 * trapped WFI; the caller advances the pc).
 */
int arch_kvm_esr_to_fault(uint64_t esr, uint64_t far, uint64_t pc, uint64_t sp,
                          struct arch_fault *f);

#endif
