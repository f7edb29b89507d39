#!/bin/sh
# Regenerates real-cargo.lock with the real cargo: a workspace of two path crates, offline.
# Usage: sh generate-real.sh   (needs cargo on PATH; writes only into a mktemp folder and here)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/app/src" "$tmp/helper/src"
printf '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nhelper = { path = "../helper" }\n' > "$tmp/app/Cargo.toml"
printf '[package]\nname = "helper"\nversion = "0.2.0-beta.1"\nedition = "2021"\n' > "$tmp/helper/Cargo.toml"
: > "$tmp/app/src/main.rs"
: > "$tmp/helper/src/lib.rs"
(cd "$tmp/app" && CARGO_HOME="$tmp/cargo-home" cargo generate-lockfile --offline --quiet)
cp "$tmp/app/Cargo.lock" "$here/real-cargo.lock"
