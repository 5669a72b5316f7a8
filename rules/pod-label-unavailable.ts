import { defineRule } from '../src/engine/rule.js';
import { CONTROLLER_POD_LABELS } from '../src/api/feature-gates.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource } from '../src/graph/graph.js';
import type { Anchor } from '../src/yaml/locate.js';
import { parseLabelSelector, requirementMatches, type Requirement } from '../src/api/labels.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import { schedulingTerms, type SchedulingTermKind } from '../src/api/pod-scheduling.js';
import { asArray, asRecord, asStringMap, getIn } from '../src/shared/value.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';

const TERM_NAMES: Readonly<Record<SchedulingTermKind, string>> = {
  podAffinity: 'A pod affinity term',
  podAntiAffinity: 'A pod anti-affinity term',
  topologySpreadConstraints: 'A topology spread constraint',
};

export default defineRule({
  id: 'pod-label-unavailable',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'Selectors must not rely on a pod label that the StatefulSet controller of the target Kubernetes release does not set yet.',
    messages: {
      neverMatches:
        '{{where}} of {{object}} selects on `{{label}}`, a label the StatefulSet controller puts on pods only from Kubernetes {{since}}; on {{target}} no pod carries it, so the selector matches no pod. ' +
        'Select on labels of the pod template instead, or target Kubernetes {{since}} or later.',
      alwaysHolds:
        '{{where}} of {{object}} excludes pods by `{{label}}`, a label the StatefulSet controller puts on pods only from Kubernetes {{since}}; on {{target}} no pod carries it, so the requirement holds for every pod and excludes none. ' +
        'Select on labels of the pod template instead, or target Kubernetes {{since}} or later.',
    },
  },
  create: (context) => {
    const target = context.graph.settings.kubernetesVersion;
    // Labels the controller of the target release does not set yet.
    const missing = Object.entries(CONTROLLER_POD_LABELS).filter(([, info]) => !isAtLeast(target, info.since));
    if (missing.length === 0) return {};
    const missingKeys = new Set(missing.map(([label]) => label));
    // OpenKruise's controller, not the release's, labels the pods of an Advanced StatefulSet (it
    // sets statefulset.kubernetes.io/pod-name on every release it runs on, pod-index in newer
    // versions): a selector that may be meant for such pods is not known to match nothing.
    const advancedSets = context.graph.ofType('StatefulSet').filter((set) => isAdvancedStatefulSet(set));
    const mayMeanAdvancedSetPods = (resource: Resource, uses: readonly LabelUse[], sameNamespace: boolean) =>
      advancedSets.some((set) => {
        if (sameNamespace && set.namespace !== resource.namespace) return false;
        const labels = asStringMap(getIn(set.obj, ['spec', 'template', 'metadata', 'labels'])) ?? {};
        return uses.every(
          (use) => missingKeys.has(use.key) || requirementMatches({ key: use.key, operator: use.operator, values: use.values, path: [] }, labels),
        );
      });
    const check = (resource: Resource, where: string, uses: readonly LabelUse[], sameNamespace = true) => {
      if (advancedSets.length > 0 && mayMeanAdvancedSetPods(resource, uses, sameNamespace)) return;
      for (const use of uses) {
        const info = missing.find(([label]) => label === use.key)?.[1];
        if (!info) continue;
        const excludes = use.operator === 'NotIn' || use.operator === 'DoesNotExist';
        context.report({
          resource,
          path: use.path,
          on: use.on,
          messageId: excludes ? 'alwaysHolds' : 'neverMatches',
          data: { where, object: `${resource.kind} \`${resource.name}\``, label: use.key, since: info.since, target: formatVersion(target) },
        });
      }
    };
    const labelSelector = (resource: Resource, where: string, path: Path, sameNamespace = true) => {
      const parsed = parseLabelSelector(getIn(resource.obj, path));
      if (parsed.kind !== 'ok') return;
      check(
        resource,
        where,
        parsed.requirements.map((r) => labelUse(r, path)),
        sameNamespace,
      );
    };
    const podTemplate = (resource: Resource) => {
      const podSpec = asRecord(getIn(resource.obj, ['spec', 'template', 'spec']));
      for (const term of schedulingTerms(podSpec, ['spec', 'template', 'spec'])) labelSelector(resource, TERM_NAMES[term.kind], term.selectorPath, false);
    };
    return {
      Service(resource) {
        const selector = asStringMap(getIn(resource.obj, ['spec', 'selector'])) ?? {};
        check(
          resource,
          'The selector',
          Object.entries(selector).map(([key, value]) => ({ key, operator: 'In', values: [value], path: ['spec', 'selector', key], on: 'key' })),
        );
      },
      PodDisruptionBudget(resource) {
        labelSelector(resource, 'The selector', ['spec', 'selector']);
      },
      NetworkPolicy(resource) {
        labelSelector(resource, 'The pod selector', ['spec', 'podSelector']);
        for (const [direction, peers] of [
          ['ingress', 'from'],
          ['egress', 'to'],
        ] as const) {
          for (const [i, rule] of asArray(getIn(resource.obj, ['spec', direction])).entries()) {
            for (const j of asArray(asRecord(rule)?.[peers]).keys()) {
              labelSelector(resource, `An \`${direction}\` peer's pod selector`, ['spec', direction, i, peers, j, 'podSelector'], false);
            }
          }
        }
      },
      StatefulSet: podTemplate,
      Deployment: podTemplate,
      ReplicaSet: podTemplate,
      DaemonSet: podTemplate,
    };
  },
});

/** A label a selector asks about, and where the label's name stands in the manifest. */
interface LabelUse {
  readonly key: string;
  readonly operator: Requirement['operator'];
  readonly values: readonly string[];
  readonly path: Path;
  readonly on?: Anchor;
}

/** A `matchLabels` entry is reported at its key, an expression at its `key` field. */
function labelUse(requirement: Requirement, selectorPath: Path): LabelUse {
  const { key, operator, values } = requirement;
  if (requirement.path[0] === 'matchExpressions') return { key, operator, values, path: [...selectorPath, ...requirement.path, 'key'] };
  return { key, operator, values, path: [...selectorPath, ...requirement.path], on: 'key' };
}
