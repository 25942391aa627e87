import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-rose-400">403</p>
      <h1 className="text-2xl font-semibold text-white">Admins only</h1>
      <p className="max-w-md text-sm text-muted">
        Your account has the Analyst role, which can look at everything but change nothing. Ask an admin of this console
        if you need to make this change.
      </p>
      <Link href="/" className={buttonClasses("secondary", "md", "mt-4")}>
        Back to the console
      </Link>
    </main>
  );
}
