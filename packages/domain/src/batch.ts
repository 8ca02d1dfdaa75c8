/** drizzle's batch() takes a non-empty tuple; this checks and narrows a list built at run time. */
export function nonEmpty<T>(items: T[]): [T, ...T[]] {
  if (items.length === 0) throw new Error("a batch needs at least one statement");
  return items as [T, ...T[]];
}
