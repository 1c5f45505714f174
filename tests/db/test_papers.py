"""Every kind of paper, printed by LibreOffice and read back from the PDF (pdfplumber): what is
checked is what lands on the page, not the cell values. One LibreOffice run converts them all
(tests/papers.py builds the 9-member reference campaign on SQLite; the papers do not depend
on the database)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from itertools import pairwise

import pytest

from exports.pdf import to_pdf
from exports.rectification import SUGGESTION_HEADERS
from exports.statistics import STATISTICS_TITLE
from exports.tallies import MEMBER_SUMMARY_HEADERS, TABLE_HEADERS
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from support.sample import MEMBERS
from tests.pages import flat, pages_with, read, sheet_pages
from tests.papers import BALLOT, BALLOT_COPIES, OPINIONS, PAPERS, write_papers

# The reference campaign's workbook: 说明 1, 组织评议 1 and its chart 1, 党员评议 3 and its
# chart 1, 党员互评 3, 统计单 1, 分类统计 2, 意见建议 1, 公开承诺 1, 自我评价 1, 领导点评 2,
# 综合评定 1, 明细 4 (two pages across, two down), 趋势 1, 趋势图 1: 25 pages today, and a
# little room.
WORKBOOK_PAGES = 27
FOOTER = re.compile(r"第 (\d+) 页 共 (\d+) 页")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Where the papers are written (each PAPERS name's workbook, .xlsx)."""
    return tmp_path_factory.mktemp("papers")


@pytest.fixture(scope="module")
def printed(folder):
    """Each paper's pages, by PAPERS name."""

    async def make():
        engine = make_engine(f"sqlite+aiosqlite:///{folder / 'papers.db'}")
        await upgrade(engine)
        try:
            async with make_sessionmaker(engine)() as session:
                paths = await write_papers(session, folder)
        finally:
            await engine.dispose()
        return await to_pdf([paths[name] for name in PAPERS], folder / "pdf")

    pdfs = asyncio.run(make())
    return {name: read(pdf) for name, pdf in zip(PAPERS, pdfs, strict=True)}


def test_no_paper_prints_text_over_text_and_every_page_is_numbered(printed):
    for name, pages in printed.items():
        for page in pages:
            clashes = page.overprints()
            assert clashes == [], f"{name} page {page.number}: {clashes[:3]}"
            footer = FOOTER.search(page.text.replace("\n", " "))
            assert footer, f"{name} page {page.number} has no page number"
            assert (int(footer[1]), int(footer[2])) == (page.number, len(pages)), name


def test_headers_print_whole_and_the_workbook_keeps_its_page_budget(printed):
    pages = printed["workbook"]
    assert len(pages) <= WORKBOOK_PAGES, len(pages)
    # Each header's characters are all on its page, however the header wrapped.
    for title, headers in (
        ("群众评议·组织评议", TABLE_HEADERS),
        ("群众评议·党员评议", (*TABLE_HEADERS, *MEMBER_SUMMARY_HEADERS)),
        ("意见建议及整改台账", SUGGESTION_HEADERS),
    ):
        printed_on = [
            Counter(c["text"] for c in pages[n - 1].chars) for n in pages_with(pages, title)
        ]
        for header in headers:
            wanted = Counter(header.replace(" ", ""))
            assert any(not wanted - on_page for on_page in printed_on), (title, header)
    # Member names (the 明细 heads each member's columns with the name) are printed whole.
    detail = sheet_pages(pages, "明细")
    for name, _ in MEMBERS:
        assert any(name in page.text.replace("\n", "") for page in detail), name
    # Official text's quotes: “五个好”, never 「" 五个好 "」.
    text = "".join(page.text for page in pages)
    assert "“五个好”" in text and '"' not in text


def test_each_chart_lies_on_one_page_in_the_tables_order(printed):
    pages = printed["workbook"]
    [organization] = pages_with(pages, "组织评议：各方面满意率")
    [members] = pages_with(pages, "党员评议：满意+基本满意率")
    assert organization != members
    lines = pages[members - 1].text.splitlines()
    order = [next(i for i, line in enumerate(lines) if name in line) for name, _ in MEMBERS]
    assert order == sorted(order)  # top to bottom as in the table, each bar labelled
    assert len(re.findall(r"\d+\.\d%", pages[members - 1].text)) >= len(MEMBERS)


def test_the_statistics_form_and_the_public_notice_are_one_page_each(printed):
    workbook = printed["workbook"]
    [form] = pages_with(workbook, STATISTICS_TITLE)
    text = workbook[form - 1].text.replace("\n", "")
    for part in ("填报单位：", "填报时间：", "填报人：", "审核人：", "联系电话：", "（盖章）"):
        assert part in text, part
    assert "参加评议的群众总数45人" in text.replace(" ", "")

    [notice] = printed["public"]
    text = notice.text.replace("\n", "")
    assert "公示期：" in text and "7 天" in text and text.count("林业公安第一党支部") >= 2
    body = [c for c in notice.chars if c["text"].strip() and "第" not in c["text"]]
    sizes = Counter(round(c["size"]) for c in body)
    assert sizes.most_common(1)[0][0] >= 12, sizes  # readable on a bulletin board
    for name, _ in MEMBERS:  # no member's own figures on the 公开栏
        assert name not in text
    for opinion in OPINIONS:
        assert opinion[:8] not in text


# What goes to the level above speaks the forms' own words: no software, no commands.
UPWARD = ("workbook", "public", "half", "year")
SOFTWARE = re.compile(r"机器人|pingyi |(?<![\w/])/[a-z_]{3,}")


def test_no_paper_sent_upward_names_the_software_or_a_command(printed):
    for name in UPWARD:
        for page in printed[name]:
            found = SOFTWARE.findall(page.text)
            assert found == [], f"{name} page {page.number}: {found}"
    text = " ".join(page.text for page in printed["workbook"])
    assert "其中网上问卷（Telegram）" in text and "其中纸质问卷" in text


def test_every_score_prints_with_one_decimal(printed, folder):
    """87.0 beside 84.2, never 87: every number that is not a count or a rate is a score."""
    from openpyxl import load_workbook

    from exports.cells import SCORE_FORMAT

    floats = 0
    for name in UPWARD:
        for sheet in load_workbook(folder / f"{name}.xlsx").worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, float) and "%" not in cell.number_format:
                        floats += 1
                        assert cell.number_format == SCORE_FORMAT, (name, sheet.title, cell)
    assert floats > 50  # the reference's scores were seen
    review = next(page.text for page in printed["workbook"] if "综合评定" in page.text[:80])
    assert re.search(r"\b\d{2,3}\.\d\b", review)


def test_each_paper_prints_in_one_family_and_nothing_below_nine_points(printed):
    """A CJK sans with its own Latin letters and figures, bold included (not DejaVu Serif
    Bold among them), at 9 points or more once the page is scaled."""
    for name, pages in printed.items():
        chars = [c for page in pages for c in page.chars if c["text"].strip()]
        families = {c["fontname"].split("+")[-1] for c in chars}
        assert len(families) == 1, (name, families)
        for page in pages:
            smallest = min(c["size"] for c in page.chars if c["text"].strip())
            assert smallest >= 8.95, (name, page.number, smallest)


def test_no_header_breaks_inside_a_word(printed, folder):
    """Every header (bold, centred) prints each of its words on one line: 「满意+」 over
    「基本满意率」, never 「满意+基本满」 over 「意率」. Each word is found on a printed line,
    and (so a short word found elsewhere on the page proves nothing) fits its column's width
    as LibreOffice prints it."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from exports.measure import header_words, line_count

    seen = 0
    for name in PAPERS:
        lines = [flat(line) for page in printed[name] for line in page.text.splitlines()]
        for sheet in load_workbook(folder / f"{name}.xlsx").worksheets:
            spans = {(r.min_row, r.min_col): (r.min_col, r.max_col) for r in sheet.merged_cells}
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if not (isinstance(value, str) and cell.font.b):
                        continue
                    if cell.alignment.horizontal != "center":
                        continue
                    first, last = spans.get((cell.row, cell.column), (cell.column, cell.column))
                    width = sum(
                        sheet.column_dimensions[get_column_letter(n)].width
                        for n in range(first, last + 1)
                    )
                    for word in header_words(value):
                        where = (name, sheet.title, value, word)
                        assert any(flat(word) in line for line in lines), where
                        assert line_count(word.strip(), width, cell.font.sz) == 1, where
                    seen += 1
    assert seen > 50


def _member_rows(page, name: str) -> list[str]:
    return [line for line in page.text.splitlines() if line.startswith(name)]


def test_a_members_block_prints_on_one_page(printed):
    """党员评议 and 党员互评: each member's criteria and 合计 on one page; the 小结 and the
    总评: each subject's heading with its last criterion; 自我评价 and 领导点评: a member's
    name or the 点评对象 with the rows under it, or the name repeated on the next page."""
    from evaluation.questionnaire import MEMBER_CRITERIA
    from exports.cells import typeset

    workbook = printed["workbook"]
    criteria = len(MEMBER_CRITERIA)
    for sheet in ("党员评议", "党员互评"):
        for page in sheet_pages(workbook, sheet):
            for name, _ in MEMBERS:
                rows = [r for r in _member_rows(page, name) if "各项合计" not in r]
                assert len(rows) in (0, criteria + 1), (sheet, page.number, name, rows)
    last = flat(typeset(MEMBER_CRITERIA[-1]))[:6]  # 是否达到“五
    for paper in ("half", "year"):
        pages = printed[paper]
        for name, _ in MEMBERS:
            [page] = [
                p for p in pages if any(line.startswith(name) for line in p.text.splitlines())
            ]
            text = flat(page.text)
            assert last in text[text.index(name) :], (paper, name, page.number)
    for page in sheet_pages(workbook, "领导点评"):
        lines = page.text.splitlines()
        assert lines[2].startswith("点评对象"), (page.number, lines[:4])  # under the title rows


def test_the_years_statistics_form_has_all_six_items_and_the_signatures(printed):
    """The 年终一总评's 统计单 is the form itself, over the year: the items the reference
    recorded (会议 2, 群众 45, 走访 12, 实事 4) and the lines a reviewer signs."""
    from evaluation.activities import ITEMS

    [form] = pages_with(printed["year"], STATISTICS_TITLE)
    text = flat(printed["year"][form - 1].text)
    for item in ITEMS:
        assert flat(item.label) in text, item.label
    # 45 recorded in Q4; Q3 recorded none, so its 12 ballots count.
    for recorded in ("召开群众评议会议总数2个", "参加评议的群众总数57人", "走访调研12次"):
        assert recorded in text, recorded
    assert "为群众办实事、做好事、解难事4件(项)" in text
    for part in ("填报单位：", "填报时间：", "填报人：", "审核人：", "联系电话：", "（盖章）"):
        assert part in text, part


def test_the_trend_draws_small_multiples_of_five_lines_at_most(printed, folder):
    """The reference has 2026Q3 and Q4: ten subjects' lines over two charts, each line its own
    colour and marker, unsmoothed, on a page with no table header above them."""
    from openpyxl import load_workbook

    from exports.trend import TREND_CHARTS

    charts = load_workbook(folder / "workbook.xlsx")[TREND_CHARTS]._charts
    lines = [len(chart.series) for chart in charts]
    assert sum(lines) == 1 + len(MEMBERS) and max(lines) <= 5, lines
    for chart in charts:
        markers = [series.marker.symbol for series in chart.series]
        colours = [
            str(series.graphicalProperties.line.solidFill.srgbClr) for series in chart.series
        ]
        assert len(set(markers)) == len(markers) and len(set(colours)) == len(colours)
        assert not any(series.smooth for series in chart.series)
    [page] = sheet_pages(printed["workbook"], TREND_CHARTS)
    text = flat(page.text)
    assert "评议对象" not in text  # no empty header bar over the charts
    for name, _ in MEMBERS:  # each line named in its chart's legend
        assert name in text, name


def test_the_paper_tally_sheet_can_be_filled_with_a_pen(printed):
    """Boxes for 场次, 份数, 日期, 计票人 and 监票人; the count rows at least 8 mm high; the
    campaign's name and number atop every page."""
    pages = printed["paper"]
    assert len(pages) >= 2
    first = flat(pages[0].text)
    for box in ("场次", "纸质问卷份数", "日期", "计票人", "监票人"):
        assert box in first, box
    for page in pages:
        top = flat(page.text.splitlines()[0])
        assert "林业公安第一党支部2026年第四季度纸质问卷汇总表" in top and "评议编号" in top
        rules = sorted(
            {
                round(line["top"], 1)
                for line in page.lines
                if abs(line["top"] - line["bottom"]) < 0.1 and line["x1"] - line["x0"] > 300
            }
        )
        rows = [below - above for above, below in pairwise(rules)]
        assert len(rows) > 10, page.number
        # Each page: the header row, then the count rows.
        assert min(rows[1:]) >= 8 * 72 / 25.4, (page.number, sorted(rows)[:3])


@pytest.fixture(scope="module")
def ballots(printed, folder):
    """The blank 测评表, BALLOT_COPIES copies, as pdfplumber reads them: (pages, chars,
    rects, lines) per page."""
    import pdfplumber

    with pdfplumber.open(folder / f"{BALLOT}.pdf") as document:
        return [
            (page.width, page.height, page.extract_text(), page.chars, page.rects, page.lines)
            for page in document.pages
        ]


MM = 72 / 25.4


def test_the_blank_ballot_asks_the_campaigns_questions_in_the_chats_order(ballots):
    """身份类别, the six aspects (the 公开承诺 under their question), each member's five with
    不了解此人, then 意见建议: on two pages for the nine-member branch, and nothing to write a
    name in."""
    from evaluation.questionnaire import MEMBER_CRITERIA, RESPONDENT_CATEGORIES, SIX_ASPECTS
    from exports.cells import typeset

    pages = len(ballots) // BALLOT_COPIES
    assert pages == 2 and len(ballots) == pages * BALLOT_COPIES
    text = "\n".join(page[2] for page in ballots[:pages])
    asked = [typeset(c) for c in SIX_ASPECTS] + [typeset(c) for c in MEMBER_CRITERIA] * len(MEMBERS)
    lines = [flat(line) for line in text.splitlines()]
    known = list(dict.fromkeys(flat(c) for c in asked))
    found = [c for line in lines for c in known if c in line]
    assert found == [flat(c) for c in asked]
    names = [name for line in lines for name, _ in MEMBERS if line.startswith(name)]
    assert names == [name for name, _ in MEMBERS]
    assert text.count("不了解此人") == len(MEMBERS) + 1  # each member, and the instructions
    for category in RESPONDENT_CATEGORIES:
        assert category in text
    assert text.index("您的身份") < text.index(asked[0]) < text.index("意见建议（可不填）")
    assert not re.search(r"姓名[：:]|电话|手机|住址", text)
    # The 公开承诺 question lists what was promised, as the chat does under it.
    assert "公开承诺是否完成承诺：①每月走访4户（未开始）②年内办实事3件（未开始）" in flat(text)


def test_the_blank_ballot_is_ready_for_a_scanner(ballots):
    """≥ 10 pt; nothing within 15 mm of an edge; a black square in each corner of the printed
    area and a QR code of the campaign, the copy and the page on every page; copies numbered
    at random."""
    import segno

    from exports.paper_ballot import qr_payload

    numbers = []
    pages = len(ballots) // BALLOT_COPIES
    for index, (width, height, text, chars, rects, lines) in enumerate(ballots):
        assert min(c["size"] for c in chars if c["text"].strip()) >= 10
        for thing in (*chars, *rects, *lines):
            assert thing["x0"] >= 15 * MM - 0.5 and thing["x1"] <= width - 15 * MM + 0.5
            assert thing["top"] >= 15 * MM - 0.5 and thing["bottom"] <= height - 15 * MM + 0.5
        squares = [r for r in rects if r["fill"] and abs(r["width"] - 5 * MM) < 0.1]
        corners = {(r["x0"] < width / 2, r["top"] < height / 2) for r in squares}
        assert len(squares) == 4 and len(corners) == 4, index
        copy = int(re.search(r"No\. (\d{6})", text)[1])
        page = index % pages + 1
        if page == 1:
            numbers.append(copy)
        payload = qr_payload(1, copy, page, pages).replace(":1:", f":{_campaign(text)}:", 1)
        modules = sum(sum(row) for row in segno.make(payload, error="m").matrix)
        small = [r for r in rects if r["fill"] and r["width"] < 1 * MM]
        assert len(small) == modules, index  # the QR code drawn is this page's
    assert len(set(numbers)) == BALLOT_COPIES and numbers != sorted(numbers)


def _campaign(text: str) -> int:
    return int(re.search(r"评议编号 (\d+)", text)[1])
