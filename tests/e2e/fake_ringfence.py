#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# tests/e2e/fake_ringfence.py: native stand-in for `ringfence run` (CLI contract only), to check the corpus itself.
#
# /usr/bin/python3, not env: a pyenv shim would add its own variables to the guest environment.
# It execs the program directly (chroot for --root), so every compare test must pass with it,
# the bad-input tests must see the contract's 126/127, and the root tests exercise chroot(2).
# It is not a sandbox. --platform and --strace are accepted and ignored.
import errno
import os
import signal
import struct
import sys


def die(status, msg):
    sys.stderr.write("ringfence: %s\n" % msg)
    sys.stderr.flush()
    os._exit(status)


def resolve(prog, env):
    if "/" in prog:
        return prog
    for d in env.get("PATH", "/usr/local/bin:/usr/bin:/bin").split(":"):
        cand = os.path.join(d or ".", prog)
        if os.path.isfile(cand):
            return cand
    die(127, "%s: not found in PATH" % prog)


def check_elf(path):
    """Refuses what the contract calls corrupt, where Linux would still exec and crash later."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return
    if data[:4] != b"\x7fELF":
        return
    if len(data) < 64 or data[4] != 2 or data[5] != 1:
        die(126, "%s: not a 64-bit little-endian ELF" % path)
    machine, = struct.unpack_from("<H", data, 18)
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    if machine != 62:
        die(126, "%s: ELF machine %d is not x86-64" % (path, machine))
    if phentsize != 56 or phoff + phnum * phentsize > len(data):
        die(126, "%s: program headers outside the file" % path)
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * 56)
        if p_type == 1 and p_offset + p_filesz > len(data):
            die(126, "%s: segment %d extends past the end of the file" % (path, i))


def main(argv):
    if len(argv) < 2 or argv[1] != "run":
        die(125, "usage: ringfence run [options] -- PROGRAM [ARGS]")
    env = dict(os.environ)
    root = cwd = None
    i = 2
    while i < len(argv) and argv[i] != "--":
        a = argv[i]
        if a.startswith("--platform=") or a == "--strace":
            i += 1
        elif a in ("--root", "--cwd", "--env") and i + 1 < len(argv):
            if a == "--root":
                root = argv[i + 1]
            elif a == "--cwd":
                cwd = argv[i + 1]
            else:
                k, sep, v = argv[i + 1].partition("=")
                if not sep:
                    die(125, "--env wants K=V")
                env[k] = v
            i += 2
        else:
            die(125, "unknown option %s" % a)
    args = argv[i + 1:]
    if not args:
        die(125, "no program")
    try:
        if root is not None:
            os.chroot(root)
            os.chdir(cwd or "/")
        elif cwd is not None:
            os.chdir(cwd)
    except OSError as e:
        die(125, "cannot enter root/cwd: %s" % e.strerror)
    path = resolve(args[0], env)
    if os.path.isdir(path):
        die(126, "%s: is a directory" % args[0])
    check_elf(path)
    # Python ignores SIGPIPE and SIGXFSZ; ignored dispositions survive exec.
    for s in (signal.SIGPIPE, signal.SIGXFSZ):
        signal.signal(s, signal.SIG_DFL)
    try:
        os.execve(path, args, env)
    except OSError as e:
        die(127 if e.errno in (errno.ENOENT, errno.ENOTDIR) else 126, "%s: %s" % (args[0], e.strerror))


if __name__ == "__main__":
    main(sys.argv)
