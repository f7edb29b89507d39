#!/usr/bin/env bash
# Web benchmark: fills a store with 10,000 crates (committed generator WebBenchStore, through the store
# API), starts `cratetrust serve` as its own process, and loads it from a second process (wrk) on loopback:
# badge SVG, crate page and API crate JSON, each with a random crate per request. Prints the figures,
# the load average during each run and the server's RSS after the runs.
# Usage: bench/web.sh [CRATES] [SECONDS]   (needs wrk: apt-get install -y wrk)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crates="${1:-10000}"
secs="${2:-20}"
command -v wrk >/dev/null || { echo "bench/web.sh needs wrk (apt-get install -y wrk)" >&2; exit 3; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
work="$here/target/bench-web"
rm -rf "$work" && mkdir -p "$work"
cd "$here"
"$here/cratetrust" --version >/dev/null          # builds target/cratetrust.jar and target/lib
mvn -q -B -Dspotless.check.skip=true test-compile >&2
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:target/lib/*" \
  dev.cratetrust.testing.WebBenchStore "$work/store" "$crates"

# a long-running server: C2 on (the launcher stops at C1 for short CLI runs)
CRATETRUST_JAVA_OPTS="-XX:TieredStopAtLevel=4" "$here/cratetrust" serve --port 0 --db "$work/store" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [[ -s "$work/serve.out" ]] && break
  sleep 0.2
done
url="$(head -n 1 "$work/serve.out")"
url="${url%/}"
pid="$(pgrep -P "$server" java || echo "$server")"   # the launcher may exec or fork java
echo "server $url (pid $pid), $(nproc) cores, $(date -u +%FT%TZ)"

lua() {   # a wrk script asking for a random crate per request: $1 is a printf pattern for the path
  cat >"$work/$2.lua" <<LUA
math.randomseed(7)
request = function()
  local i = math.random(0, $((crates - 1)))
  return wrk.format("GET", string.format("$1", i, i))
end
LUA
}
lua "/badge/bench-%05d.svg" badge
lua "/crates/bench-%05d" page
lua "/api/v1/crates/bench-%05d" api

run() {   # name target-rps target-p99-ms
  wrk -t2 -c32 -d5s -s "$work/$1.lua" "$url" >/dev/null      # warm-up
  local out load
  out="$(wrk -t2 -c32 -d"${secs}s" --latency -s "$work/$1.lua" "$url")"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  local rps p99 non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  echo "$1: ${rps} req/s, p99 ${p99}, non-2xx ${non2xx:-0}, load average after run ${load} (target ≥ $2 req/s${3:+, p99 < $3 ms})"
  echo "$out" | sed 's/^/    /'
}
run badge 5000 20
run page 1000
run api 2000
echo "server RSS after the runs: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
