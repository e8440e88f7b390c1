import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import formStyles from '../../../components/form.module.css';
import { isoToLocalInput, localInputToIso, type AuditFilterValues } from '../hooks/use-audit-search-params';

/** The audit filters as a form: applied on submit, so typing does not query the hub on every key. */
export function AuditFilters({
  value,
  actions,
  onApply,
}: {
  value: AuditFilterValues;
  actions: readonly string[];
  onApply: (filter: AuditFilterValues) => void;
}) {
  const [draft, setDraft] = useState<AuditFilterValues>(value);
  const set = (key: keyof AuditFilterValues) => (v: string) => setDraft((d) => ({ ...d, [key]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label="Audit filters" className={formStyles.form}>
      <div className={formStyles.grid}>
        <TextField
          label="Actor"
          placeholder="username or agent:cluster"
          value={draft.actor ?? ''}
          onChange={(e) => set('actor')(e.target.value)}
        />
        <SelectField
          label="Action"
          value={draft.action ?? ''}
          onChange={(e) => set('action')(e.target.value)}
        >
          <option value="">Any action</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Target type"
          placeholder="user, cluster, apiToken…"
          value={draft.targetType ?? ''}
          onChange={(e) => set('targetType')(e.target.value)}
        />
        <TextField
          label="Target id"
          mono
          value={draft.targetId ?? ''}
          onChange={(e) => set('targetId')(e.target.value)}
        />
        <TextField
          label="From"
          type="datetime-local"
          value={isoToLocalInput(draft.since)}
          onChange={(e) => set('since')(localInputToIso(e.target.value))}
        />
        <TextField
          label="Until"
          type="datetime-local"
          value={isoToLocalInput(draft.until)}
          onChange={(e) => set('until')(localInputToIso(e.target.value))}
        />
      </div>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
