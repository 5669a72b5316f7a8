import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import {
  isClusterName,
  peerIndex,
  podReferencesReadBy,
  spell,
  type ResolvedReference,
  type ScannedScalar,
  type ServiceReference,
  type SrvReference,
} from '../src/kubernetes/peers.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

type Problem = 'noService' | 'wrongService' | 'wrongNamespace' | 'namespaceNotSet' | 'otherNamespace' | 'wrongDomain';

export default defineRule({
  id: 'peer-wrong-service',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      "Pod DNS names must use the governing Service, the StatefulSet's namespace and the cluster domain; a Service name written with a namespace must name the Service's namespace.",
    messages: {
      noService:
        '`{{ref}}` in {{where}} has no Service label: it asks DNS for a Service `{{host}}` in namespace `{{namespace}}`, not for a pod of StatefulSet `{{set}}`, so it never resolves{{more}}. ' +
        'Pod names live under the governing Service: write `{{expected}}`.',
      wrongService:
        '`{{ref}}` in {{where}} looks for pod `{{host}}` under Service `{{service}}`, but StatefulSet `{{set}}` publishes pod names only under its governing Service `{{governing}}` (`spec.serviceName`), so it never resolves{{more}}. ' +
        'Write `{{expected}}`.',
      wrongNamespace:
        '`{{ref}}` in {{where}} looks for pod `{{host}}` in namespace `{{namespace}}`, but StatefulSet `{{set}}` is in namespace `{{actual}}`, so it never resolves{{more}}. ' +
        'Write `{{expected}}`.',
      namespaceNotSet:
        '`{{ref}}` in {{where}} hard-codes namespace `{{namespace}}`, but StatefulSet `{{set}}` sets no `metadata.namespace`: it lands in whatever namespace kubectl targets ({{linted}}), and the name resolves only in `{{namespace}}`{{more}}. ' +
        '{{fix}}.',
      otherNamespace:
        '`{{ref}}` in {{where}} is looked up in namespace `{{from}}`, the namespace of the pods that read it, but StatefulSet `{{set}}` is in namespace `{{actual}}`, so it never resolves{{more}}. ' +
        'Write `{{expected}}`.',
      serviceWrongNamespace:
        '`{{ref}}` in {{where}} looks for Service `{{service}}` in namespace `{{namespace}}`, but Service `{{service}}` is in namespace {{actual}}, so it never resolves{{more}}. ' +
        'Write `{{expected}}`.',
      serviceNamespaceNotSet:
        '`{{ref}}` in {{where}} hard-codes namespace `{{namespace}}`, but Service `{{service}}` sets no `metadata.namespace`: it lands in whatever namespace kubectl targets ({{linted}}), and the name resolves only in `{{namespace}}`{{more}}. ' +
        '{{fix}}.',
      wrongDomain:
        '`{{ref}}` in {{where}} hard-codes the cluster domain `{{domain}}`, but the cluster domain is `{{clusterDomain}}` (`--cluster-domain`), so it never resolves{{more}}. ' +
        'Write `{{expected}}`, or end the name at `.svc` and let the DNS search path add the domain.',
    },
  },
  create: ({ graph, report }) => {
    const seen = new Set<ScannedScalar>();
    const { clusterDomain, namespace: lintedNamespace } = graph.settings;

    /** The first thing wrong with a reference, if any. */
    function problemOf({ scalar, reference, target }: ResolvedReference): Problem | undefined {
      const reader = scalar.resource;
      const governing = statefulSetView(graph, target).serviceName;
      if (governing === undefined || reference.form === 'bare' || !isClusterName(graph, reference, target, reader.namespace)) return undefined;
      if (reference.form === 'no-service') return 'noService';
      if (reference.service !== governing) return 'wrongService';
      if (reference.namespace !== undefined) {
        if (!target.namespaceExplicit) return 'namespaceNotSet';
        if (reference.namespace !== target.namespace) return 'wrongNamespace';
      } else if (target.namespace !== reader.namespace && target.namespaceExplicit && reader.namespaceExplicit) {
        return 'otherNamespace';
      }
      if (reference.domain !== undefined && reference.domain !== clusterDomain) return 'wrongDomain';
      return undefined;
    }

    function dataOf(problem: Problem, { scalar, reference, target }: ResolvedReference, count: number): Record<string, string> {
      const governing = statefulSetView(graph, target).serviceName!;
      // A name that must cross namespaces needs the namespace; `no-service` is respelled in full.
      const form = reference.form === 'no-service' || problem === 'otherNamespace' ? 'qualified' : reference.form;
      const domain = reference.domain === undefined ? undefined : clusterDomain;
      const namespace = reference.namespace ?? '';
      const sameNamespace = scalar.resource.namespace === target.namespace && scalar.resource.namespaceExplicit === target.namespaceExplicit;
      const short = spell(reference.host, governing, target.namespace, 'short', undefined);
      return {
        ref: reference.text,
        where: scalar.where,
        host: reference.host,
        set: target.name,
        service: reference.service ?? '',
        governing,
        namespace,
        actual: target.namespace,
        from: scalar.resource.namespace,
        domain: reference.domain ?? '',
        clusterDomain,
        expected: spell(reference.host, governing, target.namespace, form, domain),
        linted:
          namespace === lintedNamespace
            ? `\`${lintedNamespace}\` only when applied without \`--namespace\``
            : `\`${lintedNamespace}\` as linted, not \`${namespace}\``,
        fix: sameNamespace
          ? `Set \`metadata.namespace: ${namespace}\` on StatefulSet \`${target.name}\` and its Service, or write \`${short}\`, which resolves from every pod of the same namespace`
          : `Set \`metadata.namespace: ${namespace}\` on StatefulSet \`${target.name}\` and its Service`,
        more: count > 1 ? ` (and ${count - 1} more such name${count > 2 ? 's' : ''} in this value)` : '',
      };
    }

    const index = peerIndex(graph);
    const seenServiceScalars = new Set<ScannedScalar>();

    /** Service names written with a namespace (`<svc>.<ns>.svc…`, SRV names) that the Service is not in. */
    function checkServiceNames(resource: Resource): void {
      for (const scalar of index.readBy(resource)) {
        if (seenServiceScalars.has(scalar)) continue;
        seenServiceScalars.add(scalar);
        // Made on the first wrong name: most values have none.
        let found:
          Map<string, { reference: ServiceReference | SrvReference; count: number; messageId: 'serviceWrongNamespace' | 'serviceNamespaceNotSet' }> | undefined;
        for (const reference of scalar.references) {
          if ((reference.kind !== 'service' && reference.kind !== 'srv') || reference.namespace === undefined) continue;
          const services = graph.named('Service', reference.service);
          if (services.length === 0 || services.some((s) => s.namespaceExplicit && s.namespace === reference.namespace)) continue;
          const messageId = services.some((s) => !s.namespaceExplicit) ? 'serviceNamespaceNotSet' : 'serviceWrongNamespace';
          const key = `${messageId}\u0000${reference.service}`;
          found ??= new Map();
          const group = found.get(key);
          if (group) group.count++;
          else found.set(key, { reference, count: 1, messageId });
        }
        if (!found) continue;
        for (const { reference, count, messageId } of found.values()) report(serviceReport(scalar, reference, count, messageId));
      }
    }

    function serviceReport(
      scalar: ScannedScalar,
      reference: ServiceReference | SrvReference,
      count: number,
      messageId: 'serviceWrongNamespace' | 'serviceNamespaceNotSet',
    ): Parameters<typeof report>[0] {
      const services = graph.named('Service', reference.service);
      const namespace = reference.namespace ?? '';
      const target = services.find((s) => s.namespaceExplicit) ?? services[0]!;
      const sameNamespace = scalar.resource.namespace === target.namespace && scalar.resource.namespaceExplicit === target.namespaceExplicit;
      const prefix = reference.kind === 'srv' ? `_${reference.port}._${reference.protocol}.` : '';
      const suffix = reference.form === 'qualified' ? `.svc${reference.domain === undefined ? '' : `.${reference.domain}`}` : '';
      return {
        resource: scalar.resource,
        path: scalar.path,
        messageId,
        data: {
          ref: reference.text,
          where: scalar.where,
          service: reference.service,
          namespace,
          actual: [...new Set(services.map((s) => `\`${s.namespace}\``))].join(' and '),
          expected: `${prefix}${reference.service}.${target.namespace}${suffix}`,
          linted:
            namespace === lintedNamespace
              ? `\`${lintedNamespace}\` only when applied without \`--namespace\``
              : `\`${lintedNamespace}\` as linted, not \`${namespace}\``,
          fix: sameNamespace
            ? `Set \`metadata.namespace: ${namespace}\` on Service \`${reference.service}\` and the objects that use it, or write \`${prefix}${reference.service}\`, which resolves from every pod of the same namespace`
            : `Set \`metadata.namespace: ${namespace}\` on Service \`${reference.service}\``,
          more: count > 1 ? ` (and ${count - 1} more such name${count > 2 ? 's' : ''} in this value)` : '',
        },
      };
    }

    return {
      StatefulSet(resource: Resource) {
        checkServiceNames(resource);
        // One finding per value, problem and target set: a list of peers shares one fix.
        // Made on the first problem: most sets have none.
        let groups: Map<string, { problem: Problem; first: ResolvedReference; count: number }> | undefined;
        let scalarIds: Map<ScannedScalar, number> | undefined;
        for (const resolved of podReferencesReadBy(graph, resource, seen)) {
          const problem = problemOf(resolved);
          if (!problem) continue;
          groups ??= new Map();
          scalarIds ??= new Map();
          if (!scalarIds.has(resolved.scalar)) scalarIds.set(resolved.scalar, scalarIds.size);
          const id = `${scalarIds.get(resolved.scalar)}\u0000${problem}\u0000${resolved.target.namespace}/${resolved.target.name}`;
          const group = groups.get(id);
          if (group) group.count++;
          else groups.set(id, { problem, first: resolved, count: 1 });
        }
        if (!groups) return;
        for (const { problem, first, count } of groups.values()) {
          report({ resource: first.scalar.resource, path: first.scalar.path, messageId: problem, data: dataOf(problem, first, count) });
        }
      },
    };
  },
});
