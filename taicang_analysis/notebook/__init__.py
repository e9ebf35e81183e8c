"""What a notebook calls and shows: charts, tables, words and number formats, the switch between
Lab and the report, and the ipywidgets scenario panel. No formula lives here: numbers come from
:mod:`taicang_analysis.assess` and the engine.

- :mod:`~taicang_analysis.notebook.formats`: Chinese words and the one number format;
- :mod:`~taicang_analysis.notebook.charts`: Plotly chart builders (they return ``go.Figure``);
- :mod:`~taicang_analysis.notebook.tables`: HTML tables (scorecard, figures, sources);
- :mod:`~taicang_analysis.notebook.display`: show a chart or HTML in Lab or in the report;
- :mod:`~taicang_analysis.notebook.sections`: one call per notebook step;
- :mod:`~taicang_analysis.notebook.panel`: the ipywidgets scenario panel (Lab only).
"""
