import { MAX_DIFF_OBJECTS } from '@flotilla/protocol';
import { refSubject } from '@flotilla/reconcile-core';
import { CliError, EXIT } from './exit-codes.js';
import type { DiffEntryView } from './flux-diff-output.js';

// A build too large for one request to the hub is sent in parts, each a request the hub reads and hands to the
// agent as any diff request (no protocol change: an agent of any version that diffs answers each part). The
// agent reports, per part, its objects in order and, with prune, the inventory entries that part does not
// build; an entry is stale only when no part builds it, so the deleted entries kept are those every part
// reports. A part whose dry-run failed reports no deletions, which empties that intersection, as flux reports
// none when any dry-run failed.

type Obj = Record<string, unknown>;

/** What one diff request answers. */
export interface DiffAnswer {
  entries: DiffEntryView[];
  errors: { subject: string; message: string }[];
}

export interface DiffPartLimits {
  /** Most bytes of one request body, `{"objects":[…]}` as UTF-8 JSON: the hub reads bodies up to 1 MiB. */
  partBytes: number;
  /** Most objects of one request, as the hub and the agent check it. */
  partObjects: number;
  /** Most bytes, as JSON, of the whole build: each part is held by the hub and the agent in turn, and the answers by the CLI. */
  buildBytes: number;
}

export const DIFF_PART_LIMITS: DiffPartLimits = { partBytes: 1024 * 1024, partObjects: MAX_DIFF_OBJECTS, buildBytes: 64 * 1024 * 1024 };

const ENVELOPE_BYTES = Buffer.byteLength('{"objects":[]}');
const MIB = 1024 * 1024;
const size = (n: number): string => (n % MIB === 0 ? `${n / MIB} MiB` : `${n} bytes`);

function subjectOf(o: Obj): string {
  const meta = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as { name?: unknown; namespace?: unknown };
  return refSubject({ kind: String(o.kind ?? ''), namespace: typeof meta.namespace === 'string' ? meta.namespace : '', name: String(meta.name ?? '') });
}

/**
 * The build in order, cut into parts no request exceeds. A build larger than `buildBytes`, or one object that
 * alone exceeds a request, fails (exit 8) before anything is sent.
 */
export function diffParts(objects: readonly Obj[], limits: DiffPartLimits = DIFF_PART_LIMITS): Obj[][] {
  const sizes = objects.map((o) => Buffer.byteLength(JSON.stringify(o)));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > limits.buildBytes) {
    throw new CliError(EXIT.diffFailed, `the build is ${total} bytes as JSON, more than the ${size(limits.buildBytes)} a diff sends; nothing was sent`);
  }
  const parts: Obj[][] = [];
  let part: Obj[] = [];
  let bytes = ENVELOPE_BYTES;
  objects.forEach((o, i) => {
    const n = sizes[i]!;
    if (ENVELOPE_BYTES + n > limits.partBytes) {
      throw new CliError(EXIT.diffFailed, `${subjectOf(o)} is ${n} bytes as JSON, more than one request to the hub carries (${size(limits.partBytes)}); nothing was sent`);
    }
    const comma = part.length > 0 ? 1 : 0;
    if (part.length >= limits.partObjects || bytes + comma + n > limits.partBytes) {
      parts.push(part);
      part = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += (part.length > 0 ? 1 : 0) + n;
    part.push(o);
  });
  if (part.length > 0 || parts.length === 0) parts.push(part);
  return parts;
}

/** The answers of a build's parts as one: each part's objects in order, then what every part reports deleted. */
export function mergeDiffAnswers(answers: readonly DiffAnswer[]): DiffAnswer {
  if (answers.length === 1) return answers[0]!;
  const deletedIn = (a: DiffAnswer): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const e of a.entries) if (e.action === 'deleted') counts.set(e.subject, (counts.get(e.subject) ?? 0) + 1);
    return counts;
  };
  const [first, ...rest] = answers.map(deletedIn);
  const deleted: DiffEntryView[] = [];
  for (const [subject, n] of first ?? []) {
    const kept = Math.min(n, ...rest.map((c) => c.get(subject) ?? 0));
    for (let i = 0; i < kept; i++) deleted.push({ subject, action: 'deleted' });
  }
  return {
    entries: [...answers.flatMap((a) => a.entries.filter((e) => e.action !== 'deleted')), ...deleted],
    errors: answers.flatMap((a) => a.errors),
  };
}
