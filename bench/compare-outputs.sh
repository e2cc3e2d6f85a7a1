#!/bin/bash
# The differential check of a change to the engine: two builds of duly, the same inputs, the
# same bytes out (stdout, stderr and exit status), on every example and on generated data sets.
#
#   bench/compare-outputs.sh OLD_DULY NEW_DULY [DATA_DIR ...]
#
# OLD_DULY is a build of the commit before (git worktree add /tmp/old <commit>; swift build -c
# release there); NEW_DULY is usually .build/release/duly. Each DATA_DIR (from `duly-bench
# generate`) gets due and findings in every format and explain of a few students and a school
# in both languages. Prints one line per comparison and exits 1 if any differs.
#
# One difference is expected and taken out before comparing: `explain` reads only its subject's
# rows (docs/case-data.md, "Explaining one subject"), so its bad-row count says so, in NEW's
# stderr only ("… skipped (only the rows of `X` were read)"). Set OLD_FOCUSED=1 when OLD is a
# build that says it too.
#
# OLD_POLICY: the policy tree OLD reads (default: the working tree's policies/), for an OLD that
# cannot read today's files (`git archive OLD_COMMIT policies | tar -x -C /tmp/old`).
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 OLD_DULY NEW_DULY [DATA_DIR ...]" >&2
  exit 2
fi
OLD=$1 NEW=$2
shift 2
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
run() {
  local name=$1
  shift
  local old_args=()
  for arg in "$@"; do
    if [ "$arg" = policies ] && [ -n "${OLD_POLICY:-}" ]; then old_args+=("$OLD_POLICY"); else old_args+=("$arg"); fi
  done
  "$OLD" "${old_args[@]}" >"$out/a.out" 2>"$out/a.err"; local a=$?
  "$NEW" "$@" >"$out/b.out" 2>"$out/b.err"; local b=$?
  if [ "${OLD_FOCUSED:-0}" != 1 ] && [ "$1" = explain ]; then
    sed -i -e 's/ skipped (only the rows of `.*` were read)$/ skipped/' -e 's/行有误的数据(只读取了 `.*` 的数据行)$/行有误的数据/' "$out/b.err"
  fi
  if [ $a != $b ] || ! cmp -s "$out/a.out" "$out/b.out" || ! cmp -s "$out/a.err" "$out/b.err"; then
    echo "DIFFERS  $name (exit $a / $b)"
    fail=1
  else
    echo "same     $name"
  fi
}
for ex in examples/*/; do
  for c in due findings; do
    for day in 2024-10-10 2025-01-10 2025-07-01; do
      run "$ex $c $day" $c --policy policies --data "$ex" --as-of $day --format json
    done
  done
  for s in $(sed -n 2,6p "$ex/students.csv" | cut -d, -f1); do
    run "$ex explain $s" explain "$s" --policy policies --data "$ex" --as-of 2025-01-10 --lang zh
  done
done
for d in "$@"; do
  for c in due findings; do
    for f in json csv text; do
      run "$d $c $f" $c --policy policies --data "$d" --as-of 2025-01-10 --format $f
    done
  done
  for s in $(sed -n 2,4p "$d/students.csv" | cut -d, -f1) $(sed -n 2p "$d/organisations.csv" | cut -d, -f1); do
    for lang in en zh; do
      run "$d explain $s $lang" explain "$s" --policy policies --data "$d" --as-of 2025-01-10 --lang $lang
    done
  done
done
exit $fail
