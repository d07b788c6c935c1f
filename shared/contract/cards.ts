// cards.* and reference.assistanceCategories — employment assistance cards, plans, printing.
export const cardsContract = {};
