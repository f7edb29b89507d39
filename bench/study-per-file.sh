#!/usr/bin/env bash
# The 2021 study's per-file method (crate_inspector.py do_verify; /work/shared/brief/provenance.md
# §1) with the git CLI, on unpacked crate folders and local repository snapshots: in a fresh
# directory `git init`, `git remote add origin URL`, `git fetch -q -t --depth=1 origin SHA1`,
# `git tag --points-at SHA1` matched against V, vV, name-V, name-vV; for every *.rs file the blob id
# (and the CRLF-to-LF form when the data holds CRLF) and `git cat-file -e ID`; on any failure
# `git clone -q --bare URL` and the blob search again. It checks less than cratetrust (only *.rs,
# anywhere in the history); it is the timing baseline, not a verdict.
# Usage: bench/study-per-file.sh VENDOR_DIR MIRRORS_TSV [BUDGET_SECONDS] > result.tsv
#   MIRRORS_TSV: url TAB path. With a budget it stops starting crates once the budget is spent (the
#   rows written say how many crates it covered).
set -uo pipefail
vendor="$1" map="$2" budget="${3:-0}"
started=$(date +%s)
export GIT_TERMINAL_PROMPT=0
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
declare -A mirror=()
while IFS=$'\t' read -r u p; do mirror["${u,,}"]="$p"; done < "$map"

blobs_ok() {  # dir: every *.rs file's blob (or its LF form) is in the repository's object database
  local crate="$1" f id
  while IFS= read -r -d '' f; do
    id=$(git hash-object --no-filters "$f")
    if ! git cat-file -e "$id" 2>/dev/null; then
      if grep -q $'\r' "$f"; then
        id=$(sed 's/\r$//' "$f" | git hash-object --no-filters --stdin)
        git cat-file -e "$id" 2>/dev/null || return 1
      else
        return 1
      fi
    fi
  done < <(find "$crate" -path "$crate/debian" -prune -o -name '*.rs' -type f -print0)
}

printf 'dir\tresult\ttag\tseconds\n'
for crate in "$vendor"/*/; do
  crate="${crate%/}"; dir="$(basename "$crate")"
  if (( budget > 0 && $(date +%s) - started >= budget )); then break; fi
  t0=$(date +%s.%N)
  name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$crate/Cargo.toml" | head -n 1)
  version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$crate/Cargo.toml" | head -n 1)
  url=$(sed -n 's/^repository *= *"\(.*\)"/\1/p' "$crate/Cargo.toml" | head -n 1 | sed -E 's#/tree/.*##; s#/+$##; s#\.git$##')
  repo="${mirror[${url,,}]:-}"
  sha=$(sed -n 's/.*"sha1": *"\([0-9a-f]*\)".*/\1/p' "$crate/.cargo_vcs_info.json" 2>/dev/null | head -n 1)
  result="" tag=""
  if [[ -z "$repo" ]]; then
    result="no-mirror"
  else
    work="$scratch/$dir"; mkdir -p "$work"; cd "$work"
    git init -q . && git remote add origin "file://$repo"
    ok=0
    if [[ -n "$sha" ]] && git fetch -q -t --depth=1 origin "$sha" </dev/null 2>/dev/null; then
      for t in $(git tag --points-at "$sha"); do
        case "$t" in "$version"|"v$version"|"$name-$version"|"$name-v$version") tag="$t" ;; esac
      done
      blobs_ok "$crate" && ok=1
    fi
    if (( ok == 0 )); then
      cd "$scratch" && rm -rf "$work" && mkdir -p "$work" && cd "$work"
      if git clone -q --bare "file://$repo" . </dev/null 2>/dev/null; then
        if blobs_ok "$crate"; then result="blobs-found-after-clone"; else result="blobs-missing"; fi
      else
        result="clone-failed"
      fi
    else
      result="blobs-found"
    fi
    [[ -z "$sha" ]] && result="no-vcs-info;$result"
    cd "$scratch" && rm -rf "$work"
  fi
  printf '%s\t%s\t%s\t%s\n' "$dir" "$result" "${tag:--}" "$(echo "$(date +%s.%N) - $t0" | bc)"
done
