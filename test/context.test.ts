// --context: what the pre-commit hook runs.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_SERVICE, DB_SET, WEB_GOOD } from './support/manifests.js';
import { stslint, tempDir } from './support/run.js';

const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n';

describe('--context DIR', () => {
  const repo = () =>
    tempDir({
      'apps/db.yaml': DB_SET,
      'platform/db-service.yaml': DB_SERVICE.replace('clusterIP: None', 'clusterIP: 10.0.0.1'),
      'platform/broken.yaml': BROKEN,
      'apps/web.yaml': WEB_GOOD.replace('{name: data, mountPath: /data}', '{name: data, mountPath: /data}, {name: cache, mountPath: /c}'),
      'package-lock.json': '{"name": "x"}',
    });

  it('completes the graph from DIR but reports only on the files named', () => {
    const dir = repo();
    const alone = stslint(['-f', 'compact', 'apps/db.yaml'], { cwd: dir });
    expect(alone.stdout).toContain('[service-missing]');

    const { code, stdout, stderr } = stslint(['-f', 'compact', '--context', '.', 'apps/db.yaml'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // The Service in platform/ is found, so no service-missing; its own finding (not headless)
    // and the parse error of platform/broken.yaml belong to files not named: dropped.
    expect(stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^apps\/db\.yaml:17:21: error: .*\[volume-mount-unresolved\]$/)]);
  });

  it('reports each named file as a result, and the run as clean when they are', () => {
    const dir = repo();
    const { code, stdout } = stslint(['-f', 'json', '--context', '.', 'platform/db-service.yaml', 'apps/web.yaml'], { cwd: dir });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual(['apps/web.yaml', 'platform/db-service.yaml']);
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['volume-mount-unresolved', 'service-not-headless']);
    expect(code).toBe(1);
    expect(stslint(['--context', '.', '-f', 'compact', 'package-lock.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('still reports parse errors of the named files', () => {
    const dir = repo();
    expect(stslint(['-f', 'compact', '--context', '.', 'platform/broken.yaml'], { cwd: dir }).stdout).toMatch(
      /^platform\/broken\.yaml:\d+:\d+: error: Parsing error: .*\[parse-error\]\n$/,
    );
  });

  it('takes `context` and `ignore` from the configuration file', () => {
    const dir = tempDir({
      '.stslint.yaml': 'context: .\nignore: [legacy/**]\n',
      'apps/db.yaml': DB_SET,
      'platform/db-service.yaml': DB_SERVICE,
      'legacy/db-service.yaml': DB_SERVICE.replace('name: db-headless', 'name: legacy'),
    });
    const { stdout } = stslint(['-f', 'compact', 'apps/db.yaml'], { cwd: dir });
    expect(stdout).not.toContain('service-missing');
    expect(stdout).toContain('volume-mount-unresolved');
  });

  it('is a usage error when DIR does not exist', () => {
    const dir = repo();
    expect(stslint(['--context', 'nope', 'apps/db.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'stslint: the context directory nope does not exist\n',
    });
  });
});
