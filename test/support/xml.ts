// A strict well-formedness check for the XML our JUnit formatter writes (elements, attributes,
// text, entity references; no DTD, CDATA or comments), so no XML parser dependency is needed.

const NAME = '[A-Za-z_][\\w.-]*';
const ATTRIBUTE = new RegExp(`\\s+(${NAME})="([^"<]*)"`, 'y');
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/y;

/** Throws with the offset of the first problem. */
export function assertWellFormedXml(xml: string): void {
  if (!XML_CHARS.test(xml)) throw new Error('contains characters XML 1.0 does not allow');
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const open: string[] = [];
  let roots = 0;
  while (i < xml.length) {
    const c = xml[i]!;
    if (c === '<') {
      const close = new RegExp(`</(${NAME})>`, 'y');
      close.lastIndex = i;
      const end = close.exec(xml);
      if (end) {
        if (open.pop() !== end[1]) throw new Error(`unbalanced </${end[1]}> at ${i}`);
        i = close.lastIndex;
        continue;
      }
      const start = new RegExp(`<(${NAME})`, 'y');
      start.lastIndex = i;
      const tag = start.exec(xml);
      if (!tag) throw new Error(`stray < at ${i}`);
      i = start.lastIndex;
      const seen = new Set<string>();
      for (;;) {
        ATTRIBUTE.lastIndex = i;
        const attribute = ATTRIBUTE.exec(xml);
        if (!attribute) break;
        if (seen.has(attribute[1]!)) throw new Error(`attribute ${attribute[1]} twice at ${i}`);
        seen.add(attribute[1]!);
        checkEntities(attribute[2]!, i);
        i = ATTRIBUTE.lastIndex;
      }
      const rest = /\s*(\/?)>/y;
      rest.lastIndex = i;
      const ending = rest.exec(xml);
      if (!ending) throw new Error(`malformed tag <${tag[1]} at ${i}`);
      i = rest.lastIndex;
      if (open.length === 0) roots++;
      if (!ending[1]) open.push(tag[1]!);
      continue;
    }
    const next = xml.indexOf('<', i);
    const text = xml.slice(i, next === -1 ? xml.length : next);
    if (open.length === 0 && text.trim() !== '') throw new Error(`text outside the root at ${i}`);
    checkEntities(text, i);
    i = next === -1 ? xml.length : next;
  }
  if (open.length > 0) throw new Error(`<${open.join('>, <')}> not closed`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

function checkEntities(text: string, at: number): void {
  for (let j = text.indexOf('&'); j !== -1; j = text.indexOf('&', j + 1)) {
    ENTITY.lastIndex = j;
    if (!ENTITY.test(text)) throw new Error(`bare & at ${at + j}`);
  }
}
