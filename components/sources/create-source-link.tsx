import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** Where an admin starts connecting a source: the Log Sources header and its empty state. */
export function CreateSourceLink() {
  return (
    <Link href="/log-sources/new" className={buttonClasses("primary")}>
      Create New
    </Link>
  );
}
