/**
 * What Rapid7 audit actions mean, for the rules. Rapid7 documents some action names
 * (InsightIDR Log Search and Data Collection Management, the InsightVM policy builder)
 * and not others (Insight Platform users, roles and API keys); the undocumented ones
 * below are the likeliest spellings, matched by pattern, and `action` stays an open
 * string everywhere else. Names are compared upper-cased.
 */

/**
 * Deleting these removes Intake's (and InsightIDR's) visibility: a log stops being
 * searchable, a collector stops collecting, a honeypot stops catching. The first four are
 * documented; the rest are assumed spellings of the same operations.
 */
const VISIBILITY_DELETIONS: ReadonlySet<string> = new Set([
  "LOG_DELETED",
  "DELETE_COLLECTOR",
  "DELETE_HONEYPOT",
  "DELETE_ORCHESTRATOR",
  "LOGSET_DELETED",
  "DELETE_LOG",
  "DELETE_LOGSET",
  "DELETE_EVENT_SOURCE",
  "REMOVE_EVENT_SOURCE",
]);

export function isVisibilityDeletion(action: string): boolean {
  return VISIBILITY_DELETIONS.has(action.toUpperCase());
}

/** Reads leave nothing changed: listing, viewing, searching, exporting. */
const READ =
  /^(GET|LIST|VIEW|READ|SEARCH|QUERY|EXPORT|DOWNLOAD|VALIDATE)_|_(VIEWED|READ|LISTED|SEARCHED|QUERIED|EXPORTED|DOWNLOADED|VALIDATED)$/;

export function isReadAction(action: string): boolean {
  return READ.test(action.toUpperCase());
}

/**
 * Administration of the platform and of data collection: people, roles, API keys, single
 * sign-on, collectors, orchestrators, honeypots, event sources, logs. Content edits such
 * as InsightVM policy rules are not administration.
 */
const ADMIN = [
  /(^|_)(USER|USERS|ROLE|ROLES|API_KEY|PERMISSION|PERMISSIONS|SSO|SAML|MFA)(_|$)/,
  /(^|_)(COLLECTOR|ORCHESTRATOR|HONEYPOT|EVENT_SOURCE|EVENT_SOURCES)(_|$)/,
  /^(LOG|LOGSET)_(CREATED|UPDATED|DELETED)$/,
  /^(CREATE|UPDATE|DELETE)_(LOG|LOGSET)$/,
];

export function isAdminAction(action: string): boolean {
  const upper = action.toUpperCase();
  return !isReadAction(upper) && ADMIN.some((pattern) => pattern.test(upper));
}

/** A new organization or user API key (CREATE_API_KEY in the simulator; other spellings assumed). */
const API_KEY_CREATION = /^((CREATE|GENERATE|ADD)_([A-Z]+_)*API_KEY|([A-Z]+_)*API_KEY_(CREATED|GENERATED|ADDED))$/;

export function isApiKeyCreation(action: string): boolean {
  return API_KEY_CREATION.test(action.toUpperCase());
}
