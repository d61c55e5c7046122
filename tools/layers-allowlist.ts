/**
 * Upward imports that exist today and are being removed, each by the branch that owns it. The
 * layering check (tools/check-layers.ts, tests/architecture/layers.test.ts) passes while every
 * violation is listed here, fails on any violation that is not, and fails on an entry that no
 * longer occurs — so this list can only shrink. The goal is an empty list.
 *
 * Owners (issue 13):
 * - arch-storage: domain records that are DynamoDB items (RequestItem and friends in
 *   adapters/entities/), the repository and mailer ports that use cases import from adapters/,
 *   and domain code that reads config/.
 * - arch-edge: use cases and adapters that import edge/ (the logger, HTTP problem types).
 *
 * Each entry: [from, to, owner] — exact module paths, as dependency-cruiser reports them.
 */
export const knownViolations: readonly (readonly [from: string, to: string, owner: 'arch-storage' | 'arch-edge'])[] = [
  ['functions/application/ports.ts', 'functions/adapters/entities/article.ts', 'arch-storage'],
  ['functions/application/ports.ts', 'functions/adapters/entities/compliance.ts', 'arch-storage'],
  ['functions/application/ports.ts', 'functions/adapters/entities/partner.ts', 'arch-storage'],
  ['functions/application/ports.ts', 'functions/adapters/entities/publisher-key.ts', 'arch-storage'],
  ['functions/application/ports.ts', 'functions/adapters/entities/usage.ts', 'arch-storage'],
  ['functions/application/article-updates.ts', 'functions/adapters/entities/article.ts', 'arch-storage'],
  ['functions/application/licensed-copy.ts', 'functions/adapters/entities/article.ts', 'arch-storage'],
  ['functions/application/licensed-copy.ts', 'functions/adapters/entities/usage.ts', 'arch-storage'],
  ['functions/application/licenses.ts', 'functions/adapters/entities/usage.ts', 'arch-storage'],
  ['functions/application/push-article.ts', 'functions/adapters/entities/article.ts', 'arch-storage'],
  ['functions/application/push-article.ts', 'functions/adapters/entities/publisher-key.ts', 'arch-storage'],
  ['functions/application/syndication.ts', 'functions/adapters/entities/article.ts', 'arch-storage'],
  ['functions/application/syndication.ts', 'functions/adapters/entities/partner.ts', 'arch-storage'],
  ['functions/application/usage.ts', 'functions/adapters/entities/usage.ts', 'arch-storage'],
];
