import { ErrorAlert } from '../../components/alert';
import { Button, buttonClassName } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useAuditActions } from '../../features/audit/api/list-audit-actions';
import { useAuditEntries } from '../../features/audit/api/list-audit-entries';
import { AuditFilters } from '../../features/audit/components/audit-filters';
import { AuditTable } from '../../features/audit/components/audit-table';
import {
  auditExportHref,
  toAuditFilterInput,
  useAuditSearchParams,
} from '../../features/audit/hooks/use-audit-search-params';
import { NotFoundRoute } from './not-found-route';

export function AuditRoute() {
  return useCan('audit:read') ? <AuditPage /> : <NotFoundRoute />;
}

function AuditPage() {
  useDocumentTitle('Audit log');
  const search = useAuditSearchParams();
  const actions = useAuditActions();
  const entries = useAuditEntries(toAuditFilterInput(search.filter), search.after);
  const exports = (
    <>
      <a className={buttonClassName('secondary', 'sm')} href={auditExportHref(search.filter, 'csv')} download>
        Export CSV
      </a>
      <a
        className={buttonClassName('secondary', 'sm')}
        href={auditExportHref(search.filter, 'json')}
        download
      >
        Export JSON
      </a>
    </>
  );
  const page = entries.data;
  return (
    <Page label="Audit log">
      <PageHeader
        title="Audit log"
        subtitle="Who did what, to what, when and from where; newest first. Exports hold the filtered entries (at most 100 000)."
        actions={exports}
      />
      <Card>
        {/* Remounted when the URL's filter changes (back/forward), so the form shows what is applied. */}
        <AuditFilters
          key={JSON.stringify(search.filter)}
          value={search.filter}
          actions={actions.data ?? []}
          onApply={search.setFilter}
        />
      </Card>
      <Card
        bodyless
        footer={
          page && (search.trail.length > 0 || page.pageInfo.hasNextPage) ? (
            <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
              <Button size="sm" disabled={search.trail.length === 0} onClick={search.previousPage}>
                Previous
              </Button>
              <Button
                size="sm"
                disabled={!page.pageInfo.hasNextPage}
                onClick={() => page.pageInfo.endCursor && search.nextPage(page.pageInfo.endCursor)}
              >
                Next
              </Button>
            </div>
          ) : undefined
        }
      >
        {entries.isPending ? (
          <SkeletonRows />
        ) : entries.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={entries.error} title="Could not load the audit log" />
          </div>
        ) : entries.data.edges.length > 0 ? (
          <AuditTable entries={entries.data.edges.map((e) => e.node)} />
        ) : (
          <EmptyState icon="≡" title="No entries">
            Nothing matches these filters.
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
