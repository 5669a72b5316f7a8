import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource } from '../src/graph/graph.js';
import { annotationKeyProblems, claimTemplateOutcome, didYouMean, labelProblems, labelSelectorProblem } from '../src/api/validation.js';
import { dns1123LabelProblem, isDns1123Subdomain } from '../src/api/names.js';
import type { NamedEntry } from '../src/kubernetes/statefulset.js';
import { isAtLeast, type KubernetesVersion } from '../src/api/version.js';
import { asArray, asRecord, asStringMap, type JsonRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const VOLUME_MODES = ['Filesystem', 'Block'];

/** Access modes the API server accepts: ReadWriteOncePod from 1.27, when its gate became on by default. */
function accessModes(version: KubernetesVersion): string[] {
  const modes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'];
  return isAtLeast(version, '1.27') ? [...modes, 'ReadWriteOncePod'] : modes;
}

export default defineRule({
  id: 'claim-template-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: 'Volume claim templates must be valid claims: known access modes, a valid storage class name, volume mode, data source, selector and labels.',
    messages: {
      accessMode:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` asks for access mode `{{mode}}`{{hint}}, which Kubernetes {{release}} does not support{{note}}, so {{outcome}}. ' +
        'Use {{supported}}.',
      podOnlyMixed:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` combines `ReadWriteOncePod` with other access modes ("may not use ReadWriteOncePod with other access modes"), so {{outcome}}. ' +
        'Use `ReadWriteOncePod` alone, or drop it.',
      storageClass:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` names storage class `{{value}}`, which is not a valid StorageClass name (lower-case letters, digits, `-` and `.`), so {{outcome}}. ' +
        'Use the exact name of a StorageClass (`kubectl get storageclass`), or leave `storageClassName` out for the default class.',
      volumeMode:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` has `volumeMode: {{value}}`{{hint}}, but only `Filesystem` and `Block` exist, so {{outcome}}. ' +
        'Use `Filesystem` (the default) or `Block`.',
      dataSource:
        'The `{{field}}` of volume claim template `{{claim}}` of StatefulSet `{{set}}` is invalid: {{problem}}; so {{outcome}}. ' +
        'Reference an existing object: `{kind: PersistentVolumeClaim, name: …}`, or `{apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: …}`.',
      dataSourceConflict:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` sets `dataSource` and `dataSourceRef` {{problem}}, so {{outcome}}. ' +
        'Set only `dataSourceRef` (or make both name the same object).',
      selector:
        'The `selector` of volume claim template `{{claim}}` of StatefulSet `{{set}}` is invalid: {{reason}}; so {{outcome}}. ' +
        'Fix the selector, or remove it: a selector only binds pre-created volumes that carry those labels.',
      metadata:
        "Volume claim template `{{claim}}` of StatefulSet `{{set}}` has an invalid {{what}} `{{key}}`: {{reason}}. Every claim carries the template's labels and annotations, so creating the claims fails and no pod is ever created. " +
        'Fix the {{what}} (label keys and values: letters, digits, `-`, `_`, `.`, at most 63 characters, with an optional DNS prefix and `/` for keys).',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const version = graph.settings.kubernetesVersion;
      for (const claim of sts.claimTemplates) {
        const spec = asRecord(claim.raw.spec);
        const data = { set: sts.name, claim: claim.name || `#${claim.index}`, outcome: claimTemplateOutcome(version) };
        const at = (...rest: Path): Path => [...claim.path, 'spec', ...rest];
        if (spec) {
          checkAccessModes(spec, version, (path, messageId, extra) => report({ resource, path: at(...path), messageId, data: { ...data, ...extra } }));
          const storageClass = spec.storageClassName;
          if (typeof storageClass === 'string' && storageClass !== '' && !isDns1123Subdomain(storageClass)) {
            report({ resource, path: at('storageClassName'), messageId: 'storageClass', data: { ...data, value: storageClass } });
          }
          const mode = spec.volumeMode;
          if (typeof mode === 'string' && !VOLUME_MODES.includes(mode)) {
            report({ resource, path: at('volumeMode'), messageId: 'volumeMode', data: { ...data, value: mode, hint: didYouMean(mode, VOLUME_MODES) } });
          }
          checkDataSources(resource, claim, spec, version, data, report);
          if (spec.selector !== undefined && spec.selector !== null) {
            const problem = labelSelectorProblem(spec.selector);
            if (problem) report({ resource, path: at('selector', ...problem.path), messageId: 'selector', data: { ...data, reason: problem.reason } });
          }
        }
        checkMetadata(resource, claim, data, report);
      }
    },
  }),
});

type Reporter = RuleContext<'dataSource' | 'dataSourceConflict' | 'metadata'>['report'];
type Data = { set: string; claim: string; outcome: string };

function checkAccessModes(
  spec: JsonRecord,
  version: KubernetesVersion,
  emit: (path: Path, messageId: 'accessMode' | 'podOnlyMixed', extra: Record<string, string>) => void,
): void {
  const supported = accessModes(version);
  const modes = asArray(spec.accessModes);
  let podOnly = false;
  let others = false;
  for (let i = 0; i < modes.length; i++) {
    const mode = modes[i];
    if (typeof mode !== 'string') continue;
    if (!supported.includes(mode)) {
      const note = mode === 'ReadWriteOncePod' ? ' (it needs 1.27, where its feature gate became on by default)' : '';
      emit(['accessModes', i], 'accessMode', {
        mode,
        hint: didYouMean(mode, [...supported, 'ReadWriteOncePod']) || abbreviation(mode),
        release: `${version.major}.${version.minor}`,
        note,
        supported: supported.map((m) => `\`${m}\``).join(', '),
      });
      continue;
    }
    if (mode === 'ReadWriteOncePod') podOnly = true;
    else others = true;
  }
  if (podOnly && others) emit(['accessModes'], 'podOnlyMixed', {});
}

/** `RWO` and friends are what `kubectl get pvc` prints, not what the API takes. */
function abbreviation(mode: string): string {
  const full: Record<string, string> = { RWO: 'ReadWriteOnce', ROX: 'ReadOnlyMany', RWX: 'ReadWriteMany', RWOP: 'ReadWriteOncePod' };
  return full[mode] ? ` (\`${mode}\` is kubectl's abbreviation of \`${full[mode]}\`)` : '';
}

function checkDataSources(resource: Resource, claim: NamedEntry, spec: JsonRecord, version: KubernetesVersion, data: Data, report: Reporter): void {
  const dataSource = asRecord(spec.dataSource);
  const dataSourceRef = asRecord(spec.dataSourceRef);
  // Most templates have neither.
  if (!dataSource && !dataSourceRef) return;
  const base: Path = [...claim.path, 'spec'];
  for (const [field, source] of [
    ['dataSource', dataSource],
    ['dataSourceRef', dataSourceRef],
  ] as const) {
    if (!source) continue;
    const problem = dataSourceProblem(source, field === 'dataSourceRef');
    if (!problem) continue;
    // Before 1.34 the claim is created from the template, and the PVC strategy silently drops a
    // `dataSource` (without `dataSourceRef`) that is neither a PVC nor a VolumeSnapshot.
    const dropped = field === 'dataSource' && !dataSourceRef && !isAtLeast(version, '1.34') && !isPvcOrSnapshot(source);
    const outcome = dropped ? 'the API server silently drops it and the volumes start empty' : data.outcome;
    report({
      resource,
      path: [...base, field, ...problem.path],
      on: problem.path.length === 0 ? 'key' : undefined,
      messageId: 'dataSource',
      data: { ...data, field, problem: problem.reason, outcome },
    });
  }
  if (!dataSource || !dataSourceRef) return;
  if (typeof dataSourceRef.namespace === 'string' && dataSourceRef.namespace !== '') {
    report({
      resource,
      path: [...base, 'dataSource'],
      on: 'key',
      messageId: 'dataSourceConflict',
      data: { ...data, problem: 'although `dataSourceRef.namespace` is set, which allows only `dataSourceRef`' },
    });
  } else if (
    dataSource.kind !== dataSourceRef.kind ||
    dataSource.name !== dataSourceRef.name ||
    (dataSource.apiGroup ?? '') !== (dataSourceRef.apiGroup ?? '')
  ) {
    report({
      resource,
      path: [...base, 'dataSource'],
      on: 'key',
      messageId: 'dataSourceConflict',
      data: { ...data, problem: 'to different objects ("must match dataSourceRef")' },
    });
  }
}

function dataSourceProblem(source: JsonRecord, isRef: boolean): { path: Path; reason: string } | undefined {
  const name = typeof source.name === 'string' ? source.name : '';
  const kind = typeof source.kind === 'string' ? source.kind : '';
  const apiGroup = typeof source.apiGroup === 'string' ? source.apiGroup : '';
  if (name === '') return { path: ['name'], reason: 'it has no `name`' };
  if (kind === '') return { path: ['kind'], reason: 'it has no `kind`' };
  if (apiGroup === '' && kind !== 'PersistentVolumeClaim') {
    const hint = kind === 'VolumeSnapshot' ? ' (add `apiGroup: snapshot.storage.k8s.io`)' : '';
    return { path: ['kind'], reason: `kind \`${kind}\` needs an \`apiGroup\`: without one only \`PersistentVolumeClaim\` is allowed${hint}` };
  }
  if (apiGroup !== '' && !isDns1123Subdomain(apiGroup)) return { path: ['apiGroup'], reason: `\`apiGroup\` \`${apiGroup}\` is not a DNS subdomain` };
  if (isRef && typeof source.namespace === 'string' && source.namespace !== '') {
    const reason = dns1123LabelProblem(source.namespace);
    if (reason) return { path: ['namespace'], reason: `namespace \`${source.namespace}\` is invalid (${reason})` };
  }
  return undefined;
}

function isPvcOrSnapshot(source: JsonRecord): boolean {
  const group = typeof source.apiGroup === 'string' ? source.apiGroup : '';
  return (source.kind === 'PersistentVolumeClaim' && group === '') || (source.kind === 'VolumeSnapshot' && group === 'snapshot.storage.k8s.io');
}

function checkMetadata(resource: Resource, claim: NamedEntry, data: Data, report: Reporter): void {
  const metadata = asRecord(claim.raw.metadata);
  const labels = asStringMap(metadata?.labels) ?? {};
  for (const problem of labelProblems(labels)) {
    const what = problem.on === 'key' ? 'label key' : 'label value of';
    report({
      resource,
      path: [...claim.path, 'metadata', 'labels', problem.key],
      on: problem.on,
      messageId: 'metadata',
      data: { ...data, what, key: problem.key, reason: problem.reason },
    });
  }
  for (const problem of annotationKeyProblems(asStringMap(metadata?.annotations) ?? {})) {
    report({
      resource,
      path: [...claim.path, 'metadata', 'annotations', problem.key],
      on: 'key',
      messageId: 'metadata',
      data: { ...data, what: 'annotation key', key: problem.key, reason: problem.reason },
    });
  }
}
