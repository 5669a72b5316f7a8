// The pre-commit hook definition, run the way pre-commit runs it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

  it('defines the `stslint` node hook for YAML and JSON files, with --context . by default', () => {
    expect(hooks.map((h) => h.id)).toContain('stslint');
    expect(hooks[0]).toMatchObject({
      id: 'stslint',
      entry: 'stslint',
      language: 'node',
      types_or: ['yaml', 'json'],
      args: ['--context', '.'],
      require_serial: true,
    });
  });

  it('runs as the hook would: the bin of package.json, with the changed files appended', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin[hooks[0]!.entry as string]).toBe('dist/bundle/cli.cjs');
    const dir = tempDir({ 'apps/db.yaml': DB_SET, 'platform/db-service.yaml': DB_SERVICE });
    const { code, stdout } = stslint([...(hooks[0]!.args as string[]), 'apps/db.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).not.toContain('service-missing');
    expect(stdout).toContain('volume-mount-unresolved');
  });

  it('defines `stslint-change`, the same hook comparing the staged change with the last commit', () => {
    const hook = hooks.find((h) => h.id === 'stslint-change');
    expect(hook).toMatchObject({
      entry: 'stslint',
      language: 'node',
      types_or: ['yaml', 'json'],
      args: ['--context', '.', '--base', 'HEAD'],
      require_serial: true,
    });
  });
});
