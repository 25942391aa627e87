/**
 * Typed application errors. Code throws these; boundaries (server actions, route
 * handlers, CLI entry points) translate them into messages a person can act on.
 * `publicMessage` is safe to show to a signed-in user; it must never contain secrets.
 */
export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "VALIDATION"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "CONFIGURATION"
  | "UPSTREAM"
  | "INTERNAL";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly publicMessage: string;
  /** Field-level messages keyed by field path, for forms. */
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(
    code: AppErrorCode,
    publicMessage: string,
    options: { fieldErrors?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(publicMessage, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.publicMessage = publicMessage;
    this.fieldErrors = options.fieldErrors ?? {};
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Your session has ended. Sign in again to continue.") {
    super("UNAUTHENTICATED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Only an admin can do this. Ask an admin of this Intake console for access.") {
    super("FORBIDDEN", message);
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super("VALIDATION", message, { fieldErrors });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, fieldErrors: Record<string, string> = {}) {
    super("CONFLICT", message, { fieldErrors });
  }
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("RATE_LIMITED", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ConfigurationError extends AppError {
  constructor(message: string) {
    super("CONFIGURATION", message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
