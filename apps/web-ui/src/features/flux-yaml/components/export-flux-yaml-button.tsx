import { useState } from 'react';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/api-error';
import { showToast } from '../../../lib/toast-store';
import { exportFluxYaml } from '../api/export-flux-yaml';

/** Downloads the hub's Flux objects (sources, image kinds, Kustomizations, HelmReleases) as one Flux YAML file (`flotilla export` in the UI). */
export function ExportFluxYamlButton() {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const yaml = await exportFluxYaml();
      const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'flotilla-export.yaml';
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      showToast(`Export failed: ${describeError(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button busy={busy} onClick={() => void download()}>
      Export
    </Button>
  );
}
