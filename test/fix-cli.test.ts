// `--fix` and `--fix-dry-run` as users run them (the bundled CLI), and the write-back's refusals.

import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stslint, tempDir } from './support/run.js';
import { fixRun } from '../src/cli/fix.js';
import { lintFiles, type LintRun } from '../src/engine/lint.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    # needed while the peers bootstrap
    service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"
spec:
  clusterIP: None
  selector: {app: web}
`;

const SET = `# the web tier
apiVersion: apps/v1beta1 # old
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: app, image: "nginx:1.27", volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

const FIXED_SET =
  SET.replace('apps/v1beta1 # old', 'apps/v1 # old').replace('  replicas: 2\n', '  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n') +
  '  updateStrategy:\n    type: OnDelete\n';

const ARGS = ['--no-config', '--kubernetes-version', '1.30'];

describe('--fix', () => {
  it('fixes in place, keeps comments and file modes, reports what remains, and a second run changes nothing', () => {
    const dir = tempDir({ 'service.yaml': SERVICE, 'set.yaml': SET });
    chmodSync(path.join(dir, 'set.yaml'), 0o640);
    const first = stslint(['--fix', ...ARGS, '-f', 'json', '.'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(readFileSync(path.join(dir, 'set.yaml'), 'utf8')).toBe(FIXED_SET);
    expect(readFileSync(path.join(dir, 'service.yaml'), 'utf8')).toBe(
      SERVICE.replace(
        '  annotations:\n    # needed while the peers bootstrap\n    service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"\n',
        '  # needed while the peers bootstrap\n',
      ).replace('  selector: {app: web}\n', '  selector: {app: web}\n  publishNotReadyAddresses: true\n'),
    );
    expect(statSync(path.join(dir, 'set.yaml')).mode & 0o777).toBe(0o640);
    // The findings printed are those that remain: none of the fixed rules.
    const results = JSON.parse(first.stdout) as { messages: { ruleId: string }[] }[];
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).not.toContain('api-removed');
    expect(readdirSync(dir).sort()).toEqual(['service.yaml', 'set.yaml']); // no temporary file left
    const before = readFileSync(path.join(dir, 'set.yaml'), 'utf8');
    const second = stslint(['--fix', ...ARGS, '.'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(dir, 'set.yaml'), 'utf8')).toBe(before);
  });

  it('--fix-dry-run writes nothing and gives the fixed text as each result`s output, with the fixable counts', () => {
    const dir = tempDir({ 'service.yaml': SERVICE, 'set.yaml': SET });
    const run = stslint(['--fix-dry-run', ...ARGS, '-f', 'json', 'set.yaml', 'service.yaml'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'set.yaml'), 'utf8')).toBe(SET);
    const results = JSON.parse(run.stdout) as { filePath: string; output?: string }[];
    expect(results.find((r) => r.filePath.endsWith('set.yaml'))!.output).toBe(FIXED_SET);
    const plain = JSON.parse(stslint([...ARGS, '-f', 'json', 'set.yaml'], { cwd: dir }).stdout) as {
      fixableErrorCount: number;
      messages: { ruleId: string; fix?: { range: [number, number]; text: string } }[];
    }[];
    expect(plain[0]!.fixableErrorCount).toBe(1);
    const fix = plain[0]!.messages.find((m) => m.ruleId === 'api-removed')!.fix!;
    expect(SET.slice(0, fix.range[0]) + fix.text + SET.slice(fix.range[1])).toBe(FIXED_SET);
  });

  it('standard input: --fix prints the fixed text (the report goes to standard error), --fix-dry-run reports it as output', () => {
    const fixed = stslint(['--fix', ...ARGS, '-'], { input: SET });
    expect(fixed.stdout).toBe(FIXED_SET);
    expect(fixed.stderr).toContain('service-missing');
    const clean = stslint(['--fix', ...ARGS, '--rule', 'service-missing=off', '-'], { input: FIXED_SET });
    expect(clean.stdout).toBe(FIXED_SET);
    const dry = stslint(['--fix-dry-run', ...ARGS, '-f', 'json', '-'], { input: SET });
    expect((JSON.parse(dry.stdout) as { output?: string }[])[0]!.output).toBe(FIXED_SET);
  });

  it('a read-only file: one line, exit 2, nothing written (not even the other files)', () => {
    const dir = tempDir({ 'service.yaml': SERVICE, 'set.yaml': SET });
    chmodSync(path.join(dir, 'set.yaml'), 0o444);
    const run = stslint(['--fix', ...ARGS, '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['stslint: cannot fix set.yaml: the file is read-only; nothing was written']);
    expect(readFileSync(path.join(dir, 'set.yaml'), 'utf8')).toBe(SET);
    expect(readFileSync(path.join(dir, 'service.yaml'), 'utf8')).toBe(SERVICE);
  });

  it('a file that changed on disk between reading and writing is not overwritten', async () => {
    const dir = tempDir({ 'set.yaml': SET });
    const file = path.join(dir, 'set.yaml');
    const options = { cwd: dir, kubernetesVersion: '1.30' };
    const first = await lintFiles([dir], options);
    let passes = 0;
    const attempt = fixRun(first, { dryRun: false, cwd: dir }, async (fileTexts): Promise<LintRun> => {
      // Someone saves the file while the fix loop runs.
      if (++passes === 2) writeFileSync(file, `${SET}# edited meanwhile\n`);
      return lintFiles([dir], { ...options, fileTexts });
    });
    await expect(attempt).rejects.toThrow('cannot fix set.yaml: it changed on disk while stslint was fixing it; nothing was written');
    expect(readFileSync(file, 'utf8')).toBe(`${SET}# edited meanwhile\n`);
  });

  it('does not go with --watch, nor with --fix-dry-run', () => {
    expect(stslint(['--fix', '--watch', '.']).stderr).toContain('--fix does not go with --watch');
    expect(stslint(['--fix', '--fix-dry-run', '.']).stderr).toContain('contradict');
  });

  it('leaves rendered Helm output alone: its fixes are not the templates`', () => {
    const rendered = `---\n# Source: web/templates/statefulset.yaml\n${SET}`;
    const run = stslint(['--fix', ...ARGS, '-'], { input: rendered });
    expect(run.stdout).toBe(rendered);
  });
});
