"""The report's cooperation and timeline sections: present, footnoted, escaped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from liuzhi.ledger import Ledger
from liuzhi.publish import report, results
from liuzhi.registries import bundled, importing
from liuzhi.registries import report as registry_report


def test_sections_are_footnoted_and_escaped(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    try:
        bundled.load(ledger, actor="test")
        parties = tmp_path / "parties.csv"
        parties.write_text("party_id,name_en,name_zh,kind,country,notes\n"
                           "EVIL,<script>alert(1)</script>,,ngo,Nowhere,\n", encoding="utf-8")
        comms = tmp_path / "comms.csv"
        comms.write_text("communication_id,sender,recipient,date,reference,subject,channel,"
                         "reply_expected,in_reply_to,source_id,locator,notes\n"
                         "CM900,EVIL,UNODC,2021-01-01,,<b>bold</b>,letter,true,,S201,q,\n",
                         encoding="utf-8")
        importing.import_path(ledger, parties, actor="test")
        importing.import_path(ledger, comms, actor="test")
        sections = registry_report.build(ledger, as_of=dt.date(2021, 6, 29))
        html, _ = report.render_html(results.compute(ledger), registry=sections)
    finally:
        ledger.close()
    cooperation = html[html.index("Cooperation: agreements and correspondence"):]
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "AG001" in cooperation and "(text not public)" in cooperation
    assert "sources disagree" in cooperation and "2020-11-03 (S214)" in cooperation
    assert "<strong>unanswered</strong>: 179 days" in cooperation  # CM900, 2021-01-01
    timeline = html[html.index("<h2>Timeline</h2>"):]
    assert timeline.index("2019-10-17") < timeline.index("2020-11-02")
    assert "28,983 persons (at least)" in timeline
    cited = set(re.findall(r'href="#rfn-(\d+)"', html))
    listed = set(re.findall(r'id="rfn-(\d+)"', html))
    assert cited and cited == listed
    assert "https://unodc.org/unodc/en/frontpage/2019/October/" in html
