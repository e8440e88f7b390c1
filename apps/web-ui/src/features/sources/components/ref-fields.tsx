import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { REF_KINDS, type RefKind } from './git-repository-form-model';

/**
 * A GitRepository's `spec.ref` as two fields: its kind (branch, tag, semver range, commit, reference name) and
 * the value. With `none`, a first choice stands for no ref of one's own (the value field is then hidden).
 */
export function GitRefFields({
  label,
  kind,
  value,
  onChange,
  error,
  none,
  hint,
}: {
  label: string;
  kind: RefKind | null;
  value: string;
  onChange: (ref: { kind: RefKind | null; value: string }) => void;
  error?: string | null;
  none?: string;
  hint?: string;
}) {
  const picked = kind === null ? null : (REF_KINDS.find((r) => r.kind === kind) ?? REF_KINDS[0]!);
  return (
    <>
      <SelectField
        label={label}
        hint={hint}
        value={kind ?? ''}
        onChange={(e) =>
          onChange({ kind: e.target.value === '' ? null : (e.target.value as RefKind), value: '' })
        }
      >
        {none !== undefined && <option value="">{none}</option>}
        {REF_KINDS.map((r) => (
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
