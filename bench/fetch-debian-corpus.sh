#!/usr/bin/env bash
# Downloads a deterministic sample of Debian librust-*-dev packages (no root install) and unpacks
# them under target/bench/debian/root; the crates are then in usr/share/cargo/registry/<name>-<version>.
# Usage: bench/fetch-debian-corpus.sh [COUNT]   (default 130 packages: every Nth name of the sorted list)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-130}"
dest="$here/target/bench/debian"
mkdir -p "$dest/debs" "$dest/root"
cd "$dest"
if [[ ! -s packages.all ]]; then
  apt-cache search --names-only '^librust-.*-dev$' | awk '{print $1}' | grep -v '+' | LC_ALL=C sort > packages.all
  if [[ ! -s packages.all ]]; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-cache search --names-only '^librust-.*-dev$' | awk '{print $1}' | grep -v '+' | LC_ALL=C sort > packages.all
  fi
fi
total=$(wc -l < packages.all)
step=$(( total / count )); (( step >= 1 )) || step=1
awk -v s="$step" -v c="$count" 'NR % s == 1 && n < c { print; n++ }' packages.all > packages.selected
cd debs
# One apt-get call for all packages not downloaded yet.
mapfile -t missing < <(while read -r p; do compgen -G "${p}_*.deb" >/dev/null || echo "$p"; done < ../packages.selected)
if (( ${#missing[@]} > 0 )); then
  apt-get download "${missing[@]}" >../download.log 2>&1 || {
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get download "${missing[@]}" >>../download.log 2>&1
  }
fi
for deb in *.deb; do dpkg-deb -x "$deb" ../root; done
ls ../root/usr/share/cargo/registry | wc -l
