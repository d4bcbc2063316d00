"""The papers people sign and the reports that go up, as Word documents (python-docx).

* :mod:`settings` — what a document's header, date line and signature say, from the config;
* :mod:`styles` — a new A4 document with the named styles (the secretary restyles a style, not
  a paragraph), and the deterministic, atomic save;
* :mod:`blocks` — header (party HD 36-HD/VPTW or state NĐ 30/2020), title, paragraphs, drafted
  sentences, dotted lines, tables, signature blocks;
* :mod:`pledge`, :mod:`self_review`, :mod:`report` — the documents;
* :mod:`sources` — what they print, read from the workspace;
* :mod:`pdf` — PDF copies by one LibreOffice run.

Nothing is imported here: python-docx is loaded only by the commands that write documents.
"""
