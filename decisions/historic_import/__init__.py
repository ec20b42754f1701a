"""Historic import: past decisions and their signed PDFs from a documented file (docs/import.md).

`source` reads the file, `rows` checks one record, `check` the whole file against the register
(the preview), `apply` writes it; decisions.services.imports is the way in.
"""
