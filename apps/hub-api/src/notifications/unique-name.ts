import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** Runs a write whose unique (namespace, name) may be taken, answering NAME_TAKEN then. */
export async function uniqueName<T>(
  kind: 'Provider' | 'Alert' | 'Receiver',
  v: { namespace: string; name: string },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError('NAME_TAKEN', `a ${kind} ${v.namespace}/${v.name} already exists`);
    throw err;
  }
}
