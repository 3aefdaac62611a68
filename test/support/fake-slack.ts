// The tests' fake Slack: the sandbox's Slack Web API server (src/sandbox/emulator/web-api-server.ts) with
// the test workspace's ids. Same names as before it moved, so the tests import it from here unchanged.
import {
  SlackApiServer,
  type SlackApiServerOptions,
  startSlackApiServer,
} from '../../src/sandbox/emulator/web-api-server.ts'
import {
  TEST_APP_ID,
  TEST_BOT_ID,
  TEST_BOT_TOKEN,
  TEST_BOT_USER_ID,
  TEST_TEAM_DOMAIN,
  TEST_TEAM_ID,
} from './slack-ids.ts'

export {
  type Exchange,
  type FailureSpec,
  RESPONSE_URL,
  type Recorded,
  type RecordedCall,
  type RecordedDownload,
  type RecordedResponse,
  type SlackFile as FakeFile,
  type SlackUser as FakeUser,
} from '../../src/sandbox/emulator/web-api-server.ts'

export type FakeSlackOptions = Partial<SlackApiServerOptions>

/** A fake Slack (Web API + response_url + file downloads) validating every request against the specs. */
export const FakeSlack = SlackApiServer
export type FakeSlack = SlackApiServer

/** Starts a fake Slack on 127.0.0.1 with a random port (bot token 'xoxb-test' unless given). */
export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return startSlackApiServer({
    botToken: TEST_BOT_TOKEN,
    teamId: TEST_TEAM_ID,
    teamDomain: TEST_TEAM_DOMAIN,
    botUserId: TEST_BOT_USER_ID,
    botId: TEST_BOT_ID,
    appId: TEST_APP_ID,
    ...options,
  })
}
