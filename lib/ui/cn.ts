import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names, skipping falsy ones, so that a class passed later overrides an
 * earlier Tailwind class for the same property: cn("block w-full", "w-48") is "block w-48".
 * Joined as they were, both would reach the page and the stylesheet's order, not the
 * caller, would decide which one applies.
 */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
