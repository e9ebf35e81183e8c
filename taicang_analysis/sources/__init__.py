"""Sources: read files, never compute a figure.

- :mod:`~taicang_analysis.sources.catalogue`: the indicator catalogue (``data/indicators.csv``);
- :mod:`~taicang_analysis.sources.targets`: the target registries (``data/targets/<year>.csv``);
- :mod:`~taicang_analysis.sources.published`: the published figures with their sources
  (``data/figures.csv``, built from ``data/raw/``); :mod:`~taicang_analysis.sources.reliability`
  grades them;
- :mod:`~taicang_analysis.sources.panel`: the monthly panel every input layout reads into;
- :mod:`~taicang_analysis.sources.sidecar`: a monthly file's provenance (``<file>.source.txt``);
- :mod:`~taicang_analysis.sources.layouts`: the input layouts as plug-ins (the analysts' template,
  the statistics bureau's one-place and places × indicators tables), each detect → header → cells;
- :mod:`~taicang_analysis.sources.month_checks`: the bureau's month arithmetic (累计 never falls …);
- :mod:`~taicang_analysis.sources.plausibility`: plausibility rules (``data/plausibility.csv``);
- :mod:`~taicang_analysis.sources.monthly`: the analysts' monthly folder (``data/monthly/``), every
  file read into one checked panel;
- :mod:`~taicang_analysis.sources.figures`: the published figures merged with the monthly panel;
- :mod:`~taicang_analysis.sources.inventory`: every monthly file read or skipped, and why;
- :mod:`~taicang_analysis.sources.normalise`: what a typed or received cell is normalised to.

The drafting tool that reads a work report's text is its own package, :mod:`taicang_analysis.extract`.
"""
