import { describe, expect, it } from 'vitest';
import { readFleetSearch, writeNextPage, writePreviousPage, writeSelector } from './use-fleet-search-params';

describe('fleet search params', () => {
  it('reads the selector and the page trail from the URL', () => {
    const state = readFleetSearch(new URLSearchParams('selector=env%3Dprod&page=c1&page=c2'));
    expect(state).toEqual({ selector: 'env=prod', trail: ['c1', 'c2'], after: 'c2' });
  });

  it('a new selector starts again at the first page and keeps other params', () => {
    const next = writeSelector(new URLSearchParams('page=c1&view=x'), ' tier in (a,b) ');
    expect(next.get('selector')).toBe('tier in (a,b)');
    expect(next.getAll('page')).toEqual([]);
    expect(next.get('view')).toBe('x');
  });

  it('clearing the selector removes it from the URL', () => {
    expect(writeSelector(new URLSearchParams('selector=a'), '').has('selector')).toBe(false);
  });

  it('next and previous walk the cursor trail', () => {
    let p = new URLSearchParams('selector=a');
    p = writeNextPage(p, 'c1');
    p = writeNextPage(p, 'c2');
    expect(readFleetSearch(p).after).toBe('c2');
    p = writePreviousPage(p);
    expect(readFleetSearch(p)).toMatchObject({ after: 'c1', selector: 'a' });
    p = writePreviousPage(p);
    expect(readFleetSearch(p).after).toBeNull();
  });
});
