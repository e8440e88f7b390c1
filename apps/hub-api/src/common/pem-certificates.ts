import { X509Certificate } from 'node:crypto';

// CA certificates given as PEM (Flux's `ca.crt` secret key, a Provider's certificate): every block must be a
// certificate Node can parse, so a pasted private key or a truncated block is refused at the edge rather than
// failing every TLS handshake later. Messages name the block, never echo its text.

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const maxPemBytes = 256 * 1024;

/** Why the text is not one or more PEM certificates; undefined when it is. */
export function pemCertificatesProblem(text: string): string | undefined {
  if (Buffer.byteLength(text) > maxPemBytes) return `at most ${maxPemBytes / 1024} KiB of PEM`;
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length === 0) return 'expected PEM CA certificates (-----BEGIN CERTIFICATE-----)';
  for (const [i, block] of blocks.entries()) {
    if (block[1] !== 'CERTIFICATE') return `block ${i + 1} is a ${block[1]!.toLowerCase()}, not a certificate`;
    try {
      new X509Certificate(block[0]);
    } catch {
      return `block ${i + 1} is not a valid certificate`;
    }
  }
  return undefined;
}
