/**
 * Records built to test what a client does with input no real audit log should hold: a
 * record padded to megabytes, or one nested thousands of levels deep. Built as text, since
 * JSON.stringify cannot write (and the simulator need not hold) such values as objects.
 */
export type HostileShape = {
  /** Pad the record's description so the whole record takes about this many bytes. */
  recordBytes?: number;
  /** Nest service_info.previousEntry this many levels deep ({"previousEntry":{"previousEntry":…}}). */
  nestingDepth?: number;
};

const DEEP_MARKER = "\u0000deep\u0000";

export function shapeMessage(message: string, shape: HostileShape): string {
  if (shape.recordBytes === undefined && shape.nestingDepth === undefined) return message;
  const record = JSON.parse(message) as Record<string, unknown> & { service_info?: Record<string, unknown> };
  if (shape.nestingDepth !== undefined) record.service_info = { ...record.service_info, previousEntry: DEEP_MARKER };
  let text = JSON.stringify(record);
  if (shape.nestingDepth !== undefined) {
    const depth = shape.nestingDepth;
    text = text.replace(
      JSON.stringify(DEEP_MARKER),
      `${'{"previousEntry":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`,
    );
  }
  if (shape.recordBytes !== undefined) {
    const missing = shape.recordBytes - Buffer.byteLength(text, "utf8");
    if (missing > 0) {
      const description = typeof record.description === "string" ? record.description : "";
      text = text.replace(
        JSON.stringify(description),
        JSON.stringify(description + " " + "x".repeat(Math.max(0, missing - 1))),
      );
    }
  }
  return text;
}
