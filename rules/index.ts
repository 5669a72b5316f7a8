// The rule registry: explicit and sorted, so that nothing is discovered from the file system at run time.

import type { Rule } from '../src/rule.js';
import accessModePreferRwop from './access-mode-prefer-rwop.js';
import apiRemoved from './api-removed.js';
import claimTemplateDuplicate from './claim-template-duplicate.js';
import claimTemplateIncomplete from './claim-template-incomplete.js';
import claimTemplateShadowsVolume from './claim-template-shadows-volume.js';
import claimTemplateUnmounted from './claim-template-unmounted.js';
import dnsNameInvalid from './dns-name-invalid.js';
import hpaWithReplicas from './hpa-with-replicas.js';
import nameTooLong from './name-too-long.js';
import noStableStorage from './no-stable-storage.js';
import peerDiscoveryNotReady from './peer-discovery-not-ready.js';
import peerOrdinalOutOfRange from './peer-ordinal-out-of-range.js';
import peerWrongService from './peer-wrong-service.js';
import precreatedClaimMismatch from './precreated-claim-mismatch.js';
import pvcRetentionDeletesData from './pvc-retention-deletes-data.js';
import selectorControllerLabel from './selector-controller-label.js';
import selectorMismatch from './selector-mismatch.js';
import selectorOverlap from './selector-overlap.js';
import serviceMissing from './service-missing.js';
import serviceNotHeadless from './service-not-headless.js';
import serviceSelectorMismatch from './service-selector-mismatch.js';
import sharedStaticClaim from './shared-static-claim.js';
import srvPortUnnamed from './srv-port-unnamed.js';
import storageClassMissing from './storage-class-missing.js';
import templateControllerLabel from './template-controller-label.js';
import volumeMountUnresolved from './volume-mount-unresolved.js';

export const rules: readonly Rule[] = [
  accessModePreferRwop,
  apiRemoved,
  claimTemplateDuplicate,
  claimTemplateIncomplete,
  claimTemplateShadowsVolume,
  claimTemplateUnmounted,
  dnsNameInvalid,
  hpaWithReplicas,
  nameTooLong,
  noStableStorage,
  peerDiscoveryNotReady,
  peerOrdinalOutOfRange,
  peerWrongService,
  precreatedClaimMismatch,
  pvcRetentionDeletesData,
  selectorControllerLabel,
  selectorMismatch,
  selectorOverlap,
  serviceMissing,
  serviceNotHeadless,
  serviceSelectorMismatch,
  sharedStaticClaim,
  srvPortUnnamed,
  storageClassMissing,
  templateControllerLabel,
  volumeMountUnresolved,
] as Rule[];
