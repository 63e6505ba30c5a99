"""A small link checker for a built kaoping site (stdlib only: html.parser).

    problems = check_site(Path("site"))          # the whole output: site/index.html and every year
    problems = check_year_folder(Path("x/2017"), outside_may_be_missing=True)   # a year on its own

Every page (*.html) is parsed; every URL it names (href, src, srcset, action, data, poster,
xlink:href, and url()/@import in <style>, style="" and the .css files) must

- stay on the site: no scheme (http:, https:, javascript:, data:, mailto: …), no "//host",
  no absolute "/path";
- resolve to an existing file, and a #fragment to an element id of the target page;
- from a year folder (site/<year>/…), stay inside that folder, except the site index
  (../index.html from the year's top), the cross-year unit index (../units.html) and other years'
  unit pages (../../<year>/units/<id>.html).

Duplicate ids in a page are reported too. Each problem is a `Problem` with a `kind`, so a test
can allow some (the zip-move check allows only links that leave the folder to be missing).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "data", "poster", "xlink:href", "formaction", "cite", "background"}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_YEAR = re.compile(r"^\d{4}$")

# Problem kinds
EXTERNAL = "external"  # leaves the site (scheme, //host, /absolute)
MISSING_FILE = "missing-file"
MISSING_FRAGMENT = "missing-fragment"
ESCAPES_YEAR = "escapes-year"  # resolves outside the year folder, and is not an allowed exception
OUTSIDE_MISSING = "outside-missing"  # an allowed exception (site index, other year's unit) that is missing
DUPLICATE_ID = "duplicate-id"
EMPTY = "empty-url"


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    tag: str
    attribute: str
    url: str


@dataclass(frozen=True)
class Problem:
    kind: str
    link: Link | None
    message: str

    def __str__(self) -> str:
        where = f"{self.link.page}:{self.link.line}: <{self.link.tag} {self.link.attribute}={self.link.url!r}> " if self.link else ""
        return f"[{self.kind}] {where}{self.message}"


@dataclass
class Page:
    path: Path
    ids: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.page = Page(path)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name == "id" and value is not None:
                self.page.ids.append(value)
            elif name == "name" and tag == "a" and value is not None:
                self.page.ids.append(value)
            elif value is None:
                continue
            elif name in URL_ATTRIBUTES:
                self.page.links.append(Link(self.page.path, line, tag, name, value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append(Link(self.page.path, line, tag, name, url))
            elif name == "style":
                for url in css_urls(value):
                    self.page.links.append(Link(self.page.path, line, tag, "style", url))
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            for url in css_urls(data):
                self.page.links.append(Link(self.page.path, line, "style", "url()", url))


def css_urls(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]


def parse_page(path: Path) -> Page:
    parser = _PageParser(path)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def parse_css(path: Path) -> Page:
    page = Page(path)
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        for url in css_urls(line):
            page.links.append(Link(path, number, "css", "url()", url))
    return page


def is_external(url: str) -> bool:
    stripped = url.strip()
    return bool(_SCHEME.match(stripped)) or stripped.startswith(("/", "\\")) or "\\" in stripped


class _Checker:
    def __init__(self, top: Path, year_of, outside_may_be_missing: bool):
        self.top = top.resolve()
        self.year_of = year_of  # page path → its year folder (resolved) or None
        self.outside_may_be_missing = outside_may_be_missing
        self._ids: dict[Path, list[str] | None] = {}

    def ids_of(self, path: Path) -> list[str] | None:
        if path not in self._ids:
            self._ids[path] = parse_page(path).ids if path.is_file() and path.suffix == ".html" else None
        return self._ids[path]

    def allowed_outside(self, folder: Path, target: Path) -> bool:
        """The ways out of a year folder: the site's two indexes and another year's unit page."""
        try:
            parts = target.relative_to(folder.parent).parts
        except ValueError:
            return False
        if parts in (("index.html",), ("units.html",)):
            return True
        return (len(parts) == 3 and _YEAR.match(parts[0]) is not None and parts[0] != folder.name
                and parts[1] == "units" and parts[2].endswith(".html"))

    def check(self, page: Page) -> list[Problem]:
        problems = []
        seen: set[str] = set()
        for value in page.ids:
            if value in seen:
                problems.append(Problem(DUPLICATE_ID, None, f"{page.path}: id {value!r} appears more than once"))
            seen.add(value)
        folder = self.year_of(page.path)
        for link in page.links:
            problems += self.check_link(link, folder, page)
        return problems

    def check_link(self, link: Link, folder: Path | None, page: Page) -> list[Problem]:
        url = link.url.strip()
        if not url:
            return [Problem(EMPTY, link, "empty URL")]
        if is_external(url):
            return [Problem(EXTERNAL, link, "URL leaves the site (scheme, //host or absolute path)")]
        parts = urlsplit(url)
        path_part, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path_part:
            target = page.path.resolve()
        else:
            joined = posixpath.normpath(posixpath.join(page.path.parent.resolve().as_posix(), path_part))
            target = Path(joined)
        outside = folder is not None and not _inside(target, folder)
        if outside and not self.allowed_outside(folder, target):
            return [Problem(ESCAPES_YEAR, link, f"resolves to {target}, outside the year folder {folder}")]
        if not _inside(target, self.top) and not (outside and self.outside_may_be_missing):
            return [Problem(EXTERNAL, link, f"resolves to {target}, outside the checked tree {self.top}")]
        if not target.is_file():
            if outside:
                return [Problem(OUTSIDE_MISSING, link, f"allowed link out of the year folder, but {target} is missing")]
            return [Problem(MISSING_FILE, link, f"{target} does not exist")]
        if fragment:
            ids = self.ids_of(target)
            if ids is None or fragment not in ids:
                return [Problem(MISSING_FRAGMENT, link, f"no element with id {fragment!r} in {target}")]
        return []


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _pages(top: Path) -> list[Page]:
    pages = [parse_page(p) for p in sorted(top.rglob("*.html"))]
    pages += [parse_css(p) for p in sorted(top.rglob("*.css"))]
    return pages


def check_site(site: Path) -> list[Problem]:
    """Check a whole output folder: site/index.html and every site/<year>/ folder."""
    top = site.resolve()

    def year_of(path: Path) -> Path | None:
        relative = path.resolve().relative_to(top).parts
        return top / relative[0] if len(relative) > 1 and _YEAR.match(relative[0]) else None

    checker = _Checker(top, year_of, outside_may_be_missing=False)
    problems = []
    for page in _pages(top):
        problems += checker.check(page)
    return problems


def check_year_folder(folder: Path, outside_may_be_missing: bool = False) -> list[Problem]:
    """Check one year folder on its own (e.g. after it was zipped and moved elsewhere).

    Links out of the folder are only allowed to the site index and other years' unit pages;
    with `outside_may_be_missing`, those may point at files that are not there (kind
    OUTSIDE_MISSING), everything else must resolve inside the folder.
    """
    top = folder.resolve()
    checker = _Checker(top, lambda path: top, outside_may_be_missing)
    problems = []
    for page in _pages(top):
        problems += checker.check(page)
    return problems


def all_links(top: Path) -> list[Link]:
    """Every URL named by the pages and style sheets below `top` (for tests that look at them)."""
    return [link for page in _pages(top.resolve()) for link in page.links]
