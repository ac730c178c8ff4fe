/* SPDX-License-Identifier: MIT */
/* kvm/vm.c: /dev/kvm, the VM, its memory slots, the vCPU pool and the KVM_RUN loop. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../kernel/log.h"
#include "../kernel/memfile.h"
#include "kvm.h"

/* Memory slots: 0 the arena, 1.. the memory file, 1 GiB each. */
#define SLOT_ARENA 0
#define SLOT_USER 1

static void why_set(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

static int set_slot(struct kvm_vm *vm, unsigned slot, uint64_t gpa, uint64_t size, void *host)
{
    struct kvm_userspace_memory_region r = {
        .slot = slot,
        .guest_phys_addr = gpa,
        .memory_size = size,
        .userspace_addr = (uint64_t)(uintptr_t)host,
    };
    return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? -errno : 0;
}

/* Whether KVM offers every capability in @caps; else false with the first missing one in @why. */
static bool has_caps(int kvm_fd, const struct arch_kvm_cap *caps, size_t n, char *why, size_t whylen)
{
    for (size_t i = 0; i < n; i++)
        if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0) {
            why_set(why, whylen, "KVM lacks %s", caps[i].name);
            return false;
        }
    return true;
}

static struct kvm_vm *vm_create(char *why, size_t whylen)
{
    struct kvm_vm *vm = calloc(1, sizeof(*vm));
    if (!vm) {
        why_set(why, whylen, "out of memory");
        return NULL;
    }
    vm->kvm_fd = vm->vm_fd = -1;
    pthread_mutex_init(&vm->lock, NULL);
    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0) {
        why_set(why, whylen, "cannot open /dev/kvm: %s", strerror(errno));
        goto fail;
    }
    int api = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (api != KVM_API_VERSION) {
        why_set(why, whylen, "/dev/kvm API version %d, need %d", api, KVM_API_VERSION);
        goto fail;
    }
    static const struct arch_kvm_cap caps[] = {
        {KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY"},
        {KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT"},
    };
    size_t narch;
    const struct arch_kvm_cap *arch_caps = arch_kvm_required_caps(&narch);
    if (!has_caps(vm->kvm_fd, caps, sizeof(caps) / sizeof(caps[0]), why, whylen) ||
        !has_caps(vm->kvm_fd, arch_caps, narch, why, whylen))
        goto fail;
    int sz = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (sz < (int)sizeof(struct kvm_run)) {
        why_set(why, whylen, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
        goto fail;
    }
    vm->run_size = (size_t)sz;
    long type = arch_kvm_vm_type(vm->kvm_fd, why, whylen);
    if (type < 0)
        goto fail;
    do
        vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, (unsigned long)type);
    while (vm->vm_fd < 0 && errno == EINTR);
    if (vm->vm_fd < 0) {
        why_set(why, whylen, "KVM_CREATE_VM: %s", strerror(errno));
        goto fail;
    }
    vm->arch = arch_kvm_create(vm->kvm_fd, vm->vm_fd, why, whylen);
    if (!vm->arch)
        goto fail;

    /* The arena: our own memory, never the core's memory file (kvm/ owns it). */
    vm->arena = mmap(NULL, ARCH_KVM_ARENA_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (vm->arena == MAP_FAILED) {
        vm->arena = NULL;
        why_set(why, whylen, "arena mmap: %s", strerror(errno));
        goto fail;
    }
    int r = set_slot(vm, SLOT_ARENA, ARCH_KVM_ARENA_GPA, ARCH_KVM_ARENA_SIZE, vm->arena);
    if (r < 0) {
        why_set(why, whylen, "KVM_SET_USER_MEMORY_REGION (arena): %s", strerror(-r));
        goto fail;
    }
    vm->pt_next = (uint32_t)(ARCH_KVM_POOL_OFF >> 12);
    vm->pt_end = (uint32_t)(ARCH_KVM_ARENA_SIZE >> 12);
    vm->pt_free = calloc(vm->pt_end - vm->pt_next, sizeof(uint32_t));
    if (!vm->pt_free) {
        why_set(why, whylen, "out of memory");
        goto fail;
    }

    /* The ring-0 image and the upper half every address space shares. */
    struct arch_kvm_region reg[ARCH_KVM_MAX_VCPUS + 8];
    size_t nreg = arch_kvm_image_install(vm->arch, vm->arena, ARCH_KVM_MAX_VCPUS, reg,
                                         sizeof(reg) / sizeof(reg[0]));
    if (!nreg) {
        why_set(why, whylen, "ring-0 image does not fit its layout");
        goto fail;
    }
    if (!arch_kvm_user_image(vm->arena, &vm->uimg_va, &vm->uimg_len, &vm->uimg_gpa))
        vm->uimg_len = 0;
    vm->kernel_as = kvm_as_new(vm, &r);
    for (size_t i = 0; vm->kernel_as && r == 0 && i < nreg; i++)
        r = kvm_pt_map(vm->kernel_as, ARCH_KVM_KBASE + reg[i].off, reg[i].len, reg[i].gpa,
                       reg[i].prot, ARCH_PTE_GLOBAL | reg[i].attr);
    if (!vm->kernel_as || r < 0) {
        why_set(why, whylen, "upper-half page tables: %s", strerror(-r));
        goto fail;
    }
    return vm;
fail:
    if (vm->kernel_as)
        kvm_as_free(vm->kernel_as);
    if (vm->arena)
        munmap(vm->arena, ARCH_KVM_ARENA_SIZE);
    free(vm->pt_free);
    arch_kvm_destroy(vm->arch);
    if (vm->vm_fd >= 0)
        close(vm->vm_fd);
    if (vm->kvm_fd >= 0)
        close(vm->kvm_fd);
    free(vm);
    return NULL;
}

struct kvm_vm *kvm_vm_get(char *why, size_t whylen)
{
    static struct kvm_vm *vm;
    static char reason[256];
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&once);
    if (!vm && !reason[0]) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        vm = vm_create(reason, sizeof(reason));
        clock_gettime(CLOCK_MONOTONIC, &t1);
        log_debug("kvm: VM set up in %ld us",
                  (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
    }
    pthread_mutex_unlock(&once);
    if (!vm)
        why_set(why, whylen, "%s", reason);
    return vm;
}

int kvm_vm_add_user_memory(struct kvm_vm *vm, const struct memfile *mf)
{
    if (vm->user_base)
        return vm->user_base == mf->base ? 0 : -EBUSY;
    vm->user_base = mf->base;
    vm->user_size = mf->size;
    vm->user_gpa_end = ARCH_KVM_USER_GPA; /* slots are added as the file is used */
    return 0;
}

/*
 * The memory file is large and sparse (64 GiB); KVM's per-slot metadata and
 * VM teardown cost grow with the slot size (about 170 ms for one 64 GiB slot
 * in the emulated VM). So it is registered in 1 GiB slots, each the first time
 * a mapping reaches into it.
 */
#define USER_SLOT_SIZE (1ULL << 30)

int kvm_vm_cover_user(struct kvm_vm *vm, uint64_t end_off)
{
    int r = 0;
    pthread_mutex_lock(&vm->lock);
    while (r == 0 && ARCH_KVM_USER_GPA + end_off > vm->user_gpa_end) {
        uint64_t off = vm->user_gpa_end - ARCH_KVM_USER_GPA;
        uint64_t len = vm->user_size - off < USER_SLOT_SIZE ? vm->user_size - off : USER_SLOT_SIZE;
        if (!len) {
            r = -EINVAL;
            break;
        }
        r = set_slot(vm, SLOT_USER + (unsigned)(off / USER_SLOT_SIZE), vm->user_gpa_end, len,
                     vm->user_base + off);
        if (r == 0)
            __atomic_store_n(&vm->user_gpa_end, vm->user_gpa_end + len, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&vm->lock);
    return r;
}

static struct kvm_vcpu *vcpu_create(struct kvm_vm *vm, unsigned id, char *why, size_t whylen)
{
    struct kvm_vcpu *v = calloc(1, sizeof(*v));
    if (!v) {
        why_set(why, whylen, "out of memory");
        return NULL;
    }
    v->id = id;
    v->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
    if (v->fd < 0) {
        why_set(why, whylen, "KVM_CREATE_VCPU %u: %s", id, strerror(errno));
        free(v);
        return NULL;
    }
    v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
    if (v->run == MAP_FAILED) {
        why_set(why, whylen, "mmap kvm_run: %s", strerror(errno));
        close(v->fd);
        free(v);
        return NULL;
    }
    v->block = vm->arena + ARCH_KVM_VCPU_OFF + id * ARCH_KVM_VCPU_SIZE;
    v->page = (struct arch_kvm_page *)(v->block + ARCH_KVM_BLK_PAGE);
    if (arch_kvm_vcpu_init(vm->arch, v->fd, id, v->block, vm->kernel_as->root, why, whylen) < 0) {
        munmap(v->run, vm->run_size);
        close(v->fd);
        free(v);
        return NULL;
    }
    return v;
}

struct kvm_vcpu *kvm_vcpu_get(struct kvm_vm *vm, char *why, size_t whylen)
{
    struct kvm_vcpu *v = NULL;
    pthread_mutex_lock(&vm->lock);
    for (unsigned i = 0; i < vm->nvcpus && !v; i++)
        if (!vm->vcpus[i]->in_use && !vm->vcpus[i]->dead)
            v = vm->vcpus[i];
    if (!v && vm->nvcpus < ARCH_KVM_MAX_VCPUS) {
        /* KVM cannot destroy a vCPU before the VM: they are pooled and reused. */
        v = vcpu_create(vm, vm->nvcpus, why, whylen);
        if (v)
            vm->vcpus[vm->nvcpus++] = v;
    } else if (!v) {
        why_set(why, whylen, "all %d vCPUs in use", ARCH_KVM_MAX_VCPUS);
    }
    if (v) {
        v->in_use = 1;
        v->cur_as = NULL; /* reload CR3 at its next entry */
    }
    pthread_mutex_unlock(&vm->lock);
    return v;
}

void kvm_vcpu_put(struct kvm_vm *vm, struct kvm_vcpu *v)
{
    /*
     * The vCPU still has its last address space's root in CR3, and that root
     * may be freed (and its page reused) once the context is gone; the next
     * run would fetch the ring-0 image through it and triple-fault. Park it
     * on the kernel root first.
     */
    if (v->cur_as && v->cur_as != vm->kernel_as &&
        arch_kvm_vcpu_park(v->fd, vm->kernel_as->root) < 0)
        v->dead = 1; /* never reused */
    pthread_mutex_lock(&vm->lock);
    v->in_use = 0;
    v->cur_as = NULL;
    pthread_mutex_unlock(&vm->lock);
}

static const char *exit_name(uint32_t r)
{
    switch (r) {
    case KVM_EXIT_UNKNOWN: return "UNKNOWN";
    case KVM_EXIT_EXCEPTION: return "EXCEPTION";
    case KVM_EXIT_IO: return "IO";
    case KVM_EXIT_HYPERCALL: return "HYPERCALL";
    case KVM_EXIT_DEBUG: return "DEBUG";
    case KVM_EXIT_HLT: return "HLT";
    case KVM_EXIT_MMIO: return "MMIO";
    case KVM_EXIT_IRQ_WINDOW_OPEN: return "IRQ_WINDOW_OPEN";
    case KVM_EXIT_SHUTDOWN: return "SHUTDOWN (triple fault)";
    case KVM_EXIT_FAIL_ENTRY: return "FAIL_ENTRY";
    case KVM_EXIT_INTR: return "INTR";
    case KVM_EXIT_INTERNAL_ERROR: return "INTERNAL_ERROR";
    case KVM_EXIT_SYSTEM_EVENT: return "SYSTEM_EVENT";
    case KVM_EXIT_X86_RDMSR: return "X86_RDMSR";
    case KVM_EXIT_X86_WRMSR: return "X86_WRMSR";
    case KVM_EXIT_ARM_NISV: return "ARM_NISV";
    default: return "other";
    }
}

static size_t read_insn(void *cookie, uint64_t va, uint8_t *buf, size_t n)
{
    return cookie ? kvm_read_guest(cookie, va, buf, n) : 0;
}

void kvm_vcpu_report(struct kvm_vm *vm, struct kvm_vcpu *v, struct kvm_as *as, const char *what)
{
    fprintf(stderr, "ringfence: kvm: vCPU %u: %s\n", v->id, what);
    arch_kvm_dump(v->fd, v->page, stderr, read_insn, as ? (void *)as : (void *)vm->kernel_as);
    fflush(stderr);
}

enum kvm_run_result kvm_vcpu_run(struct kvm_vm *vm, struct kvm_vcpu *v)
{
    struct kvm_run *run = v->run;
    char what[160];
    for (;;) {
        if (ioctl(v->fd, KVM_RUN, 0) < 0) {
            int e = errno;
            switch (e) {
            case EINTR: /* our kick signal (the only one KVM_SET_SIGNAL_MASK lets through) */
                run->immediate_exit = 0;
                return KVM_RUN_SIGNAL;
            case EAGAIN: /* nothing to report: run again */
                continue;
            case EFAULT:
                snprintf(what, sizeof(what),
                         "KVM_RUN: EFAULT (a memory slot's host memory is not accessible)");
                break;
            case ENOMEM:
            case ENOSPC:
                snprintf(what, sizeof(what), "KVM_RUN: %s (the host is out of memory or MMU pages)",
                         strerror(e));
                break;
            case ENOEXEC:
                snprintf(what, sizeof(what), "KVM_RUN: ENOEXEC (the vCPU state is not runnable)");
                break;
            case EINVAL:
                snprintf(what, sizeof(what), "KVM_RUN: EINVAL (invalid vCPU or kvm_run state)");
                break;
            default:
                snprintf(what, sizeof(what), "KVM_RUN failed: %s", strerror(e));
                break;
            }
            /* None leaves a way to make progress: report with registers, end the context. */
            kvm_vcpu_report(vm, v, v->cur_as, what);
            return KVM_RUN_ERROR;
        }
        __atomic_add_fetch(&vm->exits, 1, __ATOMIC_RELAXED);
        if (arch_kvm_exit_is_ring0(run))
            return KVM_RUN_RING0;
        if (arch_kvm_exit_is_kick_window(run)) {
            if (arch_kvm_kick(v->fd, run) < 0) {
                kvm_vcpu_report(vm, v, v->cur_as, "KVM_INTERRUPT failed");
                return KVM_RUN_ERROR;
            }
            continue;
        }
        if (run->exit_reason == KVM_EXIT_HLT && (v->page->flags & ARCH_KVM_F_PING_HLT))
            return KVM_RUN_RING0; /* the benchmark's alternative exit */
        switch (run->exit_reason) {
        case KVM_EXIT_INTERNAL_ERROR:
            snprintf(what, sizeof(what), "KVM_EXIT_INTERNAL_ERROR suberror %u",
                     run->internal.suberror);
            break;
        case KVM_EXIT_FAIL_ENTRY:
            snprintf(what, sizeof(what), "KVM_EXIT_FAIL_ENTRY hardware reason 0x%llx",
                     (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
            break;
        case KVM_EXIT_IO:
            snprintf(what, sizeof(what), "unexpected KVM_EXIT_IO port 0x%x %s", run->io.port,
                     run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in");
            break;
        case KVM_EXIT_MMIO:
            snprintf(what, sizeof(what), "KVM_EXIT_MMIO at gpa 0x%llx (%s, %u bytes)",
                     (unsigned long long)run->mmio.phys_addr, run->mmio.is_write ? "write" : "read",
                     run->mmio.len);
            break;
        case KVM_EXIT_SYSTEM_EVENT:
            snprintf(what, sizeof(what),
                     "KVM_EXIT_SYSTEM_EVENT type %u (a PSCI shutdown or reset; ring 0 makes none)",
                     run->system_event.type);
            break;
        case KVM_EXIT_ARM_NISV:
            snprintf(what, sizeof(what),
                     "KVM_EXIT_ARM_NISV at gpa 0x%llx, esr_iss 0x%llx (an access outside every "
                     "slot without a valid syndrome)",
                     (unsigned long long)run->arm_nisv.fault_ipa,
                     (unsigned long long)run->arm_nisv.esr_iss);
            break;
        case KVM_EXIT_SHUTDOWN:
            snprintf(what, sizeof(what), "KVM_EXIT_SHUTDOWN (a triple fault in the guest)");
            break;
        case KVM_EXIT_DEBUG:
            snprintf(what, sizeof(what), "KVM_EXIT_DEBUG (no guest debugging is set up)");
            break;
        default:
            snprintf(what, sizeof(what), "unexpected exit reason %u (%s)", run->exit_reason,
                     exit_name(run->exit_reason));
            break;
        }
        kvm_vcpu_report(vm, v, v->cur_as, what);
        return KVM_RUN_ERROR;
    }
}
