import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource, ResourceGraph } from '../src/graph/graph.js';
import { parseQuantity } from '../src/api/quantity.js';
import type { NamedEntry, StatefulSetView } from '../src/kubernetes/statefulset.js';
import { accessModes, claimClass } from '../src/api/storage.js';
import { ordinalSpan } from '../src/kubernetes/ordinals.js';
import { asRecord, asString, getIn } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const ORDINAL_SUFFIX = /-(0|[1-9][0-9]{0,8})$/;
const STORAGE: Path = ['spec', 'resources', 'requests', 'storage'];

interface Difference {
  path: Path;
  text: string;
}

export default defineRule({
  id: 'precreated-claim-mismatch',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "A PersistentVolumeClaim named like a StatefulSet pod's claim is adopted as it is; it should match the volume claim template.",
    messages: {
      mismatch:
        'PersistentVolumeClaim `{{pvc}}` has the name the StatefulSet controller gives the `{{claim}}` claim of pod `{{pod}}`, so the controller uses it as it is, but it differs from volume claim template `{{claim}}` of StatefulSet `{{set}}`: {{differences}}. The controller never updates an existing claim, so pod `{{pod}}` runs on this one. ' +
        'Make the claim match the template, or leave it out and let the controller create it.',
    },
  },
  create: ({ graph, report }) => ({
    PersistentVolumeClaim(pvc) {
      const owner = ownerOf(graph, pvc);
      if (!owner) return;
      const { sts, template, ordinal } = owner;
      const differences = compare(template.raw, pvc.obj);
      if (differences.length === 0) return;
      report({
        resource: pvc,
        path: differences[0]!.path,
        messageId: 'mismatch',
        data: {
          pvc: pvc.name,
          claim: template.name,
          pod: sts.identity.podName(ordinal),
          set: sts.name,
          differences: differences.map((d) => d.text).join('; '),
        },
      });
    },
  }),
});

/**
 * The StatefulSet, claim template and ordinal whose claim name `<claim>-<set>-<ordinal>` this is.
 * Claim and set names both contain dashes, so every split is tried (a name has few dashes).
 */
function ownerOf(graph: ResourceGraph, pvc: Resource): { sts: StatefulSetView; template: NamedEntry; ordinal: number } | undefined {
  const match = ORDINAL_SUFFIX.exec(pvc.name);
  if (!match) return undefined;
  const ordinal = Number(match[1]);
  const prefix = pvc.name.slice(0, match.index);
  for (let dash = prefix.indexOf('-'); dash !== -1; dash = prefix.indexOf('-', dash + 1)) {
    const set = graph.get('StatefulSet', pvc.namespace, prefix.slice(dash + 1));
    if (!set) continue;
    const sts = statefulSetView(graph, set);
    const template = sts.claimTemplates.find((c) => c.name === prefix.slice(0, dash));
    if (template && inRange(graph, sts, ordinal)) return { sts, template, ordinal };
  }
  return undefined;
}

/** Claims of ordinals the set does not have (left from a scale-down) are not in use. */
function inRange(graph: ResourceGraph, sts: StatefulSetView, ordinal: number): boolean {
  const { first, last } = ordinalSpan(graph, sts);
  return ordinal >= first && ordinal <= last && !sts.identity.isReserved(ordinal);
}

function compare(template: Readonly<Record<string, unknown>>, claim: Readonly<Record<string, unknown>>): Difference[] {
  const out: Difference[] = [];
  const wanted = getIn(template, STORAGE);
  const actual = getIn(claim, STORAGE);
  const wantedSize = parseQuantity(wanted);
  const actualSize = parseQuantity(actual);
  if (wantedSize.ok && actualSize.ok && wantedSize.value !== actualSize.value) {
    out.push({ path: STORAGE, text: `it requests \`${String(actual)}\` of storage where the template requests \`${String(wanted)}\`` });
  }
  const wantedClass = claimClass(template);
  const actualClass = claimClass(claim);
  if ((wantedClass?.name ?? null) !== (actualClass?.name ?? null)) {
    out.push({
      path: actualClass?.path ?? ['spec'],
      text: `its StorageClass is ${describeClass(actualClass?.name)} where the template has ${describeClass(wantedClass?.name)}`,
    });
  }
  const wantedModes = [...new Set(accessModes(template))].sort();
  const actualModes = [...new Set(accessModes(claim))].sort();
  if (wantedModes.length > 0 && wantedModes.join() !== actualModes.join()) {
    out.push({
      path: ['spec', 'accessModes'],
      text: `its access modes are ${describeModes(actualModes)} where the template has ${describeModes(wantedModes)}`,
    });
  }
  const wantedMode = asString(asRecord(template.spec)?.volumeMode) ?? 'Filesystem';
  const actualMode = asString(asRecord(claim.spec)?.volumeMode) ?? 'Filesystem';
  if (wantedMode !== actualMode) {
    out.push({ path: ['spec', 'volumeMode'], text: `its \`volumeMode\` is \`${actualMode}\` where the template has \`${wantedMode}\`` });
  }
  return out;
}

function describeClass(name: string | undefined): string {
  return name === undefined ? 'the default class' : name === '' ? 'none (`""`)' : `\`${name}\``;
}

function describeModes(modes: readonly string[]): string {
  return modes.length === 0 ? 'none' : modes.map((m) => `\`${m}\``).join(', ');
}
