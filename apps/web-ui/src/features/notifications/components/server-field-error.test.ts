import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-error';
import { serverFieldError } from './server-field-error';

describe(serverFieldError.name, () => {
  const refused = (field: string) => new ApiError('BAD_USER_INPUT', `${field}: wrong`, 200, field);

  it('places a refusal at the field it names, or at the part of the form holding it', () => {
    expect(serverFieldError(refused('address'), 'address')).toBe('address: wrong');
    expect(serverFieldError(refused('secret.token'), 'secret')).toBe('secret.token: wrong');
    expect(serverFieldError(refused('eventSources.1.matchLabels[0].key'), 'eventSources.1')).toBe(
      'eventSources.1.matchLabels[0].key: wrong',
    );
  });

  it('is null for another field, a field that only starts alike, or another kind of error', () => {
    expect(serverFieldError(refused('address'), 'channel')).toBeNull();
    expect(serverFieldError(refused('eventSources.10.name'), 'eventSources.1')).toBeNull();
    expect(serverFieldError(new ApiError('FORBIDDEN', 'no'), 'address')).toBeNull();
    expect(serverFieldError(new Error('x'), 'address')).toBeNull();
    expect(serverFieldError(null, 'address')).toBeNull();
  });
});
