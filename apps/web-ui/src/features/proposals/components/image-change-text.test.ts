import { describe, expect, it } from 'vitest';
import { imageChangeText } from './image-change-text';

describe('imageChangeText', () => {
  it('keeps the image name and tag, drops the registry and path', () => {
    expect(imageChangeText('127.0.0.1:5000/team/app:1.0.0', '127.0.0.1:5000/team/app:1.0.1')).toBe(
      'app:1.0.0 → app:1.0.1',
    );
  });
  it('shows a bare tag (a `:tag` setter) as it is', () => {
    expect(imageChangeText('1.0.0', '1.0.1')).toBe('1.0.0 → 1.0.1');
  });
});
