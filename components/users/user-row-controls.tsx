"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { changeUserRoleAction } from "@/lib/users/actions/change-user-role";
import { setUserDisabledAction } from "@/lib/users/actions/set-user-disabled";

type Role = "ADMIN" | "ANALYST";

/**
 * Role select and enable/disable button for one user row; errors show under the row's
 * controls. A new role ends the person's sessions, so choosing one asks first.
 */
export function UserRowControls({
  userId,
  name,
  email,
  role,
  disabled,
  isSelf,
}: {
  userId: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  isSelf: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [chosenRole, setChosenRole] = useState<Role | null>(null);

  const toast = useToast();

  const run = (action: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) => {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error?.message ?? "That did not work.");
      else toast({ title: done });
      router.refresh();
    });
  };

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {email}
        </label>
        <Select
          id={`role-${userId}`}
          className="h-8 w-32"
          value={role}
          disabled={pending}
          onChange={(event) => setChosenRole(event.target.value as Role)}
        >
          {(Object.keys(ROLE_LABELS) as Role[]).map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]}
            </option>
          ))}
        </Select>
        <Button
          variant={disabled ? "secondary" : "ghost"}
          size="sm"
          disabled={pending || (isSelf && !disabled)}
          title={isSelf && !disabled ? "You cannot disable your own account." : undefined}
          onClick={() =>
            run(
              () => setUserDisabledAction({ userId, disabled: !disabled }),
              disabled ? `${email} can sign in again.` : `${email} is disabled and signed out everywhere.`,
            )
          }
          aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
        >
          {disabled ? "Enable" : "Disable"}
        </Button>
      </div>
      <ConfirmDialog
        open={chosenRole !== null}
        title={`Change ${name}'s role to ${chosenRole ? ROLE_LABELS[chosenRole] : ""}?`}
        description={
          <>
            {chosenRole === "ADMIN"
              ? `As an Admin, ${name} (${email}) may change sources, users and settings.`
              : `As an Analyst, ${name} (${email}) may look at everything but change nothing.`}{" "}
            They are signed out everywhere and sign in again with the new role.
          </>
        }
        confirmLabel={`Change role to ${chosenRole ? ROLE_LABELS[chosenRole] : ""}`}
        onCancel={() => setChosenRole(null)}
        onConfirm={() => {
          const next = chosenRole;
          setChosenRole(null);
          if (next) run(() => changeUserRoleAction({ userId, role: next }), `${email} is now ${ROLE_LABELS[next]}.`);
        }}
      />
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
