// The language server on real manifests (../shared/corpus, skipped where it is absent): it
// reports exactly what the command line reports for the same folder, and every code action it
// offers leaves a file that still parses, with the same objects in it.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { processText } from '../src/input/pipeline.js';
import { lintSources, type LintRun } from '../src/engine/lint.js';
import { expandInputs } from '../src/input/files.js';
import type { LintResult } from '../src/engine/report.js';
import { LspClient, type Diagnostic } from './support/lsp-client.js';
import { ROOT, SHARED, stslint } from './support/run.js';

const CORPUS = path.join(SHARED, 'corpus');
const SERVER = path.join(ROOT, 'dist/bundle/server.cjs');
const LEVEL = { error: 1, warning: 2, info: 3 } as const;

/** An object's kind and name; a PetSet migrated to StatefulSet is the same object. */
const identity = (m: { obj: Record<string, unknown> }) =>
  `${m.obj.kind === 'PetSet' ? 'StatefulSet' : String(m.obj.kind)}/${String((m.obj.metadata as { name?: string }).name)}`;

interface Action {
  title: string;
  edit: { documentChanges: { edits: never[] }[] };
}

let corpus: string[] = [];
const corpusFiles = () => corpus;

describe.skipIf(!existsSync(CORPUS))('the language server on the shared corpus', () => {
  let client: LspClient;
  beforeAll(async () => {
    corpus = (await expandInputs([CORPUS], CORPUS)).files;
    client = new LspClient(process.execPath, [SERVER, '--stdio']);
    await client.initialize(pathToFileURL(CORPUS).href);
    await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'), 60_000);
    // The server publishes the folder's diagnostics before it logs that line, on the same stream.
  });
  afterAll(async () => {
    expect(await client.shutdown()).toBe(0);
  });

  const key = (filePath: string, d: { code?: string | null; severity?: number; range: Diagnostic['range']; message: string }) =>
    `${path.relative(CORPUS, filePath)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code ?? 'parse'} ${d.message}`;

  test('publishes what `stslint --format json` reports for the folder', () => {
    const cli = JSON.parse(stslint(['--format', 'json', CORPUS]).stdout) as LintResult[];
    const expected = cli.flatMap((r) =>
      r.messages.map((m) =>
        key(r.filePath, {
          code: m.ruleId,
          severity: LEVEL[m.level],
          message: m.message,
          range: { start: { line: m.line - 1, character: m.column - 1 }, end: { line: m.endLine - 1, character: m.endColumn - 1 } },
        }),
      ),
    );
    const served = [...client.diagnostics.values()].flatMap((p) => p.diagnostics.map((d) => key(fileURLToPath(p.uri), d)));
    expect(expected.length).toBeGreaterThan(100);
    expect(served.sort()).toEqual(expected.sort());
  });

  test('every code action leaves a file that parses, with the same objects', async () => {
    let applied = 0;
    const fixes: { file: string; text: string; diagnostic: Diagnostic; where: string }[] = [];
    for (const [uri, { diagnostics }] of client.diagnostics) {
      const ours = diagnostics.filter((d) => d.code !== undefined);
      if (ours.length === 0) continue;
      const text = readFileSync(fileURLToPath(uri), 'utf8');
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
      const before = processText('x.yaml', text);
      for (const diagnostic of ours) {
        const answer = await client.request('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        for (const action of answer.result as Action[]) {
          const changed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), action.edit.documentChanges[0]!.edits);
          const after = processText('x.yaml', changed);
          const where = `${path.relative(CORPUS, fileURLToPath(uri))}: ${action.title} for ${String(diagnostic.code)} at line ${diagnostic.range.start.line + 1}`;
          expect(after.findings.filter((f) => f.fatal).length, where).toBeLessThanOrEqual(before.findings.filter((f) => f.fatal).length);
          // The one suggestion that adds an object (service-missing's headless Service) adds exactly one, after the others.
          const added = action.title.startsWith('Add a headless Service') ? 1 : 0;
          expect(after.manifests.length - before.manifests.length, where).toBe(added);
          for (const id of before.manifests.map(identity)) expect(after.manifests.map(identity), where).toContain(id);
          applied++;
          if ((action as { isPreferred?: boolean }).isPreferred) fixes.push({ file: fileURLToPath(uri), text: changed, diagnostic, where });
        }
      }
      client.notify('textDocument/didClose', { textDocument: { uri } });
    }
    expect(applied).toBeGreaterThan(100);

    // A quick fix removes its finding, and brings no new error into the file, judged with the whole folder.
    const files = corpusFiles();
    expect(fixes.length).toBeGreaterThanOrEqual(4);
    for (const fix of fixes) {
      const ruleOf = (run: LintRun) => run.findings.filter((f) => f.filePath === fix.file && !f.suppressions);
      const before = ruleOf(lintSources(files.map((f) => ({ path: f, text: readFileSync(f, 'utf8') }))));
      const after = ruleOf(lintSources(files.map((f) => ({ path: f, text: f === fix.file ? fix.text : readFileSync(f, 'utf8') }))));
      const at = (f: { ruleId: string | null; resource?: { name: string } }) => `${String(f.ruleId)} ${f.resource?.name ?? ''}`;
      const data = fix.diagnostic.data as { resource: { name: string } };
      expect(after.map(at), fix.where).not.toContain(`${String(fix.diagnostic.code)} ${data.resource.name}`);
      const newErrors = after.filter((f) => f.severity === 'error' && !before.some((b) => at(b) === at(f) && b.message === f.message));
      expect(
        newErrors.map((f) => f.message),
        fix.where,
      ).toEqual([]);
    }
  });
});
