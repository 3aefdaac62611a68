// A test-only job for the two-instance test (test/instances/two-instances.test.ts): defined here, never in
// the app. Its effect (an outbox mail whose body is the job's id) runs through `once()`, as the app's jobs
// do; on its first attempt it then hangs, so the test can kill -9 the instance running it after the effect
// committed and before pg-boss marked the job done. Later attempts complete.
//
// expireInSeconds is short here so the test need not wait the app's default (15 min): on PostgreSQL it is
// how long a dead instance's job stays `active` before another instance's queue maintenance fails it and
// the retry runs elsewhere.
import type { JobDefinition } from '../../src/jobs/index.ts'
import { once } from '../../src/jobs/index.ts'

export const INSTANCE_JOB = 'test-instances-job'
export const INSTANCE_JOB_SUBJECT = 'two-instances job effect'

export function instanceJob(instance: string, log: (line: string) => void): JobDefinition {
  return {
    name: INSTANCE_JOB,
    retryLimit: 5,
    retryDelaySeconds: 1,
    expireInSeconds: 6,
    async run(data, job) {
      log(`job attempt ${job.retryCount + 1} of ${job.id} on ${instance}`)
      const effect = await once(job.prisma, job.id, (tx) =>
        tx.outboxMail.create({
          data: { to: (data as { to: string }).to, subject: INSTANCE_JOB_SUBJECT, body: job.id },
        }),
      )
      log(
        effect.ran
          ? `job wrote ${job.id} on ${instance}`
          : `job effect already done ${job.id} on ${instance}`,
      )
      if (job.retryCount === 0) await new Promise<never>(() => {}) // hangs until the instance is killed
      log(`job finished ${job.id} on ${instance}`)
    },
  }
}
