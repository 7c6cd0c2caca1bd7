"""A student's own Playground data: a CSV of x1, x2, label (or value), read with care.

    x1,x2,label          ← optional header
    1.5,-2.0,1
    -3,0.25,0

Labels with exactly the values {0, 1} or {−1, 1} make two classes (stored as ±1, as TF);
any other numbers are regression values. Coordinates must lie in TF's square [−6, 6]²
(the heatmap's). Every way a file can be unusable raises CsvError with a `code` (the
page translates `playground.csv_<code>`) and the numbers it is about; nothing is kept
from a refused file.
"""
from __future__ import annotations

import numpy as np

from actlib.nets.playground.datasets import BINARY, DOMAIN, REGRESSION

MAX_ROWS = 10_000              # data rows; more is refused, not cut
MAX_LINE = 1_000               # characters in one line (three numbers need far fewer)
MIN_ROWS = 4                   # a split needs at least one training and one test point
CODES = ("empty", "binary", "long_line", "too_many_rows", "columns", "not_number",
         "not_finite", "labels", "range", "too_few_rows")


class CsvError(ValueError):
    """An upload we cannot use: `code` is one of CODES, `values` the numbers it is about."""

    def __init__(self, code: str, message: str, **values):
        self.code, self.values = code, values
        super().__init__(message)


def _number(text: str) -> float:
    return float(text.strip().strip('"').strip("'"))


def parse_csv(data: bytes) -> tuple[np.ndarray, np.ndarray, str]:
    """(points (n, 2), labels (n,), kind BINARY or REGRESSION) from CSV bytes."""
    if not data.strip():
        raise CsvError("empty", "The file is empty.")
    if b"\x00" in data[:65536]:
        raise CsvError("binary", "This is not a text file (it holds binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("binary", "This is not a UTF-8 text file.") from None
    lines = text.splitlines()
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > MAX_LINE:
        raise CsvError("long_line", f"Line {longest + 1} is too long.",
                       line=longest + 1, limit=MAX_LINE)
    rows = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    first = [cell.strip().strip('"').lower() for cell in rows[0][1].split(",")]
    try:
        [_number(c) for c in first]
    except ValueError:
        rows = rows[1:]                          # a header (its names are not checked)
    if len(rows) > MAX_ROWS:
        raise CsvError("too_many_rows", f"{len(rows)} rows; at most {MAX_ROWS}.",
                       rows=len(rows), limit=MAX_ROWS)
    if len(rows) < MIN_ROWS:
        raise CsvError("too_few_rows", f"At least {MIN_ROWS} rows are needed.",
                       rows=len(rows), limit=MIN_ROWS)
    table = np.empty((len(rows), 3))
    for r, (line_no, line) in enumerate(rows):
        cells = line.split(",")
        if len(cells) != 3:
            raise CsvError("columns", f"Line {line_no} has {len(cells)} columns, not 3.",
                           line=line_no, columns=len(cells))
        for c, cell in enumerate(cells):
            try:
                table[r, c] = _number(cell)
            except ValueError:
                code = "labels" if c == 2 else "not_number"
                raise CsvError(code, f"Line {line_no}: {cell.strip()[:20]!r} is not a number.",
                               line=line_no, value=cell.strip()[:20]) from None
    bad = ~np.isfinite(table).all(axis=1)
    if bad.any():
        line_no = rows[int(np.argmax(bad))][0]
        raise CsvError("not_finite", f"Line {line_no} holds NaN or infinity.", line=line_no)
    outside = (np.abs(table[:, :2]) > DOMAIN).any(axis=1)
    if outside.any():
        line_no = rows[int(np.argmax(outside))][0]
        raise CsvError("range", f"Line {line_no}: x1 and x2 must lie in [−6, 6].",
                       line=line_no, limit=DOMAIN)
    points, labels = table[:, :2], table[:, 2]
    values = set(np.unique(labels).tolist())
    if values in ({0.0, 1.0}, {-1.0, 1.0}):
        return points, np.where(labels > 0, 1.0, -1.0), BINARY
    return points, labels, REGRESSION
