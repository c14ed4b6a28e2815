import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";
// @ts-expect-error -- a plain ES module of the lint configuration, without types
import { designRule } from "./design-rule.mjs";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
});

const error = (message: RegExp) => ({ message });

tester.run("design/tokens-and-components", designRule, {
  valid: [
    // The components and their styles.
    `<Button variant="ghost" onClick={go}>Cancel</Button>`,
    `<button type="submit" className={buttonVariants({ variant: "secondary", className: "border-accent-600" })}>Go</button>`,
    // A button that reads as a link (no surface of its own) and tokens of the theme.
    `<button type="button" className="text-sm text-accent-700 underline">Show all</button>`,
    `<div className="rounded-lg border border-line bg-surface text-ink-700">x</div>`,
    // Components set their own roles; a page's list or status region is not a widget of ui/.
    `<MenuItem role="menuitem">x</MenuItem>`,
    `<ul role="list"><li role="status">x</li></ul>`,
    `import { Menu } from "@/app/_components/ui/menu";`,
  ],
  invalid: [
    { code: `<p className="text-red-700">x</p>`, errors: [error(/Raw palette colour/)] },
    { code: `<p className="bg-[#fff]">x</p>`, errors: [error(/Raw hex colour/)] },
    { code: `<div className="animate-pulse h-4" />`, errors: [error(/page-local skeleton/)] },
    { code: `<table><tbody /></table>`, errors: [error(/page-local <table>/)] },
    { code: `import { toast } from "sonner";`, errors: [error(/ui\/toast/)] },
    { code: `import * as Menu from "radix-ui/dropdown-menu";`, errors: [error(/from app\/_components\/ui/)] },
    // Buttons styled by hand, in a literal, a template or a class-name helper.
    {
      code: `<button type="button" className="rounded-md px-3 py-1.5 text-sm hover:bg-ink-100">Cancel</button>`,
      errors: [error(/hand-styled <button>/)],
    },
    { code: "<button className={`border px-2 ${big ? 'py-2' : ''}`}>Go</button>", errors: [error(/hand-styled/)] },
    { code: `<button className={cn("px-2", open && "bg-accent-600")}>Go</button>`, errors: [error(/hand-styled/)] },
    // Hand-made menus, listboxes, tabs, tooltips and disclosures.
    {
      code: `<div role="menu"><a role="menuitem" href="/">Projects</a></div>`,
      errors: [error(/hand-made menu \(role="menu"\)/), error(/hand-made menuitem/)],
    },
    { code: `<div role="tablist" />`, errors: [error(/use Tabs/)] },
    { code: `<ul role="listbox" />`, errors: [error(/use Select/)] },
    { code: `<span role="tooltip">Hint</span>`, errors: [error(/use Tooltip/)] },
    {
      code: `<button type="button" aria-expanded={open} onClick={toggle}>Menu</button>`,
      errors: [error(/menu or disclosure \(aria-expanded\)/)],
    },
    { code: `<button aria-haspopup="menu">More</button>`, errors: [error(/aria-haspopup/)] },
  ],
});
