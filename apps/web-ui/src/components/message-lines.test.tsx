import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { MessageLines } from './message-lines';

describe('MessageLines', () => {
  it('keeps each line of a multi-line Flux message on its own line instead of running them together', () => {
    const { container } = render(
      <MessageLines message={'Deployment/apps/web not ready\n\nService/apps/web: no endpoints'} />,
    );
    const lines = [...container.querySelectorAll('span')].map((s) => s.textContent);
    expect(lines).toEqual(['Deployment/apps/web not ready', 'Service/apps/web: no endpoints']);
  });

  it('shows a one-line message as plain text, and nothing for none', () => {
    expect(render(<MessageLines message="Applied revision: main@sha1:abc" />).container.innerHTML).toBe(
      'Applied revision: main@sha1:abc',
    );
    expect(render(<MessageLines message={null} />).container.innerHTML).toBe('');
  });
});
