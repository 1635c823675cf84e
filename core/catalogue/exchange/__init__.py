"""A whole catalogue as one JSON document (docs/catalogue-format.md): import and export.

`transfer` checks a document and writes it all or nothing, and writes one
out; `rows` checks each row against the document and the database; `lines`
reads the JSON remembering where each row starts, for the error report.
"""
