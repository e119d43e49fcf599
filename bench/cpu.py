"""Where the CPU went during a measured window: CPU seconds per process group, read from /proc
(Linux), and the whole machine's busy time from /proc/stat.

A group is a function of the process table that names its processes (a gunicorn master and its
workers, nginx, PostgreSQL's backends …). A process's time is utime + stime; a group that owns
its processes' lifetimes (a process tree) also counts the children it reaped (cutime + cstime),
so a worker that exits during the window is not lost.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


@dataclass(frozen=True)
class Process:
    parent: int
    own: int
    reaped: int


def process_table():
    """{pid: Process} of every process now, in clock ticks."""
    table = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone between the listing and the read
            continue
        # The name (field 2) is in parentheses and may hold spaces: split after it.
        fields = stat.rpartition(")")[2].split()
        table[int(entry.name)] = Process(
            parent=int(fields[1]),
            own=int(fields[11]) + int(fields[12]),
            reaped=int(fields[13]) + int(fields[14]),
        )
    return table


def tree(table, root):
    """`root` and every process under it."""
    children = {}
    for pid, process in table.items():
        children.setdefault(process.parent, []).append(pid)
    members, waiting = set(), [root]
    while waiting:
        pid = waiting.pop()
        if pid in table and pid not in members:
            members.add(pid)
            waiting.extend(children.get(pid, ()))
    return members


def machine_busy_ticks():
    """All CPUs' busy time since boot (everything but idle and iowait), in clock ticks."""
    with open(PROC / "stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle, iowait = fields[3], fields[4]
    # guest and guest_nice (fields 9, 10) are already counted in user and nice.
    return sum(fields[:8]) - idle - iowait


@dataclass(frozen=True)
class Group:
    """`members(table)` names the group's processes; `owns_children` counts what they reaped."""

    name: str
    members: object
    owns_children: bool = True


class Window:
    """`with Window(groups) as window:` around a measurement; then `window.seconds()`."""

    def __init__(self, groups):
        self.groups = groups

    def __enter__(self):
        self.busy_before = machine_busy_ticks()
        self.before = self.snapshot()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_exc):
        self.wall = time.perf_counter() - self.started
        self.after = self.snapshot()
        self.busy_after = machine_busy_ticks()

    def snapshot(self):
        table = process_table()
        return {
            group.name: {pid: table[pid] for pid in group.members(table)} for group in self.groups
        }

    def seconds(self):
        """CPU seconds of each group during the window, the machine's busy seconds, and the
        rest ("other": processes in no group, the kernel's own work)."""
        split = {group.name: self.group_ticks(group) / TICKS_PER_SECOND for group in self.groups}
        busy = (self.busy_after - self.busy_before) / TICKS_PER_SECOND
        split["other"] = busy - sum(split.values())
        split["machine busy"] = busy
        return split

    def group_ticks(self, group):
        before, after = self.before[group.name], self.after[group.name]

        def ticks(process):
            return process.own + (process.reaped if group.owns_children else 0)

        total = sum(ticks(process) - (ticks(before[pid]) if pid in before else 0)
                    for pid, process in after.items())
        if group.owns_children:
            # A member that exited and was reaped by another member: its whole life is now in
            # that member's reaped time; take away what it had used before the window.
            total -= sum(ticks(process) for pid, process in before.items()
                         if pid not in after and process.parent in after)
        return total
