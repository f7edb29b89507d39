#!/bin/sh
# Downloads a Debian librust-*-dev package with apt and unpacks it (no root, no install).
# Usage: scripts/fetch-debian-crate.sh PACKAGE DEST
# Leaves the .deb in DEST and the file tree under DEST/root; the crate is then at
# DEST/root/usr/share/cargo/registry/<name>-<version>.
set -eu
pkg="$1"
dest="$2"
mkdir -p "$dest"
cd "$dest"
if ! apt-get download "$pkg" >download.log 2>&1; then
  apt-get update >>download.log 2>&1 || true
  apt-get download "$pkg" >>download.log 2>&1
fi
dpkg-deb -x "$pkg"_*.deb root
