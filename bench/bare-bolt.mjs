// A bare Bolt 5.1.0 app, the baseline of part 7 (idle memory): Bolt's own HTTP receiver with one slash
// command and GET /healthz, nothing else. Plain JavaScript run by `node` (no loader), as small as a Slack
// app gets. PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL come from the environment.
import bolt from '@slack/bolt'

const app = new bolt.App({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  token: process.env.SLACK_BOT_TOKEN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end('ok\n')
      },
    },
  ],
})
app.command('/hello', async ({ ack }) => {
  await ack('hello')
})
await app.start(Number(process.env.PORT ?? 3000))
