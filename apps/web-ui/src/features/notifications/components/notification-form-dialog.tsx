import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import type { ManagedByGit } from '../../fleet-sync/api/managed-by-git';
import { ManagedByGitNotice } from '../../fleet-sync/components/managed-by-git-notice';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';

/**
 * The dialog every Provider, Alert and Receiver form sits in: a form with its submit button in the footer,
 * locked while the request runs, and the hub's refusal under the fields (a refusal that names a field is
 * shown at that field too, by the form). An object git manages shows the notice and its fields read-only;
 * only `hubHeld` (what the hub holds instead of a Secret, if the kind has any) stays editable and savable.
 * With `proposing`, it is the other way round: the fields are editable and their submit proposes the edit in
 * git, and `hubHeld` is not shown (it never goes to git).
 */
export function NotificationFormDialog(props: {
  /** The form's id, which the footer's submit button names. */
  formId: string;
  title: string;
  description?: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  errorTitle: string;
  onClose: () => void;
  onSubmit: () => void;
  wide?: boolean;
  managedBy?: ManagedByGit | null;
  kind?: string;
  hubHeld?: ReactNode;
  /** With `managedBy`: the form proposes its edit in git (the caller's submit calls the propose mutation). */
  proposing?: boolean;
  children: ReactNode;
}) {
  const managed = props.managedBy ?? null;
  const proposing = managed !== null && props.proposing === true;
  const kind = props.kind ?? 'object';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <Dialog
      open
      onClose={props.onClose}
      locked={props.pending}
      title={props.title}
      description={props.description}
      wide={props.wide}
      footer={
        managed && !props.hubHeld && !proposing ? undefined : (
          <Button variant="primary" type="submit" form={props.formId} busy={props.pending}>
            {props.submitLabel}
          </Button>
        )
      }
    >
      <form id={props.formId} onSubmit={submit}>
        {proposing && managed && <ManagedByGitNotice managedBy={managed} kind={kind} proposing />}
        <ReadOnlyWhenManaged managedBy={proposing ? null : managed} kind={kind}>
          {props.children}
        </ReadOnlyWhenManaged>
        {!proposing && props.hubHeld}
        {props.error != null && <ErrorAlert error={props.error} title={props.errorTitle} />}
      </form>
    </Dialog>
  );
}
