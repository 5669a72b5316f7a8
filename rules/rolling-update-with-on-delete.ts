import { defineRule } from '../src/engine/rule.js';
import { updateStrategyType } from '../src/kubernetes/statefulset.js';
import { asRecord } from '../src/shared/value.js';
import { isAtLeast } from '../src/api/version.js';

export default defineRule({
  id: 'rolling-update-with-on-delete',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: '`updateStrategy.rollingUpdate` is only allowed with `type: RollingUpdate`.',
    messages: {
      onDelete:
        'StatefulSet `{{set}}` has `updateStrategy.type: OnDelete`{{defaulted}} and a `rollingUpdate` block, which is "only allowed for updateStrategy \'RollingUpdate\'", so the API server rejects the object. ' +
        'Remove `rollingUpdate`, or set `type: RollingUpdate` if you want its `partition`/`maxUnavailable` to apply.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      // PetSet (apps/v1alpha1) has no `updateStrategy`, and apps/v1beta1 has it only from 1.7: there
      // the API server drops the unknown field instead of validating it (schema-invalid reports it).
      if (resource.kind === 'PetSet' || resource.apiVersion === 'apps/v1alpha1') return;
      if (!isAtLeast(graph.settings.kubernetesVersion, '1.7')) return;
      const strategy = asRecord(asRecord(resource.obj.spec)?.updateStrategy);
      const rollingUpdate = strategy?.rollingUpdate;
      if (rollingUpdate === undefined || rollingUpdate === null) return;
      if (updateStrategyType(resource) !== 'OnDelete') return;
      const defaulted = strategy?.type ? '' : ` (the default of ${resource.apiVersion})`;
      report({ resource, path: ['spec', 'updateStrategy', 'rollingUpdate'], on: 'key', messageId: 'onDelete', data: { set: resource.name, defaulted } });
    },
  }),
});
