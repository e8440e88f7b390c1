import { useState, type FormEvent } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextareaField } from '../../../components/textarea-field';
import { isApiError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import type { Proposal } from '../api/get-proposal';
import { useEditProposalFile } from '../api/edit-proposal-file';
import styles from './proposal-page.module.css';

/**
 * Edit a file of the proposal by hand, on its branch: the edit is kept over every rebuild, resets the
 * approvals, and whoever made it may not approve the proposal (the hub refuses them).
 */
export function HandEditCard({ proposal }: { proposal: Proposal }) {
  const edit = useEditProposalFile(proposal.id);
  const files = proposal.files.filter((f) => f.after !== null);
  // A file edited by hand that the base changed since (conflicted) may no longer be among the changed files.
  const paths = [...new Set([...files.map((f) => f.path), ...proposal.manualEdits.map((e) => e.path)])];
  const contentOf = (path: string) => files.find((f) => f.path === path)?.after ?? '';
  const [path, setPath] = useState(paths[0] ?? '');
  const [content, setContent] = useState(() => contentOf(paths[0] ?? ''));
  if (paths.length === 0) return null;
  const choose = (p: string) => {
    setPath(p);
    setContent(contentOf(p));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    edit.mutate({ path, content }, { onSuccess: () => showToast(`Edit of ${path} saved on ${proposal.headBranch}.`) });
  };
  const contentError =
    isApiError(edit.error, 'BAD_USER_INPUT') && edit.error.field === 'content' ? edit.error.message : null;
  return (
    <Card title="Edit by hand">
      <Alert tone="warning" title="Who edits may not approve">
        Saving an edit resets the approvals, and you will not be able to approve this proposal yourself:
        someone else must.
      </Alert>
      <form onSubmit={submit} aria-label="Edit a file by hand">
        <SelectField label="File" value={path} onChange={(e) => choose(e.target.value)}>
          {paths.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectField>
        <TextareaField
          label={`Content of ${path} on ${proposal.headBranch}`}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          rows={Math.min(30, Math.max(8, content.split('\n').length + 1))}
          spellCheck={false}
          error={contentError}
        />
        <div className={styles.actions}>
          <Button type="submit" variant="primary" busy={edit.isPending}>
            Save edit
          </Button>
        </div>
      </form>
      {edit.isError && !contentError && (
        <Alert tone="danger" title="The hub refused">
          {edit.error.message}
        </Alert>
      )}
    </Card>
  );
}
