#!/usr/bin/env bash
# Refreshes the slices of real data under src/test/resources/data/ from full snapshots.
# Usage: scripts/refresh-test-data.sh SNAPSHOT_DIR [SECTION...]
#   SNAPSHOT_DIR holds the full upstream copies (crev/dpc-crev-proofs, crev/kornelski-crev-proofs, ...);
#   SECTION is one of the refresh_* functions below without the prefix (default: all of them).
# After a refresh, update the commit and date in the README.md beside each slice (e.g. src/test/resources/data/crev/README.md) and rerun the
# tests that read the slices: their expected numbers are counted from the files, not hard-coded.
set -euo pipefail

if [[ $# -lt 1 || ! -d "$1" ]]; then
  echo "usage: $0 SNAPSHOT_DIR [SECTION...]  (SNAPSHOT_DIR: folder with the full snapshots)" >&2
  exit 4
fi
SNAPSHOTS="$(cd "$1" && pwd)"
shift
DATA="$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/data"

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
