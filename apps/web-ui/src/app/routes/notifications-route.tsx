import { Page, PageHeader } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AlertsSection } from '../../features/notifications/components/alerts-section';
import { ProvidersSection } from '../../features/notifications/components/providers-section';
import { ReceiversSection } from '../../features/notifications/components/receivers-section';

export function NotificationsRoute() {
  useDocumentTitle('Notifications');
  return (
    <Page label="Notifications">
      <PageHeader
        title="Notifications"
        subtitle="Providers and Alerts send the fleet's events out; Receivers take webhooks in and reconcile at once."
      />
      <ProvidersSection />
      <AlertsSection />
      <ReceiversSection />
    </Page>
  );
}
