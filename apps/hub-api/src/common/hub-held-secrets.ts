import { badInput } from './domain-error.js';

/** A hub-held field counts as given unless it is absent, null or false (a `clear…` flag left off). */
const isGiven = (v: unknown): boolean => v !== undefined && v !== null && v !== false;

/**
 * A credentials mutation (the hub-held material of an object whose spec may be git's) that neither sets nor
 * clears anything is a mistake of the caller, not a no-op: refused naming the first field it could have given.
 */
export function requireHubHeldChange(given: object, field: string): void {
  if (!Object.values(given).some(isGiven)) throw badInput(field, `${field}: give what to set or clear`);
}

/**
 * An edit proposed in git carries none of the hub-held material (it never goes to git; it is set at the hub):
 * refused naming the first such field given.
 */
export function refuseHubHeldInProposal<T extends object>(input: T, fields: readonly (keyof T & string)[]): void {
  const given = fields.find((f) => isGiven(input[f]));
  if (given) throw badInput(given, `${given}: the hub holds it and it never goes to git; set it at the hub (a proposed change carries none)`);
}
