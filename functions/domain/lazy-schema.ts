/**
 * A value built on its first use instead of at module load, with the same object API.
 *
 * Building a zod schema is not free: every `z.string()`, `z.object()`… makes an instance with bound
 * methods, and the first ones compile zod's code. The article, rate-card and request schemas cost
 * ~25 ms of a cold start together (README "Performance"), paid at import by every function that
 * imports those modules — most of which never validate an article or a rate card (they import the
 * module for `useTypes`, a type, `trimmed`…). Wrapped in `lazySchema`, a schema is built the first
 * time anything reads a property of it (`.safeParse`, `._zod` when another schema composes it), once.
 *
 * It is a Proxy forwarding every operation to the built value, so `schema.safeParse(x)`,
 * `z.object({ id: schema })`, `z.extend(schema, …)`, `z.infer<typeof schema>` and JSON Schema
 * generation work unchanged (tests/unit/lazy-schema.test.ts). Call sites write
 * `/* @__PURE__ *\/ lazySchema(…)` (esbuild does not carry `@__NO_SIDE_EFFECTS__` across modules), so a
 * bundle that never reads a lazy schema drops it, and the zod code only it used.
 */
import * as z from 'zod/mini';

/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built) return built;
    built = build();
    // Metadata (`z.describe`) lives in zod's registry under the built object; the proxy is what
    // other schemas and JSON Schema generation hold, so it is registered under the proxy too.
    const meta = z.globalRegistry.get(built as never);
    if (meta) z.globalRegistry.add(proxy as never, meta);
    return built;
  };
  // The target stays an empty extensible object: no Proxy invariant ties the traps' answers to it.
  const proxy: T = new Proxy(Object.create(null) as T, {
    get: (_target, key) => Reflect.get(real(), key),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // Reported configurable: the (empty) target has no such property, and a Proxy may not report
      // a non-configurable property its target lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}
