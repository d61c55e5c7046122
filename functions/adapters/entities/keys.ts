/** Key fragments shared by the entity modules. Only entity modules build keys; handlers never do. */
export type Key = { pk: string; sk: string };

/** Real DynamoDB rejects an empty string in a key attribute even where dynalite lets it pass. */
export function keyPart(value: string, what: string): string {
  if (!value) throw new Error(`empty ${what} in a DynamoDB key`);
  return value;
}
