# SPDX-License-Identifier: MIT
# tests/e2e/host/events.py: the host's dynamically linked python3 on epoll, asyncio, subprocess and timers.
# Prints only what is the same on every run, for comparison with native.
import asyncio
import json
import os
import select
import signal
import socket
import subprocess
import sys

r, w = os.pipe()
ep = select.epoll()
ep.register(r, select.EPOLLIN)
print("empty", ep.poll(0))
os.write(w, b"x")
print("readable", [(fd == r, ev) for fd, ev in ep.poll(1)])

a, b = socket.socketpair()


async def echo():
    rd, wr = await asyncio.open_connection(sock=b)
    a.sendall(b"hello over asyncio\n")
    line = await rd.readline()
    await asyncio.sleep(0.01)
    return line


print("asyncio", asyncio.run(echo()))

out = subprocess.run(["sh", "-c", "echo child $((6*7)); exit 3"], capture_output=True, text=True)
print("subprocess", out.returncode, out.stdout.strip())

fired = []
signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
signal.setitimer(signal.ITIMER_REAL, 0.02)
signal.pause()
print("alarm", fired == [signal.SIGALRM])

print("json", json.dumps({"pid1": os.getpid() > 0, "argv": sys.argv[1:]}, sort_keys=True))
