import { Alert } from '../../../components/alert';
import { CopyBlock } from '../../../components/copy-block';

/** A password or token the hub shows exactly once: copy it now, it cannot be shown again. */
export function OneTimeSecret({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <>
      <Alert tone="warning" title="Shown once">
        {hint} The hub keeps only its hash; close this and it is gone.
      </Alert>
      <CopyBlock label={label} text={value} testId="one-time-secret" />
    </>
  );
}
