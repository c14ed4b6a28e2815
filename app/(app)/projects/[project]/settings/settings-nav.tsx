/** The settings page's sections, in page order; the first group is for release managers and admins only. */
const managerSections = [
  ["project-details", "Project"],
  ["pipeline-editor", "Pipeline"],
  ["locks", "Locks"],
] as const;
const everyoneSections = [
  ["pipeline-file", "Pipeline as code"],
  ["notifications", "Notifications"],
] as const;
const managerTail = [
  ["tokens", "CI tokens"],
  ["secret", "Signing secret"],
  ["deliveries", "Delivery log"],
  ["outbound", "Outbound deliveries"],
] as const;

/**
 * In-page navigation: the page is long (every section of a project), so its sections are a
 * click away — a column beside them from `lg` up, a row of links above them on a phone.
 */
export function SettingsNav({ manages }: { manages: boolean }) {
  const sections = manages ? [...managerSections, ...everyoneSections, ...managerTail] : everyoneSections;
  return (
    <nav aria-label="Settings sections" className="lg:sticky lg:top-4 lg:self-start">
      <ul className="flex flex-wrap gap-1 text-sm lg:flex-col lg:gap-0.5 lg:border-l lg:border-line">
        {sections.map(([id, label]) => (
          <li key={id}>
            <a
              href={`#${id}`}
              className="block rounded-md px-2 py-1 font-medium text-ink-700 hover:bg-raised hover:text-fg lg:-ml-px lg:rounded-none lg:border-l-2 lg:border-transparent lg:pl-3 lg:hover:border-accent-600 dark:text-ink-300"
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
