// Text typed into a search box goes into LIKE patterns escaped: % and _ are characters people may type,
// never wildcards they meant (a lone "%" must not list the whole book).
import { sql } from 'kysely';

/** `column LIKE before || text || after ESCAPE '\'`, with the text's own % _ \ escaped. */
export function likeText(column: string, before: '%' | '', text: string, after: '%' | '') {
  const escaped = text.replace(/[%_\\]/g, (c) => `\\${c}`);
  return sql<boolean>`${sql.ref(column)} like ${before + escaped + after} escape '\\'`;
}
