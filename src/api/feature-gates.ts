// What a target release does with gated StatefulSet fields and controller-set pod labels, by
// default (no `--feature-gates` overrides). The facts are data with a source on every row:
// scripts/data/feature-gates.tsv (gates) and scripts/data/cluster-behaviour.tsv (pod labels),
// generated into src/api/facts/. "Off" means `dropStatefulSetDisabledFields`
// (pkg/registry/apps/statefulset/strategy.go) drops the field on create, or the controller ignores it.

import { clusterBehaviour, factAt, firstRelease } from './facts/index.js';
import { featureGates } from './facts/featureGates.generated.js';
import { release, type KubernetesVersion } from './version.js';

export interface GatedField {
  /** Path inside the StatefulSet. */
  readonly path: readonly string[];
  readonly gate: string;
  /** First release that knows the field (earlier releases: unknown field, not this module's concern). */
  readonly since: string;
  /** Whether the gate is on by default in `target` (only asked for targets ≥ since). */
  enabled(target: KubernetesVersion): boolean;
  /** When the gate is on by default, for messages ("1.23", "1.35.0–1.35.3 and from 1.37"). */
  readonly onBy: string;
}

/** Whether `gate` is on by default at `target`: its row of feature-gates.tsv says `on`. */
function gateOn(gate: string, target: KubernetesVersion): boolean {
  return factAt(featureGates, gate, target)?.state === 'on';
}

/** The release before a patch release (`1.35.4` → `1.35.3`), for the end of a range of patches. */
function patchBefore(until: string): string {
  const { major, minor, patch } = release(until);
  return `${major}.${minor}.${(patch ?? 1) - 1}`;
}

/** The releases where `gate` is on by default, as messages name them. */
function onByText(gate: string): string {
  const on = featureGates.filter((row) => row.key === gate && row.state === 'on');
  if (on.length === 1 && on[0]!.until === null) return on[0]!.from;
  return on.map((row) => (row.until === null ? `from ${row.from}` : `${row.from}–${patchBefore(row.until)}`)).join(' and ');
}

/**
 * `MaxUnavailableStatefulSet`: alpha (off) 1.24–1.34; beta and on in 1.35.0–1.35.3; turned off
 * again from 1.35.4 and in 1.36 after a regression in Parallel pod management; on again from 1.37
 * (feature-gates.tsv). A target without a patch level is read as that release's latest patch, which
 * is what an up-to-date cluster runs.
 */
export function maxUnavailableEnabled(target: KubernetesVersion): boolean {
  return gateOn('MaxUnavailableStatefulSet', target);
}

export const GATED_FIELDS: readonly GatedField[] = [...new Set(featureGates.map((row) => row.key))].map((gate) => ({
  path: featureGates.find((row) => row.key === gate)!.field.split('.'),
  gate,
  since: firstRelease(featureGates, gate)!,
  enabled: (target: KubernetesVersion) => gateOn(gate, target),
  onBy: onByText(gate),
}));

const POD_LABEL = 'controller-pod-label ';

/** Release from which the StatefulSet controller sets a pod label (`updateIdentity`), by label (cluster-behaviour.tsv). */
export const CONTROLLER_POD_LABELS: Readonly<Record<string, { since: string }>> = Object.fromEntries(
  clusterBehaviour.filter((row) => row.key.startsWith(POD_LABEL)).map((row) => [row.key.slice(POD_LABEL.length), { since: row.from }]),
);

/** Whether a StatefulSet field gate of GATED_FIELDS is on by default in `target`. */
export function gateEnabled(gate: string, target: KubernetesVersion): boolean {
  const field = GATED_FIELDS.find((f) => f.gate === gate);
  if (!field) throw new Error(`unknown feature gate ${gate}`);
  return field.enabled(target);
}
