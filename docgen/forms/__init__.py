"""Excel forms (biểu mẫu) a unit fills in instead of YAML: its report figures and prose for each
period and its commendation candidates. ``layout`` says what a form holds (sheets, columns,
prefilled rows; the import reads against the same names), ``workbook`` writes it with openpyxl as
reproducible bytes, ``exporting`` writes the files of the units chosen, never replacing a form a
person has filled in without ``force``. See docs/bieu-mau-excel.md.
"""
