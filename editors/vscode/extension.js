// Starts `duly lsp` for .duly files. Everything the editor shows comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("duly");
  const args = ["lsp"];
  const language = config.get("language");
  if (language) args.push("--lang", language);
  const server = { command: config.get("path") || "duly", args };
  client = new LanguageClient("duly", "Duly", server, {
    documentSelector: [{ scheme: "file", language: "duly" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{duly,cal}") },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
