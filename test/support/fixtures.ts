// Loads fixture cases and renders findings as reviewable text (source line + carets + message).
//
// fixtures/<rule-id>/
//   valid-<name>.yaml|.yml|.json      must draw no finding of the rule (nor a parse error)
//   invalid-<name>.yaml|.yml|.json    must draw ≥1 finding of the rule; all of them are listed in
//   invalid-<name>.expected           ← this file, with exact positions
//   valid-<name>/ and invalid-<name>/ a case made of several files that form one graph
//   …/<name>/base/                    a change pair: the files in base/ are the previous version
//                                     (as --base would read them), the case's files the new one
// A case's options go on the first line of its first file: `# fixture-options: {"namespace": "prod"}`.
// Regenerate expected files with `UPDATE_FIXTURES=1 npx vitest run`, then review the diff.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/shared/finding.js';
import type { LintOptions, SourceInput } from '../../src/engine/lint.js';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures');

export interface FixtureCase {
  name: string;
  kind: 'valid' | 'invalid';
  /** Absolute path of the case (file or directory). */
  location: string;
  inputs: SourceInput[];
  /** The previous version of a change pair (`base/`). */
  baseInputs?: SourceInput[];
  options: LintOptions;
  expectedPath: string;
}

const MANIFEST = /\.(ya?ml|json)$/;
/** How change-pair fixtures name their base in messages. */
export const BASE_LABEL = 'the base version';

/** The manifests of a case folder and the folders below it (a case may lay out a repository), but not `skip`. */
function readManifests(dir: string, skip?: string): SourceInput[] {
  const inputs: SourceInput[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const location = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== skip) inputs.push(...readManifests(location));
    } else if (MANIFEST.test(entry.name)) inputs.push({ path: location, text: readFileSync(location, 'utf8') });
  }
  return inputs;
}

export function loadCases(dir: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const match = /^(valid|invalid)-/.exec(entry);
    if (!match) continue;
    const location = path.join(dir, entry);
    const isDir = statSync(location).isDirectory();
    if (!isDir && !MANIFEST.test(entry)) continue;
    // A change pair's `base/` folder is the previous version, not part of the input.
    const inputs = isDir ? readManifests(location, 'base') : [{ path: location, text: readFileSync(location, 'utf8') }];
    if (inputs.length === 0) throw new Error(`fixture case ${location} holds no manifest: it would pass without testing anything`);
    const baseDir = path.join(location, 'base');
    const base = isDir && existsSync(baseDir) ? readManifests(baseDir) : undefined;
    const name = isDir ? entry : entry.replace(MANIFEST, '');
    const options = readOptions(inputs[0]?.text ?? '');
    cases.push({
      name,
      kind: match[1] as 'valid' | 'invalid',
      location,
      inputs,
      ...(base ? { baseInputs: base } : {}),
      options: base ? { ...options, base: { sources: base, label: BASE_LABEL } } : options,
      expectedPath: path.join(dir, `${name}.expected`),
    });
  }
  return cases;
}

/** The options a case (or a docs example) gives on its first line: `# fixture-options: {...}`. */
export function readOptions(text: string): LintOptions {
  const match = /^# fixture-options: (\{.*\})\s*$/m.exec(text.split('\n', 1)[0] ?? '');
  return match ? (JSON.parse(match[1]!) as LintOptions) : {};
}

/** Findings as text: `file:line:col-endLine:endCol severity rule`, the source line, carets, the message. */
export function renderFindings(findings: readonly Finding[], inputs: readonly SourceInput[], base: string): string {
  const texts = new Map(inputs.map((i) => [i.path, i.text.replace(/^\uFEFF/, '').split(/\r?\n/)]));
  const blocks = [...findings]
    .sort(
      (a, b) =>
        a.filePath.localeCompare(b.filePath) || a.loc.line - b.loc.line || a.loc.column - b.loc.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''),
    )
    .map((f) => {
      const { line, column, endLine, endColumn } = f.loc;
      const file = path.relative(base, f.filePath) || path.basename(f.filePath);
      const source = texts.get(f.filePath)?.[line - 1] ?? '';
      const width = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, source.length - column + 1);
      return [
        `${file}:${line}:${column}-${endLine}:${endColumn} ${f.severity} ${f.ruleId ?? '(parse)'}${f.inBase ? ' (in the base version)' : ''}`,
        `  | ${source}`,
        `  | ${' '.repeat(column - 1)}${'^'.repeat(width)}`,
        `  = ${f.message}`,
      ].join('\n');
    });
  return `${blocks.join('\n\n')}\n`;
}
