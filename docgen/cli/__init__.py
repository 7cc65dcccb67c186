"""The ``docgen`` command: parses options, calls the library, prints. Nothing else.

``main`` holds the root group, the entry points and the one place where errors become
messages and exit codes; ``commands`` (init, validate, render, build), ``listing`` (list) and
``register`` (register …) the commands; ``options`` the options they share; ``output`` how
they write text and JSON; ``i18n`` Click's texts in Vietnamese. Importing this package
changes nothing in Click: the Vietnamese texts are installed for each docgen invocation only.
"""
