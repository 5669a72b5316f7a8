import { defineRule } from '../src/engine/rule.js';
import type { Resource, ResourceGraph } from '../src/graph/graph.js';
import { listAnd } from '../src/shared/text.js';
import type { ResourceType } from '../src/api/kinds.js';
import { formatLabels, formatRequirement, type Labels, type ParsedSelector } from '../src/api/labels.js';
import { SelectorIndex, type IndexedSelector } from '../src/graph/selector-index.js';
import { workloadSelector } from '../src/kubernetes/workload-selector.js';

const WORKLOADS: readonly ResourceType[] = ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet'];
/** Overlaps looked for per workload: enough to report, bounded when thousands share one selector. */
const LIMIT = 8;

interface Workload {
  readonly resource: Resource;
  readonly order: number;
  readonly labels: Labels;
  /** The selector was not written: the API version defaults it from the template labels. */
  readonly defaulted: boolean;
  readonly selector: ParsedSelector;
}

export default defineRule({
  id: 'selector-overlap',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "A StatefulSet and another workload controller of the same namespace must not select each other's pods.",
    messages: {
      overlap:
        '{{kind}} `{{name}}` selects `{{selector}}`, which also matches the pods of {{others}}{{mutual}}. ' +
        'Kubernetes does not stop overlapping selectors, but the controllers then compete for those pods: either may adopt them when they are orphaned, and autoscalers, disruption budgets and `kubectl` count them for both. ' +
        'Give the pod templates a label that tells them apart (e.g. `app.kubernetes.io/name`) and require it in the selector of `{{name}}`; a selector cannot be changed after creation, so that controller must be recreated.',
    },
  },
  create: ({ graph, report }) => {
    let overlaps: Map<Workload, Overlap> | undefined;
    const byResource = new Map<Resource, Workload>();
    const visit = (resource: Resource): void => {
      if (!overlaps) {
        overlaps = findOverlaps(graph);
        for (const workload of overlaps.keys()) byResource.set(workload.resource, workload);
      }
      const selector = byResource.get(resource);
      const overlap = selector && overlaps.get(selector);
      if (!selector || !overlap) return;
      report({
        resource,
        path: selector.defaulted ? ['spec', 'template', 'metadata', 'labels'] : ['spec', 'selector'],
        on: 'key',
        messageId: 'overlap',
        data: {
          kind: resource.kind,
          name: resource.name,
          selector: describeSelector(selector.selector),
          others: describeTargets(overlap),
          mutual: describeMutual(overlap, resource.name),
        },
      });
    };
    return { StatefulSet: visit, Deployment: visit, ReplicaSet: visit, DaemonSet: visit };
  },
});

/** Workloads whose pods a selector also selects; one finding per selector lists them. */
interface Overlap {
  readonly targets: Workload[];
  /** Targets whose selector selects the reporter's pods too. */
  readonly mutual: Workload[];
  /** More targets were found than are kept. */
  more: boolean;
}

/** Pod owners listed per finding; beyond them the message says "and more". */
const LISTED = 3;

function describeTargets({ targets, more }: Overlap): string {
  const shown = targets.slice(0, LISTED).map((w) => `${w.resource.kind} \`${w.resource.name}\` (pod template labels: ${formatLabels(w.labels)})`);
  const rest = targets.length - shown.length;
  if (rest > 0 || more) shown.push(rest > 0 ? `${rest}${more ? ' or more' : ''} other${rest > 1 || more ? 's' : ''}` : 'others');
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Which targets select the reporter's pods in turn. */
function describeMutual({ targets, mutual }: Overlap, name: string): string {
  if (mutual.length === 0) return '';
  if (targets.length === 1) return `, and the selector of \`${mutual[0]!.resource.name}\` matches the pods of \`${name}\` too`;
  if (mutual.length === targets.length) return `; their selectors match the pods of \`${name}\` too`;
  return `; the selector${mutual.length > 1 ? 's' : ''} of ${listAnd(mutual.map((w) => w.resource.name))} match${mutual.length > 1 ? '' : 'es'} the pods of \`${name}\` too`;
}

/**
 * Every overlap that involves a StatefulSet, filed under the workload whose selector must change.
 * Both lookups and kept targets are bounded (LIMIT), so thousands of workloads sharing one
 * selector cost LIMIT comparisons each, not one per pair.
 */
function findOverlaps(graph: ResourceGraph): Map<Workload, Overlap> {
  const { workloads, index } = buildIndex(graph);
  // Directed: `selector` selects the pods of `pods`.
  const selects = new Map<Workload, Overlap>();
  for (const pods of workloads) {
    for (const { item: selector } of index.selecting(pods.resource.namespace, pods.labels, LIMIT + 1)) {
      if (selector === pods || sameObject(selector.resource, pods.resource)) continue;
      if (selector.resource.type !== 'StatefulSet' && pods.resource.type !== 'StatefulSet') continue;
      const overlap = selects.get(selector) ?? { targets: [], mutual: [], more: false };
      selects.set(selector, overlap);
      if (overlap.targets.length < LIMIT) overlap.targets.push(pods);
      else overlap.more = true;
    }
  }
  const out = new Map<Workload, Overlap>();
  for (const [selector, overlap] of selects) {
    const targets: Workload[] = [];
    const mutual: Workload[] = [];
    for (const pods of overlap.targets) {
      const both = selects.get(pods)?.targets.includes(selector) ?? false;
      // A mutual overlap is one problem: report it once, on the StatefulSet (the first in the input when both are).
      if (both && !(selector.resource.type === 'StatefulSet' && (pods.resource.type !== 'StatefulSet' || selector.order < pods.order))) continue;
      targets.push(pods);
      if (both) mutual.push(pods);
    }
    if (targets.length > 0) out.set(selector, { targets, mutual, more: overlap.more });
  }
  return out;
}

function buildIndex(graph: ResourceGraph): { workloads: Workload[]; index: SelectorIndex<Workload> } {
  const workloads: Workload[] = [];
  const entries: IndexedSelector<Workload>[] = [];
  for (const type of WORKLOADS) {
    for (const resource of graph.ofType(type)) {
      const { selector, defaulted, templateLabels: labels } = workloadSelector(resource);
      const workload: Workload = { resource, order: workloads.length, labels, defaulted, selector };
      workloads.push(workload);
      if (selector.kind === 'ok') entries.push({ item: workload, scope: resource.namespace, selector });
    }
  }
  return { workloads, index: new SelectorIndex(entries) };
}

function describeSelector(selector: ParsedSelector): string {
  return selector.kind === 'ok' ? selector.requirements.map(formatRequirement).join(', ') : '';
}

/** The same object given twice (a duplicate manifest) is not an overlap of two controllers. */
function sameObject(a: Resource, b: Resource): boolean {
  return a.type === b.type && a.name === b.name && a.namespace === b.namespace;
}
