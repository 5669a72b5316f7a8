// Which documents the extension starts the language server for: YAML or JSON that holds a
// Kubernetes object. Every object has `apiVersion` and `kind`; in YAML they are keys at the
// top of a document (a `List` too), in JSON quoted keys anywhere. A workflow file, a Compose
// file or package.json never starts the server.

const YAML_API_VERSION = /^(?:apiVersion|"apiVersion"|'apiVersion')[ \t]*:/m;
const YAML_KIND = /^(?:kind|"kind"|'kind')[ \t]*:/m;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;

export function holdsKubernetesObject(text: string): boolean {
  return (YAML_API_VERSION.test(text) && YAML_KIND.test(text)) || (JSON_API_VERSION.test(text) && JSON_KIND.test(text));
}

/** The language ids the extension lints. */
export const LANGUAGES = ['yaml', 'json'] as const;
