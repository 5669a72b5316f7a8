import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import type { ResourceType } from '../src/api/kinds.js';
import { formatLabels } from '../src/api/labels.js';
import { servedVerdict } from '../src/schema/served.js';
import { asRecord, getIn } from '../src/shared/value.js';
import { formatVersion } from '../src/api/version.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** The apiVersion each kind stslint reads is served as today (and in every release since 1.23). */
const CURRENT_API_VERSION: Readonly<Record<ResourceType, string>> = {
  StatefulSet: 'apps/v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Service: 'v1',
  PersistentVolumeClaim: 'v1',
  PersistentVolume: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Endpoints: 'v1',
  Namespace: 'v1',
  StorageClass: 'storage.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  EndpointSlice: 'discovery.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

/** The StatefulSet APIs before apps/v1, whose migration needs more than a new apiVersion. */
const BETA_STATEFULSET_APIS = new Set(['apps/v1alpha1', 'apps/v1beta1', 'apps/v1beta2']);

/** What changes with the move, where it matters (kubernetes.io deprecation guide, v1.16, v1.25, v1.26). */
function migrationNote(resource: Resource): string {
  const spec = asRecord(resource.obj.spec);
  if (resource.apiVersion === 'policy/v1beta1' && resource.kind === 'PodDisruptionBudget') {
    const selector = asRecord(spec?.selector);
    return selector && Object.keys(selector).length === 0
      ? '; note that the empty `spec.selector` (`{}`) selects every pod in the namespace in policy/v1, where it selected none in policy/v1beta1'
      : '';
  }
  if (resource.apiVersion === 'autoscaling/v2beta1') {
    return '; the metric targets change shape in autoscaling/v2 (`targetAverageUtilization: 80` becomes `target: {type: Utilization, averageUtilization: 80}`)';
  }
  if (resource.apiVersion === 'extensions/v1beta1' && spec?.selector === undefined) {
    return ' and add the `spec.selector` that apps/v1 requires (it cannot be changed later)';
  }
  return '';
}

export default defineRule({
  id: 'api-removed',
  meta: {
    severity: 'error',
    description:
      'Every object must use an API version that the target Kubernetes release serves (`--kubernetes-version`): not PetSet, not apps/v1beta1 StatefulSets, not policy/v1beta1 PodDisruptionBudgets from 1.25 on.',
    messages: {
      petSet:
        '`kind: PetSet` (here with `apiVersion: {{apiVersion}}`) does not exist since Kubernetes 1.5, when PetSet became StatefulSet, so no API server accepts it. ' +
        'Migrate to `apiVersion: apps/v1` and `kind: StatefulSet`{{selectorAdvice}}; move any init containers from the `pod.alpha.kubernetes.io/init-containers` annotation to `initContainers`.',
      neverServed:
        '`kind: StatefulSet` was never served as `{{apiVersion}}` (PetSet was renamed StatefulSet in apps/v1beta1), so no API server accepts it. ' +
        'Use `apiVersion: apps/v1`{{selectorAdvice}}.',
      removed:
        'StatefulSet `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}. ' +
        'Use `apiVersion: apps/v1`{{selectorAdvice}}; note that apps/v1 defaults `updateStrategy` to RollingUpdate{{strategyNote}}.',
      removedKind:
        '{{kind}} `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}, so the API server of Kubernetes {{target}} rejects it. ' +
        'Use `apiVersion: {{replacement}}`{{note}}.',
      notServed:
        '{{kind}} `apiVersion: {{apiVersion}}` is not an API version that Kubernetes {{target}} serves for {{kind}}, so the API server rejects it. ' +
        'Use `apiVersion: {{replacement}}`.',
    },
  },
  create: ({ graph, report }) => {
    const target = graph.settings.kubernetesVersion;
    const check = (resource: Resource): void => {
      if (!resource.type) return;
      const isPetSet = resource.kind === 'PetSet';
      const verdict = isPetSet ? { served: false as const } : servedVerdict(resource.apiVersion, resource.kind, target);
      if (verdict.served) return;
      const replacement = CURRENT_API_VERSION[resource.type];
      if (isPetSet || (resource.type === 'StatefulSet' && BETA_STATEFULSET_APIS.has(resource.apiVersion))) {
        reportStatefulSet(resource, verdict.removedIn ?? '');
        return;
      }
      const base = { kind: resource.kind, apiVersion: resource.apiVersion, target: formatVersion(target), replacement };
      if (verdict.removedIn) {
        report({ resource, path: ['apiVersion'], messageId: 'removedKind', data: { ...base, release: verdict.removedIn, note: migrationNote(resource) } });
      } else {
        report({ resource, path: ['apiVersion'], messageId: 'notServed', data: base });
      }
    };

    /** PetSet and the beta StatefulSet APIs, with the migration advice apps/v1 needs. */
    const reportStatefulSet = (resource: Resource, release: string): void => {
      const sts = statefulSetView(graph, resource);
      const selector = getIn(resource.obj, ['spec', 'selector']);
      const labels = Object.entries(sts.templateLabels)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      const selectorAdvice =
        selector !== undefined && selector !== null
          ? ''
          : ` and add the \`spec.selector\` that apps/v1 requires: \`selector: {matchLabels: {${labels || 'app: <name>'}}}\`` +
            (labels ? ` (the pod template labels ${formatLabels(sts.templateLabels)})` : '');
      const explicitStrategy = getIn(resource.obj, ['spec', 'updateStrategy', 'type']) !== undefined;
      const strategyNote =
        resource.apiVersion === 'apps/v1beta1' && !explicitStrategy
          ? ' where apps/v1beta1 defaulted to OnDelete: set `updateStrategy: {type: OnDelete}` to keep the old behaviour'
          : '';
      const data = { apiVersion: resource.apiVersion, release, selectorAdvice, strategyNote };
      const messageId = resource.kind === 'PetSet' ? 'petSet' : resource.apiVersion === 'apps/v1alpha1' ? 'neverServed' : 'removed';
      report({ resource, path: ['apiVersion'], messageId, data });
    };

    const visitors: Partial<Record<ResourceType, (resource: Resource) => void>> = {};
    for (const type of Object.keys(CURRENT_API_VERSION) as ResourceType[]) visitors[type] = check;
    return visitors;
  },
});
