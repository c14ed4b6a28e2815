/** The card every settings section sits in. */
export const section = "rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900";

/** A section of the settings page, in its card, named (by `id`) by its heading. */
export function SettingsSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className={section}>
      <h2 id={id} className="scroll-mt-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
