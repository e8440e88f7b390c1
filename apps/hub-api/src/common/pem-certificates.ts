import { X509Certificate } from 'node:crypto';

// Certificates given as PEM (Flux's `ca.crt` and `tls.crt` secret keys, a Provider's certificate): every block
// must be a certificate Node can parse, so a pasted private key or a truncated block is refused at the edge
// rather than failing every TLS handshake later. Messages name the block, never echo its text.

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const maxPemBytes = 256 * 1024;

export function parsePemCertificates(text: string): { ok: true; certificates: X509Certificate[] } | { ok: false; problem: string } {
  if (Buffer.byteLength(text) > maxPemBytes) return { ok: false, problem: `at most ${maxPemBytes / 1024} KiB of PEM` };
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length === 0) return { ok: false, problem: 'expected PEM certificates (-----BEGIN CERTIFICATE-----)' };
  const certificates: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block[1] !== 'CERTIFICATE') return { ok: false, problem: `block ${i + 1} is a ${block[1]!.toLowerCase()}, not a certificate` };
    try {
      certificates.push(new X509Certificate(block[0]));
    } catch {
      return { ok: false, problem: `block ${i + 1} is not a valid certificate` };
    }
  }
  return { ok: true, certificates };
}

/** Why the text is not one or more PEM certificates; undefined when it is. */
export function pemCertificatesProblem(text: string): string | undefined {
  const parsed = parsePemCertificates(text);
  return parsed.ok ? undefined : parsed.problem;
}
