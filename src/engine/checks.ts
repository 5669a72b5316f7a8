// Which rule checked which resource: reports that count passed checks (JUnit) need the checks
// that found nothing as much as the findings.

import { compareCodePoints } from '../shared/text.js';
import type { ResourceRef } from '../shared/finding.js';
import { refOf, type ResourceGraph } from '../graph/graph.js';
import type { ResourceType } from '../api/kinds.js';
import type { VisitedType } from './rule.js';

export interface ResourceChecks {
  filePath: string;
  resource: ResourceRef;
  /** Ids of the enabled rules that visited this resource, sorted. */
  rules: string[];
}

/** What resourceChecks needs of each resource of the graph: no object, no file text. */
export interface CheckedResource {
  filePath: string;
  ref: ResourceRef;
  type: ResourceType | undefined;
}

/** The graph's resources as resourceChecks reads them, so that a run can keep them after the graph is gone. */
export function checkedResources(graph: ResourceGraph): CheckedResource[] {
  return graph.resources.map((resource) => ({ filePath: resource.manifest.file.path, ref: refOf(resource), type: resource.type }));
}

/** `resources`: the graph's (checkedResources); `coverage`: the resource types each enabled rule visits (as the engine reports them). */
export function resourceChecks(resources: readonly CheckedResource[], coverage: ReadonlyMap<string, readonly VisitedType[]>): ResourceChecks[] {
  const rulesByType = new Map<ResourceType, string[]>();
  // Rules that visit every resource (`'*'`), whatever its kind.
  const everyResource: string[] = [];
  for (const [ruleId, types] of [...coverage].sort(([a], [b]) => compareCodePoints(a, b))) {
    for (const type of types) {
      if (type === '*') everyResource.push(ruleId);
      else rulesByType.set(type, [...(rulesByType.get(type) ?? []), ruleId]);
    }
  }
  const checks: ResourceChecks[] = [];
  for (const resource of resources) {
    const typed = resource.type ? (rulesByType.get(resource.type) ?? []) : [];
    const rules = everyResource.length === 0 ? typed : [...new Set([...typed, ...everyResource])].sort(compareCodePoints);
    if (rules.length > 0) checks.push({ filePath: resource.filePath, resource: resource.ref, rules });
  }
  return checks;
}
