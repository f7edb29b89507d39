#!/usr/bin/env bash
# Benchmark of the trust commands, each measured as a whole process through ./cratetrust (JVM start
# included), median of RUNS runs (default 5):
#   1. sync: import the real RustSec advisory-db snapshot and the Mozilla and Google cargo-vet audit
#      files into a fresh embedded (H2) store;
#   2. check --offline on a generated 600-dependency Cargo.lock (bench/gen-cargo-lock.sh, names from
#      the advisory DB) against the warm store, with the default policy and with a stricter policy
#      (gold star + safe-to-deploy from the stored audit sources).
# Each run reports wall time and CPU time (user + sys of the whole process, all threads): on a shared
# machine wall time depends on the load, CPU time much less.
# Prints a Markdown report on stdout. Data: DATA_DIR holds rustsec-advisory-db/ and cargo-vet/
# (full snapshots; CRATETRUST_DATA is read when no argument is given).
# Usage: bench/trust.sh DATA_DIR [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
data="${1:-${CRATETRUST_DATA:-}}"
[[ -n "$data" ]] || { echo "usage: bench/trust.sh DATA_DIR [RUNS]" >&2; exit 4; }
runs="${2:-${RUNS:-5}}"
deps="${DEPS:-600}"
ct="$root/cratetrust"
for f in "$data/rustsec-advisory-db/crates" "$data/cargo-vet/mozilla-audits.toml" "$data/cargo-vet/google-audits.toml"; do
  [[ -e "$f" ]] || { echo "trust.sh: missing $f (give DATA_DIR)" >&2; exit 4; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/cratetrust-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$ct" --version >/dev/null # builds the jar first if sources changed, outside the timings
"$here/gen-cargo-lock.sh" "$data/rustsec-advisory-db" "$deps" >"$work/Cargo.lock"
"$here/gen-cargo-lock.sh" "$data/rustsec-advisory-db" 1 >"$work/One.lock"
printf '[provenance]\nrequire = "gold-star"\n[audits]\ncriteria = "safe-to-deploy"\n' >"$work/strict.toml"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2))}'; }

# run_timed OK_CODES... -- CMD...: prints "WALL_MS CPU_MS"; fails unless the exit code is in OK_CODES
run_timed() {
  local ok=() code start end cpu
  while [[ "$1" != "--" ]]; do ok+=("$1"); shift; done
  shift
  start=$(now_ms)
  set +e
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$@" >"$work/out" 2>"$work/err"
  code=$?
  set -e
  end=$(now_ms)
  if [[ ! " ${ok[*]} " =~ " $code " ]]; then
    echo "trust.sh: '$*' exited $code" >&2
    cat "$work/err" >&2
    exit 3
  fi
  cpu=$(tail -1 "$work/cpu" | awk '{printf "%d", ($1 + $2) * 1000}')
  echo "$((end - start)) $cpu"
}

# row LABEL "WALL CPU"...: one table row with the medians and every run
row() {
  local label="$1"
  shift
  local walls cpus
  walls="$(printf '%s\n' "$@" | cut -d' ' -f1)"
  cpus="$(printf '%s\n' "$@" | cut -d' ' -f2)"
  echo "| $label | $(median <<<"$walls") | $(median <<<"$cpus") | $(echo $walls) | $(echo $cpus) |"
}

sync_once() {
  rm -rf "$work/store"
  run_timed 0 -- "$ct" sync --advisory-db "$data/rustsec-advisory-db" \
    --vet-audits "mozilla=$data/cargo-vet/mozilla-audits.toml" \
    --vet-audits "google=$data/cargo-vet/google-audits.toml" \
    --db "$work/store/db" --cache-dir "$work/cache"
}

echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "- machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
echo "- java: $("${CRATETRUST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1)"
echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' (with local changes)')"
echo "- load average before: $(load)"
echo "- lockfile: $(grep -c '^\[\[package\]\]' "$work/Cargo.lock") packages; $runs runs per measurement"
echo
sync_ms=()
for ((i = 0; i < runs; i++)); do sync_ms+=("$(sync_once)"); done
sync_out="$(cat "$work/out")"
default_ms=()
strict_ms=()
one_ms=()
for ((i = 0; i < runs; i++)); do
  one_ms+=("$(run_timed 0 20 -- "$ct" check "$work/One.lock" --db "$work/store/db" --offline --format json)")
done
for ((i = 0; i < runs; i++)); do
  default_ms+=("$(run_timed 0 20 -- "$ct" check "$work/Cargo.lock" --db "$work/store/db" --offline --format json)")
done
failing="$(grep -o '"failingPackages" : [0-9]*' "$work/out" | grep -o '[0-9]*$')"
for ((i = 0; i < runs; i++)); do
  strict_ms+=("$(run_timed 0 20 -- "$ct" check "$work/Cargo.lock" --db "$work/store/db" --offline --format json --policy "$work/strict.toml")")
done
echo "| measurement | median wall ms | median CPU ms | wall ms per run | CPU ms per run |"
echo "|---|---:|---:|---|---|"
row "sync advisory-db + 2 vet files into a fresh store" "${sync_ms[@]}"
row "check --offline, 1 dep (JVM start + store open + audit files parsed)" "${one_ms[@]}"
row "check --offline, $deps deps, default policy ($failing failing packages)" "${default_ms[@]}"
row "check --offline, $deps deps, gold-star + safe-to-deploy policy" "${strict_ms[@]}"
echo
echo "- load average after: $(load)"
echo "- sync output of the last run:"
echo
echo '```'
echo "$sync_out"
echo '```'
