import { subjectOf, type ObjectRef } from './object-ref.js';

/** The closed set of reasons an engine verb fails for one object. Callers switch on `code`. */
export type K8sErrorCode =
  | 'INVALID_OBJECT' // no apiVersion/kind/name, or a namespaced object without a namespace
  | 'KIND_NOT_FOUND' // the API server serves no such apiVersion/kind
  | 'NAMESPACE_NOT_FOUND'
  | 'IMMUTABLE_FIELD' // without force
  | 'FORBIDDEN' // RBAC (e.g. the impersonated service account may not do it)
  | 'DRY_RUN_FAILED' // any other rejection by the server-side dry-run
  | 'APPLY_FAILED'
  | 'RECREATE_FAILED'
  | 'DELETE_FAILED'
  | 'WAIT_TIMEOUT';

export interface ObjectError {
  code: K8sErrorCode;
  ref: ObjectRef;
  subject: string;
  /** Starts with the subject, so it can be shown alone: `Deployment/ns/web: <reason>`. */
  message: string;
}

export function objectError(code: K8sErrorCode, ref: ObjectRef, reason: string): ObjectError {
  const subject = subjectOf(ref);
  return { code, ref, subject, message: `${subject}: ${reason}` };
}

/** One line per failure, as the Ready condition message shows them. */
export function formatErrors(errors: readonly ObjectError[]): string {
  return errors.map((e) => e.message).join('\n');
}
