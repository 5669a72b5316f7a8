// Claims of the static rules of issue 20: server warnings (template-api-warnings), what the API
// server rejects or drops on create (dns-name-invalid, init-container-annotation), controller facts
// (name-too-long), served group-versions (api-removed).

import { factAt, firstRelease, serverWarnings, createValidation, clusterBehaviour, type FactRow } from '../../../src/api/facts/index.js';
import { isDns1123Subdomain } from '../../../src/api/names.js';
import { parseKubernetesVersion } from '../../../src/api/version.js';
import { servedKindsOf, servedVerdict } from '../../../src/schema/served.js';
import type { ReleaseClaim } from './claim.js';

const on = (release: string) => parseKubernetesVersion(release)!;
const holding = (table: readonly FactRow[], key: string, release: string): boolean => factAt(table, key, on(release)) !== undefined;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A row's text as a pattern of the whole quoted text, `%s` standing for any value. */
const textPattern = (text: string): RegExp => new RegExp(`^${text.split('%s').map(escape).join('.*')}$`);

/** The server warning whose quoted words `quoted` are, if a row holding at `release` has them. */
function quotedRowHolds(quoted: string, release: string): true | string {
  const rows = serverWarnings.filter((row) => row.text !== '' && textPattern(row.text).test(quoted));
  if (rows.length === 0) return `no row of server-warnings.tsv has the words "${quoted}"`;
  return rows.some((row) => holding(serverWarnings, row.key, release) && factAt(serverWarnings, row.key, on(release)) === row)
    ? true
    : `the words "${quoted}" belong to rows (${rows.map((r) => `${r.key} ${r.from}–${r.until ?? ''}`).join(', ')}) that do not hold at ${release}`;
}

export const claims: ReleaseClaim[] = [
  {
    id: 'server warns from a release',
    rules: ['template-api-warnings'],
    pattern: /warns (?:about (?:it|`[^`]+`) )?from Kubernetes (1\.\d+) on|From Kubernetes (1\.\d+) on \(target/,
    holds(release, match) {
      const from = match[1] ?? match[2]!;
      const keys = [...new Set(serverWarnings.map((row) => row.key))].filter((key) => firstRelease(serverWarnings, key) === from);
      if (keys.length === 0) return `no server warning starts at ${from}`;
      return keys.some((key) => holding(serverWarnings, key, release)) ? true : `no warning that starts at ${from} is sent at ${release}`;
    },
  },
  {
    id: 'quoted server warning (applier)',
    rules: ['template-api-warnings'],
    pattern: /`Warning: [^`]*?: ([^`]*)`/,
    holds: (release, match) => quotedRowHolds(match[1]!, release),
  },
  {
    id: 'env warning names env[i].name only with the words "duplicate name"',
    rules: ['template-api-warnings'],
    pattern: /`Warning: [^`]*\.env\[\d+\](\.name)?: ([^`]*)`/,
    holds: (_release, match) =>
      (match[1] !== undefined) === match[2]!.startsWith('duplicate name')
        ? true
        : `the field ${match[1] ? 'ends in .name' : 'lacks .name'} with the words "${match[2]}"`,
  },
  {
    id: 'quoted server warning (controller)',
    rules: ['template-api-warnings'],
    pattern: /the API server warns `[^`]*?: ([^`]*)` when the StatefulSet controller creates the claims/,
    holds(release, match) {
      const quoted = quotedRowHolds(match[1]!, release);
      if (quoted !== true) return quoted;
      const rows = serverWarnings.filter((r) => r.text !== '' && textPattern(r.text).test(match[1]!) && factAt(serverWarnings, r.key, on(release)) === r);
      return rows.some((r) => r.audience === 'controller') ? true : 'a warning returned to the applier is said to go to the controller';
    },
  },
  {
    id: 'StatefulSet name rejected',
    rules: ['dns-name-invalid'],
    pattern: /StatefulSet name `([^`]+)` is not a DNS-1123 label .*?rejects the StatefulSet \(`metadata\.name`\)/,
    holds: (release, match) =>
      !isDns1123Subdomain(match[1]!) || holding(createValidation, 'statefulset-name-label', release)
        ? true
        : `a DNS subdomain name is said to be rejected, but labels are checked only from ${firstRelease(createValidation, 'statefulset-name-label')}`,
  },
  {
    id: 'StatefulSet name accepted',
    rules: ['dns-name-invalid'],
    pattern: /accepts it \(it checks StatefulSet names as DNS labels only from (1\.\d+)\)/,
    holds: (release, match) =>
      match[1] === firstRelease(createValidation, 'statefulset-name-label') && !holding(createValidation, 'statefulset-name-label', release)
        ? true
        : "the name is said to be accepted where the table says it is checked (or the release named is not the table's)",
  },
  {
    id: 'serviceName rejected',
    rules: ['dns-name-invalid'],
    pattern: /rejects the StatefulSet \(`spec\.serviceName`\)/,
    holds: (release) => (holding(createValidation, 'statefulset-service-name-label', release) ? true : 'serviceName is not validated at this release'),
  },
  {
    id: 'serviceName not yet checked',
    rules: ['dns-name-invalid'],
    pattern: /checks `serviceName` itself only from (1\.\d+)/,
    holds: (release, match) =>
      match[1] === firstRelease(createValidation, 'statefulset-service-name-label') && !holding(createValidation, 'statefulset-service-name-label', release)
        ? true
        : 'serviceName is said not to be checked where the table says it is',
  },
  {
    id: 'init-container annotations ignored',
    rules: ['init-container-annotation'],
    pattern: /ignores since (1\.\d+)/,
    holds: (release, match) =>
      match[1] === firstRelease(clusterBehaviour, 'init-container-annotations-ignored') &&
      holding(clusterBehaviour, 'init-container-annotations-ignored', release)
        ? true
        : 'the annotations are said to be ignored where the table does not say so',
  },
  {
    id: 'init-container annotations stripped',
    rules: ['init-container-annotation'],
    pattern: /the API server removes it from the object it stores/,
    holds: (release) => (holding(createValidation, 'init-container-annotations', release) ? true : 'the API server does not strip them at this release'),
  },
  {
    id: 'controller-revision-hash label',
    rules: ['name-too-long'],
    pattern: /controller-revision-hash/,
    holds: (release) =>
      holding(clusterBehaviour, 'controller-revision-hash-label', release) ? true : 'pods have no controller-revision-hash label at this release',
  },
  {
    id: 'group-version not served',
    rules: ['api-removed'],
    pattern: /`apiVersion: ([^`]+)` is not an API version that Kubernetes (\S+) serves/,
    holds: (release, match) =>
      servedKindsOf(match[1]!, on(release)).length === 0
        ? true
        : `${match[1]} is served at ${release} (for ${servedKindsOf(match[1]!, on(release)).join(', ')})`,
  },
  {
    id: 'group-version served for other kinds',
    rules: ['api-removed'],
    pattern: /serves `([^`]+)`, but only for (.+?), not for `kind: (\w+)`/,
    holds(release, match) {
      const [, gv, listed, kind] = match as unknown as [string, string, string, string];
      const kinds = [...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
      const served = kinds.every((k) => servedVerdict(gv, k, on(release))?.served === true);
      const notKind = servedVerdict(gv, kind, on(release))?.served !== true;
      return served && notKind ? true : `${gv} at ${release}: ${kinds.join(', ')} served: ${served}; ${kind} not served: ${notKind}`;
    },
  },
];
