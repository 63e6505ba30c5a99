"""One build: decide which years changed, build those (on both cores), then swap them all in.

1. plan    — for every asked year, two fingerprints (fingerprints.py), compared with its stamp
             in kaoping's state folder (state.py): its own (kaoping's version, theme, the year's
             content) and what its pages show of the earlier years (each unit's total),
             not the earlier years' files, so an edit that leaves every total as it
             was rebuilds its own year only. A year whose own fingerprint matches keeps the
             totals of its stamp. A year whose fingerprints both match and whose folder is
             there is left alone: not re-rendered, not rewritten; when an earlier year is being
             scored in this run, its worker compares the second once those totals are known.
             A published year whose inputs changed is refused unless reopened (archive.py).
             A year with no stamp is built without being hashed first: its worker records
             what it reads.
2. build   — each changed year is loaded, validated, scored and rendered into .<year>.new,
             in worker processes when there are several; a file whose inputs (its key) did
             not change and whose bytes are still those recorded is linked from the current
             folder instead of being rendered again. A year whose own inputs are unchanged,
             only some earlier totals, is neither loaded nor scored: its files are linked and
             the pages that show those totals get a new history part (_carry_over).
3. commit  — only if every year succeeded: the new folders are swapped in, stamps written,
             site/index.html updated. Otherwise nothing in the output changes.
"""

from __future__ import annotations

import contextlib
import datetime
import filecmp
import functools
import gc
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple


from . import __version__, parsecache
from .archive import MANIFEST, PUBLISHED, Manifest, read_published, write_published
from .content import UnitFolders, YearContent, find_years, listing, load_year, stat_key, unit_years
from .fields import plain_number
from .fingerprints import (WRITTEN, differences, digest, file_hashes, file_sha, files_as_seen, folder_hashes,
                           input_hashes, inputs_digest, own_fingerprint, part_sha, read_part, read_seen, read_stamp,
                           seen_file, sha256, shown_fingerprint, stamp_files, theme_hashes, totals_digest,
                           unit_page_key)
from .places import check_output
from .problems import ContentError, Problem, UsageError
from .scoring import ScoredYear, score_year
from .state import state_folder
from .write import (LOCKED, REUSE, BusyError, carry_foreign, commit, discard, finish_commit, output_lock, plain_file,
                    prepare, refuse_links, write_file)
from .written import Written



@dataclass
class YearOutcome:
    year: int
    problems: list[Problem] = field(default_factory=list)
    stamp: dict = field(default_factory=dict)
    manifest: Manifest | None = None  # a reopened year's new record
    written: int = 0  # files whose bytes are new
    made: dict[str, str] = field(default_factory=dict)  # every file of the prepared folder → sha256
    unchanged: bool = False  # the worker found the earlier years' totals as its folder shows them
    files: dict[str, list] = field(default_factory=dict)  # name → [inode, size, mtime, ctime, sha256] as read
    # each file of the prepared folder whose bytes were checked or written in this build: how it was
    # then (fingerprints.files_as_seen records only such files, still as they were)
    checked: dict[str, object] = field(default_factory=dict)


@dataclass
class BuildReport:
    built: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    corrected: list[tuple[int, list[str]]] = field(default_factory=list)  # reopened years, what changed
    written: int = 0


def choose_years(content: Path, asked: list[int] | None) -> list[int]:
    available = find_years(content)
    if not available:
        raise UsageError(f"在 {content} 下没有找到任何年度（应有 {content / 'rules' / '<年份>'} 文件夹）。")
    missing = [y for y in asked or [] if y not in available]
    if missing:
        raise UsageError(
            f"没有 {'、'.join(map(str, missing))} 年的内容（{content / 'rules'} 下只有 {'、'.join(map(str, available))}）。"
        )
    return sorted(set(asked)) if asked else available


def score_years(content: Path, years: list[int]) -> list[ScoredYear]:
    """Load and score every year; raise one ContentError listing the problems of all of them."""
    scored, problems = [], []
    for year in years:
        try:
            loaded = load_year(content, year)
        except ContentError as error:
            problems += error.problems
            continue
        scored.append(ScoredYear(loaded, score_year(loaded.scheme, list(loaded.units))))
    if problems:
        raise ContentError(problems)
    return scored


class _Job(NamedTuple):
    """What a worker needs to build one year (plain data: it crosses into another process)."""

    content: Path
    theme: Path
    output: Path
    state: Path  # kaoping's bookkeeping for this output (state.py): stamps, caches, compiled templates
    year: int
    theme_digest: str
    covered: tuple  # what its own fingerprint covers besides its input files (fingerprints.own_fingerprint)
    history: dict[str, list[int]]  # unit id → earlier years with a file for it
    published: Manifest | None
    reopened: list[str] | None  # the inputs changed since publication, when reopening
    today: str
    exchange: Path  # where workers leave each year's totals for the later years' history lines
    waits_for: tuple[int, ...]  # earlier years scored in this run
    known: dict[int, dict[str, str]]  # earlier years' totals from up-to-date stamps
    render: bool  # False: score only (an earlier year that is not being built)
    digests: dict[int, str]  # the totals_digest of each year in `known`
    work: str | None  # the sha256 of the stamp's work part (fingerprints.PARTS), or None: nothing is reused
    # its own inputs are unchanged: if the earlier years' totals it shows digest to this again (_shown),
    # its folder is up to date and the worker does nothing; None: build it
    unless_shown: str | None = None
    # its own inputs are unchanged and its folder is there: the digest of the names of the files kaoping
    # made in it (written.py), which its stamp must list, no more, no fewer, for it to be carried over
    carry: str | None = None


def build(content: Path, theme: Path, output: Path, years: list[int] | None = None,
          reopen: list[int] | None = None, jobs: int | None = None,
          today: datetime.date | None = None, fresh: list[int] | None = None) -> BuildReport:
    """Build the years asked (all by default) into `output`; see the module's docstring.

    `fresh`: years rendered from scratch whatever their stamps say (publish uses it, so that a
    published folder holds exactly what kaoping makes, never a file someone put there)."""
    check_output(output, content, theme)
    if not (theme / "templates").is_dir():
        raise UsageError(f"找不到模板文件夹 {theme / 'templates'}：请用 --theme 指定 kaoping 的 theme 文件夹。")
    chosen = choose_years(content, years)
    try:
        with output_lock(output):
            return _build(content, theme, output, chosen, reopen, jobs, today, set(fresh or []))
    except BusyError as error:
        raise UsageError(str(error)) from None


def _build(content, theme, output, chosen, reopen, jobs, today, fresh_years) -> BuildReport:
    finish_commit(output)
    state = _state(content, output)
    reopen = set(reopen or [])
    unknown = reopen - set(chosen)
    if unknown:
        raise UsageError(f"--reopen {'、'.join(map(str, sorted(unknown)))}：这一年不在本次要生成的年度里。")
    today_text = (today or datetime.date.today()).isoformat()
    theme_sums = {"theme/" + name: sha for name, sha in theme_hashes(theme).items()}
    theme_digest = digest(__version__, sorted(theme_sums.items()))
    folders = UnitFolders(content)  # each year's unit folder scanned once for the whole plan
    history = unit_years(content, folders)
    exchange = state / f"run-{os.getpid()}"  # removed whatever happens
    report, jobs_to_run, problems = BuildReport(), [], []
    known: dict[int, dict[str, str]] = {}  # years' totals, from the stamps of years whose own inputs are unchanged
    digests: dict[int, str] = {}  # and their totals_digest, what a later year's pages show of them
    pending: list[int] = []  # years scored in this run, whose totals the later ones wait for
    stamps: dict[int, dict] = {}
    carried: dict[int, dict] = {}  # the stamps (first part) of the years whose files may be carried over
    written = functools.cache(lambda: Written(content, output))  # read only if something may be written
    for year in find_years(content):
        if year > max(chosen):
            break  # only earlier years' totals are shown
        stamp = read_stamp(state, year)
        stamps[year] = {key: stamp[key] for key in (*_INDEX_KEYS, "parts") if key in stamp}  # for the site's indexes
        try:
            published = read_published(content, year)
        except ContentError as error:
            problems += error.problems
            continue
        if published is None and year in chosen and (output / str(year) / MANIFEST).is_file():
            problems.append(_unpublished(content, output, year))
            continue
        # a year to build with no stamp to compare with (a first build): hashing here would read every
        # file twice, so its worker records what it reads and works its fingerprint out from that
        deferred = year in chosen and "files" not in stamp and published is None
        files = None if deferred else file_hashes(content, year, _dict(stamp.get("files")), folders)
        covered = (digest(listing(content, year, folders)),  # a file the build refuses counts too
                   published.to_bytes().decode() if published else "")
        # a year's totals depend on its own inputs alone
        own = (files is not None and "totals" in stamp and isinstance(stamp.get("totals_digest"), str)
               and stamp.get("own") == own_fingerprint(theme_digest, _inputs(files, stamp), covered))
        if own:
            known[year], digests[year] = stamp["totals"], stamp["totals_digest"]
        folder = output / str(year)
        if year not in chosen:
            if not own:  # not rebuilt, but later years need its totals
                jobs_to_run.append(_Job(content, theme, output, state, year, theme_digest, covered,
                                        _earlier_years(history, year), None, None, today_text, exchange,
                                        tuple(pending), dict(known), False, dict(digests), None))
                pending.append(year)
            continue
        reopened = None
        if published is not None:
            # the same names and hashes as archive.input_hashes, from what was just read
            current = {name: record[-1] for name, record in files.items() if record[-1]}
            changed = differences(published.inputs, current | theme_sums)
            if changed and year not in reopen:
                first = changed[0].split(" ", 1)[1]
                where = theme / first[len("theme/"):] if first.startswith("theme/") else content / first
                problems.append(Problem(
                    str(where), 1,
                    f"{year} 年已于 {published.published} 发布，但它的内容或模板已被改动（{'；'.join(changed)}）。"
                    f"已发布的通报不会被悄悄改变：如确需更正，请运行 kaoping build --reopen {year}，"
                    "网站上会注明更正日期；否则请把这些文件恢复原样。",
                ))
                continue
            reopened = changed if year in reopen else None
        unless_shown, carry = None, None
        if published is not None and not reopened:
            # a published year is rebuilt only if its folder is missing or differs from the manifest
            # (files the clerk added to the folder do not count: they are not the site)
            fresh = folder.is_dir() and not folder.is_symlink() and not differences(
                published.outputs, {k: v for k, v in folder_hashes(folder, MANIFEST).items() if k in published.outputs})
        elif own and folder.is_dir() and not reopened:
            # its pages also show the earlier years' totals: known now, or once those being scored are
            fresh = not pending and stamp.get("shown") == shown_fingerprint(digests, year)
            unless_shown = stamp.get("shown") if pending else None
            if not fresh:
                carry, carried[year] = digest(sorted(written().year(str(year)))), stamp | {"files": files}
        else:
            fresh = False
        if fresh and year not in fresh_years:
            report.unchanged.append(year)
            continue
        jobs_to_run.append(_Job(content, theme, output, state, year, theme_digest, covered,
                                _earlier_years(history, year), published, reopened, today_text, exchange,
                                tuple(pending), dict(known), True, dict(digests),
                                *((None, None, None) if year in fresh_years else (
                                    part_sha(stamp, "work"), unless_shown, carry))))
        if not own:
            pending.append(year)
    if problems:
        raise ContentError(problems)
    refuse_links(output, [str(job.year) for job in jobs_to_run if job.render])
    results = _run(jobs_to_run, jobs)  # a generator: nothing runs before the loop below
    try:
        outcomes, new = [], {}  # new: the built years' counts, for the site index
        for outcome in results:  # in year order, each as soon as it is done
            problems += outcome.problems
            if outcome.unchanged:
                report.unchanged.append(outcome.year)
            elif outcome.stamp and not problems:
                # written out now, not kept: the main process stays the same size however many years
                stamp = outcome.stamp | {"files": outcome.files} if outcome.files else carried[outcome.year] | outcome.stamp
                for name, data in stamp_files(outcome.year, stamp).items():
                    write_file(exchange / name, data)
                new[outcome.year] = {key: stamp[key] for key in (*_INDEX_KEYS, "roster")}  # for the site's indexes
            outcome.stamp, outcome.files = {}, {}
            outcomes.append(outcome)
        if problems:
            raise ContentError(problems)
        index_key, root_files = _site_index(theme, output, state, theme_digest, stamps, new)
        committed = [outcome for outcome in outcomes if outcome.year in new]  # not those scored only
        published = {job.year: job.published for job in jobs_to_run}
        own = _keep_foreign(output, written() if committed or root_files else None, committed, published,
                            root_files)
    except BaseException:  # bad content, a template, a full disk, a kill, Ctrl-C: nothing is swapped in
        results.close()  # the workers stop before their folders go
        for job in jobs_to_run:
            discard(output, str(job.year))
        shutil.rmtree(exchange, ignore_errors=True)
        raise
    if committed or root_files:
        made = {str(outcome.year): outcome.made for outcome in committed}
        checked = {str(outcome.year): outcome.checked for outcome in committed}
        root = {name: sha256(page) for name, page in root_files.items()}
        written().begin(made, root)  # kaoping's already, should the commit be cut short
        commit(output, list(made), own, root_files)
        written().end(made, root)
        for name, hashes in made.items():  # now: linking and unlinking a file moves its ctime too
            seen = files_as_seen(os.path.join(output, name), hashes, checked[name])
            write_file(seen_file(state, name), json.dumps(seen, ensure_ascii=False).encode("utf-8"))
    for cache in exchange.glob("*.parsed.json"):  # the parse caches of this run, kept for the next
        os.replace(cache, state / cache.name)
    for outcome in committed:
        for name in stamp_files(outcome.year, {}):  # the other parts first: the first names them
            os.replace(exchange / name, state / name)
        if outcome.manifest is not None:
            write_published(content, outcome.manifest)
            report.corrected.append((outcome.year, outcome.manifest.corrections[-1]["changed"]))
        report.built.append(outcome.year)
        report.written += outcome.written
    report.unchanged.sort()
    shutil.rmtree(exchange, ignore_errors=True)
    if root_files:
        write_file(state / "index.key", index_key.encode())
    return report


def _inputs(files: dict[str, list], stamp: dict) -> str:
    """The inputs_digest of a year's files: its stamp's when they are the very records it holds."""
    recorded = stamp.get("inputs")
    return recorded if isinstance(recorded, str) and files == stamp.get("files") else inputs_digest(files)


def _earlier_years(history: dict[str, list[int]], year: int) -> dict[str, list[int]]:
    """Unit id → the years before `year` with a file for it (only for a year that has work to do)."""
    return {uid: [y for y in years if y < year] for uid, years in history.items() if years[0] < year}


def _keep_foreign(output: Path, written: Written | None, committed: list[YearOutcome], published: dict[int, Manifest | None],
                  root_files: dict[str, bytes]) -> dict[str, list[str]]:
    """Before anything is swapped in: carry the clerk's files of each year into its new folder and
    refuse (exit 2, naming them) if a file of the site would overwrite one. Returns kaoping's files
    of each current folder, which the commit may remove."""
    own, clashes = {}, []
    for outcome in committed:
        name = str(outcome.year)
        manifest = published.get(outcome.year)
        listed = set(manifest.outputs) | {MANIFEST} if manifest else set()  # published: content/…/published.json
        prepared = output / f".{name}.new"

        def owns(relative: str, path: str, name=name, listed=listed, prepared=prepared) -> bool:
            # kaoping's record names it, or its publication record does, or it holds what replaces it
            if written.made(f"{name}/{relative}") or relative in listed:
                return True
            replacement = prepared / relative
            return plain_file(replacement) and filecmp.cmp(path, replacement, shallow=False)

        own[name], found = carry_foreign(output, name, owns)
        clashes += [output / name / relative for relative in found]
    for name, page in root_files.items():  # index.html, units.html…: kaoping's only while they hold its bytes
        path = output / name
        if os.path.lexists(path):
            current = path.read_bytes() if plain_file(path) else None
            if current is None or not (current == page or written.holds(name, sha256(current))):
                clashes.append(path)
    if clashes:
        shown = "、".join(f"{path}{'（符号链接）' if path.is_symlink() else ''}" for path in clashes[:10])
        more = f"等 {len(clashes)} 个文件" if len(clashes) > 10 else ""
        raise UsageError(f"{shown}{more} 不是 kaoping 生成的（或生成后被手工改过），生成网站会覆盖它，所以这次什么也没有写；"
                         "请把它移到别处（若是旧版 kaoping 生成的，可以直接删除）后再运行，或用 --output 另选一个文件夹。")
    return own


def _unpublished(content: Path, output: Path, year: int) -> Problem:
    """A year whose folder says it was published, but whose record in the content is gone: rebuilt
    as if never published, it would change silently."""
    record, copy = content / "rules" / str(year) / PUBLISHED, output / str(year) / MANIFEST
    return Problem(str(record), 1, f"找不到 {year} 年的发布记录 {record}，但网站里的 {copy} 表明这一年已经发布。"
                   f"已发布的年度不会在记录丢失后被悄悄重新生成：请从备份恢复 {record}（可以把 {copy} 复制过去，"
                   f"两者内容相同）；如确要撤销发布，请先把 {output / str(year)} 文件夹移到别处。")


# what the site's indexes need of a year's stamp; the roster itself only when they are rendered again
_INDEX_KEYS = ("units", "counts", "example", "roster_digest")


def _site_index(theme: Path, output: Path, state: Path, theme_digest: str, stamps: dict[int, dict],
                built: dict[int, dict]) -> tuple[str, dict[str, bytes]]:
    """The files of the site root (index.html, units.html…) for the years there will be once `built`
    (each with its stamp's roster) are in: (key, the files, or none if unchanged).

    Rendered before anything is swapped in, so a mistake in a template changes nothing. Whether
    they changed is told by each year's counts and the digest of its roster: a roster is read
    (from the roster part of its stamp) only when they are rendered again."""
    years, digests, rosters = [], [], {}
    present = {int(p.name) for p in output.iterdir() if p.name.isdigit() and (p / "index.html").is_file()}
    for year in sorted(present | set(built), reverse=True):
        stamp = built.get(year) or stamps.get(year) or read_stamp(state, year)
        if isinstance(stamp.get("roster_digest"), str) and "counts" in stamp:
            years.append((str(year), stamp["units"], dict(stamp["counts"]), stamp.get("example", False)))
            digests.append((str(year), stamp["roster_digest"]))
            if year in built:
                rosters[str(year)] = stamp["roster"]
        else:  # a folder copied in without its stamp (or made by an older kaoping)
            roster = _results_roster(output, year)
            years.append((str(year), len(roster), dict(Counter(grade for *_, grade in roster)),
                          stamp.get("example", False)))
            digests.append((str(year), digest(roster)))
            rosters[str(year)] = roster
    key = digest(theme_digest, years, digests)
    record = state / "index.key"
    if (output / "index.html").is_file() and record.is_file() and record.read_bytes() == key.encode():
        return key, {}
    for name, _ in digests:
        if name not in rosters:
            stamp = stamps.get(int(name)) or read_stamp(state, int(name))
            roster = read_part(state, int(name), "roster", part_sha(stamp, "roster")).get("roster")
            rosters[name] = roster if isinstance(roster, list) else _results_roster(output, int(name))
    import jinja2

    from .render import site_pages

    try:
        return key, site_pages(theme, years, rosters, state, theme_digest)
    except jinja2.TemplateError as error:
        raise ContentError([_template_problem(error)]) from None


def _results_roster(output: Path, year: int) -> list[list]:
    """A year's roster as its results.json has it: [[id, name, total, grade], …]."""
    data = json.loads((output / str(year) / "results.json").read_text("utf-8"))
    return [[u["id"], u["name"], _json_number(u["total"]), u["grade"]] for u in data["units"]]


def _json_number(value) -> str:
    """A total as results.json has it (94.9, 95) → as the pages show it."""
    return plain_number(Decimal(str(value)))


def _run(jobs: list[_Job], workers: int | None) -> Iterator[YearOutcome]:
    """Build the years, in worker processes when there are several and cores to spare; yields
    each outcome in the jobs' order, as soon as it and those before it are done.

    Each year is built the same way wherever it runs, so the output is identical to a serial
    build (tests/test_speed.py checks it). Years are built one at a time per worker, so memory
    stays flat however long the archive grows. Workers pay only for years that are loaded and
    scored: a pool costs a good half second to start and to hand the outcomes back, more than a
    year carried over or found up to date takes (a few hundredths), so with at most one year to
    score (an edit in one year) everything runs in this process.
    """
    workers = min(workers or os.cpu_count() or 1, sum(map(_scores, jobs)))
    if workers <= 1:
        for index, job in enumerate(jobs):  # no collection after the last year to load: the build ends
            yield build_year(job, collect=any(map(_scores, jobs[index + 1:])))
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import active_children, get_context

    method = _start_method()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method), initializer=_worker_start,
                               initargs=(os.getpid(), tuple(LOCKED) if method == "fork" else ()))
    try:
        with _workers_deaf_to_ctrl_c():
            results = pool.map(build_year, jobs)  # starts the workers
        yield from results
    except BaseException:  # Ctrl-C, a failed year, the caller gone: no worker goes on writing
        for worker in active_children():
            worker.terminate()
            worker.join()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _scores(job: _Job) -> bool:
    """Does this job load and score its year? Not one that may be carried over or found up to date
    (it only turns into one when its folder or stamp is not what was planned with)."""
    return not job.render or (job.unless_shown is None and job.carry is None)


def _start_method() -> str:
    """fork on Linux, where a worker starts at once with kaoping already imported; spawn elsewhere
    (Windows has nothing else, and macOS's system libraries are not safe to fork)."""
    from multiprocessing import get_all_start_methods

    return "fork" if sys.platform.startswith("linux") and "fork" in get_all_start_methods() else "spawn"


@contextlib.contextmanager
def _workers_deaf_to_ctrl_c():
    """Ctrl-C reaches every process of the console; the workers must leave it to the build, which
    stops them (_run), from their first instant on: they inherit an ignored Ctrl-C (POSIX: an ignored
    signal stays ignored through fork and exec; Windows: the console's ignore flag is inherited).
    A Ctrl-C in the few milliseconds that starting them takes is lost."""
    if threading.current_thread() is not threading.main_thread():  # signals are the main thread's
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetConsoleCtrlHandler(None, True)
    try:
        yield
    finally:
        if sys.platform == "win32":
            ctypes.windll.kernel32.SetConsoleCtrlHandler(None, False)
        signal.signal(signal.SIGINT, previous)


def _worker_start(parent: int, inherited: tuple[int, ...]) -> None:
    """A worker never holds the output lock that it inherited (fork) and does not outlive a build
    that was killed."""
    for descriptor in inherited:
        os.close(descriptor)
    try:  # Linux: the kernel ends the worker with its parent, at once
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # elsewhere (Windows: CDLL(None) is a TypeError)
        pass
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    """Everywhere: multiprocessing hands a spawned worker its parent's sentinel (a pipe that closes,
    a process handle that is signalled, when the parent ends); a forked one shares that pipe with its
    sister workers, so it also watches its parent's pid change."""
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    sentinel = parent_process().sentinel
    while not wait([sentinel], timeout=0.5):
        if os.name == "posix" and os.getppid() != parent:
            break
    os._exit(1)


def build_year(job: _Job, collect: bool = True) -> YearOutcome:
    """Load, score and render one year into .<year>.new. Python's cycle collector is paused meanwhile:
    a year is a few hundred thousand small objects with no cycles among them, which it would otherwise
    scan again and again for nothing (a quarter of a cold build); what cycles a year leaves are freed
    as it ends, so memory stays flat (a year carried over, or found up to date, loaded none: nothing
    to collect, and a full collection costs a tenth of a second in a process that holds much).
    `collect` False: no other year follows in this process (the collector, on again, frees them in time)."""
    gc.disable()
    outcome = None
    try:
        outcome = _build_year(job)
        return outcome
    finally:
        gc.enable()
        if collect and (outcome is None or outcome.files):
            gc.collect()


def _build_year(job: _Job) -> YearOutcome:
    import jinja2

    outcome = YearOutcome(job.year)
    if job.unless_shown is not None and shown_fingerprint(_digests(job), job.year) == job.unless_shown:
        outcome.unchanged = True  # its inputs and what it shows of the earlier years are as its folder has them
        return outcome
    if job.carry is not None:
        carried = _carry_over(job, outcome)
        if carried is not None:
            return carried
    scheme_path = job.content / "rules" / str(job.year) / "scheme.yaml"
    scheme_sha = file_sha(scheme_path) if scheme_path.is_file() else ""
    cache = parsecache.read(job.state / f"{job.year}.parsed.json", scheme_sha)
    try:
        loaded = load_year(job.content, job.year, cache)
    except ContentError as error:
        outcome.problems = error.problems
        _leave_totals(job, {})  # later years stop waiting; the build fails anyway
        return outcome
    outcome.files = loaded.files
    inputs = inputs_digest(loaded.files)
    own = own_fingerprint(job.theme_digest, inputs, job.covered)  # from the bytes it read
    scored = score_year(loaded.scheme, list(loaded.units))
    totals = {r.unit.id: plain_number(r.total) for r in scored.units}
    _leave_totals(job, totals)
    parsecache.write(job.exchange / f"{job.year}.parsed.json", scheme_sha, cache, loaded)
    if not job.render:
        return outcome
    earlier = _earlier(job)
    history = _history(job, earlier)
    corrections = list(job.published.corrections) if job.published else []
    if job.reopened is not None:
        corrections.append({"date": job.today, "changed": job.reopened})
    year = ScoredYear(loaded, scored, tuple(corrections), job.published.published if job.published else "")
    folder = job.output / str(job.year)
    if job.published is not None and job.reopened is None:
        # as published: the earlier years' totals of that day, even if one was corrected since
        history = {uid: [tuple(point) for point in points] for uid, points in job.published.history.items()}
    common = digest(job.theme_digest, loaded.rules_digest, corrections, len(loaded.units))
    recorded = _dict(read_part(job.state, job.year, "work", job.work).get("made"))  # the files now in its folder
    seen = read_seen(job.state, job.year) if recorded else {}
    try:
        files, pages = _renderer(job).year_files(
            year, common, digest(own, corrections), history,
            lambda path, key: _kept(folder, path, recorded.get(path), key, seen.get(path), outcome.checked))
    except jinja2.TemplateError as error:
        outcome.problems = [_template_problem(error)]
        return outcome
    if job.published is not None and job.reopened is None:
        files[MANIFEST] = job.published.to_bytes()
    name = str(job.year)
    new_files, outcome.made = prepare(job.output, name, files, {path: sha for path, (_, sha) in pages.items()},
                                      outcome.checked)
    outcome.written = len(new_files)
    outcome.checked.update(dict.fromkeys(new_files, WRITTEN))
    prepared = job.output / f".{name}.new"
    if job.published is not None:
        produced = folder_hashes(prepared, MANIFEST)
        if job.reopened is None:
            mismatch = differences(job.published.outputs, produced)
            if mismatch:
                discard(job.output, name)
                outcome.problems = [Problem(
                    str(job.output / name), 1,
                    f"无法逐字节重现 {job.year} 年已发布的网站（{'；'.join(mismatch[:5])}）。"
                    "请用发布时的 kaoping 版本生成，或用 --reopen 重新发布。")]
                return outcome
        else:
            outcome.manifest = Manifest(job.year, job.published.published, input_hashes(job.content, job.theme, job.year),
                                        produced, corrections, _plain(history))
            write_file(prepared / MANIFEST, outcome.manifest.to_bytes())
            outcome.made[MANIFEST] = sha256(outcome.manifest.to_bytes())
    counts = Counter(result.grade for result in scored.units)
    roster = [[r.unit.id, r.unit.name, totals[r.unit.id], r.grade] for r in scored.units]
    outcome.stamp = {"version": __version__, "own": own, "inputs": inputs, "made": pages, "totals": totals,  # + files
                     "totals_digest": totals_digest(totals), "shown": shown_fingerprint(_digests(job), job.year),
                     "history": _plain(history),
                     "units": len(scored.units), "counts": [[g, counts.get(g, 0)] for g in loaded.scheme.grade_names],
                     "example": loaded.bulletin.example, "roster": roster, "roster_digest": digest(roster)}
    return outcome


def _carry_over(job: _Job, outcome: YearOutcome) -> YearOutcome | None:
    """A year whose own inputs are unchanged but whose pages show earlier totals that changed: every
    file of its folder stays as it is (neither scored nor rendered again), but the history part of the
    pages of the units whose earlier totals changed (render.Renderer.carry_history). Only if its stamp
    lists every file kaoping made there and every file still holds the bytes its stamp recorded; None
    otherwise, and the year is built in full. Its outcome's stamp holds what changed (the main process
    has the rest)."""
    import jinja2

    work = read_part(job.state, job.year, "work", job.work)
    made = dict(_dict(work.get("made")))
    earlier = _earlier(job)
    history = _plain(_history(job, earlier))
    before, totals = _dict(work.get("history")), _dict(job.known.get(job.year))
    renderer, folder = _renderer(job), job.output / str(job.year)
    if not (renderer.history_apart() and digest(sorted(made)) == job.carry and all(map(_inside, made))):
        return None  # a theme that shows the earlier years elsewhere too, or a stamp that misses a file kaoping made
    seen = read_seen(job.state, job.year)
    files, kept = {}, {}
    for path, record in made.items():
        unit_id = path[len("units/"):-len(".html")] if path.startswith("units/") else None
        if unit_id is None or history.get(unit_id) == before.get(unit_id):
            kept[path] = _kept(folder, path, record, _recorded_key(record), seen.get(path), outcome.checked)
            if kept[path] is None:  # edited in the output, gone, or a damaged stamp
                return None
            files[path] = REUSE
            continue
        try:
            page = (folder / path).read_bytes() if plain_file(folder / path) else b""
            total = totals[unit_id]
            old, new = ([(int(y), str(t)) for y, t in points] for points in (before[unit_id], history.get(unit_id, [])))
            if not (_recorded_key(record) and len(record) == 2 and sha256(page) == record[1] and isinstance(total, str)):
                return None
            files[path] = renderer.carry_history(page, unit_id, job.year, old, new, total)
        except (OSError, KeyError, TypeError, ValueError, jinja2.TemplateError):  # the full build says what is wrong
            return None
        if files[path] is None:
            return None
        made[path] = [unit_page_key(record[0].rpartition("/")[0], new), sha256(files[path])]
    new_files, outcome.made = prepare(job.output, str(job.year), files, kept, outcome.checked)
    outcome.written = len(new_files)
    outcome.checked.update(dict.fromkeys(new_files, WRITTEN))
    outcome.stamp = work | {"made": made, "shown": shown_fingerprint(_digests(job), job.year), "history": history}
    return outcome


def _inside(path) -> bool:
    """A path a stamp names is one inside the year folder (a damaged stamp must not lead anywhere else)."""
    return isinstance(path, str) and "\\" not in path and ":" not in path and "\0" not in path and all(
        part not in ("", ".", "..") for part in path.split("/"))


def _recorded_key(record) -> str | None:
    return record[0] if isinstance(record, list) and record and isinstance(record[0], str) else None


def _history(job: _Job, earlier: dict[int, dict[str, str]]) -> dict[str, list[tuple[int, str]]]:
    """Each unit's (year, total) in the earlier years, as its page shows them."""
    return {uid: [(y, earlier[y][uid]) for y in years if uid in earlier.get(y, {})] for uid, years in job.history.items()}


_RENDERERS: dict[str, object] = {}  # per process: templates compiled once, whatever number of years it builds


def _renderer(job: _Job):
    from .render import Renderer

    if job.theme_digest not in _RENDERERS:
        _RENDERERS.clear()
        _RENDERERS[job.theme_digest] = Renderer(job.theme, job.state / "templates")
    return _RENDERERS[job.theme_digest]


def _state(content: Path, output: Path) -> Path:
    """The state folder (state.py), made private to the user who builds: the compiled templates in
    it are code (templating.py only uses them from a folder no one else can write to). What a
    killed build left there (its exchange folder) goes first."""
    state = state_folder(content, output)
    for folder in (state.parent, state):
        folder.mkdir(mode=0o700, exist_ok=True)
    for leftover in state.glob("run-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return state


def _dict(value) -> dict:
    """A part of a stamp that should be a mapping (a damaged stamp only costs work)."""
    return value if isinstance(value, dict) else {}


def _kept(folder: Path, path: str, recorded, key: str, seen, checked: dict[str, object]) -> str | None:
    """The sha256 of a file (`path` in `folder`) that may stay as it is: made from the same (`key`), and
    still holding the bytes that were written then (`recorded`: [key, sha256]). A page edited in the
    output is rendered again. Its bytes are not read again when the file is the very one recorded after
    the last commit (`seen`: fingerprints.files_as_seen), as file_hashes trusts an input: a write always
    moves ctime. `checked[path]`: how the file was when found to hold them (files_as_seen)."""
    if not (isinstance(recorded, list) and len(recorded) == 2 and recorded[0] == key and isinstance(recorded[1], str)):
        return None
    page = os.path.join(folder, path)
    try:
        found = stat_key(os.lstat(page))
        if seen is not None and seen == found + [recorded[1]]:
            checked[path] = found[:3]
            return recorded[1]
        with open(page, "rb") as handle:  # not file_sha: no size limit
            found = stat_key(os.fstat(handle.fileno()))  # before reading, as content._read does
            if sha256(handle.read()) != recorded[1]:
                return None
        checked[path] = found[:3]
        return recorded[1]
    except OSError:
        return None


def _plain(history: dict[str, list[tuple[int, str]]]) -> dict[str, list[list]]:
    """The history as JSON has it, so a stamp, a manifest and a fresh computation compare equal."""
    return {uid: [list(point) for point in points] for uid, points in sorted(history.items()) if points}


def _leave_totals(job: _Job, totals: dict[str, str]) -> None:
    """With their digest, worked out once for all the later years."""
    job.exchange.mkdir(parents=True, exist_ok=True)
    left = {"totals": totals, "digest": totals_digest(totals)}
    write_file(job.exchange / f"{job.year}.totals.json", json.dumps(left, ensure_ascii=False).encode("utf-8"))


def _earlier(job: _Job) -> dict[int, dict[str, str]]:
    """The totals of the years before the job's: from stamps, or as the workers scoring them leave them."""
    return dict(job.known) | {y: _await_totals(job, y)["totals"] for y in job.waits_for}


def _digests(job: _Job) -> dict[int, str]:
    """The totals_digest of the years before the job's."""
    return dict(job.digests) | {y: _await_totals(job, y)["digest"] for y in job.waits_for}


def _await_totals(job: _Job, year: int) -> dict:
    """An earlier year's totals and their digest, left by whichever worker scored it (it was handed out first)."""
    path = job.exchange / f"{year}.totals.json"
    deadline = time.monotonic() + 3600
    while not path.is_file():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{year} 年的计分结果没有按时完成")
        time.sleep(0.01)
    return json.loads(path.read_text("utf-8"))


def _template_problem(error) -> Problem:
    place, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(".html"):
            place, line = trace.tb_frame.f_code.co_filename, trace.tb_lineno
        trace = trace.tb_next
    return Problem(place or "theme/templates", line or 1, f"模板错误：{error}。请检查模板的这一行。")
