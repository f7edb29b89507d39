#!/usr/bin/env bash
# Measures whole-process start-up of the launcher: `--version`, a warm `verify` of a small crate
# (repository already in the cache) and `check` of a 600-package Cargo.lock against a store synced
# from the RustSec advisory-db. Prints medians of wall time and of CPU time (user+sys) as a
# markdown table; runs of the compared variants are interleaved so they share the machine's load.
#
# Usage: bench/startup.sh [RUNS]            (default 7; needs git and cargo)
#   BASELINE=/path/to/other/checkout   also measure that checkout's ./cratetrust ("before")
#   ADVISORY_DB=DIR                    advisory-db checkout (default: the committed test slice
#                                      src/test/resources/data/rustsec/advisory-db; give a full
#                                      checkout to reproduce the committed numbers)
# Everything it creates lives in target/bench-startup/ (of this checkout).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
advisory_db="${ADVISORY_DB:-$here/src/test/resources/data/rustsec/advisory-db}"
work="$here/target/bench-startup"
rm -rf "$work" && mkdir -p "$work"

echo "## Machine"
{
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- cpus: $(nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "- memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
  echo "- jdk: $(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "${CRATETRUST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/release") $(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "${CRATETRUST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/release")"
  echo "- load before: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# A one-commit crate and its bare repository, packaged by cargo (the brief's recipe).
(
  cd "$work"
  git init -q -b main demo && cd demo
  cargo init -q --lib --name demo --vcs none
  sed -i 's|^edition.*|&\nrepository = "https://example.invalid/demo"\ndescription = "demo"\nlicense = "MIT"|' Cargo.toml
  git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm demo
  git tag v0.1.0 && git clone -q --bare . ../demo.git
  cargo package -q --offline --no-verify --allow-dirty >/dev/null 2>&1
)
crate="$work/demo/target/package/demo-0.1.0.crate"
"$here/bench/gen-startup-lock.sh" 600 "$advisory_db" >"$work/Cargo.lock" || [[ $? == 141 ]]

declare -A launcher=([after]="$here/cratetrust" [after-no-aot]="$here/cratetrust")
variants=(after after-no-aot)
if [[ -n "${BASELINE:-}" ]]; then
  launcher[before]="$BASELINE/cratetrust"
  variants=(before "${variants[@]}")
fi
env_of() { [[ "$1" == after-no-aot ]] && echo CRATETRUST_AOT=0 || echo CRATETRUST_AOT=1; }

for v in "${variants[@]}"; do
  # Build, record caches, fill the git cache and the store once; not measured.
  env "$(env_of "$v")" "${launcher[$v]}" --version >/dev/null 2>&1
  env "$(env_of "$v")" "${launcher[$v]}" verify --crate-file "$crate" --repo "$work/demo.git" \
    --cache-dir "$work/cache-$v" --db "$work/store-$v" --format json >/dev/null 2>&1 || true
  env "$(env_of "$v")" "${launcher[$v]}" sync --advisory-db "$advisory_db" --db "$work/trust-$v" >/dev/null 2>&1 || true
done

scenario_args() {
  case "$1" in
    version) echo "--version" ;;
    verify) echo "verify --crate-file $crate --repo $work/demo.git --cache-dir $work/cache-$2 --db $work/store-$2 --format json" ;;
    check) echo "check $work/Cargo.lock --db $work/trust-$2 --offline --format json" ;;
  esac
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo
echo "| command | variant | median wall s | median CPU s (user+sys) | runs |"
echo "|---|---|---|---|---|"
for s in version verify check; do
  for ((i = 0; i < runs; i++)); do
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2046
      /usr/bin/time -f "%e %U %S" -o "$work/t" env "$(env_of "$v")" "${launcher[$v]}" $(scenario_args "$s" "$v") >/dev/null 2>"$work/err" || true
      read -r wall user sys < <(tail -n 1 "$work/t") # after a "Command exited with ..." line
      echo "$wall" >>"$work/wall-$s-$v"
      echo "$user $sys" | awk '{print $1 + $2}' >>"$work/cpu-$s-$v"
    done
  done
  for v in "${variants[@]}"; do
    echo "| \`$s\` | $v | $(median <"$work/wall-$s-$v") | $(median <"$work/cpu-$s-$v") | $runs |"
  done
done
echo
echo "- load after: $(cut -d' ' -f1-3 /proc/loadavg)"
