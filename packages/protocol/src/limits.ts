import { z } from 'zod';

// Shared field schemas. Bounds keep a hostile or broken peer from making the other side store or log
// unbounded strings; they are generous for every honest value.
export const shortText = z.string().min(1).max(256);
export const messageText = z.string().max(2048);
export const sequenceNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const protocolVersionNumber = z.number().int().min(1).max(1_000_000);
export const isoTimestamp = z.iso.datetime({ offset: true });
/** Cluster credentials are `flc_` + URL-safe random characters. */
export const credentialString = z.string().regex(/^flc_[A-Za-z0-9_-]{16,256}$/, 'credential must look like flc_<random>');
