/** An artifact's files in memory: relative POSIX paths (no leading `./`) to their bytes. */
export type FileTree = ReadonlyMap<string, Uint8Array>;

export function fileTreeFromStrings(files: Record<string, string>): FileTree {
  return new Map(Object.entries(files).map(([p, text]) => [p, new TextEncoder().encode(text)]));
}
