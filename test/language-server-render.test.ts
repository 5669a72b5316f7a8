// The language server renders charts and kustomizations in the background with the real helm
// v4.1.4 and kubectl v1.33.9 (test/support/render-tools.ts), driven over its LSP protocol as an
// editor drives it: findings land on templates, values files and patches, a save re-renders, a
// render failure is one diagnostic at the unit, a missing tool one notice per session, and a slow
// render never holds up the diagnostics of a plain file.

import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, shownByFile, type Message, type PublishedDiagnostics } from './support/lsp-client.js';
import { ROOT } from './support/run.js';
import { renderTools, writeRenderConfig } from './support/render-tools.js';

const SERVER = path.join(ROOT, 'dist/bundle/server.cjs');
const FIXTURES = path.join(ROOT, 'test/render-fixtures');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A copy of a fixture folder (or an empty folder) with a configuration that names the test's tools. */
function workspace(
  fixture: string | undefined,
  render: Record<string, string> = {},
): { dir: string; uri(name: string): string; write(name: string, text: string): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'stslint-ls-render-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  if (fixture) cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  writeRenderConfig(dir, render);
  return {
    dir,
    uri: (name) => pathToFileURL(path.join(dir, name)).href,
    write: (name, text) => writeFileSync(path.join(dir, name), text),
  };
}

async function start(dir: string): Promise<LspClient> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  cleanups.push(() => client.kill());
  await client.initialize(pathToFileURL(dir).href);
  return client;
}

/** Writes a file as an editor's save does, and tells the server as the editor's file watcher does. */
function save(client: LspClient, ws: { dir: string; uri(name: string): string }, name: string, text: string): void {
  const file = path.join(ws.dir, name);
  const type = existsSync(file) ? 2 : 1;
  writeFileSync(file, text);
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(name), type }] });
}

const rendered = (m: Message) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('chart and kustomization outputs');
const withRule = (rule: string) => (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.code === rule);
/** Every diagnostic shown now, by file name relative to `dir`. */
const current = (client: LspClient, dir: string) => shownByFile(client, dir, (d) => `${d.range.start.line + 1} ${d.code ?? 'fatal'}`);

describe('charts in the language server', () => {
  test('a values change saved on disk re-renders: the finding is on the values line, the template line related', { timeout: 90_000 }, async () => {
    const ws = workspace('chart-db');
    const client = await start(ws.dir);
    await client.waitFor(rendered, 30_000);
    await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'));
    // Templates are linted as what they render: no parse errors, nothing to say about the clean chart.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(current(client, ws.dir)).toEqual({});

    let from = client.received.length;
    save(client, ws, 'values.yaml', 'replicaCount: 3\nimage: postgres:16.4\nheadless: false\npersistence:\n  size: 1Gi\n');
    const onValues = await client.nextDiagnostics(ws.uri('values.yaml'), withRule('service-not-headless'), from);
    const diagnostic = onValues.diagnostics.find((d) => d.code === 'service-not-headless')!;
    expect(diagnostic.range.start.line).toBe(2);
    expect(diagnostic.relatedInformation?.map((r) => path.relative(ws.dir, new URL(r.location.uri).pathname))).toContain('templates/service.yaml');

    // Undone on disk: cleared.
    from = client.received.length;
    save(client, ws, 'values.yaml', 'replicaCount: 3\nimage: postgres:16.4\nheadless: true\npersistence:\n  size: 1Gi\n');
    await client.nextDiagnostics(ws.uri('values.yaml'), (p) => p.diagnostics.length === 0, from);

    // A template that fails to render: one diagnostic at the line helm names, with helm's message.
    from = client.received.length;
    save(client, ws, 'templates/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.nope.x }}\n');
    const failure = await client.nextDiagnostics(ws.uri('templates/broken.yaml'), (p) => p.diagnostics.length > 0, from);
    expect(failure.diagnostics).toHaveLength(1);
    expect(failure.diagnostics[0]!.range.start.line).toBe(5);
    expect(failure.diagnostics[0]!.message).toMatch(/^helm template failed for this chart.*nil pointer/s);
    expect(await client.shutdown()).toBe(0);
  });

  test('a missing helm is one notice per session, however often the chart changes; plain files are linted', { timeout: 90_000 }, async () => {
    const ws = workspace('chart-db', { helm: '/nonexistent/helm' });
    ws.write('plain.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lone\nspec:\n  clusterIP: None\n  ports: [{port: 80}]\n');
    const client = await start(ws.dir);
    const notice = await client.waitFor((m) => m.method?.startsWith('window/showMessage') === true, 30_000);
    expect((notice.params as { message: string }).message).toMatch(/^stslint: helm not found: 1 chart not rendered or linted \(\.\); install helm/);
    for (const size of ['2Gi', '3Gi']) {
      save(client, ws, 'values.yaml', `replicaCount: 3\nimage: postgres:16.4\nheadless: true\npersistence:\n  size: ${size}\n`);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    }
    expect(client.received.filter((m) => m.method?.startsWith('window/showMessage') === true)).toHaveLength(1);
    // The chart's files are never parse errors, even unrendered.
    expect(Object.keys(current(client, ws.dir)).filter((f) => f.startsWith('templates/') || f === 'values.yaml')).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });

  test('a slow render never holds up a plain file’s diagnostics, and one overtaken by a newer save is dropped', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stslint-ls-slow-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const slowHelm = path.join(dir, 'slow-helm.sh');
    writeFileSync(slowHelm, `#!/bin/sh\nsleep 4\nexec '${renderTools().helm}' "$@"\n`);
    chmodSync(slowHelm, 0o755);
    const ws = workspace('chart-db', { helm: slowHelm });
    const client = await start(ws.dir);
    await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'));
    const plain = ws.uri('plain.yaml');
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lone\nspec:\n  clusterIP: None\n';
    client.notify('textDocument/didOpen', { textDocument: { uri: plain, languageId: 'yaml', version: 1, text } });
    await client.nextDiagnostics(plain, (p) => p.version === 1, 0);
    expect(client.received.some(rendered)).toBe(false);
    await client.waitFor(rendered, 60_000);

    // A save that breaks the chart, and while its render runs, one that repairs it: only the newer render counts.
    let from = client.received.length;
    save(client, ws, 'values.yaml', 'replicaCount: 3\nimage: postgres:16.4\nheadless: false\npersistence:\n  size: 1Gi\n');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    save(client, ws, 'values.yaml', 'replicaCount: 3\nimage: postgres:16.4\nheadless: true\npersistence:\n  size: 2Gi\n');
    from = client.received.indexOf(await client.waitFor(rendered, 60_000, from)) + 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.received.slice(from).some(rendered)).toBe(false); // one render in all, after the stale one was dropped
    expect(
      client.received.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishedDiagnostics).uri === ws.uri('values.yaml')),
    ).toBe(false);
    expect(await client.shutdown()).toBe(0);
  });
});

describe('kustomizations in the language server', () => {
  test('an overlay’s findings land on its patch files; a patch saved fixed clears them', { timeout: 90_000 }, async () => {
    const ws = workspace('kustomize');
    const client = await start(ws.dir);
    const patch = 'overlays/prod/service-patch.yaml';
    const onPatch = await client.nextDiagnostics(ws.uri(patch), withRule('service-not-headless'), 0);
    expect(onPatch.diagnostics.find((d) => d.code === 'service-not-headless')!.message).toContain('10.0.0.5');
    // No related place in the rendered text, which is no file.
    for (const d of onPatch.diagnostics) for (const r of d.relatedInformation ?? []) expect(r.location.uri).not.toMatch(/\(kustomize build\)/);
    expect(Object.keys(current(client, ws.dir)).sort()).toEqual([patch, 'overlays/prod/cache-volume-patch.yaml'].sort());

    const from = client.received.length;
    save(client, ws, patch, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n');
    await client.nextDiagnostics(ws.uri(patch), (p) => p.diagnostics.length === 0, from);
    expect(await client.shutdown()).toBe(0);
  });
});
