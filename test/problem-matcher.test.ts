// The VS Code problem matchers in editors/vscode/package.json against real `compact` output and
// real `--watch` markers: the manifest and the formatter can never drift apart.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/engine/report.js';
import { WATCH_BEGIN, WATCH_END } from '../src/cli/watch.js';
import { CACHE_UNMOUNTED, DB_SET } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

interface Pattern {
  name: string;
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  message: number;
  code: number;
}

interface Matcher {
  name: string;
  owner: string;
  pattern: string;
  fileLocation: string[];
  background?: { activeBegin: boolean; beginsPattern: string; endsPattern: string };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'editors/vscode/package.json'), 'utf8')) as {
  contributes: { problemPatterns: Pattern[]; problemMatchers: Matcher[] };
};
const matchers = manifest.contributes.problemMatchers;
const patternOf = (matcher: Matcher): Pattern => manifest.contributes.problemPatterns.find((p) => `$${p.name}` === matcher.pattern)!;

describe('VS Code problem matcher', () => {
  it('contributes `stslint` and `stslint-watch`, both on the `stslint` pattern', () => {
    expect(matchers.map((m) => m.name)).toEqual(['stslint', 'stslint-watch']);
    for (const matcher of matchers) expect(patternOf(matcher)?.name).toBe('stslint');
  });

  it('reads every field of every line of real compact output', () => {
    const dir = tempDir({ 'k8s/db.yaml': DB_SET, 'k8s/cache.yaml': CACHE_UNMOUNTED, 'k8s/bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n' });
    const args = ['--rule', 'claim-template-unmounted=info', 'k8s'];
    const compact = stslint(['--format', 'compact', ...args], { cwd: dir }).stdout;
    const results = JSON.parse(stslint(['--format', 'json', ...args], { cwd: dir }).stdout) as LintResult[];
    const expected = results.flatMap((r) =>
      r.messages.map((m) => ({
        file: path.relative(dir, r.filePath),
        line: m.line,
        column: m.column,
        severity: m.level,
        message: m.message,
        code: m.ruleId ?? 'parse-error',
      })),
    );
    expect(expected.map((e) => e.severity).sort()).toEqual(['error', 'error', 'error', 'info']);

    const pattern = patternOf(matchers[0]!);
    const regexp = new RegExp(pattern.regexp);
    const matched = compact
      .trimEnd()
      .split('\n')
      .map((line) => {
        const m = regexp.exec(line);
        expect(m, line).not.toBeNull();
        return {
          file: m![pattern.file],
          line: Number(m![pattern.line]),
          column: Number(m![pattern.column]),
          severity: m![pattern.severity],
          message: m![pattern.message],
          code: m![pattern.code],
        };
      });
    expect(matched).toEqual(expected);
  });

  it('finds files relative to the workspace folder, where tasks run', () => {
    for (const matcher of matchers) expect(matcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
  });

  it('recognises the --watch begin and end lines, which are never taken for findings', () => {
    const watcher = matchers.find((m) => m.background)!;
    const { beginsPattern, endsPattern, activeBegin } = watcher.background!;
    expect(activeBegin).toBe(true);
    const begin = `${WATCH_BEGIN} (start)`;
    const end = `${WATCH_END}, 2 errors, 0 warnings, 1 infos; watching for changes`;
    expect(new RegExp(beginsPattern).test(begin)).toBe(true);
    expect(new RegExp(endsPattern).test(end)).toBe(true);
    expect(new RegExp(beginsPattern).test(end)).toBe(false);
    const problem = new RegExp(patternOf(watcher).regexp);
    expect(problem.test(begin) || problem.test(end)).toBe(false);
  });

  it('is the matcher the docs tell users to paste into tasks.json', () => {
    const docs = readFileSync(path.join(ROOT, 'docs/integrations.md'), 'utf8');
    const inline = /<!-- inline-matcher -->\s*```jsonc?\n([\s\S]*?)```/.exec(docs);
    expect(inline).not.toBeNull();
    const pasted = JSON.parse(inline![1]!) as { pattern: Omit<Pattern, 'name'>; background?: Matcher['background'] };
    const { name: _name, ...pattern } = patternOf(matchers[1]!);
    expect(pasted.pattern).toEqual(pattern);
    expect(pasted.background).toEqual(matchers[1]!.background);
  });
});
