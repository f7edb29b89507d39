#!/usr/bin/env bash
# Downloads Debian's packaged Rust crates (librust-*-dev) and unpacks them under DEST, so corpus
# tests can read real crate sources from /usr/share/cargo/registry/<name>-<version>/ inside DEST.
#
# Usage: scripts/debian-crates.sh [DEST] [CRATE...]
#   DEST    defaults to target/debian-crates (relative to the project root)
#   CRATE   crate names to fetch instead of the built-in list (e.g. serde_derive)
#
# Idempotent: a package already unpacked (marker DEST/.unpacked/<package>_<version>) is skipped.
# Names that Debian does not package are printed and skipped. Needs apt-get and dpkg-deb; runs
# `apt-get update` once when the package lists are empty (as root).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$here/target/debian-crates}
shift || true

# Popular crates.io crates, chosen to cover build scripts (libc, ring, openssl-sys, zstd-sys),
# proc macros (serde_derive, thiserror-impl, clap_derive, pest_derive), large test data (ring,
# encoding_rs, gimli, insta) and workspaces published as several crates.
default_crates=(
  serde serde_derive serde_json syn proc-macro2 quote libc rand rand_core log regex regex-syntax
  memchr bitflags cfg-if itoa ryu once_cell lazy_static either anyhow thiserror thiserror-impl
  autocfg unicode-ident hashbrown indexmap smallvec byteorder base64 hex sha2 digest
  generic-array typenum num-traits num-integer chrono time tokio bytes futures futures-core
  futures-util pin-project-lite mio slab parking_lot parking_lot_core lock_api scopeguard
  crossbeam-utils crossbeam-channel crossbeam-epoch crossbeam-deque rayon rayon-core memoffset
  clap clap_derive clap_lex strsim heck atty termcolor env_logger humantime aho-corasick bstr
  encoding_rs flate2 miniz_oxide adler crc32fast zstd-sys zstd tar walkdir same-file glob
  tempfile fastrand rustix linux-raw-sys errno getrandom ppv-lite86 rand_chacha url idna
  percent-encoding form_urlencoded unicode-normalization unicode-bidi tinyvec http httparse h2
  hyper tower-service want try-lock socket2 tracing tracing-core tracing-attributes toml
  serde_yaml indoc paste static_assertions semver version_check cc pkg-config openssl-sys
  openssl ring cpufeatures subtle zeroize nom memmap2 nix libloading bindgen clang-sys shlex
  which home dirs unicode-width unicode-segmentation textwrap ansi_term console indicatif
  regex-automata fnv ahash siphasher phf phf_shared uuid md5 sha1 blake3 hmac jobserver object
  gimli addr2line backtrace rustc-demangle serde_bytes bincode png image libz-sys bzip2 xz2
  lzma-sys async-trait derive_more strum strum_macros itertools arrayvec ucd-trie pest
  pest_derive pest_meta minimal-lexical num_cpus pretty_assertions similar insta criterion
)
if [ $# -gt 0 ]; then crates=("$@"); else crates=("${default_crates[@]}"); fi

for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "debian-crates: '$tool' not found: needs a Debian-based system" >&2; exit 3; }
done

start=$(date +%s)
mkdir -p "$dest/debs" "$dest/.unpacked"
dest=$(cd "$dest" && pwd)

available() { apt-cache search --names-only '^librust-.*-dev$' | awk '{print $1}'; }
known=$(available)
if [ -z "$known" ]; then
  echo "debian-crates: package lists empty, running apt-get update"
  apt-get update -qq
  known=$(available)
fi
[ -n "$known" ] || { echo "debian-crates: apt knows no librust-*-dev package" >&2; exit 3; }

declare -A exists=()
while read -r p; do exists[$p]=1; done <<<"$known"

missing=() present=()
for c in "${crates[@]}"; do
  pkg=${c//_/-}
  pkg="librust-${pkg,,}-dev"
  if [ -z "${exists[$pkg]:-}" ]; then missing+=("$c"); echo "debian-crates: no Debian package for crate '$c' ($pkg), skipped"; continue; fi
  present+=("$pkg")
done

# Candidate versions of all packages in one apt-cache call.
declare -A candidate=()
if [ ${#present[@]} -gt 0 ]; then
  while read -r p v; do candidate[$p]=$v; done < <(apt-cache policy "${present[@]}" |
    awk '/^[^ ].*:$/{p=substr($0, 1, length($0) - 1)} /^  Candidate:/{print p, $2}')
fi
skipped=0 wanted=()
for pkg in "${present[@]}"; do
  ver=${candidate[$pkg]:-unknown}
  if [ -e "$dest/.unpacked/${pkg}_${ver//:/%3a}" ]; then skipped=$((skipped + 1)); continue; fi
  wanted+=("$pkg")
done

downloaded=0 failed=()
if [ ${#wanted[@]} -gt 0 ]; then
  cd "$dest/debs"
  # One apt-get call for all (fast); on failure retry one by one so one bad package cannot block the rest.
  if ! apt-get download -qq "${wanted[@]}" 2>/dev/null; then
    for p in "${wanted[@]}"; do
      ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -qq "$p" || { failed+=("$p"); echo "debian-crates: download of $p failed, skipped"; }
    done
  fi
  for p in "${wanted[@]}"; do
    for deb in "${p}"_*.deb; do
      [ -e "$deb" ] || continue
      ver=$(dpkg-deb -f "$deb" Version)
      dpkg-deb -x "$deb" "$dest"
      : >"$dest/.unpacked/${p}_${ver//:/%3a}"
      downloaded=$((downloaded + 1))
    done
  done
fi

registry="$dest/usr/share/cargo/registry"
dirs=$(find "$registry" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l)
echo "debian-crates: ${#crates[@]} requested, $downloaded unpacked now, $skipped already present," \
  "${#missing[@]} not packaged by Debian, ${#failed[@]} failed; $dirs crate dirs in $registry" \
  "($(($(date +%s) - start)) s)"
