import { useState } from 'react';
import { ErrorAlert } from '../../components/alert';
import { CheckboxField } from '../../components/checkbox-field';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useProposals } from '../../features/proposals/api/list-proposals';
import { ProposalsTable } from '../../features/proposals/components/proposals-table';

export function ProposalsRoute() {
  useDocumentTitle('Proposals');
  const [all, setAll] = useState(false);
  const proposals = useProposals(!all);
  return (
    <Page label="Proposals">
      <PageHeader
        title="Update proposals"
        subtitle="Image updates waiting for approval: what changes in git and on every cluster, before it merges."
        actions={<CheckboxField label="Show closed ones too" checked={all} onChange={setAll} />}
      />
      <Card bodyless>
        {proposals.isPending ? (
          <SkeletonRows />
        ) : proposals.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={proposals.error} title="Could not load proposals" />
          </div>
        ) : proposals.data.length === 0 ? (
          <EmptyState icon="⇄" title={all ? 'No proposals yet' : 'Nothing waiting'}>
            An ImageUpdateAutomation in proposal mode opens one when a policy picks a newer image.
          </EmptyState>
        ) : (
          <ProposalsTable proposals={proposals.data} />
        )}
      </Card>
    </Page>
  );
}
