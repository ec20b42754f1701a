"""Decision documents as PDF: render (WeasyPrint), sign (pyHanko, PAdES) and verify."""
