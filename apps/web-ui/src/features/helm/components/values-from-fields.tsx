import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { DEFAULT_VALUES_KEY, emptyValuesFromRow, type ValuesFromKind, type ValuesFromRow } from './values-from-model';
import styles from '../../../components/form.module.css';

/** `spec.valuesFrom`: ConfigMaps and Secrets in each cluster, merged in order before the values below. */
export function ValuesFromFields({ rows, onChange, error }: { rows: ValuesFromRow[]; onChange: (rows: ValuesFromRow[]) => void; error: (field: string) => string | null | undefined }) {
  const set = (i: number, p: Partial<ValuesFromRow>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...p } : r)));
  return (
    <Card
      title="Values from ConfigMaps and Secrets"
      actions={
        <Button size="sm" onClick={() => onChange([...rows, emptyValuesFromRow()])}>
          Add values reference
        </Button>
      }
    >
      {rows.length === 0 && <p className={styles.hint}>None: the values come from the chart and the editor below. References are read in each cluster, in the HelmRelease’s namespace, and merged in order before the values below.</p>}
      {rows.map((r, i) => (
        <fieldset key={i} className={styles.fieldset} aria-label={`Values reference ${i + 1}`}>
          <legend className={styles.legend}>Values reference {i + 1}</legend>
          <div className={styles.grid}>
            <SelectField label={`Values reference ${i + 1} kind`} value={r.kind} onChange={(e) => set(i, { kind: e.target.value as ValuesFromKind })} error={error(`valuesFrom.${i}.kind`)}>
              <option value="ConfigMap">ConfigMap</option>
              <option value="Secret">Secret</option>
            </SelectField>
            <TextField label={`Values reference ${i + 1} name`} value={r.name} onChange={(e) => set(i, { name: e.target.value })} error={error(`valuesFrom.${i}.name`)} mono autoComplete="off" spellCheck={false} />
            <TextField
              label={`Values reference ${i + 1} key`}
              hint={`Default: ${DEFAULT_VALUES_KEY}.`}
              placeholder={DEFAULT_VALUES_KEY}
              value={r.valuesKey}
              onChange={(e) => set(i, { valuesKey: e.target.value })}
              error={error(`valuesFrom.${i}.valuesKey`)}
              mono
              autoComplete="off"
              spellCheck={false}
            />
            <TextField
              label={`Values reference ${i + 1} target path`}
              hint="Optional: set the key’s text at this path (helm --set syntax, e.g. ingress.hosts[0]) instead of merging it as YAML."
              value={r.targetPath}
              onChange={(e) => set(i, { targetPath: e.target.value })}
              error={error(`valuesFrom.${i}.targetPath`)}
              mono
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <CheckboxField label={`Values reference ${i + 1} optional`} hint="A missing ConfigMap, Secret or key is skipped instead of failing the release." checked={r.optional} onChange={(optional) => set(i, { optional })} />
          <Button size="sm" variant="dangerOutline" onClick={() => onChange(rows.filter((_, n) => n !== i))}>
            Remove values reference {i + 1}
          </Button>
        </fieldset>
      ))}
      {error('valuesFrom') && <p className={styles.error}>{error('valuesFrom')}</p>}
    </Card>
  );
}
