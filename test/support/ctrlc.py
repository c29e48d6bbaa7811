"""Presses Ctrl-C in a real terminal: runs a command in a pseudo-terminal, waits for a pattern in its
output, writes ^C (and, if asked, a second one later) on the master side, so the kernel's line
discipline sends SIGINT to the whole foreground process group -- npm, tsx and node alike, as a
person's keyboard does. Prints one JSON line: exit code (or -signal), output, and the seconds from the
first ^C to the exit.

usage: ctrlc.py <cwd> <regex> <second-after-seconds or -1> <command...>
"""

import json
import os
import pty
import re
import select
import signal
import sys
import time

cwd, pattern, second_after = sys.argv[1], re.compile(sys.argv[2]), float(sys.argv[3])
command = sys.argv[4:]

pid, master = pty.fork()
if pid == 0:
    # the session leader plays the shell: the command runs as a job of its own in the foreground
    # process group, and the shell itself ignores ^C, as an interactive shell with job control does
    os.chdir(cwd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    job = os.fork()
    if job == 0:
        os.setpgid(0, 0)
        os.tcsetpgrp(0, os.getpgrp())
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        os.execvp(command[0], command)
    _, job_status = os.waitpid(job, 0)
    code = os.waitstatus_to_exitcode(job_status)
    os._exit(code if code >= 0 else 128 - code)

output = b""
pressed_at = None
second_done = second_after < 0
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    ready, _, _ = select.select([master], [], [], 0.02)
    if ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        output += chunk
    if pressed_at is None and pattern.search(output.decode("utf-8", "replace")):
        os.write(master, b"\x03")
        pressed_at = time.monotonic()
    elif pressed_at is not None and not second_done and time.monotonic() - pressed_at >= second_after:
        os.write(master, b"\x03")
        second_done = True

if time.monotonic() >= deadline:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
ended = time.monotonic()
code = os.waitstatus_to_exitcode(status)
print(
    json.dumps(
        {
            "code": code,
            "output": output.decode("utf-8", "replace"),
            "seconds": None if pressed_at is None else round(ended - pressed_at, 3),
        }
    )
)
