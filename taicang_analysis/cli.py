"""Command line: ``taicang-report check`` (is this machine set up?), ``taicang-report build`` (the
leadership report), ``taicang-report lab`` (JupyterLab on the notebooks, for another
year or data folder on copies with those parameters injected) and ``taicang-report
extract`` (a draft target registry from a new work report's text). The same commands on Windows
(conda), macOS and Linux: no make needed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``taicang-report``."""
    parser = argparse.ArgumentParser(prog="taicang-report", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="execute the notebooks and export the report")
    build.add_argument("--year", type=int, default=None, help="year of the targets (default: the latest registry)")
    build.add_argument("--data", default=None, help="data folder (default: the shipped data/)")
    build.add_argument("--out", default="reports", help="output folder (default: reports/)")
    build.add_argument("--edition", default=None, help="edition date YYYY-MM-DD (default: today)")
    build.add_argument("--no-png", action="store_true", help="skip the PNG of each chart")
    build.add_argument("--no-pdf", action="store_true", help="skip index.pdf")
    build.add_argument("--no-docx", action="store_true", help="skip the editable brief brief.docx")
    build.add_argument("--browser", default=None,
                       help="the Chromium, Chrome or Edge program for the PNGs and the PDF (default: found)")
    build.add_argument("--replace", action="store_true", help="rebuild an edition with other inputs")
    check = sub.add_parser("check", help="is this machine set up: packages, fonts, a browser for the PNGs and PDF")
    check.add_argument("--browser", default=None, help="the browser program to check (default: found)")
    build.add_argument("--allow-early-edition", action="store_true",
                       help="build an edition dated before a monthly file's date: (the page says so)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    lab = sub.add_parser("lab", help="JupyterLab on the notebooks (make lab); --year/--data: on copies with them injected")
    lab.add_argument("--year", type=int, default=None, help="year of the targets (default: the latest registry)")
    lab.add_argument("--data", default=None, help="data folder (default: the shipped data/)")
    lab.add_argument("--out", type=Path, default=None,
                     help="folder for the prepared copies (default: lab/<year or latest> in the project)")
    lab.add_argument("--prepare-only", action="store_true", help="write the copies, do not start JupyterLab")
    diff = sub.add_parser("diff", help="what changed between two editions (reports/editions/*.json)")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    extract = sub.add_parser("extract", help="draft a target registry (or last year's figures) from a report's text")
    extract.add_argument("file", type=Path, help="the report's text (UTF-8), as pasted")
    extract.add_argument("--out", type=Path, default=None,
                         help="output CSV (default: beside the text, <name>.targets.csv / <name>.figures.csv)")
    extract.add_argument("--year", type=int, default=None,
                         help="year of the report's targets (default: read from the text or the file name)")
    extract.add_argument("--figures", action="store_true",
                         help="draft last year's figures from the report's review part instead of the targets")
    extract.add_argument("--source-url", default=None, help="the report's address, copied into each draft figure")
    extract.add_argument("--source-title", default=None, help="the report's title, copied into each draft figure")
    args = parser.parse_args(argv)
    if args.command == "build":
        from taicang_analysis.report.build import OutputFolderError, ReportBuildError, build_report

        try:
            notes: list[str] = []
            path = build_report(args.year, data=args.data, out=args.out, edition=args.edition,
                                png=not args.no_png, pdf=not args.no_pdf, progress=not args.quiet,
                                replace=args.replace, docx=not args.no_docx, browser=args.browser, notes=notes,
                                allow_early_edition=args.allow_early_edition)
        except OutputFolderError as exc:
            print(f"报告未生成: {exc}", file=sys.stderr)
            return 2
        except ReportBuildError as exc:
            print(f"报告生成失败: {exc}", file=sys.stderr)
            return 1
        print(f"报告已生成: {path}")
        for note in notes:
            print(f"注意: {note}")
        return 0
    if args.command == "check":
        return setup_check(args.browser)
    if args.command == "lab":
        return run_lab(args.year, args.data, out=args.out, prepare_only=args.prepare_only)
    if args.command == "diff":
        from taicang_analysis.report.editions import EditionError, change_lines, changes, read_edition

        try:
            old, new = read_edition(args.old), read_edition(args.new)
        except EditionError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        lines = change_lines(changes(old, new))
        print(f"{old.get('edition')} → {new.get('edition')}:")
        print("\n".join(f"- {x}" for x in lines) if lines else "- 数据和判断没有变化。")
        return 0
    from taicang_analysis.errors import DataFileError
    from taicang_analysis.extract import extract_to_csv, figures_to_csv

    try:
        if args.figures:
            out = figures_to_csv(args.file, args.out, year=args.year, source_url=args.source_url,
                                 source_title=args.source_title)
        else:
            out = extract_to_csv(args.file, args.out, year=args.year)
    except UnicodeDecodeError:
        print(f"无法读取 (cannot read): {args.file} 不是UTF-8编码的文本 (expected a UTF-8 text file; "
              "save it as UTF-8 and try again)", file=sys.stderr)
        return 1
    except (OSError, DataFileError) as exc:
        print(f"无法读取 (cannot read): {exc}", file=sys.stderr)
        return 1
    if args.figures:
        print(f"上年数据草稿 (draft figures of last year, review before adding them to the data): {out}")
    else:
        print(f"草稿目标登记表 (draft registry, review before saving to data/targets/): {out}")
    return 0


def setup_check(browser: str | None = None) -> int:
    """Print what this machine has for the report (Python, packages, a browser, LibreOffice for
    checking the Word brief); 0 when a report with PNGs and PDF can be built, 1 otherwise."""
    import importlib.util
    import platform
    import shutil

    from taicang_analysis.report.export import BrowserNotFound, find_browser

    ok = True
    print(f"Python {platform.python_version()} ({sys.executable})")
    for module, package in (("polars", "polars"), ("plotly", "plotly"), ("nbclient", "nbclient"),
                            ("playwright", "playwright"), ("docx", "python-docx"), ("pypdf", "pypdf"),
                            ("jinja2", "jinja2"), ("jupyterlab", "jupyterlab")):
        found = importlib.util.find_spec(module) is not None
        print(f"{'有' if found else '缺'}  {package}")
        ok &= found
    try:
        print(f"有  浏览器 (图片和 PDF): {find_browser(browser)}")
    except BrowserNotFound as exc:
        print(f"缺  浏览器: {exc}")
        ok = False
    office = shutil.which("soffice") or shutil.which("libreoffice")
    print(f"{'有' if office else '无'}  LibreOffice (可选, 只用于测试 Word 简报): {office or '未安装'}")
    print("可以生成完整报告。" if ok else "请按上面的提示补齐后再运行 taicang-report build。")
    return 0 if ok else 1


def lab_command(year: int | None = None, data: str | None = None, *, out: Path | None = None
                ) -> tuple[list[str], list[Path]]:
    """The JupyterLab command ``make lab`` runs, and the prepared copies it opens (none without
    ``year`` or ``data``: the notebooks themselves, with their defaults).

    Examples
    --------
    >>> import tempfile
    >>> cmd, made = lab_command(2021, out=Path(tempfile.mkdtemp()))
    >>> cmd[1:4], len(made) > 5  # copies outside the project: Lab opens at the project's root
    (['-m', 'jupyter', 'lab'], True)
    """
    import os

    from taicang_analysis.context import PROJECT_DIR
    from taicang_analysis.report.build import prepare_notebooks

    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={PROJECT_DIR}",
           # Lab never reaches the internet on its own: no news feed, no update check
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if year is None and data is None:
        return cmd, []
    out = Path(out) if out is not None else PROJECT_DIR / "lab" / (str(year) if year else "latest")
    made = prepare_notebooks(out, year=year, data=data)
    first = made[0].resolve()
    if first.is_relative_to(PROJECT_DIR):
        cmd.append(f"--LabApp.default_url=/lab/tree/{first.relative_to(PROJECT_DIR).as_posix()}")
    return cmd, made


def run_lab(year: int | None = None, data: str | None = None, *, out: Path | None = None,
            prepare_only: bool = False) -> int:
    """JupyterLab rooted at the project (notebooks/ and data/ side by side), as ``make lab``; with
    ``year`` or ``data``, on copies of the notebooks whose parameters say so. Nothing goes through
    the environment."""
    import shutil
    import subprocess

    from taicang_analysis.context import PROJECT_DIR

    cmd, made = lab_command(year, data, out=out)
    overrides = PROJECT_DIR / "lab" / "overrides.json"  # the project's Lab defaults: zh_CN, no news, no update check
    if overrides.exists():
        settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        shutil.copy2(overrides, settings / "overrides.json")
    if made:
        print(f"已准备 {len(made)} 个笔记本 (参数: " + ", ".join(
            f"{k} = {v}" for k, v in (("year", year), ("data", data)) if v is not None) + f"): {made[0].parent}")
    if prepare_only:
        return 0
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
