// action.yml and the script it runs, as a workflow would call them.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CACHE_UNMOUNTED, DB_SET, WEB_GOOD } from './support/manifests.js';
import { CLI, ROOT, tempDir } from './support/run.js';

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run: string; env?: Record<string, string>; 'working-directory'?: string }[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const runStep = action.runs.steps.find((s) => s.id === 'lint')!;

/** Runs the action's script with its inputs as the runner would pass them (defaults filled in). */
function runAction(cwd: string, inputs: Record<string, string> = {}, workspace = cwd) {
  const env: Record<string, string> = {
    ...process.env,
    STSLINT_CLI: CLI,
    GITHUB_OUTPUT: path.join(workspace, 'github-output.txt'),
    GITHUB_STEP_SUMMARY: path.join(workspace, 'step-summary.md'),
    GITHUB_WORKSPACE: workspace,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    // A default that is an expression (`base`) is what the runner evaluates: empty outside pull requests.
    const value = inputs[name] ?? spec.default ?? '';
    env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value.includes('${{') ? '' : value;
  }
  writeFileSync(env.GITHUB_OUTPUT!, '');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/github-action.mjs')], { cwd, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(env.GITHUB_OUTPUT!, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=') as [string, string]),
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

describe('action.yml', () => {
  it('is a composite action whose run step passes every input to the script', () => {
    expect(action.runs.using).toBe('composite');
    for (const name of Object.keys(action.inputs).filter((n) => n !== 'working-directory')) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(runStep.env?.[variable], variable).toBe(`\${{ inputs.${name} }}`);
    }
    expect(runStep['working-directory']).toBe('${{ inputs.working-directory }}');
    expect(runStep.run).toContain('scripts/github-action.mjs');
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.lint.outputs.exit-code }}');
  });

  it('installs nothing when the action ref carries the built bundle (a release tag)', () => {
    const install = action.runs.steps.find((s) => s.run.includes('npm ci'))!;
    expect(install.run).toMatch(/if \[ ! -f dist\/bundle\/cli\.cjs \]; then npm ci/);
  });

  it('annotates, writes SARIF and reports the exit code', () => {
    const dir = tempDir({ 'k8s/db.yaml': DB_SET, 'k8s/web.yaml': WEB_GOOD });
    const { code, stdout, stderr, outputs } = runAction(dir, { files: 'k8s' });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=k8s\/db\.yaml,line=6,col=16,endLine=6,endColumn=27,title=stslint \(service-missing\)::/);
    expect(outputs).toEqual({ 'sarif-file': path.join(dir, 'stslint.sarif'), 'exit-code': '1' });
    const log = JSON.parse(readFileSync(path.join(dir, 'stslint.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toHaveLength(2);
  });

  it('passes globs to stslint unexpanded, and extra args through', () => {
    const dir = tempDir({ 'a/cache.yaml': CACHE_UNMOUNTED, 'b/web.yaml': WEB_GOOD });
    const clean = runAction(dir, { files: '**/*.yaml', annotate: 'false', 'sarif-file': 'out/r.sarif' });
    expect(clean).toMatchObject({ code: 0, outputs: { 'exit-code': '0', 'sarif-file': path.join(dir, 'out/r.sarif') } });
    expect(runAction(dir, { files: '**/*.yaml', args: '--max-warnings 0' }).code).toBe(1);
    expect(runAction(dir, { files: 'nothing/*.yaml' })).toMatchObject({ code: 2, stderr: 'stslint: no files match the pattern `nothing/*.yaml`\n' });
  });

  it('writes SARIF relative to the workspace, where upload-sarif looks, whatever the working directory', () => {
    const workspace = tempDir({ 'deploy/db.yaml': DB_SET });
    const { outputs } = runAction(path.join(workspace, 'deploy'), { files: 'db.yaml' }, workspace);
    expect(outputs['sarif-file']).toBe(path.join(workspace, 'stslint.sarif'));
    expect(existsSync(path.join(workspace, 'stslint.sarif'))).toBe(true);
    expect(existsSync(path.join(workspace, 'deploy/stslint.sarif'))).toBe(false);
  });

  it('keeps the findings in the log with annotate: false (as compact lines)', () => {
    const dir = tempDir({ 'k8s/db.yaml': DB_SET });
    const { code, stdout } = runAction(dir, { files: 'k8s', annotate: 'false' });
    expect(code).toBe(1);
    expect(stdout).not.toContain('::error');
    expect(stdout).toMatch(/^k8s\/db\.yaml:6:16: error: .*\[service-missing\]$/m);
  });

  it('takes lists of words on one or more lines, quoted where they hold spaces, and never runs a shell', () => {
    const dir = tempDir({ 'my charts/db.yaml': DB_SET, 'other dir/web.yaml': WEB_GOOD, 'k8s/cache.yaml': CACHE_UNMOUNTED });
    const quoted = runAction(dir, { files: '"my charts/db.yaml" \'other dir\'', annotate: 'false' });
    expect(quoted.stdout).toContain('my charts/db.yaml:6:16: error:');
    expect(quoted.stderr).toBe('');
    const lines = runAction(dir, { files: '"my charts"\nk8s/cache.yaml\n', args: '--rule\nservice-missing=off', annotate: 'false' });
    expect(lines.stdout).toContain('k8s/cache.yaml');
    expect(lines.stdout).not.toContain('[service-missing]');
    const injected = runAction(dir, { files: 'k8s; touch pwned $(touch pwned2)', annotate: 'false' });
    expect(injected.code).toBe(2);
    expect(existsSync(path.join(dir, 'pwned')) || existsSync(path.join(dir, 'pwned2'))).toBe(false);
  });

  it('splits list inputs like a shell would, without running one', async () => {
    const { splitList } = await import('../scripts/github-action.mjs');
    expect(splitList('a "b c" \'d e\'\nf\\ g')).toEqual(['a', 'b c', 'd e', 'f\\', 'g']);
    expect(splitList('"say \\"hi\\""')).toEqual(['say "hi"']);
    expect(splitList('')).toEqual([]);
    expect(() => splitList('"open')).toThrow(/unclosed " quote/);
  });
});

describe('action.yml base input', () => {
  it('compares with the base commit and writes the plan to the job summary', () => {
    const dir = tempDir({ 'k8s/web.yaml': WEB_GOOD });
    const git = (...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(result.stderr);
      return result.stdout.trim();
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    writeFileSync(path.join(dir, 'k8s/web.yaml'), WEB_GOOD.replace('  serviceName: web\n', '  serviceName: web\n  replicas: 3\n'));
    const { code, stdout, outputs } = runAction(dir, { files: 'k8s', base });
    expect(code).toBe(0);
    expect(outputs['exit-code']).toBe('0');
    expect(stdout).not.toContain('::error');
    const summary = readFileSync(path.join(dir, 'step-summary.md'), 'utf8');
    expect(summary).toContain('### stslint: what this change does to StatefulSets');
    expect(summary).toContain('scaled 1 → 3');
  });
});

describe('docs/examples/github-workflow.yml', () => {
  it('uses only inputs the action has, and uploads the SARIF it writes even when linting fails', () => {
    const workflow = parse(readFileSync(path.join(ROOT, 'docs/examples/github-workflow.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string>; if?: string }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const lint = steps.find((s) => s.uses?.startsWith('stslint/stslint@'))!;
    for (const input of Object.keys(lint.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.sarif_file).toBe(lint.with?.['sarif-file'] ?? action.inputs['sarif-file']!.default);
    expect(upload.if).toMatch(/always\(\)|!cancelled\(\)/);
    expect(workflow.permissions['security-events']).toBe('write');
  });
});
