// Claims of the other rules whose messages name a release or a behaviour that changed across
// releases (issue 20, part 4): gates (scripts/data/feature-gates.tsv through src/api/feature-gates.ts), controller labels, the alpha
// storage-class annotation (scripts/data/cluster-behaviour.tsv) and API-server checks that arrived
// in a known release. Each claim is held at every release the harness renders.

import { CONTROLLER_POD_LABELS, GATED_FIELDS, gateEnabled, maxUnavailableEnabled } from '../../../src/api/feature-gates.js';
import { behavesAt, clusterBehaviour, createValidation, firstRelease, validatesAt } from '../../../src/api/facts/index.js';
import { holds } from '../../../src/api/release-facts.js';
import { isAtLeast, parseKubernetesVersion } from '../../../src/api/version.js';
import { servedVerdict } from '../../../src/schema/served.js';
import type { ReleaseClaim } from './claim.js';

const on = (release: string) => parseKubernetesVersion(release)!;
const from = (release: string, first: string, what: string): true | string => (isAtLeast(on(release), first) ? true : `${what} only from ${first}`);
const before = (release: string, first: string, what: string): true | string => (isAtLeast(on(release), first) ? `${what} from ${first} on` : true);

export const claims: ReleaseClaim[] = [
  {
    id: 'a dropped field: its gate is off, and on by default where the message says',
    rules: ['gated-field-dropped'],
    pattern: /its feature gate `(\w+)` is off by default \(on by default in ([^;)]+)/,
    holds(release, match) {
      const gate = match[1]!;
      const field = GATED_FIELDS.find((f) => f.gate === gate);
      if (!field) return `no gated field has the gate ${gate}`;
      if (gateEnabled(gate, on(release))) return `${gate} is on by default at ${release}`;
      return match[2] === field.onBy ? true : `says on by default in ${match[2]}, the table ${field.onBy}`;
    },
  },
  {
    id: 'an invalid maxUnavailable: dropped where the gate is off, rejected where on',
    rules: ['max-unavailable-invalid'],
    pattern: /With the MaxUnavailableStatefulSet feature gate off \(the default in ([\d.]+)\)|(The API server rejects the object)/,
    holds(release, match) {
      const enabled = maxUnavailableEnabled(on(release));
      if (match[2]) return enabled ? true : `the gate is off at ${release}: the field is dropped, not rejected`;
      if (match[1] !== release) return `names ${match[1]} at ${release}`;
      return enabled ? `the gate is on at ${release}` : true;
    },
  },
  {
    id: 'activeDeadlineSeconds rejected, in the words of the release',
    rules: ['active-deadline-seconds'],
    pattern: /the API server rejects it(?: \("([^"]+)"\))?, because a deadline/,
    holds(release, match) {
      if (!validatesAt('statefulset-active-deadline', on(release))) return `the check is not known at ${release}`;
      const key = {
        'must not be specified': 'statefulset-active-deadline-must-not-be-specified',
        'activeDeadlineSeconds in StatefulSet is not Supported': 'statefulset-active-deadline-not-supported',
      }[match[1] ?? ''];
      if (match[1] === undefined) return true;
      return key && validatesAt(key, on(release)) ? true : `the words "${match[1]}" are not settled at ${release}`;
    },
  },
  {
    id: 'the words for an empty selector are those of the release',
    rules: ['selector-mismatch'],
    pattern: /an empty `spec\.selector`, which the API server rejects \("([^"]+)"\)/,
    holds(release, match) {
      const key = {
        'empty selector is not valid for statefulset.': 'statefulset-empty-selector-not-valid',
        'empty selector is invalid for statefulset': 'statefulset-empty-selector-invalid',
      }[match[1]!];
      return key && validatesAt(key, on(release)) ? true : `the words "${match[1]}" are not settled at ${release}`;
    },
  },
  {
    id: 'activeDeadlineSeconds not known to be checked',
    rules: ['active-deadline-seconds'],
    pattern: /rejects the field is not settled \(it does from (1\.\d+)\)/,
    holds: (release, match) =>
      match[1] === firstRelease(createValidation, 'statefulset-active-deadline') && !validatesAt('statefulset-active-deadline', on(release))
        ? true
        : `the table settles the check at ${release}, or from another release than ${match[1]}`,
  },
  {
    id: 'the dual-stack Service fields exist',
    rules: ['service-cluster-ips-inconsistent'],
    pattern: /`(?:clusterIPs|ipFamilies|ipFamilyPolicy)\b|lists \d+ cluster IPs|lists two IPv[46] cluster IPs|lists IP family/,
    holds: (release) => (holds('service-ip-families', on(release)) ? true : `clusterIPs, ipFamilies and ipFamilyPolicy do not exist at ${release}`),
  },
  {
    id: 'appProtocol is validated where it exists',
    rules: ['service-ports-invalid'],
    pattern: /has `appProtocol: /,
    holds: (release) => (validatesAt('service-app-protocol', on(release)) ? true : `appProtocol does not exist (or is dropped) at ${release}`),
  },
  {
    id: 'the pod-deletion-cost annotation is validated where its gate is on',
    rules: ['template-metadata-invalid'],
    pattern: /`controller\.kubernetes\.io\/pod-deletion-cost: /,
    holds: (release) =>
      validatesAt('pod-deletion-cost-annotation', on(release)) ? true : `PodDeletionCost is off at ${release}: the annotation is not validated`,
  },
  {
    id: 'a retention policy acts only where its gate is on',
    rules: ['pvc-retention-deletes-data'],
    pattern: /has `when(?:Deleted|Scaled): Delete`/,
    // OpenKruise's controller applies an Advanced StatefulSet's policy under its own gate (on by default).
    holds: (release, _match, message) =>
      message.startsWith('Advanced StatefulSet') || gateEnabled('StatefulSetAutoDeletePVC', on(release))
        ? true
        : `StatefulSetAutoDeletePVC is off at ${release}: the policy is dropped`,
  },
  {
    id: 'maxUnavailable acts only where its gate is on',
    rules: ['max-unavailable-ineffective'],
    pattern: /sets `maxUnavailable: /,
    holds: (release) => (maxUnavailableEnabled(on(release)) ? true : `MaxUnavailableStatefulSet is off at ${release}: the field is dropped`),
  },
  {
    id: 'the alpha storage-class annotation is ignored from the release the table says',
    rules: ['storage-class-missing'],
    pattern: /which Kubernetes ignores since (1\.\d+), whatever the value says/,
    holds(release, match) {
      const first = firstRelease(clusterBehaviour, 'alpha-storage-class-ignored');
      if (match[1] !== first) return `names ${match[1]}, the table ${first}`;
      return behavesAt('alpha-storage-class-ignored', on(release)) ? true : `the alpha annotation is read at ${release}`;
    },
  },
  {
    id: 'claim templates validated on create from 1.34',
    rules: ['claim-template-incomplete'],
    pattern: /since Kubernetes 1\.34 the API server rejects/,
    holds: (release) => from(release, '1.34', 'claim templates are validated on create'),
  },
  {
    id: 'a controller pod label is not managed before its release',
    rules: ['template-controller-label'],
    pattern: /sets `([^`:]+): [^`]*`, which Kubernetes [\d.]+ does not manage \(the controller sets it from (1\.\d+)\)/,
    holds(release, match) {
      const label = CONTROLLER_POD_LABELS[match[1]!];
      if (!label) return `${match[1]} is not a controller pod label`;
      if (label.since !== match[2]) return `names ${match[2]}, the table ${label.since}`;
      return before(release, label.since, `the controller sets ${match[1]}`);
    },
  },
  {
    id: 'no Recreate update strategy before 1.37',
    rules: ['update-strategy-invalid'],
    pattern: /StatefulSets do not have before Kubernetes 1\.37/,
    holds: (release) => before(release, '1.37', 'Recreate exists (alpha gate)'),
  },
  {
    id: 'ReadWriteOncePod is GA from 1.29',
    rules: ['access-mode-prefer-rwop'],
    pattern: /GA since 1\.29/,
    holds: (release) => from(release, '1.29', 'ReadWriteOncePod is GA'),
  },
  {
    id: 'the tolerate-unready annotation is ignored from 1.24',
    rules: ['tolerate-unready-annotation'],
    pattern: /Kubernetes ignores since 1\.24/,
    holds: (release) => from(release, '1.24', 'the Endpoints controller ignores the annotation'),
  },
  {
    id: 'an apps/v1beta1 set is told to move to a group-version the target serves, or when it will',
    rules: ['v1beta1-semantics'],
    pattern:
      /the same manifest in (apps\/v1(?:beta2)?)(?: \(served from Kubernetes (1\.\d+)\))? would roll out|; (apps\/v1(?:beta2)?)(?: \(served from Kubernetes (1\.\d+)\))? has no such defaults/,
    holds(release, match) {
      const version = (match[1] ?? match[3])!;
      const since = match[2] ?? match[4];
      const verdict = servedVerdict(version, 'StatefulSet', on(release));
      if (since === undefined) return verdict?.served ? true : `${version} is not served at ${release}`;
      if (verdict?.served) return `${version} is said to come later, but ${release} serves it`;
      return verdict?.reason === 'notYet' && verdict.introducedIn === since ? true : `${version} is said to be served from ${since}`;
    },
  },
];
