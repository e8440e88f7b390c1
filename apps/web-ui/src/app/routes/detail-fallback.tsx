import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, SkeletonRows } from '../../components/layout';
import { isApiError } from '../../lib/api-error';

/** What a detail page shows while its query loads or after it failed (404 named as such). */
export function DetailFallback(props: {
  label: string;
  back: ReactNode;
  error: unknown;
  notFound: string;
  loadFailed: string;
}) {
  return (
    <Page label={props.label}>
      {props.back}
      {props.error ? (
        <ErrorAlert
          error={props.error}
          title={isApiError(props.error, 'NOT_FOUND') ? props.notFound : props.loadFailed}
        />
      ) : (
        <Card>
          <SkeletonRows />
        </Card>
      )}
    </Page>
  );
}
