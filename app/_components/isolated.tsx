import { Fragment } from "react";

/**
 * A sentence with the user-given names in it (environments, checks) each in a `<bdi>`, so a
 * right-to-left name cannot reorder the words around it (README: Names).
 */
export function Isolated({ text, names }: { text: string; names: (string | null | undefined)[] }) {
  const wanted = [...new Set(names.filter((n): n is string => !!n))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return <>{text}</>;
  const escaped = wanted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const parts = text.split(new RegExp(`(${escaped.join("|")})`, "u"));
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{i % 2 === 1 ? <bdi>{part}</bdi> : part}</Fragment>
      ))}
    </>
  );
}
