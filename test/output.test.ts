// Several formats in one run, and where each goes.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planOutputs } from '../src/cli/output.js';
import { CACHE_UNMOUNTED, DB_SET, WEB_GOOD } from './support/manifests.js';
import { stslint, tempDir } from './support/run.js';

describe('planOutputs', () => {
  const cwd = '/work';
  it('pairs --output-file with the formats given without =FILE; one fewer file sends the first to stdout', () => {
    expect(planOutputs([], [], cwd)).toEqual([{ format: 'pretty' }]);
    expect(planOutputs([], ['report.txt'], cwd)).toEqual([{ format: 'pretty', file: '/work/report.txt' }]);
    expect(planOutputs(['github', 'sarif'], ['stslint.sarif'], cwd)).toEqual([{ format: 'github' }, { format: 'sarif', file: '/work/stslint.sarif' }]);
    expect(planOutputs(['sarif', 'junit'], ['a.sarif', 'b.xml'], cwd)).toEqual([
      { format: 'sarif', file: '/work/a.sarif' },
      { format: 'junit', file: '/work/b.xml' },
    ]);
    expect(planOutputs(['sarif=out/a=b.sarif', 'compact', 'junit'], ['j.xml'], cwd)).toEqual([
      { format: 'sarif', file: '/work/out/a=b.sarif' },
      { format: 'compact' },
      { format: 'junit', file: '/work/j.xml' },
    ]);
  });

  it('refuses what would mix formats on stdout or overwrite a file', () => {
    expect(() => planOutputs(['github', 'sarif'], [], cwd)).toThrow('0 --output-file for 2 --format without `=FILE`');
    expect(() => planOutputs(['sarif'], ['a', 'b'], cwd)).toThrow('2 --output-file for 1 --format');
    expect(() => planOutputs(['sarif=x', 'json=x'], [], cwd)).toThrow('two formats would be written to x');
    expect(() => planOutputs(['xml'], [], cwd)).toThrow(
      'unknown format `xml`: no package `eslint-formatter-xml` is installed here (npm install --save-dev eslint-formatter-xml); the built-in formats are pretty, json, compact, sarif, github, junit',
    );
    expect(() => planOutputs(['sarif='], [], cwd)).toThrow('names no file');
  });
});

describe('the CLI with several formats', () => {
  it('prints GitHub annotations and writes SARIF and JUnit files in one run, keeping the exit code', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    const { code, stdout, stderr } = stslint(
      ['--format', 'github', '--format', 'sarif', '--output-file', 'reports/stslint.sarif', '-f', 'junit=reports/junit.xml', 'db.yaml'],
      { cwd: dir },
    );
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=db\.yaml,line=6,/);
    const log = JSON.parse(readFileSync(path.join(dir, 'reports/stslint.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toHaveLength(2);
    expect(readFileSync(path.join(dir, 'reports/junit.xml'), 'utf8')).toContain('<testsuites name="stslint"');
  });

  it('writes pretty output to a file without terminal colours', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    expect(stslint(['-o', 'out.txt', 'db.yaml'], { cwd: dir })).toMatchObject({ code: 1, stdout: '' });
    const text = readFileSync(path.join(dir, 'out.txt'), 'utf8');
    expect(text).toContain('stslint: 2 errors, 0 warnings, 0 infos in 1 file');
    expect(text).not.toContain('\u001b');
  });

  it('exits 2 on a bad pairing before linting anything', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    const { code, stdout, stderr } = stslint(['-f', 'github', '-f', 'sarif', 'db.yaml'], { cwd: dir });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^stslint: 0 --output-file for 2 --format without `=FILE`/);
    expect(existsSync(path.join(dir, 'stslint.sarif'))).toBe(false);
  });

  it('keeps exit codes: 0 clean or warnings only, 1 errors or too many warnings, 2 usage', () => {
    const dir = tempDir({ 'web.yaml': WEB_GOOD, 'cache.yaml': CACHE_UNMOUNTED, 'db.yaml': DB_SET });
    expect(stslint(['-f', 'compact', 'web.yaml'], { cwd: dir }).code).toBe(0);
    expect(stslint(['-f', 'compact', 'cache.yaml'], { cwd: dir }).code).toBe(0);
    expect(stslint(['-f', 'compact', '--max-warnings', '0', 'cache.yaml'], { cwd: dir }).code).toBe(1);
    expect(stslint(['-f', 'compact', 'db.yaml'], { cwd: dir }).code).toBe(1);
    expect(stslint(['-f', 'compact', 'missing.yaml'], { cwd: dir }).code).toBe(2);
    expect(stslint(['--bogus', 'db.yaml'], { cwd: dir }).code).toBe(2);
  });
});
