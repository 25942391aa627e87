"use server";

import { headers } from "next/headers";
import { runAction } from "@/lib/action-result";
import { clientAddress } from "@/lib/auth/client-address";
import { requireActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { changeOwnPassword } from "@/lib/users/passwords";
import type { ChangeOwnPasswordInput } from "@/lib/users/schemas";

/** Any signed-in person, for their own account. Ends their sessions: the form signs in again with the new password. */
export async function changeOwnPasswordAction(input: ChangeOwnPasswordInput) {
  return runAction("changeOwnPassword", async () => {
    const actor = await requireActor();
    await changeOwnPassword(actor, input, clientAddress(await headers(), env().INTAKE_TRUSTED_PROXIES));
    return { email: actor.email };
  });
}
