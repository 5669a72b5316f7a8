import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import { didYouMean, ipFamily, serviceIps } from '../src/api/validation.js';
import { holds } from '../src/api/release-facts.js';
import { asArray, asRecord } from '../src/shared/value.js';

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

export default defineRule({
  id: 'service-cluster-ips-inconsistent',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "A Service's `clusterIP`, `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` must agree.",
    messages: {
      firstMismatch:
        'Service `{{service}}` has `clusterIP: {{clusterIP}}` but `clusterIPs` starts with `{{first}}`; the API server rejects it ("first value must match `clusterIP`"). ' +
        'Make `clusterIPs[0]` equal to `clusterIP`, or remove `clusterIPs`.',
      listWithoutSingle:
        'Service `{{service}}` sets `clusterIPs` but not `clusterIP`; on create the API server does not fill `clusterIP` from the list and rejects the Service ("must be empty when `clusterIP` is not specified"). ' +
        'Add `clusterIP: {{first}}`, or remove `clusterIPs`.',
      noneNotAlone:
        'Service `{{service}}` lists `None` together with other cluster IPs; the API server rejects it ("\'None\' must be the first and only value"). ' +
        'Use `clusterIPs: [None]` for a headless Service, or only IP addresses for a normal one.',
      invalidIp:
        'Service `{{service}}` has cluster IP `{{ip}}`, which is not an IP address{{hint}}, so the API server rejects it. ' +
        "Use an IP address from the cluster's service range, `None` for a headless Service, or leave it out to have one allocated.",
      tooMany:
        'Service `{{service}}` lists {{count}} cluster IPs, but a Service may hold at most 2 (one per IP family), so the API server rejects it. ' +
        'Keep at most one IPv4 and one IPv6 address.',
      sameFamily:
        'Service `{{service}}` lists two {{family}} cluster IPs; the API server rejects it ("may specify no more than one IP for each IP family"). ' +
        'Keep one IPv4 and at most one IPv6 address.',
      familyValue:
        'Service `{{service}}` lists IP family `{{value}}`{{hint}}, which is not supported ({{problem}}), so the API server rejects it. ' +
        'Use `IPv4` and/or `IPv6`, each at most once.',
      familyMismatch:
        'Service `{{service}}` has cluster IP `{{ip}}` at position {{index}} but `ipFamilies[{{index}}]` is {{family}}; the API server rejects it. ' +
        'Order `ipFamilies` like `clusterIPs`, or fix the address.',
      policyValue:
        'Service `{{service}}` has `ipFamilyPolicy: {{value}}`{{hint}}, which is not supported, so the API server rejects it. ' +
        'Use `SingleStack`, `PreferDualStack` or `RequireDualStack`.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const written = asRecord(service.obj.spec);
      // `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` exist from 1.20 (scripts/data/change-facts.tsv): an
      // older server drops them as unknown fields, so only `clusterIP` is checked there.
      const dualStack = holds('service-ip-families', graph.settings.kubernetesVersion);
      const spec = dualStack || !written ? written : { ...written, clusterIPs: undefined, ipFamilies: undefined, ipFamilyPolicy: undefined };
      const ips = serviceIps(spec);
      // ExternalName Services may set none of these fields (service-headless-type-invalid).
      if (ips.type === 'ExternalName') return;
      const base = { service: service.name };
      const at = (i: number): Path => (ips.fromList ? ['spec', 'clusterIPs', i] : ['spec', 'clusterIP']);

      if (ips.clusterIP !== '' && ips.fromList && ips.clusterIPs[0] !== ips.clusterIP) {
        report({
          resource: service,
          path: ['spec', 'clusterIPs', 0],
          messageId: 'firstMismatch',
          data: { ...base, clusterIP: ips.clusterIP, first: ips.clusterIPs[0]! },
        });
      } else if (ips.clusterIP === '' && ips.fromList) {
        report({ resource: service, path: ['spec', 'clusterIPs'], on: 'key', messageId: 'listWithoutSingle', data: { ...base, first: ips.clusterIPs[0]! } });
      }

      let invalid = false;
      // A governing Service with an invalid `clusterIP` is reported by service-not-headless there.
      const governedSingle = !ips.fromList && graph.governedBy(service).length > 0;
      for (const [i, ip] of ips.effective.entries()) {
        if (ip === 'None' && i === 0) {
          if (ips.effective.length > 1) {
            invalid = true;
            report({ resource: service, path: ['spec', 'clusterIPs'], on: 'key', messageId: 'noneNotAlone', data: base });
          }
          continue;
        }
        if (ipFamily(ip) || governedSingle) continue;
        invalid = true;
        const hint = ip.toLowerCase() === 'none' ? ' (write `None` with a capital N)' : '';
        report({ resource: service, path: at(i), messageId: 'invalidIp', data: { ...base, ip, hint } });
      }
      if (ips.effective.length > 2) {
        report({ resource: service, path: ['spec', 'clusterIPs'], on: 'key', messageId: 'tooMany', data: { ...base, count: ips.effective.length } });
      } else if (!invalid && ips.effective.length === 2 && ipFamily(ips.effective[0]!) === ipFamily(ips.effective[1]!)) {
        report({ resource: service, path: at(1), messageId: 'sameFamily', data: { ...base, family: ipFamily(ips.effective[1]!)! } });
      }

      const families = asArray(spec?.ipFamilies);
      const seen = new Set<unknown>();
      for (const [i, value] of families.entries()) {
        if (typeof value !== 'string') continue;
        const problem = !FAMILIES.includes(value) ? 'only IPv4 and IPv6 exist' : seen.has(value) ? 'it is listed twice' : undefined;
        seen.add(value);
        if (problem)
          report({
            resource: service,
            path: ['spec', 'ipFamilies', i],
            messageId: 'familyValue',
            data: { ...base, value, problem, hint: didYouMean(value, FAMILIES) },
          });
      }
      if (!invalid && !ips.headless) {
        for (const [i, ip] of ips.effective.entries()) {
          const family = families[i];
          if (typeof family === 'string' && FAMILIES.includes(family) && ipFamily(ip) && ipFamily(ip) !== family) {
            report({ resource: service, path: at(i), messageId: 'familyMismatch', data: { ...base, ip, index: i, family } });
          }
        }
      }
      const policy = spec?.ipFamilyPolicy;
      if (typeof policy === 'string' && !POLICIES.includes(policy)) {
        report({
          resource: service,
          path: ['spec', 'ipFamilyPolicy'],
          messageId: 'policyValue',
          data: { ...base, value: policy, hint: didYouMean(policy, POLICIES) },
        });
      }
    },
  }),
});
