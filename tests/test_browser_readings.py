"""What a reader sees in Chromium of issue 12's sentences: the grade bands in 六's own words, the link to
the 计分口径 section landing on it, and the rules page's note on a recorded entry that counted 0."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from test_browser import browser, in_viewport, open_context, page_watch, site, sync_api, url  # noqa: F401


def test_the_readings_link_lands_on_the_section_a_reader_can_see(site, page_watch):  # noqa: F811
    page, watch = page_watch
    page.goto(url(site / "2017" / "units" / "jianchazhidui.html"))
    bands = page.locator("p.grade-bands")
    seen = bands.inner_text()
    assert "原文：“考核打分95分以上的单位评为优秀；考核打分85—95分的单位评为合格；考核打分85分以下的单位评为不合格。”" in seen
    assert "按计分口径，恰为95分的评为优秀，恰为85分的评为合格" in seen
    assert "道路交通安全 基分3，扣分3，得分0（合计3.5，超出基分的0.5分不计）" in re.sub(
        r"\s+", " ", page.locator("tr.item", has_text="二.6①").inner_text())

    bands.get_by_role("link", name="计分口径").click()
    page.wait_for_url(re.compile(r"/2017/rules\.html#koujing$"))
    assert urlsplit(page.url).fragment == "koujing"
    section = page.locator("#koujing")
    sync_api.expect(section).to_be_in_viewport()
    assert in_viewport(page, "koujing")["top"] < 200
    row = section.locator("tr", has_text="五（三）同一案事件多处扣分")
    sync_api.expect(row).to_be_visible()
    assert "按计入各项基分上限后扣分多的一处计分" in row.inner_text()
    watch.assert_clean()


def test_the_rules_page_shows_the_absorbed_entry_and_plain_guapai(site, page_watch):  # noqa: F811
    page, watch = page_watch
    page.goto(url(site / "2017" / "rules.html"))
    leak = page.locator("#c2-2-2 .clause-hits")
    sync_api.expect(leak).to_be_visible()
    assert leak.inner_text() == "［档案处已记录、因基分已扣完未计分］"
    assert "档案处" in page.locator("#rewards-2 .clause-hits").inner_text()
    assert "档案处" not in page.locator("#c6-1-4 .clause-hits").inner_text()
    watch.assert_clean()
