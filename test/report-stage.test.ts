// The report stage's shortcuts give exactly what the full work gives:
//   - a run without fixes (LintOptions.fixes false, what the CLI asks for when every output format
//     is one of FORMATS_WITHOUT_FIXES) has the results of a run with them, less the rules' fixes
//     and suggestions; and those formats print the same text for either run's results;
//   - editedObject, which copies only what the edits go through, reads as the object edited after
//     a whole deep copy, and leaves the object as it was.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, type LintOptions, type LintRun } from '../src/engine/lint.js';
import type { LintResult } from '../src/engine/report.js';
import { editedObject } from '../src/fix/fix.js';
import { FORMATS_WITHOUT_FIXES, loadFormatter } from '../src/formatters/index.js';
import { processText, type FileOutcome } from '../src/input/pipeline.js';
import type { FixEdit, Path } from '../src/shared/finding.js';
import type { JsonRecord } from '../src/shared/value.js';
import { FIXTURES_DIR, loadCases } from './support/fixtures.js';
import { manifestFiles, SHARED } from './support/run.js';

const CORPUS = [path.join(SHARED, 'corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir));

/** The results with no fix or suggestion anywhere, and nothing counted fixable. */
function withoutFixes(results: readonly LintResult[]): LintResult[] {
  const strip = (m: LintResult['messages'][number]) => {
    const { fix: _fix, suggestions: _suggestions, ...rest } = m;
    return rest;
  };
  return results.map((r) => ({
    ...r,
    messages: r.messages.map(strip),
    suppressedMessages: r.suppressedMessages.map(strip),
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  }));
}

/** Every fixture case, and each corpus folder as one run (a project's files together). */
function runs(): { name: string; inputs: { path: string; text: string }[]; options: LintOptions }[] {
  const out: { name: string; inputs: { path: string; text: string }[]; options: LintOptions }[] = [];
  for (const rule of readdirSync(FIXTURES_DIR)) {
    const dir = path.join(FIXTURES_DIR, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const c of loadCases(dir).filter((k) => !k.baseInputs)) {
      out.push({ name: `${rule}/${c.name}`, inputs: c.inputs, options: { preset: 'all', reportUnusedDisables: true, ...c.options } });
    }
  }
  if (CORPUS) {
    for (const project of readdirSync(CORPUS)) {
      const dir = path.join(CORPUS, project);
      if (!statSync(dir).isDirectory()) continue;
      const inputs = manifestFiles(dir).map((file) => ({ path: file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') }));
      out.push({ name: `corpus/${project}`, inputs, options: { preset: 'all' } });
    }
  }
  return out;
}

describe('a run without fixes', () => {
  it('has the results of a run with them, less the rules’ fixes, and the formats without fixes print them alike', { timeout: 600_000 }, async () => {
    const formats = await Promise.all([...FORMATS_WITHOUT_FIXES].map(async (name) => ({ name, format: (await loadFormatter(name))! })));
    let fixed = 0;
    for (const { name, inputs, options } of runs()) {
      const full: LintRun = lintSources(inputs, options);
      const lean: LintRun = lintSources(inputs, { ...options, fixes: false });
      expect({ name, results: withoutFixes(lean.results) }).toEqual({ name, results: withoutFixes(full.results) });
      // Only the built-in unused-disable finding (not a rule's) keeps its fix.
      expect(lean.findings.filter((f) => (f.fix ?? f.suggestions) && f.ruleId !== 'unused-disable').map((f) => f.ruleId)).toEqual([]);
      const withFix = full.findings.filter((f) => f.fix ?? f.suggestions).length;
      fixed += withFix;
      if (withFix === 0) continue;
      for (const { name: format, format: print } of formats) {
        const context = { cwd: FIXTURES_DIR, rulesMeta: full.rulesMeta, stats: full.stats, color: false, elapsedMs: 1, checks: full.checks };
        expect({ name, format, text: await print(lean.results, context) }).toEqual({ name, format, text: await print(full.results, context) });
      }
    }
    expect(fixed).toBeGreaterThan(30);
  });
});

/** editedObject as it was: a deep copy of the whole object (structuredClone), then the edits. */
function editedByWholeCopy(obj: JsonRecord, edits: readonly FixEdit[]): JsonRecord {
  const copy = structuredClone(obj);
  for (const edit of edits) {
    if (edit.op === 'set') {
      let node = copy as Record<string | number, unknown>;
      for (const segment of edit.path.slice(0, -1)) {
        let next = node[segment];
        if (typeof next !== 'object' || next === null) node[segment] = next = {};
        node = next as Record<string | number, unknown>;
      }
      node[edit.path[edit.path.length - 1]!] = structuredClone(edit.value);
    } else if (edit.op === 'remove') {
      const parents: Record<string | number, unknown>[] = [];
      let node = copy as Record<string | number, unknown>;
      let broken = false;
      for (const segment of edit.path.slice(0, -1)) {
        parents.push(node);
        node = node[segment] as Record<string | number, unknown>;
        if (typeof node !== 'object' || node === null) {
          broken = true;
          break;
        }
      }
      if (broken) continue;
      Reflect.deleteProperty(node, edit.path[edit.path.length - 1]!);
      for (let i = edit.path.length - 2; i >= 0 && Object.keys(node).length === 0 && typeof edit.path[i] === 'string' && !Array.isArray(node); i--) {
        Reflect.deleteProperty(parents[i]!, edit.path[i]!);
        node = parents[i]!;
      }
    }
  }
  return copy;
}

/** Edits along the object's paths: set, remove, set below a missing key, and pairs in one map (bounded per object). */
function generatedEdits(obj: JsonRecord): FixEdit[][] {
  const out: FixEdit[][] = [];
  const visit = (value: unknown, at: Path, depth: number): void => {
    if (depth > 6 || out.length > 400) return;
    if (Array.isArray(value)) value.slice(0, 2).forEach((v, i) => visit(v, [...at, i], depth + 1));
    else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (const key of keys) {
        out.push([{ op: 'set', path: [...at, key], value: { added: [1, 'two'] } }]);
        out.push([{ op: 'remove', path: [...at, key] }]);
        out.push([{ op: 'set', path: [...at, key, 'new', 'deeper'], value: 'x' }]);
      }
      // Every key of the map removed: it goes with its key, up the path.
      out.push(keys.map((key): FixEdit => ({ op: 'remove', path: [...at, key] })));
      if (keys.length > 1)
        out.push([
          { op: 'remove', path: [...at, keys[0]!] },
          { op: 'set', path: [...at, keys[1]!, 'x'], value: null },
        ]);
      for (const key of keys) visit((value as Record<string, unknown>)[key], [...at, key], depth + 1);
    }
  };
  visit(obj, [], 0);
  return out;
}

describe('editedObject', () => {
  it('reads as the object edited after a whole copy, and leaves the object as it was', { timeout: 600_000 }, () => {
    const files = [...manifestFiles(FIXTURES_DIR), ...(CORPUS ? manifestFiles(CORPUS) : [])];
    let compared = 0;
    for (const file of files) {
      let outcome: FileOutcome;
      try {
        outcome = processText(file, readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        continue;
      }
      for (const { obj } of outcome.manifests) {
        const before = structuredClone(obj);
        for (const edits of generatedEdits(obj)) {
          expect({ file, edits, edited: editedObject(obj, edits) }).toEqual({ file, edits, edited: editedByWholeCopy(obj, edits) });
          compared++;
        }
        expect(obj).toEqual(before);
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
