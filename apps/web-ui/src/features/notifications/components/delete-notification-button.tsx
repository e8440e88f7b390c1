import { useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { useDeleteNotificationObject } from '../api/delete-notification';

const LABEL = { provider: 'Provider', alert: 'Alert', receiver: 'Receiver' } as const;
const CONSEQUENCE = {
  provider: 'Its delivery log goes with it. The hub refuses while an Alert still sends to it.',
  alert: 'Events it matched are no longer sent; messages already queued are still delivered.',
  receiver: 'Its webhook path stops answering (404); senders still calling it should be removed.',
} as const;

/** A row's Delete button and its confirmation, for the three notification kinds. */
export function DeleteNotificationButton({
  kind,
  id,
  name,
}: {
  kind: keyof typeof LABEL;
  id: string;
  name: string;
}) {
  const [open, setOpen] = useState(false);
  const mutation = useDeleteNotificationObject(kind);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${LABEL[kind]} ${name}?`}
        confirmLabel={`Delete ${LABEL[kind]}`}
        mutation={mutation}
        variables={id}
        successToast={`${LABEL[kind]} ${name} deleted.`}
        errorTitle={`Could not delete the ${LABEL[kind]}`}
      >
        <p style={{ margin: 0 }}>{CONSEQUENCE[kind]}</p>
      </ConfirmDialog>
    </>
  );
}
