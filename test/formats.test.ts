// Every output format, on real findings from the built CLI.

import { cpSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_UNMOUNTED, DB_SERVICE, DB_SET, WEB_GOOD } from './support/manifests.js';
import { SHARED, stslint, tempDir, VERSION } from './support/run.js';
import { assertWellFormedXml } from './support/xml.js';
import { renderTools } from './support/render-tools.js';
import type { LintResult } from '../src/engine/report.js';

const SARIF_SCHEMA = path.join(SHARED, 'sarif/sarif-schema-2.1.0.json');

/** A repository (it has .git) with findings in a subdirectory, linted from that subdirectory. */
function repository(files: Record<string, string>): { root: string; cwd: string } {
  const root = tempDir(Object.fromEntries(Object.entries(files).map(([name, text]) => [`k8s/${name}`, text])));
  mkdirSync(path.join(root, '.git'));
  return { root, cwd: path.join(root, 'k8s') };
}

function jsonResults(args: string[], cwd: string): LintResult[] {
  return JSON.parse(stslint(['--format', 'json', ...args], { cwd }).stdout) as LintResult[];
}

describe('--format compact', () => {
  it('prints one `path:line:column: severity: message [rule-id]` line per finding and nothing else', () => {
    const dir = tempDir({ 'apps/db.yaml': DB_SET, 'apps/web.yaml': WEB_GOOD });
    const { code, stdout, stderr } = stslint(['--format', 'compact', 'apps'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^apps\/db\.yaml:6:16: error: StatefulSet `db` names Service `db-headless` .* \[service-missing\]$/);
    expect(lines[1]).toMatch(/^apps\/db\.yaml:17:21: error: Container `postgres` .* \[volume-mount-unresolved\]$/);
  });

  it('shows paths relative to the working directory, and the info level as `info`', () => {
    const dir = tempDir({ 'deep/cache.yaml': CACHE_UNMOUNTED });
    const { code, stdout } = stslint(['-f', 'compact', '--rule', 'claim-template-unmounted=info', 'cache.yaml'], { cwd: path.join(dir, 'deep') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cache\.yaml:23:24: info: Volume claim template `scratch` .* \[claim-template-unmounted\]\n$/);
  });

  it('prints nothing for a clean run and names parse errors `parse-error`', () => {
    const dir = tempDir({ 'web.yaml': WEB_GOOD, 'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n' });
    expect(stslint(['-f', 'compact', 'web.yaml'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(stslint(['-f', 'compact', 'broken.yaml'], { cwd: dir }).stdout).toMatch(/^broken\.yaml:\d+:\d+: error: Parsing error: .* \[parse-error\]\n$/);
  });
});

describe('--format github', () => {
  it('writes escaped workflow commands with exact positions, paths from the repository root', () => {
    // A file name with `,` `:` `%`, and a Service name with `%`, `,`, `:` and a newline in the message.
    const set = DB_SET.replace('serviceName: db-headless', 'serviceName: "db%2C,x:y\\nz"');
    const { cwd } = repository({ 'we,ird:100%.yaml': set });
    const { code, stdout } = stslint(['--format', 'github', '.'], { cwd });
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^(::(error|warning) [^:]*::[^\r\n]*|k8s\/.*: info: .*)$/);
    // Not a DNS label, so dns-name-invalid reports it (and service-missing stays quiet).
    const serviceLine = lines.find((l) => l.includes('title=stslint (dns-name-invalid)') && l.includes('serviceName'))!;
    expect(serviceLine.startsWith('::error file=k8s/we%2Cird%3A100%25.yaml,line=6,col=16,endLine=6,endColumn=30,title=stslint (dns-name-invalid)::')).toBe(
      true,
    );
    const message = serviceLine.slice(serviceLine.indexOf('::', 2) + 2);
    // `%` escaped for the runner; the newline from the manifest was already made visible (src/shared/sanitize.ts).
    // Annotations show Markdown literally: code spans are quoted instead.
    expect(message).toContain('"db%252C,x:y\\u{0a}z"');
    expect(message).not.toContain('`');
    const mount = lines.find((l) => l.includes('(volume-mount-unresolved)'))!;
    expect(mount).toContain(',line=17,col=21,endLine=17,endColumn=25,');
  });

  it('annotates warnings; infos are log lines, not notices that use up the annotation limit; no columns on multi-line ranges', () => {
    const { cwd } = repository({ 'cache.yaml': CACHE_UNMOUNTED });
    expect(stslint(['-f', 'github', '.'], { cwd }).stdout).toMatch(/^::warning file=k8s\/cache\.yaml,line=23,col=24,/);
    const info = stslint(['-f', 'github', '--rule', 'claim-template-unmounted=info', '.'], { cwd }).stdout;
    expect(info).not.toContain('::notice');
    expect(info).toMatch(/^k8s\/cache\.yaml:23:24: info: Volume claim template "scratch" .*\[claim-template-unmounted\]$/m);
    const multiLine = stslint(['-f', 'github', '-'], { cwd, input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "a\n' });
    expect(multiLine.stdout).toMatch(/^::error file=<stdin>,line=\d+,(endLine=\d+,)?(col=\d+,endLine=\d+,endColumn=\d+,)?title=stslint \(parse-error\)::/);
  });
});

describe.skipIf(!existsSync(SARIF_SCHEMA))('--format sarif', () => {
  async function validator() {
    // Both are CommonJS modules whose export also has itself as `.default`: this form works
    // with Node's and with Vitest's module interop alike.
    const { default: draft04 } = await import('ajv-draft-04');
    const { default: formats } = await import('ajv-formats');
    const ajv = new draft04.default({ strict: false, allErrors: true });
    formats.default(ajv);
    return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  }

  function sarif(args: string[], cwd: string) {
    const { stdout } = stslint(['--format', 'sarif', ...args], { cwd });
    return JSON.parse(stdout) as {
      runs: [
        {
          tool: {
            driver: {
              rules: {
                id: string;
                helpUri: string;
                shortDescription: { text: string };
                fullDescription: { text: string };
                defaultConfiguration: { level: string };
                properties: { precision: string; 'problem.severity': string };
              }[];
            };
          };
          originalUriBaseIds: Record<string, { uri: string }>;
          results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            partialFingerprints: Record<string, string>;
            suppressions?: { kind: string; justification?: string }[];
            locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
          }[];
        },
      ];
    };
  }

  it('is valid SARIF 2.1.0 with rules, exact regions and URIs relative to the repository root', async () => {
    const { root, cwd } = repository({ 'db.yaml': DB_SET, 'cache.yaml': CACHE_UNMOUNTED, 'odd name#1.yaml': WEB_GOOD });
    const log = sarif(['--rule', 'claim-template-unmounted=info', '.'], cwd);
    const validate = await validator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${root}/`);
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['service-missing', 'volume-mount-unresolved', 'parse-error', 'unused-disable']));
    const serviceMissing = rules.find((r) => r.id === 'service-missing')!;
    expect(serviceMissing.helpUri).toBe(`https://github.com/stslint/stslint/blob/v${VERSION}/docs/rules/service-missing.md`);
    expect(serviceMissing.defaultConfiguration.level).toBe('error');
    // What GitHub code scanning requires of every rule (fullDescription) and ranks alerts by (precision).
    for (const rule of rules) {
      expect(rule.fullDescription.text, rule.id).not.toBe('');
      expect(['very-high', 'high', 'medium', 'low'], rule.id).toContain(rule.properties.precision);
      expect(['error', 'warning', 'recommendation'], rule.id).toContain(rule.properties['problem.severity']);
    }
    expect(rules.find((r) => r.id === 'claim-template-unmounted')!.defaultConfiguration.level).toBe('warning');

    const byRule = Object.fromEntries(run.results.map((r) => [r.ruleId, r]));
    const missing = byRule['service-missing']!;
    expect(rules[missing.ruleIndex]!.id).toBe('service-missing');
    expect(missing.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/db.yaml', uriBaseId: '%SRCROOT%', index: expect.any(Number) as number },
      region: { startLine: 6, startColumn: 16, endLine: 6, endColumn: 27 },
    });
    expect(byRule['claim-template-unmounted']!.level).toBe('note');
    expect(byRule['volume-mount-unresolved']!.locations[0]!.physicalLocation.region).toEqual({ startLine: 17, startColumn: 21, endLine: 17, endColumn: 25 });
    expect(JSON.stringify(log)).toContain('"uri":"k8s/odd%20name%231.yaml"');
  });

  it('keeps fingerprints when lines move, and tells apart findings on different resources', () => {
    const { cwd } = repository({ 'db.yaml': DB_SET });
    const before = sarif(['.'], cwd).runs[0].results.map((r) => r.partialFingerprints['stslint/v1']);
    writeFileSync(path.join(cwd, 'db.yaml'), `# a comment\n# and another\n${DB_SET.replace('  name: db\n', '  name: db\n  labels: {tier: data}\n')}`);
    const moved = sarif(['.'], cwd).runs[0];
    expect(moved.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(9);
    expect(moved.results.map((r) => r.partialFingerprints['stslint/v1'])).toEqual(before);
    expect(new Set(before).size).toBe(before.length);

    writeFileSync(path.join(cwd, 'db.yaml'), DB_SET.replace('name: db\n', 'name: db2\n'));
    const renamed = sarif(['.'], cwd).runs[0].results.map((r) => r.partialFingerprints['stslint/v1']);
    expect(renamed.some((f) => before.includes(f))).toBe(false);
  });

  it('reports suppressed findings as suppressed results with their justification', async () => {
    const { cwd } = repository({
      'db.yaml': DB_SET.replace('  serviceName:', '  # stslint-disable-next-line service-missing -- Service lives in the platform repo\n  serviceName:'),
    });
    const log = sarif(['.'], cwd);
    expect((await validator())(log)).toBe(true);
    const suppressed = log.runs[0].results.find((r) => r.ruleId === 'service-missing')!;
    expect(suppressed.suppressions).toEqual([
      { kind: 'inSource', justification: 'Service lives in the platform repo', properties: { stslintKind: 'directive' } },
    ]);
  });

  it('is valid for a clean run (empty results) and for files outside the repository', async () => {
    const { cwd } = repository({ 'web.yaml': WEB_GOOD });
    const outside = tempDir({ 'db.yaml': DB_SET });
    const validate = await validator();
    const clean = sarif(['web.yaml'], cwd);
    expect(validate(clean)).toBe(true);
    expect(clean.runs[0].results).toEqual([]);
    const log = sarif(['web.yaml', path.join(outside, 'db.yaml')], cwd);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results[0]!.locations[0]!.physicalLocation.artifactLocation).toMatchObject({ uri: `file://${outside}/db.yaml` });
  });
});

describe('--format junit', () => {
  it('has one test case per resource, failures for errors, file and time attributes, and is well-formed XML', () => {
    const dir = tempDir({ 'db.yaml': DB_SET, 'db-service.yaml': DB_SERVICE.replace('clusterIP: None', 'clusterIP: 10.0.0.1'), 'cache.yaml': CACHE_UNMOUNTED });
    const { code, stdout } = stslint(['--format', 'junit', '.'], { cwd: dir });
    expect(code).toBe(1);
    assertWellFormedXml(stdout);
    expect(stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="stslint" tests="4" failures="2" errors="0" skipped="0" time="\d+\.\d{3}">/,
    );
    expect(stdout).toContain('<testsuite name="db.yaml" tests="1" failures="1" errors="0" skipped="0" time="0" file="db.yaml">');
    // Jenkins reads the text before a classname's last dot as a package: no dots.
    expect(stdout).toMatch(
      /<testcase classname="db-service_yaml" name="Service default\/db-headless" file="db-service.yaml" time="0">\n\s+<failure message="Service `db-headless` governs .*" type="service-not-headless">db-service.yaml:6:14: error: /,
    );
    expect(stdout).toMatch(/name="StatefulSet default\/db" file="db.yaml" time="0">\n\s+<failure [^>]*>db.yaml:17:21: error: /);
    // The warning does not fail its test case; it is listed in <system-out>.
    expect(stdout).toMatch(/name="StatefulSet default\/cache" file="cache.yaml" time="0">\n\s+<system-out>cache.yaml:23:24: warning: /);
    expect(stdout).not.toContain('classname="db.yaml"');
  });

  it('escapes markup and drops characters XML cannot hold; parse errors fail the `file` case', () => {
    const set = DB_SET.replace('serviceName: db-headless', 'serviceName: "<a&b>\\"q\\x01\\x1b"');
    const dir = tempDir({ 'db.yaml': set, 'bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n' });
    const { stdout } = stslint(['-f', 'junit', '.'], { cwd: dir });
    assertWellFormedXml(stdout);
    expect(stdout).toContain('&lt;a&amp;b&gt;&quot;q');
    // eslint-disable-next-line no-control-regex -- the escapes must be gone
    expect(stdout).not.toMatch(/[\u0001\u001b]/);
    expect(stdout).toMatch(/<testcase classname="bad_yaml" name="file" file="bad.yaml" time="0">\n\s+<failure message="Parsing error: /);
  });

  it('marks a resource whose findings are all suppressed as skipped', () => {
    const dir = tempDir({ 'db.yaml': `# stslint-disable volume-mount-unresolved, service-missing -- mounted by a webhook\n${DB_SET}` });
    const { stdout } = stslint(['-f', 'junit', 'db.yaml'], { cwd: dir });
    assertWellFormedXml(stdout);
    expect(stdout).toMatch(/name="StatefulSet default\/db" file="db.yaml" time="0">\n\s+<skipped message="suppressed: mounted by a webhook"\/>/);
    expect(stdout).toMatch(/skipped="1"/);
  });
});

describe('--format json', () => {
  it('lists suppressed findings in suppressedMessages with their suppressions', () => {
    const dir = tempDir({
      'db.yaml': DB_SET.replace('  name: db\n', '  name: db\n  annotations:\n    stslint.io/ignore: "service-missing -- platform team owns the Service"\n'),
    });
    const [result] = jsonResults(['db.yaml'], dir);
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['volume-mount-unresolved']);
    expect(result!.suppressedMessages).toEqual([
      expect.objectContaining({
        ruleId: 'service-missing',
        line: 8,
        path: ['spec', 'serviceName'],
        suppressions: [{ kind: 'annotation', justification: 'platform team owns the Service' }],
      }),
    ]);
    expect(result!.errorCount).toBe(1);
  });
});

describe('a rendered finding’s related place', () => {
  it('shows in pretty, compact, github and junit as JSON has it: `written by templates/service.yaml:7`', { timeout: 60_000 }, () => {
    const root = tempDir({ '.git/HEAD': 'ref: refs/heads/main\n' });
    cpSync(path.join(import.meta.dirname, 'render-fixtures/chart-db'), path.join(root, 'chart'), { recursive: true });
    const values = path.join(root, 'chart/values.yaml');
    writeFileSync(values, readFileSync(values, 'utf8').replace('headless: true', 'headless: false'));
    const run = (format: string, cwd = root) => stslint(['--helm', renderTools().helm, '--format', format, cwd === root ? 'chart' : '.'], { cwd });
    const [message] = (JSON.parse(run('json').stdout) as LintResult[]).flatMap((r) => r.messages);
    expect(message).toMatchObject({ ruleId: 'service-not-headless', line: 3 });
    expect(message!.relatedLocations).toEqual([expect.objectContaining({ filePath: path.join(root, 'chart/templates/service.yaml'), line: 7 })]);
    const place = 'written by chart/templates/service.yaml:7';
    expect(run('pretty').stdout).toMatch(new RegExp(`^chart/values\\.yaml\\n  3:1 .*\\n +${place}\\n +service-not-headless `));
    expect(run('compact').stdout).toMatch(new RegExp(`^chart/values\\.yaml:3:1: error: .*\\. \\(${place}\\) \\[service-not-headless\\]\\n$`));
    expect(run('github').stdout).toMatch(new RegExp(`^::error file=chart/values\\.yaml,line=3,.*\\. \\(${place}\\)\\n$`));
    // github: paths from the repository root, wherever it runs.
    expect(run('github', path.join(root, 'chart')).stdout).toContain(`(${place})`);
    const junit = run('junit').stdout;
    assertWellFormedXml(junit);
    expect(junit).toContain(`[service-not-headless]\n  ${place}\n  https://`);
    // Compact from inside the chart: relative to the working directory, as its paths are.
    expect(run('compact', path.join(root, 'chart')).stdout).toContain('(written by templates/service.yaml:7) [service-not-headless]');
  });
});
