/**
 * Upward imports that exist today and are being removed, each by the branch that owns it. The
 * layering check (tools/check-layers.ts, tests/architecture/layers.test.ts) passes while every
 * violation is listed here, fails on any violation that is not, and fails on an entry that no
 * longer occurs — so this list can only shrink.
 *
 * It is empty: every layer of functions/ imports only downward (issue 13 removed the last ones —
 * the use cases now read domain records, never adapters/entities/ items). Keep it empty: fix an
 * upward import rather than listing it.
 *
 * Each entry: [from, to, owner] — exact module paths, as dependency-cruiser reports them.
 */
export const knownViolations: readonly (readonly [from: string, to: string, owner: 'arch-storage' | 'arch-edge'])[] = [];
