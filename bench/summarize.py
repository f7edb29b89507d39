"""Turns the files bench/run.sh writes into one Markdown summary (tables and ratios)."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])


def keyvals(path):
    d = {}
    for line in path.read_text().splitlines():
        k, _, v = line.partition("=")
        d[k] = v
    return d


m = keyvals(out / "machine.txt")
v = keyvals(out / "verify-warm.txt")
print("## Machine and run\n")
print("| | |\n|---|---|")
for k in ["date_utc", "load_at_start", "load_at_end", "nproc", "memory", "cpu", "java", "git", "hyperfine", "corpus", "crate_bytes", "typical"]:
    print(f"| {k} | {m.get(k, '')} |")

print("\n## Whole process: warm `cratetrust verify` of the typical crate (JVM start included)\n")
print("| variant | runs | median s | mean s | min s | max s | user CPU s | target < 1 s |")
print("|---|---|---|---|---|---|---|---|")
for n in ["default", "aot-cache", "aot-c1-serialgc"]:
    med = float(v[f"{n}_median_s"])
    print(f"| {n} | {v[f'{n}_runs']} | {med:.3f} | {v[f'{n}_mean_s']} | {v[f'{n}_min_s']} | {v[f'{n}_max_s']} | {v[f'{n}_user_s']} | {'met' if med < 1 else 'NOT met'} |")

rows = []
for line in (out / "whole-process.tsv").read_text().splitlines():
    f = line.split("\t")
    label, method, threads, crates, in_s, in_rate = f[0], f[1], int(f[2]), int(f[3]), float(f[4]), float(f[5])
    outcomes, wall, cpu = f[6:-2], float(f[-2]), float(f[-1])
    rows.append(dict(label=label, method=method, threads=threads, crates=crates, in_s=in_s,
                     wall=wall, rate=crates / wall, cpu=cpu, outcomes=" ".join(outcomes)))
base = {r["threads"]: r for r in rows if r["method"] == "study"}
print("\n## Whole process: the corpus in one JVM per row (wall time includes JVM start)\n")
print("| run | threads | crates | wall s | crates/s | vs study 1 thread | vs study same threads | CPU s (JVM + git) | CPU ms per crate | CPU vs study 1 thread | outcomes |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    r1 = r["rate"] / base[1]["rate"]
    same = base.get(r["threads"])
    rs = r["rate"] / same["rate"] if same else float("nan")
    c1 = base[1]["cpu"] / r["cpu"]
    print(f"| {r['label']} | {r['threads']} | {r['crates']} | {r['wall']:.2f} | {r['rate']:.2f} | {r1:.1f}x | {rs:.1f}x | {r['cpu']:.2f} | {1000 * r['cpu'] / r['crates']:.0f} | {c1:.1f}x | {r['outcomes']} |")

jmh = json.loads((out / "jmh.json").read_text())
scores = {}
print("\n## JMH (in-process, crates per second, higher is better)\n")
print("| benchmark | mode | forks x iterations | score (crates/s) | error (99.9%) | iterations (crates/s) | vs studyMethod1Thread |")
print("|---|---|---|---|---|---|---|")
for b in jmh:
    scores[b["benchmark"].rsplit(".", 1)[1]] = b["primaryMetric"]["score"]
study = scores.get("studyMethod1Thread")
for b in jmh:
    name = b["benchmark"].rsplit(".", 1)[1]
    pm = b["primaryMetric"]
    ratio = f"{pm['score'] / study:.1f}x" if study else ""
    err = pm.get("scoreError")
    err_s = f"{err:.2f}" if isinstance(err, (int, float)) and err == err else "n/a"
    its = ", ".join(f"{x:.1f}" for fork in pm.get("rawData", []) for x in fork)
    print(f"| {name} | {b['mode']} | {b['forks']} x {b['measurementIterations']} | {pm['score']:.2f} | {err_s} | {its} | {ratio} |")

print("\n## Targets\n")
print("| target | result | met? |\n|---|---|---|")
w = {r["label"]: r for r in rows}
s1, s2 = w["study-1-thread"]["rate"], w["study-2-threads"]["rate"]
j1, j2 = scores["cratetrustWarm1Thread"] / study, scores["cratetrustWarm2Threads"] / study
print(f"| at least 10x the study's method in crates per second, in-process (JMH, warm cache) | {j1:.1f}x (1 thread), {j2:.1f}x (2 threads) | {'**yes**' if min(j1, j2) >= 10 else '**no**'} |")
ww2, ww1 = w["cratetrust-warm-2-threads"]["rate"], w["cratetrust-warm-1-thread"]["rate"]
print(f"| at least 10x, whole process (JVM start included, one JVM for the {rows[0]['crates']} crates, warm cache) | {ww2 / s1:.1f}x (2 threads) and {ww1 / s1:.1f}x (1 thread) against the sequential study; {ww2 / s2:.1f}x against the study on 2 threads | {'**yes**' if ww2 / s1 >= 10 else '**no**'} |")
cold = w["cratetrust-cold-2-threads"]["rate"]
print(f"| same, cold cache (every commit fetched from its bare repository, like the study's shallow fetch) | {cold / s1:.1f}x against the sequential study, {cold / s2:.1f}x against the study on 2 threads | {'**yes**' if cold / s1 >= 10 else '**no**'} |")
cw = base[1]["cpu"] / w["cratetrust-warm-1-thread"]["cpu"]
cc = base[1]["cpu"] / w["cratetrust-cold-2-threads"]["cpu"]
print(f"| load-insensitive view: CPU seconds (JVM + git processes) per crate, whole process, study 1 thread / cratetrust 1 thread (warm), 2 threads (cold) | warm: {cw:.1f}x fewer CPU seconds; cold: {cc:.1f}x fewer | {'**yes**' if cw >= 10 else '**no**'} (warm), {'**yes**' if cc >= 10 else '**no**'} (cold) |")
med = {n: float(v[f"{n}_median_s"]) for n in ["default", "aot-cache", "aot-c1-serialgc"]}
shipped = "**yes**" if med["default"] < 1 else "**no** as shipped"
extra = "; yes with the AOT cache (not wired into the launcher)" if med["default"] >= 1 and med["aot-cache"] < 1 else ""
print(f"| warm `verify` of a typical crate under 1 s (whole process, through `./cratetrust`) | median {med['default']:.3f} s with the launcher as it is; {med['aot-cache']:.3f} s with an AOT cache; {med['aot-c1-serialgc']:.3f} s with an AOT cache + C1 + serial GC | {shipped}{extra} |")
