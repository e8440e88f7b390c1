import { useEffect, useState, type FormEvent } from 'react';
import { Button, buttonClassName } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import type { ClusterConnectionState, FleetClusterWorst } from '../../../lib/graphql/operation-types.gen';
import { SelectorFilter } from '../../clusters/components/selector-filter';
import type { ClusterTableFilters } from '../api/fleet-keys';
import { STATE_VALUES, WORST_VALUES } from '../hooks/use-cluster-table-params';
import styles from './cluster-table.module.css';

const WORST_TEXT: Record<FleetClusterWorst, string> = {
  STALLED: 'Stalled',
  FAILING: 'Failing',
  PROGRESSING: 'Progressing',
  SUSPENDED: 'Suspended',
  READY: 'All Ready',
  NONE: 'No objects',
};
const STATE_TEXT: Record<ClusterConnectionState, string> = {
  CONNECTED: 'Connected',
  DISCONNECTED: 'Disconnected',
  PENDING: 'Pending',
  REVOKED: 'Revoked',
};

const toggled = <T,>(list: readonly T[], value: T): T[] =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

function Toggles<T extends string>({
  legend,
  values,
  text,
  selected,
  onChange,
}: {
  legend: string;
  values: readonly T[];
  text: Record<T, string>;
  selected: readonly T[];
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className={styles.toggles}>
      <legend>{legend}</legend>
      {values.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={selected.includes(v)}
          className={buttonClassName(selected.includes(v) ? 'primary' : 'secondary', 'sm')}
          onClick={() => onChange(toggled(selected, v))}
        >
          {text[v]}
        </button>
      ))}
    </fieldset>
  );
}

/** Every filter of the cluster table; each change goes to the URL, which the table reads. */
export function ClusterTableFilterBar({
  filters,
  onChange,
}: {
  filters: ClusterTableFilters;
  onChange: (change: Partial<ClusterTableFilters>) => void;
}) {
  const [name, setName] = useState(filters.search);
  useEffect(() => setName(filters.search), [filters.search]);
  const submitName = (e: FormEvent) => {
    e.preventDefault();
    onChange({ search: name });
  };
  return (
    <div className={styles.filters}>
      <SelectorFilter value={filters.selector} onApply={(selector) => onChange({ selector })} />
      <form role="search" aria-label="Cluster name" onSubmit={submitName} style={{ display: 'flex', gap: 8 }}>
        <TextField
          label="Cluster name contains"
          hideLabel
          type="search"
          value={name}
          placeholder="Cluster name contains…"
          onChange={(e) => setName(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <Button type="submit">Find</Button>
      </form>
      <Toggles
        legend="Worst health"
        values={WORST_VALUES}
        text={WORST_TEXT}
        selected={filters.worst}
        onChange={(worst) => onChange({ worst })}
      />
      <button
        type="button"
        aria-pressed={filters.behind}
        className={buttonClassName(filters.behind ? 'primary' : 'secondary', 'sm')}
        onClick={() => onChange({ behind: !filters.behind })}
        title="Clusters with objects that attempted a revision they have not applied"
      >
        Behind a revision
      </button>
      {filters.reasons.length > 0 && (
        <fieldset className={styles.toggles}>
          <legend>Worst reason</legend>
          {filters.reasons.map((reason) => (
            <button
              key={reason}
              type="button"
              aria-pressed="true"
              aria-label={`${reason}: remove this reason from the filter`}
              className={buttonClassName('primary', 'sm')}
              onClick={() => onChange({ reasons: filters.reasons.filter((r) => r !== reason) })}
            >
              {reason} ×
            </button>
          ))}
        </fieldset>
      )}
      <Toggles
        legend="State"
        values={STATE_VALUES}
        text={STATE_TEXT}
        selected={filters.states}
        onChange={(states) => onChange({ states })}
      />
    </div>
  );
}
