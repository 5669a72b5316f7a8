// The language server renders what the user types, unit by unit, and kills what it no longer
// needs, driven over its LSP protocol as an editor drives it, with the real helm v4.1.4 and
// kubectl v1.33.9 (test/support/render-tools.ts) or a fake tool where the test needs one:
// - unsaved text of a values file, a template and a patch is rendered (from a temporary copy the
//   server removes again); the user's files are never written, and every position is theirs;
// - a render overtaken by a newer one, or running when the server shuts down, is killed with
//   every process its tool started;
// - a change renders only the units that read the file, and the result equals a full render.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, shownByFile, type Message, type PublishedDiagnostics } from './support/lsp-client.js';
import { ROOT } from './support/run.js';
import { renderTools, writeRenderConfig, writeScript } from './support/render-tools.js';

const SERVER = path.join(ROOT, 'dist/bundle/server.cjs');
const FIXTURES = path.join(ROOT, 'test/render-fixtures');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Workspace {
  dir: string;
  /** The server's own temporary folder (TMPDIR): its copies of unsaved text and its render cache. */
  tmp: string;
  uri(name: string): string;
  read(name: string): string;
}

/** Fixture folders copied under `into` (or at the top), with a configuration that names the test's tools. */
function workspace(fixtures: Record<string, string>, render: Record<string, string> = {}): Workspace {
  const dir = temporaryDir('stslint-ls-live-');
  for (const [fixture, into] of Object.entries(fixtures)) cpSync(path.join(FIXTURES, fixture), path.join(dir, into), { recursive: true });
  writeRenderConfig(dir, render);
  const tmp = temporaryDir('stslint-ls-live-tmp-');
  return {
    dir,
    tmp,
    uri: (name) => pathToFileURL(path.join(dir, name)).href,
    read: (name) => readFileSync(path.join(dir, name), 'utf8'),
  };
}

async function start(ws: Workspace): Promise<LspClient> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, TMPDIR: ws.tmp } });
  cleanups.push(() => client.kill());
  await client.initialize(pathToFileURL(ws.dir).href);
  return client;
}

/** Writes a file as an editor's save does, and tells the server as the editor's file watcher does. */
function save(client: LspClient, ws: Workspace, name: string, text: string): void {
  const file = path.join(ws.dir, name);
  const type = existsSync(file) ? 2 : 1;
  writeFileSync(file, text);
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(name), type }] });
}

/** An open document edited as an editor does it: the whole text, a version up. */
function editor(client: LspClient, ws: Workspace) {
  const versions = new Map<string, number>();
  return {
    open(name: string, text = ws.read(name)) {
      versions.set(name, 1);
      client.notify('textDocument/didOpen', { textDocument: { uri: ws.uri(name), languageId: 'yaml', version: 1, text } });
    },
    type(name: string, text: string) {
      const version = versions.get(name)! + 1;
      versions.set(name, version);
      client.notify('textDocument/didChange', { textDocument: { uri: ws.uri(name), version }, contentChanges: [{ text }] });
    },
    close(name: string) {
      client.notify('textDocument/didClose', { textDocument: { uri: ws.uri(name) } });
    },
  };
}

const logged = (words: string) => (m: Message) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes(words);
const rendered = logged('chart and kustomization outputs');
const withRule = (rule: string) => (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.code === rule);

/** Waits until the server has been quiet (no message) for `quietMs`. */
async function settled(client: LspClient, quietMs = 1_000): Promise<void> {
  let count = -1;
  while (count !== client.received.length) {
    count = client.received.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** Every diagnostic shown now, by file name relative to `dir` (sorted): line, rule, message, related places. */
function current(client: LspClient, dir: string): Record<string, string[]> {
  const shown = shownByFile(client, dir, (d) => {
    const related = (d.relatedInformation ?? []).map((r) => `${path.relative(dir, new URL(r.location.uri).pathname)}:${r.location.range.start.line + 1}`);
    return `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code ?? 'fatal'} ${d.message} [${related.join(', ')}]`;
  });
  return Object.fromEntries(
    Object.entries(shown)
      .map(([file, lines]) => [file, lines.sort()] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** The copies of unsaved text left in the server's temporary folder. */
const copies = (ws: Workspace) => readdirSync(ws.tmp).filter((n) => n.startsWith('stslint-ls-unsaved-'));

const VALUES = 'replicaCount: 3\nimage: postgres:16.4\nheadless: true\npersistence:\n  size: 1Gi\n';
const NOT_HEADLESS = VALUES.replace('headless: true', 'headless: false');

describe('unsaved text is rendered', () => {
  test('a values file and a template as typed: findings at their lines in the user’s files, disk untouched, copies removed', { timeout: 120_000 }, async () => {
    const ws = workspace({ 'chart-db': '.' });
    const client = await start(ws);
    await client.waitFor(logged('manifest files of'), 30_000);
    await client.waitFor(rendered, 30_000);
    await settled(client, 500);
    expect(current(client, ws.dir)).toEqual({});
    const documents = editor(client, ws);

    // Typed, not saved: the finding is on the values line, with the template line related, all at the user's paths.
    documents.open('values.yaml');
    let from = client.received.length;
    documents.type('values.yaml', NOT_HEADLESS);
    const onValues = await client.nextDiagnostics(ws.uri('values.yaml'), withRule('service-not-headless'), from);
    const diagnostic = onValues.diagnostics.find((d) => d.code === 'service-not-headless')!;
    expect(diagnostic.range.start.line).toBe(2);
    expect(diagnostic.relatedInformation?.map((r) => r.location.uri)).toContain(ws.uri('templates/service.yaml'));
    expect(client.received.some(logged('with unsaved changes'))).toBe(true);
    expect(JSON.stringify(client.received.filter((m) => m.method === 'textDocument/publishDiagnostics'))).not.toContain(ws.tmp);
    expect(ws.read('values.yaml')).toBe(VALUES);

    // Typed back to the saved text: rendered from disk again, the copy removed.
    from = client.received.length;
    documents.type('values.yaml', VALUES);
    await client.nextDiagnostics(ws.uri('values.yaml'), (p) => p.diagnostics.length === 0, from);
    expect(await until(() => copies(ws).length === 0, 5_000)).toBe(true); // removed in the background

    // A template broken as typed: one diagnostic at the line helm names, in the template.
    const template = ws.read('templates/service.yaml');
    documents.open('templates/service.yaml');
    from = client.received.length;
    documents.type('templates/service.yaml', template.replace('    - name: pg\n', '    - name: {{ .Values.nope.x }}\n'));
    const failure = await client.nextDiagnostics(ws.uri('templates/service.yaml'), (p) => p.diagnostics.length > 0, from);
    expect(failure.diagnostics).toHaveLength(1);
    expect(failure.diagnostics[0]!.range.start.line).toBe(template.split('\n').indexOf('    - name: pg'));
    expect(failure.diagnostics[0]!.message).toMatch(/^helm template failed for this chart.*nil pointer/s);
    expect(failure.diagnostics[0]!.message).not.toContain(ws.tmp);
    expect(ws.read('templates/service.yaml')).toBe(template);

    // Closed without saving: the disk's text counts again.
    from = client.received.length;
    documents.close('templates/service.yaml');
    await client.nextDiagnostics(ws.uri('templates/service.yaml'), (p) => p.diagnostics.length === 0, from);
    from = client.received.length;
    documents.type('values.yaml', NOT_HEADLESS);
    await client.nextDiagnostics(ws.uri('values.yaml'), withRule('service-not-headless'), from);
    expect(copies(ws)).toHaveLength(1); // kept while its render's findings are shown (their line maps read it)
    expect(await client.shutdown()).toBe(0);
    expect(copies(ws)).toEqual([]);
    expect(ws.read('values.yaml')).toBe(VALUES);
  });

  test('an overlay’s patch as typed: findings on the patch lines, through kustomize’s load rules on the copy', { timeout: 120_000 }, async () => {
    const ws = workspace({ kustomize: '.' });
    const client = await start(ws);
    const patch = 'overlays/prod/service-patch.yaml';
    await client.nextDiagnostics(ws.uri(patch), withRule('service-not-headless'), 0);
    const saved = ws.read(patch);
    const documents = editor(client, ws);
    documents.open(patch);

    let from = client.received.length;
    documents.type(patch, saved.replace('10.0.0.5', 'None'));
    await client.nextDiagnostics(ws.uri(patch), (p) => p.diagnostics.length === 0, from);

    from = client.received.length;
    documents.type(patch, `# moved down a line\n${saved.replace('10.0.0.5', '10.0.0.7')}`);
    const onPatch = await client.nextDiagnostics(ws.uri(patch), withRule('service-not-headless'), from);
    const diagnostic = onPatch.diagnostics.find((d) => d.code === 'service-not-headless')!;
    expect(diagnostic.message).toContain('10.0.0.7');
    expect(diagnostic.range.start.line).toBe(saved.split('\n').findIndex((l) => l.includes('clusterIP')) + 1);
    // The other patch's finding stays where it is, in the user's file.
    await settled(client, 500);
    expect(Object.keys(current(client, ws.dir)).sort()).toEqual(['overlays/prod/cache-volume-patch.yaml', patch]);
    expect(ws.read(patch)).toBe(saved);

    // The kustomization as typed names a folder it did not read before: that folder is read (and copied) too.
    const extraSts =
      'apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata:\n  name: extra\nspec:\n  serviceName: web\n  selector:\n    matchLabels: {app: extra}\n  template:\n    metadata:\n      labels: {app: extra}\n    spec:\n      containers: [{name: a, image: nginx:1.27}]\n';
    mkdirSync(path.join(ws.dir, 'extra'));
    writeFileSync(path.join(ws.dir, 'extra/kustomization.yaml'), 'resources:\n  - sts.yaml\n');
    writeFileSync(path.join(ws.dir, 'extra/sts.yaml'), extraSts);
    const kustomization = 'overlays/prod/kustomization.yaml';
    documents.open(kustomization);
    from = client.received.length;
    documents.type(kustomization, ws.read(kustomization).replace('  - ../../base\n', '  - ../../base\n  - ../../extra\n'));
    const onExtra = await client.nextDiagnostics(
      ws.uri('extra/sts.yaml'),
      (p) => p.diagnostics.some((d) => d.code === 'api-removed' && d.message.includes('built by overlays/prod')),
      from,
    );
    expect(onExtra.diagnostics.find((d) => d.code === 'api-removed')!.range.start.line).toBe(0);
    await settled(client, 500);
    expect(current(client, ws.dir)[kustomization]).toBeUndefined(); // no build failure
    expect(await client.shutdown()).toBe(0);
    expect(copies(ws)).toEqual([]);
  });

  test('a fix carried to a template is in the offsets of the text typed, and offered only while the document shows it', { timeout: 120_000 }, async () => {
    const STS = (api: string) =>
      `apiVersion: ${api}\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n`;
    const ws = workspace({});
    mkdirSync(path.join(ws.dir, 'chart/templates'), { recursive: true });
    writeFileSync(path.join(ws.dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(
      path.join(ws.dir, 'chart/templates/service.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n    - port: 80\n',
    );
    writeFileSync(path.join(ws.dir, 'chart/templates/statefulset.yaml'), STS('apps/v1'));
    const client = await start(ws);
    await client.waitFor(rendered, 30_000);
    const documents = editor(client, ws);
    const name = 'chart/templates/statefulset.yaml';
    documents.open(name);
    const typed = `# two lines\n# above it\n${STS('apps/v1beta2')}`;
    let from = client.received.length;
    documents.type(name, typed);
    const published = await client.nextDiagnostics(ws.uri(name), withRule('api-removed'), from);
    const diagnostic = published.diagnostics.find((d) => d.code === 'api-removed')!;
    expect(diagnostic.range.start.line).toBe(2);
    const fix = (diagnostic.data as { fix?: { range: [number, number]; text: string } }).fix!;
    expect(typed.slice(0, fix.range[0]) + fix.text + typed.slice(fix.range[1])).toBe(`# two lines\n# above it\n${STS('apps/v1')}`);
    expect(ws.read(name)).toBe(STS('apps/v1'));

    // One more line typed above: until the render of that text is in, the fix (in the offsets of the text before) is not offered.
    from = client.received.length;
    client.notify('textDocument/didChange', { textDocument: { uri: ws.uri(name), version: 3 }, contentChanges: [{ text: `# one more\n${typed}` }] });
    const before = await client.nextDiagnostics(ws.uri(name), (p) => p.version === 3, from);
    for (const d of before.diagnostics) expect((d.data as { fix?: unknown } | undefined)?.fix).toBeUndefined();
    const after = await client.nextDiagnostics(ws.uri(name), (p) => p.diagnostics.some((d) => d.code === 'api-removed' && d.range.start.line === 3));
    expect((after.diagnostics.find((d) => d.code === 'api-removed')!.data as { fix?: unknown }).fix).toBeDefined();
    expect(await client.shutdown()).toBe(0);
  });
});

/** Whether a process runs (a zombie has ended: it only waits for its parent to read its status). */
function running(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe.skipIf(!existsSync('/proc/self/stat'))('stale renders are killed', () => {
  test(
    'a render overtaken by a newer one, one running when its folder closes or at shutdown: the tool and its children end',
    { timeout: 120_000 },
    async () => {
      const bin = temporaryDir('stslint-ls-kill-');
      const pids = path.join(bin, 'pids');
      // A helm that never finishes by itself, and starts a child of its own (as wrapper scripts do).
      const hanging = writeScript(bin, 'helm', `echo $$ >> '${pids}'\nsleep 300 &\necho $! >> '${pids}'\nwait\n`);
      const ws = workspace({ 'chart-db': '.' }, { helm: hanging });
      const client = await start(ws);
      const started = (n: number) => () => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length >= n;
      const list = () => readFileSync(pids, 'utf8').trim().split('\n').map(Number);

      expect(await until(started(2), 30_000)).toBe(true);
      const first = list();
      expect(first.every(running)).toBe(true);
      save(client, ws, 'values.yaml', NOT_HEADLESS);
      expect(await until(() => !first.some(running), 5_000)).toBe(true);

      // The newer render runs in its place; the folder closed ends it too.
      expect(await until(started(4), 30_000)).toBe(true);
      const second = list().slice(2);
      expect(second.every(running)).toBe(true);
      const folder = { uri: pathToFileURL(ws.dir).href, name: 'workspace' };
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      expect(await until(() => !second.some(running), 5_000)).toBe(true);

      // Opened again, it renders again; the server shutting down ends that render.
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      expect(await until(started(6), 30_000)).toBe(true);
      const third = list().slice(4);
      expect(third.every(running)).toBe(true);
      expect(await client.shutdown()).toBe(0);
      expect(await until(() => !third.some(running), 5_000)).toBe(true);
      expect(client.received.some(rendered)).toBe(false);
    },
  );
});

describe('a change renders only the units that read it', () => {
  test(
    'two charts and a plain file: a values change renders its chart alone, a plain change nothing; the result equals a full render',
    { timeout: 180_000 },
    async () => {
      const bin = temporaryDir('stslint-ls-count-');
      const calls = path.join(bin, 'calls');
      const counting = writeScript(bin, 'helm', `echo "$3" >> '${calls}'\nexec '${renderTools().helm}' "$@"\n`);
      const ws = workspace({ 'chart-db': 'a', kustomize: 'k' }, { helm: counting });
      cpSync(path.join(FIXTURES, 'chart-db'), path.join(ws.dir, 'b'), { recursive: true });
      mkdirSync(path.join(ws.dir, 'plain'));
      const plainText = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lone\ndata:\n  a: "1"\n';
      writeFileSync(path.join(ws.dir, 'plain/config.yaml'), plainText);
      const helmCalls = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []).map((root) => path.relative(ws.dir, root));

      const client = await start(ws);
      await client.waitFor(logged('manifest files of'), 30_000);
      // Each unit's first render (a, b, k) is in, whatever the load.
      expect(await until(() => client.received.filter(rendered).length >= 3, 60_000)).toBe(true);
      await settled(client);
      expect(helmCalls().sort()).toEqual(['a', 'b']);

      // (Renders are counted by the server's log: an unchanged chart rendered again would be taken from the cache, with no helm call.)
      let from = client.received.length;
      save(client, ws, 'a/values.yaml', NOT_HEADLESS);
      await client.nextDiagnostics(ws.uri('a/values.yaml'), withRule('service-not-headless'), from);
      await settled(client);
      expect(
        client.received
          .slice(from)
          .filter(rendered)
          .map((m) => (m.params as { message: string }).message),
      ).toEqual([expect.stringContaining(`of ${ws.dir} (a) in`)]);
      expect(helmCalls().sort()).toEqual(['a', 'a', 'b']);

      from = client.received.length;
      save(client, ws, 'plain/config.yaml', plainText.replace('"1"', '"2"'));
      await settled(client);
      expect(helmCalls()).toHaveLength(3);
      expect(client.received.slice(from).some(rendered)).toBe(false);

      // A patch of the overlay: kustomize runs, helm does not.
      from = client.received.length;
      save(client, ws, 'k/overlays/prod/service-patch.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n');
      await client.waitFor(rendered, 30_000, from);
      await settled(client);
      expect(client.received.slice(from).filter(rendered)).toHaveLength(1);
      expect(helmCalls()).toHaveLength(3);

      // The same folder in a server that renders it whole, from nothing: the same diagnostics.
      const after = current(client, ws.dir);
      expect(after['a/values.yaml']).toBeDefined();
      expect(after['b/values.yaml']).toBeUndefined();
      expect(await client.shutdown()).toBe(0);
      const fresh = await start({ ...ws, tmp: temporaryDir('stslint-ls-live-tmp-') });
      await fresh.waitFor(logged('manifest files of'), 30_000);
      expect(await until(() => fresh.received.filter(rendered).length >= 3, 60_000)).toBe(true);
      await settled(fresh);
      expect(helmCalls()).toHaveLength(5);
      expect(current(fresh, ws.dir)).toEqual(after);
      expect(await fresh.shutdown()).toBe(0);
    },
  );
});
