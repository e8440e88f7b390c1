import { Cell, Pie, PieChart } from 'recharts';
import type { FleetSummary } from '../api/get-fleet-summary';
import styles from './fleet.module.css';

interface Slice {
  key: string;
  label: string;
  value: number;
  color: string;
}

// Theme colours come from the CSS variables, so the charts follow light and dark like the rest of the UI.
const clusterSlices = (c: FleetSummary['clusters']): Slice[] => [
  { key: 'connected', label: 'Connected', value: c.connected, color: 'var(--success)' },
  { key: 'disconnected', label: 'Disconnected', value: c.disconnected, color: 'var(--danger)' },
  { key: 'pending', label: 'Pending', value: c.pending, color: 'var(--warning)' },
  { key: 'revoked', label: 'Revoked', value: c.revoked, color: 'var(--text-muted)' },
];

const objectSlices = (o: FleetSummary['objects']): Slice[] => [
  { key: 'ready', label: 'Ready', value: o.ready, color: 'var(--success)' },
  { key: 'progressing', label: 'Progressing', value: o.progressing, color: 'var(--warning)' },
  { key: 'failing', label: 'Failing', value: o.failing, color: 'var(--danger)' },
  { key: 'stalled', label: 'Stalled', value: o.stalled, color: 'var(--danger-hover)' },
  { key: 'suspended', label: 'Suspended', value: o.suspended, color: 'var(--text-muted)' },
];

/**
 * A donut beside its legend. The legend is the text equivalent (every count in words); the drawing is
 * hidden from assistive technology, which would otherwise read unlabeled SVG paths.
 */
function Donut({ title, slices }: { title: string; slices: Slice[] }) {
  const total = slices.reduce((n, s) => n + s.value, 0);
  const shown = slices.filter((s) => s.value > 0);
  return (
    <figure className={styles.figure} aria-label={title}>
      <div aria-hidden="true">
        {/* The keyboard layer would put a focusable element inside a hidden drawing; the legend is the text. */}
        <PieChart width={120} height={120} accessibilityLayer={false}>
          <Pie
            data={shown.length ? shown : [{ key: 'none', label: 'None', value: 1, color: 'var(--border)' }]}
            dataKey="value"
            nameKey="label"
            innerRadius={36}
            outerRadius={56}
            isAnimationActive={false}
            rootTabIndex={-1}
            stroke="var(--surface)"
          >
            {(shown.length ? shown : [{ key: 'none', color: 'var(--border)' }]).map((s) => (
              <Cell key={s.key} fill={s.color} />
            ))}
          </Pie>
        </PieChart>
      </div>
      <figcaption>
        <strong>
          {total} {title.toLowerCase()}
        </strong>
        <ul className={styles.legend}>
          {slices.map((s) => (
            <li key={s.key} className={styles.legendItem} data-slice={s.key}>
              <span className={styles.swatch} style={{ background: s.color }} aria-hidden="true" />
              <span className={styles.count}>{s.value}</span> {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function HealthCharts({ summary }: { summary: FleetSummary }) {
  return (
    <>
      <Donut title="Clusters" slices={clusterSlices(summary.clusters)} />
      <Donut title="Flux objects" slices={objectSlices(summary.objects)} />
    </>
  );
}
