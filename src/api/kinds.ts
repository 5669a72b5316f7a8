// The Kubernetes kinds stslint understands, keyed by group and kind: a `Service` of
// serving.knative.dev is not a core Service, and a PetSet is the StatefulSet of Kubernetes 1.3–1.4.

export type ResourceType =
  | 'StatefulSet'
  | 'Service'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume'
  | 'StorageClass'
  | 'PodDisruptionBudget'
  | 'HorizontalPodAutoscaler'
  | 'ConfigMap'
  | 'Secret'
  | 'Endpoints'
  | 'EndpointSlice'
  | 'Deployment'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'DaemonSet'
  | 'Namespace'
  | 'NetworkPolicy';

const TYPES: Readonly<Record<string, ResourceType>> = {
  'apps/StatefulSet': 'StatefulSet',
  'apps/PetSet': 'StatefulSet',
  // OpenKruise's Advanced StatefulSet (v1alpha1, v1beta1): a drop-in replacement with more fields.
  'apps.kruise.io/StatefulSet': 'StatefulSet',
  '/Service': 'Service',
  '/PersistentVolumeClaim': 'PersistentVolumeClaim',
  '/PersistentVolume': 'PersistentVolume',
  'storage.k8s.io/StorageClass': 'StorageClass',
  'policy/PodDisruptionBudget': 'PodDisruptionBudget',
  'autoscaling/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
  '/ConfigMap': 'ConfigMap',
  '/Secret': 'Secret',
  '/Endpoints': 'Endpoints',
  'discovery.k8s.io/EndpointSlice': 'EndpointSlice',
  'apps/Deployment': 'Deployment',
  'extensions/Deployment': 'Deployment',
  'apps/ReplicaSet': 'ReplicaSet',
  'extensions/ReplicaSet': 'ReplicaSet',
  '/ReplicationController': 'ReplicationController',
  'apps/DaemonSet': 'DaemonSet',
  'extensions/DaemonSet': 'DaemonSet',
  '/Namespace': 'Namespace',
  'networking.k8s.io/NetworkPolicy': 'NetworkPolicy',
  'extensions/NetworkPolicy': 'NetworkPolicy',
};

/** Kinds that live outside namespaces, so no namespace is defaulted for them. */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'StorageVersion',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

export interface GroupVersion {
  group: string;
  version: string;
}

export function splitApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The API group of OpenKruise's workloads, whose `StatefulSet` is the Advanced StatefulSet. */
export const KRUISE_GROUP = 'apps.kruise.io';

/** Whether an object is an OpenKruise Advanced StatefulSet rather than a built-in one. */
export function isAdvancedStatefulSet(resource: { readonly group: string; readonly kind: string }): boolean {
  return resource.group === KRUISE_GROUP && resource.kind === 'StatefulSet';
}

export function resourceTypeOf(group: string, kind: string): ResourceType | undefined {
  return TYPES[`${group}/${kind}`];
}

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
