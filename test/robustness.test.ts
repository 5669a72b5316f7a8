// Broken, hostile and odd input: a clear positioned finding, never a throw, and every other
// file and document still checked.

import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../src/engine/run-rules.js';
import { ResourceGraph } from '../src/graph/graph.js';
import { lintFiles, lintSources, RULES } from '../src/engine/lint.js';
import { parseSource } from '../src/yaml/parse.js';
import { defineRule } from '../src/engine/rule.js';
import { createSourceFile } from '../src/yaml/source.js';
import { toLintResults } from '../src/engine/report.js';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: ok}\nspec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}\n';
const lint = (text: string) => lintSources([{ path: '/in.yaml', text }]).findings;
const summary = (text: string) => lint(text).map((f) => `${f.ruleId ?? 'parse'} ${f.loc.line}:${f.loc.column} ${f.message}`);

describe('YAML syntax errors are findings with positions', () => {
  it.each([
    ['bad indentation', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n    labels: x\n', 4],
    ['tab indentation', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n', 4],
    ['unclosed quote', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "a\n', 4],
    ['unclosed flow', 'apiVersion: v1\nkind: Service\nmetadata: {name: a\n', 4],
    ['duplicate key', 'apiVersion: v1\nkind: Service\nkind: Service\nmetadata: {name: a}\n', 3],
    ['invalid escape', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "a\\qb"\n', 4],
  ])('%s', (_, text, line) => {
    const findings = lint(`${text}---\n${SERVICE}`);
    const fatal = findings.filter((f) => f.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.message).toMatch(/^Parsing error: /);
    expect(fatal[0]!.loc.line).toBe(line);
    // The next document is still read (an unclosed quote swallows the rest of the stream, as in every YAML reader).
    if (!text.includes('"a\n')) expect(lintSources([{ path: '/in.yaml', text: `${text}---\n${SERVICE}` }]).stats.resources).toBe(1);
  });
});

describe('positions after broken documents', () => {
  it('stay exact after a document the lexer has to recover from (found by the fuzz test)', () => {
    const text =
      '  serviceName: x\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n      labels:\n  ports: []\n---\napiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata: {name: zk}\nspec: {}\n';
    const removed = lint(text).find((f) => f.ruleId === 'api-removed');
    expect(removed?.loc).toMatchObject({ line: 9, column: 13, endLine: 9, endColumn: 25 });
  });
});

describe('documents that are not objects, and objects that are incomplete', () => {
  it('reports scalars, lists and nulls among manifests, and skips files made only of them', () => {
    expect(summary(`${SERVICE}---\njust text\n---\n- a\n- b\n`)).toEqual([
      'manifest-invalid 6:1 This document is a plain value, not a Kubernetes object; remove it or give it `apiVersion`, `kind` and `metadata`.',
      'manifest-invalid 8:1 This document is a list, not a Kubernetes object; remove it or give it `apiVersion`, `kind` and `metadata`.',
    ]);
    expect(lint('- a\n- b\n---\nhello\n')).toEqual([]);
  });

  it('reports a missing apiVersion, kind or metadata.name at the right place', () => {
    expect(summary('kind: StatefulSet\nmetadata: {name: a}\n')).toEqual([expect.stringMatching(/^manifest-invalid 1:1 This StatefulSet has no `apiVersion`/)]);
    expect(summary('apiVersion: apps/v1\nmetadata: {name: a}\n')).toEqual([expect.stringMatching(/^manifest-invalid 1:1 .*no `kind`/)]);
    expect(summary('apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  labels: {a: b}\n')).toEqual([
      expect.stringMatching(/^manifest-invalid 3:1 .*no `metadata.name`/),
    ]);
    expect(summary('apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: 12\n')).toEqual([expect.stringMatching(/^manifest-invalid 4:3 /)]);
    expect(lint('apiVersion: v1\nkind: Service\nmetadata: {generateName: web-}\nspec: {clusterIP: None}\n')).toEqual([]);
  });

  it('reports List items that are not objects', () => {
    expect(summary('apiVersion: v1\nkind: List\nitems:\n- 5\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n')).toEqual([
      expect.stringMatching(/^manifest-invalid 4:3 This List item is a plain value/),
    ]);
  });

  it('lets users turn manifest-invalid down or off', () => {
    const text = `${SERVICE}---\nhello\n`;
    expect(lintSources([{ path: '/a', text }], { rules: { 'manifest-invalid': 'off' } }).findings).toEqual([]);
    expect(lintSources([{ path: '/a', text }], { rules: { 'manifest-invalid': 'warning' } }).findings[0]!.severity).toBe('warning');
  });
});

describe('odd but valid files', () => {
  it.each([
    ['empty', ''],
    ['only comments', '# nothing here\n# at all\n'],
    ['only separators', '---\n---\n...\n'],
    ['mixed line endings', 'apiVersion: v1\r\nkind: Service\nmetadata:\r\n  name: a\nspec: {clusterIP: None}\r\n'],
    ['BOM', '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'],
    ['a very long line', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "${'x'.repeat(1_000_000)}"}\n`],
  ])('%s', (_, text) => {
    expect(lint(text)).toEqual([]);
  });

  it('stops deep nesting and alias bombs with a finding', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(summary(deep)).toEqual([expect.stringMatching(/nested too deeply/)]);
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    expect(summary(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n${levels.join('\n')}\n`)).toEqual([expect.stringMatching(/alias bomb/)]);
  });
});

describe('files the run cannot read', () => {
  it('reports binary, non-UTF-8, oversized and dangling files and lints the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stslint-'));
    writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: caf\xe9}\n', 'latin1'));
    writeFileSync(path.join(dir, 'big.yaml'), `${SERVICE}# ${'x'.repeat(5000)}\n`);
    writeFileSync(path.join(dir, 'ok.yaml'), SERVICE);
    symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
    symlinkSync(dir, path.join(dir, 'loop'));
    const run = await lintFiles([dir], { maxFileSize: 4096 });
    const byFile = Object.fromEntries(run.results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.message)]));
    expect(byFile['binary.yaml']).toEqual([expect.stringMatching(/binary file/)]);
    expect(byFile['latin1.yaml']).toEqual([expect.stringMatching(/not valid UTF-8/)]);
    expect(byFile['big.yaml']).toEqual([expect.stringMatching(/over the 4 KiB limit/)]);
    expect(byFile['dangling.yaml']).toEqual([expect.stringMatching(/Could not read the file \(ENOENT\)/)]);
    expect(byFile['ok.yaml']).toEqual([]);
    expect(run.results).toHaveLength(5);
  });
});

describe('terminal and report safety', () => {
  it('shows control characters and bidi overrides from manifests as visible escapes', () => {
    const text = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: "w\\e[31m\\u202e"}\nspec: {serviceName: web}\n';
    const run = lintSources([{ path: '/a', text }]);
    const messages = toLintResults(['/a'], run.findings).flatMap((r) => r.messages.map((m) => m.message));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      // eslint-disable-next-line no-control-regex -- control characters must be escaped
      expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
    expect(messages.join('\n')).toContain('w\\u{1b}[31m\\u{202e}');
  });
});

describe('a rule that crashes', () => {
  it('becomes an internal-error finding naming the rule and resource, and the other rules still report', () => {
    const broken = defineRule({
      id: 'broken-rule',
      meta: { severity: 'warning', preset: 'recommended', description: 'x', messages: { x: 'x' } },
      create: () => ({
        StatefulSet: () => {
          throw new TypeError('boom');
        },
      }),
    });
    const text =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {serviceName: nowhere, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}}}\n';
    const graph = new ResourceGraph(parseSource(createSourceFile('/a.yaml', text)).manifests);
    const findings = runRules(graph, [{ rule: broken, severity: 'warning' }, ...RULES.map((rule) => ({ rule, severity: rule.meta.severity }))]);
    const internal = findings.filter((f) => f.ruleId === 'internal-error');
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({ severity: 'error', loc: { line: 3, column: 18 } });
    expect(internal[0]!.message).toMatch(/Rule `broken-rule` failed on StatefulSet `web` in namespace `default`: boom/);
    expect(findings.some((f) => f.ruleId === 'service-missing')).toBe(true);
  });
});
