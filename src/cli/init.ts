// `stslint --init`: writes a commented `.stslint.yaml` in the working directory, every setting
// shown with its default, so that a new user edits rather than reads documentation first.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/usage-error.js';
import { CONFIG_FILE_NAMES, findConfigFile } from '../project/config.js';

export function configTemplate(kubernetesVersion: string): string {
  return `# stslint configuration: https://github.com/stslint/stslint/blob/main/docs/integrations.md#configuration
# yaml-language-server: $schema=https://raw.githubusercontent.com/stslint/stslint/main/schemas/config.schema.json
# Command-line flags win over these settings. Paths are relative to this file.

# Rule levels: error, warning, info or off (\`stslint --list-rules\` lists the rules).
rules: {}
#  pvc-retention-deletes-data: error
#  anti-affinity-missing: off

# Files never linted, not even as context; patterns as in .gitignore.
ignore: []
#  - charts/**/templates/**
#  - "*.tmpl.yaml"

# Namespace of objects that set none (default: default).
# namespace: default

# Cluster DNS domain, for pod DNS names (default: cluster.local).
# clusterDomain: cluster.local

# Target Kubernetes release; quoted, or YAML reads 1.30 as the number 1.3 (default: ${kubernetesVersion}).
# kubernetesVersion: "${kubernetesVersion}"

# Directory whose manifests complete the graph when only some files are named (pre-commit).
# context: .

# Warn about suppression comments and annotations that suppress nothing.
# reportUnusedDisables: true
`;
}

/** Writes the template; refuses when a configuration file already applies here. */
export function writeInitialConfig(cwd: string, kubernetesVersion: string): string {
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => findConfigFile(cwd) === file);
  if (existing) throw new UsageError(`${path.basename(existing)} already exists here; edit it, or remove it first`);
  const file = path.join(cwd, CONFIG_FILE_NAMES[0]);
  try {
    writeFileSync(file, configTemplate(kubernetesVersion), { flag: 'wx' });
  } catch (error) {
    throw new UsageError(`cannot write ${CONFIG_FILE_NAMES[0]} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return file;
}
