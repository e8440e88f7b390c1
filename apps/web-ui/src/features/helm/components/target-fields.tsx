import { TextField } from '../../../components/text-field';
import { TARGET_KEYS, TARGET_LABELS, type TargetRow } from '../../../lib/flux/kustomize-target';
import styles from '../../../components/form.module.css';

/** A kustomize target selector: blank fields match everything; `prefix` names the row ("Patch 1"). */
export function TargetFields({ prefix, value, onChange, error }: { prefix: string; value: TargetRow; onChange: (t: TargetRow) => void; error: (key: string) => string | null | undefined }) {
  return (
    <div className={styles.grid}>
      {TARGET_KEYS.map((k) => (
        <TextField
          key={k}
          label={`${prefix} target ${TARGET_LABELS[k]}`}
          value={value[k]}
          onChange={(e) => onChange({ ...value, [k]: e.target.value })}
          error={error(`target.${k}`)}
          placeholder={k === 'kind' ? 'Deployment' : k === 'labelSelector' ? 'app=web' : undefined}
          mono
          autoComplete="off"
          spellCheck={false}
        />
      ))}
    </div>
  );
}
