import { SelectField } from '../../../components/select-field';
import { ROLE_LABEL, ROLES } from '../../../lib/auth/authorization';
import type { Role } from '../../../lib/auth/viewer';

export function RoleSelect({
  label,
  value,
  onChange,
  roles = ROLES,
  hint,
  disabled,
  hideLabel,
}: {
  label: string;
  value: Role;
  onChange: (role: Role) => void;
  roles?: readonly Role[];
  hint?: string;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  return (
    <SelectField
      label={label}
      hint={hint}
      hideLabel={hideLabel}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(roles.find((r) => r === e.target.value) ?? value)}
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </SelectField>
  );
}
