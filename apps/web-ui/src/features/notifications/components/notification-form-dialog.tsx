import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';

/**
 * The dialog every Provider, Alert and Receiver form sits in: a form with its submit button in the footer,
 * locked while the request runs, and the hub's refusal under the fields (a refusal that names a field is
 * shown at that field too, by the form).
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
  children: ReactNode;
}) {
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
        <Button variant="primary" type="submit" form={props.formId} busy={props.pending}>
          {props.submitLabel}
        </Button>
      }
    >
      <form id={props.formId} onSubmit={submit}>
        {props.children}
        {props.error != null && <ErrorAlert error={props.error} title={props.errorTitle} />}
      </form>
    </Dialog>
  );
}
