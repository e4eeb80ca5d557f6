"""Whole paragraphs in two columns, filled left then right, continued on the next page.

The language-assistance taglines: each stays whole (a tagline read in two pieces, around
a page header, is not one a member finds), the left column is filled before the right
(reportlab's BalancedColumns left a third of a column empty beside unsplittable cells and
pushed the last taglines onto a page of their own), and the two columns end at about the
same height when everything fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable


class TwoColumns(Flowable):  # type: ignore[misc]
    def __init__(self, cells: Sequence[Flowable], *, gap: float, space: float) -> None:
        super().__init__()
        self.cells = list(cells)
        self.gap = gap
        self.space = space  # between two cells of a column
        self._placed: list[tuple[Flowable, float, float, float]] = []  # cell, x, y, height

    def _heights(self, width: float) -> list[float]:
        column = (width - self.gap) / 2
        return [cell.wrap(column, 10_000)[1] for cell in self.cells]

    def _fill(self, heights: list[float], limit: float) -> tuple[int, int, float]:
        """How many cells go in the left column and in all, filling each to ``limit``,
        and the taller column's height."""
        counts, used, tallest = [0, 0], [0.0, 0.0], 0.0
        column = 0
        for height in heights:
            need = height + (self.space if counts[column] else 0)
            if used[column] + need > limit:
                column += 1
                if column > 1:
                    break
                need = height
                if need > limit:
                    break
            counts[column] += 1
            used[column] += need
            tallest = max(tallest, used[column])
        return counts[0], counts[0] + counts[1], tallest

    def _balanced(self, heights: list[float], limit: float) -> float:
        """The lowest column height at most ``limit`` that holds every cell (the left
        column filled first), or ``limit`` when they do not all fit."""
        low, high = max(heights, default=0.0), limit
        if self._fill(heights, high)[1] < len(heights):
            return limit
        for _ in range(24):  # to a fraction of a point
            middle = (low + high) / 2
            if self._fill(heights, middle)[1] == len(heights):
                high = middle
            else:
                low = middle
        return high

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        heights = self._heights(avail_width)
        limit = self._balanced(heights, avail_height)
        left, placed, tallest = self._fill(heights, limit)
        column = (avail_width - self.gap) / 2
        self._placed, y = [], 0.0
        for index, cell in enumerate(self.cells[:placed]):
            if index == left:
                y = 0.0
            x = 0.0 if index < left else column + self.gap
            self._placed.append((cell, x, y, heights[index]))
            y += heights[index] + self.space
        self.width, self.height = avail_width, tallest
        # Not all of it fits: taller than the space, so that the frame splits it.
        return avail_width, tallest if placed == len(self.cells) else avail_height + 1

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        heights = self._heights(avail_width)
        _, placed, _ = self._fill(heights, avail_height)
        if placed == 0 or placed == len(self.cells):
            return []
        here = self.cells[:placed]
        rest = self.cells[placed:]
        return [
            TwoColumns(here, gap=self.gap, space=self.space),
            TwoColumns(rest, gap=self.gap, space=self.space),
        ]

    def draw(self) -> None:
        for cell, x, y, height in self._placed:
            cell.drawOn(self.canv, x, self.height - y - height)
