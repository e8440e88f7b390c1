import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import styles from './fleet.module.css';

const typingIn = (el: Element | null): boolean =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement ||
  (el instanceof HTMLElement && el.isContentEditable);

/** Whether a key press asks for the search box: `/` outside a text field, or Ctrl-K / ⌘-K anywhere. */
export function isSearchShortcut(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  active: Element | null,
): boolean {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return true;
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(active);
}

/** The fleet-wide search box of the top bar; Enter opens the results page. */
export function FleetSearchBox() {
  const ref = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Other pages use `q` for their own filters; only the results page's query belongs in this box.
  const onResults = useLocation().pathname === '/search';
  const [text, setText] = useState(onResults ? (params.get('q') ?? '') : '');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchShortcut(e, document.activeElement)) return;
      e.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <form
      role="search"
      className={styles.searchBox}
      onSubmit={(e) => {
        e.preventDefault();
        const q = text.trim();
        if (q) void navigate(`/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <label htmlFor="fleet-search" className="visually-hidden">
        Search the fleet
      </label>
      <input
        ref={ref}
        id="fleet-search"
        type="search"
        className={styles.searchInput}
        placeholder="Search the fleet  ( / )"
        aria-keyshortcuts="/ Control+K"
        value={text}
        maxLength={253}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
    </form>
  );
}
