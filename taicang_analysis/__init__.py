"""taicang_analysis — where Taicang's work-report targets stand, and what it takes to meet them.

Layers depend one way: data (targets, figures, monthly) → indicators → scenarios →
charts / widgets → report. ``import taicang_analysis as ta`` and find:

- data: :func:`load_targets`, :func:`load_figures`, :func:`load_published_figures`,
  :func:`load_monthly`, :func:`read_monthly_file`, :func:`load_indicators`,
  :class:`DataFileError`
"""

from taicang_analysis.errors import DataFileError
from taicang_analysis.figures import load_figures, load_published_figures
from taicang_analysis.monthly import load_monthly, read_monthly_file
from taicang_analysis.targets import load_indicators, load_targets

__all__ = [
    "DataFileError",
    "load_figures",
    "load_indicators",
    "load_monthly",
    "load_published_figures",
    "load_targets",
    "read_monthly_file",
]
__version__ = "0.1.0"
