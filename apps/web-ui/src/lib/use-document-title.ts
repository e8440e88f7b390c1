import { useEffect } from 'react';

/** Names the browser tab after the page, so a dozen open tabs stay tellable apart. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Flotilla` : 'Flotilla';
  }, [title]);
}
