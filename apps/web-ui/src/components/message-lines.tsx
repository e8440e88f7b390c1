/**
 * A Flux status message as its lines: controllers join several findings with newlines (each failed health
 * check, each apply error), which HTML would run together into one sentence.
 */
export function MessageLines({ message }: { message: string | null | undefined }) {
  const lines = (message ?? '').split('\n').filter((l) => l.trim() !== '');
  if (lines.length <= 1) return <>{lines[0] ?? ''}</>;
  return (
    <>
      {lines.map((line, i) => (
        <span key={i} style={{ display: 'block' }}>
          {line}
        </span>
      ))}
    </>
  );
}
