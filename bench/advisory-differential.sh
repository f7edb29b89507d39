#!/usr/bin/env bash
# Differential run of advisory matching on a full RustSec snapshot: every advisory of the
# advisory-db, imported and matched as `check` does, against the OSV export of the same database
# read by the independent oracle src/test/python/osv_oracle.py (AdvisoryOsvDifferentialTest).
# Usage: bench/advisory-differential.sh SNAPSHOT_DIR [OUT.md]
#   SNAPSHOT_DIR holds rustsec-advisory-db/ (markdown, branch main) and rustsec-advisory-db-osv/
#   (branch osv) of the same date. Writes the counts to OUT.md (default bench/ADVISORY-DIFFERENTIAL.md).
set -uo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || ! -d "$1/rustsec-advisory-db" || ! -d "$1/rustsec-advisory-db-osv" ]]; then
  echo "usage: $0 SNAPSHOT_DIR [OUT.md]  (SNAPSHOT_DIR/rustsec-advisory-db and SNAPSHOT_DIR/rustsec-advisory-db-osv)" >&2
  exit 4
fi
snapshot="$(cd "$1" && pwd)"
out="${2:-bench/ADVISORY-DIFFERENTIAL.md}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
rm -f target/advisory-differential.md
commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
git diff --quiet HEAD -- . ":(exclude)$out" 2>/dev/null || commit="$commit (with local changes)"
start=$(date +%s)
mvn -q -B -Dspotless.check.skip=true -Dtest=AdvisoryOsvDifferentialTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dadvisory.differential.snapshot="$snapshot" test \
  >target/advisory-differential.log 2>&1
rc=$?
end=$(date +%s)
[[ -f target/advisory-differential.md ]] || { echo "no report; see target/advisory-differential.log" >&2; exit 3; }
{
  echo "# Advisory matching against the OSV export (full snapshot)"
  echo
  echo "Run: \`bench/advisory-differential.sh SNAPSHOT_DIR\` on $(date -u +%Y-%m-%d), commit $commit," \
    "$((end - start)) s."
  echo "The oracle (\`src/test/python/osv_oracle.py\`) reads only the OSV records to decide what is"
  echo "affected; the markdown advisories only give it candidate versions. The matcher side imports the"
  echo "markdown advisories into a store and asks it what \`check\` asks. Snapshot folders are named by"
  echo "the path given; their upstream commits are in the snapshot's own README."
  echo
  echo "Test result: $([[ $rc -eq 0 ]] && echo 'no disagreement' || echo "disagreements (exit $rc)")"
  echo
  sed "s#$snapshot/##g" target/advisory-differential.md
} >"$out"
cat "$out"
exit $rc
