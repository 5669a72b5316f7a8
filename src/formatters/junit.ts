// `--format junit`: JUnit XML for CI servers (Jenkins, GitLab, Azure Pipelines, CircleCI …).
//
// One <testsuite> per file. In it, one <testcase> per resource and rule that checked it
// (`StatefulSet default/web › service-missing`), so passed checks count too, plus a `parse`
// test case per file (fails on parse errors) and one per other finding without such a check
// (e.g. `unused-disable`). A test case
//   fails (<failure>)  on error findings; <error> when a rule crashed (internal-error);
//   passes             with warnings and infos listed in <system-out>: they do not fail the run either;
//   is skipped         when all its findings are suppressed.

import { INTERNAL_ERROR_ID } from '../engine/run-rules.js';
import { relativePath } from '../shared/paths.js';
import type { LintMessage, LintResult } from '../engine/report.js';
import type { ResourceChecks } from '../engine/checks.js';
import type { ResourceRef } from '../shared/finding.js';
import { oneLine, ruleIdOf } from './common.js';
import type { FormatContext, Formatter } from './formatter.js';

interface TestCase {
  name: string;
  messages: LintMessage[];
  suppressed: LintMessage[];
}

const PARSE_CASE = 'parse';

const junit: Formatter = (results, context) => {
  const checksByFile = new Map<string, ResourceChecks[]>();
  for (const check of context.checks ?? []) {
    const list = checksByFile.get(check.filePath);
    if (list) list.push(check);
    else checksByFile.set(check.filePath, [check]);
  }
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = results.map((result) => {
    const file = relativePath(result.filePath, context.cwd);
    const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const body = [...testCases(result, checksByFile.get(result.filePath) ?? []).values()].map((c) => {
      const { kind, xml } = outcomeOf(c, file, context);
      counts.tests++;
      if (kind === 'failure') counts.failures++;
      else if (kind === 'error') counts.errors++;
      else if (kind === 'skipped') counts.skipped++;
      return `    <testcase classname="${attr(file)}" name="${attr(c.name)}">${xml ? `\n      ${xml}\n    ` : ''}</testcase>\n`;
    });
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
    return `  <testsuite name="${attr(file)}"${countAttributes(counts)}>\n${body.join('')}  </testsuite>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stslint"${countAttributes(total)}>\n${suites.join('')}</testsuites>\n`;
};

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countAttributes(c: Counts): string {
  return ` tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

function testCases(result: LintResult, checks: readonly ResourceChecks[]): Map<string, TestCase> {
  const cases = new Map<string, TestCase>();
  const add = (name: string): TestCase => {
    let c = cases.get(name);
    if (!c) cases.set(name, (c = { name, messages: [], suppressed: [] }));
    return c;
  };
  add(PARSE_CASE);
  for (const check of checks) for (const ruleId of check.rules) add(caseName(check.resource, ruleId));
  for (const m of result.messages) add(m.fatal ? PARSE_CASE : caseName(m.resource, ruleIdOf(m))).messages.push(m);
  for (const m of result.suppressedMessages) add(caseName(m.resource, ruleIdOf(m))).suppressed.push(m);
  return cases;
}

function caseName(resource: ResourceRef | undefined, ruleId: string): string {
  if (!resource) return ruleId;
  const where = resource.namespace ? `${resource.namespace}/` : '';
  return `${resource.kind} ${where}${resource.name} › ${ruleId}`;
}

interface Outcome {
  kind: 'passed' | 'failure' | 'error' | 'skipped';
  /** What goes inside <testcase>. */
  xml: string;
}

function outcomeOf(c: TestCase, file: string, context: FormatContext): Outcome {
  const errors = c.messages.filter((m) => m.level === 'error');
  const others = c.messages.filter((m) => m.level !== 'error');
  const out = others.length > 0 ? `<system-out>${text(others.map((m) => describe(m, file, context)).join('\n'))}</system-out>` : '';
  if (errors.length > 0) {
    const tag = errors.some((m) => m.ruleId === INTERNAL_ERROR_ID) ? ('error' as const) : ('failure' as const);
    const first = errors[0]!;
    const body = text(errors.map((m) => describe(m, file, context)).join('\n'));
    return {
      kind: tag,
      xml: `<${tag} message="${attr(oneLine(first.message))}" type="${attr(ruleIdOf(first))}">${body}</${tag}>${out ? `\n      ${out}` : ''}`,
    };
  }
  if (others.length === 0 && c.suppressed.length > 0) {
    const reasons = c.suppressed
      .flatMap((m) => m.suppressions ?? [])
      .map((s) => s.justification)
      .filter(Boolean);
    return { kind: 'skipped', xml: `<skipped message="${attr(`suppressed${reasons.length > 0 ? `: ${[...new Set(reasons)].join('; ')}` : ''}`)}"/>` };
  }
  return { kind: 'passed', xml: out };
}

function describe(m: LintMessage, file: string, context: FormatContext): string {
  const url = m.ruleId ? context.rulesMeta[m.ruleId]?.docs.url : undefined;
  return `${file}:${m.line}:${m.column}: ${m.level}: ${m.message} [${ruleIdOf(m)}]${url ? `\n  ${url}` : ''}`;
}

// XML 1.0 allows only these characters, even escaped; anything else is dropped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export default junit;
