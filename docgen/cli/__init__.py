"""The ``docgen`` command: parses options, calls the library, prints. Nothing else.

``main`` holds the root group and the one place where errors become messages and exit codes;
``register`` the ``docgen register`` commands; ``i18n`` Click's texts in Vietnamese.
"""
