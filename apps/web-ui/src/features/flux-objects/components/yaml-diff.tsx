import { useEffect, useRef } from 'react';
import { MergeView } from '@codemirror/merge';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import styles from './flux-objects.module.css';

const prefersDark = (): boolean =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;

// The editors take the page's colours, so the diff reads as part of the product in light and dark.
const theme = (dark: boolean): Extension =>
  EditorView.theme(
    {
      '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: 'var(--text-sm)' },
      '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'transparent' },
      '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-muted)', border: 'none' },
      '.cm-collapsedLines': { color: 'var(--text-muted)', background: 'var(--surface-2)' },
    },
    { dark },
  );

const readOnly = (label: string, dark: boolean): Extension[] => [
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  EditorView.contentAttributes.of({ 'aria-label': label }),
  theme(dark),
];

/**
 * Desired (left) against live (right), side by side, with CodeMirror's merge view: changed lines marked,
 * long unchanged stretches folded. Read-only.
 */
export function YamlDiff({ desired, live }: { desired: string; live: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const dark = prefersDark();
    const view = new MergeView({
      a: { doc: desired, extensions: readOnly('Desired YAML (from the last build)', dark) },
      b: { doc: live, extensions: readOnly('Live YAML (in the cluster)', dark) },
      parent: host.current,
      collapseUnchanged: { margin: 3, minSize: 8 },
      highlightChanges: true,
      gutter: true,
    });
    return () => view.destroy();
  }, [desired, live]);
  return <div ref={host} className={styles.diff} data-testid="yaml-diff" />;
}
