import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-semibold text-muted">404</p>
      <h1 className="text-2xl font-semibold text-white">Nothing here</h1>
      <p className="max-w-md text-sm text-muted">The page you asked for does not exist, or it was deleted.</p>
      <Link href="/" className={buttonClasses("secondary", "md", "mt-4")}>
        Back to the console
      </Link>
    </main>
  );
}
