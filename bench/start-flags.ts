// The node options bin/start.sh (`npm start`) gives the app for a database, so the bench's app processes run
// as deployed: `--max-semi-space-size=2` on a PostgreSQL server, node's defaults on the embedded database.
// The bare Bolt baseline keeps node's defaults. test/deploy/start-script.test.ts checks the script and
// holds this copy to it.
export function startNodeOptions(databaseUrl: string): string[] {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? ['--max-semi-space-size=2'] : []
}
