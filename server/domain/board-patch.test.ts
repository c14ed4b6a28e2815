import { expect, it } from "vitest";
import { applyBoardPatch, diffBoard } from "./board-patch";

type Card = { id: number; version: string; status: string; at: Date };
type Board = {
  asOfEvent: number;
  project: { slug: string };
  columns: { environment: { id: number; name: string }; cards: Card[]; previous: Card[] }[];
};

const card = (id: number, status = "passed"): Card => ({ id, version: `1.${id}`, status, at: new Date(1_000 * id) });
const board = (
  asOfEvent: number,
  dev: Card[],
  prod: Card[],
  previous: Card[] = [],
  prodName = "Production",
): Board => ({
  asOfEvent,
  project: { slug: "p" },
  columns: [
    { environment: { id: 1, name: "Development" }, cards: dev, previous: [] },
    { environment: { id: 2, name: prodName }, cards: prod, previous },
  ],
});

it("carries only the cards that changed, and patches a board to the new one, reusing the cards that did not", () => {
  const one = card(1);
  const before = board(10, [one, card(2)], [card(3)]);
  const after = board(12, [card(1), card(2, "failed")], [card(3)]);
  const patch = diffBoard(before, after);
  expect(patch.from).toBe(10);
  expect(patch.cards.map((c) => c.id)).toEqual([2]);
  expect(patch.columns.map((c) => c.head)).toEqual([null, null]);
  const patched = applyBoardPatch(before, patch)!;
  expect(patched).toEqual(after);
  expect(patched.columns[0]!.cards[0]).toBe(one);
});

it("moves cards between columns, to the superseded list and a renamed column, by ids and headers", () => {
  const before = board(10, [card(1), card(2)], [card(3)]);
  const after = board(11, [card(2)], [{ ...card(1), at: new Date(99) }], [card(3)], "Prod");
  const patched = applyBoardPatch(before, diffBoard(before, after))!;
  expect(patched).toEqual(after);
});

it("does not apply to another board than its base; a first patch is the whole board and applies to any", () => {
  const before = board(10, [card(1)], []);
  const after = board(11, [card(1, "failed")], []);
  const patch = diffBoard(before, after);
  expect(applyBoardPatch(board(9, [card(1)], []), patch)).toBeNull();
  expect(applyBoardPatch(undefined, patch)).toBeNull();
  const whole = diffBoard(null, after);
  expect(whole.from).toBeNull();
  expect(applyBoardPatch(undefined, whole)).toEqual(after);
  expect(applyBoardPatch(board(3, [], [card(7)]), whole)).toEqual(after);
});
