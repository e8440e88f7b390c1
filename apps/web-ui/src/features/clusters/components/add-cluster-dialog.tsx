import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/alert';
import { Button, buttonClassName } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import {
  clusterNameError,
  filledRows,
  labelKeyError,
  labelValueError,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
  type KeyValueRow,
} from '../../../lib/kubernetes/label-validation';
import { useCreateRegistrationToken } from '../api/create-registration-token';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { RegistrationTokenResult } from './registration-token-result';
import { DEFAULT_TOKEN_LIFETIME, TokenLifetimeSelect } from './token-lifetime-select';
import styles from './add-cluster-dialog.module.css';

export const LABEL_RULES = { key: labelKeyError, value: labelValueError };

export function AddClusterDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [labels, setLabels] = useState<KeyValueRow[]>([{ key: '', value: '' }]);
  const [ttlSeconds, setTtlSeconds] = useState(DEFAULT_TOKEN_LIFETIME);
  const [submitted, setSubmitted] = useState(false);
  const mutation = useCreateRegistrationToken();
  const formId = useId();

  const nameError = submitted ? clusterNameError(name) : null;
  const labelCheck = validateRows(labels, LABEL_RULES);
  const serverError = mutation.error;
  const serverNameError =
    isApiError(serverError) &&
    (serverError.code === 'CONFLICT' ||
      (serverError.code === 'BAD_USER_INPUT' && /name/i.test(serverError.field ?? '')))
      ? serverError.message
      : null;
  const serverLabelError = isApiError(serverError, 'BAD_USER_INPUT')
    ? rowErrorFromField(serverError.field, 'labels', serverError.message)
    : null;

  const close = () => {
    setName('');
    setLabels([{ key: '', value: '' }]);
    setTtlSeconds(DEFAULT_TOKEN_LIFETIME);
    setSubmitted(false);
    mutation.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (clusterNameError(name) || !labelCheck.valid) return;
    mutation.mutate({ clusterName: name, labels: filledRows(labels), ttlSeconds });
  };

  const result = mutation.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      wide={Boolean(result)}
      locked={mutation.isPending}
      title={result ? `Connect ${result.cluster.name}` : 'Add cluster'}
      description={
        result
          ? 'Start the agent with this one-time registration token.'
          : 'Register a cluster and get a one-time token for its agent.'
      }
      footer={
        result ? (
          <>
            <Link
              to={`/clusters/${result.cluster.id}`}
              className={buttonClassName('secondary')}
              onClick={close}
            >
              Open cluster page
            </Link>
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button variant="primary" type="submit" form={formId} busy={mutation.isPending}>
              Create token
            </Button>
          </>
        )
      }
    >
      {result ? (
        <RegistrationTokenResult result={result} />
      ) : (
        <form id={formId} className={styles.form} onSubmit={submit} noValidate>
          <TextField
            label="Cluster name"
            name="clusterName"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={nameError ?? serverNameError}
            hint="Lowercase letters, digits and '-', up to 63 characters. For example prod-eu-1."
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            mono
          />
          <KeyValueEditor
            legend="Labels"
            noun="label"
            rows={labels}
            errors={mergeRowErrors(submitted ? labelCheck.errors : labels.map(() => ({})), serverLabelError)}
            onChange={setLabels}
            keyPlaceholder="env"
            valuePlaceholder="prod"
            emptyText="No labels. Labels let deployments select clusters, e.g. env=prod."
          />
          <TokenLifetimeSelect value={ttlSeconds} onChange={setTtlSeconds} />
          {serverError && !serverNameError && !serverLabelError && (
            <ErrorAlert error={serverError} title="Could not create the token" />
          )}
        </form>
      )}
    </Dialog>
  );
}
