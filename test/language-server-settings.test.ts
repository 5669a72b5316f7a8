// Editor settings over the configuration file, as command-line flags are (src/server/settings.ts).

import { describe, expect, test } from 'vitest';
import type { Config } from '../src/project/config.js';
import { lintOptionsFor, parseSettings } from '../src/server/settings.js';

const config: Config = {
  file: '/repo/.stslint.yaml',
  baseDir: '/repo',
  rules: { 'pdb-missing': 'warning', 'service-missing': 'warning' },
  kubernetesVersion: '1.28',
  namespace: 'apps',
  preset: 'all',
  reportUnusedDisables: true,
};

describe('editor settings', () => {
  test('win over the configuration file; rules merge per rule', () => {
    const { settings } = parseSettings({ kubernetesVersion: '1.30', rules: { 'service-missing': 'off' }, preset: 'recommended', reportUnusedDisables: false });
    expect(lintOptionsFor(config, settings)).toEqual({
      rules: { 'pdb-missing': 'warning', 'service-missing': 'off' },
      kubernetesVersion: '1.30',
      preset: 'recommended',
      namespace: 'apps',
      reportUnusedDisables: false,
    });
  });

  test('unset or empty ones leave the configuration file in force', () => {
    const { settings } = parseSettings({
      enable: true,
      kubernetesVersion: '',
      namespace: '',
      clusterDomain: '',
      preset: '',
      rules: {},
      reportUnusedDisables: null,
    });
    expect(lintOptionsFor(config, settings)).toEqual({
      rules: config.rules,
      kubernetesVersion: '1.28',
      preset: 'all',
      namespace: 'apps',
      reportUnusedDisables: true,
    });
    expect(lintOptionsFor(undefined, settings)).toEqual({ rules: {}, reportUnusedDisables: false });
  });

  test('a setting that is not valid is left out and said once, with what would be valid', () => {
    const { settings, problems } = parseSettings({
      kubernetesVersion: 'latest',
      namespace: 'Not_A_Namespace',
      preset: 'strict',
      rules: { 'service-missin': 'off', 'pdb-missing': 'loud', 'service-missing': 'warn' },
    });
    expect(settings).toEqual({ enable: true, rules: { 'service-missing': 'warning' } });
    expect(problems).toEqual([
      'stslint.kubernetesVersion is "latest", which is not a Kubernetes release such as "1.30"; it is ignored.',
      'stslint.preset is "strict", which is not one of recommended, all; it is ignored.',
      'stslint.namespace is "Not_A_Namespace", which is not a valid namespace name; it is ignored.',
      expect.stringMatching(/^stslint\.rules: unknown rule `service-missin`.*; it is ignored\.$/),
      'stslint.rules: `pdb-missing` is set to "loud"; use error, warning, info, off. It is ignored.',
    ]);
  });

  test('enable: false turns linting off; anything else that is not an object is no settings', () => {
    expect(parseSettings({ enable: false }).settings.enable).toBe(false);
    expect(parseSettings('yes').settings).toEqual({ enable: true, rules: {} });
  });
});
