"""bulletin.docx (issue 13, SPEC §5): the 通报 as a Word document laid out to GB/T 9704-2012.

The example content is built once; LibreOffice (Debian's libreoffice-writer-nogui, installed by
tests/run.sh) converts its bulletin.docx to PDF with a private profile, and the PDF is read back
with poppler's pdftotext -bbox-layout: every line's text and box in points. Office fonts (仿宋_GB2312,
方正小标宋简体 …) are not on a Linux machine, so a private fontconfig file maps them to the Noto CJK
fonts, as Word maps them to 仿宋 or 宋体 on a PC without them. The pages go to tests/artifacts/ as
bulletin-docx-<n>.png for a person to look at.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import lxml.html
import pytest

from kaoping import docx_package, htmltree, render
from kaoping.build import build
from kaoping.bulletin_docx import READ_TEXT, WANTED, _text, bulletin_docx
from kaoping.cli import main
from kaoping.doctitle import title_lines
from pdflayout import PDFTOTEXT, PT_PER_MM, Line, first_line, flat, pdf_lines, words

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCX_FIXTURES = ROOT / "tests" / "fixtures" / "docx"
EXPECTED = json.loads((ROOT / "tests" / "expected" / "results-2017.json").read_text(encoding="utf-8"))
SOFFICE, PDFTOPPM = shutil.which("soffice"), shutil.which("pdftoppm")

LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM  # the 版心 of odd pages: 156 × 225 mm
TOP, BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM
CENTRE = (LEFT + RIGHT) / 2
MIRROR = 2 * PT_PER_MM  # even pages: the 28 mm 订口 on the right, the 版心 2 mm further left
LINE = 579 / 20  # 28.95 pt: 22 lines
BODY_CHAR = 156 * PT_PER_MM / 28  # 28 characters a line
PUNCTUATION = unicodedata.normalize("NFKC", "，。、；：！？）》”’")  # as pdftotext's text is read (NFKC)
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
    <edit name="weight" mode="assign"><const>bold</const></edit></match>
</fontconfig>
"""


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "site"
    build(ROOT / "content", ROOT / "theme", out)
    return out


@pytest.fixture(scope="module")
def docx_bytes(site) -> bytes:
    return (site / "2017" / "bulletin.docx").read_bytes()


@pytest.fixture(scope="module")
def page_html(site):
    import lxml.html

    return lxml.html.fromstring((site / "2017" / "index.html").read_bytes())


@pytest.fixture(scope="module")
def pages(site, tmp_path_factory) -> list[list[Line]]:
    """The docx through LibreOffice: each PDF page's lines, top to bottom; PNGs in tests/artifacts/."""
    if not (SOFFICE and PDFTOTEXT and PDFTOPPM):
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext, pdftoppm) is missing: "
                    "apt-get install libreoffice-writer-nogui poppler-utils (tests/run.sh installs them)")
    work = tmp_path_factory.mktemp("office")
    (work / "fonts.conf").write_text(FONTS_CONF, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "FONTCONFIG_FILE": str(work / "fonts.conf")}
    subprocess.run([SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(site / "2017" / "bulletin.docx")],
                   check=True, timeout=180, env=env, capture_output=True)
    pdf = work / "bulletin.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("bulletin-docx-*.png"):
        old.unlink()
    shutil.copyfile(pdf, ARTIFACTS / "bulletin-docx.pdf")
    subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(ARTIFACTS / "bulletin-docx")], check=True, timeout=60)
    return pdf_lines(pdf)


def body(lines: list[Line]) -> list[Line]:
    """A page's lines without its header (the 示例数据 note) and its page number."""
    return [line for line in lines if line.y1 > TOP and line.y0 < BOTTOM]


# ---------------------------------------------------------------- the package


def test_docx_is_written_and_byte_reproducible(site, docx_bytes, tmp_path):
    again = tmp_path / "again"
    build(ROOT / "content", ROOT / "theme", again)
    assert (again / "2017" / "bulletin.docx").read_bytes() == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode("utf-8")
        assert "created" not in core and "modified" not in core and "python-docx" not in core
        assert "关于2017年度局属各单位社会治安综合治理考评结果的通报" in core
        assert not [n for n in names if "thumbnail" in n]
    assert not (site / "2017" / "bulletin.docx").with_suffix(".tmp").exists()


def test_the_package_is_zipped_as_pythons_zipfile_zips_it():
    """docx_package writes the zip itself (the shared parts deflated once): the same bytes as
    zipfile writes for the same parts, dated 1980-01-01 00:00, made on MS-DOS, without attributes
    (which zipfile writes as rw-------)."""
    made = bulletin_docx(fixture_page("page"))
    again = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(made)) as package, zipfile.ZipFile(again, "w") as copy:
        for info in package.infolist():
            fresh = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fresh.compress_type, fresh.create_system, fresh.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            copy.writestr(fresh, package.read(info))
    assert again.getvalue() == made


def fixture_page(variant: str) -> bytes:
    """tests/fixtures/docx/page.html (the example's 通报 page with both banners, one of them with
    & < >), as it is, without its banners, with an empty 署名, or with marks and spaces in the
    ranking's cells and the text (quotes, & < > ]]>, empty cells, a hidden part, bold amid spaces)."""
    source = (DOCX_FIXTURES / "page.html").read_bytes()
    if variant == "page":
        return source
    page = lxml.html.fromstring(source)
    if variant == "no-banners":
        for banner in page.find_class("example-banner") + page.find_class("correction-banner"):
            banner.getparent().remove(banner)
    elif variant == "empty-signer":
        page.find_class("signer")[0].clear(keep_tail=True)
    else:
        cells = list(page.find_class("ranking")[0].iter("td"))
        cells[0].text = " 'q'  \"d\" & <x> ]]> "
        cells[1].text = ""
        cells[2].clear(keep_tail=True)
        cells[3].insert(0, lxml.html.fragment_fromstring('<span class="no-print">隐藏</span>'))
        cells[3][0].tail = " 之后  "
        cells[4].text = " 前 "
        cells[4].append(lxml.html.fragment_fromstring("<b> 粗 </b>"))
        cells[4][-1].tail = " 后"
        cells[5].append(lxml.html.fragment_fromstring("<br>"))
        paragraph = page.find_class("recipients")[0]
        paragraph.text += ' "引号" & \'单引号\' <b>'
    return lxml.html.tostring(page, encoding="utf-8", doctype="<!DOCTYPE html>")


@pytest.mark.parametrize("variant", ["page", "no-banners", "empty-signer", "marks"])
def test_docx_bytes_are_the_ones_python_docx_wrote(variant):
    """bulletin.docx is written without python-docx's object model (docx_package.py); the docx
    files in tests/fixtures/docx/ were made from these pages through that object model, before
    (marks.docx by the version after it that parsed and wrote each part again with lxml, whose
    bytes were those of the object model). The same page gives the same bytes. (A deliberate
    change of the layout makes new files, after looking at the pages in LibreOffice.)"""
    made = (DOCX_FIXTURES / f"{variant}.docx").read_bytes()
    assert read(fixture_page(variant)) is not None  # read without lxml
    assert bulletin_docx(fixture_page(variant)) == made
    assert lxml_docx(fixture_page(variant)) == made


@pytest.mark.parametrize("variant", ["page", "no-banners", "empty-signer", "marks"])
def test_docx_parts_are_spelt_as_lxml_spells_them(variant):
    """The body, headers and footers are written as text; each is what lxml (through which
    python-docx writes) makes of it when it reads and writes it again: same escapes, empty
    elements closed. (The blank's own parts are as python-docx left them, not all stable so.)"""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(bulletin_docx(fixture_page(variant)))) as package:
        names = [name for name in package.namelist() if re.fullmatch(r"word/(document|header\d|footer\d)\.xml", name)]
        assert "word/document.xml" in names and "word/footer2.xml" in names
        for name in names:
            part = package.read(name)
            parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
            assert etree.tostring(etree.fromstring(part, parser), encoding="UTF-8", standalone=True) == part, name


def test_the_shipped_docx_parts_are_what_cutting_python_docxs_blank_gives_now():
    """The parts every document shares ship cut (docx_parts/): they are what docx_blank.py cuts from
    the installed python-docx's blank document now, so the bytes pinned above are still its own."""
    from kaoping.docx_blank import cut, generated

    fresh, shipped = cut(), generated(Path(docx_package.FOLDER))
    stale = sorted(name for name in fresh.keys() | shipped.keys() if fresh.get(name) != shipped.get(name))
    assert not stale, f"generator/docx_parts is stale ({', '.join(stale)}): run `python -m kaoping.docx_blank`"


def test_a_build_imports_neither_python_docx_nor_lxml(tmp_path):
    """python-docx's blank document ships cut (its import took 0.2–0.4 s) and kaoping's own 通报 page
    is read without lxml (its import, about 10 ms of a clerk's first build of one year)."""
    out = tmp_path / "site"
    code = ("import sys; from pathlib import Path; from kaoping.build import build; "
            f"build(Path({str(ROOT / 'content')!r}), Path({str(ROOT / 'theme')!r}), Path({str(out)!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert (out / "2017" / "bulletin.docx").stat().st_size > 0


# ---------------------------------------------------------------- the page read without lxml (htmltree.py)


def lxml_docx(page: bytes) -> bytes:
    """bulletin.docx of the page read by lxml, as for a page htmltree does not read."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(htmltree, "read", lambda *args: None)
        return bulletin_docx(page)


def read(page: bytes | str):
    return htmltree.read(page.encode() if isinstance(page, str) else page, WANTED, READ_TEXT)


def assert_read_as_lxml_reads(page: str) -> None:
    """htmltree's tree of the page has lxml's shape: tags, classes, texts and tails, children (a
    drawing left unopened: its tag, class and tail; a body read at once: each cell's text)."""
    tree = read(page)
    assert tree is not None, page

    def same(mine, theirs):
        assert (mine.tag, mine.get("class"), mine.tail) == (theirs.tag, theirs.get("class"), theirs.tail), page
        if mine.rows is not None:
            assert mine.rows == [[_text(c) for c in tr.iterchildren("td", "th")] for tr in theirs.iter("tr")], page
        elif not (mine.tag == "svg" and not len(mine)):
            children = [child for child in theirs if isinstance(child.tag, str)]
            assert (mine.text, len(mine)) == (theirs.text, len(children)), (page, mine.tag)
            for a, b in zip(mine, children):
                same(a, b)

    from lxml import etree

    same(tree.root, etree.fromstring(page.encode(), etree.HTMLParser()))


HEAD = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n<body>\n'
# the elements an element may stand in only, up to one that may stand in <body>
WRAPPER = {"li": "ul", "dt": "dl", "dd": "dl", "caption": "table", "thead": "table", "tbody": "table",
           "tr": "tbody", "td": "tr", "th": "tr"}
KNOWN = sorted((htmltree.VOID | htmltree.PHRASING | htmltree._FLOW | htmltree._BLOCK | htmltree._HEAD
                | set(htmltree._PARENTS) | {"svg"}) - {"html", "head", "body"})


def element(tag: str, inner: str = "x") -> str:
    if tag in htmltree.VOID:
        return f'<{tag} class="c">'
    content = " " if tag in htmltree._NO_TEXT or tag == "svg" else inner
    return f'<{tag} class="c">{content}</{tag}>'


def placed(tag: str, inner: str) -> str:
    """`inner` in an element `tag`, in the elements it needs around it, in the page's body."""
    text = " " if tag in htmltree._NO_TEXT else "a"
    markup = f'<{tag} class="p">{text}{inner}{text.strip() and "y"}</{tag}>'
    while tag in WRAPPER:
        tag = WRAPPER[tag]
        markup = f"<{tag}>\n{markup}\n</{tag}>"
    return HEAD + markup + "z\n</body>\n</html>\n"


def test_every_nesting_htmltree_accepts_is_read_as_lxml_reads_it():
    """For each pair of elements htmltree reads (in <body>, and in <head>), the child in the parent
    gives lxml's tree, texts and tails in their places."""
    checked = 0
    for parent in KNOWN:
        if parent in htmltree.VOID or parent in ("script", "style", "title"):
            continue
        for child in KNOWN:
            if htmltree.accepted(child, parent):
                assert_read_as_lxml_reads(placed(parent, element(child)))
                checked += 1
    for child in ("meta", "link", "title", "script", "style"):
        assert htmltree.accepted(child, "head")
        tag = f'<{child} class="c">' if child in htmltree.VOID else f"<{child}>x</{child}>"
        assert_read_as_lxml_reads(HEAD.replace("</head>", tag + "\n</head>") + "<p>a</p>\n</body>\n</html>")
    assert checked > 500
    rows = ('<table class="ranking"><thead><tr><th>名次</th><th>单位</th></tr></thead>\n<tbody>\n'
            '  <tr>\n    <td data-value="1"> 1 </td>\n    <th scope="row"><a href="u.html">名 &amp; 称</a></th>\n  </tr>\n'
            '  <tr><td></td><td> <strong>前  后</strong>\n</td></tr>\n</tbody></table>')
    assert_read_as_lxml_reads(placed("div", rows))
    assert read(placed("div", rows)).root.find("body")[0][0][1].rows == [["1", "名 & 称"], ["", "前 后"]]


def fixture_text() -> str:
    return fixture_page("page").decode("utf-8")


# Pages htmltree reads, each with something kaoping's own page may hold (Markdown of bulletin.yaml:
# lists, a quote, a table, emphasis, escapes), and pages it leaves to lxml.
EXTRA = ('<blockquote><p>引 &#39;文&#39;&nbsp;与 &quot;引号&quot; &amp; &lt;b&gt;</p></blockquote>\n'
         '<ul><li><strong>一</strong> 与 <em>二</em><br>三</li><li><p>段</p></li></ul>\n'
         '<table><thead><tr><th>甲</th></tr></thead><tbody><tr><td>乙</td></tr></tbody></table>\n<h3>小 标 题</h3>\n')
REGULAR = {
    "as built": lambda page: page,
    "Markdown in the opening": lambda page: page.replace('<div class="doc-text">', '<div class="doc-text">' + EXTRA, 1),
    "a class written inside another attribute": lambda page: page.replace(
        '<p class="recipients">', '<p title=\' class="issuer"\' class="recipients" CLASS="signer">', 1),
    "spaces around a cell's element": lambda page: page.replace(
        '<td data-value="1">1</td>', '<td data-value="1">\n <span class="rank"> 1 </span>\n</td>', 1),
}
IRREGULAR = {
    "a second head": lambda page: page.replace("</head>", "</head><head></head>", 1),
    "a comment": lambda page: page.replace("<article", "<!-- 注 --><article", 1),
    "a <div> in a <p>": lambda page: page.replace('<p class="recipients">', '<p class="recipients"><div>甲</div>', 1),
    "an escape not on the list": lambda page: page.replace("局机关", "&copy;局机关", 1),
    "Windows line ends": lambda page: page.replace("\n", "\r\n"),
    "a wanted class in the chart": lambda page: page.replace('<text class="tick"', '<text class="listed-name"', 1),
    "a row not plain": lambda page: page.replace('<td data-value="1">1</td>', '<td data-value="1">1<br>2</td>', 1),
}


@pytest.mark.parametrize("name", sorted(REGULAR) + sorted(IRREGULAR))
def test_the_docx_is_the_one_made_from_lxmls_reading_of_the_page(name):
    """bulletin.docx of a page htmltree reads is the one made from lxml's reading of it, byte for byte;
    a page it does not read as lxml does (or whose table rows are not plain) is read by lxml."""
    edit = {**REGULAR, **IRREGULAR}[name]
    page = edit(fixture_text())
    assert page != fixture_text() or name == "as built"
    if name in REGULAR:
        assert_read_as_lxml_reads(page)
    elif name != "a row not plain":
        assert read(page) is None
    else:  # read, but that body element by element
        assert [b.rows for b in read(page).root.iter("tbody")] == [None]
    assert bulletin_docx(page.encode()) == lxml_docx(page.encode())


def test_the_example_page_is_read_without_lxml(site):
    page = (site / "2017" / "index.html").read_bytes()
    tree = read(page)
    assert tree is not None and [len(b.rows) for b in tree.root.iter("tbody")] == [len(EXPECTED["units"])]
    assert [e.tag for e in tree.root.iter("svg")] == ["svg"]  # the chart, left unopened
    assert bulletin_docx(page) == lxml_docx(page) == (site / "2017" / "bulletin.docx").read_bytes()


def test_an_unchanged_page_reuses_its_docx(tmp_path, monkeypatch):
    """bulletin.docx is made from the 通报 page alone: a note (shown on its unit's page only) changes
    no byte of the page, so the docx is not made again but kept, the very same file; a deduction
    that changes a total changes the page, and the docx is made again."""
    made = []
    monkeypatch.setattr(render, "bulletin_docx", lambda page: made.append(page) or bulletin_docx(page))
    content, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    build(content, ROOT / "theme", out)
    docx = out / "2017" / "bulletin.docx"
    before = docx.stat().st_ino, docx.read_bytes()
    assert len(made) == 1
    unit = content / "units" / "2017" / "baiyisuo.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("重点帮教体系未建立运行", "重点帮教体系尚未建立运行"), encoding="utf-8")
    build(content, ROOT / "theme", out)
    assert "尚未建立" in (out / "2017" / "units" / "baiyisuo.html").read_text(encoding="utf-8")
    assert len(made) == 1 and (docx.stat().st_ino, docx.read_bytes()) == before
    unit.write_text(text.replace("points: 1.5", "points: 1", 1), encoding="utf-8")
    build(content, ROOT / "theme", out)
    assert len(made) == 2 and made[-1] == (out / "2017" / "index.html").read_bytes() != made[0]
    assert docx.read_bytes() == bulletin_docx(made[-1]) != before[1]


def test_a_docx_saved_over_in_the_output_is_made_again(tmp_path):
    """Reuse asks for the recorded bytes too: a bulletin.docx that someone opened and saved in the
    output is not carried into the next build, even when the 通报 page did not change."""
    content, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(ROOT / "content", content)
    build(content, ROOT / "theme", out)
    docx = out / "2017" / "bulletin.docx"
    made = docx.read_bytes()
    docx.write_bytes(made + b"saved by an office suite")
    unit = content / "units" / "2017" / "baiyisuo.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("重点帮教体系未建立运行", "重点帮教体系尚未建立运行"), encoding="utf-8")
    build(content, ROOT / "theme", out)
    assert docx.read_bytes() == made


def test_docx_is_in_the_published_manifest(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    out = tmp_path / "site"
    assert main(["publish", "2017", "--content", str(content), "--theme", str(ROOT / "theme"),
                 "--output", str(out), "--date", "2018-01-06"]) == 0
    manifest = json.loads((out / "2017" / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((out / "2017" / "bulletin.docx").read_bytes()).hexdigest()
    assert digest in json.dumps(manifest["outputs"]), manifest["outputs"].get("bulletin.docx")
    assert main(["verify", "--output", str(out)]) == 0


def test_bulletin_page_offers_the_docx_under_a_chinese_name(page_html):
    link = page_html.xpath('//a[@href="bulletin.docx"]')
    assert link, "no link to bulletin.docx"
    assert link[0].get("download") == "关于2017年度局属各单位社会治安综合治理考评结果的通报.docx"


def test_docx_page_setup_and_fonts(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        document = ET.fromstring(package.read("word/document.xml"))
        settings = package.read("word/settings.xml").decode("utf-8")
        fonts = package.read("word/fontTable.xml").decode("utf-8")
        footers = {n: package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("word/footer")}
    sect = document.find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # A4
    mm = {k: round(int(margins.get(f"{W}{k}")) / 1440 * 25.4, 1) for k in ("top", "bottom", "left", "right")}
    assert mm == {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}, mm
    assert sect.find(f"{W}docGrid").get(f"{W}linePitch") == "579"
    assert "evenAndOddHeaders" in settings
    assert len(footers) == 2 and all("PAGE" in f and "—" in f for f in footers.values())
    used = {f.get(f"{W}eastAsia") for f in document.iter(f"{W}rFonts")}
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"} <= used, used
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert re.search(f'w:name="{name}"><w:altName w:val="{alt}"/>', fonts), name
    # 发文机关标志 in red 小标宋; the red rule under the 发文字号
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.iter(f"{W}p")]
    issuer = list(document.iter(f"{W}p"))[texts.index("常德市住房和城乡建设局")]
    assert issuer.find(f".//{W}color").get(f"{W}val") == "C00000"
    assert issuer.find(f".//{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    number = list(document.iter(f"{W}p"))[texts.index("常建综治〔2018〕1号")]
    assert number.find(f".//{W}pBdr/{W}bottom").get(f"{W}color") == "C00000"


def test_docx_remarks_give_each_units_grade_reasons(docx_bytes, page_html):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        document = ET.fromstring(package.read("word/document.xml"))
    table = document.find(f"{W}body/{W}tbl")
    rows = [["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.iter(f"{W}tc")]
            for row in table.iter(f"{W}tr")]
    assert rows[0][-1] == "备注" and rows[0][1] == "单位"
    assert [r[1] for r in rows[1:]] == [u["name"] for u in EXPECTED["units"]]
    for row, unit in zip(rows[1:], EXPECTED["units"]):
        link = f'units/{unit["id"]}.html'
        html_row = page_html.xpath(f'//table[contains(@class,"ranking")]//a[@href="{link}"]/ancestor::tr')[0]
        assert row[-1] == html_row.find_class("remark")[0].text_content().strip()
        by_score = "优秀" if unit["total"] >= 95 else "合格" if unit["total"] >= 85 else "不合格"  # 四.一
        if unit["grade"] != by_score or by_score == "不合格":  # a condition set the grade, or a low score
            assert row[-1], unit["id"]
    first = rows[1]
    assert first[-2] == "合格" and "下属单位重大问题" in first[-1]  # rank 1 is 合格, and the page says why


# ---------------------------------------------------------------- in LibreOffice


def test_pages_are_a4_with_the_text_of_the_page(pages, page_html):
    assert 4 <= len(pages) <= 9, f"{len(pages)} pages"
    text = words("".join(line.text for page in pages for line in body(page)))
    article = page_html.find_class("document")[0]
    paragraphs = [e for e in article.iter("p", "li", "h2", "h3")
                  if not e.xpath("ancestor::ol") or e.tag == "li"]
    assert len(paragraphs) > 15
    for element in paragraphs:
        assert words(element.text_content()) in text, element.text_content()[:40]
    for unit in EXPECTED["units"]:  # each unit in the lists of the body and in the annex table
        assert text.count(words(unit["name"])) >= 1, unit["name"]
    annex = words("".join(line.text for page in pages for line in body(page) if pages.index(page) >= annex_page(pages)))
    for unit in EXPECTED["units"]:
        assert unit["name"][:6] in annex, unit["name"]
    legend = page_html.find_class("table-legend")[0].text_content()
    assert words(legend) in text


def annex_page(pages) -> int:
    starts = [i for i, page in enumerate(pages) if body(page) and flat(body(page)[0].text) == "附件"]
    assert len(starts) == 1, starts
    return starts[0]


def test_text_stays_in_the_type_area(pages):
    """Every line inside the 版心 (156 × 225 mm at 28/37 mm, mirrored on even pages), but the header
    note above it and the page number below it. LibreOffice 7 lets a closing mark hang past the
    right edge (it reads no overflowPunct), so a line ending in one may reach one character further."""
    outside = []
    for number, page in enumerate(pages, 1):
        left, right = (LEFT, RIGHT) if number % 2 else (LEFT - MIRROR, RIGHT - MIRROR)
        for line in page:
            if line.y1 <= TOP + 1:
                assert "示例数据" in line.text, line
                continue
            if line.y0 >= BOTTOM - 1:
                assert PAGE_NUMBER.match(line.text), line
                continue
            hanging = line.text.rstrip()[-1] in PUNCTUATION and line.x1 <= right + BODY_CHAR + 1
            if not (left - 1 <= line.x0 and (line.x1 <= right + 1 or hanging) and line.y1 <= BOTTOM + 1):
                outside.append((number, line))
    assert not outside, outside
    even = [line for line in body(pages[1]) if line.x0 < LEFT - 1]
    assert even and abs(even[0].x0 - (LEFT - MIRROR)) < 1  # mirrored: the 订口 is inside


def test_body_is_22_lines_of_28_characters(pages):
    lines = body(pages[1])  # page 2 (even: its 版心 is 2 mm further left): body text from top to bottom
    assert 20 <= len(lines) <= 22, len(lines)
    tops = [line.y0 for line in lines]
    pitches = [b - a for a, b in zip(tops, tops[1:])]
    assert all(abs(p - LINE) < 0.3 for p in pitches), pitches  # 28.95 pt, give or take the boxes' rounding
    left, right = LEFT - MIRROR, RIGHT - MIRROR
    full = [line for line in lines if line.x0 < left + 1 and line.x1 > right - BODY_CHAR / 2
            and all(unicodedata.east_asian_width(c) in "FW" for c in flat(line.text))]
    assert full, "no full line of Chinese text on page 2"
    assert {len(flat(line.text)) for line in full} == {28}


def test_first_page_has_the_red_head_and_title(pages, page_html):
    page = body(pages[0])
    issuer = first_line(page, "常德市住房和城乡建设局")
    number = first_line(page, "常建综治〔2018〕1号")
    title = page_html.find_class("doc-title")[0].text_content()
    lines = [first_line(page, text) for text in title_lines(title)]
    assert [flat(l.text) for l in lines] == [flat(t) for t in title_lines(title)]
    assert len(lines) == 2 and "考评" in flat(lines[1].text)  # broken between words, not inside 考评
    for line in (issuer, number, *lines):
        assert abs(line.centre - CENTRE) < 2, line
    # 发文机关标志 35 mm under the 版心's top (its glyph box, ±1.5 mm)
    assert abs((issuer.y0 - TOP) / PT_PER_MM - 35) < 1.5, (issuer.y0 - TOP) / PT_PER_MM
    assert number.y0 - issuer.y1 >= 2 * LINE - 3  # 发文字号 two lines under it
    assert lines[0].y0 - number.y1 >= 2 * LINE  # title two lines under the red rule (4 mm under the number)
    recipients = first_line(page, "局机关各科室，局属各单位：")
    assert abs(recipients.x0 - LEFT) < 1 and recipients.y0 - lines[-1].y1 >= LINE - 6  # 空一行, 顶格


def test_signature_and_annex(pages):
    start = annex_page(pages)
    before, annex = body(pages[start - 1]), body(pages[start])
    date = first_line(before, "2018年1月5日")
    signer = first_line(before, "常德市住房和城乡建设局")
    assert abs((RIGHT - date.x1) / BODY_CHAR - 4) < 0.6, (RIGHT - date.x1) / BODY_CHAR  # 右空四字
    assert abs(signer.centre - date.centre) < BODY_CHAR, (signer, date)  # centred above the date
    assert 0 < date.y0 - signer.y1 < LINE
    note = [i for i, line in enumerate(before) if flat(line.text).startswith(flat("附件："))]
    assert note, "no 附件说明 before the 落款"
    name_start = before[note[0]].x0 + 3 * BODY_CHAR
    follow = before[note[0] + 1]
    if follow.y0 < signer.y0 and not flat(follow.text).startswith(flat(signer.text)):
        assert abs(follow.x0 - name_start) < 2, (follow, name_start)  # the second line under the name
    assert flat(annex[0].text) == "附件" and abs(annex[0].x0 - LEFT) < 1
    assert flat(annex[1].text) + flat(annex[2].text) == "2017年度局属各单位社会治安综合治理考评得分排名表"
    assert "2018年1月5日" not in flat("".join(l.text for l in annex))


def test_imprint_at_the_foot_of_the_last_page(pages):
    last = body(pages[-1])
    printed, copy_to = last[-1], last[-2]
    assert flat(printed.text) == flat("常德市住房和城乡建设局办公室 2018年1月5日印发")
    assert flat(copy_to.text) == flat("抄送：市委政法委，市综治办。")
    assert BOTTOM - printed.y1 < LINE / 2, BOTTOM - printed.y1  # on the 版心's last line
    one = 14  # 4号: 一字 is 14 pt
    assert abs(printed.x0 - (LEFT + one)) < 2 and abs(printed.x1 - (RIGHT - one)) < 2, printed
    for page in pages[:-1]:
        assert "印发" not in flat("".join(l.text for l in page)[-40:])


def test_page_numbers_outside_on_alternate_sides(pages):
    for number, page in enumerate(pages, 1):
        marks = [line for line in page if PAGE_NUMBER.match(line.text)]
        assert len(marks) == 1, (number, [l.text for l in page[-3:]])
        mark = marks[0]
        assert PAGE_NUMBER.match(mark.text).group(1) == str(number)
        assert 5 < (mark.y0 - BOTTOM) / PT_PER_MM < 9, (mark.y0 - BOTTOM) / PT_PER_MM  # 7 mm under the 版心
        if number % 2:
            assert abs(RIGHT - mark.x1 - 14) < 3, mark  # odd: right, 空一字 (4号)
        else:
            assert abs(mark.x0 - (LEFT - MIRROR) - 14) < 3, mark  # even: left


# ---------------------------------------------------------------- bulletin.yaml: title lines and 版记


def with_bulletin(tmp_path: Path, edit) -> Path:
    """A copy of the example content whose bulletin.yaml is edited by `edit(text) -> text`."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "rules" / "2017" / "bulletin.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return content


def build_cli(content: Path, out: Path) -> int:
    return main(["build", "--content", str(content), "--theme", str(ROOT / "theme"), "--output", str(out)])


@pytest.mark.parametrize("edit, line, message", [
    (lambda t: re.sub(r"(?m)^printed_by:.*\n", "", t), 1, "通报文字缺少「printed_by」。请写版记中的印发机关"),
    (lambda t: t.replace("printed_on: 2018-01-05", "printed_on: 2018-01-04"), None,
     "印发日期 printed_on（2018-01-04）早于成文日期 date（2018-01-05）"),
    (lambda t: t.replace("printed_on: 2018-01-05", "printed_on: 2018年13月1日"), None, "printed_on 不是有效的日期"),
    (lambda t: re.sub(r"(?m)^title:.*$", "title:\n  - 关于2017年度局属各单位社会治安综合治理考评结果\n  - 的通报", t), None,
     "标题的这一行有23个字，2号字一行最多排20个字：请在词与词之间再分一行。"),
])
def test_bad_imprint_or_title_is_refused_with_its_line(tmp_path, capsys, edit, line, message):
    content = with_bulletin(tmp_path, edit)
    out = tmp_path / "site"
    assert build_cli(content, out) == 1
    err = capsys.readouterr().err
    assert message in err, err
    where = re.search(r"bulletin\.yaml[:：](\d+)", err)
    assert where, err
    text = (content / "rules" / "2017" / "bulletin.yaml").read_text(encoding="utf-8").splitlines()
    if line is None:  # the message points at the line that holds the wrong value
        assert any(k in text[int(where.group(1)) - 1] for k in ("printed_on", "关于2017")), text[int(where.group(1)) - 1]
    assert not out.exists() or not (out / "2017").exists()


def test_title_written_as_lines_breaks_there_in_page_and_docx(tmp_path):
    lines = ["关于2017年度局属各单位社会治安", "综合治理考评结果的通报"]
    written = "title:\n" + "".join(f"  - {line}\n" for line in lines).rstrip("\n")
    content = with_bulletin(tmp_path, lambda t: re.sub(r"(?m)^title:.*$", written, t))
    path = content / "rules" / "2017" / "bulletin.yaml"
    path.write_text(re.sub(r"(?m)^copy_to:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "site"
    assert build_cli(content, out) == 0
    import lxml.html

    page = lxml.html.fromstring((out / "2017" / "index.html").read_bytes())
    assert [s.text_content() for s in page.find_class("title-line")[:2]] == lines
    assert page.find_class("copy-to") == []  # no 抄送: no line for it
    with zipfile.ZipFile(out / "2017" / "bulletin.docx") as package:
        document = ET.fromstring(package.read("word/document.xml"))
    title = [p for p in document.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == "".join(lines)]
    assert len(title) == 1 and len(list(title[0].iter(f"{W}br"))) == 1
    assert [t.text for t in title[0].iter(f"{W}t")] == lines
    assert "抄送" not in "".join(t.text or "" for t in document.iter(f"{W}t"))


def test_title_breaks_between_words_by_itself():
    assert title_lines("关于2017年度局属各单位社会治安综合治理考评结果的通报") == [
        "关于2017年度局属各单位", "社会治安综合治理考评结果的通报"]
    assert title_lines("关于表彰先进的通报") == ["关于表彰先进的通报"]
    for title in ("关于印发2018年社会治安综合治理目标管理工作方案及考评细则的通知",
                  "关于对全市住房城乡建设系统二〇一八年度平安建设工作先进集体和先进个人予以表彰的决定"):
        lines = title_lines(title)
        assert "".join(lines) == title and len(lines) >= 2
        assert all(len(line) <= 20 for line in lines), lines
        assert not any(re.search(r"\d$", a) and re.match(r"\d", b) for a, b in zip(lines, lines[1:]))


def test_a_theme_whose_page_lacks_the_issuer_is_told(tmp_path, capsys):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    page = theme / "templates" / "bulletin.html"
    page.write_text(page.read_text(encoding="utf-8").replace('class="issuer"', 'class="issuer-name"'), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--content", str(ROOT / "content"), "--theme", str(theme), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert '通报页面（bulletin.html）里没有 class="issuer" 的元素，无法生成 bulletin.docx' in err, err
    assert not (out / "2017").exists()
