/**
 * The log type name the Rapid7 rules read. Equal to RAPID7_AUDIT_LOG in lib/logtypes,
 * repeated here because that module reads schemas from disk and the rules must stay
 * importable anywhere; tests/detections/rules.test.ts checks the two agree.
 */
export const RAPID7_AUDIT_LOG_TYPE = "Rapid7.AuditLog";
