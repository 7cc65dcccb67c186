"""docgen: official paperwork of Hà Tĩnh's 2023 emulation campaign, from data to Word."""

__version__ = "0.2.1"
