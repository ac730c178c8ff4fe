/* SPDX-License-Identifier: MIT */
/* tests/unit/test_loader.c: ELF loading and the initial stack (kernel/loader.c) on built images. */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../arch/arch.h"
#include "../../kernel/loader.h"
#include "../../kernel/mm.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"

#define P FAKE_PAGE
#define PAGE_UP(x) (((x) + P - 1) & ~(P - 1))
#define R LINUX_PROT_READ
#define RW (LINUX_PROT_READ | LINUX_PROT_WRITE)
#define RX (LINUX_PROT_READ | LINUX_PROT_EXEC)
#define PIE_BASE 0x555555554000ULL
#define OTHER_MACHINE (LINUX_ELF_MACHINE == EM_X86_64 ? EM_AARCH64 : EM_X86_64)

static struct fake_env env;

static int setup(void **state)
{
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    *state = env.mm;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    loader_cache_flush(); /* the image cache holds memory-file ranges too */
    int64_t left = fake_env_teardown(&env);
    if (left != 0) {
        print_error("loader left %lld memory-file bytes after mm_destroy\n", (long long)left);
        return -1;
    }
    return 0;
}

/* ---- building ELF images ---- */

struct image {
    uint8_t *buf;
    size_t size;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
};

/* A file of @size bytes of recognisable filler, with an ELF header and room for @nph headers. */
static void image_init(struct image *im, size_t size, uint16_t type, int nph)
{
    im->size = size;
    im->buf = malloc(size);
    assert_non_null(im->buf);
    for (size_t i = 0; i < size; i++)
        im->buf[i] = (uint8_t)(i * 31 + 7 + (i >> 8));
    im->eh = (Elf64_Ehdr *)im->buf;
    im->ph = (Elf64_Phdr *)(im->buf + sizeof(Elf64_Ehdr));
    memset(im->eh, 0, sizeof(*im->eh));
    memcpy(im->eh->e_ident, ELFMAG, SELFMAG);
    im->eh->e_ident[EI_CLASS] = ELFCLASS64;
    im->eh->e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh->e_ident[EI_VERSION] = EV_CURRENT;
    im->eh->e_type = type;
    im->eh->e_machine = LINUX_ELF_MACHINE;
    im->eh->e_version = EV_CURRENT;
    im->eh->e_phoff = sizeof(Elf64_Ehdr);
    im->eh->e_ehsize = sizeof(Elf64_Ehdr);
    im->eh->e_phentsize = sizeof(Elf64_Phdr);
    im->eh->e_phnum = (uint16_t)nph;
    memset(im->ph, 0, (size_t)nph * sizeof(Elf64_Phdr));
}

static void seg(struct image *im, int i, uint32_t type, uint32_t flags, uint64_t off,
                uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
    im->ph[i] = (Elf64_Phdr){.p_type = type, .p_flags = flags, .p_offset = off,
                             .p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
                             .p_memsz = memsz, .p_align = P};
}

/* The image as a host file descriptor (a memfd), optionally cut to @len bytes. */
static int image_fd(const struct image *im, size_t len)
{
    int fd = memfd_create("elf", MFD_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, im->buf, len), (ssize_t)len);
    return fd;
}

static void image_free(struct image *im)
{
    free(im->buf);
}

static int load(struct mm *mm, const struct image *im, size_t len, struct exec_image *img,
                const char **why)
{
    int fd = image_fd(im, len);
    int r = loader_load_elf(mm, fd, img, why);
    close(fd);
    return r;
}

/* Guest [a, a+n) holds file bytes [off, off+n). */
static void assert_file_bytes(struct mm *mm, uaddr_t a, const struct image *im, uint64_t off,
                              size_t n)
{
    uint8_t *got = malloc(n);
    assert_non_null(got);
    assert_int_equal(copy_from_user(mm, got, a, n), 0);
    for (size_t i = 0; i < n; i++)
        if (got[i] != im->buf[off + i]) {
            uint8_t g = got[i];
            free(got);
            fail_msg("guest %#llx holds %#x, file offset %#llx has %#x",
                     (unsigned long long)(a + i), g, (unsigned long long)(off + i),
                     im->buf[off + i]);
        }
    free(got);
}

static void assert_zero_bytes(struct mm *mm, uaddr_t a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b;
        assert_int_equal(copy_from_user(mm, &b, a + i, 1), 0);
        if (b)
            fail_msg("guest %#llx holds %#x, want 0 (bss / page tail)",
                     (unsigned long long)(a + i), b);
    }
}

static void assert_prot_range(struct mm *mm, uaddr_t start, uaddr_t end, int prot)
{
    for (uaddr_t a = start; a < end; a += P) {
        struct vma *v = mm_find(mm, a);
        if (!v)
            fail_msg("%#llx not mapped", (unsigned long long)a);
        if (v->prot != prot)
            fail_msg("%#llx has prot %d, want %d", (unsigned long long)a, v->prot, prot);
        /* Copy-on-write data is read-only for the platform until written. */
        assert_int_equal(fake_as_prot_at(mm->as, a), vma_platform_prot(v));
    }
}

/* A static ET_EXEC: text (headers + code) at 0x400000, data + bss at 0x403010, GNU_STACK. */
static void build_exec(struct image *im)
{
    image_init(im, 0x2200, ET_EXEC, 3);
    im->eh->e_entry = 0x401010;
    seg(im, 0, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1200, 0x1200);
    seg(im, 1, PT_LOAD, PF_R | PF_W, 0x2010, 0x403010, 0x100, 0x3000);
    seg(im, 2, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

static void test_load_exec(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why = "unset";
    build_exec(&im);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    assert_null(why);
    assert_int_equal(img.entry, 0x401010);
    assert_int_equal(img.load_bias, 0);
    assert_int_equal(img.phdr, 0x400000 + sizeof(Elf64_Ehdr));
    assert_int_equal(img.phent, sizeof(Elf64_Phdr));
    assert_int_equal(img.phnum, 3);
    assert_int_equal(img.brk, PAGE_UP(0x403010 + 0x3000));

    /* Text: the file's first 0x1200 bytes, then zero to the page end; read+exec. */
    assert_file_bytes(mm, 0x400000, &im, 0, 0x1200);
    assert_zero_bytes(mm, 0x401200, 0x2000 - 0x1200);
    assert_prot_range(mm, 0x400000, 0x402000, RX);
    assert_null(mm_find(mm, 0x402000));
    /* Data: zero before the segment start in its page, file bytes, then bss zeroes. */
    assert_zero_bytes(mm, 0x403000, 0x10);
    assert_file_bytes(mm, 0x403010, &im, 0x2010, 0x100);
    assert_zero_bytes(mm, 0x403110, 0x407000 - 0x403110);
    assert_prot_range(mm, 0x403000, 0x407000, RW);
    assert_null(mm_find(mm, 0x407000));
    /* AT_PHDR points at the program headers as the guest sees them. */
    assert_file_bytes(mm, img.phdr, &im, sizeof(Elf64_Ehdr), 3 * sizeof(Elf64_Phdr));
    /* The guest cannot write its text. */
    assert_int_equal(copy_to_user(mm, 0x400100, "x", 1), -LINUX_EFAULT);
    assert_int_equal(copy_to_user(mm, 0x406fff, "x", 1), 0);
    assert_platform_matches(mm);
    image_free(&im);
}

/* A static-PIE: ET_DYN linked at 0 with PT_PHDR, relocated to the PIE base. */
static void test_load_static_pie(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why;
    image_init(&im, 0x2100, ET_DYN, 5);
    im.eh->e_entry = 0x1020;
    seg(&im, 0, PT_PHDR, PF_R, 0x40, 0x40, 5 * sizeof(Elf64_Phdr), 5 * sizeof(Elf64_Phdr));
    seg(&im, 1, PT_LOAD, PF_R, 0, 0, 0x800, 0x800);
    seg(&im, 2, PT_LOAD, PF_R | PF_X, 0x1000, 0x1000, 0x400, 0x400);
    seg(&im, 3, PT_LOAD, PF_R | PF_W, 0x2000, 0x3000, 0x10, 0x2000);
    seg(&im, 4, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    assert_int_equal(img.load_bias, PIE_BASE);
    assert_int_equal(img.entry, PIE_BASE + 0x1020);
    assert_int_equal(img.phdr, PIE_BASE + 0x40);
    assert_int_equal(img.phnum, 5);
    assert_int_equal(img.brk, PIE_BASE + 0x5000);
    assert_file_bytes(mm, PIE_BASE, &im, 0, 0x800);
    assert_file_bytes(mm, PIE_BASE + 0x1000, &im, 0x1000, 0x400);
    assert_file_bytes(mm, PIE_BASE + 0x3000, &im, 0x2000, 0x10);
    assert_zero_bytes(mm, PIE_BASE + 0x3010, 0x2000 - 0x10);
    assert_prot_range(mm, PIE_BASE, PIE_BASE + 0x1000, R);
    assert_prot_range(mm, PIE_BASE + 0x1000, PIE_BASE + 0x2000, RX);
    assert_null(mm_find(mm, PIE_BASE + 0x2000));
    assert_prot_range(mm, PIE_BASE + 0x3000, PIE_BASE + 0x5000, RW);
    assert_null(mm_find(mm, PIE_BASE + 0x5000));
    assert_file_bytes(mm, img.phdr, &im, 0x40, 5 * sizeof(Elf64_Phdr));
    assert_platform_matches(mm);
    image_free(&im);
}

/*
 * Text and data share a page: the data is copied across two VMAs, and the
 * shared page ends RW, as Linux's MAP_FIXED mapping of the data over it leaves it.
 */
static void test_load_shared_page(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why;
    image_init(&im, 0x1200, ET_EXEC, 2);
    im.eh->e_entry = 0x400100;
    seg(&im, 0, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x900, 0x900);
    seg(&im, 1, PT_LOAD, PF_R | PF_W, 0x900, 0x400900, 0x900, 0x1900);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    assert_file_bytes(mm, 0x400000, &im, 0, 0x1200);
    assert_zero_bytes(mm, 0x401200, 0x403000 - 0x401200);
    assert_prot_range(mm, 0x400000, 0x403000, RW);
    assert_int_equal(img.brk, 0x403000);
    assert_platform_matches(mm);
    image_free(&im);
}

/* A zero-sized PT_LOAD is skipped, not mapped. */
static void test_load_skips_empty_segment(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why;
    image_init(&im, 0x1100, ET_EXEC, 2);
    im.eh->e_entry = 0x400080;
    seg(&im, 0, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x1100, 0x1100);
    seg(&im, 1, PT_LOAD, PF_R | PF_W, 0, 0x600000, 0, 0);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    assert_null(mm_find(mm, 0x600000));
    assert_int_equal(img.brk, 0x402000);
    image_free(&im);
}

/* No PT_PHDR, headers outside the first PT_LOAD: AT_PHDR is in the one holding them. */
static void test_load_phdr_in_later_segment(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why;
    image_init(&im, 0x1100, ET_EXEC, 2);
    im.eh->e_entry = 0x400000;
    seg(&im, 0, PT_LOAD, PF_R | PF_X, 0x1000, 0x400000, 0x100, 0x100);
    seg(&im, 1, PT_LOAD, PF_R, 0, 0x600000, 0x200, 0x200);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    assert_int_equal(img.phdr, 0x600000 + sizeof(Elf64_Ehdr));
    assert_file_bytes(mm, img.phdr, &im, sizeof(Elf64_Ehdr), 2 * sizeof(Elf64_Phdr));
    assert_file_bytes(mm, 0x400000, &im, 0x1000, 0x100);
    assert_int_equal(img.brk, 0x601000);
    image_free(&im);
}

/* ---- rejected files ---- */

static void expect_noexec(struct mm *mm, const struct image *im, size_t len, const char *what,
                          const char *reason_part)
{
    struct exec_image img;
    const char *why = NULL;
    int r = load(mm, im, len, &img, &why);
    if (r != -LINUX_ENOEXEC)
        fail_msg("%s: loader returned %d, want -ENOEXEC", what, r);
    if (!why || !*why)
        fail_msg("%s: no reason given", what);
    if (reason_part && !strstr(why, reason_part))
        fail_msg("%s: reason \"%s\" does not mention \"%s\"", what, why, reason_part);
}

static void test_reject_corrupt(void **state)
{
    struct mm *mm = *state;
    struct image im;

#define CASE(what, part, mutate)                                                                   \
    do {                                                                                           \
        build_exec(&im);                                                                           \
        mutate;                                                                                    \
        expect_noexec(mm, &im, im.size, what, part);                                               \
        image_free(&im);                                                                           \
    } while (0)

    CASE("bad magic", "not an ELF", im.eh->e_ident[EI_MAG1] = 'X');
    CASE("ELFCLASS32", "64-bit", im.eh->e_ident[EI_CLASS] = ELFCLASS32);
    CASE("big endian", "little-endian", im.eh->e_ident[EI_DATA] = ELFDATA2MSB);
    CASE("other machine", "machine", im.eh->e_machine = OTHER_MACHINE);
    CASE("ET_REL", "executable", im.eh->e_type = ET_REL);
    CASE("ET_CORE", "executable", im.eh->e_type = ET_CORE);
    CASE("e_phentsize 32", "program header", im.eh->e_phentsize = 32);
    CASE("e_phentsize 64", "program header", im.eh->e_phentsize = 64);
    CASE("phnum 0", "program header", im.eh->e_phnum = 0);
    CASE("phnum huge", "program header", im.eh->e_phnum = 0xffff);
    CASE("phnum 65", "program header", im.eh->e_phnum = 65);
    CASE("phoff past EOF", "program headers", im.eh->e_phoff = 0x10000);
    CASE("phoff overflow", "program headers", im.eh->e_phoff = UINT64_MAX - 8);
    CASE("p_filesz > p_memsz", "segment", im.ph[1].p_filesz = im.ph[1].p_memsz + 1);
    CASE("vaddr + memsz wraps", "segment",
         (im.ph[1].p_vaddr = (uint64_t)0 - P + 0x10, im.ph[1].p_offset = 0x10,
          im.ph[1].p_memsz = 2 * P, im.ph[1].p_filesz = 0));
    CASE("offset + filesz wraps", "segment",
         (im.ph[1].p_offset = (uint64_t)0 - 0xff0, im.ph[1].p_filesz = 0x2000));
    CASE("vaddr/offset not congruent", "segment", im.ph[1].p_offset = 0x2020);
    /* PT_INTERP's path: 2 to PATH_MAX bytes ending in NUL (load_elf_binary()). */
    CASE("PT_INTERP of 1 byte", "interpreter",
         (im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x1100, .p_filesz = 1},
          im.buf[0x1100] = 0));
    CASE("PT_INTERP without NUL", "interpreter",
         (im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x1100, .p_filesz = 4},
          memcpy(im.buf + 0x1100, "/abc", 4)));
    CASE("PT_INTERP over PATH_MAX", "interpreter",
         (im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0, .p_filesz = 4097}));
    CASE("PT_INTERP past EOF", "interpreter",
         (im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x2100, .p_filesz = 0x200}));
    CASE("no PT_LOAD", "loadable", (im.ph[0].p_type = PT_NOTE, im.ph[1].p_type = PT_NOTE));
    CASE("segment below mmap_min_addr", "address", (im.ph[0].p_vaddr = 0x1000));
    CASE("segment in the stack area", "address",
         (im.ph[1].p_vaddr = mm->mmap_base + 0x10, im.ph[1].p_offset = 0x10));
    CASE("segment data past EOF", "truncated", im.ph[1].p_filesz = 0x300);
#undef CASE

    /* Files too short for the header. */
    build_exec(&im);
    expect_noexec(mm, &im, 0, "empty file", "not an ELF");
    expect_noexec(mm, &im, 3, "3 bytes", "not an ELF");
    expect_noexec(mm, &im, sizeof(Elf64_Ehdr) - 1, "header cut short", "not an ELF");
    expect_noexec(mm, &im, sizeof(Elf64_Ehdr) + 10, "program headers cut short", NULL);
    expect_noexec(mm, &im, 0x1100, "text cut short", "truncated");
    image_free(&im);

    /* A script is not ELF either (the shebang is handled above the loader). */
    image_init(&im, 64, ET_EXEC, 0);
    memcpy(im.buf, "#!/bin/sh\necho hi\n", 18);
    expect_noexec(mm, &im, 18, "shell script", "not an ELF");
    image_free(&im);
}

/* ---- the initial stack ---- */

struct stack_view {
    uint64_t argc;
    uaddr_t argv[64];
    uaddr_t envp[64];
    int envc;
    uint64_t aux[64][2];
    int naux;
    uaddr_t end; /* first byte after the pointer block */
};

static uint64_t word(struct mm *mm, uaddr_t a)
{
    uint64_t w;
    assert_int_equal(copy_from_user(mm, &w, a, 8), 0);
    return w;
}

/* Parse the block at @sp the way a libc's _start does. */
static void read_stack(struct mm *mm, uaddr_t sp, struct stack_view *s)
{
    memset(s, 0, sizeof(*s));
    uaddr_t a = sp;
    s->argc = word(mm, a);
    a += 8;
    assert_true(s->argc < 64);
    for (uint64_t i = 0; i <= s->argc; i++, a += 8)
        s->argv[i] = word(mm, a);
    assert_int_equal(s->argv[s->argc], 0);
    for (;; a += 8) {
        assert_true(s->envc < 64);
        s->envp[s->envc] = word(mm, a);
        if (!s->envp[s->envc]) {
            a += 8;
            break;
        }
        s->envc++;
    }
    for (;; a += 16) {
        assert_true(s->naux < 64);
        s->aux[s->naux][0] = word(mm, a);
        s->aux[s->naux][1] = word(mm, a + 8);
        s->naux++;
        if (s->aux[s->naux - 1][0] == LINUX_AT_NULL) {
            a += 16;
            break;
        }
    }
    s->end = a;
}

static int aux_find(const struct stack_view *s, uint64_t type, uint64_t *val)
{
    int found = 0;
    for (int i = 0; i < s->naux; i++)
        if (s->aux[i][0] == type) {
            *val = s->aux[i][1];
            found++;
        }
    return found;
}

static uint64_t aux(const struct stack_view *s, uint64_t type)
{
    uint64_t v = 0;
    int n = aux_find(s, type, &v);
    if (n != 1)
        fail_msg("auxv type %llu appears %d times, want once", (unsigned long long)type, n);
    return v;
}

static void assert_guest_string(struct mm *mm, uaddr_t a, const char *want)
{
    char buf[256];
    long n = strncpy_from_user(mm, buf, a, sizeof(buf));
    if (n < 0)
        fail_msg("string at %#llx unreadable (%ld)", (unsigned long long)a, n);
    assert_string_equal(buf, want);
}

static const struct exec_image test_img = {
    .entry = 0x401010, .phdr = 0x400040, .phent = 56, .phnum = 7, .load_bias = 0,
    .brk = 0x600000,
};

static void test_stack_contents(void **state)
{
    struct mm *mm = *state;
    char *argv[] = {"prog", "-x", "hello world", NULL};
    char *envp[] = {"A=1", "PATH=/bin:/usr/bin", NULL};
    struct stack_args sa = {.argc = 3, .argv = argv, .envc = 2, .envp = envp,
                            .execfn = "/usr/bin/prog", .uid = 1000, .euid = 1001,
                            .gid = 100, .egid = 101};
    int64_t sp = loader_build_stack(mm, &test_img, &sa);
    assert_true(sp > 0);
    uaddr_t top = mm->stack_top;
    assert_int_equal(sp % 16, 0);
    assert_true((uaddr_t)sp < top && (uaddr_t)sp > top - LOADER_STACK_SIZE);

    /* The stack VMA. */
    struct vma *v = mm_find(mm, top - 1);
    assert_non_null(v);
    assert_int_equal(v->start, top - LOADER_STACK_SIZE);
    assert_int_equal(v->end, top);
    assert_int_equal(v->prot, RW);
    assert_true(v->flags & LINUX_MAP_GROWSDOWN);
    assert_string_equal(v->name, "[stack]");

    struct stack_view s;
    read_stack(mm, (uaddr_t)sp, &s);
    assert_int_equal(s.argc, 3);
    for (int i = 0; i < 3; i++)
        assert_guest_string(mm, s.argv[i], argv[i]);
    assert_int_equal(s.envc, 2);
    for (int i = 0; i < 2; i++)
        assert_guest_string(mm, s.envp[i], envp[i]);

    assert_int_equal(aux(&s, LINUX_AT_PAGESZ), 4096);
    assert_int_equal(aux(&s, LINUX_AT_ENTRY), test_img.entry);
    assert_int_equal(aux(&s, LINUX_AT_PHDR), test_img.phdr);
    assert_int_equal(aux(&s, LINUX_AT_PHENT), 56);
    assert_int_equal(aux(&s, LINUX_AT_PHNUM), 7);
    assert_int_equal(aux(&s, LINUX_AT_BASE), 0);
    assert_int_equal(aux(&s, LINUX_AT_UID), 1000);
    assert_int_equal(aux(&s, LINUX_AT_EUID), 1001);
    assert_int_equal(aux(&s, LINUX_AT_GID), 100);
    assert_int_equal(aux(&s, LINUX_AT_EGID), 101);
    assert_int_equal(aux(&s, LINUX_AT_SECURE), 0);
    assert_int_equal(aux(&s, LINUX_AT_CLKTCK), 100);
    uint64_t hwcap, hwcap2;
    arch_elf_hwcap(&hwcap, &hwcap2);
    assert_int_equal(aux(&s, LINUX_AT_HWCAP), hwcap);
    assert_int_equal(aux(&s, LINUX_AT_HWCAP2), hwcap2);
    assert_int_equal(s.aux[s.naux - 1][0], LINUX_AT_NULL);
    assert_guest_string(mm, aux(&s, LINUX_AT_EXECFN), "/usr/bin/prog");
    assert_guest_string(mm, aux(&s, LINUX_AT_PLATFORM), LINUX_UNAME_MACHINE);

    /* AT_RANDOM: 16 readable bytes between the pointer block and the top. */
    uaddr_t rnd = aux(&s, LINUX_AT_RANDOM);
    uint8_t bytes[16];
    assert_int_equal(copy_from_user(mm, bytes, rnd, 16), 0);
    assert_true(rnd >= s.end && rnd + 16 <= top);

    /* Strings: argv then envp then execfn, packed without gaps, up to the top, as Linux does. */
    for (int i = 0; i < 2; i++)
        assert_int_equal(s.argv[i] + strlen(argv[i]) + 1, s.argv[i + 1]);
    assert_int_equal(s.argv[2] + strlen(argv[2]) + 1, s.envp[0]);
    assert_int_equal(s.envp[0] + strlen(envp[0]) + 1, s.envp[1]);
    assert_int_equal(s.envp[1] + strlen(envp[1]) + 1, aux(&s, LINUX_AT_EXECFN));
    assert_true(aux(&s, LINUX_AT_EXECFN) + strlen("/usr/bin/prog") + 1 <= top);
    /* Nothing overlaps: pointer block < random bytes and platform string < strings. */
    assert_true(rnd + 16 <= aux(&s, LINUX_AT_PLATFORM));
    assert_true(aux(&s, LINUX_AT_PLATFORM) + strlen(LINUX_UNAME_MACHINE) + 1 <= s.argv[0]);
    assert_platform_matches(mm);
}

static void test_stack_alignment(void **state)
{
    struct mm *mm = *state;
    char arg[64];
    char *env1[] = {"X=y", NULL};
    for (int len = 0; len < 40; len++) {
        for (int envc = 0; envc < 2; envc++) {
            memset(arg, 'a', (size_t)len);
            arg[len] = 0;
            char *argv[] = {"p", arg, NULL};
            struct stack_args sa = {.argc = 2 - (len & 1), .argv = argv, .envc = envc,
                                    .envp = env1, .execfn = len & 2 ? "/p" : "/pp"};
            int64_t sp = loader_build_stack(mm, &test_img, &sa);
            assert_true(sp > 0);
            if (sp % 16)
                fail_msg("sp %#llx not 16-byte aligned (arg length %d, envc %d)",
                         (unsigned long long)sp, len, envc);
            struct stack_view s;
            read_stack(mm, (uaddr_t)sp, &s);
            assert_int_equal(s.argc, (uint64_t)sa.argc);
            assert_int_equal(s.envc, envc);
        }
    }
    /* Each call replaced the stack rather than adding one. */
    assert_int_equal(env.mf.allocated, LOADER_STACK_SIZE);
    assert_int_equal(mm->nvma, 1);
}

static void test_stack_no_args(void **state)
{
    struct mm *mm = *state;
    char *none[] = {NULL};
    struct stack_args sa = {.argc = 0, .argv = none, .envc = 0, .envp = none, .execfn = "/x"};
    int64_t sp = loader_build_stack(mm, &test_img, &sa);
    assert_true(sp > 0);
    assert_int_equal(sp % 16, 0);
    struct stack_view s;
    read_stack(mm, (uaddr_t)sp, &s);
    assert_int_equal(s.argc, 0);
    assert_int_equal(s.envc, 0);
    assert_guest_string(mm, aux(&s, LINUX_AT_EXECFN), "/x");
}

static void test_stack_e2big(void **state)
{
    struct mm *mm = *state;
    const size_t big = 1 << 20;
    char *s1 = malloc(big), *s2 = malloc(big), *s3 = malloc(big);
    assert_non_null(s1);
    assert_non_null(s2);
    assert_non_null(s3);
    memset(s1, 'a', big - 1);
    memset(s2, 'b', big - 1);
    memset(s3, 'c', big - 1);
    s1[big - 1] = s2[big - 1] = s3[big - 1] = 0;
    char *none[] = {NULL};
    char *three[] = {s1, s2, s3, NULL};
    struct stack_args sa = {.argc = 3, .argv = three, .envc = 0, .envp = none, .execfn = "/p"};
    assert_int_equal(loader_build_stack(mm, &test_img, &sa), -LINUX_E2BIG);
    /* The same strings as the environment. */
    struct stack_args se = {.argc = 0, .argv = none, .envc = 3, .envp = three, .execfn = "/p"};
    assert_int_equal(loader_build_stack(mm, &test_img, &se), -LINUX_E2BIG);

    /* The limit is a quarter of the stack, execfn included: exactly at it is fine. */
    const size_t limit = LOADER_STACK_SIZE / 4;
    char *exact = malloc(limit);
    assert_non_null(exact);
    size_t arglen = limit - 3 /* "/p" + NUL */ - 1;
    memset(exact, 'e', arglen);
    exact[arglen] = 0;
    char *one[] = {exact, NULL};
    struct stack_args sx = {.argc = 1, .argv = one, .envc = 0, .envp = none, .execfn = "/p"};
    int64_t sp = loader_build_stack(mm, &test_img, &sx);
    assert_true(sp > 0);
    struct stack_view s;
    read_stack(mm, (uaddr_t)sp, &s);
    assert_int_equal(s.argc, 1);
    char last[2];
    assert_int_equal(copy_from_user(mm, last, s.argv[0] + arglen - 1, 2), 0);
    assert_int_equal(last[0], 'e');
    assert_int_equal(last[1], 0);
    /* One byte more is too much. */
    memset(exact, 'e', arglen + 1);
    exact[arglen + 1] = 0;
    assert_int_equal(loader_build_stack(mm, &test_img, &sx), -LINUX_E2BIG);
    free(exact);
    free(s1);
    free(s2);
    free(s3);
}

/* Load a program and build its stack: the auxv describes what was loaded. */
static void test_load_then_stack(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img;
    const char *why;
    build_exec(&im);
    assert_int_equal(load(mm, &im, im.size, &img, &why), 0);
    char *argv[] = {"/bin/t", NULL};
    char *none[] = {NULL};
    struct stack_args sa = {.argc = 1, .argv = argv, .envc = 0, .envp = none, .execfn = "/bin/t"};
    int64_t sp = loader_build_stack(mm, &img, &sa);
    assert_true(sp > 0);
    struct stack_view s;
    read_stack(mm, (uaddr_t)sp, &s);
    assert_int_equal(aux(&s, LINUX_AT_ENTRY), 0x401010);
    uaddr_t phdr = aux(&s, LINUX_AT_PHDR);
    Elf64_Phdr ph[3];
    assert_int_equal(copy_from_user(mm, ph, phdr, sizeof(ph)), 0);
    assert_int_equal(aux(&s, LINUX_AT_PHNUM), 3);
    assert_int_equal(ph[0].p_type, PT_LOAD);
    assert_int_equal(ph[1].p_vaddr, 0x403010);
    assert_int_equal(ph[2].p_type, PT_GNU_STACK);
    assert_platform_matches(mm);
    image_free(&im);
}

/*
 * A dynamic PIE and its interpreter: the program goes to the PIE base and
 * names its interpreter; the interpreter goes into the highest gap below
 * mmap_base, as load_elf_interp() maps it, and its own PT_INTERP is ignored.
 * The stack then tells the interpreter where it is (AT_BASE) and where the
 * program starts (AT_ENTRY).
 */
static void test_load_dynamic(void **state)
{
    struct mm *mm = *state;
    struct image prog, interp;
    struct exec_image img;
    const char *why = NULL;
    static const char path[] = "/lib/ld-test.so.1";

    image_init(&prog, 0x2100, ET_DYN, 3);
    prog.eh->e_entry = 0x1040;
    seg(&prog, 0, PT_INTERP, PF_R, 0x800, 0x800, sizeof(path), sizeof(path));
    memcpy(prog.buf + 0x800, path, sizeof(path));
    seg(&prog, 1, PT_LOAD, PF_R | PF_X, 0, 0, 0x1100, 0x1100);
    seg(&prog, 2, PT_LOAD, PF_R | PF_W, 0x2000, 0x3000, 0x100, 0x1000);
    assert_int_equal(load(mm, &prog, prog.size, &img, &why), 0);
    assert_string_equal(img.interp, path);
    assert_int_equal(img.load_bias, PIE_BASE);
    assert_int_equal(img.entry, PIE_BASE + 0x1040);

    image_init(&interp, 0x3000, ET_DYN, 3);
    interp.eh->e_entry = 0x1010;
    seg(&interp, 0, PT_LOAD, PF_R | PF_X, 0, 0, 0x1800, 0x1800);
    seg(&interp, 1, PT_LOAD, PF_R | PF_W, 0x2000, 0x2000, 0x800, 0x2000);
    /* Not followed: an interpreter's own PT_INTERP means nothing to Linux. */
    seg(&interp, 2, PT_INTERP, PF_R, 0x10, 0x10, 1, 1);
    int fd = image_fd(&interp, interp.size);
    uaddr_t entry = 0, base = 0;
    assert_int_equal(loader_load_interp(mm, fd, &entry, &base, &why), 0);
    close(fd);
    assert_int_equal(base, mm->mmap_base - 0x4000);
    assert_int_equal(entry, base + 0x1010);
    assert_file_bytes(mm, base, &interp, 0, 0x1800);
    assert_prot_range(mm, base, base + 0x2000, RX);
    assert_file_bytes(mm, base + 0x2000, &interp, 0x2000, 0x800);
    assert_zero_bytes(mm, base + 0x2800, 0x1800);
    assert_prot_range(mm, base + 0x2000, base + 0x4000, RW);

    /* A second interpreter (as if dlopen'ed by hand) goes below the first. */
    fd = image_fd(&interp, interp.size);
    uaddr_t entry2, base2;
    assert_int_equal(loader_load_interp(mm, fd, &entry2, &base2, &why), 0);
    close(fd);
    assert_int_equal(base2, base - 0x4000);

    img.interp_base = base;
    char *argv[] = {"/bin/d", NULL};
    char *none[] = {NULL};
    struct stack_args sa = {.argc = 1, .argv = argv, .envc = 0, .envp = none, .execfn = "/bin/d"};
    int64_t sp = loader_build_stack(mm, &img, &sa);
    assert_true(sp > 0);
    struct stack_view s;
    read_stack(mm, (uaddr_t)sp, &s);
    assert_int_equal(aux(&s, LINUX_AT_BASE), base);
    assert_int_equal(aux(&s, LINUX_AT_ENTRY), PIE_BASE + 0x1040);
    assert_int_equal(aux(&s, LINUX_AT_PHDR), img.phdr);
    assert_platform_matches(mm);
    image_free(&prog);
    image_free(&interp);
}

/* A named host file (the image cache keys on it; memfds are never cached). */
static int image_file(const struct image *im, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "/var/tmp/rf-test-loader-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, im->buf, im->size), (ssize_t)im->size);
    return fd;
}

/*
 * A second load of an unchanged file comes from the image cache: the same
 * bytes and protections, text shared with the first address space, data a
 * private copy of the pristine image (not of the first process's writes).
 */
static void build_exec_bss(struct image *im, uint64_t data_memsz)
{
    build_exec(im);
    seg(im, 1, PT_LOAD, PF_R | PF_W, 0x2010, 0x403010, 0x100, data_memsz);
}

/*
 * A cached image's writable VMA in a second process: a small one (.data and
 * .bss of a static program) is copied at exec, a large one is copy-on-write.
 */
static void check_cached_data(struct mm *mm, int fd, const struct image *im, uint64_t data_end)
{
    struct exec_image img, img2;
    const char *why;
    assert_int_equal(loader_load_elf(mm, fd, &img, &why), 0);
    /* The first process writes its data. */
    assert_int_equal(copy_to_user(mm, 0x403010, "dirty", 5), 0);

    int err = 0;
    struct mm *mm2 = mm_create(mm->mf, mm->platform, &err);
    assert_non_null(mm2);
    mm2->mmap_base = mm->mmap_base;
    uint64_t before = mm->mf->allocated;
    int small = data_end - 0x403000 <= 16 * P;
    assert_int_equal(loader_load_elf(mm2, fd, &img2, &why), 0);
    assert_memory_equal(&img, &img2, sizeof(img));
    /* The text is shared; the data costs new memory only if it was copied. */
    assert_int_equal(mm->mf->allocated, before + (small ? data_end - 0x403000 : 0));
    assert_int_equal(mm_find(mm2, 0x400000)->mf_off, mm_find(mm, 0x400000)->mf_off);
    assert_int_equal(mm_find(mm2, 0x403000)->cow, !small);
    assert_file_bytes(mm2, 0x400000, im, 0, 0x1200);
    assert_zero_bytes(mm2, 0x401200, 0x2000 - 0x1200);
    assert_file_bytes(mm2, 0x403010, im, 0x2010, 0x100);
    assert_zero_bytes(mm2, 0x403110, data_end - 0x403110);
    assert_prot_range(mm2, 0x400000, 0x402000, RX);
    assert_prot_range(mm2, 0x403000, data_end, RW);
    assert_platform_matches(mm2);
    /* Its first store copies (a large VMA: one 16-page window of it) and leaves
     * the first process's bytes and the cache's pristine copy alone. */
    uint64_t loaded = mm->mf->allocated;
    assert_int_equal(copy_to_user(mm2, 0x403010, "other", 5), 0);
    if (small)
        assert_int_equal(mm->mf->allocated, loaded);
    else
        assert_int_equal(mm->mf->allocated, loaded + (0x410000 - 0x403000));
    assert_platform_matches(mm2);
    char got[5];
    assert_int_equal(copy_from_user(mm, got, 0x403010, 5), 0);
    assert_memory_equal(got, "dirty", 5);
    mm_destroy(mm2);
    mm2 = mm_create(mm->mf, mm->platform, &err);
    assert_non_null(mm2);
    mm2->mmap_base = mm->mmap_base;
    assert_int_equal(loader_load_elf(mm2, fd, &img2, &why), 0);
    assert_file_bytes(mm2, 0x403010, im, 0x2010, 0x100);
    mm_destroy(mm2);
}

static void test_image_cache_large_data(void **state)
{
    struct mm *mm = *state;
    struct image im;
    char path[64];
    build_exec_bss(&im, 0x30000);
    int fd = image_file(&im, path, sizeof(path));
    check_cached_data(mm, fd, &im, 0x434000);
    close(fd);
    unlink(path);
    image_free(&im);
}

static void test_image_cache(void **state)
{
    struct mm *mm = *state;
    struct image im;
    struct exec_image img2;
    const char *why;
    char path[64];
    build_exec(&im);
    int fd = image_file(&im, path, sizeof(path));
    check_cached_data(mm, fd, &im, 0x407000);
    int err = 0;
    struct mm *mm2;

    /* A changed file (new size and mtime) is loaded afresh. */
    im.buf[0x100] ^= 0xff;
    assert_int_equal(pwrite(fd, im.buf, im.size, 0), (ssize_t)im.size);
    assert_int_equal(ftruncate(fd, (off_t)im.size + P), 0);
    mm2 = mm_create(mm->mf, mm->platform, &err);
    assert_non_null(mm2);
    mm2->mmap_base = mm->mmap_base;
    assert_int_equal(loader_load_elf(mm2, fd, &img2, &why), 0);
    assert_true(mm_find(mm2, 0x400000)->mf_off != mm_find(mm, 0x400000)->mf_off);
    assert_file_bytes(mm2, 0x400000, &im, 0, 0x1200);
    mm_destroy(mm2);
    close(fd);
    unlink(path);
    image_free(&im);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_load_exec),
        T(test_load_static_pie),
        T(test_load_shared_page),
        T(test_load_skips_empty_segment),
        T(test_load_phdr_in_later_segment),
        T(test_reject_corrupt),
        T(test_stack_contents),
        T(test_stack_alignment),
        T(test_stack_no_args),
        T(test_stack_e2big),
        T(test_load_then_stack),
        T(test_load_dynamic),
        T(test_image_cache),
        T(test_image_cache_large_data),
    };
#undef T
    return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
