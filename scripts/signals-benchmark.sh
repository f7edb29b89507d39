#!/usr/bin/env bash
# Runs SignalsBenchmark (JMH) and writes bench/SIGNALS.md with machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -q -B -Dspotless.check.skip=true -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
out=target/signals-benchmark.txt
"$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main 'SignalsBenchmark' -rf text -rff "$out" >target/signals-benchmark.log 2>&1
mkdir -p docs
{
  echo "# Signals and diff benchmark"
  echo
  echo "Run by \`scripts/signals-benchmark.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), machine \`$(hostname)\`"
  echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), shared with other builds;"
  echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1))."
  echo
  echo "Targets: signals for a typical crate under 100 ms; diff of two versions of a 1,000+ file crate under 2 s."
  echo "Typical crate: 62 files (60 Rust modules of 250 lines, build script probing rustc, an 8 KiB binary in tests/)."
  echo "Large crate: 1,202 files (1,200 modules of 120 lines), 60 modules changed between the versions."
  echo
  echo '```'
  cat "$out"
  echo '```'
} > bench/SIGNALS.md
cat bench/SIGNALS.md
