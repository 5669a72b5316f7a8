// The words of `schema-invalid` findings; rules/schema-invalid.ts registers them as its messages.

export const SCHEMA_MESSAGES = {
  unknownField: 'Unknown field `{{field}}` in {{where}}: the {{api}} has no such field, and the API server rejects the object; remove it or correct its name.',
  unknownFieldDidYouMean: 'Unknown field `{{field}}` in {{where}} — did you mean `{{suggestion}}`{{note}}?',
  misplacedField: 'Field `{{field}}` does not belong in {{where}}: it is a field of {{home}}. Check the indentation and move it there{{note}}.',
  fieldTooNew:
    'Field `{{field}}` in {{where}} does not exist in Kubernetes {{release}}: it was added in Kubernetes {{added}}. Remove it, or lint for a newer cluster with `--kubernetes-version {{added}}`.',
  fieldRemoved:
    'Field `{{field}}` in {{where}} does not exist in Kubernetes {{release}}: it was removed in Kubernetes {{removed}}, so the API server rejects it. Remove it.',
  wrongType: '`{{field}}` must be {{expected}}, not {{actual}}, or the API server cannot decode the object{{hint}}.',
  notAllowed: '`{{field}}` must be one of {{allowed}}, not {{actual}}; the API server rejects any other value.',
  notAllowedDidYouMean: '`{{field}}` must be one of {{allowed}}, not {{actual}} — did you mean `{{suggestion}}`?',
  badQuantity: '`{{field}}` must be a quantity such as `1Gi`, `500Mi`, `250m` or `2`, not {{actual}}; the API server rejects anything else.',
  badQuantityDidYouMean: '`{{field}}` must be a quantity such as `1Gi`, `500Mi`, `250m` or `2`, not {{actual}} — did you mean {{suggestion}}?',
  badBase64: '`{{field}}` is not valid base64, so the API server cannot decode it; {{hint}}.',
  outOfRange: '`{{field}}` is {{actual}}, outside the 32-bit integer range the API server stores ({{min}} to {{max}}); use a smaller number.',
  missingField: '{{where}} lacks the required field `{{field}}`; add it, or the API server rejects the object.',
} as const;

export type SchemaMessageId = keyof typeof SCHEMA_MESSAGES;
