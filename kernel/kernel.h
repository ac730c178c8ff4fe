/* SPDX-License-Identifier: MIT */
/* kernel/kernel.h: the entry point cmd/ uses to run one sandboxed program. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

struct run_config {
    const char *platform; /* "auto", "ptrace" or "kvm" */
    const char *root;     /* host directory that becomes the guest's "/" */
    const char *cwd;      /* guest working directory, or NULL for the default */
    char *const *argv;    /* program and arguments; argv[0] is the program */
    int argc;
    char *const *envp;    /* the guest's environment, NULL-terminated */
    int strace;
    int no_pin;           /* --no-pin: leave CPU placement to the host scheduler */
};

/* Exit statuses of `ringfence run` besides the program's own (like a shell's). */
#define RUN_ERROR 125     /* the runtime failed */
#define RUN_NOEXEC 126    /* the file cannot be executed */
#define RUN_NOTFOUND 127  /* the program does not exist */

/**
 * kernel_run - set up the sandbox, run the program to completion.
 * Returns the status a shell would report: the exit code, 128+N for a
 * signal, or RUN_* with a one-line reason already logged.
 */
int kernel_run(const struct run_config *c);

#endif
