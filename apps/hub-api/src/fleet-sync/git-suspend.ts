import type { ServiceDoc, ServiceKind } from './fleet-sync.plan.js';

// Flux applies git's objects with server-side apply: a field the document does not set is not owned by the
// apply, so a `flux suspend` made by hand (another field manager) stays; a document that sets spec.suspend,
// true or false, has its value win at each apply. A FleetSync keeps the same rule for every kind it writes.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec.suspend a raw Flux spec sets; null when it leaves it out. */
export function specSuspendOf(spec: unknown): boolean | null {
  return isRecord(spec) && typeof spec.suspend === 'boolean' ? spec.suspend : null;
}

/**
 * A spec with `suspend: false` left out: Flux's default, so a spec that leaves it out and one a hand resume
 * wrote it into are the same spec (no new generation between them).
 */
export function withoutDefaultSuspend(spec: unknown): unknown {
  if (!isRecord(spec) || spec.suspend !== false) return spec;
  const { suspend: _default, ...rest } = spec;
  return rest;
}

/** The suspend an apply writes: git's when its document sets one, else the object's current one (false when new). */
export const appliedSuspend = (git: boolean | null, current: boolean | undefined): boolean => git ?? current ?? false;

/** The service kinds a hand suspend is kept on (Flux has no suspend command for an ImagePolicy). */
export type SuspendableServiceKind = Exclude<ServiceKind, 'ImagePolicy'>;

/** How each service kind's table holds spec.suspend, as a SQL expression on its row. */
export const STORED_SUSPEND: Readonly<Record<SuspendableServiceKind, string>> = {
  OCIRepository: 'suspend',
  HelmRepository: 'suspend',
  ImageRepository: 'suspend',
  ImageUpdateAutomation: 'suspend',
  Provider: 'suspend',
  Receiver: 'suspend',
  HelmRelease: "coalesce((spec->>'suspend')::boolean, false)",
  Alert: "coalesce((spec->>'suspend')::boolean, false)",
};

export const keepsHandSuspend = (kind: ServiceKind): kind is SuspendableServiceKind => kind !== 'ImagePolicy';

/** git's spec.suspend in a document of a service kind; null when the document does not set it. */
export function gitSuspendOf(doc: ServiceDoc): boolean | null {
  switch (doc.kind) {
    case 'OCIRepository':
    case 'HelmRelease':
      return specSuspendOf(doc.input.spec);
    case 'ImagePolicy':
      return null;
    default:
      return doc.input.suspend ?? null;
  }
}

/** The document with spec.suspend set to `suspend`, as the service kind's input carries it. */
export function withSuspend(doc: ServiceDoc, suspend: boolean): ServiceDoc {
  switch (doc.kind) {
    case 'OCIRepository':
      return { ...doc, input: { ...doc.input, spec: { ...(isRecord(doc.input.spec) ? doc.input.spec : {}), suspend } } };
    case 'HelmRelease':
      return { ...doc, input: { ...doc.input, spec: { ...(isRecord(doc.input.spec) ? doc.input.spec : {}), suspend } } };
    case 'ImagePolicy':
      return doc;
    case 'HelmRepository':
      return { ...doc, input: { ...doc.input, suspend } };
    case 'ImageRepository':
      return { ...doc, input: { ...doc.input, suspend } };
    case 'ImageUpdateAutomation':
      return { ...doc, input: { ...doc.input, suspend } };
    case 'Provider':
      return { ...doc, input: { ...doc.input, suspend } };
    case 'Alert':
      return { ...doc, input: { ...doc.input, suspend } };
    case 'Receiver':
      return { ...doc, input: { ...doc.input, suspend } };
  }
}
