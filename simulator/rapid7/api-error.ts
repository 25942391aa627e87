/** An error the simulated API answers with; the body follows Rapid7's `{"message": …}` convention. */
export class Rapid7ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { code?: number; id?: string } = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      ...(this.extra.id ? { id: this.extra.id } : {}),
      ...(this.extra.code ? { code: this.extra.code } : {}),
      message: this.message,
    };
  }
}

export const badRequest = (message: string): Rapid7ApiError => new Rapid7ApiError(400, message);
export const notFound = (): Rapid7ApiError => new Rapid7ApiError(404, "Not Found");
