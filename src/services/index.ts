// The use cases, bound to one database: what the Slack edge is given instead of a database client.
import type { PrismaClient } from '../db/client.ts'
import type { ReadCache } from '../db/read-cache.ts'
import { seesAllCustomers } from '../domain/roles.ts'
import type { StaffActor } from './actor.ts'
import { assertMayTouchCustomers } from './actor.ts'
import { approvalServices } from './approvals/index.ts'
import { loadSettings } from './associations/load-plan-input.ts'
import { cancelPendingPlan, confirmPendingPlan, storePendingPlan } from './associations/pending-plans.ts'
import { addCustomerUser } from './customer-users/add-customer-user.ts'
import { applySubscription } from './customer-users/apply-subscription.ts'
import { archiveCustomerUsers, restoreCustomerUsers } from './customer-users/archive-customer-users.ts'
import { editCustomerUser } from './customer-users/edit-customer-user.ts'
import { listTasks, taskDetail } from './customer-users/import/list-tasks.ts'
import { startImport } from './customer-users/import/start-import.ts'
import type { EnqueueImport } from './customer-users/import/task-view.ts'
import { listCustomerUsers } from './customer-users/list-customer-users.ts'
import { setSubscriptionPool } from './customer-users/set-subscription-pool.ts'
import { updateAgentStatus } from './customer-users/update-agent-status.ts'
import { deleteAlertGroup, removeAlertGroupMember } from './customers/alert-groups.ts'
import { editCustomerPreferences } from './customers/edit-customer-preferences.ts'
import { checkPortalDomain, type DnsResolver } from './customers/portal-domain.ts'
import { recordDelivery } from './deliveries/record-delivery.ts'
import { addCustomerGroup } from './groups/add-customer-group.ts'
import { deleteCustomerGroup } from './groups/delete-customer-group.ts'
import { editCustomerGroup } from './groups/edit-customer-group.ts'
import { listOutbox } from './mail/list-outbox.ts'
import { addPortalUser, type NewPortalUserInput } from './portal/add-portal-user.ts'
import { acceptInvitation, DEFAULT_PUBLIC_URL, invitationState } from './portal/invitations.ts'
import { listPortalUsers } from './portal/list-portal-users.ts'
import {
  deletePortalUser,
  disablePortalUser,
  enablePortalUser,
  reinvitePortalUser,
} from './portal/portal-user-actions.ts'
import {
  digestInvitationReminders,
  homeInvitationReminders,
  reinviteFromReminder,
} from './portal/reminders.ts'
import { recentAudit } from './queries/audit.ts'
import { countCustomers, customerPreferences, findCustomer, listCustomers } from './queries/customers.ts'
import { customerGroupDetail, findGroup, listGroups } from './queries/groups.ts'
import { homeSummary } from './queries/home.ts'
import { findMspUser, mspUserById, mspUserDetail } from './queries/msp-users.ts'
import { searchCustomers, searchGroups, searchMspUsers } from './queries/options.ts'
import { findStaffBySlackId, linkStaffByEmail } from './staff/find-staff.ts'
import { editMspUser } from './users/edit-msp-user.ts'

type WithoutDb<F> = F extends (db: PrismaClient, ...args: infer A) => infer R ? (...args: A) => R : never

function bind<F extends (db: PrismaClient, ...args: never[]) => unknown>(
  db: PrismaClient,
  fn: F,
): WithoutDb<F> {
  return ((...args: never[]) => fn(db, ...args)) as WithoutDb<F>
}

export interface ServicesOptions {
  /** Other processes serve Slack from the same database (PostgreSQL): deliveries are recorded there. */
  sharedDatabase: boolean
  /** Given when this process is the database's only client (embedded): the hot reads are kept there. */
  readCache?: ReadCache
  /** Base URL of the app's own pages, for invitation links (PUBLIC_URL); default http://localhost:3000. */
  publicUrl?: string
  /** DNS for the portal-domain check (src/app wires node:dns; tests a fake). */
  dnsResolver?: DnsResolver
  /** Called after a use case committed outbox mail: the app has the mail job run now (src/jobs). */
  onMailQueued?: () => void
  /** Sends a bulk import's job (src/jobs); without it a started import waits as queued till the queue starts. */
  enqueueImport?: EnqueueImport
}

/**
 * `read`, kept in `cache` under the key `keyOf` gives its arguments until a write to one of `tables` (any
 * write when none are named: see ReadCache.get); `read` itself without a cache.
 */
function kept<A extends unknown[], R>(
  cache: ReadCache | undefined,
  keyOf: (...args: A) => string,
  read: (...args: A) => Promise<R>,
  tables?: readonly string[],
): (...args: A) => Promise<R> {
  return cache ? (...args) => cache.get(keyOf(...args), () => read(...args), tables) : read
}

/** Whose customers a list shows: every admin sees the same book; anyone else their own customers. */
const listerKey = (actor: StaffActor) =>
  seesAllCustomers(actor.role) ? 'all' : `${actor.role}:${actor.mspUserId ?? 'none'}`

export function createServices(db: PrismaClient, options: ServicesOptions) {
  const cache = options.readCache
  const invitations = { publicUrl: options.publicUrl ?? DEFAULT_PUBLIC_URL }
  const kickMail = options.onMailQueued ?? (() => {})
  /** After the use case (and its transaction) finished: mail it queued goes out now, not next minute. */
  const thenMail = <T>(done: Promise<T>) => done.finally(kickMail)
  return {
    staff: {
      // MspUser has no foreign keys: only a statement naming it can change who a Slack user is
      findBySlackId: kept(cache, (slackUserId) => `staff:${slackUserId}`, bind(db, findStaffBySlackId), [
        'MspUser',
      ]),
      linkByEmail: bind(db, linkStaffByEmail),
    },
    /** Null when this process is the only one: its memory is enough to run each delivery once. */
    recordDelivery: options.sharedDatabase ? bind(db, recordDelivery) : null,
    assertMayTouchCustomers: bind(db, assertMayTouchCustomers),
    loadSettings: bind(db, loadSettings),
    customers: {
      list: kept(
        cache,
        (actor, search = '') => `customers:${listerKey(actor)}:${search}`,
        bind(db, listCustomers),
      ),
      count: kept(cache, () => 'customers:count', bind(db, countCustomers)),
      find: bind(db, findCustomer),
      preferences: bind(db, customerPreferences),
      editPreferences: bind(db, editCustomerPreferences),
      search: bind(db, searchCustomers),
      removeAlertGroupMember: bind(db, removeAlertGroupMember),
      deleteAlertGroup: bind(db, deleteAlertGroup),
      checkPortalDomain: (actor: StaffActor, customerId: number) =>
        checkPortalDomain(db, options.dnsResolver, actor, customerId),
    },
    groups: {
      list: bind(db, listGroups),
      find: bind(db, findGroup),
      detail: bind(db, customerGroupDetail),
      add: bind(db, addCustomerGroup),
      edit: bind(db, editCustomerGroup),
      delete: bind(db, deleteCustomerGroup),
      search: bind(db, searchGroups),
    },
    mspUsers: {
      find: bind(db, findMspUser),
      byId: bind(db, mspUserById),
      detail: bind(db, mspUserDetail),
      edit: bind(db, editMspUser),
      search: bind(db, searchMspUsers),
    },
    plans: {
      store: bind(db, storePendingPlan),
      confirm: bind(db, confirmPendingPlan),
      cancel: bind(db, cancelPendingPlan),
    },
    audit: { recent: bind(db, recentAudit) },
    portal: {
      list: bind(db, listPortalUsers),
      add: (actor: StaffActor, input: NewPortalUserInput) =>
        thenMail(addPortalUser(db, actor, input, invitations)),
      enable: bind(db, enablePortalUser),
      disable: bind(db, disablePortalUser),
      reinvite: (actor: StaffActor, portalUserId: number) =>
        thenMail(reinvitePortalUser(db, actor, portalUserId, invitations)),
      delete: (actor: StaffActor, portalUserId: number) => deletePortalUser(db, actor, portalUserId),
      invitationState: (token: string) => invitationState(db, token),
      acceptInvitation: (token: string) => acceptInvitation(db, token),
    },
    home: bind(db, homeSummary),
    /** A customer's users (`/msp users`), their subscriptions, and agents' status reports. */
    customerUsers: {
      list: bind(db, listCustomerUsers),
      add: bind(db, addCustomerUser),
      edit: bind(db, editCustomerUser),
      archive: bind(db, archiveCustomerUsers),
      restore: bind(db, restoreCustomerUsers),
      setSubscriptionPool: bind(db, setSubscriptionPool),
      applySubscription: bind(db, applySubscription),
      updateAgentStatus: bind(db, updateAgentStatus),
    },
    /** Bulk imports of customer users as background tasks (`/msp import`, `/msp tasks`). */
    imports: {
      start: (actor: StaffActor, input: Parameters<typeof startImport>[2]) =>
        startImport(db, actor, input, options.enqueueImport),
      tasks: bind(db, listTasks),
      task: bind(db, taskDetail),
    },
    approvals: approvalServices(db, { invitations, afterMail: kickMail }),
    /** Unconfirmed portal users waiting N days or more: App Home's (the actor's customers) and the digest's (all). */
    invitationReminders: {
      home: bind(db, homeInvitationReminders),
      digest: bind(db, digestInvitationReminders),
      /** Reinvite from a reminder, only while its latest invitation is the one shown (ms). */
      reinvite: (actor: StaffActor, portalUserId: number, shownInvitedAt?: number) =>
        thenMail(reinviteFromReminder(db, actor, portalUserId, shownInvitedAt, invitations)),
    },
    mail: {
      /** `/msp outbox` (admins): the kept mail, newest first. */
      outbox: bind(db, listOutbox),
    },
  }
}

export type Services = ReturnType<typeof createServices>
