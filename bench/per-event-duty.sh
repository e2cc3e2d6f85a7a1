#!/bin/sh
# A due list of millions: the shipped policies with one rule turned into a duty per absence
# (GZ-15 as it was once written: every 缺课 owes the county bureau a ledger entry, with no
# date), over the generated set of N students. Prints the open obligations and the wall time
# and peak memory of `duly due --format json`, which holds the list as compact records and
# writes it a block at a time.
#
#   bench/per-event-duty.sh [STUDENTS] [DULY] [KEEP]    (KEEP: a file to keep the JSON in)
set -e
N=${1:-300000}
DULY=${2:-.build/release/duly}
DIR=/tmp/duly-bench-$N
if [ ! -f "$DIR/events.csv" ]; then
  swift build -c release --product duly-bench
  .build/release/duly-bench generate --students "$N" --out "$DIR"
fi
TREE=$(mktemp -d)
trap 'rm -rf "$TREE"' EXIT
cp -R policies/. "$TREE"
python3 - "$TREE/贵州省/贵州省.duly" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
start = text.index("uncheckable 未到校台账与销账台账")
end = text.index("\n}\n", start) + 3
rule = '''rule 未到校台账 "the county bureau enters every pupil not at school in its ledger" {
  cite GZ-15 (二.5) "要建立未到校学生台账和销账台账"
  effective from 2021-05-01
  when 缺课
  县教育局 must promptly 登记台账
}
'''
open(path, "w", encoding="utf-8").write(text[:start] + rule + text[end:])
PY
OUT=$(mktemp)
/usr/bin/time -f "%e s wall, %M KB peak" "$DULY" due --data "$DIR" --policy "$TREE" --as-of 2025-01-10 --format json > "$OUT"
printf '%s open obligations, %s MB of JSON\n' "$(grep -c '"due": ' "$OUT")" "$(($(wc -c < "$OUT") / 1048576))"
if [ -n "$3" ]; then mv "$OUT" "$3"; else rm -f "$OUT"; fi
