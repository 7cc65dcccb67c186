from docgen.cli.main import run

run()
