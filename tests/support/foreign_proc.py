"""A kill through a foreign /proc, for real (issue 14, bug 1).

Runs as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc --kill-child`).
argv: the portscope binary and DECOY, the host PID of a process the test started on the host.
It gives a victim process of its own namespace the number DECOY (through
/proc/sys/kernel/ns_last_pid), then unmounts its /proc so that the host's /proc shows through:
now /proc/DECOY is the host's decoy, while PID DECOY in this namespace is the victim. Then it
runs `portscope kill --pid DECOY --yes`. PortScope checked and named the decoy, so it must never
signal the victim. Prints one JSON line with what happened.
"""
import json
import os
import subprocess
import sys


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError as e:
        return f"unreadable: {e}"


def main():
    portscope, decoy = sys.argv[1], int(sys.argv[2])
    victim = None
    for _ in range(20):
        with open("/proc/sys/kernel/ns_last_pid", "w") as f:
            f.write(str(decoy - 1))
        victim = subprocess.Popen(["sleep", "600"])
        if victim.pid == decoy:
            break
        victim.kill()
        victim.wait()
    if victim.pid != decoy:
        print(json.dumps({"error": f"victim got PID {victim.pid}, not {decoy}"}), flush=True)
        return
    subprocess.run(["umount", "/proc"], check=True)
    seen = comm(decoy)
    kill = subprocess.run(
        [portscope, "kill", "--pid", str(decoy), "--yes"],
        capture_output=True,
        timeout=60,
        env=dict(os.environ, LANG="C.UTF-8", LANGUAGE="", LC_ALL=""),
    )
    listing = subprocess.run(
        [portscope, "list"],
        capture_output=True,
        timeout=60,
        env=dict(os.environ, LANG="C.UTF-8", LANGUAGE="", LC_ALL=""),
    )
    alive = victim.poll() is None
    victim.kill()
    victim.wait()
    print(
        json.dumps(
            {
                "victim_pid": victim.pid,
                "proc_shows": seen,
                "exit_code": kill.returncode,
                "victim_alive": alive,
                "stdout": kill.stdout.decode("utf-8", "replace"),
                "stderr": kill.stderr.decode("utf-8", "replace"),
                "list_stderr": listing.stderr.decode("utf-8", "replace"),
            }
        ),
        flush=True,
    )


main()
