#!/usr/bin/env bash
# Builds the seed corpus of each fuzz target in fuzz/corpus/<target>/ from the shipped
# policies, calendars and examples and the test fixtures. Safe to run again: it only adds files.
set -euo pipefail
cd "$(dirname "$0")"
root=..
out=corpus
mkdir -p "$out/fuzz-policy" "$out/fuzz-casedata" "$out/fuzz-calendar"

# A seed's name is its source path with `/` as `_`, so seeds from different folders never collide.
seed() { # target, name, then the content on stdin
  local name="${2//\//_}"
  cat > "$out/$1/$name"
}

# Policies: every .duly file of policies/ and the tests; the shipped ones again with an
# `as-of` comment that the policy target reads as the evaluation date.
while IFS= read -r -d '' f; do
  rel="${f#$root/}"
  seed fuzz-policy "$rel" < "$f"
done < <(find "$root/policies" "$root/Tests" -name '*.duly' -print0)
for date in 2021-06-30 2025-03-15 2026-12-31; do
  while IFS= read -r -d '' f; do
    rel="${f#$root/}"
    { cat "$f"; printf '# as-of %s\n' "$date"; } | seed fuzz-policy "$rel.$date"
  done < <(find "$root/policies" -name '*.duly' -print0)
done

# Case data: each data folder as organisations, students and events separated by form feeds,
# and its events file alone (read with the 贵州省 organisations and students).
while IFS= read -r -d '' d; do
  rel="${d#$root/}"
  { cat "$d/organisations.csv"; printf '\f'; cat "$d/students.csv"; printf '\f'; cat "$d/events.csv"; } | seed fuzz-casedata "$rel"
  seed fuzz-casedata "$rel/events.csv" < "$d/events.csv"
done < <(find "$root/examples" "$root/Tests" -name 'events.csv' -printf '%h\0')

# Calendars: every .cal file, and a list of durations (one a line) in both keyword languages.
while IFS= read -r -d '' f; do
  rel="${f#$root/}"
  seed fuzz-calendar "$rel" < "$f"
  { cat "$f"; printf '# %s\n' "5个工作日" "3 months" "2 weeks" "3个教学日"; } | seed fuzz-calendar "$rel.durations"
done < <(find "$root/policies/calendars" -name '*.cal' -print0)
printf '%s\n' "5 working days" "5个工作日" "7天内" "1 month" "3个月" "2 weeks" "两周" "半个月" "half a month" \
  "1 year" "五个工作日以内" "二十个工作日" "3 teaching days" "3个教学日" "within 3 days" "10个自然日" "０ days" \
  | seed fuzz-calendar durations.txt

for t in fuzz-policy fuzz-casedata fuzz-calendar; do
  echo "$t: $(ls "$out/$t" | wc -l) seeds, $(du -sh "$out/$t" | cut -f1)"
done
