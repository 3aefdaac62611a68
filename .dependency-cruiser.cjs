// The house's dependency rule, checked by `npm run lint:deps` (part of `npm test`). Layers point inward:
// domain ← services ← slack / web / cli / app, with db under services and messages (words) beside the edges.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the rules: it imports nothing outside itself (no I/O, no Prisma, no Slack).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'services-use-domain-and-db',
      comment: 'Use cases import the domain and the database layer only, never an edge or the words.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(slack|app|cli|messages)/' },
    },
    {
      name: 'slack-reaches-data-through-services',
      comment: 'The Slack edge uses services, the domain and the words; never the database, app or cli.',
      severity: 'error',
      from: { path: '^src/slack/' },
      to: { path: '^src/(db|app|cli|generated)/' },
    },
    {
      name: 'web-reaches-data-through-services',
      comment:
        'The web pages (src/web) are an edge like Slack: services and the domain; never db, app or cli.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(db|app|cli|slack|jobs|generated)/' },
    },
    {
      name: 'messages-are-words-only',
      comment: 'src/messages turns domain and service problems into words; it reaches nothing with I/O.',
      severity: 'error',
      from: { path: '^src/messages/' },
      to: { path: '^src/(db|slack|app|cli|generated)/' },
    },
    {
      name: 'db-is-the-bottom',
      comment: 'The database layer imports no layer above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(domain|services|messages|slack|app|cli)/' },
    },
    {
      name: 'jobs-only-from-app-and-cli',
      comment: 'The job queue (src/jobs) is wired in by src/app and src/cli; no other layer reaches it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|cli|jobs)/' },
      to: { path: '^src/jobs/' },
    },
    {
      name: 'jobs-use-services-db-and-domain',
      comment: 'Background jobs run use cases: they import services, db and domain, never an edge or words.',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(slack|app|cli|messages)/' },
    },
    {
      name: 'mail-transport-only-from-app',
      comment: 'src/mail (SMTP) is I/O wired in by src/app; services and jobs get it as a port.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|mail)/' },
      to: { path: '^src/mail/' },
    },
    {
      name: 'mail-transport-is-a-leaf',
      comment: 'src/mail implements the mail port of src/services/mail and reaches nothing else of the app.',
      severity: 'error',
      from: { path: '^src/mail/' },
      to: { path: '^src/', pathNot: '^src/(mail|services/mail)/' },
    },
    {
      name: 'prisma-client-only-through-db',
      comment: 'The generated Prisma client is reached only through src/db (which re-exports its types).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(db|generated)/' },
      to: { path: '^src/generated/' },
    },
    {
      name: 'sandbox-only-from-app-and-cli',
      comment:
        'src/sandbox (the local Slack emulator and its page) is an outer layer wired in by src/app and src/cli.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(app|cli|sandbox)/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'sandbox-is-a-generic-slack',
      comment:
        'The sandbox knows nothing of the Slack edge (src/slack): it may read through services, never db, app or cli.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(slack|db|app|cli|jobs|mail|generated)/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make the layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
