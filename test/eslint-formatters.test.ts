// `--format` with an ESLint formatter: a module path, or an installed `eslint-formatter-<name>`
// package, called as ESLint calls formatters. eslint-formatter-pretty (a devDependency) is the
// real package this is tested with.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, stslint, tempDir } from './support/run.js';
import { formatterPackage } from '../src/cli/eslint-formatter.js';
import { docsUrlFor } from '../src/engine/rule.js';

// A StatefulSet with an error (api-removed, fixable), a warning and an info finding.
const SET = `apiVersion: apps/v1beta2
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations: {service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"}
spec: {clusterIP: None, selector: {app: web}}
`;

describe('ESLint formatters', () => {
  it('names packages as ESLint does', () => {
    expect(formatterPackage('pretty')).toBe('eslint-formatter-pretty');
    expect(formatterPackage('eslint-formatter-gitlab')).toBe('eslint-formatter-gitlab');
    expect(formatterPackage('@scope')).toBe('@scope/eslint-formatter');
    expect(formatterPackage('@scope/x')).toBe('@scope/eslint-formatter-x');
  });

  it('eslint-formatter-pretty (the real package, an ES module) renders the results: positions, rule ids, counts', () => {
    const dir = tempDir({ 'web.yaml': SET });
    const file = path.join(dir, 'web.yaml');
    const { code, stdout, stderr } = stslint(['--no-config', '-f', 'eslint-formatter-pretty', file]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // eslint-disable-next-line no-control-regex -- the escape that starts a colour sequence
    const text = stdout.replace(/\u001b\[[0-9;]*m/g, '');
    // The formatter shows the path from the working directory (`../../…` when the clone is deep in /tmp).
    expect(text).toContain(`${path.basename(dir)}/web.yaml:1:13`);
    expect(text).toMatch(/✖\s+1:13\s+StatefulSet apiVersion: apps\/v1beta2 is not served/);
    expect(text).toMatch(/api-removed/);
    expect(text).toMatch(/tolerate-unready-annotation/);
    // The info finding (no-stable-storage) reaches it as a warning.
    expect(text).toMatch(/no-stable-storage/);
    expect(text).toMatch(/1 error/);
    expect(text).toMatch(/2 warnings/);
  });

  it('a formatter module path gets ESLint LintResult[] (fix included) and a context with cwd and rulesMeta', () => {
    const dir = tempDir({ 'web.yaml': SET });
    const formatter = path.join(dir, 'capture.cjs');
    writeFileSync(formatter, 'module.exports = (results, context) => JSON.stringify({ results, context });\n');
    const { stdout } = stslint(['--no-config', '-f', './capture.cjs', 'web.yaml'], { cwd: dir });
    const { results, context } = JSON.parse(stdout) as {
      results: {
        filePath: string;
        errorCount: number;
        warningCount: number;
        fixableErrorCount: number;
        messages: { ruleId: string; severity: number; line: number; fix?: { range: [number, number]; text: string } }[];
      }[];
      context: { cwd: string; rulesMeta: Record<string, { docs: { url: string }; fixable?: string }> };
    };
    expect(context.cwd).toBe(dir);
    expect(context.rulesMeta['api-removed']!.docs.url).toBe(docsUrlFor('api-removed'));
    expect(context.rulesMeta['api-removed']!.fixable).toBe('code');
    expect(results[0]!.errorCount).toBe(1);
    expect(results[0]!.warningCount).toBe(results[0]!.messages.filter((m) => m.severity === 1).length);
    expect(results[0]!.fixableErrorCount).toBe(1);
    const fix = results[0]!.messages.find((m) => m.ruleId === 'api-removed')!.fix!;
    expect(SET.slice(fix.range[0], fix.range[1])).toBe('apps/v1beta2');
    expect(fix.text).toBe('apps/v1');
  });

  it('a formatter that is not there: one line, exit 2, before anything is linted', () => {
    const { code, stderr } = stslint(['-f', 'gitlab', '-'], { input: SET, cwd: tempDir({}) });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringContaining(
        'stslint: unknown format `gitlab`: no package `eslint-formatter-gitlab` is installed here (npm install --save-dev eslint-formatter-gitlab)',
      ),
    ]);
  });

  it('the package is a devDependency that runs on Node 20', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/eslint-formatter-pretty/package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=18');
  });
});
