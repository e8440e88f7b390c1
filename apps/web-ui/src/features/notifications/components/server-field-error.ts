import { isApiError } from '../../../lib/api-error';

/**
 * The hub's message when it refused the input because of `field` (its BAD_USER_INPUT `extensions.field`, e.g.
 * `address`, `secret.token`, `eventSources.1.name`), or of a part of it (`eventSources.1` takes
 * `eventSources.1.matchLabels[0].key`); null otherwise.
 */
export function serverFieldError(error: unknown, field: string): string | null {
  if (!isApiError(error, 'BAD_USER_INPUT') || !error.field) return null;
  const f = error.field;
  return f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`) ? error.message : null;
}
