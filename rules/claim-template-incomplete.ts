import { defineRule } from '../src/engine/rule.js';
import { parseQuantity } from '../src/api/quantity.js';
import { asArray, asRecord, shownValue } from '../src/shared/value.js';
import { statefulSetView, type StatefulSetView } from '../src/kubernetes/statefulset.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import { formatVersion, isAtLeast, type KubernetesVersion } from '../src/api/version.js';
import { listAnd } from '../src/shared/text.js';

export default defineRule({
  id: 'claim-template-incomplete',
  meta: {
    severity: 'error',
    preset: 'recommended',
    hasSuggestions: true,
    skipsAdvancedStatefulSets: true,
    description: 'Every volume claim template needs `accessModes` and a positive `resources.requests.storage` quantity.',
    messages: {
      noAccessModes:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` has no `accessModes`, so claims made from it are invalid: {{outcome}}. Add `accessModes: [ReadWriteOnce]` (or `ReadWriteOncePod`) to its `spec`.',
      noStorage:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` requests no storage, so claims made from it are invalid: {{outcome}}. Add `resources: {requests: {storage: 10Gi}}` (with the size you need) to its `spec`.',
      accessModesNotList:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` has `accessModes` that is not a list, so claims made from it are invalid: {{outcome}}. Write it as a list, e.g. `accessModes: [ReadWriteOnce]`.',
      badStorage:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` requests storage that is not a valid size ({{reason}}), so claims made from it are invalid: {{outcome}}. Use a positive quantity such as `10Gi`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const target = graph.settings.kubernetesVersion;
      for (const claim of sts.claimTemplates) {
        const spec = asRecord(claim.raw.spec);
        const accessModes = spec?.accessModes;
        const modesNotList = accessModes !== undefined && accessModes !== null && !Array.isArray(accessModes);
        const storage = asRecord(asRecord(spec?.resources)?.requests)?.storage;
        const parsed = storage === undefined || storage === null ? undefined : parseQuantity(storage);
        // A complete template (most of them) needs no outcome, data or paths.
        if (!modesNotList && asArray(accessModes).length > 0 && parsed?.ok && parsed.value > 0) continue;
        const outcome = outcomeFor(graph, sts, claim.name, target);
        // Every pod's claim was created beforehand: the controller uses them as they are.
        if (outcome === undefined) continue;
        const data = { claim: claim.name || `number ${claim.index + 1} (unnamed)`, set: sts.name, outcome };
        if (modesNotList) {
          const suggest =
            typeof accessModes === 'string'
              ? [
                  {
                    desc: `Write accessModes as the list [${accessModes}]`,
                    edits: [{ op: 'set', path: [...claim.path, 'spec', 'accessModes'], value: [accessModes] } as const],
                  },
                ]
              : undefined;
          report({ resource, path: [...claim.path, 'spec', 'accessModes'], messageId: 'accessModesNotList', data, ...(suggest ? { suggest } : {}) });
        } else if (asArray(accessModes).length === 0) {
          const suggest = ['ReadWriteOnce', 'ReadWriteOncePod'].map((mode) => ({
            desc: `Set accessModes: [${mode}]`,
            edits: [{ op: 'set', path: [...claim.path, 'spec', 'accessModes'], value: [mode] } as const],
          }));
          report({ resource, path: [...claim.path, 'spec', 'accessModes'], on: 'key', messageId: 'noAccessModes', data, suggest });
        }
        const storagePath = [...claim.path, 'spec', 'resources', 'requests', 'storage'];
        if (parsed === undefined) {
          const suggest = [
            { desc: 'Request 10Gi of storage (change it to the size you need)', edits: [{ op: 'set', path: storagePath, value: '10Gi' } as const] },
          ];
          report({ resource, path: storagePath, on: 'key', messageId: 'noStorage', data, suggest });
          continue;
        }
        if (!parsed.ok) report({ resource, path: storagePath, messageId: 'badStorage', data: { ...data, reason: parsed.reason } });
        else if (parsed.value <= 0) {
          report({ resource, path: storagePath, messageId: 'badStorage', data: { ...data, reason: `\`${shownValue(storage)}\` is not greater than zero` } });
        }
      }
    },
  }),
});

/** Pods listed in a message before it says "and N more". */
const LISTED = 3;

/**
 * What an invalid claim template does on the target, or undefined when it does nothing there.
 * From 1.34 the API server validates claim templates when the set is created (kubernetes#132212).
 * Before, it accepts the set; the controller creates each pod's claim only when no claim of that
 * name exists (`createPersistentVolumeClaims`), so pods whose claims were created beforehand start.
 */
function outcomeFor(graph: ResourceGraph, sts: StatefulSetView, claim: string, target: KubernetesVersion): string | undefined {
  if (isAtLeast(target, '1.34')) return `since Kubernetes 1.34 the API server rejects such a StatefulSet when it is created (target ${formatVersion(target)})`;
  const { firstOrdinal, lastOrdinal } = sts.identity;
  const missing: number[] = [];
  const present: string[] = [];
  for (let ordinal = firstOrdinal; ordinal <= lastOrdinal && ordinal < firstOrdinal + 10_000; ordinal++) {
    if (sts.identity.isReserved(ordinal)) continue;
    const name = sts.identity.claimName(claim, ordinal);
    if (claim && graph.get('PersistentVolumeClaim', sts.namespace, name)) present.push(name);
    else missing.push(ordinal);
  }
  if (missing.length === 0 && lastOrdinal >= firstOrdinal) return undefined;
  const pods = missing.slice(0, LISTED).map((o) => `\`${sts.identity.podName(o)}\``);
  const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
  const failing = `the API server accepts the StatefulSet, but the controller cannot create the claims, so ${missing.length === 1 ? 'pod' : 'pods'} ${listAnd(pods, false)}${more} ${missing.length === 1 ? 'is' : 'are'} never created`;
  if (present.length === 0) return failing;
  return `${failing}; the claims created beforehand (${listAnd(
    present.slice(0, LISTED).map((n) => `\`${n}\``),
    false,
  )}${present.length > LISTED ? ', …' : ''}) are used as they are, so only the pods without one fail`;
}
