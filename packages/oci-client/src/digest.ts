import { createHash } from 'node:crypto';
import { OciClientError } from './errors.js';

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const digestPattern = /^sha256:[0-9a-f]{64}$/;

export function isDigest(reference: string): boolean {
  return digestPattern.test(reference);
}

// Content from a registry is trusted only once its bytes hash to the digest that named it.
export function verifyContent(data: Uint8Array, expected: string, what: string, expectedSize?: number): void {
  if (!digestPattern.test(expected))
    throw new OciClientError(`${what}: unsupported digest ${expected}`, 'DIGEST_UNSUPPORTED');
  const actual = sha256Digest(data);
  if (actual !== expected)
    throw new OciClientError(
      `${what}: digest mismatch, expected ${expected}, got ${actual}`,
      'DIGEST_MISMATCH',
    );
  if (expectedSize !== undefined && data.length !== expectedSize) {
    throw new OciClientError(
      `${what}: size mismatch, expected ${expectedSize}, got ${data.length}`,
      'SIZE_MISMATCH',
    );
  }
}
