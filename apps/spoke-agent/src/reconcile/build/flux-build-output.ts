import { emitYaml, type JsonValue } from '@flotilla/reconcile-core/yaml';

// `flux build kustomization` prints what it built with what SOPS encrypted masked (it has no keys to decrypt
// with): a Secret encrypted as a whole gets every value replaced, a Secret with single encrypted values gets
// those replaced, and a `sops` block is dropped from any other object. Plain values are printed as they are.

// This file runs in the browser too (the web UI's preview), hence atob/btoa rather than Buffer; every string
// encoded here is ASCII.

type Obj = Record<string, unknown>;

export const SOPS_MASK = '**SOPS**';
const MASK_BASE64 = btoa(SOPS_MASK);
const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';

const isRecord = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const looksEncrypted = (text: string): boolean => text.includes('sops') && text.includes('ENC[');

/** A base64 value's bytes as latin1 text; '' when it is not base64 (such a value holds no ciphertext). */
function latin1OfBase64(v: string): string {
  try {
    return atob(v);
  } catch {
    return '';
  }
}

function mapValues(m: Obj, f: (v: unknown) => string): Obj {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, f(v)]));
}

/** The object as `flux build kustomization` prints it, SOPS ciphertext masked. */
export function maskSopsData(object: Obj): Obj {
  const { sops, ...rest } = object;
  if (object.kind !== 'Secret') return sops === undefined ? object : rest;
  const data = isRecord(object.data) ? object.data : undefined;
  const stringData = isRecord(object.stringData) ? object.stringData : undefined;
  const out: Obj = { ...object };
  const wholeEncrypted = isRecord(sops) && typeof sops.mac === 'string' && sops.mac.startsWith('ENC[');
  if (wholeEncrypted) {
    delete out.sops;
    // A docker config keeps its JSON shape, so tools reading it still parse it.
    const docker = (object.type ?? 'Opaque') === DOCKER_CONFIG_JSON;
    const json = JSON.stringify({ mask: SOPS_MASK });
    if (data) out.data = mapValues(data, () => (docker ? btoa(json) : MASK_BASE64));
    if (stringData) out.stringData = mapValues(stringData, () => (docker ? json : SOPS_MASK));
    return out;
  }
  if (data) out.data = mapValues(data, (v) => (typeof v === 'string' && looksEncrypted(latin1OfBase64(v)) ? MASK_BASE64 : String(v)));
  // Flux masks an encrypted stringData value with the base64 form of the mask too.
  if (stringData) out.stringData = mapValues(stringData, (v) => (typeof v === 'string' && looksEncrypted(v) ? MASK_BASE64 : String(v)));
  return out;
}

/** Multi-document YAML as flux prints built objects: `---` after each, keys sorted as sigs.k8s.io/yaml does. */
export function fluxObjectsYaml(objects: readonly Obj[]): string {
  return objects.map((o) => `${emitYaml(o as JsonValue)}---\n`).join('');
}
