/** next-auth's answer as a message for the person: our own messages pass through; its generic code reads as a wrong password. */
export function signInErrorMessage(error: string | null | undefined): string {
  return error && error !== "CredentialsSignin" ? error : "Incorrect email or password.";
}
