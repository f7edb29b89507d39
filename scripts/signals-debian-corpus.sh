#!/usr/bin/env bash
# Downloads Debian-packaged Rust crates (librust-*-dev) and unpacks their crate sources into
# target/debian-signals/crates/<name>-<version>/ for the signals false-positive corpus.
# Usage: scripts/signals-debian-corpus.sh [popular|corpus]   (default: corpus)
#   popular: the few ordinary crates that SignalsDebianCratesTest asserts collect no warnings
#   corpus:  those plus a deterministic sample (every 9th librust-*-dev package), about 200 crates
# Needs apt-get (runs 'apt-get update' when the package lists are missing). Writes only under
# target/debian-signals/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/debian-signals
mkdir -p "$out/debs" "$out/crates"
popular=(libc serde serde-derive serde-json log proc-macro2 quote syn memchr bitflags cfg-if
  once-cell lazy-static itoa ryu anyhow thiserror thiserror-impl smallvec bytes autocfg
  version-check cc pkg-config hashbrown indexmap regex rand flate2 ring)
notable=(openssl-sys libz-sys zstd-sys bzip2-sys lzma-sys libgit2-sys curl-sys ring tokio
  tokio-macros futures rustversion paste proc-macro-error pin-project-internal)
mode=${1:-corpus}
pkgs=()
for n in "${popular[@]}"; do pkgs+=("librust-$n-dev"); done
if [ "$mode" = corpus ]; then
  for n in "${notable[@]}"; do pkgs+=("librust-$n-dev"); done
  while read -r p; do pkgs+=("$p"); done < <(apt-cache pkgnames librust- | grep -- '-dev$' \
    | grep -v '+' | LC_ALL=C sort | awk 'NR % 9 == 0')
fi
cd "$out/debs"
if ! apt-cache show librust-libc-dev >/dev/null 2>&1; then
  apt-get update -q >/dev/null 2>&1 || true
fi
for p in $(printf '%s\n' "${pkgs[@]}" | LC_ALL=C sort -u); do
  if ! ls "${p}"_*.deb >/dev/null 2>&1; then
    apt-get download -q "$p" >/dev/null 2>&1 || echo "skipped $p (download failed)" >&2
  fi
done
cd - >/dev/null
for deb in "$out"/debs/*.deb; do
  tmp=$(mktemp -d "$out/x.XXXXXX")
  dpkg-deb -x "$deb" "$tmp"
  for d in "$tmp"/usr/share/cargo/registry/*/; do
    [ -d "$d" ] || continue
    name=$(basename "$d")
    [ -e "$out/crates/$name" ] || mv "$d" "$out/crates/$name"
  done
  rm -rf "$tmp"
done
ls "$out/crates" | wc -l
