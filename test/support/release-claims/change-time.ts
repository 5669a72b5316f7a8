// Claims of the change-time rules of issue 20 (update-forbidden, storage-deleted, storage-orphaned,
// rollout-not-triggered, scale-down-keeps-claims), held to scripts/data/statefulset-mutable-fields.tsv,
// kubectl-flags.tsv and change-facts.tsv and to feature-gates.tsv (through src/api/feature-gates.ts). Used by
// test/release-truth.test.ts (on every fixture) and test/change-messages-by-release.test.ts (on a
// scenario for every message variant, and on the plan).

import { GATED_FIELDS, gateEnabled } from '../../../src/api/feature-gates.js';
import { flagAccepted, holds, mayChange, mutabilityRange, mutableStatefulSetFields, type ChangeFact } from '../../../src/api/release-facts.js';
import { formatVersion, isAtLeast, parseKubernetesVersion } from '../../../src/api/version.js';
import type { ReleaseClaim } from './claim.js';

const CHANGE_RULES = ['update-forbidden', 'storage-deleted', 'storage-orphaned', 'rollout-not-triggered', 'scale-down-keeps-claims'];
/** Every rule that prints a `kubectl delete --cascade` command. */
const CASCADE_RULES = [...CHANGE_RULES, 'forced-rollback-risk', 'max-unavailable-ineffective'];
const on = (release: string) => parseKubernetesVersion(release)!;
const listed = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** A claim that is true exactly where a fact of change-facts.tsv holds (or, with `absent`, where it does not). */
function factClaim(id: string, pattern: RegExp, fact: ChangeFact, absent = false, rules = ['update-forbidden']): ReleaseClaim {
  return {
    id,
    rules,
    pattern,
    holds: (release) => (holds(fact, on(release)) !== absent ? true : `${fact} ${absent ? 'holds' : 'does not hold'} at ${release}`),
  };
}

const retention = GATED_FIELDS.find((f) => f.gate === 'StatefulSetAutoDeletePVC')!;

export const claims: ReleaseClaim[] = [
  {
    id: 'kubectl --cascade=orphan',
    rules: CASCADE_RULES,
    pattern: /--cascade=orphan/,
    holds: (release) => (flagAccepted('--cascade=orphan', on(release)) ? true : `kubectl ${release} has no --cascade=orphan`),
  },
  {
    id: 'kubectl --cascade=false only where orphan is not accepted',
    rules: CASCADE_RULES,
    pattern: /--cascade=false/,
    holds: (release) => (flagAccepted('--cascade=orphan', on(release)) ? `prints the deprecated --cascade=false where ${release} has --cascade=orphan` : true),
  },
  {
    id: 'the fields an update may change',
    rules: ['update-forbidden'],
    pattern: /an update may change only (.*?) of an existing StatefulSet \(Kubernetes ([\d.]+)(?:; whether it accepts a change of (.*?) is not settled)?/,
    holds(release, match) {
      const fields = mutableStatefulSetFields(on(release));
      if (match[2] !== formatVersion(on(release))) return `names Kubernetes ${match[2]}`;
      if (listed(match[1]!).join(',') !== fields.certain.join(',')) return `lists ${match[1]}, the table ${fields.certain.join(', ')}`;
      if ((match[3] ? listed(match[3]).join(',') : '') !== fields.unsettled.join(','))
        return `unsettled: ${match[3] ?? 'none'}, the table ${fields.unsettled.join(', ') || 'none'}`;
      return true;
    },
  },
  {
    id: 'a reported StatefulSet field is one the release rejects',
    rules: ['update-forbidden'],
    pattern: /^`spec\.((?!volumeClaimTemplates|selector)[^`]+)` of StatefulSet/,
    holds(release, match) {
      const path = match[1]!.replace(/\[\d+\]/g, '').split('.');
      return mayChange(mutableStatefulSetFields(on(release)), path) === 'no' ? true : `spec.${match[1]} may change at ${release}`;
    },
  },
  {
    id: 'a field reported as not settled is unsettled at the release, with the range of the table',
    rules: ['update-forbidden'],
    pattern:
      /accepts a change of `spec\.([^`]+)` is not settled: .*?; ([\d.]+) servers reject it .*?, (?:servers from ([\d.]+) accept it|no server is known to accept it), and for ([\d.]+)(?: to ([\d.]+)| and later) no source/,
    holds(release, match) {
      const field = match[1]!;
      if (mayChange(mutableStatefulSetFields(on(release)), field.split('.')) !== 'unsettled') return `spec.${field} is settled at ${release}`;
      const { from, settled } = mutabilityRange(field);
      const minorBefore = (v: string) => `${on(v).major}.${on(v).minor - 1}`;
      if (match[2] !== minorBefore(from)) return `says ${match[2]} servers reject it; the table: from ${from}`;
      if ((match[3] ?? '') !== settled) return `says accepted from ${match[3] ?? 'nowhere'}; the table: ${settled || 'nowhere'}`;
      if (match[4] !== from || (match[5] ?? '') !== (settled ? minorBefore(settled) : '')) return `range ${match[4]}–${match[5] ?? ''}`;
      return true;
    },
  },
  factClaim('the number of containers cannot change', /may not add or remove containers/, 'statefulset-container-count-fixed'),
  factClaim('Service IP "may not change once set"', /"may not change once set"/, 'service-ip-message'),
  factClaim('Service IP "field is immutable"', /"field is immutable"/, 'service-ip-message', true),
  factClaim('Service ipFamilies exist', /IP families of an existing Service/, 'service-ip-families'),
  factClaim('claims can be resized', /kubectl patch pvc/, 'pvc-expansion-default'),
  factClaim('claims cannot be resized', /does not resize (?:existing )?claims/, 'pvc-expansion-default', true),
  factClaim('allowVolumeExpansion exists', /allowVolumeExpansion/, 'pvc-expansion-field'),
  factClaim('shrink down to the capacity', /status\.capacity/, 'pvc-shrink-to-capacity'),
  factClaim('no shrink at all', /less than previous value/, 'pvc-shrink-to-capacity', true),
  factClaim('claim spec message with resources.requests', /except resources\.requests/, 'pvc-spec-message'),
  factClaim('adopted pods keep their subdomain', /keeps its old `subdomain`/, 'pod-identity-in-spec'),
  factClaim('update strategies exist', /`OnDelete` update strategy|`partition: |updateStrategy: RollingUpdate/, 'statefulset-update-strategy', false, [
    'rollout-not-triggered',
  ]),
  factClaim('no update strategies yet', /never replaces a running pod of a StatefulSet/, 'statefulset-update-strategy', true, ['rollout-not-triggered']),
  {
    id: 'a retention policy deletes claims only where its gate is on',
    rules: ['storage-deleted'],
    pattern: /`when(?:Scaled|Deleted): Delete`/,
    // OpenKruise's controller applies an Advanced StatefulSet's policy under its own gate (on by default).
    holds: (release, _match, message) =>
      message.includes('Advanced StatefulSet') || gateEnabled(retention.gate, on(release)) ? true : `${retention.gate} is off at ${release}`,
  },
  {
    id: 'whenScaled: Retain is what keeps claims',
    rules: ['scale-down-keeps-claims'],
    pattern: /\(the default\) claims are kept/,
    holds: (release) => (gateEnabled(retention.gate, on(release)) ? true : `${retention.gate} is off at ${release}`),
  },
  {
    id: 'the retention policy is behind an off gate',
    rules: ['scale-down-keeps-claims'],
    pattern: /behind the (\w+) feature gate, off by default before ([\d.]+)/,
    holds(release, match) {
      const target = on(release);
      if (match[1] !== retention.gate || match[2] !== retention.onBy) return `names ${match[1]} ${match[2]}`;
      return isAtLeast(target, retention.since) && !gateEnabled(retention.gate, target) ? true : `the gate is not off-but-present at ${release}`;
    },
  },
  {
    id: 'the retention policy does not exist yet',
    rules: ['scale-down-keeps-claims'],
    pattern: /the retention policy arrived in ([\d.]+)/,
    holds: (release, match) => (match[1] === retention.since && !isAtLeast(on(release), retention.since) ? true : `says ${match[1]} at ${release}`),
  },
  {
    id: 'the release a message names is the target',
    rules: CHANGE_RULES,
    pattern: /Kubernetes (\d+\.\d+(?:\.\d+)?)/,
    holds: (release, match) => (match[1] === formatVersion(on(release)) ? true : `names Kubernetes ${match[1]} at ${release}`),
  },
];
