/**
 * The layers of functions/, as rules dependency-cruiser checks on the real imports (README,
 * "Architecture"). Each layer imports only from the layers below it:
 *
 *   domain       ← nothing else of ours (pure: records, policy, money, state machine, wording)
 *   views        ← domain
 *   application  ← domain, views
 *   adapters     ← domain, views, application (to implement its ports), config
 *   edge         ← domain, views, application, adapters, config
 *   handlers     ← all of the above
 *   config       ← nothing else of ours (the deployment manifest infra/ and local/ read)
 *
 * and nothing in functions/ or cli/ imports in a circle. functions/ never imports from the
 * folders around it (infra/, local/, cli/, bench/, tools/, tests/).
 *
 * Run: `npm run lint:layers` (tools/check-layers.ts: these rules, less the documented allowlist of
 * known violations being removed), or `npx depcruise functions cli` for the raw report.
 * tests/architecture/layers.test.ts runs the same check in `npm test`.
 */
/** A rule that forbids a layer to import any folder of functions/ outside `allowed`. */
const layer = (name, allowed, comment) => ({
  name: `${name}-imports-only-${allowed.length ? allowed.join('-') : 'itself'}`,
  comment,
  severity: 'error',
  from: { path: `^functions/${name}/` },
  to: { path: '^functions/', pathNot: `^functions/(${[name, ...allowed].join('|')})/` },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    layer('domain', [], 'The domain is pure: records, schemas, policy, money, wording. No storage attribute, no config, no HTTP.'),
    layer('views', ['domain'], 'Views take domain records and return strings (pages, emails, copies, feeds, PDFs).'),
    layer('application', ['domain', 'views'], 'Use cases see storage, mail and HTTP only through ports they define.'),
    layer('adapters', ['domain', 'views', 'application', 'config'], 'Adapters implement the application\'s ports; they never reach up into edge or handlers.'),
    layer('edge', ['domain', 'views', 'application', 'adapters', 'config'], 'The HTTP edge wires adapters into use cases; handlers sit on top of it.'),
    layer('config', [], 'The deployment manifest is read by infra/ and local/: it depends on no code of functions/.'),
    {
      name: 'functions-stay-inside',
      comment: 'Lambda code never imports the CDK app, the local stack, the CLI, the bench, build tools or tests.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|local|cli|bench|tools|tests)/' },
    },
    {
      name: 'no-circular',
      comment: 'No import circle in functions/ or cli/: a circle is one module split across files.',
      severity: 'error',
      from: { path: '^(functions|cli)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
