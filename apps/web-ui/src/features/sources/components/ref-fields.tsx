import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';

/**
 * A source's `spec.ref` as two fields: its kind (for a GitRepository: branch, tag, semver range,
 * commit, reference name; for an OCIRepository: tag, semver range, digest) and the value. With `none`, a first
 * choice stands for no ref of one's own (the value field is then hidden).
 */
export function RefFields<K extends string>({
  label,
  kind,
  value,
  onChange,
  error,
  none,
  hint,
  kinds,
}: {
  label: string;
  kind: K | null;
  value: string;
  onChange: (ref: { kind: K | null; value: string }) => void;
  error?: string | null;
  none?: string;
  hint?: string;
  kinds: readonly { kind: K; label: string; placeholder: string }[];
}) {
  const picked = kind === null ? null : (kinds.find((r) => r.kind === kind) ?? kinds[0]!);
  return (
    <>
      <SelectField
        label={label}
        hint={hint}
        value={kind ?? ''}
        onChange={(e) =>
          onChange({ kind: kinds.find((r) => r.kind === e.target.value)?.kind ?? null, value: '' })
        }
      >
        {none !== undefined && <option value="">{none}</option>}
        {kinds.map((r) => (
          <option key={r.kind} value={r.kind}>
            {r.label}
          </option>
        ))}
      </SelectField>
      {picked && (
        <TextField
          label={picked.label}
          value={value}
          onChange={(e) => onChange({ kind: picked.kind, value: e.target.value })}
          error={error}
          placeholder={picked.placeholder}
          mono
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </>
  );
}
