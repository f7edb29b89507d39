#!/usr/bin/env python3
"""Independent oracle for RustSec advisory matching: which advisories affect which crate versions,
according to the OSV export of the advisory database (branch osv), read with the OSV schema's own
rules for SEMVER ranges. It shares no code with cratetrust's matcher.

Usage: osv_oracle.py OSV_DIR ADVISORY_DB_DIR OUT_JSON

Candidate versions, per crate name: every version named by an OSV event or by a requirement in the
markdown advisories (crates/ and rust/), and the versions around it (one patch, minor and major
step either side, a pre-release, a build-metadata variant). The markdown files are read only to pick
candidate versions, never to decide whether a version is affected.

Output: {"crates": {name: {"versions": [...], "affected": {version: [ids]}}},
         "osvIds": [...], "withdrawn": [...]}
"""
import json
import os
import re
import sys

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


def parse(v):
    m = SEMVER.match(v)
    if not m:
        raise ValueError("not a SemVer version: %r" % v)
    pre = m.group(4)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre.split(".") if pre else [])


def cmp_pre(a, b):
    # SemVer 2.0.0 section 11: a release ranks above any pre-release of it.
    if not a and not b:
        return 0
    if not a:
        return 1
    if not b:
        return -1
    for x, y in zip(a, b):
        xn, yn = x.isdigit(), y.isdigit()
        if xn and yn:
            c = (int(x) > int(y)) - (int(x) < int(y))
        elif xn:
            c = -1
        elif yn:
            c = 1
        else:
            c = (x > y) - (x < y)
        if c:
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


def cmp(a, b):
    pa, pb = parse(a), parse(b)
    for i in range(3):
        if pa[i] != pb[i]:
            return -1 if pa[i] < pb[i] else 1
    return cmp_pre(pa[3], pb[3])


def event_version(e):
    for k in ("introduced", "fixed", "last_affected", "limit"):
        if k in e:
            return k, e[k]
    raise ValueError("unknown OSV event %r" % e)


def in_range(version, events):
    """OSV schema, 'Evaluation': walk the events in version order (introduced '0' first)."""

    def key_version(e):
        k, v = event_version(e)
        return "0.0.0-0" if v == "0" else v

    import functools

    ordered = sorted(events, key=functools.cmp_to_key(lambda x, y: cmp(key_version(x), key_version(y))))
    affected = False
    for e in ordered:
        k, v = event_version(e)
        if k == "introduced":
            if v == "0" or cmp(version, v) >= 0:
                affected = True
        elif k == "fixed":
            if cmp(version, v) >= 0:
                affected = False
        elif k == "last_affected":
            if cmp(version, v) > 0:
                affected = False
        elif k == "limit":
            if cmp(version, v) >= 0:
                affected = False
    return affected


def affects(record, name, version):
    if record.get("withdrawn"):
        return False
    for a in record.get("affected", []):
        pkg = a.get("package", {})
        if pkg.get("ecosystem") != "crates.io" or pkg.get("name") != name:
            continue
        if version in a.get("versions", []):
            return True
        for r in a.get("ranges", []):
            if r.get("type") != "SEMVER":
                raise ValueError("%s: range type %s not handled" % (record["id"], r.get("type")))
            if in_range(version, r["events"]):
                return True
    return False


TOKEN = re.compile(r"(?<![\w.])(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?")


def around(v):
    major, minor, patch, pre = parse(v)
    out = {v, "%d.%d.%d" % (major, minor, patch)}
    out.add("%d.%d.%d" % (major, minor, patch + 1))
    out.add("%d.%d.%d" % (major, minor + 1, 0))
    out.add("%d.%d.%d" % (major + 1, 0, 0))
    out.add("%d.%d.%d-alpha.1" % (major, minor, patch))
    out.add("%d.%d.%d+build.5" % (major, minor, patch))
    if patch > 0:
        out.add("%d.%d.%d" % (major, minor, patch - 1))
    if minor > 0:
        out.add("%d.%d.%d" % (major, minor - 1, 99))
    if major > 0:
        out.add("%d.%d.%d" % (major - 1, 99, 0))
    return out


def markdown_requirements(path):
    """Package name and requirement strings of one advisory file's [versions]/[affected] tables."""
    text = open(path, encoding="utf-8").read()
    front = text.split("```", 2)[1] if text.lstrip().startswith("```") else ""
    m = re.search(r'^package\s*=\s*"([^"]+)"', front, re.M)
    reqs = re.findall(r'"([<>=^~*0-9][^"]*)"', front.split("[versions]", 1)[-1]) if m else []
    return (m.group(1) if m else None), reqs


def main():
    osv_dir, md_dir, out_path = sys.argv[1:4]
    records = []
    for f in sorted(os.listdir(os.path.join(osv_dir, "crates"))):
        if f.endswith(".json"):
            with open(os.path.join(osv_dir, "crates", f), encoding="utf-8") as fh:
                records.append(json.load(fh))
    candidates = {}
    for r in records:
        for a in r.get("affected", []):
            name = a["package"]["name"]
            vs = candidates.setdefault(name, set(["0.1.0", "1.0.0", "0.0.1"]))
            for rng in a.get("ranges", []):
                for e in rng["events"]:
                    _, v = event_version(e)
                    if v not in ("0", "0.0.0-0"):
                        vs |= around(v)
            for v in a.get("versions", []):
                vs |= around(v)
    for top in ("crates", "rust"):
        base = os.path.join(md_dir, top)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            for f in files:
                if not f.endswith(".md"):
                    continue
                name, reqs = markdown_requirements(os.path.join(dirpath, f))
                if name is None:
                    continue
                vs = candidates.setdefault(name, set(["0.1.0", "1.0.0", "0.0.1"]))
                for req in reqs:
                    for t in TOKEN.finditer(req):
                        v = "%s.%s.%s%s" % (t.group(1), t.group(2) or "0", t.group(3) or "0", t.group(4) or "")
                        try:
                            vs |= around(v)
                        except ValueError:
                            vs |= around("%s.%s.%s" % (t.group(1), t.group(2) or "0", t.group(3) or "0"))
    out = {"crates": {}, "osvIds": sorted(r["id"] for r in records),
           "withdrawn": sorted(r["id"] for r in records if r.get("withdrawn"))}
    import functools

    by_name = {}
    for r in records:
        for a in r.get("affected", []):
            by_name.setdefault(a["package"]["name"], []).append(r)
    for name in sorted(candidates):
        versions = sorted(candidates[name], key=functools.cmp_to_key(cmp))
        affected = {}
        for v in versions:
            ids = sorted(set(r["id"] for r in by_name.get(name, []) if affects(r, name, v)))
            if ids:
                affected[v] = ids
        out["crates"][name] = {"versions": versions, "affected": affected}
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
