"""PID reuse within the same second, for real.

Runs as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`). It starts a victim,
asks `portscope kill --pid VICTIM` (which shows its confirmation prompt), then ends the victim and
makes a new process (the impostor) take the same PID in the same wall-clock second, through
/proc/sys/kernel/ns_last_pid. Only then does it confirm. PortScope must refuse: the impostor is
not the program the user was asked about. Prints one JSON line with what happened.
"""
import json
import os
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def start_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    return int(stat[stat.rindex(")") + 2:].split()[19])


def attempt(portscope):
    # Start just after a second boundary so the whole dance fits inside one second.
    while time.clock_gettime(time.CLOCK_BOOTTIME) % 1.0 > 0.05:
        time.sleep(0.005)
    victim = subprocess.Popen(["sleep", "600"])
    victim_ticks = start_ticks(victim.pid)
    kill = subprocess.Popen(
        [portscope, "kill", "--pid", str(victim.pid)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=dict(os.environ, LANG="C.UTF-8", LANGUAGE="", LC_ALL=""),
    )
    # Wait for the confirmation prompt: everything before it is what the user saw.
    seen = b""
    while b"Type y" not in seen:
        chunk = kill.stderr.read1(4096)
        if not chunk:
            break
        seen += chunk
    victim.kill()
    victim.wait()
    with open("/proc/sys/kernel/ns_last_pid", "w") as f:
        f.write(str(victim.pid - 1))
    impostor = subprocess.Popen(["sleep", "600"])
    same_pid = impostor.pid == victim.pid
    # sysinfo's start time is boot time + ticks // HZ: same second means same ticks // HZ.
    impostor_ticks = start_ticks(impostor.pid)
    same_second = same_pid and impostor_ticks // HZ == victim_ticks // HZ
    out, err = kill.communicate(b"y\n", timeout=30)
    alive = impostor.poll() is None
    impostor.kill()
    impostor.wait()
    return {
        "victim_pid": victim.pid,
        "impostor_pid": impostor.pid,
        "same_pid": same_pid,
        "same_second": same_second,
        "victim_ticks": victim_ticks,
        "impostor_ticks": impostor_ticks,
        "exit_code": kill.returncode,
        "impostor_alive": alive,
        "prompt": seen.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
        "stdout": out.decode("utf-8", "replace"),
    }


def main():
    portscope = sys.argv[1]
    result = None
    for _ in range(8):
        result = attempt(portscope)
        if result["same_pid"] and result["same_second"]:
            break
    print(json.dumps(result), flush=True)


main()
