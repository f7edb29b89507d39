#!/usr/bin/env bash
# Replaces the vendored axe-core (src/test/resources/web/axe) with VERSION from the npm registry.
set -euo pipefail
version="${1:?usage: scripts/refresh-axe-core.sh VERSION}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
dest=src/test/resources/web/axe
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$work/package/LICENSE-3RD-PARTY.txt" "$dest/"
sha256sum "$work/axe-core-$version.tgz" "$dest/axe.min.js"
echo "update $dest/README.md with version $version and the checksums above"
