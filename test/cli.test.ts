// The command line as users and CI call it: formats, exit codes, inputs. Runs the built CLI.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_STATELESS } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

const GOOD = WEB_STATELESS;

describe('stslint CLI', () => {
  it('exits 1 with errors on the bundled examples and prints them with rule links', () => {
    const { code, stdout } = stslint(['fixtures/examples']);
    expect(code).toBe(1);
    expect(stdout).toContain('service-not-headless');
    expect(stdout).toContain('volume-mount-unresolved');
    // Info-level best practices come and go with the rule set; errors and warnings are the contract.
    expect(stdout).toMatch(/stslint: 3 errors, 3 warnings, \d+ infos? in 3 files/);
  });

  it('prints exactly a LintResult array with --format json', () => {
    const { code, stdout } = stslint(['--format', 'json', 'fixtures/examples']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as {
      filePath: string;
      messages: { ruleId: string; line: number; severity: number; level: string }[];
      errorCount: number;
    }[];
    expect(results.map((r) => path.relative(ROOT, r.filePath))).toEqual([
      'fixtures/examples/kafka.yaml',
      'fixtures/examples/postgres.yaml',
      'fixtures/examples/zookeeper.json',
    ]);
    expect(path.isAbsolute(results[0]!.filePath)).toBe(true);
    const postgres = results[1]!;
    expect(postgres.messages.filter((m) => m.level !== 'info').map((m) => [m.ruleId, m.line, m.severity])).toEqual([
      ['service-not-headless', 9, 2],
      ['volume-mount-unresolved', 39, 2],
      ['pvc-retention-deletes-data', 42, 1],
      ['claim-template-unmounted', 46, 1],
    ]);
    expect(results[2]!.messages.filter((m) => m.level !== 'info')).toEqual([]);
  });

  it('exits 0 on a clean manifest from standard input', () => {
    const { code, stdout } = stslint(['--format', 'json', '-'], { input: GOOD });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([{ filePath: '<stdin>', errorCount: 0, warningCount: 0 }]);
  });

  it('names standard input with --stdin-filename', () => {
    const { stdout } = stslint(['--format', 'json', '--stdin-filename', 'web.yaml', '-'], { input: GOOD.replace('clusterIP: None', 'clusterIP: 10.0.0.1') });
    expect(JSON.parse(stdout)[0].filePath).toBe('web.yaml');
  });

  it('exits 2 with one line for a path that does not exist', () => {
    const { code, stdout, stderr } = stslint(['no/such/file.yaml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('stslint: no such file or directory: no/such/file.yaml\n');
  });

  it('exits 2 on bad usage without a stack trace', () => {
    for (const args of [['--format', 'xml', 'x.yaml'], ['--bogus'], [], ['--rule', 'nope=error', 'fixtures/examples'], ['--max-warnings', 'many', '.']]) {
      const { code, stderr } = stslint(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('honours --max-warnings and --rule', () => {
    const dir = tempDir({
      'a.yaml': GOOD.replace('containers:', 'containers:').concat(
        '  volumeClaimTemplates: [{metadata: {name: d}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n',
      ),
    });
    expect(stslint([dir]).code).toBe(0);
    expect(stslint(['--max-warnings', '0', dir]).code).toBe(1);
    expect(stslint(['--max-warnings', '1', dir]).code).toBe(0);
    expect(stslint(['--rule', 'claim-template-unmounted=error', dir]).code).toBe(1);
    expect(stslint(['--rule', 'claim-template-unmounted=off', '--max-warnings', '0', dir]).code).toBe(0);
  });

  it('reads directories recursively in a stable order, skips non-manifests, and forms one graph', () => {
    const dir = tempDir({
      'z/statefulset.yml': GOOD.split('---\n')[1]!,
      'a/service.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { app: 'web' } } }),
      'values.yaml': 'replicaCount: 3\n',
      'tsconfig.json': '{\n  // comment\n}\n',
      'node_modules/x/bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n',
      'notes.txt': 'not yaml',
    });
    const { code, stdout } = stslint(['--format', 'json', dir]);
    expect(code).toBe(0);
    const files = (JSON.parse(stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath));
    expect(files).toEqual(['a/service.json', 'tsconfig.json', 'values.yaml', 'z/statefulset.yml']);
  });

  it('expands globs', () => {
    const { stdout } = stslint(['--format', 'json', 'fixtures/examples/*.yaml']);
    expect((JSON.parse(stdout) as unknown[]).length).toBe(2);
    expect(stslint(['fixtures/nothing-here/*.yaml']).code).toBe(2);
  });

  it('applies --namespace and --cluster-domain', () => {
    const sts = GOOD.split('---\n')[1]!;
    const { stdout } = stslint(['--format', 'json', '--namespace', 'prod', '--cluster-domain', 'k8s.example', '-'], { input: sts });
    const messages = JSON.parse(stdout)[0].messages as { ruleId: string; message: string }[];
    const message = messages.find((m) => m.ruleId === 'service-missing')!.message;
    expect(message).toContain('namespace `prod`');
    expect(message).toContain('web-0.web.prod.svc.k8s.example');
  });

  it('reports a template file once and keeps linting the other files', () => {
    const dir = tempDir({ 'chart.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n', 'ok.yaml': GOOD });
    const { code, stdout } = stslint(['--format', 'json', dir]);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { messages: { fatal?: boolean; message: string; level: string }[] }[];
    expect(results[0]!.messages).toHaveLength(1);
    expect(results[0]!.messages[0]).toMatchObject({ fatal: true });
    expect(results[1]!.messages.filter((m) => m.level !== 'info')).toEqual([]);
  });

  it('lists rules and prints the version', () => {
    expect(stslint(['--list-rules']).stdout).toContain('service-missing');
    expect(stslint(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
