import { SelectField } from '../../../components/select-field';
import { ROLE_LABEL, ROLES } from '../../../lib/auth/authorization';
import type { Role } from '../../../lib/auth/viewer';

const NONE = '';

/** A role; with `allowNone`, also "none" (null): the user then holds only what their teams grant. */
export function RoleSelect<R extends Role | null = Role>({
  label,
  value,
  onChange,
  roles = ROLES,
  allowNone,
  hint,
  disabled,
  hideLabel,
}: {
  label: string;
  value: R;
  onChange: (role: R) => void;
  roles?: readonly Role[];
  allowNone?: R extends null ? true : never;
  hint?: string;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  return (
    <SelectField
      label={label}
      hint={hint}
      hideLabel={hideLabel}
      value={value ?? NONE}
      disabled={disabled}
      onChange={(e) => {
        if (allowNone && e.target.value === NONE) onChange(null as R);
        else onChange((roles.find((r) => r === e.target.value) as R | undefined) ?? value);
      }}
    >
      {allowNone && <option value={NONE}>None (teams only)</option>}
      {roles.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </SelectField>
  );
}
