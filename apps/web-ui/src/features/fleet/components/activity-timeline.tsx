import { ErrorAlert } from '../../../components/alert';
import { EventList } from '../../../components/event-list';
import { SelectField } from '../../../components/select-field';
import { SkeletonRows } from '../../../components/layout';
import { TextField } from '../../../components/text-field';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import { FLUX_KINDS } from '@flotilla/reconcile-core/kinds';
import { useFleetActivity } from '../api/list-fleet-activity';
import { useActivityFilters } from '../hooks/use-activity-filters';
import styles from './fleet.module.css';

/** The fleet's newest events, filtered by severity, kind and cluster labels; live through invalidation. */
export function ActivityTimeline() {
  const { filters, setFilters } = useActivityFilters();
  const selectorError = filters.selector.trim() === '' ? null : labelSelectorError(filters.selector);
  const activity = useFleetActivity(filters, { enabled: selectorError === null });
  return (
    <>
      <div className={styles.filters} role="group" aria-label="Activity filters">
        <SelectField
          label="Severity"
          value={filters.severity}
          onChange={(e) =>
            setFilters({
              severity: e.target.value === 'info' || e.target.value === 'error' ? e.target.value : '',
            })
          }
        >
          <option value="">Any</option>
          <option value="error">Errors</option>
          <option value="info">Info</option>
        </SelectField>
        <SelectField label="Kind" value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value })}>
          <option value="">Any</option>
          {Object.keys(FLUX_KINDS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Cluster labels"
          placeholder="env=prod"
          defaultValue={filters.selector}
          error={selectorError}
          onBlur={(e) => setFilters({ selector: e.target.value.trim() })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setFilters({ selector: e.currentTarget.value.trim() });
          }}
        />
      </div>
      {selectorError ? null : activity.isPending ? (
        <SkeletonRows />
      ) : activity.isError ? (
        <div style={{ padding: 16 }}>
          <ErrorAlert error={activity.error} title="Could not load the activity" />
        </div>
      ) : (
        <EventList
          showCluster
          emptyText="No events match."
          events={activity.data.items.map((e) => ({
            id: e.id,
            severity: e.severity === 'ERROR' ? 'error' : 'info',
            reason: e.reason,
            message: e.message,
            involvedKind: e.kind,
            involvedNamespace: e.namespace ?? null,
            involvedName: e.name,
            revision: e.revision ?? null,
            occurredAt: e.occurredAt,
            clusterName: e.clusterName,
          }))}
        />
      )}
    </>
  );
}
