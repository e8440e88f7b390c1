import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it('pads every column but the last and joins them with a tab, as flux get prints', () => {
    expect(
      formatTable(
        ['name', 'ready', 'message'],
        [
          ['apps', 'True', 'Applied'],
          ['a', 'Unknown', ''],
        ],
      ),
    ).toBe('NAME\tREADY  \tMESSAGE\napps\tTrue   \tApplied\na   \tUnknown\n');
  });

  it('keeps a multi-line cell on its row (an event listing each object it applied), so one row is one line', () => {
    expect(
      formatTable(
        ['reason', 'message'],
        [['Progressing', 'ConfigMap/default/demo created\nHelmRelease/default/web created\n']],
      ),
    ).toBe(
      'REASON     \tMESSAGE\nProgressing\tConfigMap/default/demo created HelmRelease/default/web created\n',
    );
  });
});
