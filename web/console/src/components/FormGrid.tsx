// Form fields side by side on wide screens, one column on a phone (CSS only: see
// console.css on why not Mantine's SimpleGrid).
import type { ReactNode } from "react";

export function FormGrid({ cols, children }: { cols: 2 | 3; children: ReactNode }) {
  return <div className={`form-grid cols-${cols}`}>{children}</div>;
}
