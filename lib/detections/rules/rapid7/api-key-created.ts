import { auditRecord } from "../../fixture-record";
import { isApiKeyCreation } from "../../rapid7/actions";
import { RAPID7_AUDIT_LOG_TYPE } from "../../rapid7/log-type";
import { actorLabelOf, isFailure } from "../../rapid7/record";
import { defineRule } from "../../rule";

/**
 * A new API key. An organization key carries administrator rights over the whole
 * Insight Platform and outlives the person who made it, which makes creating one the
 * classic way to keep access after a password reset. Rare enough in a healthy
 * organization to look at every time.
 */
export const apiKeyCreatedRule = defineRule({
  id: "rapid7.api_key_created",
  title: "API key created",
  severity: "medium",
  description:
    "A Rapid7 API key was created. Organization keys act with administrator rights and survive password resets and offboarding. " +
    "Check who created it and for which integration, that a change request covers it, and that it is stored in the team's secret manager; revoke it otherwise.",
  logTypes: [RAPID7_AUDIT_LOG_TYPE],
  dedupWindowMinutes: 60,
  subject: actorLabelOf,
  matches: (event) => isApiKeyCreation(event.action) && !isFailure(event),
  tests: [
    {
      name: "an admin creates an organization key",
      event: auditRecord({
        time: "2024-06-04T10:00:00.000Z",
        action: "CREATE_API_KEY",
        product: "PLATFORM",
        email: "alice@example.com",
        description: 'Organization API key "svc-terraform" created',
      }),
      expect: true,
    },
    {
      name: "an API key creates another key",
      event: auditRecord({
        time: "2024-06-04T10:00:00.000Z",
        action: "CREATE_USER_API_KEY",
        product: "PLATFORM",
        apiKeyId: "ak-7731",
      }),
      expect: true,
    },
    {
      name: "past-tense spelling",
      event: auditRecord({
        time: "2024-06-04T10:00:00.000Z",
        action: "ORGANIZATION_API_KEY_CREATED",
        product: "PLATFORM",
        email: "alice@example.com",
      }),
      expect: true,
    },
    {
      name: "a failed creation made no key",
      event: auditRecord({
        time: "2024-06-04T10:00:00.000Z",
        action: "CREATE_API_KEY",
        result: "FAILURE",
        product: "PLATFORM",
        email: "alice@example.com",
      }),
      expect: false,
    },
    {
      name: "deleting a key is not creating one",
      event: auditRecord({
        time: "2024-06-04T10:00:00.000Z",
        action: "DELETE_API_KEY",
        product: "PLATFORM",
        email: "alice@example.com",
      }),
      expect: false,
    },
    {
      name: "an unrelated change made with a key",
      event: auditRecord({ time: "2024-06-04T10:00:00.000Z", action: "LOG_CREATED", apiKeyId: "ak-7731" }),
      expect: false,
    },
  ],
});
