import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert } from './alert';
import { SkeletonRows } from './layout';

/** A list card's body while its query loads, after it failed, when it came back empty, or with the rows. */
export function QueryCardBody<T>({
  query,
  errorTitle,
  empty,
  children,
}: {
  query: UseQueryResult<readonly T[]>;
  errorTitle: string;
  empty: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  if (query.isPending) return <SkeletonRows />;
  if (query.isError)
    return (
      <div style={{ padding: 16 }}>
        <ErrorAlert error={query.error} title={errorTitle} />
      </div>
    );
  return <>{query.data.length === 0 ? empty : children(query.data)}</>;
}
