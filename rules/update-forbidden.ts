import { holds, mutabilityRange, mutableStatefulSetFields, orphanFlag, since } from '../src/api/release-facts.js';
import { formatVersion, release as releaseOf } from '../src/api/version.js';
import { showValue } from '../src/change/compare.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import {
  ADVANCED_STATEFULSET_MUTABLE,
  advancedClaimTemplateUpdate,
  advancedStatefulSetForbidden,
  claimCapacity,
  claimForbidden,
  serviceForbidden,
  statefulSetForbidden,
  statefulSetUnsettled,
  type ForbiddenChange,
} from '../src/change/immutable.js';
import { claimClass } from '../src/api/storage.js';
import { defaultStorageClass } from '../src/kubernetes/storage-classes.js';
import { compareQuantities, parseQuantityExact } from '../src/api/quantity.js';
import { claimNames, nameList, ordinalsOf, podNames, setVersion, type SetVersion } from '../src/change/set-change.js';
import { defineRule } from '../src/engine/rule.js';
import { listAnd } from '../src/shared/text.js';
import { asRecord, asString } from '../src/shared/value.js';

// Every release fact these messages state comes from scripts/data/*.tsv through
// src/api/release-facts.ts; test/change-messages-by-release.test.ts renders each message at every
// boundary of those tables and checks the text against them.

export default defineRule({
  id: 'update-forbidden',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description:
      "A change to an existing object that the API server (or, for an OpenKruise Advanced StatefulSet, its webhook and controller) rejects on update: an immutable StatefulSet field, a Service's cluster IP or IP family, a claim's spec, or a storage request that shrinks or cannot grow.",
    messages: {
      statefulSet:
        '`{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but an update may change only {{mutable}} of an existing StatefulSet (Kubernetes {{release}}{{unsettled}}): the API server rejects it ("updates to statefulset spec for fields other than … are forbidden") and the deploy stops there. ' +
        'Keep the old value, or re-create the set without touching its pods: `kubectl delete statefulset {{set}} {{orphan}}`, then apply; the new set adopts the running pods.',
      unsettled:
        'Whether the API server of Kubernetes {{release}} accepts a change of `{{field}}` is not settled: `{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}; {{rejecting}} servers reject it ("updates to statefulset spec for fields other than … are forbidden"), {{accepted}}, and for {{range}} no source found says which (the rule\'s docs list what was searched). ' +
        'If this server rejects it, the deploy stops there: check first with `kubectl apply --dry-run=server`, or keep the old value.',
      containerCount:
        'The pod template of StatefulSet `{{set}}` has {{after}} containers since {{base}}, {{before}} before, but the update validation of Kubernetes {{release}} rejects a change in the number of containers ("spec.template.containers: Forbidden: pod updates may not add or remove containers"; lifted in 1.8 by kubernetes#51051), and the deploy stops there. ' +
        'Keep the containers as they are, or re-create the set without touching its pods: `kubectl delete statefulset {{set}} {{orphan}}`, apply, then delete its pods one at a time, highest ordinal first, each once the previous is Ready again (`kubectl delete pod {{last}}`, …): the new set adopts the running pods, and they keep their old containers until each is re-created.',
      serviceName:
        '`{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but an update may change only {{mutable}} of an existing StatefulSet (Kubernetes {{release}}{{unsettled}}): the API server rejects it ("updates to statefulset spec for fields other than … are forbidden") and the deploy stops there. ' +
        'Keep the old value, or re-create the set: `kubectl delete statefulset {{set}} {{orphan}}`, apply, then delete its pods one at a time, highest ordinal first, each once the previous is Ready again (`kubectl delete pod {{last}}`, …). ' +
        "The new set adopts the running pods, but an adopted pod keeps its old `subdomain` (a running pod's cannot change) and the same revision, so nothing rolls and {{pods}} have no DNS name under Service {{after}} until each is re-created.",
      advancedStatefulSet:
        '`{{field}}` of Advanced StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but OpenKruise\'s webhook lets an update change only {{mutable}} of an existing set ("updates to statefulset spec for fields other than … are forbidden"), so the update is rejected and the deploy stops there. ' +
        'Keep the old value; a different {{top}} needs a new set: delete this one with `{{orphan}}` and apply (only when the pods still match it), or create one under another name and move the data.',
      advancedClaimTemplate:
        '`{{field}}` of Advanced StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but under `volumeClaimUpdateStrategy.type: OnPodRollingUpdate` (with the StatefulSetAutoResizePVCGate feature gate of kruise-manager, which that strategy needs) OpenKruise\'s webhook lets a claim template change only its storage size: templates cannot be added, removed or renamed and their `storageClassName` and `accessModes` cannot change ("volumeClaimTemplate can not be modified when OnRollingUpdate"), so the update is rejected and the deploy stops there. ' +
        'Keep the old value, or first apply a change that only sets `volumeClaimUpdateStrategy.type: OnDelete`, then this one: existing claims keep their spec and only claims created later follow the new template.',
      advancedClaimExpand:
        '`{{field}}` of Advanced StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but StorageClass `{{class}}` sets `allowVolumeExpansion: false`, so under `volumeClaimUpdateStrategy.type: OnPodRollingUpdate` OpenKruise\'s webhook rejects the resize ("storage class {{class}} does not support volume expansion") and the deploy stops there. ' +
        'Keep the old size, or set `allowVolumeExpansion: true` on the StorageClass first (if its driver can expand volumes).',
      advancedClaimExpandStalls:
        '`{{field}}` of Advanced StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, and under `volumeClaimUpdateStrategy.type: OnPodRollingUpdate` OpenKruise resizes each pod\'s claims as its rolling update reaches it, but StorageClass `{{class}}` does not set `allowVolumeExpansion: true`: the controller refuses to patch the claims ("does not support volume expansion"), so the rollout stops at the first pod it updates. ' +
        'Set `allowVolumeExpansion: true` on the StorageClass first (if its driver can expand volumes), or keep the old size.',
      selector:
        '`{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but the selector of an existing StatefulSet cannot change: the API server rejects the update and the deploy stops there. ' +
        'Keep the old selector; a different selector needs a new StatefulSet (under another name) and a migration of the data.',
      claimTemplate:
        '`{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but claim templates cannot change on an existing StatefulSet in any Kubernetes release: the API server rejects the update and the deploy stops there. ' +
        'Keep the old template, or re-create the set without touching its pods and claims (`kubectl delete statefulset {{set}} {{orphan}}`, then apply): existing claims keep their old spec, only claims of new ordinals follow the new template.',
      claimTemplateAdded:
        '`{{field}}` of StatefulSet `{{set}}` changed from {{before}} to {{after}} since {{base}}, but claim templates cannot change on an existing StatefulSet in any Kubernetes release: the API server rejects the update and the deploy stops there. ' +
        'Keep the old templates, or re-create the set (`kubectl delete statefulset {{set}} {{orphan}}`, then apply) and then delete its pods one at a time, highest ordinal first, each once the previous is Ready again (`kubectl delete pod {{last}}`, …): ' +
        "the new set creates the claims of template {{after}}, but it cannot add them to a running pod (a pod's volumes cannot change), so its update of each pod fails and the rollout stops until that pod is re-created.",
      claimTemplateGrow:
        '`{{field}}` of StatefulSet `{{set}}` grows from {{before}} to {{after}} since {{base}}, but claim templates cannot change on an existing StatefulSet: the API server rejects the update and the deploy stops there, and it would not resize existing claims anyway. ' +
        'Resize each existing claim instead ({{claims}}) to {{after}} with `kubectl patch pvc` (its StorageClass needs `allowVolumeExpansion: true`), then re-create the set with the new template without touching its pods: `kubectl delete statefulset {{set}} {{orphan}}`, then apply.',
      claimTemplateGrowUnsupported:
        '`{{field}}` of StatefulSet `{{set}}` grows from {{before}} to {{after}} since {{base}}, but claim templates cannot change on an existing StatefulSet: the API server rejects the update and the deploy stops there; and Kubernetes {{release}} does not resize existing claims either (volume expansion is on by default from {{expansion}}). ' +
        'Keep {{before}}, or create larger claims and copy the data to them; only claims of new ordinals would follow a re-created template (`kubectl delete statefulset {{set}} {{orphan}}`, then apply).',
      clusterIP:
        '`{{field}}` of Service `{{service}}` changed from {{before}} to {{after}} since {{base}}, but the cluster IP of an existing Service cannot change ({{ipRejection}}): the API server rejects the update. ' +
        'Keep {{before}}, or delete the Service and apply it again (`kubectl delete service {{service}}`; clients lose it for a moment).',
      makeHeadless:
        'Service `{{service}}` becomes headless (`clusterIP: None`), but {{base}} left its cluster IP to the server, so (unless an earlier version made it headless) the existing Service has an allocated IP, which cannot change ({{ipRejection}}): the API server rejects the update. ' +
        "Delete the Service and apply it again (`kubectl delete service {{service}}`); the pods' DNS records appear once the headless Service exists.",
      ipFamilies:
        '`{{field}}` of Service `{{service}}` changed from {{before}} to {{after}} since {{base}}, but the IP families of an existing Service with a cluster IP "may not change once set": the API server rejects the update. ' +
        'Keep {{before}}, or delete the Service and apply it again (`kubectl delete service {{service}}`).',
      claimSpec:
        '`{{field}}` of PersistentVolumeClaim `{{claim}}` changed from {{before}} to {{after}} since {{base}}, but the spec of an existing claim is immutable except its storage request ("spec is immutable after creation except resources.requests …"): the API server rejects the update. ' +
        'Keep the old value, or create a new claim and copy the data to it.',
      claimSpecBeforeExpansion:
        '`{{field}}` of PersistentVolumeClaim `{{claim}}` changed from {{before}} to {{after}} since {{base}}, but the spec of an existing claim is immutable in Kubernetes {{release}}: the API server rejects the update. ' +
        'Keep the old value, or create a new claim and copy the data to it.',
      claimShrink:
        'The storage request of PersistentVolumeClaim `{{claim}}` shrinks from {{before}} to {{after}} since {{base}}, but a claim cannot shrink ("field can not be less than previous value"): the API server rejects the update. ' +
        'Keep {{before}}, or create a smaller claim and copy the data to it.',
      claimShrinkBelowCapacity:
        'The storage request of PersistentVolumeClaim `{{claim}}` goes down from {{before}} to {{after}} since {{base}}, but a request may be lowered only while it stays above the capacity of the volume ({{capacity}}), to recover from a failed expansion ("field can not be less than status.capacity"): the API server rejects the update. ' +
        'Volumes never shrink: keep {{before}}, or create a smaller claim and copy the data to it.',
      claimExpand:
        'The storage request of PersistentVolumeClaim `{{claim}}` grows from {{before}} to {{after}} since {{base}}, but its StorageClass `{{class}}` does not set `allowVolumeExpansion: true`, so the resize is refused ("the storageclass that provisions the pvc must support resize"). ' +
        'Set `allowVolumeExpansion: true` on the StorageClass first (it may be changed on an existing class, if the driver can expand volumes), or keep {{before}}.',
      claimExpandStatic:
        'The storage request of PersistentVolumeClaim `{{claim}}` grows from {{before}} to {{after}} since {{base}}, but the claim sets `storageClassName: ""` (a pre-provisioned volume), and "only dynamically provisioned pvc can be resized": the update is refused. ' +
        'Keep {{before}}, or grow the volume outside Kubernetes and bind a new claim to it.',
      claimExpandUnsupported:
        'The storage request of PersistentVolumeClaim `{{claim}}` grows from {{before}} to {{after}} since {{base}}, but Kubernetes {{release}} does not resize claims (volume expansion is on by default from {{expansion}}): the spec of an existing claim is immutable and the API server rejects the update. ' +
        'Keep {{before}}, or create a larger claim and copy the data to it.',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    const target = graph.settings.kubernetesVersion;
    const release = formatVersion(target);
    const orphan = orphanFlag(target);
    const fields = mutableStatefulSetFields(target);
    const unsettled = fields.unsettled.length > 0 ? `; whether it accepts a change of ${listAnd(fields.unsettled)} is not settled` : '';
    const ipRejection = holds('service-ip-message', target) ? '"may not change once set"' : '"field is immutable"';
    const common = (f: ForbiddenChange) => ({ field: f.field, before: show(f.before), after: show(f.after), base: change.label });
    return {
      StatefulSet(resource) {
        const pair = change.pairOf(resource);
        if (pair?.identity !== 'same') return;
        if (isAdvancedStatefulSet(resource)) {
          for (const f of advancedStatefulSetForbidden(pair, target)) {
            const data = { ...common(f), set: resource.name, mutable: listAnd([...ADVANCED_STATEFULSET_MUTABLE]), top: `\`${String(f.path[1])}\``, orphan };
            report({ resource, path: f.path, messageId: 'advancedStatefulSet', data });
          }
          const claims = advancedClaimTemplateUpdate(pair, graph);
          for (const f of claims.rejected) {
            const data = { ...common(f), set: resource.name, class: f.storageClass ?? '' };
            report({ resource, path: f.path, messageId: f.kind === 'kruise-claim-expand' ? 'advancedClaimExpand' : 'advancedClaimTemplate', data });
          }
          for (const f of claims.stalls)
            report({ resource, path: f.path, messageId: 'advancedClaimExpandStalls', data: { ...common(f), set: resource.name, class: f.storageClass ?? '' } });
          return;
        }
        const version = () => setVersion(change.base, pair.base);
        for (const f of statefulSetUnsettled(pair, target)) {
          const { from, settled } = mutabilityRange(String(f.path[1]));
          const accepted = settled === '' ? 'no server is known to accept it' : `servers from ${settled} accept it`;
          const range = settled === '' ? `${from} and later` : rangeBefore(from, settled);
          const data = { ...common(f), set: resource.name, release, rejecting: previousRelease(from), accepted, range };
          report({ resource, path: f.path, messageId: 'unsettled', severity: 'warning', data });
        }
        for (const f of statefulSetForbidden(pair, target)) {
          const data = { ...common(f), set: resource.name, mutable: listAnd(fields.certain), release, unsettled, orphan };
          const top = f.path[1];
          if (f.kind === 'statefulset-container-count') {
            const last = podNames(version(), [...ordinalsOf(version())].reverse())[0] ?? `${resource.name}-0`;
            report({ resource, path: f.path, messageId: 'containerCount', data: { ...data, before: String(f.before), after: String(f.after), last } });
          } else if (top === 'selector') {
            report({ resource, path: f.path, messageId: 'selector', data });
          } else if (top === 'serviceName' && holds('pod-identity-in-spec', target)) {
            const pods = podNames(version(), [...ordinalsOf(version())].reverse());
            report({ resource, path: f.path, messageId: 'serviceName', data: { ...data, pods: nameList(pods), last: pods[0] ?? `${resource.name}-0` } });
          } else if (top === 'volumeClaimTemplates') {
            reportClaimTemplate(f, data, version);
          } else {
            report({ resource, path: f.path, messageId: 'statefulSet', data });
          }
        }

        function reportClaimTemplate(f: ForbiddenChange, data: Record<string, string>, baseVersion: () => SetVersion) {
          const from = parseQuantityExact(f.before);
          const to = parseQuantityExact(f.after);
          const index = f.path[2];
          const grows =
            f.path.slice(-3).join('.') === 'resources.requests.storage' && typeof index === 'number' && !!from && !!to && compareQuantities(to, from) > 0;
          // A template added, or renamed: its claims are new, and no running pod can mount them.
          const added = typeof index === 'number' && (f.before === undefined || f.path.slice(3).join('.') === 'metadata.name') && f.after !== undefined;
          if (grows && holds('pvc-expansion-default', target)) {
            const template = asString(asRecord(asRecord(baseVersion().view.claimTemplates[index]?.raw)?.metadata)?.name);
            const claims = template ? nameList(claimNames(baseVersion(), [template], ordinalsOf(baseVersion()))) : 'every claim of the template';
            report({ resource, path: f.path, messageId: 'claimTemplateGrow', data: { ...data, claims } });
          } else if (grows) {
            report({ resource, path: f.path, messageId: 'claimTemplateGrowUnsupported', data: { ...data, expansion: since('pvc-expansion-default') } });
          } else if (added) {
            const pods = podNames(baseVersion(), [...ordinalsOf(baseVersion())].reverse());
            report({ resource, path: f.path, messageId: 'claimTemplateAdded', data: { ...data, last: pods[0] ?? `${resource.name}-0` } });
          } else {
            report({ resource, path: f.path, messageId: 'claimTemplate', data });
          }
        }
      },
      Service(resource) {
        const pair = change.pairOf(resource);
        if (pair?.identity !== 'same') return;
        for (const f of serviceForbidden(pair, target)) {
          const data = { ...common(f), service: resource.name, ipRejection };
          if (f.kind === 'ip-families') report({ resource, path: f.path, messageId: 'ipFamilies', data });
          else if (f.before === undefined) report({ resource, path: f.path, messageId: 'makeHeadless', data });
          else report({ resource, path: f.path, messageId: 'clusterIP', data });
        }
      },
      PersistentVolumeClaim(resource) {
        const pair = change.pairOf(resource);
        if (pair?.identity !== 'same') return;
        for (const f of claimForbidden(pair, graph, target)) {
          const data = { ...common(f), claim: resource.name, release, expansion: since('pvc-expansion-default') };
          if (f.kind === 'claim-shrink') {
            if (holds('pvc-shrink-to-capacity', target)) {
              const capacity = claimCapacity(pair.base.obj);
              const known = capacity === undefined ? `not in the input; normally the old request, ${show(f.before)}` : show(capacity);
              report({ resource, path: f.path, messageId: 'claimShrinkBelowCapacity', data: { ...data, capacity: known } });
            } else report({ resource, path: f.path, messageId: 'claimShrink', data });
          } else if (f.kind === 'claim-spec') {
            report({ resource, path: f.path, messageId: holds('pvc-spec-message', target) ? 'claimSpec' : 'claimSpecBeforeExpansion', data });
          } else if (f.kind === 'claim-expand-unsupported') {
            report({ resource, path: f.path, messageId: 'claimExpandUnsupported', data });
          } else {
            const written = claimClass(pair.base.obj) ?? claimClass(resource.obj);
            if (written?.name === '') report({ resource, path: f.path, messageId: 'claimExpandStatic', data });
            else
              report({
                resource,
                path: f.path,
                messageId: 'claimExpand',
                data: { ...data, class: written?.name ?? defaultStorageClass(graph)?.name ?? '(default)' },
              });
          }
        }
      },
    };
  },
});

/** The minor release before `version`, e.g. 1.31 for 1.32. */
function previousRelease(version: string): string {
  const { major, minor } = releaseOf(version);
  return `${major}.${minor - 1}`;
}

/** The releases from `from` up to the one before `until`, e.g. "1.32 to 1.34". */
function rangeBefore(from: string, until: string): string {
  const before = previousRelease(until);
  return before === from ? from : `${from} to ${before}`;
}

function show(value: unknown): string {
  const text = showValue(value);
  return text === '(not set)' ? text : `\`${text}\``;
}
