import { isRecord } from './object-ref.js';

/** What a Kubernetes `Status` answer says about a failed request. */
export interface ApiFailure {
  status: number;
  /** metav1.StatusReason: NotFound, AlreadyExists, Conflict, Invalid, Forbidden, … */
  reason: string;
  message: string;
  causes: { field?: string; message?: string; reason?: string }[];
}

export function apiFailure(status: number, body: unknown): ApiFailure {
  if (isRecord(body) && body.kind === 'Status') {
    const details = isRecord(body.details) ? body.details : {};
    const causes = Array.isArray(details.causes) ? details.causes.filter(isRecord).map((c) => ({
      field: typeof c.field === 'string' ? c.field : undefined,
      message: typeof c.message === 'string' ? c.message : undefined,
      reason: typeof c.reason === 'string' ? c.reason : undefined,
    })) : [];
    return {
      status,
      reason: typeof body.reason === 'string' ? body.reason : String(status),
      message: typeof body.message === 'string' ? body.message : `HTTP ${status}`,
      causes,
    };
  }
  const text = typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : `HTTP ${status}`;
  return { status, reason: String(status), message: text, causes: [] };
}

// The API server words immutable-field rejections in a few ways (generic validation, RBAC roleRef,
// StatefulSet's forbidden-update list, Job templates). All of them are 422 Invalid.
const IMMUTABLE_PATTERNS = [/field is immutable/i, /cannot change roleRef/i, /updates to .* spec for fields other than/i, /Forbidden: updates to/i];

export function isImmutableFailure(f: ApiFailure): boolean {
  if (f.status !== 422) return false;
  const texts = [f.message, ...f.causes.map((c) => c.message ?? '')];
  return texts.some((t) => IMMUTABLE_PATTERNS.some((p) => p.test(t)));
}

/** A missing namespace: `namespaces "x" not found` on a namespaced create. */
export function missingNamespace(f: ApiFailure): string | undefined {
  if (f.status !== 404) return undefined;
  const m = /namespaces "([^"]+)" not found/.exec(f.message);
  return m?.[1];
}
