#!/usr/bin/env bash
# Builds the fuzz targets and runs one of them:
#
#   fuzz/run.sh policy|casedata|calendar [SECONDS] [libFuzzer flags...]
#
# The corpus grows in fuzz/corpus/fuzz-TARGET (seeded by make-corpus.sh on first use), crashing
# inputs go to fuzz/crashes/fuzz-TARGET/, and each libFuzzer run's output to fuzz/logs/. When an
# input crashes, libFuzzer stops; the script starts it again on the same corpus until SECONDS
# (default 1800) have passed, then prints the total of executed inputs, the corpus size and the
# crashes. DULY_FUZZ_SKIP_BUILD=1 skips the build (to run several targets from one build).
set -uo pipefail
cd "$(dirname "$0")"
target="fuzz-${1:?usage: fuzz/run.sh policy|casedata|calendar [SECONDS] [libFuzzer flags...]}"
seconds="${2:-1800}"
shift $(( $# >= 2 ? 2 : 1 ))
case "$target" in
  fuzz-policy) max_len=8192 ;;
  fuzz-casedata) max_len=16384 ;;
  fuzz-calendar) max_len=4096 ;;
  *) echo "unknown target $target; expected policy, casedata or calendar" >&2; exit 2 ;;
esac

# libFuzzer needs lld here; -parse-as-library because the targets have no top-level code.
if [ "${DULY_FUZZ_SKIP_BUILD:-}" != 1 ]; then
  swift build -c release --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld || exit 1
fi
[ -d "corpus/$target" ] || ./make-corpus.sh
mkdir -p "crashes/$target" logs

start=$(date +%s)
deadline=$(( start + seconds ))
execs=0
segment=0
# Swift's packed enum payloads hide pointers from LeakSanitizer, so it reports leaks that are
# not there: leak detection is off, in libFuzzer and at exit.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# libFuzzer prints the stack of a crash; Swift's own backtracer would only slow each crash down.
export SWIFT_BACKTRACE=enable=no
while now=$(date +%s); [ "$now" -lt "$deadline" ]; do
  segment=$(( segment + 1 ))
  log="logs/$target.$segment.log"
  .build-fuzz/release/$target "corpus/$target" -max_len=$max_len -detect_leaks=0 -timeout=60 \
    -print_final_stats=1 -max_total_time=$(( deadline - now )) -artifact_prefix="crashes/$target/" "$@" > "$log" 2>&1
  rc=$?
  n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  execs=$(( execs + ${n:-0} ))
  [ "$rc" -eq 0 ] && break
  grep -m1 -o "Test unit written to .*" "$log" || echo "run $segment stopped with status $rc (see $log)"
done
end=$(date +%s)
echo "$target: $(( end - start )) s in $segment run(s), $execs inputs executed," \
  "corpus $(ls "corpus/$target" | wc -l) files, crashes $(ls "crashes/$target" | grep -c -v '^slow-unit-')" | tee "logs/$target.summary"
