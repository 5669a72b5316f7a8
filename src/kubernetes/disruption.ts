// PodDisruptionBudgets and the workloads they protect: which budget selects which pods, and
// which budget, selecting nothing, was evidently written for a StatefulSet (see `BudgetIntent`).
// Computed once per graph, on first use, in time linear in the input but for budgets whose
// selectors have no `In`/`matchLabels` requirement (those are checked against their namespace).

import { derivedFromGraph } from '../graph/derived.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { parseLabelSelector, requirementMatches, type Requirement } from '../api/labels.js';
import { isRecord } from '../shared/value.js';
import { push, workloadsOf, type PodSelection, type Workload, type WorkloadIndex } from './workloads.js';

/** A budget's selector as the disruption controller reads it. */
export type BudgetSelector =
  | { readonly kind: 'selects'; readonly selection: PodSelection }
  /** Selects no pod: `missing` (null selector), `empty` (policy/v1beta1 `{}`), `invalid`. */
  | { readonly kind: 'none'; readonly reason: 'missing' | 'empty' | 'invalid' };

export function budgetSelector(pdb: Resource): BudgetSelector {
  const raw = isRecord(pdb.obj.spec) ? pdb.obj.spec.selector : undefined;
  if (raw === undefined || raw === null) return { kind: 'none', reason: 'missing' };
  if (!isRecord(raw)) return { kind: 'none', reason: 'invalid' };
  const parsed = parseLabelSelector(raw);
  if (parsed.kind === 'invalid') return { kind: 'none', reason: 'invalid' };
  if (parsed.kind === 'empty') {
    // policy/v1: `{}` selects every pod of the namespace; policy/v1beta1: none (API reference of both).
    return pdb.version === 'v1beta1' ? { kind: 'none', reason: 'empty' } : { kind: 'selects', selection: { all: true } };
  }
  return { kind: 'selects', selection: { all: false, requirements: parsed.requirements } };
}

/**
 * Why a budget that selects no pod of the input is taken to be meant for a StatefulSet that no
 * other budget protects:
 * - `labels`: same namespace, and one of its `In`/`matchLabels` pairs is a label of the set's pods
 *   (e.g. it asks for `app=zk, tier=db` and the pods are `app=zk`);
 * - `name`: same namespace, its name is the set's name, or the set's name plus or after a `-`
 *   part (`zk-pdb`, `zk-budget`, `pdb-zk`), and it has no selector or selects on a label key the
 *   set's pods carry (e.g. `app=zookeeper` for pods `app=zk`);
 * - `namespace`: its selector selects the set's pods but it lives in another namespace.
 */
export interface BudgetIntent {
  readonly set: Resource;
  readonly because: 'labels' | 'name' | 'namespace';
  /** The first requirement the set's pods fail (`labels` and `name` with a selector). */
  readonly failing: Requirement | undefined;
}

export class DisruptionFacts {
  private readonly selected = new Map<Resource, Workload[]>();
  private readonly budgets = new Map<Resource, Resource[]>();
  private readonly intents = new Map<Resource, BudgetIntent>();
  private readonly misdirected = new Map<Resource, Resource[]>();

  constructor(private readonly graph: ResourceGraph) {
    const workloads = workloadsOf(graph);
    const pdbs = graph.ofType('PodDisruptionBudget');
    for (const pdb of pdbs) {
      const selector = budgetSelector(pdb);
      const selected = selector.kind === 'selects' ? workloads.selectedBy(selector.selection, pdb.namespace) : [];
      this.selected.set(pdb, selected);
      for (const workload of selected) push(this.budgets, workload.resource, pdb);
    }
    // Intent needs every budget's selection first (the `namespace` case asks about other budgets).
    for (const pdb of pdbs) {
      if ((this.selected.get(pdb) ?? []).length > 0) continue;
      const intent = this.findIntent(pdb, budgetSelector(pdb), workloads);
      if (!intent) continue;
      this.intents.set(pdb, intent);
      push(this.misdirected, intent.set, pdb);
    }
  }

  /** Workloads whose pods the budget selects (in its namespace). */
  selectedBy(pdb: Resource): readonly Workload[] {
    return this.selected.get(pdb) ?? [];
  }

  /** Budgets that select the workload's pods. */
  budgetsFor(workload: Resource): readonly Resource[] {
    return this.budgets.get(workload) ?? [];
  }

  /** For a budget that selects no pod of the input: the StatefulSet it was evidently meant for. */
  intentOf(pdb: Resource): BudgetIntent | undefined {
    return this.intents.get(pdb);
  }

  /** Budgets evidently meant for this StatefulSet that select none of its pods. */
  misdirectedBudgets(set: Resource): readonly Resource[] {
    return this.misdirected.get(set) ?? [];
  }

  private findIntent(pdb: Resource, selector: BudgetSelector, workloads: WorkloadIndex): BudgetIntent | undefined {
    const requirements = selector.kind === 'selects' && !selector.selection.all ? selector.selection.requirements : [];
    const failingFor = (set: Resource) => requirements.find((r) => !requirementMatches(r, workloads.of(set)?.podLabels ?? {}));
    // A set another budget already protects is not what a stray budget was written for.
    const unprotected = (set: Resource) => this.budgetsFor(set).length === 0;

    for (const r of requirements) {
      if (r.operator !== 'In') continue;
      for (const value of r.values) {
        const set = workloads.withLabel(pdb.namespace, r.key, value).find((w) => w.resource.type === 'StatefulSet' && unprotected(w.resource));
        if (set) return { set: set.resource, because: 'labels', failing: failingFor(set.resource) };
      }
    }

    for (const name of nameCandidates(pdb.name)) {
      const set = this.graph.get('StatefulSet', pdb.namespace, name);
      if (!set || !unprotected(set)) continue;
      const labels = workloads.of(set)?.podLabels ?? {};
      const sharesKey = requirements.some((r) => Object.prototype.hasOwnProperty.call(labels, r.key));
      if (selector.kind === 'none' ? selector.reason !== 'invalid' : sharesKey) {
        return { set, because: 'name', failing: failingFor(set) };
      }
    }

    if (selector.kind === 'selects' && !selector.selection.all) {
      const elsewhere = workloads
        .selectedBy(selector.selection, undefined)
        .find((w) => w.resource.type === 'StatefulSet' && w.resource.namespace !== pdb.namespace && unprotected(w.resource));
      if (elsewhere) return { set: elsewhere.resource, because: 'namespace', failing: undefined };
    }
    return undefined;
  }
}

/** Names a budget named `name` may be meant for: itself and its `-`-separated prefixes and suffixes. */
function nameCandidates(name: string): string[] {
  const parts = name.split('-');
  const out = new Set<string>([name]);
  for (let i = 1; i < parts.length; i++) {
    out.add(parts.slice(0, i).join('-'));
    out.add(parts.slice(i).join('-'));
  }
  out.delete('');
  return [...out];
}

/** The disruption facts of a graph, built on first use. */
export const disruptionFacts = derivedFromGraph((graph) => new DisruptionFacts(graph));
