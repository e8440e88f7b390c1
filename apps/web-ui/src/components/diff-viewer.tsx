import { useEffect, useRef } from 'react';
import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import styles from './diff-viewer.module.css';

export type DiffLayout = 'unified' | 'split';

// CodeMirror's colours follow the app's tokens, so the viewer reads the same in light and dark mode and
// keeps the contrast the rest of the UI is checked for.
const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: 'var(--text-sm)' },
  '.cm-content': { fontFamily: 'var(--font-mono)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-changedLine, &.cm-merge-b .cm-changedLine, .cm-insertedLine': {
    backgroundColor: 'var(--success-soft)',
  },
  '&.cm-merge-a .cm-changedLine, .cm-deletedChunk': { backgroundColor: 'var(--danger-soft)' },
  '.cm-changedText, &.cm-merge-b .cm-changedText, .cm-insertedLine .cm-changedText': {
    background: 'none',
    textDecoration: 'underline 2px var(--success)',
  },
  '&.cm-merge-a .cm-changedText, .cm-deletedChunk .cm-deletedText': {
    background: 'none',
    textDecoration: 'line-through 2px var(--danger)',
  },
  '.cm-collapsedLines': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--text-muted)',
    background: 'var(--surface-2)',
  },
});

const readOnly = (label: string): Extension[] => [
  lineNumbers(),
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  // Focusable, so keyboard users can scroll a long or wide diff (the content is not editable, so not focusable by itself).
  EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
  theme,
];

const collapse = { margin: 3, minSize: 4 };

/**
 * Two revisions of a text (a file, or an object rendered as YAML) in CodeMirror's merge view: unified
 * (the old lines shown above the new ones) or side by side; unchanged stretches collapse.
 */
export function DiffViewer({
  before,
  after,
  layout,
  label,
  testId,
}: {
  before: string;
  after: string;
  layout: DiffLayout;
  label: string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    if (layout === 'split') {
      const view = new MergeView({
        a: { doc: before, extensions: readOnly(`${label}, before`) },
        b: { doc: after, extensions: readOnly(`${label}, after`) },
        parent,
        gutter: true,
        collapseUnchanged: collapse,
      });
      return () => view.destroy();
    }
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: after,
        extensions: [
          ...readOnly(label),
          unifiedMergeView({ original: before, mergeControls: false, collapseUnchanged: collapse }),
        ],
      }),
    });
    return () => view.destroy();
  }, [before, after, layout, label]);
  return <div ref={host} className={styles.viewer} data-diff-layout={layout} data-testid={testId} />;
}
