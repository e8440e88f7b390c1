import type { RecordedDifference } from '../scenario/scenario.schema.js';
import type { Snapshot } from './snapshot.js';

export interface Difference {
  path: string;
  flux: string;
  flotilla: string;
}

const ABSENT = '(none)';

/** Every path whose value differs between the two sides, in path order. */
export function compareSnapshots(flux: Snapshot, flotilla: Snapshot): Difference[] {
  const paths = [...new Set([...flux.keys(), ...flotilla.keys()])].sort();
  return paths.flatMap((path) => {
    const a = flux.get(path) ?? ABSENT;
    const b = flotilla.get(path) ?? ABSENT;
    return a === b ? [] : [{ path, flux: a, flotilla: b }];
  });
}

export const formatDifference = (d: Difference): string => `${d.path}: flux=${d.flux} flotilla=${d.flotilla}`;

/** A seen difference that the scenario recorded as deliberate. */
export const isRecorded = (d: Difference, recorded: readonly RecordedDifference[]): RecordedDifference | undefined =>
  recorded.find((r) => r.path === d.path && r.flux === d.flux && r.flotilla === d.flotilla);
