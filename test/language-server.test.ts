// The language server as an editor sees it: the built `stslint-language-server --stdio`, driven
// over JSON-RPC on its standard streams by a client of our own (support/lsp-client.ts).

import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, type Diagnostic, type Message, type PublishedDiagnostics } from './support/lsp-client.js';
import { ROOT, tempDir } from './support/run.js';
import { docsUrlFor } from '../src/engine/rule.js';
import { WEB_GOOD, WEB_STATELESS } from './support/manifests.js';

const SERVER = path.join(ROOT, 'dist/bundle/server.cjs');
const CLI = path.join(ROOT, 'dist/bundle/cli.cjs');

/** WEB_GOOD split in two files: a clean StatefulSet `web` and its headless Service `web`. */
const [SERVICE, STATEFULSET] = WEB_GOOD.split('---\n') as [string, string];
/** 0-based lines of the fields the scenarios edit. */
const SERVICE_NAME_LINE = STATEFULSET.split('\n').findIndex((l) => l.includes('serviceName:'));
const CLUSTER_IP_LINE = SERVICE.split('\n').findIndex((l) => l.includes('clusterIP:'));

interface Workspace {
  dir: string;
  uri(name: string): string;
  file(name: string): string;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace(files: Record<string, string>): Workspace {
  const dir = tempDir(files);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, uri: (name) => pathToFileURL(path.join(dir, name)).href, file: (name) => path.join(dir, name) };
}

/** A started, initialized server whose first scan of the folder is done. */
async function start(
  ws: Workspace,
  options: { settings?: () => unknown; initializationOptions?: unknown; capabilities?: Record<string, unknown> } = {},
): Promise<LspClient> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio'], options);
  cleanups.push(() => client.kill());
  await client.initialize(pathToFileURL(ws.dir).href, options.initializationOptions);
  await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'));
  return client;
}

const versions = new Map<string, number>();
function open(client: LspClient, uri: string, text: string): number {
  versions.set(uri, 1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
  return 1;
}
function change(client: LspClient, uri: string, text: string): number {
  const version = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, version);
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return version;
}
/** An incremental change, as editors send while typing: replace `range` by `text`. */
function edit(client: LspClient, uri: string, range: Diagnostic['range'], text: string): number {
  const version = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, version);
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  return version;
}
function close(client: LspClient, uri: string): void {
  client.notify('textDocument/didClose', { textDocument: { uri } });
}

/** The diagnostics published for `uri` at `version` (the first publication of that version that `test` accepts). */
function published(
  client: LspClient,
  uri: string,
  version: number,
  test: (p: PublishedDiagnostics) => boolean = () => true,
  from = 0,
): Promise<PublishedDiagnostics> {
  return client.nextDiagnostics(uri, (p) => p.version === version && test(p), from);
}

const errors = (p: PublishedDiagnostics) => p.diagnostics.filter((d) => d.severity === 1);
const withRule = (rule: string) => (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.code === rule);
const withoutRule = (rule: string) => (p: PublishedDiagnostics) => !p.diagnostics.some((d) => d.code === rule);

/** Where `needle` is on `line` of `text`, as an LSP range. */
function rangeOf(text: string, line: number, needle: string): Diagnostic['range'] {
  const character = text.split('\n')[line]!.indexOf(needle);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe('the "done when" scenario', () => {
  test('clean → break serviceName → undo → Service made non-headless in an unsaved buffer → clean exit', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const set = ws.uri('statefulset.yaml');

    open(client, set, STATEFULSET);
    expect(errors(await published(client, set, 1))).toEqual([]);

    // An edit that breaks serviceName: an error on that line.
    const broken = edit(client, set, rangeOf(STATEFULSET, SERVICE_NAME_LINE, 'web'), 'wbe');
    const afterBreak = await published(client, set, broken, withRule('service-missing'));
    const missing = errors(afterBreak);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ code: 'service-missing', range: rangeOf(STATEFULSET, SERVICE_NAME_LINE, 'web') });
    expect(missing[0]!.message).toContain('Service `wbe`');

    // Undo: cleared.
    const undone = edit(client, set, rangeOf(STATEFULSET, SERVICE_NAME_LINE, 'web'), 'web');
    expect(errors(await published(client, set, undone))).toEqual([]);

    // The set from disk; the Service from an unsaved buffer that is no longer headless.
    close(client, set);
    const serviceUri = ws.uri('service.yaml');
    open(client, serviceUri, SERVICE);
    const notHeadless = SERVICE.replace('clusterIP: None', 'clusterIP: 10.96.0.12');
    const version = change(client, serviceUri, notHeadless);
    const serviceErrors = errors(await published(client, serviceUri, version, withRule('service-not-headless')));
    expect(serviceErrors).toHaveLength(1);
    expect(serviceErrors[0]).toMatchObject({ code: 'service-not-headless', range: rangeOf(notHeadless, CLUSTER_IP_LINE, '10.96.0.12') });
    expect(serviceErrors[0]!.message).toContain('governs StatefulSet `web`');

    expect(await client.shutdown()).toBe(0);
  });
});

describe('diagnostics', () => {
  test('carry the rule id, its docs, the severity and the related object in another file', async () => {
    const ws = workspace({ 'service.yaml': SERVICE.replace('clusterIP: None', 'clusterIP: 10.96.0.12'), 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const diagnostic = (await client.nextDiagnostics(ws.uri('service.yaml'), withRule('service-not-headless'), 0)).diagnostics.find(
      (d) => d.code === 'service-not-headless',
    )!;
    expect(diagnostic.source).toBe('stslint');
    expect(diagnostic.severity).toBe(1);
    expect(diagnostic.codeDescription?.href).toBe(docsUrlFor('service-not-headless'));
    expect(diagnostic.codeDescription?.href).toMatch(/^https:\/\/.*\/docs\/rules\/service-not-headless\.md$/);
    const nameLine = STATEFULSET.split('\n').findIndex((l) => l.startsWith('metadata:'));
    expect(diagnostic.relatedInformation).toEqual([
      { location: { uri: ws.uri('statefulset.yaml'), range: rangeOf(STATEFULSET, nameLine, 'web') }, message: 'StatefulSet `web`' },
    ]);
    await client.shutdown();
  });

  test('a claim made beforehand points at the StatefulSet whose template it differs from', async () => {
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data-web-0}\nspec:\n  accessModes: [ReadWriteOncePod]\n  resources: {requests: {storage: 5Gi}}\n';
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET, 'claim.yaml': claim });
    const client = await start(ws);
    const published0 = await client.nextDiagnostics(ws.uri('claim.yaml'), withRule('precreated-claim-mismatch'), 0);
    const diagnostic = published0.diagnostics.find((d) => d.code === 'precreated-claim-mismatch')!;
    expect(diagnostic.severity).toBe(2);
    expect(diagnostic.relatedInformation).toEqual([
      {
        location: {
          uri: ws.uri('statefulset.yaml'),
          range: rangeOf(
            STATEFULSET,
            STATEFULSET.split('\n').findIndex((l) => l.startsWith('metadata:')),
            'web',
          ),
        },
        message: 'StatefulSet `web`',
      },
    ]);
    await client.shutdown();
  });

  test('a Deployment on a claim another, unsaved, buffer makes ReadWriteOnce is flagged, pointing at the claim', async () => {
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: uploads}\nspec:\n  accessModes: [ReadWriteMany]\n  resources: {requests: {storage: 5Gi}}\n';
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n' +
      '      containers: [{name: app, image: "nginx:1.27", volumeMounts: [{name: data, mountPath: /data}]}]\n      volumes:\n      - name: data\n        persistentVolumeClaim: {claimName: uploads}\n';
    const ws = workspace({ 'claim.yaml': claim, 'deployment.yaml': deployment });
    const client = await start(ws);
    const claimUri = ws.uri('claim.yaml');
    open(client, claimUri, claim);
    await published(client, claimUri, 1);
    const from = client.received.length;
    change(client, claimUri, claim.replace('ReadWriteMany', 'ReadWriteOnce'));
    const onDeployment = await client.nextDiagnostics(ws.uri('deployment.yaml'), withRule('rwo-claim-replicas'), from);
    const diagnostic = onDeployment.diagnostics.find((d) => d.code === 'rwo-claim-replicas')!;
    expect(diagnostic.severity).toBe(2);
    expect(diagnostic.range).toEqual(rangeOf(deployment, 12, 'uploads'));
    expect(diagnostic.relatedInformation).toEqual([
      { location: { uri: claimUri, range: rangeOf(claim, 2, 'uploads') }, message: 'PersistentVolumeClaim `uploads`' },
    ]);
    await client.shutdown();
  });

  test('info findings are Information', async () => {
    // WEB_STATELESS's set has no storage: no-stable-storage, an info.
    const ws = workspace({ 'stateless.yaml': WEB_STATELESS });
    const client = await start(ws);
    const published0 = await client.nextDiagnostics(ws.uri('stateless.yaml'), withRule('no-stable-storage'), 0);
    const severities = Object.fromEntries(published0.diagnostics.map((d) => [d.code, d.severity]));
    expect(severities['no-stable-storage']).toBe(3);
    await client.shutdown();
  });

  test('a change in one file updates the diagnostics of another, closed, file', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const serviceUri = ws.uri('service.yaml');
    const set = ws.uri('statefulset.yaml');
    open(client, serviceUri, SERVICE);
    await published(client, serviceUri, 1);
    const from = client.received.length;
    change(client, serviceUri, SERVICE.replace('name: web', 'name: web-headless'));
    const setDiagnostics = await client.nextDiagnostics(set, withRule('service-missing'), from);
    expect(setDiagnostics.version).toBeUndefined(); // not open: from disk
    expect(setDiagnostics.diagnostics.find((d) => d.code === 'service-missing')!.message).toContain('did you mean `web-headless`?');
    const back = client.received.length;
    change(client, serviceUri, SERVICE);
    expect((await client.nextDiagnostics(set, () => true, back)).diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('open buffers win over disk, for every file of the graph', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const serviceUri = ws.uri('service.yaml');
    const set = ws.uri('statefulset.yaml');
    // Both renamed in unsaved buffers: consistent with each other, not with the disk.
    open(client, serviceUri, SERVICE);
    open(client, set, STATEFULSET);
    change(client, serviceUri, SERVICE.replace('name: web', 'name: db'));
    const version = change(client, set, STATEFULSET.replace('serviceName: web', 'serviceName: db'));
    expect(errors(await published(client, set, version))).toEqual([]);
    // The Service's buffer is closed without saving: the set's unsaved name no longer resolves.
    const from = client.received.length;
    close(client, serviceUri);
    expect(errors(await client.nextDiagnostics(set, withRule('service-missing'), from))[0]!.message).toContain('Service `db`');
    await client.shutdown();
  });

  test('while a large folder is still being read, an open document gets only what it says on its own', async () => {
    const files: Record<string, string> = {
      'a/statefulset.yaml': STATEFULSET.replace('  replicas: 3\n', '').replace('serviceName: web', 'serviceName: web\n  replicas: three'),
    };
    for (let i = 0; i < 800; i++) files[`b/filler-${i}.yaml`] = SERVICE.replace('name: web', `name: filler-${i}`);
    files['z/service.yaml'] = SERVICE;
    const ws = workspace(files);
    const client = new LspClient(process.execPath, [SERVER, '--stdio']);
    cleanups.push(() => client.kill());
    await client.initialize(pathToFileURL(ws.dir).href);
    const set = ws.uri('a/statefulset.yaml');
    open(client, set, files['a/statefulset.yaml']!);
    const log = await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'));
    const beforeScan = client.received.slice(0, client.received.indexOf(log)).filter((m) => m.method === 'textDocument/publishDiagnostics');
    for (const m of beforeScan) {
      for (const d of (m.params as PublishedDiagnostics).diagnostics) expect(['schema-invalid', 'manifest-invalid', undefined]).toContain(d.code);
    }
    const after = client.diagnostics.get(set)!.diagnostics.map((d) => d.code);
    expect(after).toContain('schema-invalid');
    expect(after).not.toContain('service-missing');
    await client.shutdown();
  });

  test('kustomize patches are not objects, as for the CLI, and follow the kustomization', async () => {
    const patch = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 5\n';
    // Without rendering (with it, every file of the kustomization's folder is linted through its
    // build: test/language-server-render.test.ts).
    const ws = workspace({
      '.stslint.yaml': 'render:\n  enabled: false\n',
      'service.yaml': SERVICE,
      'statefulset.yaml': STATEFULSET,
      'patches/replicas.yaml': patch,
      'kustomization.yaml': 'resources: [service.yaml, statefulset.yaml]\npatches:\n  - path: patches/replicas.yaml\n',
    });
    const client = await start(ws);
    // As a StatefulSet of its own it would lack a selector, a template and more, and duplicate `web`.
    expect(client.diagnostics.get(ws.uri('patches/replicas.yaml'))).toBeUndefined();
    expect(client.diagnostics.get(ws.uri('statefulset.yaml'))).toBeUndefined();
    const from = client.received.length;
    writeFileSync(ws.file('kustomization.yaml'), 'resources: [service.yaml, statefulset.yaml]\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('kustomization.yaml'), type: 2 }] });
    expect((await client.nextDiagnostics(ws.uri('patches/replicas.yaml'), () => true, from)).diagnostics.length).toBeGreaterThan(0);
    await client.shutdown();
  });

  test('a document that is not a file is linted alone', async () => {
    const ws = workspace({ 'service.yaml': SERVICE });
    const client = await start(ws);
    const uri = 'untitled:Untitled-1';
    open(client, uri, STATEFULSET);
    const alone = await published(client, uri, 1, withRule('service-missing'));
    expect(alone.diagnostics.find((d) => d.code === 'service-missing')!.message).toContain('no Service `web`');
    await client.shutdown();
  });

  test('a file outside the workspace folders is linted alone, with the configuration found from its directory', async () => {
    const ws = workspace({ 'service.yaml': SERVICE });
    const outside = workspace({
      'set/statefulset.yaml': STATEFULSET,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.stslint.yaml': 'rules:\n  service-missing: warning\n',
    });
    const client = await start(ws);
    const uri = outside.uri('set/statefulset.yaml');
    open(client, uri, STATEFULSET);
    const alone = await published(client, uri, 1, (p) => p.diagnostics.some((d) => d.code === 'service-missing' && d.severity === 2));
    expect(alone.diagnostics.find((d) => d.code === 'service-missing')!.message).toContain('no Service `web`');
    const from = client.received.length;
    close(client, uri);
    expect((await client.nextDiagnostics(uri, () => true, from)).diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('workspace folders added and removed while running', async () => {
    const first = workspace({ 'service.yaml': SERVICE });
    const second = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(first);
    let from = client.received.length;
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(second.dir).href, name: 'second' }], removed: [] } });
    await client.nextDiagnostics(second.uri('statefulset.yaml'), withRule('service-missing'), from);
    from = client.received.length;
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: pathToFileURL(second.dir).href, name: 'second' }] } });
    expect((await client.nextDiagnostics(second.uri('statefulset.yaml'), () => true, from)).diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('files created, changed and deleted on disk', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const set = ws.uri('statefulset.yaml');
    await client.nextDiagnostics(set, withRule('service-missing'), 0);
    let from = client.received.length;
    writeFileSync(ws.file('service.yaml'), SERVICE);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('service.yaml'), type: 1 }] });
    expect((await client.nextDiagnostics(set, () => true, from)).diagnostics).toEqual([]);
    from = client.received.length;
    unlinkSync(ws.file('service.yaml'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('service.yaml'), type: 3 }] });
    await client.nextDiagnostics(set, withRule('service-missing'), from);
    // Hidden directories are not linted, as with `stslint .`: the Service there does not count.
    open(client, set, STATEFULSET);
    mkdirSync(ws.file('.hidden'));
    writeFileSync(ws.file('.hidden/service.yaml'), SERVICE);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.hidden/service.yaml'), type: 1 }] });
    const version = change(client, set, `${STATEFULSET}# edited\n`);
    expect((await published(client, set, version)).diagnostics.map((d) => d.code)).toContain('service-missing');
    await client.shutdown();
  });

  test('without a client that watches files, the server watches the folder itself', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws, { capabilities: { workspace: { workspaceEdit: { documentChanges: true } }, textDocument: {} } });
    const set = ws.uri('statefulset.yaml');
    await client.nextDiagnostics(set, withRule('service-missing'), 0);
    const from = client.received.length;
    writeFileSync(ws.file('service.yaml'), SERVICE);
    expect((await client.nextDiagnostics(set, () => true, from)).diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('a broken document gets its parse error, the server goes on, and the repair clears it', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const set = ws.uri('statefulset.yaml');
    open(client, set, STATEFULSET);
    await published(client, set, 1);
    const brokenText = STATEFULSET.replace('serviceName: web', 'serviceName: "web');
    const broken = await published(client, set, change(client, set, brokenText), (p) => p.diagnostics.length > 0);
    expect(broken.diagnostics).toHaveLength(1);
    expect(broken.diagnostics[0]!).toMatchObject({ severity: 1, source: 'stslint' });
    expect(broken.diagnostics[0]!.code).toBeUndefined();
    expect(broken.diagnostics[0]!.message).toMatch(/^Parsing error: /);
    // Template syntax, binary-looking junk and an empty document: still alive.
    change(client, set, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: {{ .Values.name }}}\n');
    change(client, set, '\u0000\u0001---\n: : :\n');
    const repaired = change(client, set, STATEFULSET);
    expect(errors(await published(client, set, repaired))).toEqual([]);
    await client.shutdown();
  });

  test('stale results never win: after a burst of edits the last version is what is shown', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const set = ws.uri('statefulset.yaml');
    open(client, set, STATEFULSET);
    await published(client, set, 1);
    let last = 1;
    for (let i = 0; i < 30; i++) last = change(client, set, STATEFULSET.replace('serviceName: web', `serviceName: ${i % 2 === 0 ? 'nope' : 'web'}${i}`));
    const final = await published(client, set, last);
    expect(final.diagnostics.find((d) => d.code === 'service-missing')!.message).toContain('Service `web29`');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const forSet = client.received.filter(
      (m): m is Message & { params: PublishedDiagnostics } => m.method === 'textDocument/publishDiagnostics' && (m.params as PublishedDiagnostics).uri === set,
    );
    const seen = forSet.map((m) => m.params.version!);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(client.diagnostics.get(set)!.version).toBe(last);
    // Debounced: far fewer lint passes than keystrokes.
    expect(seen.length).toBeLessThan(15);
    await client.shutdown();
  });
});

describe('configuration', () => {
  test('editor settings: a rule turned off, then a Kubernetes version, changed while running', async () => {
    const pdb =
      'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n';
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': STATEFULSET.replace('serviceName: web', 'serviceName: wbe'), 'pdb.yaml': pdb });
    let settings: Record<string, unknown> = {};
    const client = await start(ws, { settings: () => settings });
    await client.nextDiagnostics(ws.uri('statefulset.yaml'), withRule('service-missing'), 0);
    await client.nextDiagnostics(ws.uri('pdb.yaml'), withRule('api-removed'), 0);

    let from = client.received.length;
    settings = { rules: { 'service-missing': 'off' } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.nextDiagnostics(ws.uri('statefulset.yaml'), withoutRule('service-missing'), from);

    // policy/v1beta1 PodDisruptionBudgets are served up to 1.24.
    from = client.received.length;
    settings = { rules: { 'service-missing': 'off' }, kubernetesVersion: '1.24' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.nextDiagnostics(ws.uri('pdb.yaml'), withoutRule('api-removed'), from);

    // A setting that is not valid is shown once and ignored.
    from = client.received.length;
    settings = { kubernetesVersion: 'latest', rules: { 'no-such-rule': 'off' } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const warning = await client.waitFor((m) => m.method?.startsWith('window/showMessage') === true, 20_000, from);
    expect((warning.params as { message: string }).message).toContain('stslint.kubernetesVersion is "latest"');
    await client.nextDiagnostics(ws.uri('statefulset.yaml'), withRule('service-missing'), from);
    await client.shutdown();
  });

  test('initialization options and enable: false', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET.replace('serviceName: web', 'serviceName: web\n  replicas: 3') });
    const client = await start(ws, {
      initializationOptions: { rules: { 'service-missing': 'warning' }, preset: 'all' },
      capabilities: { workspace: {}, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const first = await client.nextDiagnostics(ws.uri('statefulset.yaml'), withRule('service-missing'), 0);
    expect(first.diagnostics.find((d) => d.code === 'service-missing')!.severity).toBe(2);
    // `all` adds the suggestions the recommended preset leaves out.
    expect(first.diagnostics.map((d) => d.code)).toContain('pdb-missing');
    const from = client.received.length;
    client.notify('workspace/didChangeConfiguration', { settings: { stslint: { enable: false } } });
    expect((await client.nextDiagnostics(ws.uri('statefulset.yaml'), () => true, from)).diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('initialization options stay in force where workspace/configuration gives no value', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws, { initializationOptions: { rules: { 'service-missing': 'info' } }, settings: () => ({ rules: {}, kubernetesVersion: '' }) });
    const first = await client.nextDiagnostics(ws.uri('statefulset.yaml'), withRule('service-missing'), 0);
    expect(first.diagnostics.find((d) => d.code === 'service-missing')!.severity).toBe(3);
    await client.shutdown();
  });

  test('a setting cleared in the editor is cleared, not taken back from the initialization options', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    let settings: Record<string, unknown> = { rules: { 'service-missing': 'info' } };
    const client = await start(ws, { initializationOptions: { rules: { 'service-missing': 'info' } }, settings: () => settings });
    const set = ws.uri('statefulset.yaml');
    const first = await client.nextDiagnostics(set, withRule('service-missing'), 0);
    expect(first.diagnostics.find((d) => d.code === 'service-missing')!.severity).toBe(3);
    // `stslint.rules` emptied again: the rule is back at its default level, an error.
    settings = { rules: {} };
    const from = client.received.length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const cleared = await client.nextDiagnostics(set, (p) => p.diagnostics.some((d) => d.code === 'service-missing' && d.severity === 1), from);
    expect(cleared.diagnostics.find((d) => d.code === 'service-missing')!.severity).toBe(1);
    await client.shutdown();
  });

  test('.stslint.yaml: read at start, re-read on change, a broken one shown on its line while the last good one stays', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET, '.git/HEAD': 'ref: refs/heads/main\n', '.stslint.yaml': 'rules:\n  service-missing: info\n' });
    const client = await start(ws);
    const set = ws.uri('statefulset.yaml');
    const first = await client.nextDiagnostics(set, withRule('service-missing'), 0);
    expect(first.diagnostics.find((d) => d.code === 'service-missing')!.severity).toBe(3);

    let from = client.received.length;
    writeFileSync(ws.file('.stslint.yaml'), 'rules:\n  service-missing: off\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.stslint.yaml'), type: 2 }] });
    expect((await client.nextDiagnostics(set, () => true, from)).diagnostics).toEqual([]);

    from = client.received.length;
    writeFileSync(ws.file('.stslint.yaml'), 'rules:\n  service-missin: off\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.stslint.yaml'), type: 2 }] });
    const config = await client.nextDiagnostics(ws.uri('.stslint.yaml'), (p) => p.diagnostics.length > 0, from);
    expect(config.diagnostics[0]!.range.start).toEqual({ line: 1, character: 2 });
    expect(config.diagnostics[0]!.message).toContain('unknown rule `service-missin`; did you mean `service-missing`?');
    expect(client.diagnostics.get(set)?.diagnostics ?? []).toEqual([]);
    await client.shutdown();
  });
});

describe('code actions', () => {
  async function actionsAt(
    client: LspClient,
    uri: string,
    diagnostic: Diagnostic,
  ): Promise<{ title: string; isPreferred?: boolean; edit: { documentChanges: { textDocument: { version: number }; edits: never[] }[] } }[]> {
    const answer = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    return answer.result as never;
  }

  /** Applies an action's edit to `text` as the editor would. */
  function apply(text: string, action: { edit: { documentChanges: { edits: never[] }[] } }): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), action.edit.documentChanges[0]!.edits);
  }

  /** Opens `name`, takes the first diagnostic of `rule`, applies the action titled like `title`, and returns the new text and its diagnostics. */
  async function fix(
    ws: Workspace,
    client: LspClient,
    name: string,
    text: string,
    rule: string,
    title: RegExp,
  ): Promise<{ text: string; after: PublishedDiagnostics; titles: string[] }> {
    const uri = ws.uri(name);
    open(client, uri, text);
    const before = await published(client, uri, 1, withRule(rule));
    const actions = await actionsAt(
      client,
      uri,
      before.diagnostics.find((d) => d.code === rule)!,
    );
    const action = actions.find((a) => title.test(a.title));
    if (!action) throw new Error(`no action ${String(title)} among ${actions.map((a) => a.title).join(' | ')}`);
    expect(action.edit.documentChanges[0]!.textDocument.version).toBe(1);
    const fixed = apply(text, action);
    const after = await published(client, uri, change(client, uri, fixed));
    return { text: fixed, after, titles: actions.map((a) => a.title) };
  }

  test('clusterIP: None, added to a Service without one', async () => {
    const withoutClusterIp = SERVICE.replace('  clusterIP: None\n', '');
    const ws = workspace({ 'service.yaml': withoutClusterIp, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const { text, after, titles } = await fix(ws, client, 'service.yaml', withoutClusterIp, 'service-not-headless', /headless/);
    expect(titles[0]).toMatch(/^Make the Service headless \(clusterIP: None\); a Service that exists must be deleted and re-created/);
    // A suggestion (re-creating the Service is the user's call), added at the end of `spec`.
    expect(text).toBe(withoutClusterIp.replace('  selector: {app: web}\n', '  selector: {app: web}\n  clusterIP: None\n'));
    expect(after.diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('clusterIP: None, replacing a cluster IP, in JSON too (and no suppression comments in JSON)', async () => {
    const json = JSON.stringify(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.0.12', selector: { app: 'web' } } },
      null,
      2,
    );
    const ws = workspace({ 'service.json': json, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const { text, after, titles } = await fix(ws, client, 'service.json', json, 'service-not-headless', /headless/);
    expect(JSON.parse(text).spec.clusterIP).toBe('None');
    expect(after.diagnostics).toEqual([]);
    expect(titles).toEqual([expect.stringMatching(/^Make the Service headless \(clusterIP: None\)/)]);
    await client.shutdown();
  });

  test('clusterIP: None, added to a JSON Service', async () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } }, null, 2);
    const ws = workspace({ 'service.json': json, 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const { text, after } = await fix(ws, client, 'service.json', json, 'service-not-headless', /headless/);
    expect(JSON.parse(text).spec).toEqual({ clusterIP: 'None', selector: { app: 'web' } });
    expect(after.diagnostics).toEqual([]);
    await client.shutdown();
  });

  test('apps/v1beta2 → apps/v1 is the apiVersion alone when the selector is there', async () => {
    const beta = STATEFULSET.replace('apiVersion: apps/v1', 'apiVersion: "apps/v1beta2"');
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': beta });
    const client = await start(ws);
    const { text, after, titles } = await fix(ws, client, 'statefulset.yaml', beta, 'api-removed', /^Fix this api-removed/);
    expect(titles[0]).toBe('Fix this api-removed problem');
    expect(text).toBe(STATEFULSET.replace('apiVersion: apps/v1', 'apiVersion: "apps/v1"'));
    expect(errors(after)).toEqual([]);
    await client.shutdown();
  });

  test('apps/v1beta1 → apps/v1 with the selector and the OnDelete strategy the message names', async () => {
    const beta = STATEFULSET.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1').replace('  selector: {matchLabels: {app: web}}\n', '');
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': beta });
    const client = await start(ws, { settings: () => ({ kubernetesVersion: '1.30' }) });
    const { text, after, titles } = await fix(ws, client, 'statefulset.yaml', beta, 'api-removed', /^Fix this api-removed/);
    expect(titles[0]).toBe('Fix this api-removed problem');
    expect(text).toContain('apiVersion: apps/v1\n');
    // Added at the end of `spec` (no `replicas` to follow), in block style at the file's indentation.
    expect(text).toMatch(/\n {2}selector:\n {4}matchLabels:\n {6}app: web\n {2}updateStrategy:\n {4}type: OnDelete\n$/);
    expect(errors(after)).toEqual([]);
    await client.shutdown();
  });

  test('PetSet → StatefulSet in apps/v1, as the message says', async () => {
    const petSet = STATEFULSET.replace('apiVersion: apps/v1\nkind: StatefulSet', 'apiVersion: apps/v1alpha1\nkind: PetSet').replace(
      '  selector: {matchLabels: {app: web}}\n',
      '',
    );
    const ws = workspace({ 'service.yaml': SERVICE, 'petset.yaml': petSet });
    const client = await start(ws);
    const { text, after, titles } = await fix(ws, client, 'petset.yaml', petSet, 'api-removed', /^Fix this api-removed/);
    expect(titles[0]).toBe('Fix this api-removed problem');
    // The selector goes at the end of `spec`.
    expect(text).toBe(`${STATEFULSET.replace('  selector: {matchLabels: {app: web}}\n', '')}  selector:\n    matchLabels:\n      app: web\n`);
    expect(errors(after)).toEqual([]);
    await client.shutdown();
  });

  test('an apiVersion move is offered where it is all the message asks, not where the meaning changes', async () => {
    const pdb = (selector: string) =>
      `apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector: ${selector}\n`;
    const ws = workspace({ 'pdb.yaml': pdb('{matchLabels: {app: web}}'), 'all.yaml': pdb('{}').replace('name: web', 'name: all') });
    const client = await start(ws);
    const { text, titles } = await fix(ws, client, 'pdb.yaml', pdb('{matchLabels: {app: web}}'), 'api-removed', /policy\/v1/);
    expect(titles[0]).toBe('Change apiVersion to policy/v1 (check what the new version defaults differently)');
    expect(text).toBe(pdb('{matchLabels: {app: web}}').replace('policy/v1beta1', 'policy/v1'));
    const uri = ws.uri('all.yaml');
    open(client, uri, pdb('{}').replace('name: web', 'name: all'));
    const emptySelector = (await published(client, uri, 1, withRule('api-removed'))).diagnostics.find((d) => d.code === 'api-removed')!;
    expect(emptySelector.message).toContain('selects every pod in the namespace');
    expect((await actionsAt(client, uri, emptySelector)).map((a) => a.title)).toEqual([
      'Suppress api-removed on this line',
      'Suppress api-removed in this document',
    ]);
    await client.shutdown();
  });

  test('suppress on this line, then in this document', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const line = await fix(ws, client, 'statefulset.yaml', STATEFULSET, 'service-missing', /on this line/);
    expect(line.text.split('\n')[SERVICE_NAME_LINE]).toBe('  # stslint-disable-next-line service-missing');
    expect(line.after.diagnostics.filter((d) => d.code === 'service-missing')).toEqual([]);
    close(client, ws.uri('statefulset.yaml'));

    const ws2 = workspace({ 'statefulset.yaml': STATEFULSET });
    const client2 = await start(ws2);
    const whole = await fix(ws2, client2, 'statefulset.yaml', STATEFULSET, 'service-missing', /in this document/);
    expect(whole.text.startsWith('# stslint-disable service-missing\napiVersion: apps/v1\n')).toBe(true);
    expect(whole.after.diagnostics.filter((d) => d.code === 'service-missing')).toEqual([]);
    await Promise.all([client.shutdown(), client2.shutdown()]);
  });

  test('none for a diagnostic of an older version of the text', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    const uri = ws.uri('statefulset.yaml');
    open(client, uri, STATEFULSET);
    const old = (await published(client, uri, 1, withRule('service-missing'))).diagnostics.find((d) => d.code === 'service-missing')!;
    const version = change(client, uri, `# a comment above\n${STATEFULSET}`);
    const moved = (await published(client, uri, version)).diagnostics.find((d) => d.code === 'service-missing')!;
    expect(moved.range.start.line).toBe(old.range.start.line + 1);
    expect(await actionsAt(client, uri, old)).toEqual([]);
    expect((await actionsAt(client, uri, moved)).map((a) => a.title)).toEqual([
      'Add a headless Service web that selects the pods (add the ports your clients use)',
      'Suppress service-missing on this line',
      'Suppress service-missing in this document',
    ]);
    await client.shutdown();
  });

  test('suppression comments that suppress nothing: removed, trimmed, or their rule id corrected', async () => {
    const text = STATEFULSET.replace('  serviceName: web', '  # stslint-disable-next-line service-missing, no-stable-storage -- reviewed\n  serviceName: wbe')
      .replace('kind: StatefulSet', 'kind: StatefulSet # stslint-disable-line api-removed')
      .replace('  template:', '  # stslint-disable-next-line servce-missing\n  template:');
    const ws = workspace({ 'statefulset.yaml': text });
    const client = await start(ws, { settings: () => ({ reportUnusedDisables: true }) });
    const uri = ws.uri('statefulset.yaml');
    open(client, uri, text);
    const found = (await published(client, uri, 1, withRule('unused-disable'))).diagnostics.filter((d) => d.code === 'unused-disable');
    const titles = await Promise.all(found.map(async (d) => (await actionsAt(client, uri, d)).map((a) => a.title)));
    expect(titles.sort()).toEqual([
      ['Change servce-missing to service-missing'],
      ['Fix this unused-disable problem', 'Fix all auto-fixable stslint problems'],
      ['Fix this unused-disable problem', 'Fix all auto-fixable stslint problems'],
    ]);
    let fixed = text;
    for (const d of found) fixed = apply(fixed, (await actionsAt(client, uri, d))[0]!);
    expect(fixed).toContain('  # stslint-disable-next-line service-missing -- reviewed\n  serviceName: wbe');
    expect(fixed).toContain('kind: StatefulSet\n');
    expect(fixed).toContain('  # stslint-disable-next-line service-missing\n  template:');
    const after = await published(client, uri, change(client, uri, fixed));
    expect(after.diagnostics.filter((d) => d.code === 'unused-disable').map((d) => d.message)).toEqual([
      expect.stringContaining('`# stslint-disable-next-line service-missing` suppresses nothing'),
    ]);
    await client.shutdown();
  });

  test('a rule is added to a suppression comment already there', async () => {
    const text = `---\n# stslint-disable pdb-missing -- reviewed\n${STATEFULSET}`.replace(
      '  serviceName: web',
      '  # stslint-disable-next-line anti-affinity-missing\n  serviceName: web',
    );
    const ws = workspace({ 'statefulset.yaml': text });
    const client = await start(ws);
    const line = await fix(ws, client, 'statefulset.yaml', text, 'service-missing', /on this line/);
    expect(line.text).toContain('  # stslint-disable-next-line anti-affinity-missing, service-missing\n  serviceName: web');
    await client.shutdown();

    const ws2 = workspace({ 'statefulset.yaml': text });
    const client2 = await start(ws2);
    const whole = await fix(ws2, client2, 'statefulset.yaml', text, 'service-missing', /in this document/);
    expect(whole.text.startsWith('---\n# stslint-disable pdb-missing, service-missing -- reviewed\napiVersion')).toBe(true);
    await client2.shutdown();
  });
});

describe('quick fixes and --fix are one implementation', () => {
  const BETA = STATEFULSET.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1').replace('  selector: {matchLabels: {app: web}}\n', '');

  /** What `stslint --fix` writes for these files (the bundled CLI, in a folder of its own). */
  function cliFix(files: Record<string, string>, args: string[] = []): Record<string, string> {
    const ws = workspace(files);
    const result = spawnSync(process.execPath, [CLI, '--fix', '--no-config', ...args, '.'], { cwd: ws.dir, encoding: 'utf8' });
    expect(result.stderr).not.toContain('internal error');
    return Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(ws.file(name), 'utf8')]));
  }

  test('the preferred quick fix gives the text --fix writes', async () => {
    const ws = workspace({ 'service.yaml': SERVICE, 'statefulset.yaml': BETA });
    const client = await start(ws, { settings: () => ({ kubernetesVersion: '1.30' }) });
    const uri = ws.uri('statefulset.yaml');
    open(client, uri, BETA);
    const diagnostic = (await published(client, uri, 1, withRule('api-removed'))).diagnostics.find((d) => d.code === 'api-removed')!;
    const answer = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const preferred = (answer.result as { isPreferred?: boolean; edit: { documentChanges: { edits: never[] }[] } }[]).find((a) => a.isPreferred)!;
    const quick = TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, BETA), preferred.edit.documentChanges[0]!.edits);
    expect(quick).not.toBe(BETA);
    expect(cliFix({ 'service.yaml': SERVICE, 'statefulset.yaml': BETA }, ['--kubernetes-version', '1.30'])['statefulset.yaml']).toBe(quick);
    await client.shutdown();
  });

  test('"fix all" (source.fixAll.stslint) gives the text --fix writes, every pass of the loop included', async () => {
    // Two findings with fixes in two objects of one file.
    const text = `${SERVICE.replace('  clusterIP: None\n', '  clusterIP: None\n  publishNotReadyAddresses: false\n').replace(
      'metadata: {name: web}',
      'metadata:\n  name: web\n  annotations:\n    service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"',
    )}---\n${BETA}`;
    const ws = workspace({ 'all.yaml': text });
    const client = await start(ws, { settings: () => ({ kubernetesVersion: '1.30' }) });
    const uri = ws.uri('all.yaml');
    open(client, uri, text);
    const diagnostics = (await published(client, uri, 1, withRule('api-removed'))).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['api-removed', 'tolerate-unready-annotation']));
    const answer = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const actions = answer.result as { kind: string; edit: { documentChanges: { edits: never[] }[] } }[];
    expect(actions.map((a) => a.kind)).toEqual(['source.fixAll.stslint']);
    const fixed = TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), actions[0]!.edit.documentChanges[0]!.edits);
    expect(fixed).toContain('publishNotReadyAddresses: true');
    expect(fixed).toContain('apiVersion: apps/v1\n');
    expect(cliFix({ 'all.yaml': text }, ['--kubernetes-version', '1.30'])['all.yaml']).toBe(fixed);
    await client.shutdown();
  });
});

describe('the process', () => {
  test('exit without shutdown is exit code 1, as the protocol says', async () => {
    const ws = workspace({ 'statefulset.yaml': STATEFULSET });
    const client = await start(ws);
    client.notify('exit', null);
    expect(await client.exitCode).toBe(1);
  });

  test('no transport or an unknown option: one line, exit code 2', () => {
    for (const args of [[], ['--stdio', '--frobnicate']]) {
      const result = spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', input: '' });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^stslint-language-server: .*--stdio/);
    }
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('stslint-language-server --stdio');
  });
});
