// The `design/tokens-and-components` lint rule (applied in eslint.config.mjs, tested in design-rule.test.ts).

/**
 * The design language (README.md "Design language"): pages use the tokens of app/globals.css and the
 * components of app/_components/ui/, never their own. Outside app/_components/ui/ this refuses
 * Tailwind's palette classes (`bg-red-700`, `text-gray-500`: the palette is switched off anyway),
 * hex colours (`bg-[#fff]`, `"#1e293b"`), and page-local copies of the components: a raw
 * <dialog> or <table>, a hand-made skeleton (`animate-pulse`), sonner or Radix imported directly,
 * a <button> styled by hand (a surface of its own: `rounded`, `border` or `bg-` in its class names,
 * where Button, IconButton or `buttonVariants` belong), and a hand-made menu, listbox, tab list,
 * tooltip or disclosure (`role="menu"`, `aria-haspopup`, `aria-expanded`…: Menu, Select, Tabs,
 * Tooltip, Popover, or a native <details>).
 */
const palette =
  /(?:^|[\s:"'`])(?:[a-z-]+:)*(?:bg|text|border(?:-[trblxy])?|ring|ring-offset|outline|fill|stroke|divide|from|via|to|decoration|accent|caret|placeholder|shadow)-(?:slate|gray|zinc|neutral|stone|red|orange|amber|yellow|lime|green|emerald|teal|cyan|sky|blue|indigo|violet|purple|fuchsia|pink|rose)-\d{2,3}\b/;
const hex = /\[#[0-9a-fA-F]{3,8}\]|^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const ownElements = { dialog: "Dialog", table: "Table" };
const ownImports = {
  sonner: "ui/toast",
  "radix-ui": "the ui/ component",
  "radix-ui/": "the ui/ component",
  "@radix-ui/": "the ui/ component",
};
/** Class names that give a button a surface of its own (a hover colour or an underline alone do not). */
const buttonSurface = /(?:^|[\s:])(?:rounded(?:-[a-z0-9]+)?|border(?:-[a-z0-9-]+)?|bg-[a-z0-9-]+)(?=\s|$)/;
/** Roles and attributes of widgets the ui/ components implement, each with the component to use. */
const ownRoles = {
  menu: "Menu",
  menubar: "Menu",
  menuitem: "MenuItem",
  listbox: "Select",
  option: "Select",
  tablist: "Tabs",
  tab: "Tabs",
  tabpanel: "Tabs",
  tooltip: "Tooltip",
  dialog: "Dialog",
  alertdialog: "Dialog",
};
const ownAttributes = {
  "aria-haspopup": "Menu, Select or Popover",
  "aria-expanded": "Menu, Popover, or a native <details>",
};

/** Every string written in a JSX attribute's value (literals and the fixed parts of templates). */
function stringsIn(node, out = []) {
  if (!node || typeof node !== "object") return out;
  if (node.type === "Literal" && typeof node.value === "string") out.push(node.value);
  else if (node.type === "TemplateElement") out.push(node.value.cooked ?? "");
  for (const [key, child] of Object.entries(node)) {
    if (key === "parent") continue;
    if (Array.isArray(child)) child.forEach((c) => stringsIn(c, out));
    else if (child && typeof child.type === "string") stringsIn(child, out);
  }
  return out;
}

/** Whether a JSX attribute's value calls on a component's styles (`buttonVariants(...)`). */
function usesVariants(node) {
  if (!node || typeof node !== "object") return false;
  if (node.type === "Identifier" && /Variants$/.test(node.name)) return true;
  return Object.entries(node).some(
    ([key, child]) =>
      key !== "parent" &&
      (Array.isArray(child)
        ? child.some(usesVariants)
        : child && typeof child.type === "string" && usesVariants(child)),
  );
}

const attribute = (node, name) =>
  node.attributes.find((a) => a.type === "JSXAttribute" && a.name.type === "JSXIdentifier" && a.name.name === name);

export const designRule = {
  meta: { type: "problem", schema: [] },
  create(context) {
    const check = (node, text) => {
      if (typeof text !== "string") return;
      if (palette.test(text))
        context.report({ node, message: "Raw palette colour: use a token of app/globals.css (ink, accent, status…)." });
      else if (hex.test(text.trim()))
        context.report({ node, message: "Raw hex colour: use a token of app/globals.css." });
      else if (/(?:^|\s)animate-pulse\b/.test(text))
        context.report({ node, message: "A page-local skeleton: use Skeleton from app/_components/ui." });
    };
    return {
      Literal: (node) => check(node, node.value),
      TemplateElement: (node) => check(node, node.value.cooked),
      JSXOpeningElement(node) {
        const name = node.name.type === "JSXIdentifier" ? node.name.name : null;
        if (name && ownElements[name])
          context.report({
            node,
            message: `A page-local <${name}>: use ${ownElements[name]} from app/_components/ui.`,
          });
        if (name === "button") {
          const className = attribute(node, "className");
          if (
            className &&
            !usesVariants(className.value) &&
            stringsIn(className.value).some((s) => buttonSurface.test(s))
          )
            context.report({
              node,
              message: "A hand-styled <button>: use Button or IconButton (or buttonVariants) from app/_components/ui.",
            });
        }
        // Only on the page's own elements: a component (capitalised) sets its roles itself.
        if (!name || name[0] !== name[0].toLowerCase()) return;
        const role = attribute(node, "role");
        const roleValue = role?.value?.type === "Literal" ? role.value.value : null;
        if (typeof roleValue === "string" && ownRoles[roleValue])
          context.report({
            node,
            message: `A hand-made ${roleValue} (role="${roleValue}"): use ${ownRoles[roleValue]} from app/_components/ui.`,
          });
        for (const [attr, use] of Object.entries(ownAttributes))
          if (attribute(node, attr))
            context.report({ node, message: `A hand-made menu or disclosure (${attr}): use ${use}.` });
      },
      ImportDeclaration(node) {
        const source = node.source.value;
        const hit = Object.keys(ownImports).find((k) => source === k || (k.endsWith("/") && source.startsWith(k)));
        if (hit) context.report({ node, message: `Import ${ownImports[hit]} from app/_components/ui, not ${source}.` });
      },
    };
  },
};
