import { lazy, Suspense } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Card, SkeletonRows } from '../../../components/layout';
import { useFleetSummary } from '../api/get-fleet-summary';
import { ATTENTION_PAGE, useFleetAttention } from '../api/list-fleet-attention';
import { ActivityTimeline } from './activity-timeline';
import { AttentionList } from './attention-list';
import styles from './fleet.module.css';

// The chart library is loaded apart from the page's code, so the counts and lists do not wait for it.
const HealthCharts = lazy(() => import('./health-charts').then((m) => ({ default: m.HealthCharts })));

/** The fleet at a glance: health counts drawn and in words, what needs attention, and the live activity. */
export function FleetOverview() {
  const summary = useFleetSummary();
  const attention = useFleetAttention();
  const total = attention.data?.totalCount ?? 0;
  return (
    <>
      <Card title="Health">
        {summary.isPending ? (
          <SkeletonRows rows={2} />
        ) : summary.isError ? (
          <ErrorAlert error={summary.error} title="Could not load the fleet's health" />
        ) : (
          <div className={styles.grid}>
            <Suspense fallback={<SkeletonRows rows={2} />}>
              <HealthCharts summary={summary.data} />
            </Suspense>
          </div>
        )}
      </Card>
      <div className={styles.grid}>
        <Card
          bodyless
          title={attention.data ? `Needs attention (${total})` : 'Needs attention'}
          footer={
            total > ATTENTION_PAGE ? (
              <span>
                Showing the first {ATTENTION_PAGE} of {total}.
              </span>
            ) : undefined
          }
        >
          {attention.isPending ? (
            <SkeletonRows />
          ) : attention.isError ? (
            <div style={{ padding: 16 }}>
              <ErrorAlert error={attention.error} title="Could not load what needs attention" />
            </div>
          ) : (
            <AttentionList items={attention.data.items} />
          )}
        </Card>
        <Card bodyless title="Activity">
          <ActivityTimeline />
        </Card>
      </div>
    </>
  );
}
