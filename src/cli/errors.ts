// Errors the CLI reports as one clear message (no stack trace), with the exit code to use.

/** A failure the user can fix: printed as is on stderr, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** Wrong command line: printed with the usage on stderr, exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2)
    this.name = 'UsageError'
  }
}
