#!/usr/bin/env python3
"""Small X11 helper for the demo, screenshot and startup-benchmark scripts (plain Python, libX11 via ctypes).

    xwindows.py wait  --name SUB [--exclude SUB ...] [--timeout S] [--pid PID]
        Waits until a viewable window whose title contains SUB (and none of the --exclude strings) exists;
        prints its id (decimal). Exit 1 on timeout or when PID exits first.
    xwindows.py list
        Prints the viewable windows: id and title.
    xwindows.py bench --name SUB [--runs N] [--rss-after S] [--interval MS] -- COMMAND [ARGS...]
        N times: spawns COMMAND, measures the time until its first viewable window whose title contains SUB
        (polling every MS milliseconds, 5 by default), reads VmRSS of the process S seconds after the spawn,
        then ends it. A "{profile}" in ARGS is replaced by a fresh empty folder for each run.
        Prints each run and the medians.
Titles are read from _NET_WM_NAME (UTF-8), falling back to WM_NAME.
"""

import argparse
import ctypes
import ctypes.util
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from ctypes import POINTER, Structure, byref, c_char_p, c_int, c_long, c_uint, c_ulong, c_void_p

IS_VIEWABLE = 2


class XWindowAttributes(Structure):
    _fields_ = [("x", c_int), ("y", c_int), ("width", c_int), ("height", c_int), ("border_width", c_int),
                ("depth", c_int), ("visual", c_void_p), ("root", c_ulong), ("class_", c_int),
                ("bit_gravity", c_int), ("win_gravity", c_int), ("backing_store", c_int),
                ("backing_planes", c_ulong), ("backing_pixel", c_ulong), ("save_under", c_int),
                ("colormap", c_ulong), ("map_installed", c_int), ("map_state", c_int),
                ("all_event_masks", c_long), ("your_event_mask", c_long), ("do_not_propagate_mask", c_long),
                ("override_redirect", c_int), ("screen", c_void_p)]


class X:
    def __init__(self):
        lib = ctypes.util.find_library("X11") or "libX11.so.6"
        self.x = x = ctypes.cdll.LoadLibrary(lib)
        x.XOpenDisplay.restype = c_void_p
        x.XOpenDisplay.argtypes = [c_char_p]
        x.XDefaultRootWindow.restype = c_ulong
        x.XDefaultRootWindow.argtypes = [c_void_p]
        x.XQueryTree.argtypes = [c_void_p, c_ulong, POINTER(c_ulong), POINTER(c_ulong),
                                 POINTER(POINTER(c_ulong)), POINTER(c_uint)]
        x.XGetWindowAttributes.argtypes = [c_void_p, c_ulong, POINTER(XWindowAttributes)]
        x.XInternAtom.restype = c_ulong
        x.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
        x.XGetWindowProperty.argtypes = [c_void_p, c_ulong, c_ulong, c_long, c_long, c_int, c_ulong,
                                         POINTER(c_ulong), POINTER(c_int), POINTER(c_ulong), POINTER(c_ulong),
                                         POINTER(ctypes.POINTER(ctypes.c_ubyte))]
        x.XFree.argtypes = [c_void_p]
        # A window can vanish between listing and reading it: ignore X errors instead of exiting.
        self._handler = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)(lambda d, e: 0)
        x.XSetErrorHandler(self._handler)
        self.display = x.XOpenDisplay(None)
        if not self.display:
            raise SystemExit("xwindows: cannot open the X display (is DISPLAY set?)")
        self.root = x.XDefaultRootWindow(self.display)
        self.net_wm_name = x.XInternAtom(self.display, b"_NET_WM_NAME", 0)
        self.wm_name = x.XInternAtom(self.display, b"WM_NAME", 0)

    def children(self, window):
        root, parent, kids, n = c_ulong(), c_ulong(), POINTER(c_ulong)(), c_uint()
        if not self.x.XQueryTree(self.display, window, byref(root), byref(parent), byref(kids), byref(n)):
            return []
        out = [kids[i] for i in range(n.value)]
        if kids:
            self.x.XFree(kids)
        return out

    def title(self, window):
        for atom in (self.net_wm_name, self.wm_name):
            actual_type, fmt, nitems, after = c_ulong(), c_int(), c_ulong(), c_ulong()
            data = ctypes.POINTER(ctypes.c_ubyte)()
            ok = self.x.XGetWindowProperty(self.display, window, atom, 0, 4096, 0, 0, byref(actual_type),
                                           byref(fmt), byref(nitems), byref(after), byref(data))
            if ok == 0 and data and nitems.value and fmt.value == 8:
                raw = bytes(data[:nitems.value])
                self.x.XFree(data)
                return raw.decode("utf-8", errors="replace")
            if data:
                self.x.XFree(data)
        return ""

    def viewable(self, window):
        attrs = XWindowAttributes()
        if not self.x.XGetWindowAttributes(self.display, window, byref(attrs)):
            return False
        return attrs.map_state == IS_VIEWABLE

    def find(self, name, exclude=(), depth=2):
        """Viewable windows (top-level, or one level down under a reparenting window manager) by title."""
        found = []
        level = [self.root]
        for _ in range(depth):
            nxt = []
            for parent in level:
                for w in self.children(parent):
                    nxt.append(w)
                    t = self.title(w)
                    if name in t and not any(e in t for e in exclude) and self.viewable(w):
                        found.append((w, t))
            level = nxt
        return found


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def cmd_wait(args):
    x = X()
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        hits = x.find(args.name, args.exclude)
        if hits:
            print(hits[0][0])
            print(f"xwindows: found window {hits[0][0]:#x} {hits[0][1]!r}", file=sys.stderr)
            return 0
        if args.pid and not alive(args.pid):
            print(f"xwindows: process {args.pid} exited before its window appeared", file=sys.stderr)
            return 1
        time.sleep(0.05)
    print(f"xwindows: no window titled *{args.name}* after {args.timeout} s", file=sys.stderr)
    return 1


def cmd_list(args):
    for w, t in X().find(""):
        print(f"{w:#x} {t}")
    return 0


def vm_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cmd_bench(args):
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    if not args.command:
        raise SystemExit("xwindows bench: no command")
    x = X()
    interval = args.interval / 1000.0
    times, rsses = [], []
    for run in range(1, args.runs + 1):
        profile = tempfile.mkdtemp(prefix="estafette-bench-")
        cmd = [a.replace("{profile}", profile) for a in args.command]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        shown = None
        while time.monotonic() - t0 < args.timeout:
            if x.find(args.name):
                shown = time.monotonic() - t0
                break
            if proc.poll() is not None:
                break
            time.sleep(interval)
        rss = None
        if shown is not None:
            remaining = args.rss_after - (time.monotonic() - t0)
            if remaining > 0:
                time.sleep(remaining)
            rss = vm_rss_kib(proc.pid)
        exited = proc.poll()
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)
        if shown is None:
            why = f"exited with {exited}" if exited is not None else f"no window after {args.timeout} s"
            print(f"run {run}: FAILED ({why})")
            return 1
        times.append(shown * 1000)
        if rss is not None:
            rsses.append(rss / 1024)
        rss_text = f"{rss / 1024:.1f} MiB" if rss is not None else "n/a (exited)"
        print(f"run {run}: first window after {shown * 1000:.0f} ms, RSS after {args.rss_after:g} s: {rss_text}",
              flush=True)
        time.sleep(0.5)
    print(f"median: first window {statistics.median(times):.0f} ms, "
          f"RSS {statistics.median(rsses):.1f} MiB" if rsses else
          f"median: first window {statistics.median(times):.0f} ms, RSS n/a")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--name", required=True)
    w.add_argument("--exclude", action="append", default=[])
    w.add_argument("--timeout", type=float, default=60)
    w.add_argument("--pid", type=int)
    sub.add_parser("list")
    b = sub.add_parser("bench")
    b.add_argument("--name", default="")
    b.add_argument("--runs", type=int, default=5)
    b.add_argument("--rss-after", type=float, default=3.0)
    b.add_argument("--interval", type=float, default=5.0)
    b.add_argument("--timeout", type=float, default=60)
    b.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    return {"wait": cmd_wait, "list": cmd_list, "bench": cmd_bench}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
