import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KeyValueRow } from '../lib/kubernetes/label-validation';
import { KeyValueEditor } from './key-value-editor';

function Harness({ initial, readOnly }: { initial: KeyValueRow[]; readOnly?: boolean }) {
  const [rows, setRows] = useState(initial);
  return (
    <>
      <KeyValueEditor
        legend="Labels"
        noun="label"
        rows={rows}
        errors={rows.map(() => ({}))}
        onChange={setRows}
        readOnly={readOnly}
      />
      <output data-testid="rows">{JSON.stringify(rows)}</output>
    </>
  );
}

describe('KeyValueEditor', () => {
  it('adds, edits and removes rows, each input named by its row', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        initial={[
          { key: 'env', value: 'prod' },
          { key: 'tier', value: 'web' },
        ]}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Remove label 1' }));
    expect(screen.getByTestId('rows')).toHaveTextContent('[{"key":"tier","value":"web"}]');
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 2 key'), 'region');
    expect(screen.getByTestId('rows')).toHaveTextContent(
      '[{"key":"tier","value":"web"},{"key":"region","value":""}]',
    );
    expect(screen.getByRole('group', { name: 'Labels' })).toBeInTheDocument();
  });

  it('read-only: no add or remove, inputs are readonly', () => {
    render(<Harness initial={[{ key: 'env', value: 'prod' }]} readOnly />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByLabelText('Label 1 key')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Label 1 value')).toHaveAttribute('readonly');
  });
});
