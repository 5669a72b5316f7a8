// Release facts kept as data (scripts/data/*.tsv, one source per row, generated into this folder by
// scripts/gen-release-facts.mjs): which warnings the API server sends, what it rejects or drops on
// create, what controllers do, from which release. Messages that depend on the release read these
// rather than carrying a release in their prose; test/release-truth.test.ts holds them to the tables.

import type { KubernetesVersion } from '../version.js';
import { compareVersions, release } from '../version.js';
import { clusterBehaviour } from './clusterBehaviour.generated.js';
import { createValidation } from './createValidation.generated.js';
import { serverWarnings } from './serverWarnings.generated.js';

export interface FactRow {
  key: string;
  from: string;
  until: string | null;
}

/** Whether `row` holds at `target`: from its first release, before its `until`. */
export function holdsAt(row: FactRow, target: KubernetesVersion): boolean {
  return compareVersions(target, release(row.from)) >= 0 && (row.until === null || compareVersions(target, release(row.until)) < 0);
}

/** Answers given, per table, target (the run's settings object) and key: rules ask per object. */
const answers = new WeakMap<readonly FactRow[], WeakMap<KubernetesVersion, Map<string, FactRow | undefined>>>();

/** The row of `key` that holds at `target` (rows of one key never overlap), or undefined. */
export function factAt<Row extends FactRow>(table: readonly Row[], key: string, target: KubernetesVersion): Row | undefined {
  let byTarget = answers.get(table);
  if (!byTarget) answers.set(table, (byTarget = new WeakMap<KubernetesVersion, Map<string, FactRow | undefined>>()));
  let byKey = byTarget.get(target);
  if (!byKey) byTarget.set(target, (byKey = new Map<string, FactRow | undefined>()));
  if (byKey.has(key)) return byKey.get(key) as Row | undefined;
  const row = rowAt(table, key, target);
  byKey.set(key, row);
  return row;
}

function rowAt<Row extends FactRow>(table: readonly Row[], key: string, target: KubernetesVersion): Row | undefined {
  let known = false;
  for (const row of table) {
    if (row.key !== key) continue;
    if (holdsAt(row, target)) return row;
    known = true;
  }
  // A key no row has is a typo in the code that asks, which would silently never hold.
  if (!known) throw new Error(`no release-facts row has the key ${key}`);
  return undefined;
}

/** The first release from which `key` holds (its earliest row), for messages that name it. */
export function firstRelease(table: readonly FactRow[], key: string): string | undefined {
  const rows = table.filter((row) => row.key === key).sort((a, b) => compareVersions(release(a.from), release(b.from)));
  return rows[0]?.from;
}

export type ServerWarning = (typeof serverWarnings)[number];

/** The warning `key` as the API server of `target` sends it, or undefined when it sends none. */
export function serverWarningAt(key: string, target: KubernetesVersion): ServerWarning | undefined {
  return factAt(serverWarnings, key, target);
}

/** Whether the API server of `target` does `key` on create (createValidation table). */
export function validatesAt(key: string, target: KubernetesVersion): boolean {
  return factAt(createValidation, key, target) !== undefined;
}

/** Whether the cluster of `target` behaves as `key` says (clusterBehaviour table). */
export function behavesAt(key: string, target: KubernetesVersion): boolean {
  return factAt(clusterBehaviour, key, target) !== undefined;
}

export { clusterBehaviour, createValidation, serverWarnings };
