#!/usr/bin/env bash
# The verdict regression corpus ("Verdicts that hold"): real Debian-packaged crates verified against
# local snapshots of their upstream repositories, compared with the expected verdicts written down
# in bench/verdict-corpus-expected.tsv; the table goes to bench/VERDICT-CORPUS.md.
#
# Usage: bench/verdict-corpus.sh --mirrors DIR [--packages DIR] [--jobs N] [--no-study] [--per-crate]
#   --mirrors DIR   root of the repository snapshots: DIR/OWNER+NAME/repo (bare) or .../repo/.git,
#                   matched case-insensitively to https://github.com/OWNER/NAME. Never committed.
#   --packages DIR  where the Debian packages are downloaded and unpacked (default target/debian-crates)
#   --jobs N        crates verified in parallel by the scan (default 2)
#   --no-study      skip timing the study's per-file method
#   --study-budget S  stop the study's method after S seconds (the ratio is then a lower bound)
#   --per-crate     also run `cratetrust verify --crate-dir ... --repo ...` once per crate (slow)
# Outputs in target/verdict-corpus/: vendor/ (copies of the crate folders), github/ (URL layout of
# symlinks to the mirrors), scan.json (one process), study.tsv, timing.txt, compare.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mirrors="" packages="$root/target/debian-crates" jobs=2 study=1 percrate=0 budget=0
while (( $# )); do
  case "$1" in
    --mirrors) mirrors="$2"; shift 2 ;;
    --packages) packages="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --no-study) study=0; shift ;;
    --study-budget) budget="$2"; shift 2 ;;
    --per-crate) percrate=1; shift ;;
    *) echo "verdict-corpus: unknown option '$1' (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$mirrors" && -d "$mirrors" ]] || { echo "verdict-corpus: --mirrors DIR is required and must be a directory (got '$mirrors')" >&2; exit 2; }
mirrors="$(cd "$mirrors" && pwd)"
expected="$root/bench/verdict-corpus-expected.tsv"
out="$root/target/verdict-corpus"
mkdir -p "$out"
log() { echo "verdict-corpus: $*" >&2; }

# 1. The Debian packages (idempotent).
mapfile -t names < <(tail -n +2 "$expected" | cut -f1)
"$root/scripts/debian-crates.sh" "$packages" "${names[@]}" >&2
registry="$packages/usr/share/cargo/registry"

# 2. A vendor folder with exactly the corpus crates, and the URL layout of the mirrors.
rm -rf "$out/vendor" "$out/github"
mkdir -p "$out/vendor" "$out/github"
: > "$out/mirrors.tsv"
missing=0
while IFS=$'\t' read -r crate version dir repo _; do
  [[ -d "$registry/$dir" ]] || { log "$dir: not unpacked in $registry"; missing=$((missing + 1)); continue; }
  # Debian's own folder name, which drops build metadata (zstd-0.12.1 holds 0.12.1+zstd.1.5.2).
  cp -r "$registry/$dir" "$out/vendor/$dir"
  url="$(sed -E 's#/tree/.*##; s#/+$##; s#\.git$##' <<<"$repo")"
  on="${url#https://github.com/}"; owner="${on%%/*}"; name="${on#*/}"
  m="$(find "$mirrors" -mindepth 1 -maxdepth 1 -iname "${owner}+${name}" | head -n 1)"
  if [[ -z "$m" ]]; then log "$crate: no mirror for $url under $mirrors"; continue; fi
  if [[ -d "$m/repo/.git" ]]; then m="$m/repo/.git"; else m="$m/repo"; fi
  printf '%s\t%s\n' "$url" "$m" >> "$out/mirrors.tsv"
  # GitHub paths are case-insensitive and cratetrust may lower-case them: both spellings.
  for o in "$owner" "${owner,,}"; do
    mkdir -p "$out/github/$o"
    for n in "$name" "$name.git" "${name,,}" "${name,,}.git"; do ln -sfn "$m" "$out/github/$o/$n"; done
  done
done < <(tail -n +2 "$expected")
sort -u -o "$out/mirrors.tsv" "$out/mirrors.tsv"
log "$(ls "$out/vendor" | wc -l) crates, $(wc -l < "$out/mirrors.tsv") repositories, $missing missing"

./cratetrust --version >/dev/null  # builds the jar outside the timing
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# 3. cratetrust: the whole corpus as a vendor folder in one process, fresh store and cache.
rm -rf "$out/scan-store"* "$out/scan-cache"
start=$(date +%s.%N)
./cratetrust scan --vendor-dir "$out/vendor" --git-rewrite "https://github.com/=$out/github/" \
  --db "$out/scan-store" --cache-dir "$out/scan-cache" --jobs "$jobs" > "$out/scan.log" 2>&1 || true
scan_s=$(echo "$(date +%s.%N) - $start" | bc)
./cratetrust report --db "$out/scan-store" --format json > "$out/scan.json" 2> "$out/report.log" || true
log "scan: ${scan_s}s"

# 4. The study's per-file method on the same crates and mirrors (git CLI, one process per step).
study_s=""
if (( study )); then
  start=$(date +%s.%N)
  "$root/bench/study-per-file.sh" "$out/vendor" "$out/mirrors.tsv" "$budget" > "$out/study.tsv" 2> "$out/study.log"
  study_s=$(echo "$(date +%s.%N) - $start" | bc)
  log "study method: ${study_s}s"
fi

# 5. Optional: one verify process per crate.
if (( percrate )); then
  mkdir -p "$out/verify"
  while IFS=$'\t' read -r crate version dir repo _; do
    url="$(sed -E 's#/tree/.*##; s#/+$##; s#\.git$##' <<<"$repo")"
    m="$(awk -F'\t' -v u="$url" 'tolower($1) == tolower(u) {print $2}' "$out/mirrors.tsv")"
    [[ -n "$m" ]] || continue
    ./cratetrust verify --crate-dir "$out/vendor/$dir" --repo "$m" --no-store \
      --cache-dir "$out/verify-cache" --format json > "$out/verify/$dir.json" 2> "$out/verify/$dir.err" || true
  done < <(tail -n +2 "$expected")
fi

{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(git rev-parse --short HEAD)"
  echo "nproc=$(nproc)"
  echo "cpu=$(lscpu | sed -n 's/^Model name: *//p')"
  echo "load=$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (1, 5, 15 min)"
  echo "crates=$(ls "$out/vendor" | wc -l)"
  echo "scan_seconds=$scan_s"
  echo "study_seconds=$study_s"
  echo "study_crates=$( [[ -s "$out/study.tsv" ]] && tail -n +2 "$out/study.tsv" | wc -l || echo 0)"
} > "$out/timing.txt"

python3 "$root/bench/verdict-corpus-compare.py" "$expected" "$root/bench/verdict-corpus-notes.tsv" \
  "$out" "$root/bench/VERDICT-CORPUS.md"
