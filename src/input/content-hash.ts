// The key of a file's content in the cache (cache.ts): the SHA-1 of its bytes as read.

import { createHash } from 'node:crypto';

export function contentHash(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}
