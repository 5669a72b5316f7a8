import { defineRule } from '../src/engine/rule.js';
import { behavesAt, clusterBehaviour, firstRelease } from '../src/api/facts/index.js';
import { listAnd, listOr, nearMisses } from '../src/shared/text.js';
import { ALPHA_STORAGE_CLASS, BETA_STORAGE_CLASS, claimClass } from '../src/api/storage.js';
import { asRecord, asStringMap } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** Class names listed in a message. */
const LISTED = 5;

export default defineRule({
  id: 'storage-class-missing',
  meta: {
    severity: 'info',
    preset: 'recommended',
    description:
      'A volume claim template should name a StorageClass defined in the input (when it defines any), through `spec.storageClassName` rather than a storage-class annotation.',
    messages: {
      missing:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` asks for StorageClass `{{class}}`, but the manifests define only {{classes}}{{hint}}. If the cluster has no such class either, the claims and pods stay Pending, and no later pod is created. ' +
        'Correct `storageClassName`, or add StorageClass `{{class}}` to the manifests.',
      missingAnnotation:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` asks for StorageClass `{{class}}` through the deprecated annotation `' +
        BETA_STORAGE_CLASS +
        '`, but the manifests define only {{classes}}{{hint}}. If the cluster has no such class either, the claims and pods stay Pending, and no later pod is created. ' +
        'Name an existing class in `spec.storageClassName` instead of the annotation (the annotation wins over the field while it is there).',
      alpha:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` uses the annotation `' +
        ALPHA_STORAGE_CLASS +
        ": {{value}}`, which Kubernetes ignores since {{since}}, whatever the value says: its claims get the cluster's default StorageClass if the cluster has one (and the `DefaultStorageClass` admission plugin on), otherwise no class. " +
        'Remove the annotation, and set `spec.storageClassName` if a particular class is meant.',
    },
  },
  create: ({ graph, report }) => {
    const classes = graph
      .ofType('StorageClass')
      .map((c) => c.name)
      .filter(Boolean);
    const listed =
      classes.length === 1
        ? `StorageClass \`${classes[0]}\``
        : classes.length <= LISTED
          ? `StorageClasses ${listAnd(classes)}`
          : `${classes.length} StorageClasses (${classes
              .slice(0, LISTED)
              .map((c) => `\`${c}\``)
              .join(', ')}, …)`;
    return {
      StatefulSet(resource) {
        const sts = statefulSetView(graph, resource);
        for (const claim of sts.claimTemplates) {
          const data = { claim: claim.name || `#${claim.index + 1}`, set: sts.name };
          const annotations = asStringMap(asRecord(claim.raw.metadata)?.annotations) ?? {};
          const alpha = annotations[ALPHA_STORAGE_CLASS];
          // Before 1.6 the alpha annotation asked for alpha dynamic provisioning, and was read
          // (scripts/data/cluster-behaviour.tsv, kubernetes#40000).
          if (
            alpha !== undefined &&
            annotations[BETA_STORAGE_CLASS] === undefined &&
            behavesAt('alpha-storage-class-ignored', graph.settings.kubernetesVersion)
          ) {
            report({
              resource,
              path: [...claim.path, 'metadata', 'annotations', ALPHA_STORAGE_CLASS],
              on: 'key',
              messageId: 'alpha',
              data: { ...data, value: alpha, since: firstRelease(clusterBehaviour, 'alpha-storage-class-ignored')! },
            });
          }
          const wanted = claimClass(claim.raw);
          // '' asks for pre-provisioned volumes without a class; with no class in the input, nothing can be checked.
          if (!wanted || wanted.name === '' || classes.length === 0 || graph.get('StorageClass', '', wanted.name)) continue;
          const near = nearMisses(wanted.name, classes);
          report({
            resource,
            path: [...claim.path, ...wanted.path],
            messageId: wanted.fromAnnotation ? 'missingAnnotation' : 'missing',
            data: { ...data, class: wanted.name, classes: listed, hint: near.length > 0 ? ` (did you mean ${listOr(near)}?)` : '' },
          });
        }
      },
    };
  },
});
