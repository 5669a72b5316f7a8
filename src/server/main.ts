#!/usr/bin/env node
// stslint-language-server: stslint's findings as you type, for any editor that speaks the
// Language Server Protocol. `stslint-language-server --stdio`.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { packageInfo } from '../shared/package-info.js';
import { StslintServer } from './server.js';

const USAGE = `Usage: stslint-language-server --stdio

Speaks the Language Server Protocol on standard input and output. Settings come from the
workspace's .stslint.yaml and from the client (initializationOptions or the \`stslint\`
configuration section: enable, kubernetesVersion, preset, namespace, clusterDomain, rules,
reportUnusedDisables).`;

// Transports vscode-languageserver understands; VS Code's client also passes --clientProcessId.
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;
const ACCEPTED = /^--clientProcessId=\d+$/;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${packageInfo().version}\n`);
} else {
  const unknown = args.find((a) => !TRANSPORT.test(a) && !ACCEPTED.test(a));
  if (unknown !== undefined || !args.some((a) => TRANSPORT.test(a))) {
    process.stderr.write(
      `stslint-language-server: ${unknown !== undefined ? `unknown option ${unknown}` : 'no transport given'}; run it as \`stslint-language-server --stdio\`\n`,
    );
    process.exitCode = 2;
  } else {
    new StslintServer(createConnection(ProposedFeatures.all)).listen();
  }
}
