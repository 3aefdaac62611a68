/**
 * Identifiers shared by the fake Slack Web API and the signed-request payload builders, so that
 * what the app learns from `auth.test` matches what arrives in slash commands and interactions.
 */
export const TEST_TEAM_ID = 'T0MSPTEST'
export const TEST_TEAM_DOMAIN = 'msp-test'
export const TEST_APP_ID = 'A0MSPBOT'
export const TEST_BOT_USER_ID = 'U0MSPBOT'
export const TEST_BOT_ID = 'B0MSPBOT'
export const TEST_BOT_TOKEN = 'xoxb-test'
export const TEST_CHANNEL_ID = 'C0MSPTEST'
export const TEST_CHANNEL_NAME = 'msp-test'
/** Legacy verification token Slack still puts in payloads (Bolt ignores it). */
export const TEST_VERIFICATION_TOKEN = 'verification-token-test'
