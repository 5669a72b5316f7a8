// Every message of the change-time rules, and the plan, true for its target release: each message
// variant is rendered at every boundary of the release-fact tables they read (scripts/data/
// statefulset-mutable-fields.tsv, kubectl-flags.tsv, change-facts.tsv, feature-gates.tsv), on both sides of it, and at the releases issue 20 names; then each text
// is checked against the tables: no sentence may claim what the table does not hold at that release.

import { describe, expect, it } from 'vitest';
import { maxUnavailableEnabled } from '../src/api/feature-gates.js';
import { featureGates } from '../src/api/facts/featureGates.generated.js';
import {
  changeFacts,
  FIRST_STATEFULSET_RELEASE,
  holds,
  kubectlFlags,
  mayChange,
  mutableStatefulSetFields,
  statefulsetMutableFields,
} from '../src/api/release-facts.js';
import { isAtLeast, parseKubernetesVersion, type KubernetesVersion } from '../src/api/version.js';
import { lintSources, RULES } from '../src/engine/lint.js';
import { claims } from './support/release-claims/change-time.js';
import { planSummary } from '../src/formatters/plan-text.js';

const CHANGE_RULES = ['update-forbidden', 'storage-deleted', 'storage-orphaned', 'rollout-not-triggered', 'scale-down-keeps-claims'];

/** The release before `text` (1.27 → 1.26; 1.35.4 → 1.35.3), for the other side of a boundary. */
function previous(text: string): string | undefined {
  const [major, minor, patch] = text.split('.').map(Number) as [number, number, number | undefined];
  if (patch !== undefined) return patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${minor - 1}`;
  return minor > 3 ? `${major}.${minor - 1}` : undefined;
}

const boundaries = new Set<string>();
for (const row of [...statefulsetMutableFields, ...kubectlFlags, ...changeFacts]) {
  const settled = 'settled' in row ? String(row.settled) : '';
  for (const edge of [row.from, row.until, settled]) if (edge && edge !== '1.0') boundaries.add(edge);
}
for (const row of featureGates) for (const edge of [row.from, row.until]) if (edge) boundaries.add(edge);
for (const edge of ['1.23', '1.27', '1.35.0', '1.35.3', '1.35.4', '1.36', '1.37']) boundaries.add(edge);
const RELEASES = [
  ...new Set([
    ...[...boundaries].flatMap((b) => [b, previous(b)]).filter((r): r is string => !!r),
    ...['1.3', '1.5', '1.6', '1.7', '1.8', '1.10', '1.20', '1.23', '1.27', '1.31', '1.32', '1.33', '1.34', '1.35', '1.37'],
  ]),
].sort((a, b) => {
  const x = parseKubernetesVersion(a)!;
  const y = parseKubernetesVersion(b)!;
  return x.minor - y.minor || (x.patch ?? -1) - (y.patch ?? -1);
});

// ---------- scenarios: one base and one new version per message variant ----------

interface SetOptions {
  name?: string;
  namespace?: string;
  serviceName?: string;
  replicas?: number;
  labels?: string;
  image?: string;
  templates?: readonly (readonly [string, string])[];
  accessMode?: string;
  policy?: string;
  strategy?: string;
  podManagement?: string;
  revisionHistoryLimit?: number;
  start?: number;
  sidecar?: boolean;
}

function set(release: string, o: SetOptions = {}): string {
  const apiVersion = (parseKubernetesVersion(release)?.minor ?? 35) < 9 ? 'apps/v1beta1' : 'apps/v1';
  const templates = o.templates ?? [['data', '10Gi']];
  return [
    `apiVersion: ${apiVersion}`,
    'kind: StatefulSet',
    'metadata:',
    `  name: ${o.name ?? 'web'}`,
    ...(o.namespace ? [`  namespace: ${o.namespace}`] : []),
    'spec:',
    `  serviceName: ${o.serviceName ?? 'web'}`,
    `  replicas: ${o.replicas ?? 3}`,
    ...(o.revisionHistoryLimit !== undefined ? [`  revisionHistoryLimit: ${o.revisionHistoryLimit}`] : []),
    ...(o.podManagement ? [`  podManagementPolicy: ${o.podManagement}`] : []),
    ...(o.start !== undefined ? ['  ordinals:', `    start: ${o.start}`] : []),
    ...(o.policy ? ['  persistentVolumeClaimRetentionPolicy:', `    whenDeleted: ${o.policy}`, `    whenScaled: ${o.policy}`] : []),
    ...(o.strategy ? ['  updateStrategy:', ...o.strategy.split('\n').map((l) => `    ${l}`)] : []),
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    `        ${o.labels ?? 'app: web'}`,
    '    spec:',
    '      containers:',
    '      - name: app',
    `        image: ${o.image ?? 'nginx:1.27'}`,
    '        volumeMounts:',
    ...templates.flatMap(([t]) => [`        - name: ${t}`, `          mountPath: /${t}`]),
    ...(o.sidecar ? ['      - name: exporter', '        image: nginx/nginx-prometheus-exporter:1.3.0'] : []),
    '  volumeClaimTemplates:',
    ...templates.flatMap(([t, size]) => [
      '  - metadata:',
      `      name: ${t}`,
      '    spec:',
      `      accessModes: [${o.accessMode ?? 'ReadWriteOnce'}]`,
      '      resources:',
      '        requests:',
      `          storage: ${size}`,
    ]),
  ].join('\n');
}

function service(o: { name?: string; namespace?: string; extra?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${o.name ?? 'web'}`,
    ...(o.namespace ? [`  namespace: ${o.namespace}`] : []),
    'spec:',
    ...(o.extra ?? '  clusterIP: None').split('\n'),
    '  selector:',
    '    app: web',
    '  ports:',
    '  - name: http',
    '    port: 80',
  ].join('\n');
}

function claim(size: string, o: { accessMode?: string; className?: string; status?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: PersistentVolumeClaim',
    'metadata:',
    '  name: shared',
    'spec:',
    `  storageClassName: ${o.className ?? 'standard'}`,
    `  accessModes: [${o.accessMode ?? 'ReadWriteOnce'}]`,
    '  resources:',
    '    requests:',
    `      storage: ${size}`,
    ...(o.status ? ['status:', '  capacity:', `    storage: ${o.status}`] : []),
  ].join('\n');
}

const CLASS = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\nprovisioner: ebs.csi.aws.com\nallowVolumeExpansion: false';
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}`;

interface Scenario {
  readonly id: string;
  base(release: string): string[];
  next(release: string): string[];
}

const SCENARIOS: readonly Scenario[] = [
  { id: 'service-name', base: (r) => [set(r), service()], next: (r) => [set(r, { serviceName: 'web-hl' }), service({ name: 'web-hl' })] },
  { id: 'pod-management', base: (r) => [set(r), service()], next: (r) => [set(r, { podManagement: 'Parallel' }), service()] },
  { id: 'template-label', base: (r) => [set(r), service()], next: (r) => [set(r, { labels: 'app: web\n        tier: db' }), service()] },
  { id: 'template-image', base: (r) => [set(r), service()], next: (r) => [set(r, { image: 'nginx:1.28' }), service()] },
  { id: 'history-limit', base: (r) => [set(r), service()], next: (r) => [set(r, { revisionHistoryLimit: 3 }), service()] },
  { id: 'container-added', base: (r) => [set(r), service()], next: (r) => [set(r, { sidecar: true }), service()] },
  {
    id: 'selector',
    base: (r) => [set(r), service()],
    next: (r) => [
      set(r)
        .replace('    matchLabels:\n      app: web', '    matchLabels:\n      app: web\n      tier: db')
        .replace('app: web\n    spec', 'app: web\n        tier: db\n    spec'),
      service(),
    ],
  },
  { id: 'template-grows', base: (r) => [set(r), service()], next: (r) => [set(r, { templates: [['data', '20Gi']] }), service()] },
  {
    id: 'template-added',
    base: (r) => [set(r), service()],
    next: (r) => [
      set(r, {
        templates: [
          ['data', '10Gi'],
          ['logs', '1Gi'],
        ],
      }),
      service(),
    ],
  },
  { id: 'template-renamed', base: (r) => [set(r), service()], next: (r) => [set(r, { templates: [['www', '10Gi']] }), service()] },
  {
    id: 'template-removed',
    base: (r) => [
      set(r, {
        templates: [
          ['data', '10Gi'],
          ['logs', '1Gi'],
        ],
      }),
      service(),
    ],
    next: (r) => [set(r), service()],
  },
  { id: 'template-access', base: (r) => [set(r), service()], next: (r) => [set(r, { accessMode: 'ReadWriteMany' }), service()] },
  { id: 'claim-shrinks', base: () => [claim('5Gi')], next: () => [claim('4Gi')] },
  { id: 'claim-lowered-above-capacity', base: () => [claim('10Gi', { status: '5Gi' })], next: () => [claim('6Gi')] },
  { id: 'claim-grows', base: () => [claim('5Gi'), CLASS], next: () => [claim('8Gi'), CLASS] },
  { id: 'claim-grows-static', base: () => [claim('5Gi', { className: '""' })], next: () => [claim('8Gi', { className: '""' })] },
  { id: 'claim-access', base: () => [claim('5Gi')], next: () => [claim('5Gi', { accessMode: 'ReadWriteMany' })] },
  { id: 'cluster-ip', base: () => [service({ extra: '  clusterIP: 10.96.0.7' })], next: () => [service({ extra: '  clusterIP: 10.96.0.8' })] },
  { id: 'made-headless', base: () => [service({ extra: '  type: ClusterIP' })], next: () => [service()] },
  { id: 'ip-families', base: () => [service({ extra: '  ipFamilies: [IPv4]' })], next: () => [service({ extra: '  ipFamilies: [IPv6]' })] },
  { id: 'deleted-under-delete', base: (r) => [set(r, { policy: 'Delete' }), service()], next: () => [service()] },
  { id: 'renamed-under-delete', base: (r) => [set(r, { policy: 'Delete' }), service()], next: (r) => [set(r, { name: 'web2', policy: 'Delete' }), service()] },
  { id: 'scaled-under-delete', base: (r) => [set(r, { policy: 'Delete' }), service()], next: (r) => [set(r, { replicas: 1, policy: 'Delete' }), service()] },
  { id: 'shifted-under-delete', base: (r) => [set(r, { policy: 'Delete' }), service()], next: (r) => [set(r, { start: 2, policy: 'Delete' }), service()] },
  {
    id: 'namespace-deleted',
    base: (r) => [namespace('legacy'), set(r, { namespace: 'legacy' }), service({ namespace: 'legacy' })],
    next: () => [namespace('shop')],
  },
  {
    id: 'moved-namespace-deleted',
    base: (r) => [namespace('legacy'), namespace('shop'), set(r, { namespace: 'legacy' }), service({ namespace: 'legacy' })],
    next: (r) => [namespace('shop'), set(r, { namespace: 'shop' }), service({ namespace: 'shop' })],
  },
  { id: 'renamed', base: (r) => [set(r), service()], next: (r) => [set(r, { name: 'web2' }), service()] },
  {
    id: 'moved',
    base: (r) => [set(r, { namespace: 'legacy' }), service({ namespace: 'legacy' })],
    next: (r) => [set(r, { namespace: 'shop' }), service({ namespace: 'shop' })],
  },
  { id: 'shifted', base: (r) => [set(r), service()], next: (r) => [set(r, { start: 2 }), service()] },
  {
    id: 'on-delete',
    base: (r) => [set(r, { strategy: 'type: OnDelete' }), service()],
    next: (r) => [set(r, { strategy: 'type: OnDelete', image: 'nginx:1.28' }), service()],
  },
  {
    id: 'partition',
    base: (r) => [set(r, { strategy: 'type: RollingUpdate\nrollingUpdate:\n  partition: 3' }), service()],
    next: (r) => [set(r, { strategy: 'type: RollingUpdate\nrollingUpdate:\n  partition: 3', image: 'nginx:1.28' }), service()],
  },
  { id: 'scale-down', base: (r) => [set(r), service()], next: (r) => [set(r, { replicas: 1 }), service()] },
  ...['Parallel', 'OrderedReady'].map((policy) => ({
    id: `max-unavailable-${policy}`,
    base: (r: string) => [set(r, { podManagement: policy, strategy: 'type: RollingUpdate\nrollingUpdate:\n  maxUnavailable: 2' }), service()],
    next: (r: string) => [
      set(r, { podManagement: policy, strategy: 'type: RollingUpdate\nrollingUpdate:\n  maxUnavailable: 2', image: 'nginx:1.28' }),
      service(),
    ],
  })),
];

interface Rendered {
  readonly scenario: string;
  readonly release: string;
  readonly ruleId: string;
  readonly messageId: string | undefined;
  readonly text: string;
}

function render(release: string): Rendered[] {
  const out: Rendered[] = [];
  for (const scenario of SCENARIOS) {
    const files = (texts: string[], dir: string) => texts.map((text, i) => ({ path: `/${dir}/${scenario.id}-${i}.yaml`, text }));
    const run = lintSources(files(scenario.next(release), 'next'), {
      kubernetesVersion: release,
      preset: 'all',
      base: { sources: files(scenario.base(release), 'base'), label: 'the base version' },
    });
    for (const f of run.findings) {
      if (f.ruleId && CHANGE_RULES.includes(f.ruleId)) out.push({ scenario: scenario.id, release, ruleId: f.ruleId, messageId: f.messageId, text: f.message });
    }
    if (run.plan) out.push({ scenario: scenario.id, release, ruleId: 'plan', messageId: undefined, text: planSummary(run.plan) });
  }
  return out;
}

/** Scenarios whose rejection depends on the release, as the tables decide it. */
function expectedReport(scenario: string, t: KubernetesVersion): boolean | undefined {
  // Before the first release the table describes (PetSet), nothing is claimed.
  if (!isAtLeast(t, FIRST_STATEFULSET_RELEASE))
    return ['template-label', 'template-image', 'service-name', 'history-limit', 'container-added'].includes(scenario) ? false : undefined;
  const fields = mutableStatefulSetFields(t);
  switch (scenario) {
    case 'history-limit':
      // The field arrived in 1.7 (before, the server drops it).
      return isAtLeast(t, '1.7') && mayChange(fields, ['revisionHistoryLimit']) === 'no';
    case 'container-added':
      // 1.6–1.7 reject a change in the number of containers (kubernetes#51051); 1.5 is not settled, so nothing is claimed.
      return holds('statefulset-container-count-fixed', t);
    case 'template-label':
      return mayChange(fields, ['template', 'metadata', 'labels']) === 'no';
    case 'template-image':
      return mayChange(fields, ['template', 'spec', 'containers', 'image']) === 'no';
    case 'claim-lowered-above-capacity':
      return !holds('pvc-shrink-to-capacity', t);
    case 'ip-families':
      return holds('service-ip-families', t);
    default:
      return undefined;
  }
}

describe('change-time messages at every release boundary of their tables', () => {
  const all: Rendered[] = [];
  for (const release of RELEASES) {
    it(`Kubernetes ${release}`, () => {
      const target = parseKubernetesVersion(release)!;
      const rendered = render(release);
      all.push(...rendered);
      const untrue: string[] = [];
      for (const r of rendered) {
        for (const claim of claims) {
          // The plan is held to every claim: it speaks of the same facts as the rules.
          if (claim.rules && r.ruleId !== 'plan' && !claim.rules.includes(r.ruleId)) continue;
          for (const match of r.text.matchAll(new RegExp(claim.pattern.source, `${claim.pattern.flags.replace('g', '')}g`))) {
            const verdict = claim.holds(release, match, r.text);
            if (verdict !== true) untrue.push(`${r.scenario} ${r.ruleId}/${r.messageId ?? ''}, claim "${claim.id}": ${verdict}\n    ${r.text}`);
          }
        }
        // The plan honours maxUnavailable only where the gate is on.
        if (/up to \d+ at a time|maxUnavailable allows/.test(r.text) && !maxUnavailableEnabled(target))
          untrue.push(`${r.scenario} ${r.ruleId}: honours maxUnavailable where MaxUnavailableStatefulSet is off\n    ${r.text}`);
      }
      // The plan honours maxUnavailable exactly where the gate is on (Parallel pod management).
      const plan = rendered.find((r) => r.scenario === 'max-unavailable-Parallel' && r.ruleId === 'plan');
      if (plan && plan.text.includes('up to 2 at a time') !== maxUnavailableEnabled(target))
        untrue.push(`plan of maxUnavailable: 2 at ${release}: ${plan.text}`);
      for (const scenario of SCENARIOS) {
        const wanted = expectedReport(scenario.id, target);
        if (wanted === undefined) continue;
        const got = rendered.some((r) => r.scenario === scenario.id && r.ruleId === 'update-forbidden' && r.messageId !== 'unsettled');
        if (got !== wanted)
          untrue.push(
            `${scenario.id}: update-forbidden ${got ? 'reports' : 'does not report'} it at ${release}, the tables say ${wanted ? 'rejected' : 'accepted or not settled'}`,
          );
      }
      // A change of a field whose mutability the table does not settle at the release is reported as uncertain there, and only there.
      const uncertain = rendered.some((r) => r.scenario === 'history-limit' && r.messageId === 'unsettled');
      const unsettledHere =
        isAtLeast(target, FIRST_STATEFULSET_RELEASE) && mayChange(mutableStatefulSetFields(target), ['revisionHistoryLimit']) === 'unsettled';
      if (uncertain !== unsettledHere) untrue.push(`history-limit: ${uncertain ? 'reported' : 'not reported'} as not settled at ${release}`);
      if (process.env.SHOW_MESSAGES === release) console.log(rendered.map((r) => `${r.scenario} ${r.ruleId}/${r.messageId}: ${r.text}`).join('\n'));
      expect(untrue).toEqual([]);
    });
  }

  // OpenKruise's webhook decides these, whatever the Kubernetes release: fixtures/update-forbidden/invalid-advanced-statefulset covers it.
  // OpenKruise's webhook and controller, not a Kubernetes release, decide these (their fixtures cover them).
  const RELEASE_INDEPENDENT = new Set([
    'update-forbidden/advancedStatefulSet',
    'update-forbidden/advancedClaimTemplate',
    'update-forbidden/advancedClaimExpand',
    'update-forbidden/advancedClaimExpandStalls',
    'storage-orphaned/templateAdvanced',
    'storage-deleted/reserved',
  ]);

  it('rendered every message of the change-time rules at some release', () => {
    const seen = new Set(all.map((r) => `${r.ruleId}/${r.messageId}`));
    const missing = RULES.filter((rule) => CHANGE_RULES.includes(rule.id)).flatMap((rule) =>
      Object.keys(rule.meta.messages)
        .map((id) => `${rule.id}/${id}`)
        .filter((key) => !seen.has(key) && !RELEASE_INDEPENDENT.has(key)),
    );
    expect(missing).toEqual([]);
  });

  it('covers each side of every boundary', () => {
    expect(RELEASES).toEqual(expect.arrayContaining(['1.5', '1.6', '1.7', '1.19', '1.20', '1.31', '1.32', '1.34', '1.35', '1.10', '1.11']));
  });
});
