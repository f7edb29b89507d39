#!/usr/bin/env bash
# Refreshes the slices of real data under src/test/resources/data/ from full snapshots.
# Usage: scripts/refresh-test-data.sh SNAPSHOT_DIR [SECTION...]
#   SNAPSHOT_DIR holds the full upstream copies (rustsec-advisory-db, rustsec-advisory-db-osv,
#   cargo-vet/*.toml, crev/...); SECTION is one of the refresh_* functions below without the
#   prefix (default: all of them).
# After a refresh, update the commit and date in the README.md beside each slice and rerun the
# tests that read the slices: their expected numbers are counted from the files, not hard-coded.
set -euo pipefail

if [[ $# -lt 1 || ! -d "$1" ]]; then
  echo "usage: $0 SNAPSHOT_DIR [SECTION...]  (SNAPSHOT_DIR: folder with the full snapshots)" >&2
  exit 4
fi
SNAPSHOTS="$(cd "$1" && pwd)"
shift
DATA="$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/data"

# rustsec: a slice of the advisory-db (markdown) and of its OSV export (branch osv), same ids.
#   - every toolchain advisory (rust/cargo, rust/rustdoc, rust/std): matched against no crate;
#   - every advisory of the crates the tests name (known cases: patched and unaffected ranges,
#     withdrawn, unmaintained, malicious, the hyper example, crates with the toolchain's names);
#   - every 8th remaining crate advisory in path order, for a spread of range shapes;
#   - the OSV record of each chosen crate advisory, plus RUSTSEC-2025-0000 (an OSV record whose
#     markdown file was renamed to RUSTSEC-2025-0065: the differential test lists it as OSV-only).
RUSTSEC_CRATES="tokio-rustls tower-http badge win-crypto hyper humantime openssl cargo-asm
  cargo-download matrix-sdk-base markdown ml-dsa anchor-lang hyper-staticfile time"
refresh_rustsec() {
  local md="$SNAPSHOTS/rustsec-advisory-db" osv="$SNAPSHOTS/rustsec-advisory-db-osv"
  local to="$DATA/rustsec"
  [[ -d "$md/crates" && -d "$osv/crates" ]] || {
    echo "refresh rustsec: $md/crates or $osv/crates is missing" >&2
    exit 4
  }
  rm -rf "$to/advisory-db" "$to/advisory-db-osv"
  mkdir -p "$to/advisory-db" "$to/advisory-db-osv/crates"
  cp "$md/LICENSE.txt" "$to/advisory-db/"
  (cd "$md" && find rust -type f -name '*.md' | sort) | while read -r f; do
    install -D -m 0644 "$md/$f" "$to/advisory-db/$f"
  done
  local i=0 f crate id
  while read -r f; do
    crate="$(basename "$(dirname "$f")")"
    i=$((i + 1))
    if [[ " $(echo $RUSTSEC_CRATES) " == *" $crate "* ]] || ((i % 8 == 0)); then
      install -D -m 0644 "$md/$f" "$to/advisory-db/$f"
      id="$(basename "$f" .md)"
      if [[ -f "$osv/crates/$id.json" ]]; then
        install -m 0644 "$osv/crates/$id.json" "$to/advisory-db-osv/crates/$id.json"
      fi
    fi
  done < <(cd "$md" && find crates -type f -name 'RUSTSEC-*.md' | LC_ALL=C sort)
  install -m 0644 "$osv/crates/RUSTSEC-2025-0000.json" "$to/advisory-db-osv/crates/"
  echo "rustsec: $(find "$to/advisory-db/crates" -name '*.md' | wc -l) crate advisories," \
    "$(find "$to/advisory-db/rust" -name '*.md' | wc -l) toolchain advisories," \
    "$(find "$to/advisory-db-osv/crates" -name '*.json' | wc -l) OSV records"
}

# cargo_vet: the [criteria.*] tables and the entries of the crates the tests name, from Mozilla's
# and Google's audits.toml, in file order, text unchanged; registry.toml whole.
VET_CRATES="semver time-core arrayref linked-hash-map audio_thread_priority serde itoa 0.7.11"
refresh_cargo_vet() {
  local from="$SNAPSHOTS/cargo-vet" to="$DATA/cargo-vet" f
  [[ -d "$from" ]] || { echo "refresh cargo_vet: $from is missing" >&2; exit 4; }
  command -v python3 >/dev/null || { echo "refresh cargo_vet: needs python3" >&2; exit 4; }
  mkdir -p "$to"
  for f in mozilla-audits.toml google-audits.toml; do
    python3 - "$from/$f" "$to/$f" $VET_CRATES <<'PY'
import re, sys
src, dst, crates = sys.argv[1], sys.argv[2], set(sys.argv[3:])
header = re.compile(r'^\[\[?(criteria|audits|wildcard-audits|trusted)\.("?)(.+?)\2\]\]?\s*$')
blocks, cur, in_str = [], None, False
for line in open(src, encoding="utf-8").read().split("\n"):
    m = None if in_str else header.match(line)
    if m or (not in_str and line.startswith("[")):
        cur = [m.group(1) if m else "", m.group(3) if m else "", [line]]
        blocks.append(cur)
    elif cur is not None:
        cur[2].append(line)
    if line.count('"""') % 2 == 1:
        in_str = not in_str
out = ["# A slice of " + src.rsplit("/", 1)[-1] + ": see README.md beside this file.", ""]
for table, name, lines in blocks:
    if table == "criteria" or name in crates:
        while lines and lines[-1] == "":
            lines.pop()
        out.extend(lines)
        out.append("")
open(dst, "w", encoding="utf-8").write("\n".join(out))
PY
    echo "cargo-vet/$f: $(grep -c '^\[\[audits\.' "$to/$f") audits," \
      "$(grep -c '^\[criteria\.' "$to/$f") criteria"
  done
  install -m 0644 "$from/registry.toml" "$to/registry.toml"
}

# crev: every signed proof file (*.proof.crev) of the dpc and kornelski proof repositories, with
# their folder layout (<CrevID>/reviews, <CrevID>/trust). Left out: the crevette exports
# (audits.toml, debian.toml, guix.toml, 1.5 MB, cargo-vet format) and known_cargo_owners.txt, which
# no test reads.
refresh_crev() {
  local repo
  for repo in dpc-crev-proofs kornelski-crev-proofs; do
    local from="$SNAPSHOTS/crev/$repo" to="$DATA/crev/$repo"
    [[ -d "$from" ]] || { echo "refresh crev: $from is missing" >&2; exit 4; }
    rm -rf "$to"
    mkdir -p "$to"
    (cd "$from" && find . -type f -name '*.proof.crev' -print0 | sort -z |
      xargs -0 -I{} install -D -m 0644 {} "$to/{}")
    echo "crev/$repo: $(find "$to" -name '*.proof.crev' | wc -l) proof files"
  done
}

sections=("$@")
if [[ ${#sections[@]} -eq 0 ]]; then
  mapfile -t sections < <(declare -F | awk '{print $3}' | sed -n 's/^refresh_//p')
fi
for s in "${sections[@]}"; do
  if ! declare -F "refresh_$s" >/dev/null; then
    echo "refresh: no section '$s' (have: $(declare -F | awk '{print $3}' | sed -n 's/^refresh_//p' | tr '\n' ' '))" >&2
    exit 4
  fi
  "refresh_$s"
done
