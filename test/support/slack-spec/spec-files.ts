// Moved to the sandbox's Slack emulator (it validates at run time too); the tests keep this path.
export * from '../../../src/sandbox/emulator/spec/spec-files.ts'
