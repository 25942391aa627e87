"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { memberAction } from "@/lib/server-action";
import { changeOwnPassword } from "@/lib/users/passwords";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";

/** Any signed-in person, for their own account. Ends their sessions: the form signs in again with the new password. */
export const changeOwnPasswordAction = memberAction(
  "changeOwnPassword",
  (actor) => changeOwnPasswordSchema(actor.email),
  async (input, actor) => {
    await changeOwnPassword(actor, input, clientAddress(await headers(), env().INTAKE_TRUSTED_PROXIES));
    return { email: actor.email };
  },
);
