#!/usr/bin/env python3
"""Compares the corpus' expected verdicts with cratetrust's and rewrites bench/VERDICT-CORPUS.md.

A crate agrees when the class is the same and the class-bearing reason codes are the same set
(facts such as commit-not-on-default-branch are shown but not compared). Every disagreement is
shown with its explanation from bench/verdict-corpus-notes.tsv, or marked UNEXPLAINED.

Usage: bench/verdict-corpus-compare.py EXPECTED_TSV NOTES_TSV OUT_DIR MARKDOWN
"""
import csv
import json
import os
import sys

CLASS_REASONS = {
    "no-vcs-info", "malformed-vcs-info", "dirty", "no-release-tag", "no-tag-at-all", "files-differ",
    "submodule-unverified", "no-repository", "invalid-repository-url", "unsupported-vcs",
    "repository-unreachable", "commit-not-in-repository", "files-not-in-repository",
    "cargo-toml-inconsistent", "trusted-publishing-mismatch", "vendored-files-modified",
    "manifest-unreadable", "commit-only-on-pull-request",
}
BEGIN, END = "<!-- corpus-table:begin -->", "<!-- corpus-table:end -->"


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def reasons(text):
    return {r for r in text.split(",") if r and r != "-"}


def main():
    expected_tsv, notes_tsv, out, md = sys.argv[1:5]
    expected = read_tsv(expected_tsv)
    notes = {}
    if os.path.isfile(notes_tsv):
        for row in read_tsv(notes_tsv):
            notes[row["dir"]] = row["explanation"]
    actual = {}
    scan = os.path.join(out, "scan.json")
    if os.path.isfile(scan) and os.path.getsize(scan) > 0:
        for c in json.load(open(scan)).get("crates", []):
            actual[(c["crate"], c["version"])] = (c["category"], set(c.get("reasons", [])))
    timing = {}
    if os.path.isfile(os.path.join(out, "timing.txt")):
        for line in open(os.path.join(out, "timing.txt")):
            k, _, v = line.strip().partition("=")
            timing[k] = v
    errors = {}
    if os.path.isfile(os.path.join(out, "errors.tsv")):
        for line in open(os.path.join(out, "errors.tsv")):
            d, _, e = line.rstrip("\n").partition("\t")
            errors[d] = e
    rows, agree, counts = [], 0, {}
    compare_rows = []
    for e in expected:
        key = (e["crate"], e["version"])
        exp_cls, exp_r = e["expected_class"], reasons(e["expected_reasons"]) & CLASS_REASONS
        if key in actual:
            act_cls, act_all = actual[key]
        else:
            act_cls, act_all = "could-not-verify", set()
        act_r = act_all & CLASS_REASONS
        ok = act_cls == exp_cls and act_r == exp_r
        agree += ok
        counts[(exp_cls, act_cls)] = counts.get((exp_cls, act_cls), 0) + 1
        if ok:
            verdict = "yes"
        else:
            verdict = "**no**: " + notes.get(e["dir"], "UNEXPLAINED (new disagreement: investigate)")
        err = errors.get(e["dir"], "")
        act_text = f"{act_cls} ({','.join(sorted(act_all)) or '-'})" + (f" error: {err}" if err else "")
        rows.append(f"| {e['crate']} | {e['version']} | {exp_cls} ({','.join(sorted(reasons(e['expected_reasons']))) or '-'}; facts: {e['expected_facts']}) "
                    f"| {act_text} | {verdict} | {e['justification']} |")
        compare_rows.append("\t".join([e["dir"], exp_cls, ",".join(sorted(exp_r)), act_cls,
                                       ",".join(sorted(act_all)), "yes" if ok else "no"]))
    with open(os.path.join(out, "compare.tsv"), "w") as f:
        f.write("dir\texpected_class\texpected_reasons\tactual_class\tactual_reasons\tagree\n")
        f.write("\n".join(compare_rows) + "\n")
    n = len(expected)
    def secs(v):
        try:
            return f"{float(v):.1f}"
        except ValueError:
            return v or "?"
    scan_s, study_s = timing.get("scan_seconds", ""), timing.get("study_seconds", "")
    ratio = ""
    try:
        ratio = f"{float(study_s) / float(scan_s):.1f}x"
        done = int(timing.get("study_crates", "0") or 0)
        if 0 < done < n:
            ratio = (f"at least {ratio} (the study's method covered only {done} of {n} crates "
                     f"within its time budget, against the scan's {n})")
    except ValueError:
        ratio = "not measured"
    matrix = ["| expected \\ actual | " + " | ".join(["gold-star", "needs-improvement", "looks-sketchy", "could-not-verify"]) + " |",
              "|---|---|---|---|---|"]
    for ec in ["gold-star", "needs-improvement", "looks-sketchy", "could-not-verify"]:
        matrix.append(f"| {ec} | " + " | ".join(str(counts.get((ec, ac), 0)) for ac in
                                                ["gold-star", "needs-improvement", "looks-sketchy", "could-not-verify"]) + " |")
    block = [BEGIN, "",
             f"Last run: {timing.get('date_utc', '?')} on commit {timing.get('commit', '?')}: "
             f"**{agree} of {n} crates agree** with the expected verdict (class and class-bearing reasons).",
             "",
             f"Timing of the same {timing.get('crates', n)} crates in the same run: one-process vendor scan "
             f"{secs(scan_s)} s; the study's per-file method (bench/study-per-file.sh) {secs(study_s)} s; ratio {ratio}. "
             f"Machine: {timing.get('cpu', '?')}, nproc={timing.get('nproc', '?')}, load {timing.get('load', '?')} "
             "(shared with other jobs).",
             "", *matrix, "",
             "| crate | version | expected (reasons; facts) | actual (reasons) | agree | evidence (checked with git by bench/verdict-corpus-facts.py and by hand) |",
             "|---|---|---|---|---|---|", *rows, "", END]
    text = open(md).read() if os.path.isfile(md) else BEGIN + "\n" + END + "\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    open(md, "w").write(head + "\n".join(block) + tail)
    print(f"verdict-corpus: {agree} of {n} agree; table in {md}", file=sys.stderr)


if __name__ == "__main__":
    main()
