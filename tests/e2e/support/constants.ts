export const E2E_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456789";
export const E2E_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString("base64");

export const FIRST_ADMIN = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery staple" };
