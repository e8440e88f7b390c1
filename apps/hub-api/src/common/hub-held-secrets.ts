import { badInput } from './domain-error.js';

/**
 * A credentials mutation (the hub-held material of an object whose spec may be git's) that neither sets nor
 * clears anything is a mistake of the caller, not a no-op: refused naming the first field it could have given.
 */
export function requireHubHeldChange(given: object, field: string): void {
  const some = Object.values(given).some((v) => v !== undefined && v !== null && v !== false);
  if (!some) throw badInput(field, `${field}: give what to set or clear`);
}
