import { useState } from 'react';
import { CheckboxField } from '../../components/checkbox-field';
import { Card, EmptyState, Page, PageHeader } from '../../components/layout';
import { QueryCardBody } from '../../components/query-card-body';
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
        <QueryCardBody
          query={proposals}
          errorTitle="Could not load proposals"
          empty={
            <EmptyState icon="⇄" title={all ? 'No proposals yet' : 'Nothing waiting'}>
              An ImageUpdateAutomation in proposal mode opens one when a policy picks a newer image.
            </EmptyState>
          }
        >
          {(items) => <ProposalsTable proposals={items} />}
        </QueryCardBody>
      </Card>
    </Page>
  );
}
