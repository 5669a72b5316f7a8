// The VS Code client: starts the stslint language server bundled with the extension (in VS
// Code's own Node, nothing else to install) once a YAML or JSON document holding a Kubernetes
// object is open, or the workspace has a stslint configuration file; stops it when
// `stslint.enable` is turned off.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { configurationMiddleware } from './configuration-middleware.js';
import { holdsKubernetesObject, LANGUAGES } from './kubernetes-text.js';

const CONFIG_FILES = '**/{.stslint.yaml,.stslint.yml,stslint.config.yaml}';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const startWhenNeeded = async (): Promise<void> => {
    if (client || starting || !enabled()) return;
    const kubernetesOpen = vscode.workspace.textDocuments.some(isKubernetesDocument);
    const configured = !kubernetesOpen && (await vscode.workspace.findFiles(CONFIG_FILES, '**/node_modules/**', 1)).length > 0;
    if (kubernetesOpen || configured) await start(context);
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isKubernetesDocument(document)) void startWhenNeeded();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('stslint.enable')) return;
      if (enabled()) void startWhenNeeded();
      else void stop();
    }),
  );
  await startWhenNeeded();
}

export function deactivate(): Promise<void> {
  return stop();
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('stslint').get<boolean>('enable', true);
}

function isKubernetesDocument(document: vscode.TextDocument): boolean {
  return (LANGUAGES as readonly string[]).includes(document.languageId) && holdsKubernetesObject(document.getText());
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // The server asks for the `stslint` section itself (workspace/configuration) and watches
    // manifest and configuration files through the client (dynamic registration).
    initializationOptions: settings(),
    middleware: { workspace: configurationMiddleware(enabled) },
  };
  const created = new LanguageClient('stslint', 'stslint', serverOptions, clientOptions);
  starting = created.start().then(
    () => {
      client = created;
    },
    (error: unknown) => {
      void vscode.window.showErrorMessage(`stslint: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  await starting;
  starting = undefined;
}

async function stop(): Promise<void> {
  await starting;
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

function settings(): Record<string, unknown> {
  const section = vscode.workspace.getConfiguration('stslint');
  return Object.fromEntries(
    ['enable', 'kubernetesVersion', 'preset', 'namespace', 'clusterDomain', 'rules', 'reportUnusedDisables'].map((key) => [key, section.get(key)]),
  );
}
