// The outline of a Helm template: the YAML keys and sequence items it writes, found by
// indentation with the `{{ }}` actions set aside. Templates are not YAML until rendered, so they
// cannot be parsed as YAML; their indentation, though, is the rendered object's: a key written
// at `      serviceName:` is `spec.serviceName` whatever its value expression prints. What the
// actions print is kept as references: the values paths a line reads (`.Values.x`, `.x` inside
// `with .Values.foo`, variables bound to values) and the helpers it includes, so that a rendered
// value can be traced to the values line a user edits.

/** One key, sequence item or printed block of a template. */
export interface TemplateNode {
  kind: 'root' | 'key' | 'item' | 'insertion';
  /** The key as written; undefined for a key that an action prints (`{{ $k }}:`). */
  key?: string;
  /** 1-based line; the column where the key, dash or action starts. */
  line: number;
  column: number;
  endColumn: number;
  /** Column (0-based) of the node's own token: what deeper lines are compared with. */
  indent: number;
  /** The text after `key:` or `- `, actions included. */
  value: string;
  /** Values paths the value reads, in the order written. */
  refs: string[][];
  /** Helpers the value includes (`include "name"`, `template "name"`). */
  helpers: string[];
  /** Its children are printed by an action (`key: {{- toYaml .Values.x | nindent 4 }}`) or it is such an action. */
  opaque: boolean;
  /** Inside `range`: one node of the template may print many. */
  repeated: boolean;
  /** Values paths the enclosing `if`/`with` blocks test, outermost first: what decides whether it is printed. */
  conditions: string[][];
  children: TemplateNode[];
}

/** A `define`d helper: the values it reads and the helpers it includes. */
export interface HelperDefinition {
  refs: string[][];
  helpers: string[];
}

type Scope = { kind: 'root' } | { kind: 'values'; path: string[] } | { kind: 'unknown' };

interface Frame {
  /** Values paths this block's own `if`/`with` tests, and those of the blocks around it. */
  conditions: string[][];
  /** What `.` is inside the block. */
  dot: Scope;
  repeated: boolean;
}

const ACTION = /\{\{-?([\s\S]*?)-?\}\}/g;
const KEY_LINE = /^(?:"([^"]*)"|'([^']*)'|([^\s#'"{][^:#]*?|\{\{[^}]*\}\}[^:]*?))\s*:(?:\s+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;
const BUILTIN_ROOTS = new Set(['Values', 'Release', 'Chart', 'Capabilities', 'Template', 'Files', 'Subcharts']);

/** The outline of a template file's text. */
export function parseTemplate(text: string): TemplateNode {
  const root = node('root', 0, 1, 0, '');
  root.indent = -1;
  const stack: TemplateNode[] = [root];
  const frames: Frame[] = [{ dot: { kind: 'root' }, repeated: false, conditions: [] }];
  const variables = new Map<string, Scope>();
  /** Lines deeper than this belong to a block scalar (`key: |`) and hold no keys. */
  let blockScalarIndent: number | undefined;

  for (const { line, text: raw } of logicalLines(text)) {
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) continue;
    const frame = frames[frames.length - 1]!;

    // A line of actions only: control flow, or a block printed at an indentation.
    const actions = actionsOnly(content);
    if (actions) {
      for (const action of actions) {
        const control = controlOf(action);
        if (control === 'end') {
          if (frames.length > 1) frames.pop();
        } else if (control) {
          const dot = control.kind === 'with' || control.kind === 'range' ? scopeOf(control.expression, frame.dot, variables) : frame.dot;
          if (control.kind === 'range') bindRangeVariables(control.expression, frame.dot, variables);
          const tested = control.kind === 'if' || control.kind === 'with' ? referencesIn(control.expression, frame.dot, variables) : [];
          frames.push({
            dot: control.kind === 'define' ? { kind: 'unknown' } : dot,
            repeated: frame.repeated || control.kind === 'range',
            conditions: [...frame.conditions, ...tested],
          });
        } else {
          bindVariable(action, frame.dot, variables);
          const printed = printIndent(action);
          if (printed !== undefined && blockScalarIndent !== undefined && printed <= blockScalarIndent) blockScalarIndent = undefined;
          if (printed !== undefined && blockScalarIndent === undefined && /\b(include|template|toYaml|tpl|toJson)\b/.test(action)) {
            const parent = parentFor(stack, printed, 'any');
            const inserted = node('insertion', line, indent + 1, printed, content);
            inserted.endColumn = indent + content.length + 1;
            inserted.opaque = true;
            inserted.repeated = frame.repeated;
            inserted.conditions = frame.conditions;
            addRefs(inserted, content, frame.dot, variables);
            parent.children.push(inserted);
          }
        }
      }
      continue;
    }
    if (blockScalarIndent !== undefined) {
      if (indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }

    const isItem = content === '-' || content.startsWith('- ');
    const parent = parentFor(stack, indent, isItem ? 'item' : 'key');
    let owner = parent;
    let rest = content;
    let restIndent = indent;
    if (isItem) {
      const item = node('item', line, indent + 1, indent, content.slice(1).trim());
      item.endColumn = indent + content.length + 1;
      item.repeated = frame.repeated;
      item.conditions = frame.conditions;
      parent.children.push(item);
      stack.push(item);
      owner = item;
      rest = content.slice(1).trimStart();
      restIndent = indent + (content.length - rest.length);
      if (rest === '') continue;
    }
    const key = KEY_LINE.exec(rest);
    if (isItem && BLOCK_SCALAR.test(rest)) blockScalarIndent = indent;
    if (!key || rest.startsWith('- ')) {
      // A scalar item (`- {{ . | quote }}`), or a line we do not read: its refs go to the item.
      if (isItem) addRefs(owner, rest, frame.dot, variables);
      continue;
    }
    const name = key[1] ?? key[2] ?? key[3]!;
    const value = (key[4] ?? '').trim();
    const entry = node('key', line, restIndent + 1, restIndent, value);
    if (!name.includes('{{')) entry.key = name;
    entry.endColumn = indent + content.length + 1;
    entry.repeated = frame.repeated;
    entry.conditions = frame.conditions;
    addRefs(entry, value, frame.dot, variables);
    // `key: {{- include … | nindent 4 }}`: the action prints the key's children.
    if (printIndent(value) !== undefined || /^\{\{-?\s*toYaml\b/.test(value)) entry.opaque = true;
    if (BLOCK_SCALAR.test(value)) blockScalarIndent = restIndent;
    owner.children.push(entry);
    stack.push(entry);
  }
  return root;
}

/** The helpers `define`d in a file: what each reads and includes. */
export function parseDefinitions(text: string): Map<string, HelperDefinition> {
  const definitions = new Map<string, HelperDefinition>();
  // Bodies hold nested `end`s; a body is taken up to the next `define` instead.
  const starts = [...text.matchAll(/\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g)];
  starts.forEach((start, i) => {
    const from = start.index + start[0].length;
    const to = starts[i + 1]?.index ?? text.length;
    const body = text.slice(from, to);
    const entry = node('root', 0, 1, 0, '');
    addRefs(entry, body, { kind: 'unknown' }, new Map());
    definitions.set(start[1]!, { refs: entry.refs, helpers: entry.helpers });
  });
  return definitions;
}

function node(kind: TemplateNode['kind'], line: number, column: number, indent: number, value: string): TemplateNode {
  return { kind, line, column, endColumn: column, indent, value, refs: [], helpers: [], opaque: false, repeated: false, conditions: [], children: [] };
}

/**
 * The node a line at `indent` belongs under. A sequence may sit at its key's own indentation
 * (`containers:` then `- name:` in the same column), so an item at the key's column is its child.
 */
function parentFor(stack: TemplateNode[], indent: number, kind: 'key' | 'item' | 'any'): TemplateNode {
  while (stack.length > 1) {
    const top = stack[stack.length - 1]!;
    if (top.indent < indent) break;
    // …unless the key's items were written deeper: then this line is the key's sibling.
    if (top.indent === indent && kind !== 'key' && top.kind === 'key' && top.value === '' && !top.opaque && top.children.every((c) => c.indent === indent))
      break;
    stack.pop();
  }
  return stack[stack.length - 1]!;
}

/** Template lines joined where an action spans lines, each with its first line's number. */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let joined = lines[i]!.replace(/\r$/, '');
    while (unclosedAction(joined) && i + 1 < lines.length) joined += ' ' + lines[++i]!.replace(/\r$/, '').trim();
    yield { line: first + 1, text: joined };
  }
}

function unclosedAction(text: string): boolean {
  return text.lastIndexOf('{{') > text.lastIndexOf('}}');
}

/** The actions of a line made of actions only, else undefined. */
function actionsOnly(content: string): string[] | undefined {
  if (!content.startsWith('{{')) return undefined;
  const actions: string[] = [];
  let rest = content;
  while (rest.startsWith('{{')) {
    const end = rest.indexOf('}}');
    if (end === -1) return undefined;
    actions.push(rest.slice(2, end).replace(/^-/, '').replace(/-$/, '').trim());
    rest = rest.slice(end + 2).trim();
  }
  return rest === '' ? actions : undefined;
}

type Control = { kind: 'if' | 'with' | 'range' | 'define' | 'block'; expression: string } | 'end' | undefined;

function controlOf(action: string): Control {
  if (action.startsWith('/*')) return undefined;
  const match = /^(if|with|range|define|block|end|else)\b\s*([\s\S]*)$/.exec(action);
  if (!match) return undefined;
  if (match[1] === 'end') return 'end';
  if (match[1] === 'else') return undefined; // `else`, `else if`: the same block goes on
  return { kind: match[1] as 'if', expression: match[2]! };
}

/** `nindent N` / `indent N`: the column an action's output starts at. */
function printIndent(text: string): number | undefined {
  const match = /\|\s*n?indent\s+(\d+)\s*-?\}?\}?/.exec(text) ?? /\bn?indent\s+(\d+)\b/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** What `.` becomes inside `with X` / `range X`. */
function scopeOf(expression: string, dot: Scope, variables: Map<string, Scope>): Scope {
  const target = expression.includes(':=') ? expression.split(':=')[1]!.trim() : expression.trim();
  const refs = referencesIn(target, dot, variables);
  return refs.length === 1 ? { kind: 'values', path: refs[0]! } : { kind: 'unknown' };
}

/** `range $k, $v := .Values.x`: `$v` stands for the list (we do not know which element). */
function bindRangeVariables(expression: string, dot: Scope, variables: Map<string, Scope>): void {
  const match = /^\s*(\$\w+)(?:\s*,\s*(\$\w+))?\s*:=\s*(.*)$/.exec(expression);
  if (!match) return;
  const refs = referencesIn(match[3]!, dot, variables);
  const element: Scope = refs.length === 1 ? { kind: 'values', path: refs[0]! } : { kind: 'unknown' };
  if (match[2]) {
    variables.set(match[1]!, { kind: 'unknown' });
    variables.set(match[2], element);
  } else {
    variables.set(match[1]!, element);
  }
}

/** `$x := .Values.foo`: later `$x.bar` reads `foo.bar`. */
function bindVariable(action: string, dot: Scope, variables: Map<string, Scope>): void {
  const match = /^(\$\w+)\s*:?=\s*(.*)$/.exec(action);
  if (!match) return;
  const refs = referencesIn(match[2]!, dot, variables);
  variables.set(match[1]!, refs.length === 1 && /^\(?\s*[$.]/.test(match[2]!) ? { kind: 'values', path: refs[0]! } : { kind: 'unknown' });
}

function addRefs(target: TemplateNode, text: string, dot: Scope, variables: Map<string, Scope>): void {
  for (const match of text.matchAll(ACTION)) {
    const action = match[1]!.trim();
    if (action.startsWith('/*')) continue;
    target.refs.push(...referencesIn(action, dot, variables));
    for (const helper of action.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)) target.helpers.push(helper[1]!);
  }
}

/**
 * The values paths an action reads: `.Values.a.b` (also through `$.Values`, `.context.Values`,
 * `$root.Values`), `.a.b` and `.` when `.` is a values path, `$v.a` for a variable bound to one.
 */
export function referencesIn(action: string, dot: Scope, variables: ReadonlyMap<string, Scope>): string[][] {
  const refs: { at: number; path: string[] }[] = [];
  const taken: [number, number][] = [];
  const segments = (text: string) => text.split('.').filter((s) => s !== '');
  const code = action.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, (s) => ' '.repeat(s.length));
  for (const m of code.matchAll(/\.Values((?:\.[A-Za-z_][\w-]*)*)/g)) {
    refs.push({ at: m.index, path: segments(m[1]!) });
    taken.push([m.index, m.index + m[0].length]);
  }
  const inTaken = (at: number) => taken.some(([a, b]) => at >= a && at < b);
  for (const m of code.matchAll(/(\$\w*)?((?:\.[A-Za-z_]\w*)+|\.(?![\w.]))/g)) {
    if (inTaken(m.index) || (m.index > 0 && /[\w)\]]/.test(code[m.index - 1]!))) continue;
    const tail = m[2] === '.' ? [] : segments(m[2]!);
    if (m[1] !== undefined) {
      const bound = variables.get(m[1]);
      if (bound?.kind === 'values') refs.push({ at: m.index, path: [...bound.path, ...tail] });
      continue;
    }
    if (tail.length > 0 && BUILTIN_ROOTS.has(tail[0]!)) continue;
    if (dot.kind === 'values') refs.push({ at: m.index, path: [...dot.path, ...tail] });
  }
  return refs.sort((a, b) => a.at - b.at).map((r) => r.path);
}
