// The release-facts tables (scripts/data/*.tsv with a `# release-facts table:` line) and what
// scripts/gen-release-facts.mjs makes of them: the committed src/api/facts/*.generated.ts must be
// exactly its output, and the accessors must read the rows as the tables say.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factAt, firstRelease, holdsAt, serverWarnings } from '../src/api/facts/index.js';
import { parseKubernetesVersion } from '../src/api/version.js';
import { CONTROLLER_POD_LABELS, GATED_FIELDS, gateEnabled, maxUnavailableEnabled } from '../src/api/feature-gates.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const on = (release: string) => parseKubernetesVersion(release)!;

describe('src/api/facts/*.generated.ts', () => {
  it('is what npm run gen:facts makes of scripts/data/*.tsv', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'stslint-facts-'));
    const run = spawnSync(process.execPath, ['scripts/gen-release-facts.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STSLINT_FACTS_OUTPUT: out },
    });
    expect(run.status, run.stderr).toBe(0);
    const committed = readdirSync(path.join(ROOT, 'src/api/facts')).filter((f) => f.endsWith('.generated.ts'));
    expect(readdirSync(out).sort()).toEqual(committed.sort());
    for (const file of committed) expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(readFileSync(path.join(ROOT, 'src/api/facts', file), 'utf8'));
  });
});

describe('release-facts accessors', () => {
  it('a row holds from its first release, up to but not including its until', () => {
    const row = { key: 'k', from: '1.22', until: '1.27' };
    expect(holdsAt(row, on('1.21'))).toBe(false);
    expect(holdsAt(row, on('1.22'))).toBe(true);
    expect(holdsAt(row, on('1.26.9'))).toBe(true);
    expect(holdsAt(row, on('1.27'))).toBe(false);
  });

  it('picks the row of a key that holds, with its words', () => {
    expect(factAt(serverWarnings, 'duplicate-env', on('1.27'))?.text).toBe('duplicate name "%s"');
    expect(factAt(serverWarnings, 'duplicate-env', on('1.29'))?.text).toBe('');
    expect(factAt(serverWarnings, 'duplicate-env', on('1.30'))?.text).toContain('which may be dropped when using apply');
    expect(factAt(serverWarnings, 'duplicate-env', on('1.21'))).toBeUndefined();
    expect(firstRelease(serverWarnings, 'seccomp-annotation')).toBe('1.22');
  });

  it('a key no row has is an error, not a silent never', () => {
    expect(() => factAt(serverWarnings, 'no-such-warning', on('1.30'))).toThrow(/no-such-warning/);
  });

  it('the generator refuses overlapping rows, rows without a source and bad releases', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stslint-facts-bad-'));
    const script = path.join(ROOT, 'scripts/gen-release-facts.mjs');
    // Run a copy of the generator against a scratch data folder: ROOT/scripts/data is resolved from the script's place.
    const copy = path.join(dir, 'scripts');
    mkdirSync(path.join(copy, 'data'), { recursive: true });
    mkdirSync(path.join(dir, 'out'));
    copyFileSync(script, path.join(copy, 'gen-release-facts.mjs'));
    const header = '# release-facts table: bad\n# columns:\tkey\tfrom\tuntil\tsource\n';
    const cases: [string, RegExp][] = [
      ['a\t1.22\t1.27\ts\na\t1.26\t\ts\n', /overlap/],
      ['a\t1.22\t\t\n', /source/],
      ['a\tv1.22\t\ts\n', /must be a release/],
      ['a\t1.27\t1.22\ts\n', /not after/],
    ];
    for (const [rows, error] of cases) {
      writeFileSync(path.join(copy, 'data', 'bad.tsv'), header + rows);
      const run = spawnSync(process.execPath, [path.join(copy, 'gen-release-facts.mjs')], {
        encoding: 'utf8',
        env: { ...process.env, STSLINT_FACTS_OUTPUT: path.join(dir, 'out') },
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(error);
    }
  });
});

describe('feature gates (scripts/data/feature-gates.tsv)', () => {
  it('reads each gate from its rows: first release, state by release and patch, the on-by-default text', () => {
    const retention = GATED_FIELDS.find((f) => f.gate === 'StatefulSetAutoDeletePVC')!;
    expect(retention).toMatchObject({ since: '1.23', onBy: '1.27', path: ['spec', 'persistentVolumeClaimRetentionPolicy'] });
    expect([gateEnabled('StatefulSetAutoDeletePVC', on('1.26')), gateEnabled('StatefulSetAutoDeletePVC', on('1.27'))]).toEqual([false, true]);
    const mu = GATED_FIELDS.find((f) => f.gate === 'MaxUnavailableStatefulSet')!;
    expect(mu.onBy).toBe('1.35.0–1.35.3 and from 1.37');
    // A target without a patch level is that release's latest patch.
    expect(['1.34', '1.35.0', '1.35.3', '1.35.4', '1.35', '1.36', '1.37'].map((r) => maxUnavailableEnabled(on(r)))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(CONTROLLER_POD_LABELS).toEqual({ 'statefulset.kubernetes.io/pod-name': { since: '1.9' }, 'apps.kubernetes.io/pod-index': { since: '1.28' } });
  });
});
