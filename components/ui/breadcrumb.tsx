import Link from "next/link";
import { Fragment, type ReactNode } from "react";

/** Where a page sits: links to the pages above it, then the page itself. */
export function Breadcrumb({ trail, current }: { trail: { label: string; href: string }[]; current: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
      {trail.map((crumb) => (
        <Fragment key={crumb.href}>
          <Link href={crumb.href} className="hover:text-white">
            {crumb.label}
          </Link>{" "}
          /{" "}
        </Fragment>
      ))}
      {current}
    </nav>
  );
}
