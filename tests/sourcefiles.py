"""The PDF reports and saved-page assets of ``tests/roots/test-html``, written
into its copy before the build (the HTML pages are files of the root)."""

from __future__ import annotations

from pathlib import Path

from .pdfmake import encrypted, scanned_pdf, text_pdf

HEADER = "Belarus Monitor - Quarterly Report - March 2024"
REPORT_PAGES = [
    [HEADER,
     "Integration and its limits",
     "The union state programmes adopted in 2021 set out twenty-eight sectoral",
     "agendas, from tax codes to energy markets, and gave most of them a",
     "deadline at the end of 2023.",
     "By the spring of 2024 fewer than half had been carried out in full.",
     "Page 1 of 3"],
    [HEADER,
     "Energy prices remained the main lever. Gas deliveries were priced below",
     "the European average throughout the period, and oil supplies resumed",
     "after the dispute of the previous winter.",
     "Page 2 of 3"],
    [HEADER,
     "Outlook",
     "Observers expect the remaining programmes to be merged into a smaller",
     "set of commitments before the next summit.",
     "3"],
]
#: The report's passages as a reader should see them: the running header,
#: "Page N of 3" and the bare "3" removed, wrapped lines joined.
REPORT_PASSAGES = [
    "The union state programmes adopted in 2021 set out twenty-eight sectoral agendas, from "
    "tax codes to energy markets, and gave most of them a deadline at the end of 2023.",
    "By the spring of 2024 fewer than half had been carried out in full.",
    "Energy prices remained the main lever. Gas deliveries were priced below the European "
    "average throughout the period, and oil supplies resumed after the dispute of the "
    "previous winter.",
    "Observers expect the remaining programmes to be merged into a smaller set of "
    "commitments before the next summit.",
]
REPORT_HEADINGS = ["Integration and its limits", "Outlook"]
REPORT_INFO = {"Title": "Integration and its limits", "Author": "A. Analyst",
               "CreationDate": "D:20240315120000Z"}
REPORT_SIDECAR = "outlet: Belarus Monitor\nkind: think-tank report\nlanguage: en\n"


def write_inputs(srcdir: Path) -> None:
    raw = srcdir / "sources_raw"
    report = text_pdf(REPORT_PAGES, REPORT_INFO)
    (raw / "report.pdf").write_bytes(report)
    (raw / "report.yaml").write_text(REPORT_SIDECAR, encoding="utf-8")
    (raw / "scan.pdf").write_bytes(scanned_pdf(3))
    (raw / "locked.pdf").write_bytes(encrypted(report))
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"
                                     b"\n\x00\x9c\x11 truncated while downloading")
    # What a browser's "Save page, complete" writes beside news.html: not sources.
    assets = raw / "news_files"
    assets.mkdir()
    (assets / "ad-frame.html").write_text("<html><body><p>Buy now</p></body></html>",
                                          encoding="utf-8")
    (assets / "style.css").write_text("p { margin: 0 }", encoding="utf-8")
