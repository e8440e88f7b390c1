import type { Locator, Page } from 'playwright-core';

/**
 * Signs in at the hub's login page, opens Helm and adds a HelmRepository in its dialog, as an operator does;
 * resolves with the repository's row in the Helm repositories table.
 */
export async function addHelmRepositoryAs(page: Page, opts: { hubUrl: string; username: string; password: string; name: string; url: string }): Promise<Locator> {
  await page.goto(`${opts.hubUrl}/login`);
  // The form is filled once the app has settled on it (it may render it again when the session check answers).
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Username', { exact: true }).fill(opts.username);
  await page.getByLabel('Password', { exact: true }).fill(opts.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Helm' }).click();
  await page.getByRole('button', { name: 'Add Helm repository' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Helm repository' });
  await dialog.getByLabel('Name', { exact: true }).fill(opts.name);
  await dialog.getByLabel('URL', { exact: true }).fill(opts.url);
  await dialog.getByRole('button', { name: 'Add Helm repository' }).click();
  return page.getByRole('table', { name: 'Helm repositories' }).getByRole('row', { name: new RegExp(`flotilla-system/${opts.name}\\b`) });
}
