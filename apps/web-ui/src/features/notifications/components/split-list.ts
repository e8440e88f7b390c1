/** `a, b,c` or one per line → ['a', 'b', 'c']: how the forms take lists. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
