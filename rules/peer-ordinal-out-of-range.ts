import { defineRule } from '../src/engine/rule.js';
import type { Resource, ResourceGraph } from '../src/graph/graph.js';
import { listAnd } from '../src/shared/text.js';
import { isClusterName, podReferencesReadBy, type ResolvedReference, type ScannedScalar } from '../src/kubernetes/peers.js';
import { ordinalSpan, type OrdinalSpan } from '../src/kubernetes/ordinals.js';
import { asInteger } from '../src/shared/value.js';
import { statefulSetView, type StatefulSetView } from '../src/kubernetes/statefulset.js';

/** Pod names listed in a message before "…". */
const LISTED = 3;

interface OrdinalRange {
  first: number;
  /** The highest ordinal that can exist (with an autoscaler: at its `maxReplicas`). */
  last: number;
  /** How the range comes about, for the message (made only for a finding: `whyOf`). */
  view: StatefulSetView;
  span: OrdinalSpan;
  written: number | undefined;
  /** The autoscaler that bounds it, if any. */
  autoscaler?: string;
  /** Ordinals in between that no pod has (an Advanced StatefulSet's `reserveOrdinals`). */
  reserved: readonly (readonly [number, number])[];
}

export default defineRule({
  id: 'peer-ordinal-out-of-range',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "Pod names written in the pod template or its ConfigMaps must be within the StatefulSet's ordinals.",
    messages: {
      outOfRange:
        '{{where}} names {{pods}} of StatefulSet `{{set}}`, but its pods are {{range}} ({{why}}), so {{never}}. ' +
        'Remove {{them}} from the value, or {{fix}} so that the pods exist.',
    },
  },
  create: ({ graph, report }) => {
    const seen = new Set<ScannedScalar>();
    return {
      StatefulSet(resource: Resource) {
        // One finding per value and target set, naming the missing pods.
        const groups = new Map<ScannedScalar, Map<Resource, { first: ResolvedReference; pods: Set<string> }>>();
        for (const resolved of podReferencesReadBy(graph, resource, seen)) {
          const { reference, target, scalar } = resolved;
          if (reference.kind !== 'pod' || !isClusterName(graph, reference, target, scalar.resource.namespace)) continue;
          const range = ordinalRange(graph, target);
          if (!range) continue;
          const missing: string[] = [];
          // A range reference (`minio-{0...3}`) is walked only over its missing part, at most LISTED + 1 steps.
          for (let n = reference.first; n <= Math.min(reference.last, range.first - 1) && missing.length <= LISTED; n++) missing.push(`${target.name}-${n}`);
          for (let n = Math.max(reference.first, range.last + 1); n <= reference.last && missing.length <= LISTED; n++) missing.push(`${target.name}-${n}`);
          // An Advanced StatefulSet has no pods at its reserved ordinals.
          for (const [lo, hi] of range.reserved) {
            for (let n = Math.max(lo, reference.first, range.first); n <= Math.min(hi, reference.last, range.last) && missing.length <= LISTED; n++)
              missing.push(`${target.name}-${n}`);
          }
          if (missing.length === 0) continue;
          const byTarget = groups.get(scalar) ?? new Map<Resource, { first: ResolvedReference; pods: Set<string> }>();
          groups.set(scalar, byTarget);
          const group = byTarget.get(target) ?? { first: resolved, pods: new Set<string>() };
          byTarget.set(target, group);
          for (const pod of missing) group.pods.add(pod);
        }
        for (const [scalar, byTarget] of groups) {
          for (const [target, { pods }] of byTarget) {
            const range = ordinalRange(graph, target)!;
            const names = [...pods];
            const shown =
              names.length > LISTED
                ? `${names
                    .slice(0, LISTED)
                    .map((p) => `\`${p}\``)
                    .join(', ')} …`
                : listAnd(names);
            report({
              resource: scalar.resource,
              path: scalar.path,
              messageId: 'outOfRange',
              data: {
                where: capitalize(scalar.where),
                pods: `${names.length === 1 ? 'pod' : 'pods'} ${shown}`,
                set: target.name,
                range:
                  range.last === range.first
                    ? `only \`${target.name}-${range.first}\``
                    : `\`${target.name}-${range.first}\` … \`${target.name}-${range.last}\``,
                why: whyOf(range),
                never: names.length === 1 ? 'it never exists and its name never resolves' : 'they never exist and their names never resolve',
                them: names.length === 1 ? 'it' : 'them',
                fix: range.autoscaler
                  ? `raise \`maxReplicas\` of HorizontalPodAutoscaler \`${range.autoscaler}\``
                  : `change \`spec.replicas\`${range.first > 0 ? ' or `spec.ordinals.start`' : ''}${range.reserved.length > 0 ? ' or `spec.reserveOrdinals`' : ''} of \`${target.name}\``,
              },
            });
          }
        }
      },
    };
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The ordinals the set's pods can have; undefined when it has none on purpose (`replicas: 0`, a parked set) or they are unknown. */
function ordinalRange(graph: ResourceGraph, target: Resource): OrdinalRange | undefined {
  const view = statefulSetView(graph, target);
  const written = asInteger(view.spec?.replicas);
  if (written === 0 || (written === undefined && view.spec?.replicas !== undefined)) return undefined; // parked, or not a number
  const span = ordinalSpan(graph, view);
  if (span.last === Number.POSITIVE_INFINITY) return undefined; // an autoscaler without a known maximum
  const reserved = view.reservedOrdinals.length === 0 ? view.reservedOrdinals : view.reservedOrdinals.filter(([lo, hi]) => hi >= span.first && lo <= span.last);
  return { first: span.first, last: span.last, autoscaler: span.autoscaler?.name, reserved, view, span, written };
}

/** How the range comes about: asked only for the references out of it. */
function whyOf({ view, span, written, reserved }: OrdinalRange): string {
  const reasons: string[] = [];
  const start = span.startIgnored ? 0 : view.startOrdinal;
  if (start > 0) reasons.push(`\`ordinals.start: ${start}\``);
  if (span.autoscaler) reasons.push(`at most ${span.last - span.first + 1} with HorizontalPodAutoscaler \`${span.autoscaler.name}\``);
  else reasons.push(written === undefined ? '`spec.replicas` is not set and defaults to 1' : `\`replicas: ${view.replicas}\``);
  if (span.startIgnored) reasons.push('`ordinals.start` is ignored before Kubernetes 1.27');
  if (reserved.length > 0)
    reasons.push(
      `\`reserveOrdinals\` skips ${listAnd(
        reserved.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)),
        false,
      )}`,
    );
  return reasons.join(', ');
}
