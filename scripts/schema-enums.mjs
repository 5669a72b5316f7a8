// Allowed values the API server enforces but the OpenAPI documents do not state (they give
// these fields as plain strings; the values live only in the Go validation code). Each entry
// names the definition and property it applies to and the Kubernetes source that enforces it.
// Only values whose source was checked are listed here; `empty: true` means an empty string is
// accepted because defaulting replaces it before validation runs.
//
// Sources (kubernetes/kubernetes unless noted):
//   apps:  pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec,
//          ValidatePersistentVolumeClaimRetentionPolicyType; defaults in pkg/apis/apps/v1/defaults.go
//          SetDefaults_StatefulSet.
//   core:  pkg/apis/core/validation/validation.go supportedServiceType, supportedSessionAffinityType,
//          supportedPortProtocols (validateContainerPorts, validateServicePort), supportedPullPolicies
//          (validatePullPolicy); defaults in pkg/apis/core/v1/defaults.go.
//   meta:  k8s.io/apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelSelectorRequirement.

export const ENUMS = [
  {
    definition: 'apps.v1.StatefulSetSpec',
    property: 'podManagementPolicy',
    values: ['OrderedReady', 'Parallel'],
    empty: true,
    source: 'apps ValidateStatefulSetSpec',
  },
  {
    definition: 'apps.v1.StatefulSetUpdateStrategy',
    property: 'type',
    values: ['RollingUpdate', 'OnDelete'],
    empty: true,
    source: 'apps ValidateStatefulSetSpec',
  },
  {
    definition: 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy',
    property: 'whenDeleted',
    values: ['Retain', 'Delete'],
    empty: true,
    source: 'apps ValidatePersistentVolumeClaimRetentionPolicyType',
  },
  {
    definition: 'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy',
    property: 'whenScaled',
    values: ['Retain', 'Delete'],
    empty: true,
    source: 'apps ValidatePersistentVolumeClaimRetentionPolicyType',
  },
  {
    definition: 'core.v1.ServiceSpec',
    property: 'type',
    values: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    empty: true,
    source: 'core supportedServiceType',
  },
  { definition: 'core.v1.ServiceSpec', property: 'sessionAffinity', values: ['ClientIP', 'None'], empty: true, source: 'core supportedSessionAffinityType' },
  { definition: 'core.v1.ServicePort', property: 'protocol', values: ['TCP', 'UDP', 'SCTP'], empty: true, source: 'core supportedPortProtocols' },
  { definition: 'core.v1.ContainerPort', property: 'protocol', values: ['TCP', 'UDP', 'SCTP'], empty: true, source: 'core supportedPortProtocols' },
  {
    definition: 'core.v1.Container',
    property: 'imagePullPolicy',
    values: ['Always', 'IfNotPresent', 'Never'],
    empty: true,
    source: 'core supportedPullPolicies',
  },
  {
    definition: 'core.v1.EphemeralContainer',
    property: 'imagePullPolicy',
    values: ['Always', 'IfNotPresent', 'Never'],
    empty: true,
    source: 'core supportedPullPolicies',
  },
  {
    definition: 'meta.v1.LabelSelectorRequirement',
    property: 'operator',
    values: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
    empty: false,
    source: 'meta ValidateLabelSelectorRequirement',
  },
];
