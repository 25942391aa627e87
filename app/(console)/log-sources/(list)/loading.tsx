import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Under the list's layout, which keeps the heading and filters on screen. */
export default function Loading() {
  return <PageSkeleton withHeading={false} />;
}
