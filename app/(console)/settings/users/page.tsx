import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { AddedUserNotice } from "@/components/users/added-user-notice";
import { UserPasswordControls } from "@/components/users/user-password-controls";
import { UserRowControls } from "@/components/users/user-row-controls";
import { isAdmin, ROLE_LABELS } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/service";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";

export const metadata: Metadata = { title: "Users" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const actor = await requirePageActor();
  const users = await listUsers();
  const { added } = await searchParams;
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
      <AddedUserNotice
        user={users.find((user) => typeof added === "string" && user.email === added.trim().toLowerCase())}
      />
      <Table label="Users" minWidth="min-w-[640px]">
        <TableHead>
          <Th>Name</Th>
          <Th>Email</Th>
          <Th>Status</Th>
          <Th>Last sign-in</Th>
          <Th align="right">{canManage ? "Role and access" : "Role"}</Th>
        </TableHead>
        <TableBody>
          {users.map((user) => (
            <tr key={user.id} data-testid={`user-row-${user.email}`}>
              <Td className="text-white">
                <UntrustedText text={user.name} />
                {user.id === actor.id ? <span className="ml-2 text-xs text-muted">(you)</span> : null}
              </Td>
              <Td className="text-slate-300">{user.email}</Td>
              <Td className="space-x-1">
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
              </Td>
              <Td className="text-slate-300">{user.lastSignInAt ? <Time value={user.lastSignInAt} /> : "Never"}</Td>
              <Td align="right">
                {canManage ? (
                  <div className="flex flex-col items-end gap-2">
                    <UserRowControls
                      userId={user.id}
                      name={user.name}
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
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
