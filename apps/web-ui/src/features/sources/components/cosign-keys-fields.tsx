import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Card } from '../../../components/layout';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import type { CosignKeyErrors, CosignKeyRow } from './oci-repository-form-model';
import styles from '../../../components/form.module.css';

/**
 * Flux's spec.verify with provider cosign. Where a cluster names a Secret of `*.pub` keys (verify.secretRef), the
 * hub holds the public keys themselves; they are public, so they are shown and edited as they are. With
 * `keysOnly` (an OCIRepository git manages, whose spec.verify is git's) only the keys are offered.
 */
export function CosignKeysFields({
  verify,
  keys,
  onChange,
  error,
  keyErrors,
  keysOnly = false,
}: {
  verify: boolean;
  keysOnly?: boolean;
  keys: CosignKeyRow[];
  onChange: (patch: { verify?: boolean; keys?: CosignKeyRow[] }) => void;
  error: string | null;
  keyErrors: CosignKeyErrors;
}) {
  const setKey = (i: number, patch: Partial<CosignKeyRow>) =>
    onChange({ keys: keys.map((k, j) => (j === i ? { ...k, ...patch } : k)) });
  return (
    <Card title="Verification">
      {keysOnly ? (
        <p className={styles.hint}>
          {verify
            ? 'Git turns verification on: a signature must be made with one of these keys.'
            : 'Git does not turn verification on yet: these keys are kept for when it does.'}
        </p>
      ) : (
      <CheckboxField
        label="Verify signatures with cosign"
        hint="An artifact not signed with one of these keys is refused (SourceVerified=False) and not stored. Keyless verification and notation are not supported at the hub."
        checked={verify}
        onChange={(v) =>
          onChange({ verify: v, keys: v && keys.length === 0 ? [{ name: 'cosign.pub', pem: '' }] : keys })
        }
      />
      )}
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      {(verify || keysOnly) && (
        <>
          {keys.map((k, i) => (
            <fieldset key={i} className={styles.fieldset} aria-label={`Public key ${i + 1}`}>
              <TextField
                label="Key name"
                value={k.name}
                onChange={(e) => setKey(i, { name: e.target.value })}
                error={keyErrors[i]?.name ?? null}
                mono
                autoComplete="off"
                spellCheck={false}
              />
              <TextareaField
                label="Public key (PEM)"
                value={k.pem}
                onChange={(e) => setKey(i, { pem: e.target.value })}
                error={keyErrors[i]?.pem ?? null}
                rows={4}
                placeholder="-----BEGIN PUBLIC KEY-----"
                spellCheck={false}
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove public key ${i + 1}`}
                onClick={() => onChange({ keys: keys.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </fieldset>
          ))}
          <Button size="sm" onClick={() => onChange({ keys: [...keys, { name: '', pem: '' }] })}>
            Add public key
          </Button>
        </>
      )}
    </Card>
  );
}
