"""Reading spreadsheets (.xlsx) as Excel and LibreOffice really save them, for every import.

``book`` opens a workbook (an .xls, a renamed file, a password, a damaged ZIP told in
Vietnamese with the way out: save as .xlsx) and reads a sheet's rows: blank rows skipped,
hidden rows read and counted, merged ranges across rows and formulas without a computed value
found. ``cells`` turns a raw value into the type its column holds — text (NFC, line breaks,
TCVN3/VNI refused), numbers (stored as text, written the Vietnamese way), dates (serial
numbers, day-first text) — or a :class:`~docgen.errors.CellProblem` naming the cell.
"""

from docgen.sheets.book import Book, Place, Row, Sheet, column_index, column_letter, titles_at
from docgen.sheets.cells import clean_text, date, is_blank, number, text, whole

__all__ = [
    "Book",
    "Place",
    "Row",
    "Sheet",
    "clean_text",
    "column_index",
    "column_letter",
    "date",
    "is_blank",
    "number",
    "text",
    "titles_at",
    "whole",
]
