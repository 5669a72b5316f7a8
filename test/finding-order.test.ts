// Findings at the same place are ordered by rule id and message in code-point order
// (src/shared/finding.ts compareFindings): the same under every locale, and without ICU's
// collator, whose set-up cost 10–40 ms of a small run.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compareFindings, type Finding } from '../src/shared/finding.js';
import { nearMisses } from '../src/shared/text.js';
import { CLI, tempDir } from './support/run.js';

const at = { line: 3, column: 5, endLine: 3, endColumn: 9 };
const finding = (ruleId: string, message: string): Finding => ({ ruleId, severity: 'error', message, filePath: '/x.yaml', loc: at });

describe('order of findings at one place', () => {
  it('is by rule id, then message, in code-point order', () => {
    const list = [
      finding('service-selector-mismatch', 'Service `web` governs StatefulSet `web`'),
      finding('service-selector-mismatch', 'Service `web` governs StatefulSet `Web`'),
      finding('pdb-missing', 'StatefulSet `y`'),
      finding('pdb-missing', 'StatefulSet `j`'),
      finding('anti-affinity-missing', 'StatefulSet `db`'),
    ];
    expect(list.sort(compareFindings).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'anti-affinity-missing: StatefulSet `db`',
      'pdb-missing: StatefulSet `j`',
      'pdb-missing: StatefulSet `y`',
      // Upper case before lower case (localeCompare under en-US put `web` first).
      'service-selector-mismatch: Service `web` governs StatefulSet `Web`',
      'service-selector-mismatch: Service `web` governs StatefulSet `web`',
    ]);
  });

  it('puts near misses of one distance in code-point order', () => {
    expect(nearMisses('dbx', ['dby', 'Dbz', 'dba'])).toEqual(['Dbz', 'dba', 'dby']);
  });

  it('is the same under every locale of the process (Lithuanian collation sorts y before j)', () => {
    // One Service governing two sets whose pods it does not select: two findings of one rule at
    // the selector, whose messages differ at `j` and `y`.
    const set = (name: string) =>
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        '  serviceName: web',
        '  selector: {matchLabels: {app: db}}',
        '  template:',
        '    metadata: {labels: {app: db}}',
        '    spec:',
        '      containers: [{name: db, image: "example/db:1.0"}]',
      ].join('\n');
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 80}]';
    const dir = tempDir({ 'all.yaml': [service, set('yx'), set('jx')].join('\n---\n') });
    const run = (locale: string) =>
      spawnSync(process.execPath, [CLI, '--format', 'compact', 'all.yaml'], {
        cwd: dir,
        env: { ...process.env, LC_ALL: locale, LANG: locale, NO_COLOR: '1' },
        encoding: 'utf8',
      }).stdout;
    const english = run('en_US.UTF-8');
    const atSelector = english.split('\n').filter((line) => line.includes('all.yaml:7:') && line.includes('service-selector-mismatch'));
    expect(atSelector).toHaveLength(2);
    expect(atSelector[0]).toContain('`jx`');
    expect(run('lt_LT.UTF-8')).toBe(english);
  });
});
