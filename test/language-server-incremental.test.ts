// The language server lints an edit incrementally (src/server/incremental.ts): only the files
// whose findings can change are linted again. After every edit of a seeded random sequence over
// fixture files, every file's diagnostics must be those of a full lint of the same texts, as the
// CLI runs it (files in path order).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { fileChecks, lintOutcomes, type LintOptions, type LintRun } from '../src/engine/lint.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import { expandInputs } from '../src/input/files.js';
import { processText } from '../src/input/pipeline.js';
import { toDiagnostic } from '../src/server/diagnostics.js';
import { IncrementalLint } from '../src/server/incremental.js';
import { ParseCache } from '../src/server/parse-cache.js';
import { compareCodePoints } from '../src/shared/text.js';
import { ROOT } from './support/run.js';
import { seededRandom as random } from './support/property.js';

const STEPS = 40;

const uriOf = (file: string) => `file://${file}`;

function toDiagnostics(run: LintRun, graph: ResourceGraph): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const result of run.results) {
    if (result.messages.length > 0)
      byFile.set(
        result.filePath,
        result.messages.map((m) => toDiagnostic(m, run.rulesMeta, graph, uriOf)),
      );
  }
  return byFile;
}

/** Parsed texts of the full lints, apart from the server's (parsing the same text gives the same outcome). */
const parsed = new Map<string, ReturnType<typeof processText>>();

/** Every file's diagnostics by a full lint of `texts`, in path order (a CLI run). */
function fullLint(texts: ReadonlyMap<string, string>, options: LintOptions): Map<string, Diagnostic[]> {
  const checks = fileChecks(options);
  const parse = (file: string, text: string) => {
    const key = `${JSON.stringify(checks)}\0${file}\0${text}`;
    let outcome = parsed.get(key);
    if (!outcome) parsed.set(key, (outcome = processText(file, text, checks)));
    return outcome;
  };
  const outcomes = [...texts].sort(([a], [b]) => compareCodePoints(a, b)).map(([file, text]) => parse(file, text));
  const { run, graph } = lintOutcomes(outcomes, options);
  return toDiagnostics(run, graph);
}

/** A top-level object's `metadata:` (block style) given a namespace, or its namespace changed. */
function moveToNamespace(text: string, namespace: string): string {
  if (/^ {2}namespace: .*$/m.test(text)) return text.replace(/^ {2}namespace: .*$/m, `  namespace: ${namespace}`);
  return text.replace(/^metadata:\n/m, `metadata:\n  namespace: ${namespace}\n`);
}

/** The names objects give themselves and each other in `text`. */
function namesIn(text: string): string[] {
  return [...text.matchAll(/\b(?:name|serviceName|claimName|secretName|storageClassName): ([a-z0-9][a-z0-9.-]*)$/gm)].map((m) => m[1]!);
}

async function fixtureTexts(pick: (file: string) => boolean): Promise<Map<string, string>> {
  const { files } = await expandInputs([path.join(ROOT, 'fixtures')], ROOT);
  return new Map(files.filter(pick).map((file) => [file, readFileSync(file, 'utf8')]));
}

describe('incremental linting in the language server', () => {
  it('gives every file the diagnostics of a full lint after each edit of a seeded random sequence', { timeout: 180_000 }, async () => {
    const next = random(2323);
    const choose = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    // Every fifth fixture directory: about 250 files with StatefulSets, Services, claims, budgets.
    const directories = new Set<string>();
    const all = await fixtureTexts(() => true);
    [...new Set([...all.keys()].map((f) => path.dirname(f)))].sort().forEach((d, i) => i % 5 === 0 && directories.add(d));
    const original = new Map([...all].filter(([file]) => directories.has(path.dirname(file))));
    // Spread over namespaces, so that most files do not relate to an edit.
    const texts = new Map([...original].map(([file, text], i) => [file, i % 3 === 0 ? text : moveToNamespace(text, `team-${i % 7}`)]));
    const options: LintOptions = { preset: 'all', reportUnusedDisables: true };
    const cache = new ParseCache();
    const incremental = new IncrementalLint(1);
    const checks = fileChecks(options);
    const pass = () =>
      incremental.pass(
        [...texts].map(([file, text]) => cache.outcomeFor(file, text, checks)),
        options,
        toDiagnostics,
      );

    expect(pass().relinted).toBeUndefined();
    const names = [...texts.values()].flatMap(namesIn);
    let scoped = 0;
    let untouched = 0;
    for (let step = 0; step < STEPS; step++) {
      const files = [...texts.keys()];
      const file = choose(files);
      const text = texts.get(file)!;
      const kind = choose(['rename', 'rename', 'namespace', 'copy', 'delete', 'break', 'revert', 'document'] as const);
      if (kind === 'rename' && namesIn(text).length > 0) {
        // One of its names becomes another object's name: a reference found or lost.
        const from = choose(namesIn(text));
        texts.set(file, text.split(from).join(next() < 0.5 ? choose(names) : `${from}-x`));
      } else if (kind === 'namespace') {
        texts.set(file, moveToNamespace(text, `team-${Math.floor(next() * 9)}`));
      } else if (kind === 'copy') {
        texts.set(path.join(path.dirname(file), `copy-${step}.yaml`), texts.get(choose(files))!);
      } else if (kind === 'delete') {
        texts.delete(file);
        cache.forget(file);
      } else if (kind === 'break') {
        texts.set(file, next() < 0.5 ? `${text}\n---\nkind: [\n` : text.slice(0, Math.floor(next() * text.length)));
      } else if (kind === 'document') {
        texts.set(file, `${text.trimEnd()}\n---\n${texts.get(choose(files))!}`);
      } else {
        texts.set(file, original.get(file) ?? text);
      }
      const result = pass();
      if (result.relinted) {
        scoped++;
        untouched += texts.size - result.relinted.size;
      }
      expect(new Map(result.diagnostics), `step ${step}: ${kind} ${path.relative(ROOT, file)}`).toEqual(fullLint(texts, options));
    }
    // The scoped path ran, and left files alone. Fixture files share many names (web, data, db)
    // across namespaces, so an edit here relates to far more files than in a real repository
    // (bench/lsp.mjs: 20 of 1,000); the bound only proves that scoping happens at all.
    expect(scoped).toBe(STEPS);
    expect(untouched / STEPS).toBeGreaterThan(texts.size / 5);
  });

  it('lints everything again when the options change, and nothing when no file did', async () => {
    const texts = await fixtureTexts((file) => file.includes(`${path.sep}service-missing${path.sep}`));
    const incremental = new IncrementalLint();
    const cache = new ParseCache();
    const pass = (options: LintOptions) =>
      incremental.pass(
        [...texts].map(([file, text]) => cache.outcomeFor(file, text, fileChecks(options))),
        options,
        toDiagnostics,
      );
    expect(pass({}).relinted).toBeUndefined();
    expect(pass({}).relinted).toEqual(new Set());
    const options: LintOptions = { rules: { 'service-missing': 'off' } };
    const result = pass(options);
    expect(result.relinted).toBeUndefined();
    expect(new Map(result.diagnostics)).toEqual(fullLint(texts, options));
  });
});
