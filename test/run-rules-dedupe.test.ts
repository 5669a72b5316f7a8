// runRules reports a fault reached by two visits once, where first reported: the same rule, file,
// position and message. Anything that differs in one of them is kept, in the order reported.

import { describe, expect, it } from 'vitest';
import { runRules } from '../src/engine/run-rules.js';
import { defineRule } from '../src/engine/rule.js';
import { ResourceGraph } from '../src/graph/graph.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';

const TEXT =
  'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\n' +
  'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {ports: [{port: 80}]}\n';

/** A rule that reports, on every Service visit, each of `reports` (message data and path). */
function reporting(id: string, reports: readonly { what: string; path: readonly (string | number)[] }[]) {
  return defineRule({
    id,
    meta: { severity: 'warning', preset: 'recommended', description: 'x', messages: { m: 'problem {{what}}' } },
    create: ({ graph, report }) => ({
      Service: () => {
        // Every visit reports on the first Service: two visits reach the same faults.
        const first = graph.ofType('Service')[0]!;
        for (const r of reports) report({ resource: first, messageId: 'm', data: { what: r.what }, path: r.path });
      },
    }),
  });
}

describe('runRules: a fault reported twice', () => {
  it('is kept once, in the order first reported; other messages, positions and rules are kept', () => {
    const graph = new ResourceGraph(parseSource(createSourceFile('/a.yaml', TEXT)).manifests);
    const one = reporting('rule-one', [
      { what: 'x', path: ['spec', 'ports'] },
      { what: 'y', path: ['spec', 'ports'] },
      { what: 'x', path: ['metadata', 'name'] },
      { what: 'x', path: ['spec', 'ports'] },
    ]);
    const two = reporting('rule-two', [{ what: 'x', path: ['spec', 'ports'] }]);
    const findings = runRules(graph, [
      { rule: one, severity: 'warning' },
      { rule: two, severity: 'warning' },
    ]);
    expect(findings.map((f) => `${f.ruleId} ${f.loc.line}:${f.loc.column} ${f.message}`)).toEqual([
      'rule-one 4:8 problem x',
      'rule-one 4:8 problem y',
      'rule-one 3:18 problem x',
      'rule-two 4:8 problem x',
    ]);
  });
});
