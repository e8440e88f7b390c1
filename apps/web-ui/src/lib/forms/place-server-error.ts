import { isApiError } from '../api-error';

export interface PlacedError<F extends string> {
  field: F;
  message: string;
}

/** The hub's messages start in lower case and may repeat the field path ("url: must not …"); a form shows a sentence. */
export function plainMessage(message: string): string {
  const text = message.replace(/^[\w.[\]]+: /, '').trim();
  const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * Where a hub refusal of a form belongs, in plain words: on the field a BAD_USER_INPUT names, or, for a CONFLICT
 * when creating, on the name field (`taken`: the name is in use). Null leaves it to the banner by the buttons.
 */
export function placeServerError<F extends string>(
  error: unknown,
  fieldFromServer: (field: string | undefined) => F | null,
  taken: PlacedError<F> | null,
): PlacedError<F> | null {
  if (isApiError(error, 'BAD_USER_INPUT')) {
    const field = fieldFromServer(error.field);
    return field ? { field, message: plainMessage(error.message) } : null;
  }
  return taken && isApiError(error, 'CONFLICT') ? taken : null;
}
