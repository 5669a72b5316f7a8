// docs/integrations.md: the examples it tells users to copy must work.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The built module: its schema validator is generated at build time (dist/src/project/config-validator.js).
import { loadConfig } from '../dist/src/project/config.js';
import { DB_SET } from './support/manifests.js';
import { ROOT, tempDir } from './support/run.js';

describe('docs/integrations.md configuration example', () => {
  it('is a valid configuration', async () => {
    const docs = readFileSync(path.join(ROOT, 'docs/integrations.md'), 'utf8');
    const example = /<!-- config-example -->\s*```yaml\n([\s\S]*?)```/.exec(docs);
    expect(example).not.toBeNull();
    const dir = tempDir({ '.stslint.yaml': example![1]! });
    writeFileSync(path.join(dir, 'db.yaml'), DB_SET);
    await expect(loadConfig(path.join(dir, '.stslint.yaml'), dir)).resolves.toMatchObject({ file: path.join(dir, '.stslint.yaml') });
  });
});

describe('install and run commands in the docs', () => {
  const docs = ['README.md', 'docs/integrations.md', 'editors/vscode/README.md'];
  const codeBlocks = (file: string) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('never tell users to run `npx stslint`: the name is not on the registry, and npx would fetch whatever is', () => {
    for (const file of docs) for (const block of codeBlocks(file)) expect(block, file).not.toMatch(/\bnpx\s+(--yes\s+)?stslint\b/);
  });

  it('start with the two set-up commands, then an install that works today: git URL at a release tag, or a tarball', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const install = readme.indexOf('## Install');
    expect(readme.indexOf('## Quick start')).toBeGreaterThan(-1);
    expect(readme.indexOf('## Quick start')).toBeLessThan(install);
    expect(readme).toContain('npm install --save-dev git+https://github.com/stslint/stslint.git#v');
    expect(readme).toMatch(/npm install --save-dev \.\/stslint-[\d.]+\.tgz/);
  });

  it('Quick start runs the built bin once, without npx rebuilding the package', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quick = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    // One command that lints the examples on a fresh clone, one that runs the tests.
    expect(quick.trim().split('\n')).toEqual(['npm ci && node dist/bundle/cli.cjs fixtures/examples', 'npm test']);
    const run = spawnSync(process.execPath, ['dist/bundle/cli.cjs', 'fixtures/examples'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/stslint: \d+ errors/);
  });
});
