import { Page, PageHeader } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ImageAutomationsSection } from '../../features/images/components/image-automations-section';
import { ImagePoliciesSection } from '../../features/images/components/image-policies-section';
import { ImageRepositoriesSection } from '../../features/images/components/image-repositories-section';

export function ImagesRoute() {
  useDocumentTitle('Images');
  return (
    <Page label="Images">
      <PageHeader
        title="Images"
        subtitle="Registries scanned for tags, the policies that pick the latest image, and the automations that write it to git."
      />
      <ImageRepositoriesSection />
      <ImagePoliciesSection />
      <ImageAutomationsSection />
    </Page>
  );
}
