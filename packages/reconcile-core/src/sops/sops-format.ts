import type { SopsFormat } from './decrypt-sops.js';

/**
 * The SOPS store a file is read with, from its name, as `sops` and Flux's decryptor choose it: `.yaml`/`.yml`,
 * `.json`, `.env`; anything else is binary. (`.ini` files are not supported here and read as binary.)
 */
export function sopsFormatForPath(path: string): SopsFormat {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.env')) return 'dotenv';
  return 'binary';
}

/**
 * A cheap check whether file content carries SOPS metadata in the given format, so a build only decrypts
 * what is encrypted (no parsing: looks for the metadata keys SOPS always writes).
 */
export function looksSopsEncrypted(text: string, format: SopsFormat): boolean {
  switch (format) {
    case 'dotenv':
      return /^sops_mac=/m.test(text) && /^sops_lastmodified=/m.test(text);
    case 'yaml':
      return /^sops:\s*$/m.test(text) && /^\s+mac:/m.test(text);
    case 'json':
    case 'binary':
      return /"sops"\s*:/.test(text) && /"mac"\s*:/.test(text);
  }
}
