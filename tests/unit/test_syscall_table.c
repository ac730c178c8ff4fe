/* SPDX-License-Identifier: MIT */
/* tests/unit/test_syscall_table.c: syscall_lookup() maps each LINUX_NR_x to sys_x; dispatch. */
#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../abi/linux.h"
#include "../../kernel/mm.h"
#include "../../kernel/syscall.h"
#include "../../kernel/syscalls.h"
#include "../../kernel/task.h"
#include "../../kernel/usercopy.h"
#include "fake_platform.h"

struct expect {
    const char *name;
    long nr;
    syscall_fn fn;
};

/*
 * unit_syscall_list.h is generated from kernel/syscalls.h by tests/unit/meson.build:
 * X(x) for every handler sys_x declared there whose call the built arch has,
 * N(x) for the ones it does not (x86_64-only calls on arm64).
 */
#define X(n) {#n, LINUX_NR_##n, sys_##n},
#define N(n)
static const struct expect expected[] = {
#include "unit_syscall_list.h"
};
#undef X
#undef N

#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))

#define X(n)
#define N(n) #n,
static const char *const not_on_this_arch[] = {
#include "unit_syscall_list.h"
    NULL,
};
#undef X
#undef N

/* A floor, so that an empty or broken generated list cannot pass. */
static void test_list_is_complete(void **state)
{
    (void)state;
    assert_true(NEXPECTED >= 70);
    static const char *const must[] = {"read", "write", "openat", "close", "mmap", "brk",
                                       "exit_group", "getpid", "rt_sigaction", "uname"};
    for (size_t k = 0; k < sizeof(must) / sizeof(must[0]); k++) {
        size_t i = 0;
        while (i < NEXPECTED && strcmp(expected[i].name, must[k]))
            i++;
        if (i == NEXPECTED)
            fail_msg("the generated list lacks %s", must[k]);
    }
#ifdef LINUX_NR_open
    assert_null(not_on_this_arch[0]); /* x86_64 has every call syscalls.h declares */
#endif
}

static void test_every_handler_resolves(void **state)
{
    (void)state;
    for (size_t i = 0; i < NEXPECTED; i++) {
        syscall_fn fn = syscall_lookup(expected[i].nr);
        if (fn != expected[i].fn)
            fail_msg("syscall_lookup(LINUX_NR_%s = %ld) is %p, want sys_%s", expected[i].name,
                     expected[i].nr, (void *)fn, expected[i].name);
    }
}

static void test_no_other_numbers(void **state)
{
    (void)state;
    /* Every table entry is one of the expected handlers, at its own number. */
    for (long nr = 0; nr < 1024; nr++) {
        syscall_fn fn = syscall_lookup(nr);
        if (!fn)
            continue;
        size_t i = 0;
        while (i < NEXPECTED && expected[i].nr != nr)
            i++;
        if (i == NEXPECTED)
            fail_msg("number %ld has a handler, but no handler of syscalls.h has that number", nr);
        if (fn != expected[i].fn)
            fail_msg("number %ld dispatches to the wrong handler (want sys_%s)", nr,
                     expected[i].name);
    }
}

static void test_unknown_numbers(void **state)
{
    (void)state;
    assert_null(syscall_lookup(-1));
    assert_null(syscall_lookup(-LINUX_NR_read - 1));
    assert_null(syscall_lookup(LONG_MIN));
    assert_null(syscall_lookup(LONG_MAX));
    assert_null(syscall_lookup(100000));
    assert_null(syscall_lookup(1024));
    /* Calls Linux has that the table does not implement. */
    assert_null(syscall_lookup(LINUX_NR_kexec_load));
    assert_null(syscall_lookup(LINUX_NR_reboot));
    assert_null(syscall_lookup(LINUX_NR_init_module));
#ifdef LINUX_NR_open
    /* x86_64's x32 numbers (bit 30) are not ours. */
    assert_null(syscall_lookup((1L << 30) | LINUX_NR_getpid));
#endif
}

/* The generated list and kernel/syscalls.h agree: every SYS(x) there is in it (own parse). */
static void test_header_covered(void **state)
{
    (void)state;
    const char *path = getenv("RF_SYSCALLS_H");
    if (!path)
        skip();
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[512];
    int declared = 0;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "#define SYS(", 12) == 0)
            continue;
        for (char *p = line; (p = strstr(p, "SYS(")) != NULL; p += 4) {
            if (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
                continue;
            char name[64];
            size_t k = 0;
            const char *q = p + 4;
            while (k + 1 < sizeof(name) && (isalnum((unsigned char)*q) || *q == '_'))
                name[k++] = *q++;
            name[k] = 0;
            if (*q != ')' || k == 0)
                continue;
            declared++;
            int found = 0;
            for (size_t i = 0; i < NEXPECTED && !found; i++)
                found = !strcmp(expected[i].name, name);
            for (size_t i = 0; not_on_this_arch[i] && !found; i++)
                found = !strcmp(not_on_this_arch[i], name);
            if (!found) {
                fclose(f);
                fail_msg("kernel/syscalls.h declares sys_%s but the generated list lacks it", name);
            }
        }
    }
    fclose(f);
    assert_true(declared >= (int)NEXPECTED);
}

/* ---- syscall_dispatch ---- */

static struct task task;
static struct sighand sighand;
static struct fake_env env;

static int setup_task(void **state)
{
    memset(&task, 0, sizeof(task));
    memset(&sighand, 0, sizeof(sighand));
    if (fake_env_setup(&env, FAKE_MF_SIZE) < 0)
        return -1;
    task.mm = env.mm;
    task.sighand = &sighand;
    task.pid = 42;
    task.tid = 43;
    task.ppid = 7;
    *state = &task;
    return 0;
}

static int teardown_task(void **state)
{
    (void)state;
    return fake_env_teardown(&env) == 0 ? 0 : -1;
}

#if defined(RF_ARCH_AMD64)
static void set_call(struct arch_regs *r, long nr, uint64_t a0, uint64_t a1)
{
    r->orig_rax = (uint64_t)nr;
    r->rax = (uint64_t)-LINUX_ENOSYS;
    r->rdi = a0;
    r->rsi = a1;
}

static int64_t ret_of(const struct arch_regs *r)
{
    return (int64_t)r->rax;
}
#define HAVE_REGS 1
#else
#define HAVE_REGS 0
#endif

static void test_dispatch(void **state)
{
    struct task *t = *state;
#if HAVE_REGS
    set_call(&t->regs, LINUX_NR_getpid, 0, 0);
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), 42);
    set_call(&t->regs, LINUX_NR_gettid, 0, 0);
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), 43);
    set_call(&t->regs, LINUX_NR_getppid, 0, 0);
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), 7);
    /* Unimplemented: ENOSYS in the return register. */
    set_call(&t->regs, LINUX_NR_kexec_load, 0, 0);
    t->regs.rax = 12345;
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), -LINUX_ENOSYS);
    assert_false(t->exited);
#else
    (void)t;
    skip();
#endif
}

static void test_dispatch_uname_writes_guest(void **state)
{
    struct task *t = *state;
#if HAVE_REGS
    int64_t buf = mm_map(t->mm, 0, 4096, LINUX_PROT_READ | LINUX_PROT_WRITE,
                         LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, 0, 0, NULL);
    assert_true(buf > 0);
    set_call(&t->regs, LINUX_NR_uname, (uint64_t)buf, 0);
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), 0);
    struct linux_utsname u;
    assert_int_equal(copy_from_user(t->mm, &u, (uaddr_t)buf, sizeof(u)), 0);
    assert_string_equal(u.sysname, "Linux");
    assert_string_equal(u.machine, LINUX_UNAME_MACHINE);
    /* A bad pointer is EFAULT, not a crash. */
    set_call(&t->regs, LINUX_NR_uname, 0x1000, 0);
    syscall_dispatch(t);
    assert_int_equal(ret_of(&t->regs), -LINUX_EFAULT);
#else
    (void)t;
    skip();
#endif
}

static void test_dispatch_exit_group(void **state)
{
    struct task *t = *state;
#if HAVE_REGS
    set_call(&t->regs, LINUX_NR_exit_group, 0x1234, 0);
    t->regs.rax = 777;
    syscall_dispatch(t);
    assert_true(t->exited);
    assert_int_equal(t->exit_code, 0x34 << 8);
    /* A call that does not return leaves the registers alone. */
    assert_int_equal(t->regs.rax, 777);
#else
    (void)t;
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_is_complete),
        cmocka_unit_test(test_every_handler_resolves),
        cmocka_unit_test(test_no_other_numbers),
        cmocka_unit_test(test_unknown_numbers),
        cmocka_unit_test(test_header_covered),
        cmocka_unit_test_setup_teardown(test_dispatch, setup_task, teardown_task),
        cmocka_unit_test_setup_teardown(test_dispatch_uname_writes_guest, setup_task,
                                        teardown_task),
        cmocka_unit_test_setup_teardown(test_dispatch_exit_group, setup_task, teardown_task),
    };
    return cmocka_run_group_tests_name("syscall_table", tests, NULL, NULL);
}
