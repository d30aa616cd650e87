/**
 * Where a request to show a place goes (an alarm's "Show", a floor picked on the overview): the
 * current board if it has a map, else the first board that does. Pure, for the frame.
 */
export type BoardWithPanels = {
  readonly id: string
  readonly panels: ReadonlyArray<{ readonly kind: string }>
}

/** The board to show for a map request from `current`. */
export function boardForMapFocus(boards: readonly BoardWithPanels[], current: string): string {
  const hasMap = (b: BoardWithPanels | undefined): boolean =>
    b?.panels.some((p) => p.kind === 'floor-map') ?? false
  if (hasMap(boards.find((b) => b.id === current))) return current
  return boards.find(hasMap)?.id ?? current
}
