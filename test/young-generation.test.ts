// A run over many files keeps V8's young generation small (src/shared/young-generation.ts), only
// when the process is stslint's own (`tuneHeap`, set by the command line), and with the same
// results. The module's state is per process: the cases run in order, the tuning last.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/lint.js';
import { MANY_FILES, youngGenerationKeptSmall } from '../src/shared/young-generation.js';

let dir: string;
let few: string;
let many: string;

/** A StatefulSet and its Service per file, with findings (no probes, no PDB...) to compare. */
function manifest(i: number): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: db${i}`,
    `  namespace: ns${i % 7}`,
    'spec:',
    '  clusterIP: None',
    '  selector:',
    `    app: db${i}`,
    '---',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: db${i}`,
    `  namespace: ns${i % 7}`,
    'spec:',
    `  serviceName: db${i}`,
    '  replicas: 3',
    '  selector:',
    '    matchLabels:',
    `      app: db${i}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: db${i}`,
    '    spec:',
    '      containers:',
    '        - name: db',
    '          image: example/db:1.0',
    '',
  ].join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stslint-young-'));
  few = path.join(dir, 'few');
  many = path.join(dir, 'many');
  mkdirSync(few);
  mkdirSync(many);
  for (let i = 0; i < MANY_FILES; i++) {
    const text = manifest(i);
    if (i < 20) writeFileSync(path.join(few, `app-${String(i).padStart(5, '0')}.yaml`), text);
    writeFileSync(path.join(many, `app-${String(i).padStart(5, '0')}.yaml`), text);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('young generation of a run over many files', () => {
  it('is left alone without tuneHeap, and for few files', async () => {
    await lintFiles([many], { preset: 'all' });
    expect(youngGenerationKeptSmall()).toBe(false);
    await lintFiles([few], { preset: 'all', tuneHeap: true });
    expect(youngGenerationKeptSmall()).toBe(false);
  });

  it('is kept small with tuneHeap over many files, with the same results', async () => {
    const before = await lintFiles([many], { preset: 'all' });
    expect(youngGenerationKeptSmall()).toBe(false);
    const tuned = await lintFiles([many], { preset: 'all', tuneHeap: true });
    expect(youngGenerationKeptSmall()).toBe(true);
    expect(before.findings.length).toBeGreaterThan(MANY_FILES);
    expect(tuned.results).toEqual(before.results);
    expect(tuned.stats).toEqual(before.stats);
  });
});
