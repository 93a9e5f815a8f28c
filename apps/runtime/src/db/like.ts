/**
 * Prisma passes `contains` / `startsWith` to (I)LIKE as they are: a "%" or "_" typed into a search
 * would match anything. Every search on user text goes through this.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
