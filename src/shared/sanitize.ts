// Text from manifests (names, values, file names) ends up in terminals, CI logs and editors.
// Control characters and bidirectional overrides are shown as visible escapes, so a manifest
// cannot move the cursor, recolour the output, forge a hyperlink or reorder what a reader sees.

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16).padStart(2, '0')}}`);
}
