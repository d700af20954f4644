import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { findDolint } from "./find";

let client: LanguageClient | undefined;

// The server lints whole projects, so it hears about every source and
// wrangler config, whatever the language mode VS Code gave the file.
const documentSelector = [
  { scheme: "file", language: "typescript" },
  { scheme: "file", language: "typescriptreact" },
  { scheme: "file", language: "javascript" },
  { scheme: "file", language: "javascriptreact" },
  { scheme: "file", pattern: "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}" },
  { scheme: "file", pattern: "**/wrangler.{json,jsonc,toml}" },
  { scheme: "file", pattern: "**/wrangler.*.{json,jsonc,toml}" },
];

async function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const found = findDolint({
    configured: vscode.workspace.getConfiguration("dolint").get<string>("path", ""),
    folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    pathEnv: process.env.PATH ?? "",
    platform: process.platform,
  });
  if (found.path === undefined) {
    void vscode.window.showErrorMessage(found.error ?? "dolint was not found");
    return;
  }
  output.info(`starting ${found.path} lsp`);
  const serverOptions: ServerOptions = { command: found.path, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
  };
  client = new LanguageClient("dolint", "dolint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  if (client !== undefined) {
    const c = client;
    client = undefined;
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("dolint", { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("dolint.restart", async () => {
      await stop();
      await start(context, output);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("dolint.path")) {
        await stop();
        await start(context, output);
      }
    }),
  );
  await start(context, output);
}

export function deactivate(): Promise<void> {
  return stop();
}
