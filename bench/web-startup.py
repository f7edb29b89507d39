#!/usr/bin/env python3
"""Times `./cratetrust serve --port 0` from process start to the first HTTP 200 on /healthz.

Usage: bench/web-startup.py [RUNS]  (from the repository root; builds through the launcher first)
Variants, interleaved run by run so they share the machine's load:
  aot     the launcher as users run it (JDK AOT cache recorded by the launcher's training run)
  no-aot  CRATETRUST_AOT=0
Each run serves the same existing embedded store (migrated by a first, untimed run).
Prints a Markdown table of medians: time to the URL line, time to the first 200, RSS then.
"""
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(store, aot):
    env = dict(os.environ)
    env["CRATETRUST_AOT"] = "1" if aot else "0"
    start = time.monotonic()
    p = subprocess.Popen(
        [os.path.join(ROOT, "cratetrust"), "serve", "--port", "0", "--db", store],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        url = p.stdout.readline().strip()
        printed = time.monotonic() - start
        if not url.startswith("http://"):
            raise SystemExit("serve printed %r instead of its URL" % url)
        with urllib.request.urlopen(url + "healthz", timeout=30) as r:
            r.read()
            if r.status != 200:
                raise SystemExit("healthz answered %d" % r.status)
        first = time.monotonic() - start
        rss = 0
        with open("/proc/%d/status" % p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) // 1024
        return printed, first, rss
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    subprocess.run([os.path.join(ROOT, "cratetrust"), "--version"], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "store")
        run(store, True)  # migrates the store; untimed
        results = {"aot": [], "no-aot": []}
        for _ in range(runs):
            results["aot"].append(run(store, True))
            results["no-aot"].append(run(store, False))
    print("| variant | runs | median s to URL line | median s to first 200 | min–max s to first 200 | median RSS MiB |")
    print("|---|---|---|---|---|---|")
    for name, rs in results.items():
        firsts = [r[1] for r in rs]
        print("| %s | %d | %.2f | **%.2f** | %.2f–%.2f | %d |" % (
            name, len(rs), statistics.median(r[0] for r in rs), statistics.median(firsts),
            min(firsts), max(firsts), statistics.median(r[2] for r in rs)))
    load = open("/proc/loadavg").read().split()[:3]
    print("\nload average after: " + " ".join(load))


if __name__ == "__main__":
    main()
