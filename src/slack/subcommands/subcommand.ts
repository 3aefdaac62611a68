import type { WebClient } from '@slack/web-api'
import type { Capability } from '../../domain/roles.ts'
import type { StaffActor } from '../../services/actor.ts'
import type { Reply } from '../answers/reply-privately.ts'
import type { SlackDeps } from '../deps.ts'

export interface CommandContext {
  /** The text after the subcommand's name. */
  args: string
  actor: StaffActor
  deps: SlackDeps
  client: WebClient
  /** Ephemeral answer to the person who typed the command (its `text` is Mrkdwn: data in it escaped). */
  respond: (reply: Reply) => Promise<void>
  triggerId: string
  channelId: string
  responseUrl: string
  /** Every subcommand (for help). */
  commands: readonly Subcommand[]
}

/** One `/msp <name> …` subcommand. Adding one = adding a file to this folder that exports it (see index.ts). */
export interface Subcommand {
  /** One or two words, e.g. "group add". */
  name: string
  usage: string
  summary: string
  capability: Capability
  run(ctx: CommandContext): Promise<void>
}
