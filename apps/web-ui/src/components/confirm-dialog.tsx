import type { ReactNode } from 'react';
import { ErrorAlert } from './alert';
import { Button } from './button';
import { Dialog } from './dialog';
import { showToast } from '../lib/toast-store';
import type { MutationLike } from './mutation-like';

/**
 * A dangerous action behind a confirmation: Cancel (focused) and a danger button that runs the mutation,
 * a toast on success, the hub's error in the dialog otherwise. By default it closes on success; `onDone`
 * replaces that (e.g. to navigate away from what was deleted, or to what the mutation returned).
 */
export function ConfirmDialog<V, D = unknown>(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  confirmLabel: string;
  mutation: MutationLike<V, D>;
  variables: V;
  successToast: string;
  onDone?: (data: D) => void;
  errorTitle: string;
  children?: ReactNode;
}) {
  const { mutation } = props;
  const close = () => {
    mutation.reset();
    props.onClose();
  };
  return (
    <Dialog
      open={props.open}
      onClose={close}
      locked={mutation.isPending}
      title={props.title}
      description={props.description}
      footer={
        <>
          <Button onClick={close} disabled={mutation.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={mutation.isPending}
            onClick={() =>
              mutation.mutate(props.variables, {
                onSuccess: (data) => {
                  showToast(props.successToast);
                  if (props.onDone) props.onDone(data);
                  else close();
                },
              })
            }
          >
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      {props.children}
      {mutation.error != null && <ErrorAlert error={mutation.error} title={props.errorTitle} />}
    </Dialog>
  );
}
