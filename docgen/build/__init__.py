"""Build: a plan of documents → files in ``out/``: parallel, atomic, incremental, safe for edits.

``run`` decides for each document (skip, keep a clerk's edit, render, number) and records the
result in the ``manifest``; ``execute`` renders in worker processes; ``packs`` writes each
unit's ZIP; ``pdfs`` is the PDF step; ``single`` writes one document on request. It is the
only stage besides ``register`` and ``pdf`` that writes files, and it never prints.
"""
