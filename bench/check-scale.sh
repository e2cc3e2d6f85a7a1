#!/usr/bin/env bash
# How `duly check` grows with untrusted input: rules per file and the length of an `extends`
# chain. Prints the median of three runs for each size; the time should roughly double when the
# size doubles (linear), up to the limits (1000 items per file, 16 levels of extends).
#
#   bench/check-scale.sh            # release build
#   DULY=.build/debug/duly bench/check-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${DULY:-}" ]]; then
    swift build -c release --product duly >/dev/null
    DULY=.build/release/duly
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | sed -n 2p; }
timeit() { # folder → median wall seconds of three runs
    for _ in 1 2 3; do
        /usr/bin/time -f %e "$DULY" check "$1" 2>&1 >/dev/null | tail -1
    done | median
}

python3 - "$work" <<'PY'
import os, shutil, sys
work = sys.argv[1]
rule = lambda n: f'规则 {n} {{\n  依据 MOE-5\n  当 确认辍学\n  学校 须 劝返 5个工作日内\n}}\n'
def tree(name):
    d = os.path.join(work, name); os.makedirs(d)
    for f in ('控辍保学.duly', '教育部.duly'): shutil.copy(os.path.join('policies', f), d)
    return d
for n in (250, 500, 1000):
    with open(os.path.join(tree(f'rules{n}'), 'county.duly'), 'w') as f:
        f.write('政策 测试县 {\n  继承 教育部\n}\n' + ''.join(rule(f'R{i}') for i in range(n)))
for levels in (4, 8, 16):
    d = tree(f'chain{levels}'); parent = '教育部'
    for i in range(1, levels):
        with open(os.path.join(d, f'p{i}.duly'), 'w') as f:
            f.write(f'政策 L{i} {{\n  继承 {parent}\n}}\n' + ''.join(rule(f'R{i}x{k}') for k in range(200)))
        parent = f'L{i}'
PY

printf '%-22s %s\n' "tree" "median wall (s)"
for t in rules250 rules500 rules1000 chain4 chain8 chain16; do
    printf '%-22s %s\n' "$t" "$(timeit "$work/$t")"
done
