#!/usr/bin/env bash
# The verify benchmark (issue 2): builds a corpus of real Debian-packaged crates with matching local
# bare repositories, then, in this one invocation, times cratetrust and the 2021 study's git-CLI
# method on it, whole-process and with JMH. Results go to target/bench/results/ (summary.md).
# Usage: bench/run.sh [--quick]   (--quick: fewer runs, shorter JMH iterations; for trying it out)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export JAVA_HOME="${CRATETRUST_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
java="$JAVA_HOME/bin/java"
quick=0; [[ "${1:-}" == "--quick" ]] && quick=1
bench="$root/target/bench"
out="$bench/results"
corpus="$bench/corpus"
scratch="$bench/scratch"
rm -rf "$out" "$scratch"
mkdir -p "$out" "$scratch"
log() { echo "bench: $*" >&2; }

log "building"
mvn -q -B -DskipTests -Dspotless.check.skip=true test-compile package >&2
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$bench/test-classpath.txt" >&2
cp="$root/target/test-classes:$root/target/classes:$(cat "$bench/test-classpath.txt")"
./cratetrust --version >/dev/null  # lets the launcher build or confirm its jar before any timing

if [[ ! -s "$corpus/corpus.tsv" ]]; then
  log "fetching Debian crates"
  "$root/bench/fetch-debian-corpus.sh" >&2
  log "building corpus"
  "$java" -cp "$cp" dev.cratetrust.bench.BenchCorpus \
    "$bench/debian/root/usr/share/cargo/registry" "$corpus" >&2
fi

# Machine and corpus facts.
{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
  echo "nproc=$(nproc)"
  echo "memory=$(free -h | awk '/^Mem:/{print $2}')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "java=$("$java" -version 2>&1 | head -1)"
  echo "git=$(git --version)"
  echo "hyperfine=$(hyperfine --version 2>/dev/null || echo none)"
  echo "corpus=$(awk -F'\t' '{n++; f+=$6; r+=$7; b+=$8} END {printf "%d crates, %d files (%d *.rs), %d bytes unpacked", n, f, r, b}' "$corpus/corpus.tsv")"
  echo "crate_bytes=$(cat "$corpus"/crates/*.crate | wc -c)"
} > "$out/machine.txt"

# (a) Warm single verify of a typical crate (the median by file count), whole process.
typical=$(sort -t$'\t' -k6,6n "$corpus/corpus.tsv" | awk -F'\t' -v m=$(( $(wc -l < "$corpus/corpus.tsv") / 2 + 1 )) 'NR==m')
t_name=$(cut -f1 <<<"$typical"); t_ver=$(cut -f2 <<<"$typical")
t_crate="$corpus/$(cut -f3 <<<"$typical")"; t_repo="$corpus/$(cut -f4 <<<"$typical")"
echo "typical=$t_name $t_ver, $(cut -f6 <<<"$typical") files, $(cut -f8 <<<"$typical") bytes" >> "$out/machine.txt"
verify_cmd="./cratetrust verify --crate-file $t_crate --repo $t_repo --no-store --cache-dir $scratch/verify-cache --format json"
$verify_cmd > "$out/verify-typical.json"  # fills the cache; exits 0 only for a gold star
runs=$(( quick ? 5 : 15 ))
# The same command with JDK 25's AOT cache (JEP 483/514), trained once on this verify; the launcher
# passes CRATETRUST_JAVA_OPTS through, and its classpath is jars only, as the AOT cache requires.
aot="$bench/cratetrust.aot"
rm -f "$aot"
# The launcher records its own AOT cache; these hand-made variants run with it off (CRATETRUST_AOT=0),
# so "default" below is the launcher as shipped.
CRATETRUST_AOT=0 CRATETRUST_JAVA_OPTS="-XX:AOTCacheOutput=$aot" $verify_cmd >/dev/null 2>"$out/aot-training.log"
wrap() {  # name java-opts: a launcher wrapper that sets CRATETRUST_JAVA_OPTS
  printf '#!/bin/sh\nCRATETRUST_AOT=0 CRATETRUST_JAVA_OPTS="%s" exec %s "$@"\n' "$2" "$root/cratetrust" > "$bench/$1"
  chmod +x "$bench/$1"
}
wrap cratetrust-aot "-XX:AOTCache=$aot"
# Also with C1 only and the serial GC: less JIT and GC work for one short run (not for long scans).
wrap cratetrust-aot-c1 "-XX:AOTCache=$aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
verify_args="${verify_cmd#./cratetrust }"
aot_cmd="$bench/cratetrust-aot $verify_args"
tuned_cmd="$bench/cratetrust-aot-c1 $verify_args"
if command -v hyperfine >/dev/null; then
  log "warm verify of $t_name $t_ver with hyperfine"
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$out/verify-warm.json" \
    -n default "$verify_cmd" -n aot-cache "$aot_cmd" -n aot-c1-serialgc "$tuned_cmd" >&2
  python3 - "$out/verify-warm.json" > "$out/verify-warm.txt" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    n = r["command"]
    print(f"{n}_median_s={r['median']:.3f}")
    print(f"{n}_mean_s={r['mean']:.3f}")
    print(f"{n}_min_s={r['min']:.3f}")
    print(f"{n}_max_s={r['max']:.3f}")
    print(f"{n}_user_s={r['user']:.3f}")
    print(f"{n}_runs={len(r['times'])}")
PY
else
  log "warm verify of $t_name $t_ver with a shell loop"
  : > "$out/verify-warm.txt"
  for variant in default aot-cache aot-c1-serialgc; do
    cmd=$verify_cmd; [[ $variant == aot-cache ]] && cmd=$aot_cmd; [[ $variant == aot-c1-serialgc ]] && cmd=$tuned_cmd
    for _ in 1 2; do $cmd >/dev/null; done
    for _ in $(seq "$runs"); do
      s=$(date +%s%N); $cmd >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
    done | sort -n > "$out/verify-warm-$variant-ms.txt"
    awk -v n="$variant" '{a[NR]=$1; t+=$1} END {printf "%s_median_s=%.3f\n%s_mean_s=%.3f\n%s_min_s=%.3f\n%s_max_s=%.3f\n%s_user_s=nan\n%s_runs=%d\n", n, a[int((NR+1)/2)]/1000, n, t/NR/1000, n, a[1]/1000, n, a[NR]/1000, n, n, NR}' \
      "$out/verify-warm-$variant-ms.txt" >> "$out/verify-warm.txt"
  done
fi

# (b) Corpus throughput, whole process (JVM start included), both methods, same corpus, same run.
whole() {  # label method threads: one JVM over the corpus; wall time, and CPU time of the JVM
  local label=$1 method=$2 threads=$3 dir="$scratch/$1"  # and of the git processes it waited for
  mkdir -p "$dir"
  log "whole-process corpus run: $label"
  local s e line
  s=$(date +%s%N)
  # The launcher's JIT setting (C1 only, as ./cratetrust runs every command), for both methods.
  line=$(/usr/bin/time -f '%U %S' -o "$dir/cpu" "$java" -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -cp "$cp" \
    dev.cratetrust.bench.VerifyCorpusMain "$corpus" "$method" "$threads" "$dir")
  e=$(date +%s%N)
  printf '%s\t%s\t%.3f\t%s\n' "$label" "$line" "$(echo "($e - $s) / 1000000000" | bc -l)" \
    "$(awk '{print $1 + $2}' "$dir/cpu")" >> "$out/whole-process.tsv"
}
: > "$out/whole-process.tsv"
whole study-1-thread study 1
whole study-2-threads study 2
whole cratetrust-cold-2-threads cratetrust 2      # empty cache: fetches every commit from its bare repo
mkdir -p "$scratch/cratetrust-warm-2-threads" "$scratch/cratetrust-warm-1-thread"
cp -r "$scratch/cratetrust-cold-2-threads/cache" "$scratch/cratetrust-warm-2-threads/cache"
cp -r "$scratch/cratetrust-cold-2-threads/cache" "$scratch/cratetrust-warm-1-thread/cache"
whole cratetrust-warm-2-threads cratetrust 2
whole cratetrust-warm-1-thread cratetrust 1

# (c) JMH, in-process, warm cache for cratetrust; the study's method on the same corpus.
log "JMH"
jmh_opts=()
(( quick )) && jmh_opts=(-wi 0 -i 1 -r 5s)
# jmh.ignoreLock: other projects' JMH runs on this shared machine hold /tmp/jmh.lock.
"$java" -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main 'dev.cratetrust.bench.VerifyBenchmark' \
  -jvmArgsAppend "-Dcratetrust.bench.corpus=$corpus" -rf json -rff "$out/jmh.json" "${jmh_opts[@]}" \
  > "$out/jmh.txt"
echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); finished $(date -u +%H:%M:%SZ)" >> "$out/machine.txt"
rm -rf "$scratch"
python3 "$root/bench/summarize.py" "$out" > "$out/summary.md"
cat "$out/summary.md"
