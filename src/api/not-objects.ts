// YAML files and documents that are not Kubernetes API objects although they look like one:
// they carry `apiVersion` (and often `kind`) for another program. Linting them as objects
// would report a missing `metadata.name` on every chart and overlay, so they are skipped like
// any other non-manifest YAML, and counted as skipped documents.

import path from 'node:path';

/** Files that are never objects, by name: Helm charts, Kustomize, Skaffold and Helmfile. */
const FILE_NAMES = new Set([
  'Chart.yaml',
  'Chart.yml',
  'Chart.lock',
  'requirements.yaml',
  'requirements.lock',
  'values.schema.json',
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
  'skaffold.yaml',
  'skaffold.yml',
  'helmfile.yaml',
  'helmfile.yml',
]);

/**
 * API groups of configuration files, not of objects any API server serves: Kustomize, kind,
 * kubeadm, the components' configuration (`kubelet.config.k8s.io`, `kubeproxy.config.k8s.io`,
 * `kubescheduler.config.k8s.io`, `apiserver.config.k8s.io`, …), audit policies, credential
 * plugins, k3d, kpt.
 */
const CONFIG_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'kind.x-k8s.io',
  'kubeadm.k8s.io',
  'audit.k8s.io',
  'apiserver.k8s.io',
  'client.authentication.k8s.io',
  'credentialprovider.kubelet.k8s.io',
  'eventratelimit.admission.k8s.io',
  'k3d.io',
  'kpt.dev',
  'fn.kpt.dev',
  'ctlptl.dev',
]);

export function isNotObjectFile(filePath: string): boolean {
  return FILE_NAMES.has(path.basename(filePath));
}

/** A top-level document that is a configuration file of some tool, by its `apiVersion` and `kind`. */
export function isNotObjectDocument(value: Readonly<Record<string, unknown>>): boolean {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string') return false;
  // kubeconfig files: `apiVersion: v1` and `kind: Config`, a type no API server serves.
  if (apiVersion === 'v1' && kind === 'Config') return true;
  // Helm chart metadata (Chart.yaml under another name): apiVersion v1/v2, name and version, no kind.
  if (kind === undefined && (apiVersion === 'v1' || apiVersion === 'v2') && typeof value.name === 'string' && value.version !== undefined) return true;
  // Skaffold (`skaffold/v4beta11`) and Kustomize built-in plugins (`builtin`) have no group.
  if (apiVersion.startsWith('skaffold/') || apiVersion === 'builtin') return true;
  const slash = apiVersion.indexOf('/');
  if (slash === -1) return false;
  const group = apiVersion.slice(0, slash);
  return CONFIG_GROUPS.has(group) || group.endsWith('.config.k8s.io');
}
