import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import { emptyImage, emptyPatch, type ImageRow, type PatchRow } from './post-renderers-model';
import { TargetFields } from './target-fields';
import styles from '../../../components/form.module.css';

/** The first post-renderer of `spec.postRenderers`: kustomize patches and image replacements over the rendered chart. */
export function PostRendererFields({
  patches,
  images,
  others,
  onChange,
  error,
}: {
  patches: PatchRow[];
  images: ImageRow[];
  /** Stored post-renderers after the first, kept as they are. */
  others: number;
  onChange: (p: { patches?: PatchRow[]; images?: ImageRow[] }) => void;
  error: (field: string) => string | null | undefined;
}) {
  const setPatch = (i: number, p: Partial<PatchRow>) => onChange({ patches: patches.map((r, n) => (n === i ? { ...r, ...p } : r)) });
  const setImage = (i: number, p: Partial<ImageRow>) => onChange({ images: images.map((r, n) => (n === i ? { ...r, ...p } : r)) });
  return (
    <Card
      title="Post-renderer (kustomize)"
      actions={
        <>
          <Button size="sm" onClick={() => onChange({ patches: [...patches, emptyPatch()] })}>
            Add patch
          </Button>
          <Button size="sm" onClick={() => onChange({ images: [...images, emptyImage()] })}>
            Add image
          </Button>
        </>
      }
    >
      {patches.length === 0 && images.length === 0 && <p className={styles.hint}>None: the chart’s objects are applied as helm renders them.</p>}
      {others > 0 && <p className={styles.hint}>The release has {others} more post-renderer{others === 1 ? '' : 's'} after this one; kept as stored (edit them through the GraphQL API).</p>}
      {patches.map((p, i) => (
        <fieldset key={`p${i}`} className={styles.fieldset} aria-label={`Patch ${i + 1}`}>
          <legend className={styles.legend}>Patch {i + 1}</legend>
          <TextareaField
            label={`Patch ${i + 1} YAML`}
            hint="A strategic merge patch, or a JSON 6902 patch (a list of operations) with a target."
            value={p.patch}
            onChange={(e) => setPatch(i, { patch: e.target.value })}
            error={error(`patches.${i}.patch`)}
            rows={5}
          />
          <TargetFields prefix={`Patch ${i + 1}`} value={p.target} onChange={(target) => setPatch(i, { target })} error={(k) => error(`patches.${i}.${k}`)} />
          <Button size="sm" variant="dangerOutline" onClick={() => onChange({ patches: patches.filter((_, n) => n !== i) })}>
            Remove patch {i + 1}
          </Button>
        </fieldset>
      ))}
      {images.map((img, i) => (
        <fieldset key={`i${i}`} className={styles.fieldset} aria-label={`Image ${i + 1}`}>
          <legend className={styles.legend}>Image {i + 1}</legend>
          <div className={styles.grid}>
            <TextField label={`Image ${i + 1} name`} hint="The image to replace." value={img.name} onChange={(e) => setImage(i, { name: e.target.value })} error={error(`images.${i}.name`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={`Image ${i + 1} new name`} value={img.newName} onChange={(e) => setImage(i, { newName: e.target.value })} error={error(`images.${i}.newName`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={`Image ${i + 1} new tag`} value={img.newTag} onChange={(e) => setImage(i, { newTag: e.target.value })} error={error(`images.${i}.newTag`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={`Image ${i + 1} digest`} value={img.digest} onChange={(e) => setImage(i, { digest: e.target.value })} error={error(`images.${i}.digest`)} placeholder="sha256:…" mono autoComplete="off" spellCheck={false} />
          </div>
          <Button size="sm" variant="dangerOutline" onClick={() => onChange({ images: images.filter((_, n) => n !== i) })}>
            Remove image {i + 1}
          </Button>
        </fieldset>
      ))}
      {error('postRenderers') && <p className={styles.error}>{error('postRenderers')}</p>}
    </Card>
  );
}
