#!/usr/bin/env python3
"""How long `duly lsp` takes to send diagnostics after an edit, on the shipped policy tree.

Opens policies/四川省/通江县.duly (which inherits 巴中市 → 四川省 → 教育部 and uses the
vocabulary and the calendars), then sends N edits one at a time, alternately misspelling and
restoring a role, and times each from the `didChange` written to the `publishDiagnostics` for
that version read back. Prints the median, the 90th percentile and the worst, in milliseconds.

    bench/lsp-latency.py                       # release build
    DULY=.build/debug/duly bench/lsp-latency.py --edits 50
"""
import argparse, json, os, pathlib, statistics, subprocess, sys, time

root = pathlib.Path(__file__).resolve().parent.parent


class Connection:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                p = message["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--file", default="policies/四川省/通江县.duly")
    args = parser.parse_args()
    duly = os.environ.get("DULY")
    if not duly:
        subprocess.run(["swift", "build", "-c", "release", "--product", "duly"], cwd=root, check=True, stdout=subprocess.DEVNULL)
        duly = str(root / ".build/release/duly")
    c = Connection([duly, "lsp", "--lang", "zh"])
    c.request("initialize", {"processId": os.getpid(), "rootUri": (root / "policies").as_uri(), "capabilities": {}})
    c.notify("initialized", {})
    path = root / args.file
    uri, text = path.as_uri(), path.read_text(encoding="utf-8")
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "duly", "version": 1, "text": text}})
    c.diagnostics(uri, 1)
    lines = text.split("\n")
    line = next(i for i, l in enumerate(lines) if l.lstrip().startswith("班主任 "))
    column = len(lines[line][: lines[line].index("班主任")].encode("utf-16-le")) // 2
    times = []
    for n in range(args.edits):
        version = n + 2
        new = "班主人" if n % 2 == 0 else "班主任"
        change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 3}}, "text": new}
        start = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        diagnostics = c.diagnostics(uri, version)
        times.append((time.perf_counter() - start) * 1000)
        misspelt = any(d.get("code") == "D0201" for d in diagnostics)
        if misspelt != (n % 2 == 0):
            raise SystemExit(f"edit {n}: expected D0201 {'present' if n % 2 == 0 else 'absent'}, got {diagnostics}")
    c.request("shutdown", None)
    c.notify("exit", None)
    c.process.wait(timeout=10)
    times.sort()
    print(f"{args.edits} edits of {args.file}: diagnostics after a change in "
          f"median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, worst {times[-1]:.1f} ms "
          f"(each checked: D0201 after every misspelling, gone after every fix)")


if __name__ == "__main__":
    main()
