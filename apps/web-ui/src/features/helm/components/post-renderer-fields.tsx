import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import { emptyImage, emptyPatch, emptyPostRenderer, type ImageRow, type PatchRow, type PostRendererRow } from './post-renderers-model';
import { TargetFields } from './target-fields';
import styles from '../../../components/form.module.css';

/**
 * `spec.postRenderers`: kustomize patches and image replacements over the rendered chart, one card per
 * post-renderer in Flux's order. Most releases have one, so the first card's fields keep short names ("Patch 1
 * YAML"); a later card's names start with its number ("Post-renderer 2 patch 1 YAML").
 */
export function PostRendererFields({ rows, onChange, error }: { rows: PostRendererRow[]; onChange: (rows: PostRendererRow[]) => void; error: (field: string) => string | null | undefined }) {
  const shown = rows.length ? rows : [emptyPostRenderer()];
  const set = (r: number, p: Partial<PostRendererRow>) => onChange(shown.map((row, n) => (n === r ? { ...row, ...p } : row)));
  return (
    <>
      {shown.map((row, r) => (
        <PostRendererCard
          key={r}
          index={r}
          count={shown.length}
          row={row}
          onChange={(p) => set(r, p)}
          onAdd={r === shown.length - 1 ? () => onChange([...shown, emptyPostRenderer()]) : undefined}
          onRemove={shown.length > 1 ? () => onChange(shown.filter((_, n) => n !== r)) : undefined}
          error={(f) => error(`postRenderers.${r}.${f}`)}
          problem={error(`postRenderers.${r}`)}
        />
      ))}
      {error('postRenderers') && <p className={styles.error}>{error('postRenderers')}</p>}
    </>
  );
}

function PostRendererCard({
  index,
  count,
  row,
  onChange,
  onAdd,
  onRemove,
  error,
  problem,
}: {
  index: number;
  count: number;
  row: PostRendererRow;
  onChange: (p: Partial<PostRendererRow>) => void;
  onAdd?: () => void;
  onRemove?: () => void;
  error: (field: string) => string | null | undefined;
  /** A problem of this post-renderer as a whole (a field the form does not show). */
  problem: string | null | undefined;
}) {
  const { patches, images } = row;
  const n = index + 1;
  // Names unique on the page: the first post-renderer's are short, the others say which one they belong to.
  const name = (what: string) => (index === 0 ? what : `Post-renderer ${n} ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  const setPatch = (i: number, p: Partial<PatchRow>) => onChange({ patches: patches.map((r, k) => (k === i ? { ...r, ...p } : r)) });
  const setImage = (i: number, p: Partial<ImageRow>) => onChange({ images: images.map((r, k) => (k === i ? { ...r, ...p } : r)) });
  return (
    <Card
      title={count > 1 ? `Post-renderer ${n} (kustomize)` : 'Post-renderer (kustomize)'}
      actions={
        <>
          <Button size="sm" onClick={() => onChange({ patches: [...patches, emptyPatch()] })}>
            {index === 0 ? 'Add patch' : `Add patch to post-renderer ${n}`}
          </Button>
          <Button size="sm" onClick={() => onChange({ images: [...images, emptyImage()] })}>
            {index === 0 ? 'Add image' : `Add image to post-renderer ${n}`}
          </Button>
          {onAdd && (
            <Button size="sm" variant="secondary" onClick={onAdd}>
              Add post-renderer
            </Button>
          )}
          {onRemove && (
            <Button size="sm" variant="dangerOutline" onClick={onRemove}>
              Remove post-renderer {n}
            </Button>
          )}
        </>
      }
    >
      {index > 0 && <p className={styles.hint}>Runs over the output of post-renderer {index}.</p>}
      {patches.length === 0 && images.length === 0 && (
        <p className={styles.hint}>{count === 1 ? 'None: the chart’s objects are applied as helm renders them.' : 'Empty: left out when saved.'}</p>
      )}
      {patches.map((p, i) => (
        <fieldset key={`p${i}`} className={styles.fieldset} aria-label={name(`Patch ${i + 1}`)}>
          <legend className={styles.legend}>Patch {i + 1}</legend>
          <TextareaField
            label={name(`Patch ${i + 1} YAML`)}
            hint="A strategic merge patch, or a JSON 6902 patch (a list of operations) with a target."
            value={p.patch}
            onChange={(e) => setPatch(i, { patch: e.target.value })}
            error={error(`patches.${i}.patch`)}
            rows={5}
          />
          <TargetFields prefix={name(`Patch ${i + 1}`)} value={p.target} onChange={(target) => setPatch(i, { target })} error={(k) => error(`patches.${i}.${k}`)} />
          <Button size="sm" variant="dangerOutline" onClick={() => onChange({ patches: patches.filter((_, k) => k !== i) })}>
            {index === 0 ? `Remove patch ${i + 1}` : `Remove post-renderer ${n} patch ${i + 1}`}
          </Button>
        </fieldset>
      ))}
      {images.map((img, i) => (
        <fieldset key={`i${i}`} className={styles.fieldset} aria-label={name(`Image ${i + 1}`)}>
          <legend className={styles.legend}>Image {i + 1}</legend>
          <div className={styles.grid}>
            <TextField label={name(`Image ${i + 1} name`)} hint="The image to replace." value={img.name} onChange={(e) => setImage(i, { name: e.target.value })} error={error(`images.${i}.name`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={name(`Image ${i + 1} new name`)} value={img.newName} onChange={(e) => setImage(i, { newName: e.target.value })} error={error(`images.${i}.newName`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={name(`Image ${i + 1} new tag`)} value={img.newTag} onChange={(e) => setImage(i, { newTag: e.target.value })} error={error(`images.${i}.newTag`)} mono autoComplete="off" spellCheck={false} />
            <TextField label={name(`Image ${i + 1} digest`)} value={img.digest} onChange={(e) => setImage(i, { digest: e.target.value })} error={error(`images.${i}.digest`)} placeholder="sha256:…" mono autoComplete="off" spellCheck={false} />
          </div>
          <Button size="sm" variant="dangerOutline" onClick={() => onChange({ images: images.filter((_, k) => k !== i) })}>
            {index === 0 ? `Remove image ${i + 1}` : `Remove post-renderer ${n} image ${i + 1}`}
          </Button>
        </fieldset>
      ))}
      {problem && <p className={styles.error}>{problem}</p>}
    </Card>
  );
}
