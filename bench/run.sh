#!/bin/sh
# The evaluation benchmark in one command: generate N students (default 1,000,000, about
# 20 events each) once, then time `duly due`'s pipeline and report events/s and peak memory.
#
#   bench/run.sh [STUDENTS] [DIR]
set -e
N=${1:-1000000}
DIR=${2:-/tmp/duly-bench-$N}
swift build -c release --product duly-bench
if [ ! -f "$DIR/events.csv" ]; then
  .build/release/duly-bench generate --students "$N" --out "$DIR"
fi
.build/release/duly-bench eval "$DIR" --policy policies --as-of 2025-01-10
