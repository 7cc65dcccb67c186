"""Documents: a validated ``Dataset`` → which documents each unit writes → one context each.

Pure functions, no I/O: the plan of documents (``plan``), their ids, file names and templates,
and the context a template sees (``context``), plus the listings ``docgen list`` prints.
It must not open files, render, number or know how a build is run.
"""
