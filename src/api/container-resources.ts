// Container `resources` as ValidateContainerResourceRequirements checks them
// (pkg/apis/core/validation): names, quantities, requests against limits.

import type { Path } from '../shared/finding.js';
import { qualifiedNameProblem } from './validation.js';
import { compareQuantities, isWholeQuantity, parseQuantityExact, type ExactQuantity } from './quantity.js';
import { asRecord, shownValue, type JsonRecord } from '../shared/value.js';

export type ResourceProblemKind = 'name' | 'quantity' | 'negative' | 'integer' | 'aboveLimit' | 'notEqualLimit' | 'limitRequired';

export interface ResourceProblem {
  kind: ResourceProblemKind;
  /** Path inside the container. */
  path: Path;
  resource: string;
  detail: string;
}

const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Native resources have no domain or a `kubernetes.io/` one; the others are extended resources (GPUs, …). */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** Extended resources and huge pages cannot be overcommitted: requests must equal limits. */
function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !name.startsWith('hugepages-');
}

function nameProblem(name: string): string | undefined {
  if (!name.includes('/')) {
    if (CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-')) return undefined;
    return 'containers can only request `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>` or an extended resource such as `nvidia.com/gpu`';
  }
  const problem = qualifiedNameProblem(name);
  return problem ? `it is not a valid resource name (${problem})` : undefined;
}

export function containerResourceProblems(container: JsonRecord): ResourceProblem[] {
  const resources = asRecord(container.resources);
  if (!resources) return [];
  const out: ResourceProblem[] = [];
  const parsed: Record<'requests' | 'limits', Map<string, ExactQuantity>> = { requests: new Map(), limits: new Map() };
  for (const group of ['limits', 'requests'] as const) {
    const amounts = asRecord(resources[group]);
    if (!amounts) continue;
    for (const name of Object.keys(amounts)) {
      const raw = amounts[name];
      const badName = nameProblem(name);
      if (badName) out.push({ kind: 'name', path: ['resources', group, name], resource: name, detail: badName });
      if (raw === null || raw === undefined) continue;
      const quantity = parseQuantityExact(raw);
      if (!quantity) {
        out.push({ kind: 'quantity', path: ['resources', group, name], resource: name, detail: `\`${shownValue(raw)}\` is not a quantity` });
        continue;
      }
      if (quantity.numerator < 0n) out.push({ kind: 'negative', path: ['resources', group, name], resource: name, detail: shownValue(raw) });
      else if (!isNative(name) && !isWholeQuantity(quantity))
        out.push({ kind: 'integer', path: ['resources', group, name], resource: name, detail: shownValue(raw) });
      if (!badName) parsed[group].set(name, quantity);
    }
  }
  for (const [name, request] of parsed.requests) {
    const limit = parsed.limits.get(name);
    const path: Path = ['resources', 'requests', name];
    const limitText = String(asRecord(asRecord(resources.limits))?.[name]);
    if (limit === undefined) {
      if (!isOvercommitAllowed(name)) out.push({ kind: 'limitRequired', path, resource: name, detail: '' });
      continue;
    }
    const order = compareQuantities(request, limit);
    if (!isOvercommitAllowed(name) && order !== 0) out.push({ kind: 'notEqualLimit', path, resource: name, detail: limitText });
    else if (order > 0) out.push({ kind: 'aboveLimit', path, resource: name, detail: limitText });
  }
  return out;
}
