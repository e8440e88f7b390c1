import { describe, expect, it } from 'vitest';
import { isUnreachableFromPods } from './in-cluster-prerequisites';

describe(isUnreachableFromPods.name, () => {
  it.each([
    'http://127.0.0.1:8080',
    'http://127.1.2.3:8080',
    'http://localhost:8080',
    'http://hub.localhost',
    'http://[::1]:8080',
    'http://0.0.0.0:8080',
    'http://[::]:8080',
  ])('flags %s', (url) => expect(isUnreachableFromPods(url)).toBe(true));

  it.each([
    'https://flotilla.example.com',
    'http://10.0.0.5:8080',
    'http://[fd00::1]:8080',
    'http://127.example.com',
    'not a url',
  ])('accepts %s', (url) => expect(isUnreachableFromPods(url)).toBe(false));
});
