/**
 * A board's change as a live update carries it (README: Live updates): the cards that changed
 * since the board the viewers were last sent, and every column's order as release ids, so
 * a page patches the board it holds instead of fetching it again. Computed once per change
 * on the server (server/live/feed.ts) and applied in the browser
 * (app/(app)/projects/[project]/use-live-updates.ts). The shapes are structural, so the rule
 * stays pure: server/queries/board.ts has the board itself.
 */
type Card = { id: number };
type Column = { environment: { id: number }; cards: readonly Card[]; previous: readonly Card[] };
export type PatchableBoard = { asOfEvent: number; columns: readonly Column[] };

type ColumnOf<B extends PatchableBoard> = B["columns"][number];
type CardOf<B extends PatchableBoard> = ColumnOf<B>["cards"][number] | ColumnOf<B>["previous"][number];
type HeadOf<B extends PatchableBoard> = Omit<ColumnOf<B>, "cards" | "previous">;

export type BoardPatch<B extends PatchableBoard> = {
  /** The board (its `asOfEvent`) this applies to; null: the patch is the whole board and applies to any older one. */
  from: number | null;
  asOfEvent: number;
  /** Everything of the board but its columns (the project, when it was read). */
  top: Omit<B, "columns" | "asOfEvent">;
  /** Each column: its header when it changed (null: as before), and its cards in order, by release id. */
  columns: { head: HeadOf<B> | null; cards: number[]; previous: number[] }[];
  /** The cards (current or recently superseded) that are new or differ from the board `from`. */
  cards: CardOf<B>[];
};

/** A card's or a header's content as text, kept per object: a snapshot's cards are compared once as the new board and once as the old. */
const texts = new WeakMap<object, string>();
function textOf(value: object): string {
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
  return text;
}

function split<B extends PatchableBoard>(column: ColumnOf<B>): HeadOf<B> {
  const { cards: _cards, previous: _previous, ...head } = column;
  return head;
}

/** What changed from `before` (null: nothing sent yet, so everything) to `after`. */
export function diffBoard<B extends PatchableBoard>(before: B | null, after: B): BoardPatch<B> {
  const { columns, asOfEvent, ...top } = after;
  const old = new Map<number, string>();
  for (const column of before?.columns ?? [])
    for (const card of [...column.cards, ...column.previous]) old.set(card.id, textOf(card));
  const cards: CardOf<B>[] = [];
  const patched = columns.map((column: ColumnOf<B>, i) => {
    for (const card of [...column.cards, ...column.previous])
      if (old.get(card.id) !== textOf(card)) cards.push(card as CardOf<B>);
    const head = split<B>(column);
    const was = before?.columns[i];
    const same = was && textOf(split<B>(was)) === textOf(head);
    return {
      head: same ? null : head,
      cards: column.cards.map((c) => c.id),
      previous: column.previous.map((c) => c.id),
    };
  });
  return { from: before ? before.asOfEvent : null, asOfEvent, top, columns: patched, cards };
}

/**
 * `board` with `patch` applied, reusing every card that did not change (so a page re-renders
 * only those); null when it does not apply (the page holds another board than the patch's
 * `from`, or none): then the page fetches the board once.
 */
export function applyBoardPatch<B extends PatchableBoard>(board: B | undefined, patch: BoardPatch<B>): B | null {
  if (patch.from !== null && board?.asOfEvent !== patch.from) return null;
  const byId = new Map<number, CardOf<B>>();
  if (patch.from !== null)
    for (const column of board!.columns)
      for (const card of [...column.cards, ...column.previous]) byId.set(card.id, card as CardOf<B>);
  for (const card of patch.cards) byId.set(card.id, card);
  const columns: ColumnOf<B>[] = [];
  for (const [i, column] of patch.columns.entries()) {
    const was = board?.columns[i];
    const head = column.head ?? (was && patch.from !== null ? split<B>(was) : null);
    const cards = column.cards.map((id) => byId.get(id));
    const previous = column.previous.map((id) => byId.get(id));
    if (!head || cards.includes(undefined) || previous.includes(undefined)) return null;
    columns.push({ ...head, cards, previous } as ColumnOf<B>);
  }
  return { ...patch.top, asOfEvent: patch.asOfEvent, columns } as unknown as B;
}
