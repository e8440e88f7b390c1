import { isLabelKey, isLabelValue, isNamespaceName, isObjectName } from '@flotilla/reconcile-core';
import * as z from 'zod';

// Shared field schemas. Bounds keep a hostile or broken peer from making the other side store or log
// unbounded strings; they are generous for every honest value.
export const shortText = z.string().min(1).max(256);
export const messageText = z.string().max(2048);
export const sequenceNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const protocolVersionNumber = z.number().int().min(1).max(1_000_000);
export const isoTimestamp = z.iso.datetime({ offset: true });
/** Cluster credentials are `flc_` + URL-safe random characters. */
export const credentialString = z.string().regex(/^flc_[A-Za-z0-9_-]{16,256}$/, 'credential must look like flc_<random>');
/** `sha256:<64 lowercase hex>`, the digest of an artifact's tar.gz bytes (Flux's artifact digest format). */
export const artifactDigest = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'digest must be sha256:<64 lowercase hex>');
/** Kubernetes object names and namespaces (RFC 1123 subdomain bounds; validated fully by the API server). */
export const kubeName = z.string().min(1).max(253);
/** A Flux object's name, as the API server admits it (lowercase RFC 1123 subdomain). */
export const objectName = z.string().refine(isObjectName, 'must be a lowercase RFC 1123 subdomain of at most 253 characters');
/** A namespace's name (lowercase RFC 1123 label). */
export const namespaceName = z.string().refine(isNamespaceName, 'must be a lowercase RFC 1123 label of at most 63 characters');
/** Labels of an object reported at most: enough for any honest object, bounded for a hostile peer. */
export const MAX_OBJECT_LABELS = 64;
/** An object's labels, each key and value as the API server admits them. */
export const objectLabels = z
  .record(z.string().refine(isLabelKey, 'must be a Kubernetes label key'), z.string().refine(isLabelValue, 'must be a Kubernetes label value'))
  .refine((l) => Object.keys(l).length <= MAX_OBJECT_LABELS, `at most ${MAX_OBJECT_LABELS} labels`);
/** Per-agent sequence number of a report batch: counts from 1, one counter across status, inventory and events. */
export const batchSequenceNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/**
 * Largest socket.io frame the hub accepts (its `maxHttpBufferSize`). An agent splits report batches so that
 * each stays under it; the hub never sends an assignment larger than this either.
 */
export const MAX_MESSAGE_BYTES = 4_000_000;
