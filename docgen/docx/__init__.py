"""DOCX: a template and a context → the bytes of one finished Word document.

Owns the sandboxed Jinja environment, the fast renderer, the layout pass (rules sized to the
names, balanced titles), document properties, the text checks for leftovers and the ZIP
normalisation. It never writes files and never decides which documents exist.
"""
