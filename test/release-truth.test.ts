// Every message true for its target release (issue 20): renders every fixture case of every rule
// (change pairs too) at each boundary of the release-facts tables (scripts/data/*.tsv, generated into
// src/api/facts/) — the release a fact starts or stops and the one before — and at a fixed list of
// releases, then holds each message to the claims of test/support/release-claims/*.ts. Also checks
// that every message variant of every rule is rendered somewhere, so that no variant escapes.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSources, RULES } from '../src/engine/lint.js';
import { FIXTURES_DIR, loadCases } from './support/fixtures.js';
import type { ReleaseClaim } from './support/release-claims/claim.js';

const FIXED = ['1.3', '1.8', '1.20', '1.27', '1.33', '1.35', '1.37'];
const OLDEST = 3;
const FACTS_DIR = path.resolve(import.meta.dirname, '../src/api/facts');
const CLAIMS_DIR = path.resolve(import.meta.dirname, 'support/release-claims');

/**
 * Message variants no fixture renders at any release, written down so that the list can only shrink:
 * each is a rule's `messageId` that needs input no fixture has yet. A new variant must come with a
 * fixture; a variant that gains one must leave this list.
 */
const UNRENDERED = new Set<string>([
  // A fixture for it would carry more than 256 KiB of annotations.
  'template-metadata-invalid:annotationsTooLarge',
]);

interface Rendered {
  ruleId: string;
  messageId: string | undefined;
  message: string;
  release: string;
  fixture: string;
}

async function boundaries(): Promise<string[]> {
  const releases = new Set<string>(FIXED);
  for (const file of readdirSync(FACTS_DIR).filter((f) => f.endsWith('.generated.ts'))) {
    const module = (await import(pathToFileURL(path.join(FACTS_DIR, file)).href)) as Record<string, unknown>;
    for (const table of Object.values(module)) {
      if (!Array.isArray(table)) continue;
      for (const row of table as { from?: string; until?: string | null }[]) {
        for (const at of [row.from, row.until]) {
          if (!at) continue;
          const [major, minor, patch] = at.split('.').map(Number) as [number, number, number | undefined];
          if (minor >= OLDEST) releases.add(at);
          // The side before: the previous patch, or the previous minor release.
          if (patch !== undefined && patch > 0) releases.add(`${major}.${minor}.${patch - 1}`);
          else if (patch === undefined && minor - 1 >= OLDEST) releases.add(`${major}.${minor - 1}`);
        }
      }
    }
  }
  return [...releases].sort((a, b) => {
    const [x, y] = [a, b].map((v) => v.split('.').map(Number));
    return x![1]! - y![1]! || (x![2] ?? -1) - (y![2] ?? -1);
  });
}

async function loadClaims(): Promise<ReleaseClaim[]> {
  const claims: ReleaseClaim[] = [];
  for (const file of readdirSync(CLAIMS_DIR).filter((f) => f.endsWith('.ts') && f !== 'claim.ts')) {
    const module = (await import(pathToFileURL(path.join(CLAIMS_DIR, file)).href)) as { claims?: ReleaseClaim[] };
    if (!module.claims) throw new Error(`${file} exports no claims`);
    claims.push(...module.claims);
  }
  return claims;
}

describe('every message at every release boundary', () => {
  const rendered: Rendered[] = [];
  let releases: string[] = [];
  let claims: ReleaseClaim[] = [];

  beforeAll(async () => {
    releases = await boundaries();
    claims = await loadClaims();
    // Each case with its own rule alone: every rule's messages come from its own fixtures, and the
    // other rules (and schema validation) would only multiply the work by the number of releases.
    const off = Object.fromEntries(RULES.map((rule) => [rule.id, 'off' as const]));
    for (const rule of RULES) {
      const dir = path.join(FIXTURES_DIR, rule.id);
      if (!existsSync(dir)) continue;
      for (const c of loadCases(dir)) {
        for (const release of releases) {
          const rules = { ...off, [rule.id]: 'warning' as const };
          const run = lintSources(c.inputs, { ...c.options, kubernetesVersion: release, rules });
          for (const f of run.findings) {
            if (!f.ruleId) continue;
            rendered.push({ ruleId: f.ruleId, messageId: f.messageId, message: f.message, release, fixture: `${rule.id}/${c.name}` });
          }
        }
      }
    }
  }, 600_000);

  it('renders at the fixed releases and at both sides of each table boundary', () => {
    for (const release of FIXED) expect(releases).toContain(release);
    expect(releases).toContain('1.26'); // before createValidation's statefulset-name-label (1.27)
    expect(rendered.length).toBeGreaterThan(5000);
  });

  it('no message claims what the release-facts tables do not hold for its release', () => {
    const untrue: string[] = [];
    for (const r of rendered) {
      for (const claim of claims) {
        if (claim.rules && !claim.rules.includes(r.ruleId)) continue;
        const pattern = new RegExp(claim.pattern.source, claim.pattern.flags.includes('g') ? claim.pattern.flags : `${claim.pattern.flags}g`);
        for (const match of r.message.matchAll(pattern)) {
          const verdict = claim.holds(r.release, match, r.message);
          if (verdict !== true) untrue.push(`${r.fixture} at ${r.release}, ${r.ruleId}, claim "${claim.id}": ${verdict}\n    ${r.message}`);
        }
      }
    }
    expect(untrue.slice(0, 20)).toEqual([]);
  });

  it('every claim is exercised by some message', () => {
    const idle = claims.filter((claim) => !rendered.some((r) => (!claim.rules || claim.rules.includes(r.ruleId)) && claim.pattern.test(r.message)));
    expect(idle.map((c) => c.id)).toEqual([]);
  });

  it('every message variant of every rule is rendered by some fixture at some release', () => {
    const seen = new Set(rendered.map((r) => `${r.ruleId}:${r.messageId}`));
    const variants = RULES.flatMap((rule) => Object.keys(rule.meta.messages).map((id) => `${rule.id}:${id}`));
    expect(variants.filter((v) => !seen.has(v) && !UNRENDERED.has(v))).toEqual([]);
    expect([...UNRENDERED].filter((v) => seen.has(v))).toEqual([]);
  });
});
