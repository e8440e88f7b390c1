import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import type { ManagedByGit } from '../../fleet-sync/api/managed-by-git';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';

/**
 * The dialog every Provider, Alert and Receiver form sits in: a form with its submit button in the footer,
 * locked while the request runs, and the hub's refusal under the fields (a refusal that names a field is
 * shown at that field too, by the form). An object git manages shows the notice and its fields read-only;
 * only `hubHeld` (what the hub holds instead of a Secret, if the kind has any) stays editable and savable.
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
  children: ReactNode;
}) {
  const managed = props.managedBy ?? null;
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
        managed && !props.hubHeld ? undefined : (
          <Button variant="primary" type="submit" form={props.formId} busy={props.pending}>
            {props.submitLabel}
          </Button>
        )
      }
    >
      <form id={props.formId} onSubmit={submit}>
        <ReadOnlyWhenManaged managedBy={managed} kind={props.kind ?? 'object'}>
          {props.children}
        </ReadOnlyWhenManaged>
        {props.hubHeld}
        {props.error != null && <ErrorAlert error={props.error} title={props.errorTitle} />}
      </form>
    </Dialog>
  );
}
