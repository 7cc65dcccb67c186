"""PDF: DOCX files → PDF with LibreOffice, reproducible bytes, one merged pack per unit.

``soffice`` finds and runs LibreOffice (batches per worker, deadlines, lone retries),
``workdirs`` keeps its user profiles and scratch folders, ``normalise`` makes the bytes
reproducible and records what a PDF was made from, ``merge`` joins a unit's PDFs with
bookmarks. It knows nothing of the manifest or of which
documents exist; the build's PDF step (``docgen.build.pdfs``) decides what to convert.
"""
