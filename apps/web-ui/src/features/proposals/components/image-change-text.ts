/** `app:1.0.0 → app:1.0.1`: the last path segment of each image reference, as people name images. */
export function imageChangeText(oldValue: string, newValue: string): string {
  const short = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
  return `${short(oldValue)} → ${short(newValue)}`;
}
