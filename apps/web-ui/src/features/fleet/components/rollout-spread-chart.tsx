import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { shortRevision } from '@flotilla/reconcile-core/revision';
import type { RolloutSpread } from '../api/rollout';
import styles from './rollout.module.css';

// Newest first, as the summary lists them; theme colours follow light and dark.
const COLOURS = ['var(--accent)', 'var(--success)', 'var(--warning)', 'var(--danger)', 'var(--text-muted)'];

const time = (ms: number): string => new Date(ms).toLocaleString();

/**
 * The cumulative count of clusters that had reported each revision, over time. The legend below says every
 * line's last count and when its first cluster reported it; the drawing is hidden from assistive technology.
 */
export function RolloutSpreadChart({ spread }: { spread: RolloutSpread }) {
  const series = spread.map((s, i) => ({
    revision: s.revision,
    colour: COLOURS[i % COLOURS.length]!,
    data: s.points.map((p) => ({ at: new Date(p.at).getTime(), clusters: p.clusters })),
  }));
  return (
    <figure className={styles.figure} aria-label="How the newest revisions spread">
      <div aria-hidden="true">
        <LineChart width={640} height={220} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ms: number) => new Date(ms).toLocaleTimeString()}
            stroke="var(--text-muted)"
          />
          <YAxis allowDecimals={false} stroke="var(--text-muted)" />
          {series.map((s) => (
            <Line
              key={s.revision}
              data={s.data}
              dataKey="clusters"
              name={shortRevision(s.revision)}
              type="stepAfter"
              stroke={s.colour}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </div>
      <figcaption>
        <ul className={styles.revisions}>
          {series.map((s) => (
            <li key={s.revision} className={styles.revisionItem} data-spread={s.revision}>
              <span className={styles.meter} style={{ width: 16, background: s.colour }} aria-hidden="true" />
              <code title={s.revision}>{shortRevision(s.revision)}</code>
              <span>
                {s.data.at(-1)?.clusters ?? 0} clusters by {s.data.at(-1) ? time(s.data.at(-1)!.at) : '—'},
                the first by {s.data[0] ? time(s.data[0].at) : '—'}
              </span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
