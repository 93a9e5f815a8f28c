/**
 * The inbox's search key: title and customer name folded to lower case without accents, so
 * "MULLER", "müller" and "Müller" all find "Müller GmbH" whatever the database's collation (the
 * embedded PostgreSQL runs with the C locale, whose ILIKE folds ASCII only). Tasks store it in
 * `search_text` (trigram index); the query folds the search words the same way.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/\s+/g, ' ').trim();
}

/** What `tasks.search_text` holds for a task. */
export function taskSearchText(title: string, customerName: string | null | undefined): string {
  return foldForSearch(customerName ? `${title} ${customerName}` : title).slice(0, 2000);
}
