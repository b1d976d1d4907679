/** Being written: see issue 14. */
export function run(_args: string[]): number {
  console.error('Not written yet.');
  return 1;
}
