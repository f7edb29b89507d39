#!/usr/bin/env python3
"""Gathers, with plain git (not cratetrust), the facts behind each expected verdict of the corpus.

For every Debian crate directory it records: the repository link and the mirror it maps to, the
commit from .cargo_vcs_info.json and whether the mirror has it, on which branches and tags it is,
the tags naming this crate's version and where they point, and a file-by-file comparison with the
repository tree at path_in_vcs after reversing the Debian patches (debian/patches/series) on a
copy: equal blob, CRLF-only difference, symlink in the repository (compared with its target),
blob present elsewhere in the repository, or content found nowhere.

Usage: bench/verdict-corpus-facts.py REGISTRY_DIR MIRRORS_MAP_TSV OUT_JSON
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

SKIP = {".cargo-checksum.json", ".cargo_vcs_info.json", "Cargo.toml", "Cargo.lock", "Cargo.toml.orig"}


def git(repo, *args, check=False):
    p = subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} in {repo}: {p.stderr.strip()}")
    return p.stdout if p.returncode == 0 else None


def hash_object(path):
    return subprocess.run(["git", "hash-object", "--no-filters", path], capture_output=True,
                          text=True, check=True).stdout.strip()


def hash_bytes(data):
    return subprocess.run(["git", "hash-object", "--no-filters", "--stdin"], input=data,
                          capture_output=True, check=True).stdout.decode().strip()


def normalize_url(url):
    u = re.sub(r"/tree/.*$", "", url.strip())
    u = re.sub(r"\.git$", "", u.rstrip("/"))
    return u.rstrip("/")


def unpatched_copy(crate_dir, tmp):
    """Copies the crate and reverses its Debian patches; returns (dir, patched files, problems)."""
    dst = os.path.join(tmp, "crate")
    shutil.copytree(crate_dir, dst, symlinks=True)
    series = os.path.join(crate_dir, "debian", "patches", "series")
    touched, problems = set(), []
    if not os.path.isfile(series):
        return dst, touched, problems
    names = [l.split()[0] for l in open(series) if l.strip() and not l.startswith("#")]
    for name in reversed(names):
        pf = os.path.abspath(os.path.join(crate_dir, "debian", "patches", name))
        text = open(pf, errors="replace").read()
        for m in re.finditer(r"^(?:\+\+\+|---) (\S+)", text, re.M):
            p = m.group(1)
            if p != "/dev/null":
                touched.add(p.split("/", 1)[1] if "/" in p else p)
        r = subprocess.run(["patch", "-R", "-p1", "-s", "-f", "--no-backup-if-mismatch", "-d", dst,
                            "-i", pf], capture_output=True, text=True)
        if r.returncode != 0:
            problems.append(f"{name}: {r.stdout.strip()[:200]}")
    return dst, touched, problems


def crate_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        rel_d = os.path.relpath(d, root)
        if rel_d == "debian" or rel_d.startswith("debian/"):
            continue
        for f in files:
            rel = os.path.normpath(os.path.join(rel_d, f))
            if rel in SKIP or rel.endswith(".orig") or rel.endswith(".rej"):
                continue
            out.append(rel)
    return sorted(out)


def tree(repo, sha, prefix):
    spec = f"{sha}:{prefix}" if prefix else f"{sha}^{{tree}}"
    out = git(repo, "ls-tree", "-r", "-z", spec)
    if out is None:
        return None
    entries = {}
    for rec in out.split("\0"):
        if not rec:
            continue
        meta, path = rec.split("\t", 1)
        mode, _, blob = meta.split()
        entries[path] = (mode, blob)
    return entries


def version_tags(repo, version):
    out = git(repo, "for-each-ref", "--format=%(refname:short) %(objectname) %(*objectname)", "refs/tags")
    tags = {}
    for line in (out or "").splitlines():
        name, obj, peeled = (line.split() + [""])[:3]
        tags[name] = peeled or obj
    vre = re.compile(r"(^|[^0-9.])" + re.escape(version) + r"$")
    return tags, {t: c for t, c in tags.items() if vre.search(t)}


def facts_for(crate_dir, mirrors):
    with open(os.path.join(crate_dir, "Cargo.toml"), "rb") as f:
        manifest = tomllib.load(f)
    pkg = manifest.get("package", {})
    name, version = pkg.get("name"), pkg.get("version")
    url = normalize_url(pkg.get("repository", ""))
    fx = {"dir": os.path.basename(crate_dir), "name": name, "version": version,
          "repository": pkg.get("repository", ""), "url": url}
    key = url.lower()
    repo = mirrors.get(key)
    fx["mirror"] = repo
    ck = json.load(open(os.path.join(crate_dir, ".cargo-checksum.json")))
    fx["package_checksum"] = ck.get("package")
    series = os.path.join(crate_dir, "debian", "patches", "series")
    fx["debian_patches"] = ([l.split()[0] for l in open(series) if l.strip() and not l.startswith("#")]
                            if os.path.isfile(series) else [])
    vcs_path = os.path.join(crate_dir, ".cargo_vcs_info.json")
    vcs = json.load(open(vcs_path)) if os.path.isfile(vcs_path) else None
    fx["vcs"] = vcs
    sha = (vcs or {}).get("git", {}).get("sha1")
    prefix = (vcs or {}).get("path_in_vcs", "")
    fx["sha"], fx["path_in_vcs"] = sha, prefix
    fx["dirty"] = bool((vcs or {}).get("git", {}).get("dirty"))
    if repo is None:
        fx["mirror_problem"] = "no mirror"
        return fx
    tags, vtags = version_tags(repo, version)
    fx["version_tags"] = vtags
    fx["tag_count"] = len(tags)
    head = (git(repo, "symbolic-ref", "HEAD") or "").strip()
    fx["head"] = head
    base = sha
    if sha is None:
        # No recorded commit: compare at the tag naming this crate's version (if exactly one).
        own = [t for t in vtags if name.lower() in t.lower().replace("_", "-") or
               name.lower() in t.lower()] or list(vtags)
        if own:
            base = vtags[sorted(own)[0]]
            fx["compared_at_tag"] = sorted(own)[0]
    fx["sha_in_mirror"] = bool(sha) and git(repo, "cat-file", "-t", sha) is not None
    if sha and fx["sha_in_mirror"]:
        fx["tags_at_sha"] = sorted(t for t, c in tags.items() if c == sha)
        branches = git(repo, "for-each-ref", "--contains", sha, "--format=%(refname)",
                       "refs/heads", "refs/remotes") or ""
        fx["branches_containing"] = branches.split()[:5]
        fx["branch_count"] = len(branches.split())
        pulls = git(repo, "for-each-ref", "--contains", sha, "--format=%(refname)", "refs/pull") or ""
        fx["pull_refs_containing"] = len(pulls.split())
        fx["on_head"] = bool(head) and subprocess.run(
            ["git", "--git-dir", repo, "merge-base", "--is-ancestor", sha, head]).returncode == 0
        fx["tags_containing"] = len((git(repo, "tag", "--contains", sha) or "").split())
    if base is None or git(repo, "cat-file", "-t", base) is None:
        return fx
    root_manifest = git(repo, "cat-file", "-p", f"{base}:Cargo.toml") or ""
    if prefix == "" and not re.search(r'^name\s*=\s*"' + re.escape(name) + '"', root_manifest, re.M):
        # Find the package folder by name at the tag (monorepos).
        for p, (m, b) in sorted((tree(repo, base, "") or {}).items(), key=lambda e: len(e[0])):
            if p.endswith("Cargo.toml"):
                try:
                    pk = tomllib.loads(git(repo, "cat-file", "-p", b) or "").get("package", {})
                except tomllib.TOMLDecodeError:
                    continue
                if pk.get("name") == name:
                    prefix = os.path.dirname(p)
                    break
        fx["guessed_prefix"] = prefix
    entries = tree(repo, base, prefix)
    if entries is None:
        fx["tree_problem"] = f"no {prefix or 'root'} at {base}"
        return fx
    with tempfile.TemporaryDirectory() as tmp:
        root, touched, problems = unpatched_copy(crate_dir, tmp)
        fx["patch_problems"] = problems
        fx["patched_files"] = sorted(touched)
        results = {}
        for rel in crate_files(root):
            full = os.path.join(root, rel)
            if os.path.islink(full):
                results[rel] = "symlink-in-crate"
                continue
            h = hash_object(full)
            ent = entries.get(rel)
            data = open(full, "rb").read()
            if ent and ent[1] == h:
                results[rel] = "same"
            elif ent and ent[0] == "120000":
                target = git(repo, "cat-file", "-p", ent[1]) or ""
                tpath = os.path.normpath(os.path.join(prefix, os.path.dirname(rel), target))
                t = tree(repo, base, "")
                tb = (t or {}).get(tpath)
                results[rel] = "symlink-target-same" if tb and tb[1] == h else "symlink-target-differs"
            elif ent and b"\r\n" in data and hash_bytes(data.replace(b"\r\n", b"\n")) == ent[1]:
                results[rel] = "crlf-only"
            elif git(repo, "cat-file", "-e", h) is not None:
                results[rel] = "differs-blob-elsewhere" if ent else "missing-blob-elsewhere"
            else:
                results[rel] = "differs-nowhere" if ent else "missing-nowhere"
        fx["files"] = results
        # Cargo.toml: name and version against the repository's manifest at the same place.
        cm = entries.get("Cargo.toml")
        if cm:
            try:
                repo_manifest = tomllib.loads(git(repo, "cat-file", "-p", cm[1]) or "")
                rp = repo_manifest.get("package", {})
                rv = rp.get("version")
                fx["repo_manifest"] = {"name": rp.get("name"),
                                       "version": rv if isinstance(rv, str) else "workspace"}
            except tomllib.TOMLDecodeError as e:
                fx["repo_manifest"] = {"error": str(e)[:100]}
    return fx


def main():
    registry, mirrors_tsv, out = sys.argv[1:4]
    mirrors = {}
    for line in open(mirrors_tsv):
        if line.strip():
            u, p = line.rstrip("\n").split("\t")
            mirrors[u.lower()] = p
    only = set(sys.argv[4:])
    res = []
    for d in sorted(os.listdir(registry)):
        if only and d not in only:
            continue
        full = os.path.join(registry, d)
        if os.path.isdir(full) and os.path.isfile(os.path.join(full, "Cargo.toml")):
            try:
                res.append(facts_for(full, mirrors))
            except Exception as e:  # a broken crate is reported, not fatal
                res.append({"dir": d, "error": f"{type(e).__name__}: {e}"})
            print(d, file=sys.stderr, flush=True)
    json.dump(res, open(out, "w"), indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
