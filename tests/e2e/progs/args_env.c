/* SPDX-License-Identifier: MIT */
/* tests/e2e/progs/args_env.c: print argc, argv, chosen env vars and stable auxv entries. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>

static void show_env(const char *name)
{
    const char *v = getenv(name);

    if (v)
        printf("env %s=[%s]\n", name, v);
    else
        printf("env %s unset\n", name);
}

int main(int argc, char **argv, char **envp)
{
    int i;
    int have_path = 0;

    printf("argc %d\n", argc);
    for (i = 0; i < argc; i++)
        printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("argv[argc] %s\n", argv[argc] ? "non-NULL" : "NULL");

    show_env("RF_E2E_VAR");
    show_env("RF_E2E_EMPTY");
    show_env("RF_E2E_UNSET_FOR_SURE");
    /* envp must be the same array getenv() searches. */
    for (i = 0; envp[i]; i++)
        if (envp[i][0] == 'P' && envp[i][1] == 'A' && envp[i][2] == 'T' &&
            envp[i][3] == 'H' && envp[i][4] == '=')
            have_path = 1;
    printf("envp has PATH: %s\n", have_path == (getenv("PATH") != NULL) ? "consistent" : "INCONSISTENT");

    /* Only entries whose values do not depend on ASLR or the launcher. */
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_UID %lu AT_EUID %lu AT_GID %lu AT_EGID %lu\n", getauxval(AT_UID),
           getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID));
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_RANDOM %s\n", getauxval(AT_RANDOM) ? "present" : "missing");
    printf("AT_PHDR %s\n", getauxval(AT_PHDR) ? "present" : "missing");
    printf("AT_ENTRY %s\n", getauxval(AT_ENTRY) ? "present" : "missing");
    return 0;
}
