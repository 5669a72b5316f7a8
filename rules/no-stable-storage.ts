import { defineRule } from '../src/engine/rule.js';
import { isPersistentVolumeSource } from '../src/api/storage.js';
import { asRecord, asString, getIn } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'no-stable-storage',
  meta: {
    severity: 'info',
    preset: 'recommended',
    description: 'A StatefulSet without volume claim templates or other persistent volumes gives its pods a stable identity but no stable storage.',
    messages: {
      emptyDir:
        'StatefulSet `{{set}}` has no volume claim templates and keeps {{mountPath}} on `emptyDir` volume `{{volume}}`, which is erased whenever a pod is deleted, evicted or rescheduled, so a restarted member comes back empty. ' +
        'If the data must survive, replace the volume with a volume claim template named `{{volume}}`; if not, a Deployment may fit better.',
      none:
        'StatefulSet `{{set}}` has no volume claim templates and mounts no persistent volume, so its pods keep a stable identity but nothing they write survives a restart. ' +
        'Add `volumeClaimTemplates` for the data that must survive; if nothing must, a Deployment may fit better.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (sts.claimTemplates.length > 0) return;
      const mounted = new Map<string, string>();
      for (const container of sts.containers) {
        if (container.group !== 'containers') continue;
        for (const ref of container.volumeRefs) {
          const mountPath = asString(asRecord(getIn(resource.obj, ref.path.slice(0, -1)))?.mountPath);
          if (!mounted.has(ref.name)) mounted.set(ref.name, mountPath ?? '');
        }
      }
      // hostPath, CSI, NFS, a shared claim …: storage is handled some other way.
      if (sts.volumes.some((v) => isPersistentVolumeSource(v.raw))) return;
      // A mount of a volume that does not exist is usually the missing claim template itself:
      // volume-mount-unresolved reports that root cause.
      const declared = new Set(sts.volumes.map((v) => v.name));
      if ([...mounted.keys()].some((name) => !declared.has(name))) return;
      // Only an emptyDir that holds data is worth turning into a claim template: one mounted for
      // configuration, scripts, sockets or scratch space is not the data directory.
      const emptyDir = sts.volumes.find((v) => v.raw.emptyDir !== undefined && mounted.has(v.name) && !isScratchPath(mounted.get(v.name)!));
      if (emptyDir) {
        const mountPath = mounted.get(emptyDir.name);
        report({
          resource,
          path: [...emptyDir.path, 'emptyDir'],
          on: 'key',
          messageId: 'emptyDir',
          data: { set: sts.name, volume: emptyDir.name, mountPath: mountPath ? `\`${mountPath}\`` : 'its data' },
        });
        return;
      }
      report({ resource, path: ['spec', 'volumeClaimTemplates'], on: 'key', messageId: 'none', data: { set: sts.name } });
    },
  }),
});

/** Directory names that hold configuration, scripts, runtime files or scratch data, not a member's data. */
const SCRATCH =
  /(^|\/)(tmp|temp|cache|run|etc|config|conf|configs|scripts?|bin|certs?|tls|secrets?|logs?|sockets?|shared|plugins?|init|empty-dir|emptydir)(\/|$)/i;

/** Whether a mount path is evidently not where the application keeps its data (an unknown path is not). */
function isScratchPath(mountPath: string): boolean {
  return mountPath !== '' && (SCRATCH.test(mountPath) || mountPath.startsWith('/dev/') || mountPath === '/dev');
}
