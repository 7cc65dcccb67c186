"""``docgen serve``: the workspace as a small web application in Vietnamese for clerks, on the
office's own machine. The top layer: it parses requests, calls the same engine functions as the
CLI (build, register, forms import, template check, preview) and presents their results as
server-rendered pages; it holds no rule of its own.

Modules: ``app`` (the Flask application, access token, CSRF, error pages, safe file paths),
``status`` (each unit's documents and their status), ``pages`` (overview, unit, downloads,
thumbnails), ``actions`` (rebuild, issue a number, upload a form), ``lists`` (register,
templates), ``cli`` (the ``serve`` command).
"""
