// Releaseboard's components: pages import from here, never style their own copies.
export { cn } from "./cn";
export { Button, IconButton, buttonVariants, type ButtonProps } from "./button";
export { StatusPill, Badge, pillVariants, statusIcons, type Status } from "./status";
export { Card, SectionTitle } from "./card";
export { Table } from "./table";
export { Skeleton } from "./skeleton";
export { EmptyState } from "./empty-state";
