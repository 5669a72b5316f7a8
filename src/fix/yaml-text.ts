// How fixes write YAML text, shared by the `yaml`-document path (text-edits.ts) and the line
// path (fast-edits.ts), so that both write the same characters.

/** A string as a YAML flow scalar: plain when YAML 1.1 reads it back as the same string, else double-quoted. */
export function yamlString(value: string): string {
  const plainSafe = /^[A-Za-z0-9_][-A-Za-z0-9_./]*$/.test(value);
  const special = /^(y|yes|n|no|true|false|on|off|null|~)$/i.test(value) || /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(value) || /^0[xob]/i.test(value);
  return plainSafe && !special ? value : JSON.stringify(value);
}

/** Block YAML (as stringify ends it, with one line break) with every line at `column`, in the file's line ends. */
export function indentedBlock(yaml: string, column: string, eol: string): string {
  return yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${column}${line}`)
    .join(eol)
    .concat(eol);
}
