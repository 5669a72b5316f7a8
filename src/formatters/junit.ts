// `--format junit`: JUnit XML for CI servers (Jenkins, GitLab, Azure Pipelines, CircleCI …),
// shaped as kubeconform's: one <testsuite> per file, one <testcase> per resource in it
// (`StatefulSet default/web`), plus a `file` test case when the file has findings that belong to
// no resource (parse errors, unused suppressions). A test case
//   fails (<failure>)  on error findings; <error> when a rule crashed (internal-error);
//   passes             with warnings and infos listed in <system-out>: they do not fail the run either;
//   is skipped         when all its findings are suppressed.
// Attributes CI servers read: `file` (GitLab links the file), `time` (Jenkins requires it; the
// checks are not timed one by one, so cases have 0 and <testsuites> the run's time), and a
// `classname` without dots: Jenkins reads the text before the last dot as a package name, so
// `k8s/db.yaml` would show as class `yaml` of package `k8s/db`.

import { INTERNAL_ERROR_ID } from '../engine/run-rules.js';
import { relativePath } from '../shared/paths.js';
import type { LintMessage, LintResult } from '../engine/report.js';
import type { ResourceChecks } from '../engine/checks.js';
import type { ResourceRef } from '../shared/finding.js';
import { oneLine, relatedPlaces, ruleIdOf } from './common.js';
import type { FormatContext, Formatter } from './formatter.js';

interface TestCase {
  name: string;
  messages: LintMessage[];
  suppressed: LintMessage[];
}

const FILE_CASE = 'file';

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
    const classname = file.replace(/\./g, '_');
    const body = [...testCases(result, checksByFile.get(result.filePath) ?? []).values()].map((c) => {
      const { kind, xml } = outcomeOf(c, file, context);
      counts.tests++;
      if (kind === 'failure') counts.failures++;
      else if (kind === 'error') counts.errors++;
      else if (kind === 'skipped') counts.skipped++;
      return `    <testcase classname="${attr(classname)}" name="${attr(c.name)}" file="${attr(file)}" time="0">${xml ? `\n      ${xml}\n    ` : ''}</testcase>\n`;
    });
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
    return `  <testsuite name="${attr(file)}"${countAttributes(counts)} time="0" file="${attr(file)}">\n${body.join('')}  </testsuite>\n`;
  });
  const time = ((context.elapsedMs ?? 0) / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stslint"${countAttributes(total)} time="${time}">\n${suites.join('')}</testsuites>\n`;
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
  for (const check of checks) if (check.rules.length > 0) add(caseName(check.resource));
  for (const m of result.messages) add(m.fatal ? FILE_CASE : caseName(m.resource)).messages.push(m);
  for (const m of result.suppressedMessages) add(caseName(m.resource)).suppressed.push(m);
  return cases;
}

function caseName(resource: ResourceRef | undefined): string {
  if (!resource) return FILE_CASE;
  const where = resource.namespace ? `${resource.namespace}/` : '';
  return `${resource.kind} ${where}${resource.name}`;
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
  const related = relatedPlaces(m, context.cwd).map((place) => `\n  ${place}`);
  return `${file}:${m.line}:${m.column}: ${m.level}: ${m.message} [${ruleIdOf(m)}]${related.join('')}${url ? `\n  ${url}` : ''}`;
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
