// The change between two versions of the manifests: which objects are the same object (kind,
// namespace and name), which were created, deleted, renamed or moved to another namespace.
// Rules read it through `RuleContext.change`; without a base there is none.

import type { Resource, ResourceGraph } from '../graph/graph.js';
import { asRecord } from '../shared/value.js';
import { isAdvancedStatefulSet, KRUISE_GROUP } from '../api/kinds.js';
import { canonical, isLiveObject, type CompareMode } from './compare.js';

/** How the object in the new version relates to the one in the base. */
export type Identity = 'same' | 'renamed' | 'moved' | 'renamed-and-moved';

export interface ObjectPair {
  readonly base: Resource;
  readonly next: Resource;
  readonly identity: Identity;
  /** `subset` when the base was read back from a cluster (see compare.ts). */
  readonly mode: CompareMode;
}

export interface ChangeSet {
  /** How messages name the base version: `HEAD`, `origin/main`, `release-1.4/`. */
  readonly label: string;
  readonly base: ResourceGraph;
  readonly next: ResourceGraph;
  /** Objects present in both versions, changed or not. */
  readonly pairs: readonly ObjectPair[];
  /** Objects of the new version with no counterpart in the base. */
  readonly created: readonly Resource[];
  /** Objects of the base with no counterpart in the new version. */
  readonly deleted: readonly Resource[];
  /** The pair whose new side is `next`. */
  pairOf(next: Resource): ObjectPair | undefined;
  /** Whether a resource belongs to the base version (findings on it are placed in the base file). */
  isBase(resource: Resource): boolean;
}

export interface ChangeScope {
  label: string;
  /**
   * Whether an object of the new version can differ from the base. Objects in files that did
   * not change (git says so) are the same on both sides, and are not compared at all.
   */
  inScope?: (resource: Resource) => boolean;
}

/**
 * Kind, namespace and name: a PetSet and the StatefulSet that replaces it are different objects,
 * and so are a built-in StatefulSet and an OpenKruise Advanced StatefulSet of the same name.
 */
function keyOf(resource: Resource): string {
  return `${resource.type}\u0000${resource.kind}\u0000${isAdvancedStatefulSet(resource) ? KRUISE_GROUP : ''}\u0000${resource.namespace}\u0000${resource.name}`;
}

export function buildChangeSet(base: ResourceGraph, next: ResourceGraph, scope: ChangeScope): ChangeSet {
  const nextByKey = new Map<string, Resource>();
  for (const resource of next.resources) {
    if (resource.type && resource.name && !nextByKey.has(keyOf(resource))) nextByKey.set(keyOf(resource), resource);
  }
  const pairs: ObjectPair[] = [];
  const paired = new Set<Resource>();
  const deleted: Resource[] = [];
  const seenBase = new Set<string>();
  for (const resource of base.resources) {
    if (!resource.type || !resource.name || seenBase.has(keyOf(resource))) continue;
    seenBase.add(keyOf(resource));
    const counterpart = nextByKey.get(keyOf(resource));
    if (counterpart && !paired.has(counterpart)) {
      pairs.push({ base: resource, next: counterpart, identity: 'same', mode: modeOf(resource) });
      paired.add(counterpart);
    } else {
      deleted.push(resource);
    }
  }
  const created = next.resources.filter((r) => r.type && r.name && !paired.has(r) && (scope.inScope?.(r) ?? true) && nextByKey.get(keyOf(r)) === r);
  const renames = pairRenames(deleted, created);
  pairs.push(...renames);
  const renamedBase = new Set(renames.map((p) => p.base));
  const renamedNext = new Set(renames.map((p) => p.next));
  const byNext = new Map(pairs.map((p) => [p.next, p]));
  const baseResources = new Set(base.resources);
  return {
    label: scope.label,
    base,
    next,
    pairs,
    created: created.filter((r) => !renamedNext.has(r)),
    deleted: deleted.filter((r) => !renamedBase.has(r)),
    pairOf: (resource) => byNext.get(resource),
    isBase: (resource) => baseResources.has(resource),
  };
}

function modeOf(base: Resource): CompareMode {
  return isLiveObject(base.obj) ? 'subset' : 'equal';
}

/**
 * A StatefulSet that disappears while one with the same selector (or the same pod template)
 * appears is the same workload under a new name or namespace, not an unrelated deletion and
 * creation: its pods and claims are what the rename affects. Each side pairs at most once,
 * best candidates first.
 */
function pairRenames(deleted: readonly Resource[], created: readonly Resource[]): ObjectPair[] {
  const gone = deleted.filter((r) => r.type === 'StatefulSet');
  const arrived = created.filter((r) => r.type === 'StatefulSet');
  if (gone.length === 0 || arrived.length === 0) return [];
  // Index the arrivals by selector and by template, so that pairing stays linear.
  const bySelector = new Map<string, Resource[]>();
  const byTemplate = new Map<string, Resource[]>();
  const keys = new Map<Resource, { selector: string; template: string }>();
  for (const next of arrived) {
    const k = { selector: selectorKey(next), template: templateKey(next) };
    keys.set(next, k);
    if (k.selector) push(bySelector, k.selector, next);
    if (k.template) push(byTemplate, k.template, next);
  }
  const candidates: { base: Resource; next: Resource; score: number }[] = [];
  for (const base of gone) {
    const selector = selectorKey(base);
    const template = templateKey(base);
    const near = new Set([...(selector ? (bySelector.get(selector) ?? []) : []), ...(template ? (byTemplate.get(template) ?? []) : [])]);
    for (const next of near) {
      if (next.kind !== base.kind || isAdvancedStatefulSet(next) !== isAdvancedStatefulSet(base)) continue;
      const k = keys.get(next)!;
      const sameSelector = selector !== '' && selector === k.selector;
      const sameTemplate = template !== '' && template === k.template;
      const score = (sameSelector ? 4 : 0) + (sameTemplate ? 2 : 0) + (base.namespace === next.namespace ? 1 : 0) + (base.name === next.name ? 1 : 0);
      candidates.push({ base, next, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const used = new Set<Resource>();
  const out: ObjectPair[] = [];
  for (const c of candidates) {
    if (used.has(c.base) || used.has(c.next)) continue;
    used.add(c.base);
    used.add(c.next);
    const identity: Identity = c.base.name === c.next.name ? 'moved' : c.base.namespace === c.next.namespace ? 'renamed' : 'renamed-and-moved';
    out.push({ base: c.base, next: c.next, identity, mode: modeOf(c.base) });
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The selector as the server compares it, as a string; '' when there is none. */
function selectorKey(resource: Resource): string {
  const value = canonical(asRecord(resource.obj.spec)?.selector);
  return value === undefined ? '' : JSON.stringify(value);
}

function templateKey(resource: Resource): string {
  const value = canonical(templateOf(resource));
  return value === undefined ? '' : JSON.stringify(value);
}

/** The pod template without what the server adds to a live object's template metadata. */
function templateOf(resource: Resource): unknown {
  const template = asRecord(asRecord(resource.obj.spec)?.template);
  if (!template) return undefined;
  const metadata = asRecord(template.metadata);
  return { ...template, metadata: metadata ? { labels: metadata.labels, annotations: metadata.annotations } : undefined };
}
