// .stslint.yaml: lookup, validation with positions, precedence of flags.

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The built module: its schema validator is generated at build time (dist/src/project/config-validator.js).
import { findConfigFile, loadConfig } from '../dist/src/project/config.js';
import { RULES } from '../src/engine/lint.js';
import { CACHE_UNMOUNTED, DB_SET } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

describe('configuration lookup', () => {
  it('finds .stslint.yaml or stslint.config.yaml upward, stopping at the repository root', () => {
    const dir = tempDir({ 'repo/.stslint.yaml': 'namespace: prod\n', 'repo/a/b/x.yaml': '', 'outer/stslint.config.yaml': '{}\n', 'outer/repo/c/y.yaml': '' });
    mkdirSync(path.join(dir, 'repo/.git'));
    mkdirSync(path.join(dir, 'outer/repo/.hg'));
    expect(findConfigFile(path.join(dir, 'repo/a/b'))).toBe(path.join(dir, 'repo/.stslint.yaml'));
    expect(findConfigFile(path.join(dir, 'outer/repo/c'))).toBeUndefined();
  });

  it('outside any repository looks in the working directory only, never in unrelated parents', () => {
    const dir = tempDir({ '.stslint.yaml': 'rules: {service-missing: off}\n', 'deploy/db.yaml': DB_SET, 'deploy/.stslint.yaml': 'namespace: prod\n' });
    expect(findConfigFile(path.join(dir, 'deploy'))).toBe(path.join(dir, 'deploy/.stslint.yaml'));
    rmSync(path.join(dir, 'deploy/.stslint.yaml'));
    expect(findConfigFile(path.join(dir, 'deploy'))).toBeUndefined();
    // The parent's file, which turns service-missing off, does not apply to a run in deploy/.
    expect(stslint(['-f', 'compact', 'db.yaml'], { cwd: path.join(dir, 'deploy') }).stdout).toContain('[service-missing]');
  });

  it('refuses two configuration files in one directory', () => {
    const dir = tempDir({ '.stslint.yaml': '{}\n', 'stslint.config.yaml': '{}\n', 'db.yaml': DB_SET });
    const { code, stderr } = stslint(['db.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('stslint: `.stslint.yaml` or `stslint.config.yaml`: more than one configuration file in one directory; keep one\n');
  });

  it('resolves `context` against the file and passes kubernetesVersion through', async () => {
    const dir = tempDir({ 'cfg/.stslint.yaml': 'context: ../manifests\nkubernetesVersion: "1.30"\nignore: ["charts/**"]\n' });
    const config = await loadConfig(path.join(dir, 'cfg/.stslint.yaml'), dir);
    expect(config).toEqual({
      file: path.join(dir, 'cfg/.stslint.yaml'),
      baseDir: path.join(dir, 'cfg'),
      context: path.join(dir, 'manifests'),
      kubernetesVersion: '1.30',
      ignore: ['charts/**'],
    });
  });
});

describe('configuration errors: one line with file:line:column, exit 2', () => {
  const cases: [string, string][] = [
    [
      'rules:\n  service-missing: off\n  servce-missing: warning\n',
      '.stslint.yaml:3:3: unknown rule `servce-missing`; did you mean `service-missing`? (`stslint --list-rules` lists them)',
    ],
    ['rules:\n  service-missing: warn\n', '.stslint.yaml:2:20: `rules.service-missing` is `warn`; use `error`, `warning`, `info` or `off`'],
    ['kubernetesVersion: 1.30\n', '.stslint.yaml:1:20: `kubernetesVersion` must be a quoted string such as "1.30": unquoted, YAML reads it as the number 1.3'],
    [
      'namespce: prod\n',
      '.stslint.yaml:1:1: unknown setting `namespce`; did you mean `namespace`? (settings: rules, preset, ignore, namespace, clusterDomain, kubernetesVersion, context, reportUnusedDisables, render)',
    ],
    ['ignore:\n  - charts/**\n  - 7\n', '.stslint.yaml:3:5: `ignore[1]` must be a string, not number `7`'],
    [
      'namespace: Prod\n',
      '.stslint.yaml:1:12: `namespace` is "Prod", which is not allowed. Namespace of objects that set none, like kubectl --namespace: a DNS-1123 label (lower-case letters, digits and -, at most 63 characters). Default: default.',
    ],
    ['rules: [service-missing]\n', '.stslint.yaml:1:1: `rules` must be a map, not a list'],
    ['rules:\n  a: b\n   c: d\n', '.stslint.yaml:2:6: Nested mappings are not allowed in compact mappings (invalid YAML in the configuration file)'],
    ['- just\n- a list\n', '.stslint.yaml:1:1: `the configuration` must be a map, not a list'],
  ];
  it.each(cases)('%j', (config, expected) => {
    const dir = tempDir({ '.stslint.yaml': config, 'db.yaml': DB_SET });
    const { code, stdout, stderr } = stslint(['db.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr.startsWith(`stslint: ${expected}`)).toBe(true);
  });

  it('reads `off` as a setting, not as YAML 1.1 false', () => {
    const dir = tempDir({ '.stslint.yaml': 'rules:\n  service-missing: off\n  volume-mount-unresolved: off\n', 'db.yaml': DB_SET });
    expect(stslint(['db.yaml'], { cwd: dir })).toMatchObject({ code: 0 });
  });
});

describe('configuration and flags', () => {
  const config = 'rules:\n  volume-mount-unresolved: warning\n  claim-template-unmounted: off\nnamespace: prod\n';

  it('applies the file, and lets flags win', () => {
    const dir = tempDir({ '.stslint.yaml': config, 'db.yaml': DB_SET, 'cache.yaml': CACHE_UNMOUNTED });
    const applied = stslint(['-f', 'compact', '.'], { cwd: dir });
    expect(applied.stdout).toContain('in namespace `prod`');
    expect(applied.stdout).toMatch(/db\.yaml:17:21: warning: .*\[volume-mount-unresolved\]/);
    expect(applied.stdout).not.toContain('claim-template-unmounted');

    const flags = stslint(['-f', 'compact', '-n', 'staging', '--rule', 'volume-mount-unresolved=error', '--rule', 'claim-template-unmounted=info', '.'], {
      cwd: dir,
    });
    expect(flags.stdout).toContain('in namespace `staging`');
    expect(flags.stdout).toMatch(/db\.yaml:17:21: error: .*\[volume-mount-unresolved\]/);
    expect(flags.stdout).toMatch(/cache\.yaml:23:24: info: /);
  });

  it('--config names the file; --no-config ignores any', () => {
    const dir = tempDir({ 'ci/strict.yaml': 'rules:\n  service-missing: off\n', '.stslint.yaml': config, 'db.yaml': DB_SET });
    expect(stslint(['-f', 'compact', '--config', 'ci/strict.yaml', 'db.yaml'], { cwd: dir }).stdout).not.toContain('service-missing');
    const none = stslint(['-f', 'compact', '--no-config', 'db.yaml'], { cwd: dir }).stdout;
    expect(none).toContain('in namespace `default`');
    expect(none).toMatch(/error: .*\[volume-mount-unresolved\]/);
    expect(stslint(['--config', 'missing.yaml', 'db.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'stslint: cannot read configuration file missing.yaml (ENOENT)\n',
    });
    expect(stslint(['--config', 'ci/strict.yaml', '--no-config', 'db.yaml'], { cwd: dir }).code).toBe(2);
  });

  it('ignores files matching `ignore`, relative to the configuration file', () => {
    const dir = tempDir({
      '.stslint.yaml': 'ignore: ["generated/**", "*.skip.yaml"]\n',
      'generated/db.yaml': DB_SET,
      'deep/x/db.skip.yaml': DB_SET,
      'db.yaml': DB_SET,
    });
    const { stdout } = stslint(['-f', 'compact', '.'], { cwd: path.join(dir) });
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual(['db.yaml', 'db.yaml']);
    expect(stslint(['-f', 'compact', 'generated/db.yaml'], { cwd: dir }).stdout).toBe('');
  });
});

describe('schemas/config.schema.json', () => {
  it('lists exactly the rules there are, with their descriptions', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as {
      properties: { rules: { properties: Record<string, { description: string }> } };
    };
    const listed = schema.properties.rules.properties;
    // The rules, and the built-in findings that are configured like one (manifest-invalid, render-failed), in id order.
    expect(Object.keys(listed)).toEqual([...RULES.map((r) => r.id), 'manifest-invalid', 'render-failed'].sort());
    expect(listed['manifest-invalid']!.description).toMatch(/Built in\. Default: error\.$/);
    expect(listed['render-failed']!.description).toMatch(/^A chart or kustomization did not render .*Built in\. Default: error\.$/);
    for (const rule of RULES) {
      const preset = rule.meta.preset === 'recommended' ? '' : ` (only with \`preset: ${rule.meta.preset}\` or when set here)`;
      expect(listed[rule.id]!.description).toBe(`${rule.meta.description} Default: ${rule.meta.severity}${preset}.`);
    }
  });

  it('is what the built validator enforces (regenerated by every build)', () => {
    const built = readFileSync(path.join(ROOT, 'dist/src/project/config-validator.js'), 'utf8');
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as object;
    expect(built).toContain(JSON.stringify(schema));
  });
});
