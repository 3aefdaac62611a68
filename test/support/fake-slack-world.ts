// The fake workspace moved to the sandbox's Slack emulator (src/sandbox/emulator/world.ts).
export {
  type Answer,
  type SlackFile as FakeFile,
  type SlackUser as FakeUser,
  SlackWorld,
  type WorldIds,
} from '../../src/sandbox/emulator/world.ts'
