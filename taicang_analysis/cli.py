"""Command line: ``taicang-report build`` (the leadership report) and ``taicang-report extract``
(a draft target registry from a new work report's text)."""

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
    build.add_argument("--replace", action="store_true", help="rebuild an edition with other inputs")
    build.add_argument("--allow-early-edition", action="store_true",
                       help="build an edition dated before a monthly file's date: (the page says so)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
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
            path = build_report(args.year, data=args.data, out=args.out, edition=args.edition,
                                png=not args.no_png, pdf=not args.no_pdf, progress=not args.quiet,
                                replace=args.replace, allow_early_edition=args.allow_early_edition)
        except OutputFolderError as exc:
            print(f"报告未生成: {exc}", file=sys.stderr)
            return 2
        except ReportBuildError as exc:
            print(f"报告生成失败: {exc}", file=sys.stderr)
            return 1
        print(f"报告已生成: {path}")
        return 0
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


if __name__ == "__main__":
    sys.exit(main())
