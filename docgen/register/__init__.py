"""The register of issued documents (sổ đăng ký văn bản đi), Decree 30/2020/NĐ-CP.

A document's number is the running count of documents one issuing body registers in one
calendar year, per series (one series ``chung`` unless the data gives a kind its own), from 1 on
1 January. A number is given once: a voided number stays in the register and is never given
again, and the next number is always the largest one used in the series plus one.

The register is the only place that hands out numbers, and it hands one out only together with
the document that carries it: ``Register.issue`` allocates the number, lets the caller render
the document to a temporary file, records both in one SQLite write transaction and only after
the commit lets the caller move the file into place. ``records`` holds the records and the
abstract register, ``sqlite`` its one implementation, ``importing``/``exporting`` the paper
registers offices keep, ``issuing`` the rules of numbering a document. It never prints and
never writes into ``out/`` itself.
"""
