/** Layer and boundary rules of STYLE.md §2, checked by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import circles, type-only imports included (a type circle still ties the files together)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'every module is imported by something, or is an entry point (main.ts), a migration, a config, an ambient declaration',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: ['(^|/)main\\.ts$', '/migrations/', '(^|/)[^/]+\\.config\\.[cm]?[jt]s$', '\\.d\\.ts$', '\\.spec\\.ts$', '/testing/'],
      },
      to: {},
    },
    {
      name: 'compose-does-not-message',
      comment: 'libs/compose knows nothing of the notifications: the backend handlers publish them (libs/messaging)',
      severity: 'error',
      from: { path: '^libs/compose/' },
      to: { path: ['^libs/messaging/', 'node_modules/@odcs/messaging'] },
    },
    {
      name: 'engine-uses-compose-barrel',
      comment: 'libs/engine sees libs/compose only through @odcs/compose (libs/compose/src/index.ts), never its internals',
      severity: 'error',
      from: { path: '^libs/engine/' },
      to: { path: '^libs/compose/src/(?!index\\.ts$)' },
    },
    {
      name: 'domain-is-pure',
      comment: 'libs/compose/src/domain imports nothing from application, infrastructure, Nest, TypeORM, apps or other libs',
      severity: 'error',
      from: { path: '^libs/compose/src/domain' },
      to: { path: ['^libs/compose/src/(application|infrastructure)', '^apps/', '^libs/(?!compose)', 'node_modules/(@nestjs|typeorm)'] },
    },
    {
      name: 'application-not-infrastructure',
      severity: 'error',
      from: { path: '^libs/compose/src/application' },
      to: { path: '^libs/compose/src/infrastructure' },
    },
    {
      name: 'pungi-and-koji-stand-alone',
      comment: 'libs/pungi and libs/koji depend on no other odcs lib',
      severity: 'error',
      from: { path: '^libs/(pungi|koji)/src' },
      to: { path: '^libs/(?!pungi|koji)[^/]+/src' },
    },
    {
      name: 'apps-use-barrels',
      comment: 'apps import libs through @odcs/<lib>, never deep paths',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/(?!index\\.ts$)' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/(frontend|backend)/' },
      to: { path: '^apps/(?!$1)', pathNot: '^apps/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['dist/', '\\.spec\\.ts$', '/testing/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
