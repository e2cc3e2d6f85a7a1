#!/usr/bin/env python3
"""Drives `duly lsp` with pygls's language client, as an editor would.

Opens the shipped policy policies/四川省/通江县.duly (or, should its text change, another shipped
policy with a head teacher's duty) with one role misspelt (班主任 → 班主人) in the unsaved buffer, with a Chinese client locale, and expects the Chinese diagnostic D0201 on the
misspelt name, a quick fix that puts 班主任 back, and a clean shutdown. The file on disk is not
changed. Exit status 0 on success; otherwise it prints what went wrong and exits 1.

    python3 pygls_client.py PATH-TO-DULY PACKAGE-ROOT
"""
import asyncio
import os
import pathlib
import sys

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient


async def main(duly, root):
    root = pathlib.Path(root).resolve()
    # 通江县 first; any shipped policy with a head teacher's duty will do if its text changes.
    candidates = [root / "policies" / "四川省" / "通江县.duly"] + sorted((root / "policies").rglob("*.duly"))
    policy = next((p for p in candidates if any(l.lstrip().startswith("班主任 须 ") for l in p.read_text(encoding="utf-8").split("\n"))), None)
    assert policy, "no shipped policy has a duty line `班主任 须 …` to misspell"
    uri = policy.as_uri()
    text = policy.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, l in enumerate(lines) if l.lstrip().startswith("班主任 须 "))
    column = len(lines[line].split("班主任")[0].encode("utf-16-le")) // 2
    lines[line] = lines[line].replace("班主任 须 ", "班主人 须 ", 1)
    misspelt = "\n".join(lines)

    client = BaseLanguageClient("duly-pygls-test", "1")
    published = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams):
        published.put_nowait(params)

    env = dict(os.environ, LANG="en_US.UTF-8")  # the client's locale, not LANG, must pick Chinese
    await client.start_io(duly, "lsp", env=env)
    result = await client.initialize_async(types.InitializeParams(
        process_id=os.getpid(),
        root_uri=(pathlib.Path(root) / "policies").as_uri(),
        capabilities=types.ClientCapabilities(),
        locale="zh-CN",
    ))
    assert result.capabilities.hover_provider, "no hover"
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="duly", version=1, text=misspelt)))

    params = await asyncio.wait_for(published.get(), timeout=30)
    assert params.uri == uri, f"diagnostics for {params.uri}"
    errors = [d for d in params.diagnostics if d.code == "D0201"]
    assert errors, f"no D0201 among {[(d.code, d.message) for d in params.diagnostics]}"
    d = errors[0]
    assert "未知角色 `班主人`" in d.message, f"not the Chinese message: {d.message!r}"
    assert "是否应为 `班主任`" in d.message, f"no Chinese did-you-mean: {d.message!r}"
    assert d.severity == types.DiagnosticSeverity.Error
    expected = types.Range(start=types.Position(line=line, character=column), end=types.Position(line=line, character=column + 3))
    assert d.range == expected, f"range {d.range} != {expected}"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix]
    assert fixes, f"no quick fix: {actions}"
    edit = fixes[0].edit.changes[uri][0]
    assert edit.new_text == "班主任" and edit.range == expected, f"quick fix {edit}"
    assert fixes[0].title == "改为 `班主任`", fixes[0].title

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print("ok: D0201 未知角色 `班主人` in", policy.relative_to(root), f"at {line + 1}:{column + 1}", "with the quick fix 改为 `班主任`")


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
