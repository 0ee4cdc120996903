// The order of "Draw a card", on its own (no DOM, no storage): every card once, in a
// shuffled order, before any card comes again. Tested in Node (tests/js/deck.test.mjs).
//
// A deck is the ids still to come in this round. A card counts as drawn once it is
// shown (`shown`); the next draw is the first id left that is not the card on screen
// (`nextId`); when none is left, a new round starts from the cards' ids (`fresh`).

// Fisher–Yates: every order equally likely. `random` returns [0, 1), as Math.random.
export function fresh(ids, random = Math.random) {
  const deck = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
  for (let i = deck.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [deck[i], deck[j]] = [deck[j], deck[i]];
  }
  return deck;
}

// The deck once `id` has been shown; null (and nothing taken out) when `id` was drawn
// already this round, which the caller then replaces with a card still to come.
export function shown(deck, id) {
  return deck.includes(id) ? deck.filter((other) => other !== id) : null;
}

// The next card to draw, never the one on screen; null when the round is over.
export function nextId(deck, current) {
  return deck.find((id) => id !== current) ?? null;
}

// A deck read back from storage: an array of ids, or null for anything else.
export function parsed(value) {
  return Array.isArray(value) && value.every((id) => Number.isSafeInteger(id) && id > 0)
    ? value
    : null;
}
