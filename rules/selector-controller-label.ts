import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import { controllerLabel, isManaged, type ControllerLabel } from '../src/api/controller-labels.js';
import { formatRequirement, type Requirement } from '../src/api/labels.js';
import type { StatefulSetView } from '../src/kubernetes/statefulset.js';
import { ordinalSpan } from '../src/kubernetes/ordinals.js';
import { workloadSelector } from '../src/kubernetes/workload-selector.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const ORDINAL = /^(?:0|[1-9][0-9]{0,8})$/;

export default defineRule({
  id: 'selector-controller-label',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description:
      'A StatefulSet selector must not require values of the labels the controller sets per pod (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`, `controller-revision-hash`).',
    messages: {
      perPod:
        'StatefulSet `{{set}}` selects pods by `{{requirement}}`{{defaulted}}, but the controller sets `{{key}}` on every pod to {{meaning}}, so {{pod}} does not match its own selector: the controller releases it and then fails to create it again because the name is taken, and the rollout stalls. ' +
        'Select on labels all pods share ({{suggestion}}); the selector cannot be changed after creation, so the StatefulSet must be deleted and created again.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const { selector, defaulted } = workloadSelector(resource);
      if (selector.kind !== 'ok') return;
      const ordinals = ordinalRange(graph, sts);
      for (const requirement of selector.requirements) {
        const label = controllerLabel(requirement.key);
        if (!label || !isManaged(label, graph.settings.kubernetesVersion)) continue;
        const ordinal = firstMismatch(requirement, label, sts.name, ordinals);
        if (ordinal === undefined) continue;
        const value = label.value(sts.name, ordinal);
        const path: Path = defaulted ? ['spec', 'template', 'metadata', 'labels', requirement.key] : ['spec', 'selector', ...requirement.path];
        report({
          resource,
          path,
          messageId: 'perPod',
          data: {
            set: sts.name,
            requirement: formatRequirement(requirement),
            defaulted: defaulted ? ` (the selector ${resource.kind === 'PetSet' ? 'PetSet' : 'apps/v1beta1'} defaults from the pod template labels)` : '',
            key: requirement.key,
            meaning: label.meaning,
            pod: `pod \`${sts.identity.podName(ordinal)}\` (${value === undefined ? `\`${requirement.key}: ${sts.name}-<hash>\`` : `\`${requirement.key}: ${value}\``})`,
            suggestion: suggestion(sts),
          },
        });
      }
    },
  }),
});

interface Ordinals {
  first: number;
  /** Infinity when an autoscaler without a known maximum scales the set. */
  last: number;
}

function ordinalRange(graph: ResourceGraph, sts: StatefulSetView): Ordinals {
  const span = ordinalSpan(graph, sts);
  // A set parked at `replicas: 0` breaks as soon as it is scaled up: judge it with one pod.
  return { first: span.first, last: Math.max(span.first, span.last) };
}

/** The first ordinal whose pod the requirement does not select; undefined when it selects them all. */
function firstMismatch(requirement: Requirement, label: ControllerLabel, set: string, { first, last }: Ordinals): number | undefined {
  switch (requirement.operator) {
    case 'Exists':
      return undefined;
    case 'DoesNotExist':
      return first;
    case 'In': {
      if (label.value(set, first) === undefined) return first; // a hash no manifest can know
      // More pods than values: some pod is outside; otherwise check each pod (at most values + 1 steps).
      for (let ordinal = first; ordinal <= last && ordinal <= first + requirement.values.length; ordinal++) {
        if (!requirement.values.includes(label.value(set, ordinal)!)) return ordinal;
      }
      return undefined;
    }
    case 'NotIn': {
      let found: number | undefined;
      for (const value of requirement.values) {
        const ordinal = ordinalOf(label, set, value);
        if (ordinal !== undefined && ordinal >= first && ordinal <= last && (found === undefined || ordinal < found)) found = ordinal;
      }
      return found;
    }
  }
}

function ordinalOf(label: ControllerLabel, set: string, value: string): number | undefined {
  const text = label.key === 'apps.kubernetes.io/pod-index' ? value : value.startsWith(`${set}-`) ? value.slice(set.length + 1) : undefined;
  return text !== undefined && ORDINAL.test(text) ? Number(text) : undefined;
}

function suggestion(sts: StatefulSetView): string {
  const shared = Object.entries(sts.templateLabels).filter(([key]) => !controllerLabel(key));
  return shared.length > 0 ? shared.map(([k, v]) => `\`${k}: ${v}\``).join(', ') : `e.g. \`app: ${sts.name}\``;
}
