// src/schema/definitions.ts parses a definition from its own line of schemas/definitions.json when
// first asked for, instead of the whole 220 KB file: a fast path that must give exactly what the
// whole file's JSON.parse gives, for every definition, and must refuse (so that the whole file is
// parsed) any layout where a line would not be one whole entry.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, definitionsByLine, type SchemaNode } from '../src/schema/definitions.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BYTES = readFileSync(path.join(ROOT, 'schemas/definitions.json'));
const TEXT = BYTES.toString('utf8');
const WHOLE = (JSON.parse(TEXT) as { definitions: Record<string, SchemaNode> }).definitions;

/** A definitions file as scripts/gen-schemas.mjs lays it out. */
function generatedText(entries: Record<string, unknown>, head = '  "$schema": "x",\n'): string {
  const lines = Object.entries(entries).map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  return `{\n${head}  "definitions": {\n${lines.join(',\n')}\n  }\n}\n`;
}
const generated = (entries: Record<string, unknown>, head?: string): Buffer => Buffer.from(generatedText(entries, head));
/** `definitionsByLine` of a text. */
const byLineOf = (text: string) => definitionsByLine(Buffer.from(text));

describe('schema definitions read by line', () => {
  it('give every definition of the shipped file exactly as parsing the whole file does', () => {
    const byLine = definitionsByLine(BYTES);
    expect(byLine, 'schemas/definitions.json is in the generated layout').toBeDefined();
    const names = Object.keys(WHOLE);
    expect(names.length).toBeGreaterThan(300);
    for (const name of names) expect(byLine!.get(name), name).toEqual(WHOLE[name]);
    // Through the module's own loader (the package's file), the same, and the same object each time.
    for (const name of names) expect(definition(name), name).toEqual(WHOLE[name]);
    expect(definition('quantity')).toBe(definition('quantity'));
    expect(byLine!.get('no.such.Definition@1.0')).toBeUndefined();
    expect(definition('no.such.Definition@1.0')).toBeUndefined();
  });

  it('read the first, the last and the only entry, and an empty list', () => {
    const entries = { a: { type: 'string' }, 'b.v1.B@1.2': { properties: { x: { $ref: '#/definitions/a' } } }, c: { enum: ['x, y', '": ', 1, 'café ☃'] } };
    const byLine = definitionsByLine(generated(entries))!;
    for (const [name, value] of Object.entries(entries)) expect(byLine.get(name)).toEqual(value);
    expect(definitionsByLine(generated({ only: { type: 'integer' } }))!.get('only')).toEqual({ type: 'integer' });
    expect(definitionsByLine(generated({}))?.get('a')).toBeUndefined();
    expect(definitionsByLine(generated(entries, ''))!.get('a')).toEqual({ type: 'string' });
  });

  it('refuse any other layout, so that the whole file is parsed', () => {
    const entries = { a: { type: 'string' }, b: { type: 'integer' } };
    const text = generatedText(entries);
    // Pretty-printed, minified, an escaped or repeated name, other members.
    expect(byLineOf(JSON.stringify({ definitions: entries }, null, 2))).toBeUndefined();
    expect(byLineOf(JSON.stringify({ definitions: entries }))).toBeUndefined();
    expect(definitionsByLine(generated({ 'a"b': {}, b: {} }))).toBeUndefined();
    expect(definitionsByLine(generated({ 'a\\b': {} }))).toBeUndefined();
    expect(byLineOf(text.replace('"b":', '"a":'))).toBeUndefined();
    expect(byLineOf(text.replace('  "definitions"', '  "other": 1,\n  "definitions"'))).toBeUndefined();
    expect(byLineOf(text.replace('\n  }\n}', '\n  },\n  "after": 1\n}'))).toBeUndefined();
  });

  it('hand over to the whole file when a line is not one value', () => {
    // Two entries on one line: the line of `a` holds more than its value.
    const byLine = byLineOf(generatedText({ a: { type: 'string' }, b: { type: 'integer' } }).replace('},\n    "b"', '}, "b"'))!;
    expect(byLine.get('a')).toEqual({ type: 'string' });
    expect(byLine.get('b')).toEqual({ type: 'integer' });
  });
});
