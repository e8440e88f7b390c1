import { createHash } from 'node:crypto';

/** Flux's Receiver status.webhookPath: `/hook/` + hex sha256 of token, name and namespace concatenated. */
export const webhookPath = (token: string, name: string, namespace: string): string =>
  `/hook/${createHash('sha256').update(`${token}${name}${namespace}`).digest('hex')}`;
