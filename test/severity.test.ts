// A rule may set a finding's severity by the target release; a severity the user sets wins.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, type LintOptions } from '../src/engine/lint.js';
import { FIXTURES_DIR } from './support/fixtures.js';

const file = path.join(FIXTURES_DIR, 'petset-initialized-annotation/invalid-paused-1-6.yaml');
const text = readFileSync(file, 'utf8');
const severities = (options: LintOptions) =>
  lintSources([{ path: file, text }], options)
    .findings.filter((f) => f.ruleId === 'petset-initialized-annotation')
    .map((f) => f.severity);

describe('per-finding severity', () => {
  it('follows the rule where the user set nothing', () => {
    expect(severities({ kubernetesVersion: '1.6' })).toEqual(['warning']);
    expect(severities({ kubernetesVersion: '1.35' })).toEqual(['info']);
  });

  it('gives way to a severity set for the rule', () => {
    expect(severities({ kubernetesVersion: '1.6', rules: { 'petset-initialized-annotation': 'info' } })).toEqual(['info']);
    expect(severities({ kubernetesVersion: '1.35', rules: { 'petset-initialized-annotation': 'error' } })).toEqual(['error']);
  });
});
