import { RAPID7_AUDIT_LOG_TYPE } from "../../rapid7/log-type";
import { isVisibilityDeletion } from "../../rapid7/actions";
import { actorLabelOf, isFailure } from "../../rapid7/record";
import { auditRecord } from "../../fixture-record";
import { defineRule } from "../../rule";

/**
 * (a) Someone deleted a log, a collector, a honeypot or an orchestrator. Each removes
 * visibility (and deleting an audit log removes the record of what was done), which is
 * what an intruder covering their tracks does first. Failed attempts are left to the
 * failed-actions burst rule: nothing was removed.
 */
export const visibilityDeletedRule = defineRule({
  id: "rapid7.log_or_collector_deleted",
  title: "Log, collector, honeypot or orchestrator deleted",
  severity: "high",
  description:
    "A Rapid7 log (possibly an audit log), a collector, a honeypot or an orchestrator was deleted, so events it provided are no longer collected or searchable. " +
    "Check with the person (or the owner of the API key or automation) that the deletion was planned, that a replacement exists if it was needed, " +
    "and whether the same actor made other changes around the same time.",
  logTypes: [RAPID7_AUDIT_LOG_TYPE],
  dedupWindowMinutes: 60,
  subject: actorLabelOf,
  matches: (event) => isVisibilityDeletion(event.action) && !isFailure(event),
  tests: [
    {
      name: "an admin deletes a log",
      event: auditRecord({
        time: "2024-05-30T09:20:00.000Z",
        action: "LOG_DELETED",
        email: "alice@example.com",
        description: 'Log "newnet" was deleted',
      }),
      expect: true,
    },
    {
      name: "a collector is deleted",
      event: auditRecord({
        time: "2024-05-30T09:20:00.000Z",
        action: "DELETE_COLLECTOR",
        email: "bob@example.com",
        description: "Collector tulsa.collector.razor.com deleted",
      }),
      expect: true,
    },
    {
      name: "an automation flow deletes a honeypot",
      event: auditRecord({
        time: "2024-05-30T12:00:00.000Z",
        action: "DELETE_HONEYPOT",
        flow: "Nightly honeypot cleanup",
        description: "Tulsa Honeypot (finance-db-1 - 10.4.2.111) deleted",
      }),
      expect: true,
    },
    {
      name: "an API key deletes an orchestrator",
      event: auditRecord({
        time: "2024-05-30T12:00:00.000Z",
        action: "DELETE_ORCHESTRATOR",
        apiKeyId: "ak-7731",
        description: "Orchestrator tls-orchestrator deleted",
      }),
      expect: true,
    },
    {
      name: "a record without a result still counts as done",
      event: auditRecord({
        time: "2024-05-30T12:00:00.000Z",
        action: "log_deleted",
        result: null,
        email: "alice@example.com",
      }),
      expect: true,
    },
    {
      name: "a failed deletion removed nothing",
      event: auditRecord({
        time: "2024-05-30T09:20:00.000Z",
        action: "LOG_DELETED",
        result: "FAILURE",
        email: "alice@example.com",
        description: 'Log "newnet" could not be deleted',
      }),
      expect: false,
    },
    {
      name: "updating a log is not deleting it",
      event: auditRecord({ time: "2024-05-30T09:20:00.000Z", action: "LOG_UPDATED", email: "alice@example.com" }),
      expect: false,
    },
    {
      name: "deleting InsightVM policy rules is not a visibility loss",
      event: auditRecord({
        time: "2024-05-30T09:20:00.000Z",
        action: "DELETE_RULES",
        product: "IVM",
        email: "carol@example.com",
      }),
      expect: false,
    },
  ],
});
