import type { ReactElement } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createQueryClient } from '../src/app/query-client';

/** Renders a page under the real query client setup and a memory router at `path`. */
export function renderRoute(
  element: ReactElement,
  { path = '/', pattern = '/' }: { path?: string; pattern?: string } = {},
) {
  const queryClient = createQueryClient();
  const router = createMemoryRouter(
    [
      { path: pattern, element },
      { path: '*', element: <div>elsewhere</div> },
    ],
    { initialEntries: [path] },
  );
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, queryClient, router };
}
