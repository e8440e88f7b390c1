import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoute } from '../../../../test/render';
import { FleetSearchBox, isSearchShortcut } from './fleet-search-box';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('FleetSearchBox', () => {
  it('takes "/" outside text fields and Ctrl-K or ⌘-K anywhere', () => {
    const input = document.createElement('input');
    expect(isSearchShortcut(key('/'), document.body)).toBe(true);
    expect(isSearchShortcut(key('/'), input)).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true }), input)).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }), document.body)).toBe(true);
    expect(isSearchShortcut(key('k'), document.body)).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }), document.body)).toBe(false);
  });

  it('focuses on the shortcut and opens the results on Enter', async () => {
    const { router } = renderRoute(<FleetSearchBox />);
    const box = screen.getByRole('searchbox', { name: 'Search the fleet' });
    expect(box).toHaveAttribute('aria-keyshortcuts', '/ Control+K');
    await userEvent.keyboard('/');
    expect(box).toHaveFocus();
    expect(box).toHaveValue('');
    await userEvent.type(box, 'nginx{Enter}');
    expect(router.state.location.pathname).toBe('/search');
    expect(router.state.location.search).toBe('?q=nginx');
  });

  it('shows the query on the results page only, not another page’s own q filter', () => {
    renderRoute(<FleetSearchBox />, { path: '/flux-objects?q=podinfo', pattern: '/flux-objects' });
    expect(screen.getByRole('searchbox', { name: 'Search the fleet' })).toHaveValue('');
  });

  it('keeps the query on the results page', () => {
    renderRoute(<FleetSearchBox />, { path: '/search?q=nginx', pattern: '/search' });
    expect(screen.getByRole('searchbox', { name: 'Search the fleet' })).toHaveValue('nginx');
  });
});
