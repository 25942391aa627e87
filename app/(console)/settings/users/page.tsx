import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { UserPasswordControls } from "@/components/users/user-password-controls";
import { UserRowControls } from "@/components/users/user-row-controls";
import { isAdmin, ROLE_LABELS } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/ui/format";
import { listUsers } from "@/lib/users/service";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor();
  const users = await listUsers();
  const canManage = isAdmin(actor);
  return (
    <>
      <PageHeader
        eyebrow="Settings"
        title="Users"
        description={
          canManage
            ? "Who can use this console and what they may change."
            : "Who can use this console. Only admins can change users."
        }
        actions={
          canManage ? (
            <Link href="/settings/users/new" className={buttonClasses("primary")}>
              Add user
            </Link>
          ) : null
        }
      />
      <Card className="overflow-x-auto">
        <table className="w-full min-w-[640px] text-left text-sm">
          <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Email
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Last sign-in
              </th>
              <th scope="col" className="px-4 py-3 text-right font-medium">
                {canManage ? "Role and access" : "Role"}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {users.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.email}`}>
                <td className="px-4 py-3 text-white">
                  {user.name}
                  {user.id === actor.id ? <span className="ml-2 text-xs text-muted">(you)</span> : null}
                </td>
                <td className="px-4 py-3 text-slate-300">{user.email}</td>
                <td className="space-x-1 px-4 py-3">
                  {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
                  {user.mustChangePassword ? (
                    <Badge
                      tone="warning"
                      title="An admin reset the password: the temporary one only lets them choose a new one."
                    >
                      Password reset
                    </Badge>
                  ) : null}
                  {user.signInWaiting ? (
                    <Badge
                      tone="warning"
                      title="Too many failed sign-ins: some address must wait before trying again. Unlock lifts this."
                    >
                      Sign-in waiting
                    </Badge>
                  ) : null}
                </td>
                <td className="px-4 py-3 text-slate-300">
                  {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}
                </td>
                <td className="px-4 py-3 text-right">
                  {canManage ? (
                    <div className="flex flex-col items-end gap-2">
                      <UserRowControls
                        userId={user.id}
                        email={user.email}
                        role={user.role}
                        disabled={user.disabled}
                        isSelf={user.id === actor.id}
                      />
                      {user.id === actor.id ? null : (
                        <UserPasswordControls userId={user.id} email={user.email} signInWaiting={user.signInWaiting} />
                      )}
                    </div>
                  ) : (
                    <Badge tone={user.role === "ADMIN" ? "info" : "neutral"}>{ROLE_LABELS[user.role]}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
