import tseslint from 'typescript-eslint';

/** src/app only through src/app/index.js, which says what the application layer offers. */
const APP_ONLY_THROUGH_INDEX = { regex: '(^|/)app/(?!index\\.js$)', message: 'Adapters import src/app only through src/app/index.js.' };
/** In a folder of src/app: its own files (../x.js), the core and the store. */
const APP_IN_FOLDER = { regex: '^\\.\\./\\.\\./(?!core/|store/)|^\\.\\./\\.\\./\\.\\./', message: 'src/app imports only src/core and src/store.' };
/** The store only through src/app/index.js, which re-exports what an adapter may do with it (open, back up, restore…). */
const NO_STORE = { regex: '(^|/)store/', message: 'Adapters never import src/store: go through the services, or what src/app/index.js re-exports.' };
/** Another adapter only through its entry: the server, report and importer through index.js, the web through plugin.js. */
const entryOnly = (adapter) => ({
  server: { regex: '(^|/)server/(?!index\\.js$)', message: 'Other adapters import src/server only through src/server/index.js.' },
  web: { regex: '(^|/)web/(?!plugin\\.js$)', message: 'Other adapters import src/web only through src/web/plugin.js (webPlugin).' },
  report: { regex: '(^|/)report/(?!index\\.js$)', message: 'Other adapters import src/report only through src/report/index.js.' },
  importer: { regex: '(^|/)importer/(?!index\\.js$)', message: 'Other adapters import src/importer only through src/importer/index.js.' },
  cli: { regex: '(^|/)cli/', message: 'Nothing imports the command line: it is the outermost adapter.' },
})[adapter];
/** What an adapter may not import: the store, src/app's insides, and the other adapters' insides. */
const adapterLayers = (self) => ({
  'no-restricted-imports': ['error', { patterns: [APP_ONLY_THROUGH_INDEX, NO_STORE, ...['server', 'web', 'report', 'importer', 'cli'].filter((a) => a !== self).map(entryOnly)] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-output/**', 'src/web/assets/vendor/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: no file system, network, process or database.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'http', 'pg', '@electric-sql/*', 'fastify', '**/store/**', '**/server/**', '**/cli/**', '**/web/**', '**/report/**', '**/importer/**'] }],
      'no-restricted-globals': ['error', 'process', 'fetch', 'require'],
    },
  },
  // The layers: adapters (web, API, command line) use the application layer only through its index, never the
  // store (src/app/index.js re-exports what they may do with it), and each other only through their entries.
  { files: ['src/server/**/*.ts'], rules: adapterLayers('server') },
  { files: ['src/cli/**/*.ts'], rules: adapterLayers('cli') },
  // The web reads and writes only through the services: never the store.
  { files: ['src/web/**/*.ts'], rules: adapterLayers('web') },
  {
    // Page routes are declared on ctx.signedIn / ctx.open (one sign-in preHandler, typed params, query and body),
    // never on the bare app; there is one error page (src/web/plugin.ts) and one view environment (src/web/views.ts).
    files: ['src/web/**/*.ts'],
    ignores: ['src/web/client/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "TSAsExpression MemberExpression[object.name='request'][property.name=/^(params|query|body)$/]", message: 'Declare the route on ctx.signedIn / ctx.open (src/web/route.ts): params, query and body are typed there, no casts.' },
      ],
    },
  },
  {
    files: ['src/web/routes/**/*.ts', 'src/web/sampling/**/*.ts', 'src/web/library/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "TSAsExpression MemberExpression[object.name='request'][property.name=/^(params|query|body)$/]", message: 'Declare the route on ctx.signedIn / ctx.open (src/web/route.ts): params, query and body are typed there, no casts.' },
        { selector: "CallExpression[callee.object.name='app'][callee.property.name=/^(get|post|put|patch|delete|route)$/]", message: 'Add pages with ctx.signedIn.get/post (or ctx.open for pages without sign-in), so the sign-in check is declared once.' },
        { selector: "CallExpression[callee.property.name=/^set(Error|NotFound)Handler$/]", message: 'The web has one error page: src/web/plugin.ts.' },
        { selector: "NewExpression[callee.property.name='Environment']", message: 'The web has one view environment: createViewEnvironment in src/web/views.ts.' },
      ],
    },
  },
  {
    // The published report is rendered from data alone: it imports only the core (and libraries).
    files: ['src/report/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!core/)', message: 'src/report imports only src/core: it renders the report data it is given.' }] }],
    },
  },
  {
    // The application layer (use cases) builds on the core and the store only.
    files: ['src/app/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!core/|store/)', message: 'src/app imports only src/core and src/store.' }] }],
    },
  },
  {
    files: ['src/app/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [APP_IN_FOLDER] }],
    },
  },
  {
    // Known exception: the library's use cases read uploaded published reports with the importer (PDF/text to
    // data, re-checked by the rating engine). The importer is to move behind the core or into src/app; until then
    // only these files may use it (published.ts: a published inspection in the importer's shape).
    files: ['src/app/library/service.ts', 'src/app/library/fields.ts', 'src/app/library/published.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./(?!core/|store/|importer/)|^\\.\\./\\.\\./\\.\\./', message: 'src/app imports only src/core and src/store (the library also the importer).' }] }],
    },
  },
);
