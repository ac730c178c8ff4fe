/* SPDX-License-Identifier: MIT */
/* cmd/main.c: the ringfence command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/kernel.h"
#include "../kernel/log.h"

#ifndef RINGFENCE_VERSION
#define RINGFENCE_VERSION "0.0.0"
#endif

extern char **environ;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: ringfence run [OPTIONS] -- PROGRAM [ARGS...]\n"
            "       ringfence --help | --version\n"
            "\n"
            "Runs PROGRAM (a static Linux executable) in the sandbox.\n"
            "\n"
            "options for run:\n"
            "  --platform=P   auto (default), ptrace or kvm\n"
            "  --root DIR     host directory that becomes the read-only root (default /)\n"
            "  --cwd DIR      working directory inside the sandbox\n"
            "  --env K=V      set an environment variable (repeatable); the host's\n"
            "                 environment is passed through unless --clear-env\n"
            "  --clear-env    start from an empty environment\n"
            "  --strace       print every guest syscall on stderr, strace-style\n"
            "  --debug        verbose runtime log on stderr\n"
            "  --no-pin       do not pin the runtime and its stubs to one CPU\n"
            "\n"
            "exit status: the program's; 128+N if it died by signal N; 125 runtime\n"
            "error; 126 not executable; 127 not found.\n");
}

/* Build the guest environment: the host's (or nothing), then --env overrides. */
static char **make_env(int clear, char **extra, int nextra)
{
    int nhost = 0;
    if (!clear)
        while (environ[nhost])
            nhost++;
    char **env = calloc((size_t)(nhost + nextra + 1), sizeof(char *));
    if (!env)
        return NULL;
    int n = 0;
    for (int i = 0; i < nhost; i++)
        env[n++] = environ[i];
    for (int i = 0; i < nextra; i++) {
        size_t klen = strcspn(extra[i], "=");
        int j;
        for (j = 0; j < n; j++)
            if (!strncmp(env[j], extra[i], klen) && env[j][klen] == '=')
                break;
        env[j] = extra[i];
        if (j == n)
            n++;
    }
    env[n] = NULL;
    return env;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"platform", required_argument, 0, 'p'}, {"root", required_argument, 0, 'r'},
        {"cwd", required_argument, 0, 'c'},      {"env", required_argument, 0, 'e'},
        {"clear-env", no_argument, 0, 'E'},      {"strace", no_argument, 0, 's'},
        {"debug", no_argument, 0, 'd'},          {"help", no_argument, 0, 'h'},
        {"no-pin", no_argument, 0, 'P'},
        {0, 0, 0, 0},
    };
    struct run_config c = {.platform = "auto", .root = "/"};
    char **extra = calloc((size_t)argc, sizeof(char *));
    int nextra = 0, clear = 0;
    if (!extra)
        return RUN_ERROR;
    optind = 1;
    int o;
    /* '+': stop at the first non-option, so the program's own options are left alone. */
    while ((o = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (o) {
        case 'p':
            c.platform = optarg;
            break;
        case 'r':
            c.root = optarg;
            break;
        case 'c':
            c.cwd = optarg;
            break;
        case 'e':
            if (!strchr(optarg, '=')) {
                log_error("--env %s: expected KEY=VALUE", optarg);
                return RUN_ERROR;
            }
            extra[nextra++] = optarg;
            break;
        case 'E':
            clear = 1;
            break;
        case 's':
            c.strace = 1;
            break;
        case 'd':
            log_threshold = LOG_DEBUG;
            break;
        case 'P':
            c.no_pin = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return RUN_ERROR;
        }
    }
    if (optind >= argc) {
        log_error("run: no program given");
        usage(stderr);
        return RUN_ERROR;
    }
    if (c.cwd && c.cwd[0] != '/') {
        log_error("--cwd %s: must be an absolute path inside the sandbox", c.cwd);
        return RUN_ERROR;
    }
    c.argv = argv + optind;
    c.argc = argc - optind;
    char **env = make_env(clear, extra, nextra);
    if (!env)
        return RUN_ERROR;
    c.envp = env;
    int r = kernel_run(&c);
    free(env);
    free(extra);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return RUN_ERROR;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ringfence %s\n", RINGFENCE_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    log_error("unknown command '%s'", argv[1]);
    usage(stderr);
    return RUN_ERROR;
}
